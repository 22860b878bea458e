import Testing
import VigilExposition
import VigilModel

/// The Prometheus text format 0.0.4 as Prometheus' `PromParser` reads it: the edge cases
/// upstream pins in `promparse_test.go` (see `Tests/Conformance/textparse/README.md`).
@Suite struct PrometheusTextParserTests {
    @Test(arguments: [
        // HELP and TYPE: blanks after `#` and the keyword, HELP before or after TYPE.
        ("# HELP a Some help.\n# TYPE a counter\na 1\n", ["HELP a Some help.", "TYPE a counter", #"{__name__="a"} 1"#]),
        ("# \tTYPE a gauge\n#\tHELP\ta  two  spaces\n", ["TYPE a gauge", "HELP a  two  spaces"]),
        ("# HELP nohelp1\n# HELP nohelp2 \n", ["HELP nohelp1 ", "HELP nohelp2 "]),
        (#"# HELP a x\\y\nz\"q"# + "\n", [#"HELP a x\y"# + "\nz\\\"q"]),
        ("# TYPE a untyped\n", ["TYPE a unknown"]),
        ("# TYPE a histogram\n# TYPE b summary\n", ["TYPE a histogram", "TYPE b summary"]),
        // Comments pass through verbatim, including ones that start like HELP.
        ("# Hrandom comment\n#\n# escaped \\n stays\n#EOF\n", ["COMMENT # Hrandom comment", "COMMENT #", #"COMMENT # escaped \n stays"#, "COMMENT #EOF"]),
        ("# HELP\n# TYPE\n", ["COMMENT # HELP", "COMMENT # TYPE"]),
        // Blank lines and blanks anywhere.
        ("\n\n  \t\na 1\n\n", [#"{__name__="a"} 1"#]),
        ("  a 1\n", [#"{__name__="a"} 1"#]),
        // Label syntax: trailing comma, blanks, blanks before `{`, even a missing comma.
        (#"a{b="c",} 1"#, [#"{__name__="a", b="c"} 1"#]),
        (#"a { b = "c" , d= "e" } 1"#, [#"{__name__="a", b="c", d="e"} 1"#]),
        (#"a{b="1" c="2"} 1"#, [#"{__name__="a", b="1", c="2"} 1"#]),
        (#"a{} 1"#, [#"{__name__="a"} 1"#]),
        (#"a{b="c"}1"#, [#"{__name__="a", b="c"} 1"#]),
        // Escapes in label values: \\ \" \n; other backslashes stay.
        (#"a{b="x\\y\"z\nw\q"} 1"#, [#"{__name__="a", b="x\\y\"z\nw\\q"} 1"#]),
        // Empty values drop the label; labels come out sorted.
        (#"a{z="1",b="",c="2"} 1"#, [#"{__name__="a", c="2", z="1"} 1"#]),
        // Names with colons and underscores.
        ("some:aggregate:rate5m{a_b=\"c\"}\t1\n", [#"{__name__="some:aggregate:rate5m", a_b="c"} 1"#]),
        (#"_m{_l="x"} 1"#, [#"{__name__="_m", _l="x"} 1"#]),
        // Quoted UTF-8 names (text format 1.0.0): the metric name anywhere in the braces.
        (#"{"go.gc",quantile="0.5"} 1"#, [#"{__name__="go.gc", quantile="0.5"} 1"#]),
        (#"{ quantile="1", "go.gc" , a="b" } 2"#, [#"{__name__="go.gc", a="b", quantile="1"} 2"#]),
        (#"{"strange©™\n\"x\""="6", "m"} 1"#, ["{__name__=\"m\", strange©™\n\"x\"=\"6\"} 1"]),
        (#"# HELP "my.metric" h"# + "\n", ["HELP my.metric h"]),
        // Values: Go floats, NaN, ±Inf, exponents; timestamps in ms with blanks around.
        ("a 1.5e3\nb NaN\nc +Inf\nd -Inf\ne inf\nf -0\n", [
            #"{__name__="a"} 1500"#, #"{__name__="b"} NaN"#, #"{__name__="c"} +Inf"#,
            #"{__name__="d"} -Inf"#, #"{__name__="e"} +Inf"#, #"{__name__="f"} -0"#,
        ]),
        ("go_goroutines 33  \t123123 \n", [#"{__name__="go_goroutines"} 33 @123123"#]),
        ("a 1 0", [#"{__name__="a"} 1 @0"#]),
        // `le` (histograms) and `quantile` (summaries) are normalised, other types untouched.
        ("# TYPE h histogram\nh_bucket{le=\"1\"} 1\nh_bucket{le=\"+Inf\"} 1\n", [
            "TYPE h histogram", #"{__name__="h_bucket", le="1.0"} 1"#, #"{__name__="h_bucket", le="+Inf"} 1"#,
        ]),
        ("# TYPE s summary\ns{quantile=\"0\"} 1\ns{quantile=\"0.25\"} 1\n", [
            "TYPE s summary", #"{__name__="s", quantile="0.0"} 1"#, #"{__name__="s", quantile="0.25"} 1"#,
        ]),
        ("testmetric{le=\"10\"} 1\n", [#"{__name__="testmetric", le="10"} 1"#]),
        // NUL bytes inside quoted label values and HELP text are allowed.
        ("# HELP m foo\u{0}bar\nm{a=\"abc\u{0}\"} 1\n", ["HELP m foo\u{0}bar", "{__name__=\"m\", a=\"abc\u{0}\"} 1"]),
        // `# EOF` is just a comment in this format.
        ("a 1\n# EOF\n", [#"{__name__="a"} 1"#, "COMMENT # EOF"]),
        ("", []),
    ])
    func accepted(_ text: String, _ expected: [String]) throws {
        #expect(try entries(text, .prometheusText) == expected)
    }

    @Test(arguments: [
        ("a", #"1:2: parse error: expected value after metric, got end of input"#),
        ("a{b='c'} 1\n", #"1:5: parse error: expected label value, got "'""#),
        ("a{b=\n", #"1:5: parse error: expected label value, got "\n""#),
        ("a{\u{ff}=\"foo\"} 1\n", #"1:3: parse error: expected label name, got "ÿ""#),
        ("a true\n", #"1:3: parse error: strconv.ParseFloat: parsing "true": invalid syntax"#),
        ("something_weird{problem=\"", "1:25: parse error: expected label value, got unterminated quoted string"),
        ("empty_label_name{=\"\"} 0", #"1:18: parse error: expected label name, got "=""#),
        ("{A}0", #"1:3: parse error: expected equal, got "}""#),
        ("foo 1_2\n", #"1:5: parse error: unsupported character in float while parsing: "1_2""#),
        ("foo 0x1p-3\n", #"1:5: parse error: unsupported character in float while parsing: "0x1p-3""#),
        ("foo 0x1\n", #"1:5: parse error: strconv.ParseFloat: parsing "0x1": invalid syntax"#),
        ("foo 1e400\n", #"1:5: parse error: strconv.ParseFloat: parsing "1e400": value out of range"#),
        ("foo 0 1_2\n", #"1:8: parse error: expected next entry after timestamp, got "_""#),
        ("foo 0 -1\n", #"1:7: parse error: expected timestamp or new record, got "-""#),
        ("foo 0 1.5\n", #"1:8: parse error: expected next entry after timestamp, got ".""#),
        ("foo 0 99999999999999999999\n", #"1:7: parse error: strconv.ParseInt: parsing "99999999999999999999": value out of range"#),
        (#"{a="ok"} 1"#, #"1:1: parse error: metric name not set while parsing: "{a=\"ok\"} 1""#),
        (#"{"a","b"} 1"#, #"1:6: parse error: metric name already set while parsing: "{\"a\",\"b\"}""#),
        ("# TYPE #\n", ##"1:8: parse error: expected metric name after TYPE, got "#""##),
        ("# HELP #\n", ##"1:8: parse error: expected metric name after HELP, got "#""##),
        ("# TYPE a meh\n", #"1:10: parse error: invalid metric type "meh""#),
        ("# TYPE a gaugehistogram\n", #"1:10: parse error: invalid metric type "gaugehistogram""#),
        ("# TYPE a\n", #"1:9: parse error: invalid metric type """#),
        ("a{b=\u{0}\"ssss\"} 1\n", #"1:5: parse error: expected label value, got "\x00""#),
        ("a{b\u{0}=\"hiih\"}\t1", #"1:4: parse error: expected equal, got "\x00""#),
        ("a\u{0}{b=\"ddd\"} 1", #"1:2: parse error: strconv.ParseFloat: parsing "\x00": invalid syntax"#),
        ("a 0 1\u{0}", #"1:6: parse error: expected next entry after timestamp, got "\x00""#),
        ("\u{0}a 1", #"1:1: parse error: expected a valid start token, got "\x00""#),
        ("a{b=\"c\",,d=\"e\"} 1", #"1:9: parse error: expected label name, got ",""#),
        ("a{b=\"c\"\n} 1", #"1:8: parse error: expected label name, got "\n""#),
        ("a{b=\"1\",b=\"2\"} 1", #"1:9: parse error: label name "b" is not unique"#),
        ("a{__name__=\"b\"} 1", #"1:3: parse error: label name "__name__" is not unique"#),
        ("a 1\n-b 2\n", #"2:1: parse error: expected a valid start token, got "-""#),
    ])
    func rejected(_ text: String, _ expected: String) {
        #expect(failure(text, .prometheusText) == expected)
    }

    /// Go's %q writes an invalid byte as `\xff`.
    static let invalidUTF8Rows: [([UInt8], String)] = [
        (Array("a{b=\"".utf8) + [0xff] + Array("\"} 1\n".utf8), "1:5: parse error: invalid UTF-8 label value: \"\\\"\\xff\\\"\""),
        (Array("# HELP a ".utf8) + [0xff, 0x0a], "1:10: parse error: help text \"\\xff\" is not a valid utf8 string"),
    ]

    @Test(arguments: invalidUTF8Rows)
    func invalidUTF8(_ bytes: [UInt8], _ expected: String) {
        var parser = ExpositionParser(bytes: bytes, format: .prometheusText)
        do {
            while try parser.next() != nil {}
            Issue.record("parsed")
        } catch {
            #expect(error.description == expected)
        }
    }

    @Test func theFirstErrorSticks() throws {
        var parser = ExpositionParser(bytes: Array("a 1\nb x\nc 2\n".utf8), format: .prometheusText)
        _ = try parser.next()
        #expect(throws: ExpositionError.self) { try parser.next() }
        #expect(throws: ExpositionError.self) { try parser.next() }
    }

    @Test func seriesBytesAreTheTextAsWritten() throws {
        var parser = ExpositionParser(bytes: Array("a{b=\"c\"} 1 5\n  d 2\ne {f=\"g\"} 3\n".utf8), format: .prometheusText)
        var series: [String] = []
        while let entry = try parser.next() {
            guard case .sample = entry else { continue }
            series.append(String(decoding: parser.seriesBytes(), as: UTF8.self))
        }
        #expect(series == [#"a{b="c"}"#, "d", #"e {f="g"}"#])
    }
}
