import VigilModel
import VigilPromQL

/// A template variable with its options for this page and the selected value.
public struct ResolvedVariable: Sendable {
    public var variable: TemplateVariable
    /// The choices offered (without "All").
    public var options: [String]
    public var value: VariableValue
    /// Why options could not be loaded, shown beside the select.
    public var error: String?
}

/// Loads variable options in order (a later variable may use an earlier one) and picks
/// each one's value from the URL, the dashboard's default, or the first option — "All"
/// first when the variable includes it, as Grafana lists it.
struct VariableResolver {
    let querier: any PanelQuerier
    let range: ResolvedTimeRange
    let deadline: ContinuousClock.Instant

    func resolve(_ variables: [TemplateVariable], requested: [String: [String]]) async -> [ResolvedVariable] {
        var resolved: [ResolvedVariable] = []
        for variable in variables {
            let scope = TemplateScope(variables: resolved.map(\.value), range: range)
            var options: [String] = []
            var failure: String?
            do {
                options = try await self.options(of: variable, scope: scope, requested: requested[variable.name])
            } catch {
                failure = PanelQueryError.message(of: error)
            }
            options = Self.filter(options, regex: variable.regex, sort: variable.sort)
            var value = Self.select(variable, options: options, requested: requested[variable.name])
            if case .interval = variable.source {
                value.values = value.values.map { $0 == "auto" ? autoInterval : $0 }
            }
            resolved.append(ResolvedVariable(variable: variable, options: options, value: value, error: failure))
        }
        return resolved
    }

    /// An interval variable's `auto`: the range in about 30 steps, rounded as Grafana
    /// rounds intervals, at least 10s.
    var autoInterval: String {
        QueryInterval.format(max(10_000, QueryInterval.roundInterval(range.duration / 30)))
    }

    private func options(of variable: TemplateVariable, scope: TemplateScope, requested: [String]?) async throws -> [String] {
        switch variable.source {
        case .custom(let values):
            return values.map { scope.expand($0, for: .text) }
        case .constant(let value):
            return [scope.expand(value, for: .text)]
        case .textbox(let value):
            return [requested?.first ?? value]
        case .interval(let values):
            return values.map { $0 == "auto" ? "auto" : $0 }
        case .labelValues(let label, let selector):
            let expanded = selector.map { scope.expand($0, for: .promQL) }
            let querier = self.querier, range = self.range
            return try await withDeadline(deadline, "label_values") {
                try await querier.labelValues(label, matching: expanded, start: range.start, end: range.end)
            }
        case .queryResult(let expr):
            let expanded = scope.expand(expr, for: .promQL)
            let querier = self.querier, end = self.range.end
            let value = try await withDeadline(deadline, "query_result") { try await querier.instant(expanded, at: end) }
            return Self.resultLines(value)
        }
    }

    /// Grafana's `query_result` lines: `name{labels} value timestamp`.
    static func resultLines(_ value: QueryValue) -> [String] {
        switch value {
        case .vector(let samples):
            return samples.map { "\($0.labels.seriesDescription) \(NumberText.exact($0.v)) \($0.t)" }
        case .matrix(let series):
            return series.compactMap { one in one.samples.last.map { "\(one.labels.seriesDescription) \(NumberText.exact($0.v)) \($0.t)" } }
        case .scalar(let t, let v):
            return ["scalar \(NumberText.exact(v)) \(t)"]
        case .string(let t, let s):
            return ["\(s) \(t)"]
        }
    }

    /// Applies the variable's regex (a search, as Grafana's: the first capture group is
    /// the value when there is one), removes duplicates, sorts.
    static func filter(_ options: [String], regex: LabelRegex?, sort: TemplateVariable.Sort) -> [String] {
        var out: [String] = []
        var seen: Set<String> = []
        var search: LabelRegex?
        if let regex {
            search = try? LabelRegex(".*?(?:" + regex.pattern + ").*")
        }
        for option in options {
            var value = option
            if let search {
                guard let groups = search.captures(option) else { continue }
                if let first = groups.dropFirst().first(where: { !$0.isEmpty }) { value = first }
            }
            if seen.insert(value).inserted { out.append(value) }
        }
        switch sort {
        case .none: break
        case .alphabetical: out.sort()
        case .alphabeticalDescending: out.sort(by: >)
        case .numerical: out.sort { (Double($0) ?? .infinity) < (Double($1) ?? .infinity) }
        case .numericalDescending: out.sort { (Double($0) ?? -.infinity) > (Double($1) ?? -.infinity) }
        }
        return out
    }

    /// The selected value: the URL's, else the defaults, else All or the first option.
    static func select(_ variable: TemplateVariable, options: [String], requested: [String]?) -> VariableValue {
        let multiValued = variable.multi || variable.includeAll
        func all() -> VariableValue {
            VariableValue(name: variable.name, values: options, isAll: true, allValue: variable.allValue, isMultiValued: true)
        }
        var wanted = requested ?? variable.defaults
        if case .constant = variable.source { wanted = [] }
        if case .textbox = variable.source { return VariableValue(name: variable.name, values: options) }
        wanted = wanted.filter { !$0.isEmpty }
        let named = wanted.filter { $0 != DashboardRequest.allValue }
        if wanted.contains(DashboardRequest.allValue) || (named == ["All"] && !options.contains("All")) {
            // "All" with single values ticked too (a form without script): the values win.
            if variable.includeAll && (named.isEmpty || named == ["All"]) { return all() }
            wanted = named.filter { $0 != "All" || options.contains("All") }
        }
        if !variable.multi && wanted.count > 1 { wanted = [wanted[0]] }
        if wanted.isEmpty {
            if variable.includeAll { return all() }
            return VariableValue(name: variable.name, values: options.first.map { [$0] } ?? [], isMultiValued: multiValued)
        }
        // A value not among the options is kept: a link may name one outside this range.
        return VariableValue(name: variable.name, values: wanted, isMultiValued: multiValued)
    }
}
