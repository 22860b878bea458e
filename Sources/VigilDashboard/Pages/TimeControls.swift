import VigilModel

/// The time range picker, shift and zoom buttons, and the refresh picker. All are links
/// and a GET form, so they work without script and every state is a shareable URL.
enum TimeControls {
    /// Picker, ‹ › shift by half the range, zoom out ×2, and the refresh picker when
    /// `showRefresh` (with `refresh` the current interval, nil for off).
    static func render(range: ResolvedTimeRange, url: PageURL, context: PageContext, showRefresh: Bool = false, refresh: Int64? = nil) -> HTML {
        let label = range.range.label(now: context.now, offsetSeconds: context.offsetSeconds)
        let duration = range.duration
        let back = url.setting([("from", String(range.start - duration / 2)), ("to", String(range.end - duration / 2))])
        var forwardEnd = range.end + duration / 2
        var forwardStart = range.start + duration / 2
        if forwardEnd > context.now {
            forwardStart -= forwardEnd - context.now
            forwardEnd = context.now
        }
        let forward = url.setting([("from", String(forwardStart)), ("to", String(forwardEnd))])
        let zoomOut: PageURL
        if range.range.to.text == "now", range.range.from.isRelative {
            zoomOut = url.setting([("from", TimeExpression.ago(duration * 2).text), ("to", "now")])
        } else {
            let end = min(context.now, range.end + duration / 2)
            zoomOut = url.setting([("from", String(end - duration * 2)), ("to", String(end))])
        }

        // The absolute form: current range in the viewer's time; hidden inputs keep the rest.
        var hidden = HTML.empty
        for (name, value) in url.query where name != "from" && name != "to" {
            hidden += HTML("<input type=\"hidden\" name=\"\(name)\" value=\"\(value)\">")
        }
        var presets = HTML.empty
        for preset in TimeRange.presets {
            let target = url.setting([("from", TimeExpression.ago(preset.duration).text), ("to", "now")])
            let current = range.range.from.text == TimeExpression.ago(preset.duration).text && range.range.to.text == "now"
            presets += HTML("<li><a class=\"item\" href=\"\(target)\"\(HTML(raw: current ? " aria-current=\"true\"" : ""))>\(preset.label)</a></li>")
        }
        let fromValue = range.range.from.isRelative ? range.range.from.text : TimeText.dateTime(range.start, offsetSeconds: context.offsetSeconds)
        let toValue = range.range.to.isRelative ? range.range.to.text : TimeText.dateTime(range.end, offsetSeconds: context.offsetSeconds)
        let zone = TimeText.offsetName(context.offsetSeconds)
        var out = HTML(
            """
            <div class="group"><a class="btn icon" href="\(back)" title="Earlier">\(Icons.left)</a>\
            <details class="menu picker"><summary class="btn" title="Time range (\(zone))">\(Icons.clock)\(label)</summary><div>\
            <form method="get" action="\(url.path)">\(hidden)\
            <label class="f">From<input name="from" value="\(fromValue)" placeholder="now-6h"></label>\
            <label class="f">To<input name="to" value="\(toValue)" placeholder="now"></label>\
            <span class="muted">Times in \(zone); also now-2h, now/d, epoch ms.</span>\
            <button class="btn primary" type="submit">Apply time range</button></form><ul>\(presets)</ul></div></details>\
            <a class="btn icon" href="\(forward)" title="Later">\(Icons.right)</a>\
            <a class="btn icon" href="\(zoomOut)" title="Zoom out">\(Icons.zoomOut)</a></div>
            """)
        if showRefresh {
            out += refreshMenu(current: refresh, url: url)
        }
        return out
    }

    static let refreshChoices: [(String, Int64?)] = [
        ("Off", nil), ("5s", 5000), ("10s", 10_000), ("30s", 30_000), ("1m", 60_000), ("5m", 300_000), ("15m", 900_000), ("1h", 3_600_000),
    ]

    static func refreshMenu(current: Int64?, url: PageURL) -> HTML {
        var items = HTML.empty
        for (label, ms) in refreshChoices {
            let target = url.setting("refresh", ms.map { PromDuration.format($0) } ?? "off")
            items += HTML("<a class=\"item\" href=\"\(target)\"\(HTML(raw: ms == current ? " aria-current=\"true\"" : ""))>\(label)</a>")
        }
        let label = current.map { PromDuration.format($0) } ?? ""
        return HTML(
            """
            <div class="group"><a class="btn icon" href="\(url)" title="Refresh now">\(Icons.refresh)</a>\
            <details class="menu"><summary class="btn" title="Auto refresh">\(label.isEmpty ? "Off" : label)</summary><div>\(items)</div></details></div>
            """)
    }
}
