import Testing
import VigilExposition
import VigilModel

/// OpenMetrics 1.0 as Prometheus' `OpenMetricsParser` reads it (the lenient scrape parser);
/// rows follow upstream's `openmetricsparse_test.go` checklist.
@Suite struct OpenMetricsParserTests {
    @Test(arguments: [
        ("# HELP a help\n# TYPE a counter\n# UNIT a_seconds seconds\n# EOF\n",
         ["HELP a help", "TYPE a counter", "UNIT a_seconds seconds", "EOF"]),
        ("# HELP a he\\\"l\\\\p\\n\n# EOF", ["HELP a he\"l\\p\n", "EOF"]),
        ("# HELP a \n# UNIT a \n# EOF\n", ["HELP a ", "UNIT a ", "EOF"]),
        ("# TYPE a gaugehistogram\n# TYPE b stateset\n# TYPE c info\n# TYPE d unknown\n# EOF\n",
         ["TYPE a gaugehistogram", "TYPE b stateset", "TYPE c info", "TYPE d unknown", "EOF"]),
        // Timestamps are float seconds, truncated to milliseconds.
        ("a 1 1.5\nb 2 1520879607.789\nc 3 -1.5\nd 4 1e3\n# EOF\n", [
            #"{__name__="a"} 1 @1500"#, #"{__name__="b"} 2 @1520879607789"#,
            #"{__name__="c"} 3 @-1500"#, #"{__name__="d"} 4 @1000000"#, "EOF",
        ]),
        ("a 1 12345678901234567890.1\n# EOF\n", [#"{__name__="a"} 1 @9223372036854775807"#, "EOF"]),
        // Exemplars, with and without timestamps, on any sample (Prometheus does not check placement).
        (#"a_total 1 # {id="x"} 0.5"# + "\n# EOF\n", [#"{__name__="a_total"} 1 # {id="x"} 0.5"#, "EOF"]),
        (#"a_bucket{le="1"} 2 123 # {id="x",b="y"} -0.5 1.25"# + "\n# EOF\n",
         [#"{__name__="a_bucket", le="1"} 2 @123000 # {b="y", id="x"} -0.5 @1250"#, "EOF"]),
        (#"a 1 # {} 2"# + "\n# EOF\n", [#"{__name__="a"} 1 # {} 2"#, "EOF"]),
        (#"a 1 # {"ü"="x"} 2"# + "\n# EOF\n", [#"{__name__="a"} 1 # {ü="x"} 2"#, "EOF"]),
        // `#` and braces inside label values.
        (#"a{b="c # d",e="} # {"} 1"# + "\n# EOF\n", [#"{__name__="a", b="c # d", e="} # {"} 1"#, "EOF"]),
        // Normalisation of `le` and `quantile` per the current TYPE.
        ("# TYPE h histogram\nh_bucket{le=\"1\"} 1\nh_bucket{le=\"1e-05\"} 1\n# TYPE s summary\ns{quantile=\"1\"} 2\n# EOF\n", [
            "TYPE h histogram", #"{__name__="h_bucket", le="1.0"} 1"#, #"{__name__="h_bucket", le="1e-05"} 1"#,
            "TYPE s summary", #"{__name__="s", quantile="1.0"} 2"#, "EOF",
        ]),
        // A trailing comma is let through, as Prometheus does; quoted names too.
        (#"a{b="c",} 1"# + "\n# EOF\n", [#"{__name__="a", b="c"} 1"#, "EOF"]),
        (#"{"a.b",c="d"} 1"# + "\n# EOF\n", [#"{__name__="a.b", c="d"} 1"#, "EOF"]),
        ("a{b=\"x\u{0}y\"} 1\n# EOF\n", ["{__name__=\"a\", b=\"x\u{0}y\"} 1", "EOF"]),
        // `_created` series are ordinary samples by default (Prometheus' default).
        ("# TYPE a counter\na_total 1\na_created 1.5\n# EOF\n",
         ["TYPE a counter", #"{__name__="a_total"} 1"#, #"{__name__="a_created"} 1.5"#, "EOF"]),
    ])
    func accepted(_ text: String, _ expected: [String]) throws {
        #expect(try entries(text, .openMetrics) == expected)
    }

    @Test(arguments: [
        ("", "1:1: parse error: data does not end with # EOF"),
        ("a 1\n", "2:1: parse error: data does not end with # EOF"),
        ("a 1", "1:4: parse error: data does not end with # EOF"),
        ("# EOF\n\n", "2:1: parse error: unexpected data after # EOF"),
        ("# EOF\na 1\n", "2:1: parse error: unexpected data after # EOF"),
        ("a 1\n\n# EOF\n", #"2:1: parse error: expected a valid start token, got "\n""#),
        (" a 1\n# EOF\n", #"1:1: parse error: expected a valid start token, got " ""#),
        ("#  TYPE a counter\n# EOF\n", ##"1:3: parse error: expected HELP, TYPE, UNIT or EOF after "# " (OpenMetrics has no comments)"##),
        ("#\tTYPE a counter\n# EOF\n", ##"1:1: parse error: expected a valid start token, got "#" (OpenMetrics has no comments)"##),
        ("# comment\n# EOF\n", ##"1:3: parse error: expected HELP, TYPE, UNIT or EOF after "# " (OpenMetrics has no comments)"##),
        ("# TYPE a counter \n# EOF\n", #"1:10: parse error: invalid metric type "counter ""#),
        ("# TYPE a untyped\n# EOF\n", #"1:10: parse error: invalid metric type "untyped""#),
        ("# UNIT a_seconds s\n# EOF\n", #"1:18: parse error: unit "s" not a suffix of metric "a_seconds""#),
        ("# HELP a\n# EOF\n", "1:9: parse error: expected text in HELP"),
        ("a\t1\n# EOF\n", #"1:2: parse error: expected value after metric, got "\t""#),
        ("a 1\t2\n# EOF\n", #"1:3: parse error: strconv.ParseFloat: parsing "1\t2": invalid syntax"#),
        ("a{b=\"c\" } 1\n# EOF\n", #"1:8: parse error: expected comma or brace close, got " ""#),
        ("a{b=\"c\"d=\"e\"} 1\n# EOF\n", #"1:8: parse error: expected comma or brace close, got "d""#),
        ("a{b=\"c\nd\"} 1\n# EOF\n", "1:5: parse error: expected label value, got unterminated quoted string"),
        ("a 1 NaN\n# EOF\n", "1:5: parse error: invalid timestamp NaN"),
        ("a 1 # {b=\"c\"}\n# EOF\n", #"1:14: parse error: expected value after exemplar labels, got "\n""#),
        ("a 1 # {b} 1\n# EOF\n", #"1:9: parse error: expected equal, got "}""#),
        ("a 1 # {\"b\"} 1\n# EOF\n", #"1:11: parse error: expected equal, got "}""#),
        ("a 1 # {b=\"c\"} 0x1p-3\n# EOF\n", #"1:15: parse error: unsupported character in float while parsing: "0x1p-3""#),
        ("a 1 # {b=\"c\"} 1 Inf\n# EOF\n", "1:17: parse error: invalid exemplar timestamp Inf"),
        ("a 1 # {b=\"c\"} 1 2 3\n# EOF\n", #"1:18: parse error: expected next entry after exemplar timestamp, got " ""#),
        ("{b=\"c\"} 1\n# EOF\n", #"1:1: parse error: metric name not set while parsing: "{b=\"c\"}""#),
    ])
    func rejected(_ text: String, _ expected: String) {
        #expect(failure(text, .openMetrics) == expected)
    }

    @Test func exemplarsAreReadFromTheParser() throws {
        var parser = ExpositionParser(bytes: Array("a_total 3 # {trace_id=\"abc\"} 2.5 1700000000.5\nb 1\n# EOF\n".utf8), format: .openMetrics)
        guard case .sample(let first) = try parser.next() else { Issue.record("no sample"); return }
        #expect(first.hasExemplar)
        #expect(parser.exemplar() == Exemplar(labels: ["trace_id": "abc"], value: 2.5, timestamp: 1_700_000_000_500))
        guard case .sample(let second) = try parser.next() else { Issue.record("no sample"); return }
        #expect(!second.hasExemplar)
        #expect(parser.exemplar() == nil)
    }
}

/// `_created` lines as start timestamps (Prometheus' `created-timestamp-zero-ingestion`).
@Suite struct StartTimestampTests {
    static let text = """
        # TYPE a counter
        a_total{x="1"} 1
        a_created{x="1"} 1000.5
        a_total{x="2"} 2
        # TYPE h histogram
        h_bucket{le="1"} 1
        h_bucket{le="+Inf"} 2
        h_sum 3
        h_count 2
        h_created 2000
        # TYPE s summary
        s_created 3000
        s_count 1
        # TYPE g gauge
        g_created 5
        # EOF

        """

    @Test func startTimestampsFromCreatedLines() throws {
        var parser = ExpositionParser(bytes: Array(Self.text.utf8), format: .openMetrics, options: .init(skipCreatedSeries: true))
        var seen: [String] = []
        while let entry = try parser.next() {
            guard case .sample = entry else { continue }
            seen.append(parser.metricName() + " " + (parser.startTimestamp().map(String.init) ?? "-"))
        }
        #expect(seen == [
            "a_total 1000500", "a_total -",
            "h_bucket 2000000", "h_bucket 2000000", "h_sum 2000000", "h_count 2000000",
            // A `_created` line before the other samples is not found, as in Prometheus.
            "s_count -",
            "g_created -",
        ])
    }

    @Test func createdLinesStayByDefault() throws {
        let lines = try entries(Self.text, .openMetrics).filter { $0.contains("_created") }
        #expect(lines.count == 4)
    }
}
