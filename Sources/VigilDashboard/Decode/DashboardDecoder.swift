import VigilConfig
import VigilModel

/// Decodes dashboards from positioned YAML (`ConfigNode`): an entry of the config's
/// `dashboards:` list, or a dashboard file. Reports every problem with `file:line:column`.
/// The format is documented with examples in docs/dashboards.md.
public enum DashboardDecoder {
    static let dashboardKeys = ["uid", "title", "description", "tags", "time", "refresh", "variables", "rows", "panels"]
    static let rowKeys = ["title", "collapsed", "panels"]
    static let variableKeys = [
        "name", "label", "type", "query", "values", "multi", "include_all", "all_value", "default", "regex", "sort", "hide",
    ]

    /// One dashboard.
    /// - Parameter checkQuery: validates each panel query (after sample substitution of
    ///   variables); nil skips the check.
    public static func decode(_ node: ConfigNode, checkQuery: QueryCheck? = nil) throws(DashboardError) -> Dashboard {
        let diagnostics = Diagnostics()
        let dashboard = decode(node, diagnostics: diagnostics, checkQuery: checkQuery)
        guard diagnostics.problems.isEmpty, let dashboard else {
            throw DashboardError(problems: diagnostics.problems)
        }
        return dashboard
    }

    /// The dashboards of a dashboard file: one dashboard mapping, a list of them, or a
    /// mapping with a `dashboards:` list (so a file can hold several).
    public static func decodeFile(_ node: ConfigNode, checkQuery: QueryCheck? = nil) throws(DashboardError) -> [Dashboard] {
        let diagnostics = Diagnostics()
        var items: [ConfigNode] = [node]
        switch node {
        case .sequence(let list, _):
            items = list
        case .mapping(let entries, _):
            if entries.count == 1, entries[0].key == "dashboards", case .sequence(let list, _) = entries[0].value {
                items = list
            }
        case .null(let location):
            throw DashboardError("empty dashboard file", at: location)
        case .scalar:
            break
        }
        let dashboards = items.compactMap { decode($0, diagnostics: diagnostics, checkQuery: checkQuery) }
        guard diagnostics.problems.isEmpty else { throw DashboardError(problems: diagnostics.problems) }
        return dashboards
    }

    // MARK: - Dashboard

    static func decode(_ node: ConfigNode, diagnostics: Diagnostics, checkQuery: QueryCheck?) -> Dashboard? {
        guard let reader = MappingReader(node, what: "dashboard", diagnostics: diagnostics) else { return nil }
        reader.rejectUnknownKeys(allowed: dashboardKeys)
        let title = reader.requiredString("title") ?? ""
        var dashboard = Dashboard(uid: Dashboard.uid(fromTitle: title), title: title, location: reader.location)
        if let uid = reader.string("uid") {
            if isValidUID(uid) {
                dashboard.uid = uid
            } else {
                reader.report("uid \"\(uid)\" may hold only letters, digits, \"-\" and \"_\" (at most 64)", key: "uid")
            }
        }
        dashboard.description = reader.string("description")
        dashboard.tags = reader.strings("tags") ?? []
        if let time = reader.node("time") { dashboard.time = decodeTime(time, diagnostics: diagnostics) ?? dashboard.time }
        if let refresh = reader.string("refresh"), refresh != "off", refresh != "" {
            dashboard.refresh = reader.duration("refresh")
            if let ms = dashboard.refresh, ms < 1000 { reader.report("refresh must be at least 1s", key: "refresh") }
        }
        for item in reader.sequence("variables") ?? [] {
            if let variable = decodeVariable(item, diagnostics: diagnostics) { dashboard.variables.append(variable) }
        }
        var seenNames: Set<String> = []
        for variable in dashboard.variables where !seenNames.insert(variable.name).inserted {
            diagnostics.report("variable \"\(variable.name)\" is defined twice", at: variable.location)
        }

        var context = PanelDecoder(diagnostics: diagnostics, variables: dashboard.variables, checkQuery: checkQuery)
        if let panels = reader.sequence("panels") {
            dashboard.rows.append(DashboardRow(title: nil, panels: panels.compactMap { context.decode($0) }))
        }
        for item in reader.sequence("rows") ?? [] {
            guard let row = MappingReader(item, what: "row", diagnostics: diagnostics) else { continue }
            row.rejectUnknownKeys(allowed: rowKeys)
            let panels = (row.sequence("panels") ?? []).compactMap { context.decode($0) }
            dashboard.rows.append(DashboardRow(title: row.string("title"), collapsed: row.bool("collapsed") ?? false, panels: panels))
        }
        context.assignIDs(&dashboard.rows)
        if dashboard.panels.isEmpty && diagnostics.problems.isEmpty {
            reader.report("dashboard \"\(title)\" has no panels (add \"panels\" or \"rows\")", key: "title")
        }
        return dashboard
    }

    static func isValidUID(_ uid: String) -> Bool {
        !uid.isEmpty && uid.utf8.count <= 64
            && uid.utf8.allSatisfy { (48...57).contains($0) || (65...90).contains($0) || (97...122).contains($0) || $0 == 45 || $0 == 95 }
    }

    /// `time: 6h`, `time: now-6h`, or `time: {from: now-6h, to: now}`.
    static func decodeTime(_ node: ConfigNode, diagnostics: Diagnostics) -> TimeRange? {
        if case .scalar(let text, let location) = node {
            if let ms = try? PromDuration.parse(text.trimmingSpaces) { return .last(ms) }
            if let from = TimeExpression.parse(text) { return TimeRange(from: from, to: .now) }
            diagnostics.report("time must be a duration (6h), \"now-6h\", or {from, to}, not \"\(text)\"", at: location)
            return nil
        }
        guard let reader = MappingReader(node, what: "time", diagnostics: diagnostics) else { return nil }
        reader.rejectUnknownKeys(allowed: ["from", "to"])
        func expression(_ key: String, default value: TimeExpression) -> TimeExpression {
            guard let text = reader.string(key) else { return value }
            guard let parsed = TimeExpression.parse(text) else {
                reader.report("time.\(key) \"\(text)\" is not a time (now, now-6h, now/d, 2025-03-01 12:00)", key: key)
                return value
            }
            return parsed
        }
        return TimeRange(from: expression("from", default: .ago(21_600_000)), to: expression("to", default: .now))
    }

    // MARK: - Variables

    static func decodeVariable(_ node: ConfigNode, diagnostics: Diagnostics) -> TemplateVariable? {
        guard let reader = MappingReader(node, what: "variable", diagnostics: diagnostics) else { return nil }
        reader.rejectUnknownKeys(allowed: variableKeys)
        guard let name = reader.requiredString("name") else { return nil }
        if !LabelName.isValid(name) || name.hasPrefix("__") {
            reader.report("variable name \"\(name)\" must be [a-zA-Z_][a-zA-Z0-9_]* and not start with \"__\"", key: "name")
        }
        let type = reader.string("type") ?? (reader.has("query") ? "query" : reader.has("values") ? "custom" : "")
        let source: TemplateVariable.Source
        switch type {
        case "query":
            guard let query = reader.requiredString("query") else { return nil }
            guard let parsed = parseVariableQuery(query) else {
                reader.report(
                    "variable query must be label_values(label), label_values(selector, label) or query_result(expr), not \"\(query)\"",
                    key: "query")
                return nil
            }
            source = parsed
        case "custom":
            source = .custom(reader.strings("values", splitCommas: true) ?? [])
        case "interval":
            let values = reader.strings("values", splitCommas: true) ?? ["1m", "5m", "10m", "30m", "1h", "6h", "12h", "1d"]
            for value in values where value != "auto" && (try? PromDuration.parse(value)) == nil {
                reader.report("interval value \"\(value)\" is not a duration", key: "values")
            }
            source = .interval(values)
        case "constant":
            source = .constant(reader.strings("values")?.first ?? reader.string("default") ?? "")
        case "textbox":
            source = .textbox(reader.string("default") ?? "")
        case "":
            reader.report("variable \"\(name)\" needs a type (query, custom, interval, constant, textbox)", key: "name")
            return nil
        default:
            var message = "variable type must be query, custom, interval, constant or textbox, not \"\(type)\""
            if let s = Suggestion.nearest(to: type, in: ["query", "custom", "interval", "constant", "textbox"]) {
                message += "; did you mean \"\(s)\"?"
            }
            reader.report(message, key: "type")
            return nil
        }
        var variable = TemplateVariable(name: name, source: source, location: reader.location)
        variable.label = reader.string("label")
        variable.multi = reader.bool("multi") ?? false
        variable.includeAll = reader.bool("include_all") ?? false
        variable.allValue = reader.string("all_value")
        if case .textbox = source {} else if case .constant = source {} else {
            variable.defaults = reader.strings("default") ?? []
        }
        if let pattern = reader.string("regex") {
            do {
                variable.regex = try LabelRegex(stripSlashes(pattern))
            } catch {
                reader.report("regex: \(error.description)", key: "regex")
            }
        }
        variable.sort = reader.choice("sort", of: TemplateVariable.Sort.self) ?? .none
        variable.hidden = reader.bool("hide") ?? false
        if case .constant = source { variable.hidden = true }
        return variable
    }

    /// Grafana writes variable regexes as `/…/`; the slashes are optional here.
    static func stripSlashes(_ pattern: String) -> String {
        if pattern.count >= 2, pattern.hasPrefix("/"), pattern.hasSuffix("/") {
            return String(pattern.dropFirst().dropLast())
        }
        return pattern
    }

    /// `label_values(label)`, `label_values(selector, label)`, `query_result(expr)`.
    static func parseVariableQuery(_ query: String) -> TemplateVariable.Source? {
        let text = query.trimmingSpaces
        func arguments(of function: String) -> String? {
            guard text.hasPrefix(function + "("), text.hasSuffix(")") else { return nil }
            return String(text.dropFirst(function.count + 1).dropLast()).trimmingSpaces
        }
        if let inner = arguments(of: "query_result") {
            return inner.isEmpty ? nil : .queryResult(inner)
        }
        guard let inner = arguments(of: "label_values") else { return nil }
        // The label is after the last comma outside braces and quotes.
        var depth = 0
        var quote: Character?
        var lastComma: String.Index?
        var index = inner.startIndex
        while index < inner.endIndex {
            let char = inner[index]
            if let q = quote {
                if char == "\\" {
                    index = inner.index(after: index)
                } else if char == q {
                    quote = nil
                }
            } else if char == "\"" || char == "'" || char == "`" {
                quote = char
            } else if char == "{" || char == "(" || char == "[" {
                depth += 1
            } else if char == "}" || char == ")" || char == "]" {
                depth -= 1
            } else if char == ",", depth == 0 {
                lastComma = index
            }
            if index < inner.endIndex { index = inner.index(after: index) }
        }
        let label: String
        var selector: String?
        if let comma = lastComma {
            selector = String(inner[..<comma]).trimmingSpaces
            label = String(inner[inner.index(after: comma)...]).trimmingSpaces
        } else {
            label = inner
        }
        guard LabelName.isValid(label) else { return nil }
        if selector?.isEmpty == true { selector = nil }
        return .labelValues(label: label, selector: selector)
    }
}
