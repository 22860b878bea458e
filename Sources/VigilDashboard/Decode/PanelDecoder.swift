import VigilConfig
import VigilModel

/// Decodes the panels of one dashboard, keeping their ids unique.
struct PanelDecoder {
    let diagnostics: Diagnostics
    let variables: [TemplateVariable]
    let checkQuery: QueryCheck?
    private var explicitIDs: [Int: ConfigLocation?] = [:]

    init(diagnostics: Diagnostics, variables: [TemplateVariable], checkQuery: QueryCheck?) {
        self.diagnostics = diagnostics
        self.variables = variables
        self.checkQuery = checkQuery
    }

    static let commonKeys = [
        "id", "title", "description", "type", "width", "height", "queries", "expr", "legend_format", "instant",
        "unit", "decimals", "min", "max", "soft_min", "soft_max", "thresholds", "thresholds_mode", "overrides",
        "no_value", "min_interval", "max_data_points",
    ]
    static let typeKeys: [String: [String]] = [
        "timeseries": ["style", "line_width", "fill_opacity", "points", "thresholds_style", "legend", "max_series"],
        "stat": ["reduce", "sparkline", "color_mode"],
        "gauge": ["reduce", "threshold_markers"],
        "bargauge": ["reduce", "orientation"],
        "table": ["columns", "hidden_columns", "sort_by", "sort_desc", "color_values"],
        "heatmap": ["scheme", "hide_empty"],
        "text": ["content", "mode"],
    ]
    static let queryKeys = ["expr", "legend", "instant", "hide"]

    /// One panel; ids of panels without one are assigned later by `assignIDs`.
    mutating func decode(_ node: ConfigNode) -> Panel? {
        guard let reader = MappingReader(node, what: "panel", diagnostics: diagnostics) else { return nil }
        let type = reader.string("type") ?? "timeseries"
        guard let ownKeys = PanelDecoder.typeKeys[type] else {
            var message = "panel type must be one of \(PanelDecoder.typeKeys.keys.sorted().joined(separator: ", ")), not \"\(type)\""
            if let s = Suggestion.nearest(to: type, in: Array(PanelDecoder.typeKeys.keys)) { message += "; did you mean \"\(s)\"?" }
            reader.report(message, key: "type")
            return nil
        }
        let otherTypes = PanelDecoder.typeKeys.filter { $0.key != type }
        for key in reader.keys where !PanelDecoder.commonKeys.contains(key) && !ownKeys.contains(key) {
            let owners = otherTypes.filter { $0.value.contains(key) }.map(\.key).sorted()
            if !owners.isEmpty {
                diagnostics.report("\"\(key)\" is an option of \(owners.joined(separator: ", ")) panels, not \(type)", at: reader.keyLocation(key))
            }
        }
        let allKeys = PanelDecoder.commonKeys + ownKeys
        let misplaced = Set(otherTypes.values.joined())
        reader.rejectUnknownKeys(allowed: allKeys + Array(misplaced))

        var panel = Panel(id: 0, title: reader.string("title") ?? "", kind: .text(TextOptions(content: "")), location: reader.location)
        if let id = reader.int("id", in: 1...1_000_000) {
            if let previous = explicitIDs[id] {
                reader.report("panel id \(id) is already used" + (previous.map { " at \($0)" } ?? ""), key: "id")
            }
            explicitIDs[id] = reader.node("id")?.location
            panel.id = id
        }
        panel.description = reader.string("description")
        panel.width = reader.int("width", in: 1...24) ?? 12
        panel.height = reader.int("height", in: 2...60) ?? (type == "stat" || type == "gauge" ? 5 : 8)
        panel.minInterval = reader.duration("min_interval")
        panel.maxDataPoints = reader.int("max_data_points", in: 1...11_000)
        panel.field = decodeField(reader)
        panel.kind = decodeKind(type, reader)
        panel.queries = decodeQueries(reader, type: type)
        if case .text = panel.kind {} else if panel.queries.isEmpty {
            reader.report("\(type) panel \"\(panel.title)\" needs \"expr\" or \"queries\"", key: "title")
        }
        return panel
    }

    /// Gives panels without an id the smallest unused ids, in page order.
    func assignIDs(_ rows: inout [DashboardRow]) {
        var used = Set(explicitIDs.keys)
        var next = 1
        for r in rows.indices {
            for p in rows[r].panels.indices where rows[r].panels[p].id == 0 {
                while used.contains(next) { next += 1 }
                rows[r].panels[p].id = next
                used.insert(next)
            }
        }
    }

    // MARK: - Queries

    private func decodeQueries(_ reader: MappingReader, type: String) -> [PanelQuery] {
        var queries: [PanelQuery] = []
        if let expr = reader.string("expr") {
            queries.append(PanelQuery(expr: expr, legend: reader.string("legend_format"), instant: reader.bool("instant"), location: reader.node("expr")?.location))
            if reader.has("queries") { reader.report("write either \"expr\" or \"queries\", not both", key: "queries") }
        } else {
            if reader.has("legend_format") { reader.report("legend_format goes with \"expr\"; in \"queries\" write \"legend\" per query", key: "legend_format") }
            for item in reader.sequence("queries") ?? [] {
                if case .scalar(let expr, let location) = item {
                    queries.append(PanelQuery(expr: expr, location: location))
                    continue
                }
                guard let query = MappingReader(item, what: "query", diagnostics: diagnostics) else { continue }
                query.rejectUnknownKeys(allowed: PanelDecoder.queryKeys)
                guard let expr = query.requiredString("expr") else { continue }
                queries.append(
                    PanelQuery(
                        expr: expr, legend: query.string("legend"), instant: query.bool("instant"),
                        hidden: query.bool("hide") ?? false, location: query.node("expr")?.location))
            }
        }
        for index in queries.indices {
            queries[index].refID = PanelDecoder.refID(index)
            check(queries[index])
        }
        return queries
    }

    /// `A`…`Z`, then `AA`, `AB`, … as Grafana names queries.
    static func refID(_ index: Int) -> String {
        let letters = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
        return index < 26 ? String(letters[index]) : String(letters[index / 26 - 1]) + String(letters[index % 26])
    }

    private func check(_ query: PanelQuery) {
        if query.expr.trimmingSpaces.isEmpty {
            diagnostics.report("empty query", at: query.location)
            return
        }
        guard let checkQuery else { return }
        let sample = PanelDecoder.sampleExpansion(query.expr, variables: variables)
        if let issue = checkQuery(sample) {
            let position = SourcePosition(of: issue.offset, in: sample)
            let where_ = sample == query.expr ? "at \(position)" : "at \(position) of \"\(sample)\""
            diagnostics.report("bad query: \(issue.message) (\(where_))", at: query.location)
        }
    }

    /// The query with variables replaced by values of the right shape (a duration for
    /// intervals, a word otherwise), so that its syntax can be checked.
    static func sampleExpansion(_ expr: String, variables: [TemplateVariable]) -> String {
        let values = variables.map { variable -> VariableValue in
            if case .interval = variable.source { return VariableValue(name: variable.name, values: ["5m"]) }
            return VariableValue(name: variable.name, values: ["x"])
        }
        let range = ResolvedTimeRange(start: 0, end: 3_600_000)
        let interval = QueryInterval.calculate(range: range, maxDataPoints: 600, minInterval: 15_000, scrapeInterval: 15_000)
        return TemplateScope(variables: values, interval: interval, range: range).expand(expr, for: .promQL)
    }

    // MARK: - Field options

    private func decodeField(_ reader: MappingReader) -> FieldOptions {
        var field = FieldOptions()
        if let unit = reader.string("unit") { field.unit = ValueUnit(id: unit) }
        field.decimals = reader.int("decimals", in: 0...12)
        field.min = reader.double("min")
        field.max = reader.double("max")
        field.softMin = reader.double("soft_min")
        field.softMax = reader.double("soft_max")
        field.noValue = reader.string("no_value")
        var thresholds = Thresholds()
        thresholds.mode = reader.choice("thresholds_mode", of: Thresholds.Mode.self) ?? .absolute
        for item in reader.sequence("thresholds") ?? [] {
            guard let step = MappingReader(item, what: "threshold", diagnostics: diagnostics) else { continue }
            step.rejectUnknownKeys(allowed: ["value", "color"])
            guard let colorText = step.requiredString("color") else { continue }
            guard let color = PanelColor(colorText) else {
                step.report("unknown colour \"\(colorText)\" (a name like green, dark-red, or #rrggbb)", key: "color")
                continue
            }
            if let value = step.double("value") {
                thresholds.steps.append(.init(value: value, color: color))
            } else if step.has("value") {
                continue
            } else if thresholds.steps.isEmpty {
                thresholds.base = color
            } else {
                step.report("only the first threshold may omit \"value\" (it is the base colour)", key: "color")
            }
        }
        thresholds.steps.sort { $0.value < $1.value }
        field.thresholds = thresholds
        for item in reader.sequence("overrides") ?? [] {
            guard let entry = MappingReader(item, what: "override", diagnostics: diagnostics) else { continue }
            entry.rejectUnknownKeys(allowed: ["match", "color", "hide"])
            guard let pattern = entry.requiredString("match") else { continue }
            let regex: LabelRegex
            do { regex = try LabelRegex(pattern) } catch {
                entry.report("match: \(error.description)", key: "match")
                continue
            }
            var color: PanelColor?
            if let text = entry.string("color") {
                color = PanelColor(text)
                if color == nil { entry.report("unknown colour \"\(text)\"", key: "color") }
            }
            field.overrides.append(SeriesOverride(match: regex, color: color, hide: entry.bool("hide") ?? false))
        }
        return field
    }

    // MARK: - Per-type options

    private func decodeKind(_ type: String, _ reader: MappingReader) -> PanelKind {
        func reduce() -> Reducer {
            guard let name = reader.string("reduce") else { return .last }
            if let reducer = Reducer(name: name) { return reducer }
            reader.report("reduce must be one of \(Reducer.allCases.map(\.rawValue).joined(separator: ", ")), not \"\(name)\"", key: "reduce")
            return .last
        }
        switch type {
        case "stat":
            return .stat(StatOptions(reduce: reduce(), sparkline: reader.bool("sparkline") ?? true, colorMode: reader.choice("color_mode", of: ColorMode.self) ?? .value))
        case "gauge":
            return .gauge(GaugeOptions(reduce: reduce(), showThresholdMarkers: reader.bool("threshold_markers") ?? true))
        case "bargauge":
            return .barGauge(BarGaugeOptions(reduce: reduce(), orientation: reader.choice("orientation", of: BarGaugeOptions.Orientation.self) ?? .horizontal))
        case "table":
            return .table(
                TableOptions(
                    columns: reader.strings("columns") ?? [], hiddenColumns: reader.strings("hidden_columns") ?? [],
                    sortBy: reader.string("sort_by"), sortDescending: reader.bool("sort_desc") ?? true,
                    colorValues: reader.bool("color_values") ?? false))
        case "heatmap":
            return .heatmap(HeatmapOptions(scheme: reader.choice("scheme", of: HeatmapOptions.Scheme.self) ?? .oranges, hideEmptyBuckets: reader.bool("hide_empty") ?? false))
        case "text":
            let content = reader.requiredString("content") ?? ""
            return .text(TextOptions(content: content, mode: reader.choice("mode", of: TextOptions.Mode.self) ?? .markdown))
        default:
            let style = reader.choice("style", of: TimeSeriesOptions.Style.self) ?? .lines
            var options = TimeSeriesOptions(
                style: style, lineWidth: reader.double("line_width") ?? 1.5, fillOpacity: reader.int("fill_opacity", in: 0...100),
                points: reader.choice("points", of: TimeSeriesOptions.Points.self) ?? .auto,
                thresholdsStyle: reader.choice("thresholds_style", of: TimeSeriesOptions.ThresholdsStyle.self) ?? .off,
                maxSeries: reader.int("max_series", in: 0...10_000) ?? 20)
            if let legend = reader.node("legend") { options.legend = decodeLegend(legend) }
            if options.lineWidth < 0 || options.lineWidth > 10 { reader.report("line_width must be between 0 and 10", key: "line_width") }
            return .timeSeries(options)
        }
    }

    /// `legend: table|list|hidden` or `legend: {mode, placement, calcs, sort_by}`.
    private func decodeLegend(_ node: ConfigNode) -> LegendOptions {
        var legend = LegendOptions()
        if case .scalar(let text, let location) = node {
            if let mode = LegendOptions.Mode(rawValue: text) {
                legend.mode = mode
            } else {
                diagnostics.report(
                    "legend must be table, list, hidden or a mapping, not \"\(text)\" (series names go in legend_format)", at: location)
            }
            return legend
        }
        guard let reader = MappingReader(node, what: "legend", diagnostics: diagnostics) else { return legend }
        reader.rejectUnknownKeys(allowed: ["mode", "placement", "calcs", "sort_by"])
        legend.mode = reader.choice("mode", of: LegendOptions.Mode.self) ?? .table
        legend.placement = reader.choice("placement", of: LegendOptions.Placement.self) ?? .bottom
        if let names = reader.strings("calcs", splitCommas: true) {
            legend.calcs = names.compactMap { name in
                if let reducer = Reducer(name: name) { return reducer }
                reader.report("unknown calculation \"\(name)\" (one of \(Reducer.allCases.map(\.rawValue).joined(separator: ", ")))", key: "calcs")
                return nil
            }
        }
        if let name = reader.string("sort_by") {
            legend.sortBy = Reducer(name: name)
            if legend.sortBy == nil { reader.report("unknown calculation \"\(name)\"", key: "sort_by") }
        }
        return legend
    }
}
