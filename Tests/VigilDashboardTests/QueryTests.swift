import Testing
import VigilModel

@testable import VigilDashboard

/// Intervals, variable expansion and time ranges, as Grafana computes them.
@Suite struct QueryTests {
    @Test(arguments: [
        (5 as Int64, 1 as Int64), (12, 10), (30, 20), (100, 100), (1400, 1000), (1600, 2000), (7000, 5000), (11_000, 10_000),
        (16_000, 15_000), (24_000, 20_000), (36_000, 30_000), (50_000, 60_000), (200_000, 120_000), (400_000, 300_000),
        (2_000_000, 1_800_000), (5_000_000, 3_600_000), (80_000_000, 43_200_000), (500_000_000, 86_400_000),
        (1_000_000_000, 604_800_000), (3_000_000_000, 2_592_000_000), (5_000_000_000, 31_536_000_000),
    ])
    func roundInterval(_ raw: Int64, _ rounded: Int64) {
        #expect(QueryInterval.roundInterval(raw) == rounded)
    }

    @Test(arguments: [
        // (range, max data points, min interval, scrape) → step, $__rate_interval
        (21_600_000 as Int64, 600, 15_000 as Int64, 15_000 as Int64, 30_000 as Int64, 60_000 as Int64),  // 6h over 600 px: 36s → 30s; rate max(45s, 60s)
        (3_600_000, 600, 15_000, 15_000, 15_000, 60_000),  // 1h: 6s < 15s minimum
        (86_400_000, 600, 15_000, 15_000, 120_000, 135_000),  // 24h: 144s → 2m; rate 2m + 15s
        (2_592_000_000, 600, 15_000, 15_000, 3_600_000, 3_615_000),  // 30d: 72m → 1h
        (3_600_000, 600, 60_000, 60_000, 60_000, 240_000),  // scrape 1m: rate 4m
        (31_536_000_000, 100_000, 1000, 15_000, 3_600_000, 60_000 + 0),  // a year at high resolution: the 11,000-point floor
    ] as [(Int64, Int, Int64, Int64, Int64, Int64)])
    func intervals(_ range: Int64, _ points: Int, _ minimum: Int64, _ scrape: Int64, _ step: Int64, _ rate: Int64) {
        let end: Int64 = 1_750_000_000_000
        let interval = QueryInterval.calculate(range: ResolvedTimeRange(start: end - range, end: end), maxDataPoints: points, minInterval: minimum, scrapeInterval: scrape)
        #expect(interval.step == step)
        if range < 31_536_000_000 { #expect(interval.rateInterval == rate) }
        #expect(interval.start % step == 0 && interval.end % step == 0)
        #expect(interval.end <= end && interval.end > end - step)
        #expect((interval.end - interval.start) / interval.step <= QueryInterval.safeResolution)
    }

    @Test(arguments: [
        (0 as Int64, "0s"), (500, "500ms"), (15_000, "15s"), (60_000, "1m0s"), (75_000, "1m15s"), (135_000, "2m15s"), (7_200_000, "2h0m0s"), (1500, "1.5s"),
    ])
    func goDurations(_ ms: Int64, _ text: String) {
        #expect(QueryInterval.goDuration(ms) == text)
    }

    static let scope: TemplateScope = {
        let end: Int64 = 1_750_000_000_000
        let range = ResolvedTimeRange(start: end - 3_600_000, end: end)
        let interval = QueryInterval.calculate(range: range, maxDataPoints: 600, minInterval: 15_000, scrapeInterval: 15_000)
        return TemplateScope(
            variables: [
                VariableValue(name: "job", values: ["ml-service"]),
                VariableValue(name: "path", values: ["/predict", "/predict/batch"], isMultiValued: true),
                VariableValue(name: "one", values: ["a.b"], isMultiValued: true),
                VariableValue(name: "all", values: ["x", "y"], isAll: true, isMultiValued: true),
                VariableValue(name: "custom_all", values: ["x", "y"], isAll: true, allValue: ".*", isMultiValued: true),
                VariableValue(name: "quote", values: ["say \"hi\"\\"]),
                VariableValue(name: "rx", values: ["a+b", "(c)|d"], isMultiValued: true),
                VariableValue(name: "res", values: ["5m"]),
            ], interval: interval, range: range)
    }()

    @Test(arguments: [
        ("up{job=\"$job\"}", "up{job=\"ml-service\"}"),
        ("up{job=\"${job}\"}", "up{job=\"ml-service\"}"),
        ("up{job=\"[[job]]\"}", "up{job=\"ml-service\"}"),
        ("x{path=~\"$path\"}", "x{path=~\"(/predict|/predict/batch)\"}"),
        ("x{a=~\"$one\"}", "x{a=~\"a\\\\.b\"}"),
        ("x{a=~\"$all\"}", "x{a=~\"(x|y)\"}"),
        ("x{a=~\"$custom_all\"}", "x{a=~\".*\"}"),
        ("x{a=\"$quote\"}", "x{a=\"say \\\"hi\\\"\\\\\"}"),
        ("x{a=~\"$rx\"}", "x{a=~\"(a\\\\+b|\\\\(c\\\\)\\\\|d)\"}"),
        ("rate(x[$__rate_interval])", "rate(x[1m0s])"),
        ("rate(x[$__interval])", "rate(x[15s])"),
        ("rate(x[${__interval}])", "rate(x[15s])"),
        ("increase(x[$__range])", "increase(x[3600s])"),
        ("$__range_s $__range_ms $__interval_ms $__rate_interval_ms", "3600 3600000 15000 60000"),
        ("rate(x[$res])", "rate(x[5m])"),
        ("$unknown and $job_name", "$unknown and $job_name"),
        ("${path:csv} ${path:pipe} ${path:raw} ${path:glob}", "/predict,/predict/batch /predict|/predict/batch /predict,/predict/batch {/predict,/predict/batch}"),
        ("${rx:regex}", "(a\\+b|\\(c\\)\\|d)"),
        ("cost is $5 [not a var] $", "cost is $5 [not a var] $"),
    ])
    func promQLExpansion(_ template: String, _ expected: String) {
        #expect(Self.scope.expand(template, for: .promQL) == expected)
    }

    @Test(arguments: [
        ("Requests on $job", "Requests on ml-service"),
        ("Paths: $path", "Paths: /predict, /predict/batch"),
        ("All: $all", "All: All"),
        ("${path:text}", "/predict, /predict/batch"),
    ])
    func textExpansion(_ template: String, _ expected: String) {
        #expect(Self.scope.expand(template, for: .text) == expected)
    }

    @Test(arguments: [
        ("{{status}}", "500"), ("{{ status }} on {{path}}", "500 on /predict"), ("{{missing}}x", "x"), ("plain", "plain"),
        ("{{status", "{{status"), ("{{__name__}}", "http_requests_total"),
    ])
    func legendFormats(_ format: String, _ expected: String) {
        let labels: Labels = ["__name__": "http_requests_total", "status": "500", "path": "/predict"]
        #expect(LegendFormat.name(for: labels, format: format, query: "q") == expected)
    }

    @Test func defaultLegendIsTheSeriesOrTheQuery() {
        #expect(LegendFormat.name(for: ["__name__": "up", "job": "a"], format: nil, query: "q") == "up{job=\"a\"}")
        #expect(LegendFormat.name(for: .empty, format: "", query: "sum(x)") == "sum(x)")
    }

    @Test(arguments: [
        ("now", 1_750_000_000_000 as Int64),
        ("now-6h", 1_749_978_400_000),
        ("now-1d/d", 1_749_859_200_000),
        ("now/h", 1_749_999_600_000),
        ("1749999600000", 1_749_999_600_000),
        ("1749999600", 1_749_999_600_000),
        ("2025-06-15 14:00", 1_749_996_000_000),
        ("2025-06-15 14:00:30", 1_749_996_030_000),
        ("2025-06-15T14:00:00Z", 1_749_996_000_000),
        ("2025-06-15T16:00:00+02:00", 1_749_996_000_000),
        ("2025-06-15T14:00:00.250Z", 1_749_996_000_250),
    ])
    func timeExpressions(_ text: String, _ expected: Int64) throws {
        let expression = try #require(TimeExpression.parse(text))
        #expect(expression.resolve(now: 1_750_000_000_000) == expected)
    }

    @Test(arguments: ["", "yesterday", "now-", "now-6x", "2025-13-01", "2025-02-30 10:00", "now/w", "2025-06-15 25:00", "12ab"])
    func badTimeExpressions(_ text: String) {
        #expect(TimeExpression.parse(text) == nil)
    }

    @Test func localDatesUseTheOffset() {
        #expect(TimeExpression.parse("2025-06-15 16:00", offsetSeconds: 7200)?.resolve(now: 0) == 1_749_996_000_000)
    }

    @Test func rangeEndRoundsUp() {
        let range = TimeRange(from: TimeExpression.parse("now-1d/d")!, to: TimeExpression.parse("now-1d/d")!)
        let resolved = range.resolve(now: 1_750_000_000_000)
        #expect(resolved.start == 1_749_859_200_000)
        #expect(resolved.end == 1_749_945_599_999)
    }

    @Test func requestReadsGrafanaParameters() {
        let url = PageURL(path: "/d/x", rawQuery: "from=now-3h&to=now&var-path=%2Fa&var-path=%2Fb&var-job=%24__all&refresh=10s")
        let request = DashboardRequest(url: url, now: 0)
        #expect(request.range?.from.text == "now-3h")
        #expect(request.variables["path"] == ["/a", "/b"])
        #expect(request.variables["job"] == ["$__all"])
        #expect(request.refresh == "10s")
    }
}
