import VigilModel
import VigilPromQL

/// Instant query results as a table: one column per label, one value column per
/// query; rows of several queries with equal labels are joined (Grafana's merge).
enum TablePanel {
    static let maxRows = 1000

    struct Table {
        var labelColumns: [String]
        var valueColumns: [(refID: String, title: String)]
        var rows: [(labels: Labels, values: [Double?])]
    }

    static func render(_ data: PanelData, options: TableOptions, noValue: String) -> HTML {
        let table = build(data, options: options)
        guard !table.rows.isEmpty else { return HTML("<div class=\"pcenter\">\(noValue)</div>") }
        let field = data.panel.field
        let formatter = field.formatter
        var head = HTML.empty
        for name in table.labelColumns { head += HTML("<th>\(name)</th>") }
        for column in table.valueColumns { head += HTML("<th class=\"num\">\(column.title)</th>") }
        var body = HTML.empty
        for row in table.rows.prefix(maxRows) {
            var cells = HTML.empty
            for name in table.labelColumns {
                let value = row.labels[name] ?? ""
                cells += HTML("<td title=\"\(HTML.truncate(value, to: 2000))\">\(HTML.truncate(value, to: 300))</td>")
            }
            for value in row.values {
                guard let value else {
                    cells += "<td></td>"
                    continue
                }
                var style = HTML.empty
                if options.colorValues {
                    let color = field.thresholds.color(for: value, min: field.min ?? 0, max: field.max ?? 100)
                    style = HTML(raw: " style=\"color:\(color.hex)\"")
                }
                cells += HTML("<td class=\"num cv\"\(style) title=\"\(NumberText.exact(value))\">\(formatter.format(value))</td>")
            }
            body += HTML("<tr>\(cells)</tr>")
        }
        var footer = HTML.empty
        if table.rows.count > maxRows {
            footer = HTML("<div class=\"muted\">Showing \(maxRows) of \(table.rows.count) rows</div>")
        }
        return HTML("<div class=\"tbl\"><table class=\"data\"><thead><tr>\(head)</tr></thead><tbody>\(body)</tbody></table>\(footer)</div>")
    }

    static func build(_ data: PanelData, options: TableOptions) -> Table {
        let visible = data.results.filter { !$0.query.hidden }
        var rowIndex: [Labels: Int] = [:]
        var rows: [(labels: Labels, values: [Double?])] = []
        for (column, result) in visible.enumerated() {
            for (labels, value) in lastValues(result.value) {
                if let index = rowIndex[labels] {
                    rows[index].values[column] = value
                } else {
                    rowIndex[labels] = rows.count
                    var values = [Double?](repeating: nil, count: visible.count)
                    values[column] = value
                    rows.append((labels, values))
                }
            }
        }
        var names = Set<String>()
        for row in rows { for label in row.labels { names.insert(label.name) } }
        names.subtract(options.hiddenColumns)
        var columns = options.columns.filter { names.contains($0) }
        let rest = names.subtracting(columns).sorted { a, b in
            a == LabelName.metric ? true : b == LabelName.metric ? false : a < b
        }
        columns += rest
        let valueColumns = visible.map { result -> (refID: String, title: String) in
            if let legend = result.query.legend, !legend.isEmpty, !legend.contains("{{") { return (result.query.refID, legend) }
            return (result.query.refID, visible.count > 1 ? "Value #\(result.query.refID)" : "Value")
        }
        if let sortBy = options.sortBy {
            let descending = options.sortDescending
            if let column = valueColumns.firstIndex(where: { $0.title == sortBy || $0.refID == sortBy || (sortBy == "Value" && $0.refID == valueColumns.first?.refID) }) {
                rows.sort { a, b in
                    let x = a.values[column] ?? -.infinity, y = b.values[column] ?? -.infinity
                    return descending ? x > y : x < y
                }
            } else {
                rows.sort { a, b in
                    let x = a.labels[sortBy] ?? "", y = b.labels[sortBy] ?? ""
                    return descending ? x > y : x < y
                }
            }
        }
        return Table(labelColumns: columns, valueColumns: valueColumns, rows: rows)
    }

    /// Each series' latest value (instant results have one).
    static func lastValues(_ value: QueryValue?) -> [(Labels, Double)] {
        switch value {
        case .vector(let samples)?:
            return samples.map { ($0.labels, $0.v) }
        case .matrix(let series)?:
            return series.compactMap { one in one.samples.last.map { (one.labels, $0.v) } }
        case .scalar(_, let v)?:
            return [(.empty, v)]
        case .string?, nil:
            return []
        }
    }
}
