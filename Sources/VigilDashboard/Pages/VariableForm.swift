/// The variable selects: a GET form that keeps the time range and refresh.
enum VariableForm {
    static func render(_ variables: [ResolvedVariable], url: PageURL) -> HTML {
        let shown = variables.filter { !$0.variable.hidden }
        guard !shown.isEmpty else { return .empty }
        var fields = HTML.empty
        for (name, value) in url.query where name == "from" || name == "to" || name == "refresh" {
            fields += HTML("<input type=\"hidden\" name=\"\(name)\" value=\"\(value)\">")
        }
        for resolved in shown {
            let variable = resolved.variable
            let name = "var-" + variable.name
            let label = variable.label ?? variable.name
            var listed = resolved.options
            // Keep a selected value the options lack (from a link), so it stays selected.
            for value in resolved.value.values where !resolved.value.isAll && !listed.contains(value) { listed.append(value) }
            let error = resolved.error.map { HTML(" <span class=\"err-text\" title=\"\($0)\">!</span>") } ?? .empty
            if case .textbox = variable.source {
                fields += HTML("<label><span>\(label)\(error)</span><input name=\"\(name)\" value=\"\(resolved.value.values.first ?? "")\"></label>")
            } else if variable.multi {
                fields += multiSelect(resolved, name: name, label: label, error: error, listed: listed)
            } else {
                var options = HTML.empty
                if variable.includeAll {
                    options += HTML("<option value=\"\(DashboardRequest.allValue)\"\(HTML(raw: resolved.value.isAll ? " selected" : ""))>All</option>")
                }
                for option in listed {
                    let selected = !resolved.value.isAll && resolved.value.values.contains(option)
                    options += HTML("<option value=\"\(option)\"\(HTML(raw: selected ? " selected" : ""))>\(HTML.truncate(option, to: 120))</option>")
                }
                fields += HTML("<label><span>\(label)\(error)</span><select name=\"\(name)\">\(options)</select></label>")
            }
        }
        return HTML("<form class=\"vars\" method=\"get\" action=\"\(url.path)\">\(fields)<button class=\"btn\" type=\"submit\">Apply</button></form>")
    }

    /// A multi-value variable: checkboxes in a drop-down (a `<details>`, no script needed).
    static func multiSelect(_ resolved: ResolvedVariable, name: String, label: String, error: HTML, listed: [String]) -> HTML {
        let value = resolved.value
        var boxes = HTML.empty
        if resolved.variable.includeAll {
            boxes += HTML("<label class=\"chk\"><input type=\"checkbox\" name=\"\(name)\" value=\"\(DashboardRequest.allValue)\"\(HTML(raw: value.isAll ? " checked" : ""))>All</label>")
        }
        for option in listed {
            let checked = !value.isAll && value.values.contains(option)
            boxes += HTML("<label class=\"chk\"><input type=\"checkbox\" name=\"\(name)\" value=\"\(option)\"\(HTML(raw: checked ? " checked" : ""))>\(HTML.truncate(option, to: 120))</label>")
        }
        let summary: String
        if value.isAll {
            summary = "All"
        } else if value.values.count <= 2 {
            summary = value.values.isEmpty ? "None" : value.values.joined(separator: " + ")
        } else {
            summary = "\(value.values[0]) + \(value.values.count - 1) more"
        }
        return HTML(
            """
            <div class="var"><span>\(label)\(error)</span><details class="menu ms"><summary title="\(value.text)">\(HTML.truncate(summary, to: 48))</summary>\
            <div>\(boxes)<button class="btn primary" type="submit">Apply</button></div></details></div>
            """)
    }
}
