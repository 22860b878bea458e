import Foundation
import Testing
import VigilModel

@testable import VigilDashboard

/// Whatever a user controls reaches pages escaped: label values, legends, titles,
/// annotations, Markdown. One escape path (`HTML`), checked with hostile values.
@Suite struct EscapingTests {
    static let hostile = [
        "<script>alert(1)</script>", "\"><img src=x onerror=alert(1)>", "' onmouseover='alert(1)", "a & b &amp; c",
        "日本語 ünïcödé 🚀", String(repeating: "long-", count: 2000), "line\nbreak\ttab", "nul\u{0}bell\u{7}esc\u{1B}",
        "</title></text></svg><script>x</script>", "javascript:alert(1)",
    ]

    @Test(arguments: [
        ("<b>", "&lt;b&gt;"), ("a&b", "a&amp;b"), ("\"q\"", "&quot;q&quot;"), ("it's", "it&#39;s"), ("plain", "plain"),
        ("x\u{0}y", "x\u{FFFD}y"), ("tab\tnl\n", "tab\tnl\n"), ("\u{FFFE}", "\u{FFFD}"), ("日本", "日本"),
    ])
    func escape(_ text: String, _ expected: String) {
        #expect(HTML.escape(text) == expected)
    }

    @Test func interpolationEscapesTextAndTrustsMarkup() {
        let name = "<i>x</i>"
        let inner: HTML = "<b>\(name)</b>"
        let outer: HTML = "<p title=\"\(name)\">\(inner)</p>"
        #expect(outer.rendered == "<p title=\"&lt;i&gt;x&lt;/i&gt;\"><b>&lt;i&gt;x&lt;/i&gt;</b></p>")
    }

    @Test func truncation() {
        #expect(HTML.truncate("abcdef", to: 4) == "abc…")
        #expect(HTML.truncate("abc", to: 4) == "abc")
        #expect(HTML.truncate("日本語です", to: 3) == "日本…")
    }

    /// No hostile value leaves a raw `<script`, an unescaped quote breaking out of an
    /// attribute, or a control character in any page or chart.
    static func assertSafe(_ output: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(!output.contains("<script>alert"), sourceLocation: sourceLocation)
        #expect(!output.contains("<script>x"), sourceLocation: sourceLocation)
        #expect(!output.contains("<img src=x"), sourceLocation: sourceLocation)
        #expect(!output.contains("\"><img"), sourceLocation: sourceLocation)
        #expect(!output.contains("' onmouseover="), sourceLocation: sourceLocation)
        #expect(!output.contains("href=\"javascript:"), sourceLocation: sourceLocation)
        #expect(!output.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" && $0 != "\t" && $0 != "\r" }, sourceLocation: sourceLocation)
        #expect(output.utf8.count < 3_000_000, sourceLocation: sourceLocation)
    }

    @Test func chartsEscapeSeriesNames() {
        let end: Timestamp = 1_750_000_000_000
        let frame = ChartFrame(start: end - 600_000, end: end, step: 60_000)
        let series = Self.hostile.enumerated().map { index, name in
            ChartSeries(name: name, labels: ["job": name], samples: (0...10).map { Sample(t: frame.time($0), v: Double(index + $0)) })
        }
        var field = FieldOptions(unit: .suffix("<u>"))
        field.thresholds = Thresholds(steps: [.init(value: 3, color: .red)])
        let chart = TimeSeriesChart(series: series, frame: frame, options: TimeSeriesOptions(thresholdsStyle: .lineAndArea), field: field).render()
        let page = ChartMarkup.timeSeries(chart, legend: LegendOptions(), id: "p").rendered
        Self.assertSafe(page)
        #expect(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        let svg = ChartMarkup.standaloneSVG(chart, title: Self.hostile[0], width: 600, height: 300)
        Self.assertSafe(svg)
        #expect(svg.contains("&lt;u&gt;"))
    }

    @Test func pagesEscapeEverythingUserControlled() throws {
        let labels = Labels(Self.hostile.enumerated().map { Label("l\($0.offset)", $0.element) })
        let context = PageContext(url: PageURL(path: "/targets", rawQuery: "q=%3Cscript%3Ealert(1)%3C/script%3E"), now: 1_750_000_000_000)
        let target = TargetView(scrapeURL: "javascript:alert(1)", health: .down, labels: labels, discoveredLabels: labels, lastError: Self.hostile[1])
        let targets = TargetsPage(pools: [TargetPoolView(job: Self.hostile[0], targets: [target])]).render(context: context)
        Self.assertSafe(targets)
        let alert = AlertView(name: Self.hostile[0], state: .firing, labels: labels, annotations: Self.hostile.map { ($0, $0) }, activeSince: 0, value: 1)
        let rule = AlertRuleView(name: Self.hostile[2], expr: Self.hostile[0], labels: labels, annotations: [("summary", Self.hostile[1])], group: Self.hostile[3], alerts: [alert])
        let range = ResolvedTimeRange(start: 0, end: 3_600_000)
        let timeline = AlertTimeline(frame: ChartFrame(start: 0, end: 3_600_000, step: 60_000), lanes: [AlertTimeline.Lane(labels: labels, segments: [.init(state: .firing, start: 0, end: 60_000)])])
        Self.assertSafe(AlertsPage(rules: [rule], timeline: timeline, range: range).render(context: context))
        let rules = RulesPage(groups: [RuleGroupView(name: Self.hostile[0], file: Self.hostile[1], interval: 15_000, rules: [
            RuleView(kind: .recording(Self.hostile[0]), expr: Self.hostile[1], labels: labels, health: .err, lastError: Self.hostile[0]),
        ])]).render(context: context)
        Self.assertSafe(rules)
        let dashboard = Dashboard(uid: "x", title: Self.hostile[0], description: Self.hostile[1], tags: Self.hostile, rows: [])
        Self.assertSafe(HomePage(dashboards: [dashboard], targetsUp: 1, targetsDown: 1, downTargets: [target], firingAlerts: [alert], notices: [Self.hostile[0]]).render(context: context))
        Self.assertSafe(DashboardListPage(dashboards: [dashboard], problems: [Self.hostile[0]]).render(context: context))
        Self.assertSafe(StatusPage(build: [(Self.hostile[0], Self.hostile[1])], runtime: [], flags: [(Self.hostile[2], Self.hostile[3])], storage: StorageStatus(series: 1, topMetrics: [(Self.hostile[0], 1)]), config: Self.hostile.joined(separator: "\n"), configFile: Self.hostile[1], lastReloadError: Self.hostile[0]).render(context: context))
        Self.assertSafe(ErrorPage(status: 404, title: Self.hostile[0], message: Self.hostile[1]).render(context: context))
    }

    @Test func explorePageEscapesTheQueryAndError() {
        let request = ExploreRequest(query: "sum(<script>alert(1)</script>)", now: 1_750_000_000_000)
        var view = ExploreView(request: request, range: ResolvedTimeRange(start: 0, end: 1), interval: QueryInterval.calculate(range: ResolvedTimeRange(start: 0, end: 3_600_000), maxDataPoints: 100, minInterval: 15_000, scrapeInterval: 15_000))
        view.error = PanelQueryError(.syntax, "unexpected <script>alert(1)</script>", range: 4..<12)
        let html = ExplorePage(view: view).render(context: PageContext(url: PageURL(path: "/explore"), now: 0))
        Self.assertSafe(html)
        #expect(html.contains("1:5: parse error: unexpected &lt;script&gt;"))
        #expect(html.contains("sum(<mark>&lt;script&gt;</mark>alert(1)"))
    }

    @Test(arguments: [
        ("# Title", "<h1>Title</h1>"),
        ("**b** and *i* and `c<d>`", "<p><strong>b</strong> and <em>i</em> and <code>c&lt;d&gt;</code></p>"),
        ("<script>alert(1)</script>", "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>"),
        ("[ok](https://example.com/a?b=1&c=2)", "<p><a href=\"https://example.com/a?b=1&amp;c=2\" rel=\"noopener noreferrer\" target=\"_blank\">ok</a></p>"),
        ("[bad](javascript:alert(1))", "<p>bad)</p>"),
        ("[x](\" onmouseover=\"alert(1))", "<p>x)</p>"),
        ("[t](/targets)", "<p><a href=\"/targets\">t</a></p>"),
        ("- a\n- *b*", "<ul><li>a</li><li><em>b</em></li></ul>"),
        ("1. a\n2. b", "<ol><li>a</li><li>b</li></ol>"),
        ("```\n<x> & y\n```", "<pre><code>&lt;x&gt; &amp; y</code></pre>"),
        ("> quote", "<blockquote><p>quote</p></blockquote>"),
        ("---", "<hr/>"),
        ("| a | b |\n|---|---|\n| 1 | <2> |", "<table><thead><tr><th>a</th><th>b</th></tr></thead><tbody><tr><td>1</td><td>&lt;2&gt;</td></tr></tbody></table>"),
        ("snake_case_name stays", "<p>snake_case_name stays</p>"),
        ("2 * 3 * 4", "<p>2 * 3 * 4</p>"),
        ("<https://x.org>", "<p><a href=\"https://x.org\" rel=\"noopener noreferrer\" target=\"_blank\">https://x.org</a></p>"),
        ("line one\nline two\n\nnext", "<p>line one line two</p><p>next</p>"),
    ])
    func markdown(_ source: String, _ html: String) {
        #expect(Markdown.render(source).rendered == html)
    }

    @Test(arguments: ["http://a", "https://a", "mailto:x@y", "/d/x", "#top", "?a=1", "./x"])
    func safeURLs(_ url: String) {
        #expect(Markdown.safeURL(url) == url)
    }

    @Test(arguments: ["javascript:x", "JAVASCRIPT:x", "data:text/html,x", "vbscript:x", "//evil.com", "", "a b", "\\\\x"])
    func unsafeURLs(_ url: String) {
        #expect(Markdown.safeURL(url) == nil)
    }

    @Test func urlsEncodeEveryReservedCharacter() {
        let url = PageURL(path: "/explore", query: [("query", "sum(x{a=\"b&c\"}) / 2 # <"), ("var-x", "ü")])
        #expect(url.description == "/explore?query=sum%28x%7Ba%3D%22b%26c%22%7D%29%20%2F%202%20%23%20%3C&var-x=%C3%BC")
        let parsed = PageURL(path: "/explore", rawQuery: String(url.description.split(separator: "?")[1]))
        #expect(parsed["query"] == "sum(x{a=\"b&c\"}) / 2 # <")
        #expect(parsed["var-x"] == "ü")
        #expect(PageURL.decode("a+b%2") == "a b%2")
    }
}
