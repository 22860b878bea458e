import Testing
import VigilModel
@testable import VigilPromQL

/// Series descriptions (`load` blocks, promtool `input_series`), rows from Prometheus 3.x
/// `promql/parser/parse_test.go` (`testSeries`, `TestParseSeriesDesc`) and FORMAT.md §3.
@Suite struct ParserSeriesTests {
    private static let o = SeriesValue.omitted
    private static let tabs = "\t\t"

    private static func v(_ values: Double...) -> [SeriesValue] { values.map { .value($0) } }

    static let rows: [(String, Labels, [SeriesValue])] = [
        ("", .empty, []),
        (#"http_requests{job="api-server", instance="0", group="production"}"#,
         ["__name__": "http_requests", "group": "production", "instance": "0", "job": "api-server"], []),
        (#"{"http.requests", "service.name"="api-server", instance="0", group="canary"}\#(tabs)0+50x2"#,
         ["__name__": "http.requests", "group": "canary", "instance": "0", "service.name": "api-server"], v(0, 50, 100)),
        ("{} 1 2 3", .empty, v(1, 2, 3)),
        (#"{a="b"} -1 2 3"#, ["a": "b"], v(-1, 2, 3)),
        ("my_metric 1 2 3", ["__name__": "my_metric"], v(1, 2, 3)),
        ("my_metric{} 1 2 3", ["__name__": "my_metric"], v(1, 2, 3)),
        (#"my_metric{a="b"} 1 2 3-10x4"#, ["__name__": "my_metric", "a": "b"], v(1, 2, 3, -7, -17, -27, -37)),
        (#"my_metric{a="b"} 1 2 3-0x4"#, ["__name__": "my_metric", "a": "b"], v(1, 2, 3, 3, 3, 3, 3)),
        ("{} 1x0", .empty, v(1)),
        ("{} 1+1x0", .empty, v(1)),
        (#"my_metric{a="b"} 1 3 _ 5 _x4"#, ["__name__": "my_metric", "a": "b"], v(1, 3) + [o] + v(5) + [o, o, o, o]),
        (#"my_metric{a="b"} 1 -1 -3-10x4 7 9 +5"#, ["__name__": "my_metric", "a": "b"], v(1, -1, -3, -13, -23, -33, -43, 7, 9, 5)),
        (#"my_metric{a="b"} 1 +1 +4 -6 -2 8"#, ["__name__": "my_metric", "a": "b"], v(1, 1, 4, -6, -2, 8)),
        (#"my_metric{a="b"} 1 2 3    "#, ["__name__": "my_metric", "a": "b"], v(1, 2, 3)),
        (#"my_metric{a="\u70ac = torch"} 1 2 3"#, ["__name__": "my_metric", "a": "炬 = torch"], v(1, 2, 3)),
        ("m 1 _ stale 1x3", ["__name__": "m"], v(1) + [o, .stale] + v(1, 1, 1, 1)),
        ("m Inf -Inf +inf NaN 1e3 .5 1.5e-1", ["__name__": "m"], v(.infinity, -.infinity, .infinity, .nan, 1000, 0.5, 0.15)),
        ("m 0x3", ["__name__": "m"], v(0, 0, 0, 0)),
        ("m 1-2x2", ["__name__": "m"], v(1, -1, -3)),
        ("m -2-1x4", ["__name__": "m"], v(-2, -3, -4, -5, -6)),
        ("m _x0 1", ["__name__": "m"], v(1)),
        ("job:m:rate 1", ["__name__": "job:m:rate"], v(1)),
    ]

    @Test(arguments: rows)
    func series(_ text: String, _ labels: Labels, _ values: [SeriesValue]) throws {
        let description = try Parser.parseSeriesDescription(text)
        #expect(description.labels == labels)
        #expect(description.values == values)
    }

    static let failures: [(String, String)] = [
        (#"{"http.requests"xx}\#(tabs)0+50x2"#, #"1:17: parse error: unexpected identifier "xx" in label set, expected "," or "}""#),
        (#"{"http.requests"=, x="y"}\#(tabs)0+50x2"#, #"1:18: parse error: unexpected "," in label set, expected string"#),
        (#"{"http.requests}\#(tabs)0+50x2"#, "1:2: parse error: unterminated quoted string"),
        ("{} 1+1", ""), (#"my_metric{a="b"} 1 3 _ 5 _a4"#, ""), (#"my_metric{a="b"} -3-3 -3"#, ""),
        (#"my_metric{a="b"} -3 -3-3"#, ""), (#"my_metric{a="b"} -3 _-2"#, ""), (#"my_metric{a="b"} -3 3+3x4-4"#, ""),
        ("m{a=~\"b\"} 1", ""), ("m 1 foo", ""), ("m 1x", ""), ("m 1,2", ""), ("m{} 1 {{schema:1 schema:2}}", ""),
        ("m{}1", ""), ("m {{sum:1}}+{{sum:1}}", ""),
    ]

    @Test(arguments: failures)
    func failure(_ text: String, _ expected: String) {
        do {
            let description = try Parser.parseSeriesDescription(text)
            Issue.record("parsed \(text) as \(description)")
        } catch {
            if !expected.isEmpty { #expect(error.description == expected) }
        }
    }

    @Test func histograms() throws {
        let text = "m {{schema:1 sum:0.3 count:3 z_bucket:7 z_bucket_w:5 buckets:[5 10  7 ] offset:-3 n_buckets:[4 5] n_offset:5 counter_reset_hint:gauge}}"
        let values = try Parser.parseSeriesDescription(text).values
        var expected = HistogramLiteral()
        expected.schema = 1
        expected.sum = 0.3
        expected.count = 3
        expected.zeroCount = 7
        expected.zeroThreshold = 5
        expected.positiveBuckets = [5, 10, 7]
        expected.positiveOffset = -3
        expected.negativeBuckets = [4, 5]
        expected.negativeOffset = 5
        expected.counterResetHint = .gauge
        expected.counterResetHintSet = true
        #expect(values == [.histogram(expected)])

        let custom = try Parser.parseSeriesDescription("m {{schema:-53 sum:1 count:1 custom_values:[1 5] buckets:[0 1]}}x1").values
        #expect(custom.count == 2)
        guard case .histogram(let h) = custom[0] else { return }
        #expect(h.schema == -53 && h.customValues == [1, 5] && h.positiveBuckets == [0, 1] && !h.counterResetHintSet)

        let series = try Parser.parseSeriesDescription("m {{sum:1 count:1 buckets:[1]}}+{{sum:2 count:2 buckets:[0 2]}}x2 {{}}").values
        #expect(series.count == 4)
        guard case .histogram(let last) = series[2], case .histogram(let empty) = series[3] else { return }
        #expect(last.sum == 5 && last.count == 5 && last.positiveBuckets == [1, 4])
        #expect(empty == HistogramLiteral())

        // A finer increment is merged down to the base's schema.
        let merged = try Parser.parseSeriesDescription("m {{schema:0 count:1 buckets:[1]}}+{{schema:1 count:2 buckets:[1 1]}}x1").values
        guard case .histogram(let coarse) = merged[1] else { return }
        #expect(coarse.schema == 0 && coarse.positiveBuckets == [2, 1])
        #expect(throws: PromQLError.self) {
            try Parser.parseSeriesDescription("m {{schema:1}}+{{schema:0}}x1")
        }
    }

    /// Every series line of every `load` block of the upstream scripts parses (start-timestamp
    /// lines `name@st …` belong to the runner and are skipped).
    @Test func everyLoadLineParses() throws {
        var count = 0
        var failures: [String] = []
        for script in try ConformanceScripts.scripts() {
            var inLoad = false
            for (number, raw) in script.text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                let line = raw.trimmingWhitespace()
                if line.isEmpty || line.hasPrefix("#") { inLoad = false; continue }
                if line.hasPrefix("load") { inLoad = true; continue }
                guard inLoad, !line.contains("@st") else { continue }
                count += 1
                do {
                    _ = try Parser.parseSeriesDescription(line)
                } catch {
                    failures.append("\(script.name):\(number + 1): \(error)")
                }
            }
        }
        #expect(count > 1000)
        #expect(failures.isEmpty, "\(failures.joined(separator: "\n"))")
    }

    @Test func selectorsAndMetrics() throws {
        #expect(try Parser.parseSelector(#"up{job="a"}"#) == [.equal("job", "a"), .equal("__name__", "up")])
        #expect(try Parser.parseSelector(#"{__name__=~"x.*"}"#) == [try LabelMatcher(.regexMatch, "__name__", "x.*")])
        #expect(try Parser.parseSelector("{}") == [])
        #expect(try Parser.parseSelector(#"{"a.b"!="c"}"#) == [try LabelMatcher(.notEqual, "a.b", "c")])
        #expect(throws: PromQLError.self) { try Parser.parseSelector("up + 1") }
        #expect(throws: PromQLError.self) { try Parser.parseSelector("rate(x[5m])") }
        #expect(throws: PromQLError.self) { try Parser.parseSelector("up[5m]") }
        #expect(try Parser.parseMetric(#"name{a="b"}"#) == ["__name__": "name", "a": "b"])
        #expect(try Parser.parseMetric(#"{"weird.name", a="b"}"#) == ["__name__": "weird.name", "a": "b"])
        #expect(throws: PromQLError.self) { try Parser.parseMetric(#"name{a=~"b"}"#) }
    }
}
