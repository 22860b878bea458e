import Testing
import VigilModel
import VigilPromQL
@testable import VigilRules

/// Prometheus' own expansion table (prometheus/prometheus template/template_test.go),
/// with its inputs in Vigil's value model: the outputs and error texts are Prometheus'.
struct PrometheusTemplateTests {
    struct Case: Sendable, CustomStringConvertible {
        var text: String
        var input: TemplateValue = .missing
        var query: [VectorSample] = []
        /// Expected output, or the expected error text when `fails`.
        var expected: String
        var fails = false
        var description: String { text }
    }

    static func floats(_ values: [Double]) -> TemplateValue { .list(values.map { .float($0) }, elementType: "float64") }
    static func strings(_ values: [String]) -> TemplateValue { .strings(values) }
    static func ints(_ values: [Int64]) -> TemplateValue { .list(values.map { .int($0) }, elementType: "int64") }
    static func uints(_ values: [UInt64]) -> TemplateValue { .list(values.map { .uint($0) }, elementType: "uint64") }
    static func sample(_ labels: Labels, _ v: Double) -> VectorSample { VectorSample(labels: labels, t: 0, v: v) }

    static let cases: [Case] = [
        Case(text: "plain text", expected: "plain text"),
        Case(text: "{{ 1 }}", expected: "1"),
        Case(text: "{{ \u{A0}}}", expected: "error parsing template test: template: test:1: unrecognized character in action: U+00A0", fails: true),
        Case(text: "{{ \"<b>\" }}", expected: "<b>"),
        Case(text: "{{define \"x\"}}{{.arg0}} {{.arg1}}{{end}}{{template \"x\" (args 1 \"2\")}}", expected: "1 2"),
        Case(text: "{{ query \"1.5\" | first | value }}", query: [sample([:], 1.5)], expected: "1.5"),
        Case(text: "{{ query \"metric{instance='a'}\" | first | value }}",
             query: [sample(["__name__": "metric", "instance": "a"], 11)], expected: "11"),
        Case(text: "{{ query \"metric{instance='a'}\" | first | label \"instance\" }}",
             query: [sample(["__name__": "metric", "instance": "a"], 11)], expected: "a"),
        Case(text: "{{ query \"metric{__value__='a'}\" | first | strvalue }}",
             query: [sample(["__name__": "metric", "__value__": "a"], 11)], expected: "a"),
        Case(text: "{{ query \"metric{instance='a'}\" | first | label \"foo\" }}",
             query: [sample(["__name__": "metric", "instance": "a"], 11)], expected: ""),
        Case(text: "{{ $x := query \"metric\" | first }}{{ $x.Labels.foo }}",
             query: [sample(["__name__": "metric", "instance": "a"], 11)], expected: ""),
        Case(text: "{{ range query \"metric\" | sortByLabel \"instance\" }}{{.Labels.instance}}:{{.Value}}: {{end}}",
             query: [sample(["__name__": "metric", "instance": "b"], 21), sample(["__name__": "metric", "instance": "a"], 11)],
             expected: "a:11: b:21: "),
        Case(text: "{{ \"foo.example.com\" | stripPort }}", expected: "foo.example.com"),
        Case(text: "{{ \"foo.example.com:12345\" | stripPort }}", expected: "foo.example.com"),
        Case(text: "{{ \"192.0.2.1\" | stripPort }}", expected: "192.0.2.1"),
        Case(text: "{{ \"192.0.2.1:12345\" | stripPort }}", expected: "192.0.2.1"),
        Case(text: "{{ \"2001:0DB8::1\" | stripPort }}", expected: "2001:0DB8::1"),
        Case(text: "{{ \"[2001:0DB8::1]:12345\" | stripPort }}", expected: "2001:0DB8::1"),
        Case(text: "{{ \"[2001:0DB8::1]::12345\" | stripPort }}", expected: "[2001:0DB8::1]::12345"),
        Case(text: "{{ .Foo }}", expected: "<no value>"),
        Case(text: "{{", expected: "error parsing template test: template: test:1: unclosed action", fails: true),
        Case(text: "{{ query \"missing\" | first }}",
             expected: "error executing template test: template: test:1:21: executing \"test\" at <first>: error calling first: first() called on vector with no elements",
             fails: true),
        Case(text: "{{ (query \"missing\").banana }}",
             expected: "error executing template test: template: test:1:10: executing \"test\" at <\"missing\">: can't evaluate field banana in type template.queryResult",
             fails: true),
        Case(text: "{{ reReplaceAll \"(a)b\" \"x$1\" \"ab\" }}", expected: "xa"),
        Case(text: "{{ range . }}{{ humanize . }}:{{ end }}", input: floats([0.0, 1.0, 1234567.0, 0.12]), expected: "0:1:1.235M:120m:"),
        Case(text: "{{ range . }}{{ humanize . }}:{{ end }}", input: strings(["0.0", "1.0", "1234567.0", ".12"]), expected: "0:1:1.235M:120m:"),
        Case(text: "{{ humanize \"one\" }}",
             expected: "error executing template test: template: test:1:3: executing \"test\" at <humanize \"one\">: error calling humanize: strconv.ParseFloat: parsing \"one\": invalid syntax",
             fails: true),
        Case(text: "{{ range . }}{{ humanize . }}:{{ end }}", input: ints([0, -1, 1, 1234567, Int64.max]), expected: "0:-1:1:1.235M:9.223E:"),
        Case(text: "{{ range . }}{{ humanize . }}:{{ end }}", input: uints([0, 1, 1234567, UInt64.max]), expected: "0:1:1.235M:18.45E:"),
        Case(text: "{{ range . }}{{ humanize1024 . }}:{{ end }}", input: floats([0.0, 1.0, 1048576.0, 0.12]), expected: "0:1:1Mi:0.12:"),
        Case(text: "{{ range . }}{{ humanize1024 . }}:{{ end }}", input: strings(["0.0", "1.0", "1048576.0", ".12"]), expected: "0:1:1Mi:0.12:"),
        Case(text: "{{ range . }}{{ humanize1024 . }}:{{ end }}", input: ints([0, -1, 1, 1234567, Int64.max]), expected: "0:-1:1:1.177Mi:8Ei:"),
        Case(text: "{{ range . }}{{ humanize1024 . }}:{{ end }}", input: uints([0, 1, 1234567, UInt64.max]), expected: "0:1:1.177Mi:16Ei:"),
        Case(text: "{{ range . }}{{ humanizeDuration . }}:{{ end }}",
             input: floats([0, 1, 60, 3600, 86400, 86400 + 3600, -(86400 * 2 + 3600 * 3 + 60 * 4 + 5), 899.99]),
             expected: "0s:1s:1m 0s:1h 0m 0s:1d 0h 0m 0s:1d 1h 0m 0s:-2d 3h 4m 5s:14m 59s:"),
        Case(text: "{{ range . }}{{ humanizeDuration . }}:{{ end }}", input: strings(["0", "1", "60", "3600", "86400"]),
             expected: "0s:1s:1m 0s:1h 0m 0s:1d 0h 0m 0s:"),
        Case(text: "{{ range . }}{{ humanizeDuration . }}:{{ end }}", input: floats([0.1, 0.0001, 0.12345, 60.1, 60.5, 1.2345, 12.345]),
             expected: "100ms:100us:123.5ms:1m 0s:1m 0s:1.234s:12.35s:"),
        Case(text: "{{ range . }}{{ humanizeDuration . }}:{{ end }}", input: ints([0, -1, 1, 1234567]), expected: "0s:-1s:1s:14d 6h 56m 7s:"),
        Case(text: "{{ range . }}{{ humanize . }}:{{ humanize1024 . }}:{{ humanizeDuration . }}:{{humanizeTimestamp .}}:{{ end }}",
             input: floats([.infinity, -.infinity, .nan]), expected: "+Inf:+Inf:+Inf:+Inf:-Inf:-Inf:-Inf:-Inf:NaN:NaN:NaN:NaN:"),
        Case(text: "{{ range . }}{{ humanize . }}:{{ humanize1024 . }}:{{ humanizeDuration . }}:{{humanizeTimestamp .}}:{{ end }}",
             input: strings(["+Inf", "-Inf", "NaN"]), expected: "+Inf:+Inf:+Inf:+Inf:-Inf:-Inf:-Inf:-Inf:NaN:NaN:NaN:NaN:"),
        Case(text: "{{ -0.22222 | humanizePercentage }}:{{ 0.0 | humanizePercentage }}:{{ 0.1234567 | humanizePercentage }}:{{ 1.23456 | humanizePercentage }}",
             expected: "-22.22%:0%:12.35%:123.5%"),
        Case(text: "{{ range . }}{{ humanizePercentage . }}:{{ end }}", input: ints([0, -1, 1, 1234567, Int64.max]),
             expected: "0%:-100%:100%:1.235e+08%:9.223e+20%:"),
        Case(text: "{{ range . }}{{ humanizePercentage . }}:{{ end }}", input: uints([0, 1, 1234567, UInt64.max]),
             expected: "0%:100%:1.235e+08%:1.845e+21%:"),
        Case(text: "{{ \"one\" | humanizePercentage }}",
             expected: "error executing template test: template: test:1:11: executing \"test\" at <humanizePercentage>: error calling humanizePercentage: strconv.ParseFloat: parsing \"one\": invalid syntax",
             fails: true),
        Case(text: "{{ range . }}{{ humanizeTimestamp . }}:{{ end }}", input: ints([0, -1, 1, 1234567, 9223372036]),
             expected: "1970-01-01 00:00:00 +0000 UTC:1969-12-31 23:59:59 +0000 UTC:1970-01-01 00:00:01 +0000 UTC:1970-01-15 06:56:07 +0000 UTC:2262-04-11 23:47:16 +0000 UTC:"),
        Case(text: "{{ range . }}{{ humanizeTimestamp . }}:{{ end }}", input: ints([Int64.min, Int64.max]),
             expected: "error executing template test: template: test:1:16: executing \"test\" at <humanizeTimestamp .>: error calling humanizeTimestamp: -9.223372036854776e+18 cannot be represented as a nanoseconds timestamp since it overflows int64",
             fails: true),
        Case(text: "{{ range . }}{{ humanizeTimestamp . }}:{{ end }}", input: uints([UInt64.max]),
             expected: "error executing template test: template: test:1:16: executing \"test\" at <humanizeTimestamp .>: error calling humanizeTimestamp: 1.8446744073709552e+19 cannot be represented as a nanoseconds timestamp since it overflows int64",
             fails: true),
        Case(text: "{{ 1435065584.128 | humanizeTimestamp }}", expected: "2015-06-23 13:19:44.128 +0000 UTC"),
        Case(text: "{{ \"1435065584.128\" | humanizeTimestamp }}", expected: "2015-06-23 13:19:44.128 +0000 UTC"),
        Case(text: "{{ (1435065584.128 | toTime).Format \"2006\" }}", expected: "2015"),
        Case(text: "{{ (\"1435065584.128\" | toTime).Format \"2006\" }}", expected: "2015"),
        Case(text: "{{ (1800 | toDuration).String }}", expected: "30m0s"),
        Case(text: "{{ (\"1800\" | toDuration).String }}", expected: "30m0s"),
        Case(text: "{{ now }}", expected: "1.353755652e+09"),
        Case(text: "{{ (now | toTime).Format \"Mon Jan 2 15:04:05 2006\" }}", expected: "Sat Nov 24 11:14:12 2012"),
        Case(text: "{{ (\"-30m\" | parseDuration | toDuration | (now | toTime).Add).UnixMilli }}", expected: "1353753852000"),
        Case(text: "{{ \"aa bb CC\" | title }}", expected: "Aa Bb CC"),
        Case(text: "{{ \"aa bb CC\" | toUpper }}", expected: "AA BB CC"),
        Case(text: "{{ \"aA bB CC\" | toLower }}", expected: "aa bb cc"),
        Case(text: "{{ match \"a+\" \"aa\" }} {{ match \"a+\" \"b\" }}", expected: "true false"),
        Case(text: "{{ graphLink \"up\" }}", expected: "/graph?g0.expr=up&g0.tab=0"),
        Case(text: "{{ tableLink \"up\" }}", expected: "/graph?g0.expr=up&g0.tab=1"),
        Case(text: "{{ pathPrefix }}", expected: "/path/prefix"),
        Case(text: "{{ externalURL }}", expected: "http://testhost:9090/path/prefix"),
        Case(text: "{{ printf \"%0.2f\" (parseDuration \"1h2m10ms\") }}", expected: "3720.01"),
        Case(text: "{{ printf \"%0.2f\" (parseDuration \"-1h2m10ms\") }}", expected: "-3720.01"),
        Case(text: "{{ \"foo.example.com\" | stripDomain }}", expected: "foo"),
        Case(text: "{{ \"foo.example.com:12345\" | stripDomain }}", expected: "foo:12345"),
        Case(text: "{{ \"192.0.2.1\" | stripDomain }}", expected: "192.0.2.1"),
        Case(text: "{{ \"192.0.2.1:12345\" | stripDomain }}", expected: "192.0.2.1:12345"),
        Case(text: "{{ \"2001:0DB8::1\" | stripDomain }}", expected: "2001:0DB8::1"),
        Case(text: "{{ \"[2001:0DB8::1]:12345\" | stripDomain }}", expected: "[2001:0DB8::1]:12345"),
        Case(text: "{{ \"[2001:0DB8::1]::12345\" | stripDomain }}", expected: "[2001:0DB8::1]::12345"),
    ]

    @Test(arguments: cases)
    func expansion(_ c: Case) {
        let results = c.query
        let expander = PrometheusTemplate(time: 1_353_755_652_000, externalURL: "http://testhost:9090/path/prefix") { _, _ in results }
        do {
            let output = try expander.expand(c.text, name: "test", data: c.input)
            #expect(!c.fails, "expected failure \(c.expected), got \(output)")
            #expect(output == c.expected)
        } catch {
            #expect(c.fails, "unexpected error \(error.message)")
            #expect(error.message == c.expected)
        }
    }
}
