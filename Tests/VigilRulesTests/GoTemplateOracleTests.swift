import Foundation
import Testing
import VigilModel
import VigilPromQL
@testable import VigilRules

/// Alert templates checked against Go: every `.promtool` row's expected text is what
/// Prometheus' own `promtool test rules` (Go's text/template) rendered for it, and the
/// differential test below asks the installed promtool again when there is one.
/// `.modernGo` rows use Go features or Prometheus functions newer than Debian's promtool;
/// `.parseError` rows fail when the rule file is loaded, so promtool cannot render them.
struct GoTemplateOracleTests {
    enum Source: Sendable { case promtool, modernGo, parseError }

    struct Row: Sendable, CustomStringConvertible {
        var text: String
        var expected: String
        var source: Source
        init(_ text: String, _ expected: String, _ source: Source = .promtool) {
            self.text = text
            self.expected = expected
            self.source = source
        }
        var description: String { text }
    }

    static let labels: Labels = ["instance": "host-1.example.com:9100", "job": "node"]
    static let value = 0.123456

    /// A stand-in for the engine: `vector(N)` is one sample of value N, anything else empty.
    static let query: PrometheusTemplate.QueryFunction = { expr, time in
        guard expr.hasPrefix("vector("), let v = Double(expr.dropFirst(7).dropLast()) else { return [] }
        return [VectorSample(labels: .empty, t: time, v: v)]
    }

    static let expander = AlertTemplate(
        externalLabels: ["region": "eu"], externalURL: "http://vigil.example:3000/prefix", query: query)

    static let rows: [Row] = [
        Row("{{ $value }}",
            "0.123456"),
        Row("{{ $labels.instance }}|{{ $labels.job }}|{{ $labels.missing }}|{{ $labels }}",
            "host-1.example.com:9100|node||map[instance:host-1.example.com:9100 job:node]"),
        Row("{{ .Labels.instance }} {{ .Value }} {{ .ExternalURL }}",
            "host-1.example.com:9100 0.123456 http://vigil.example:3000/prefix"),
        Row("{{ $externalLabels.region }}|{{ $externalURL }}",
            "eu|http://vigil.example:3000/prefix"),
        Row("{{ printf \"%.2f|%5.1f|%-6s|%q|%x|%d|%05d|%+d|%X|%o|%b|%c|%U\" $value $value \"ab\" \"q\\\"\" 255 42 42 42 255 8 5 65 65 }}",
            "0.12|  0.1|ab    |\"q\\\"\"|ff|42|00042|+42|FF|10|101|A|U+0041"),
        Row("{{ printf \"%v %s %d\" \"a\" 1 \"b\" }}",
            "a %!s(int=1) %!d(string=b)"),
        Row("{{ printf \"%d %d\" 1 }}",
            "1 %!d(MISSING)"),
        Row("{{ printf \"%d\" 1 2 \"x\" }}",
            "1%!(EXTRA int=2, string=x)"),
        Row("{{ printf \"%6.2f|%-8.3e|%g|%G|%e|%E|%.3g|%10.4g|\" 3.14159 31415.9 0.000012345 1e21 123456.789 0.5 2.0 1234567.0 }}",
            "  3.14|3.142e+04|1.2345e-05|1E+21|1.234568e+05|5.000000E-01|2| 1.235e+06|"),
        Row("{{ printf \"%t %v %5t\" true false true }}",
            "true false  true"),
        Row("{{ printf \"%s|%10s|%-10s|%.2s|%q\" \"hello\" \"hi\" \"hi\" \"hello\" \"tab\\there\" }}",
            "hello|        hi|hi        |he|\"tab\\there\""),
        Row("{{ printf \"%v|%v|%v\" 1e6 123456.0 1234567.0 }}",
            "1e+06|123456|1.234567e+06"),
        Row("{{ printf \"%%|%z\" 1 }}",
            "%|%!z(int=1)"),
        Row("{{ printf \"%!\" }}",
            "%!!(MISSING)"),
        Row("{{ printf \"%[2]d %[1]d\" 1 2 }}",
            "2 1"),
        Row("{{ printf \"%*d|%-*d|\" 5 42 5 42 }}",
            "   42|42   |"),
        Row("{{ 1e6 }} {{ 123456789.0 }} {{ 0.00001 }} {{ 1e21 }} {{ 100000.0 }} {{ 0.0001 }} {{ -0.0 }} {{ 3.0 }}",
            "1e+06 1.23456789e+08 1e-05 1e+21 100000 0.0001 -0 3"),
        Row("{{ 0x1F }} {{ 0o17 }} {{ 0b101 }} {{ 1_000 }} {{ 'a' }} {{ -5 }} {{ +5 }}",
            "31 15 5 1000 97 -5 5"),
        Row("{{ if gt $value 0.1 }}big{{ else if gt $value 0.01 }}medium{{ else }}small{{ end }}",
            "big"),
        Row("{{ if and (gt $value 0.1) (lt $value 1.0) }}yes{{ end }}|{{ or 0 \"\" \"x\" }}|{{ and 1 0 2 }}|{{ not 0 }}|{{ not \"a\" }}",
            "yes|x|0|true|false"),
        Row("{{ gt $value 1 }}",
            "<error expanding template: error executing template __alert_A: template: __alert_A:1:115: executing \"__alert_A\" at <gt $value 1>: error calling gt: incompatible types for comparison>"),
        Row("{{ eq \"a\" \"b\" \"a\" }} {{ ne 1 2 }} {{ lt \"a\" \"b\" }} {{ le 2 2 }} {{ ge 1.5 2.5 }} {{ eq 1 1 }}",
            "true true true true false true"),
        Row("{{ eq $labels.missing \"\" }}|{{ eq .Labels.job \"node\" }}",
            "true|true"),
        Row("{{ lt true false }}",
            "<error expanding template: error executing template __alert_A: template: __alert_A:1:115: executing \"__alert_A\" at <lt true false>: error calling lt: invalid type for comparison>"),
        Row("{{ eq 1 \"1\" }}",
            "<error expanding template: error executing template __alert_A: template: __alert_A:1:115: executing \"__alert_A\" at <eq 1 \"1\">: error calling eq: incompatible types for comparison: int and string>", .modernGo),
        Row("{{ with $labels.job }}job={{ . }}{{ end }}|{{ with $labels.nope }}x{{ else }}none{{ end }}",
            "job=node|none"),
        Row("{{ range $k, $v := $labels }}{{ $k }}={{ $v }};{{ end }}",
            "instance=host-1.example.com:9100;job=node;"),
        Row("{{ range $labels }}{{ . }},{{ end }}",
            "host-1.example.com:9100,node,"),
        Row("{{ range $i, $e := (args \"a\" \"b\" \"c\") }}{{ $i }}:{{ $e }} {{ end }}",
            "arg0:a arg1:b arg2:c "),
        Row("{{ range (query \"up\") }}x{{ else }}empty{{ end }}",
            "empty"),
        Row("{{- \" trimmed \" -}}   |  {{- \"x\" }}  ",
            " trimmed |x  "),
        Row("a {{/* comment */}} b {{- /* trim */ -}} c",
            "a  bc"),
        Row("{{ $x := 1 }}{{ if true }}{{ $x = 2 }}{{ end }}{{ $x }}",
            "2"),
        Row("{{ $x := \"outer\" }}{{ with \"inner\" }}{{ $x := . }}{{ $x }}{{ end }} {{ $x }}",
            "inner outer"),
        Row("{{ len \"h\u{e9}llo\" }} {{ len $labels }} {{ len (args 1 2 3) }}",
            "6 2 3"),
        Row("{{ index $labels \"instance\" }}|{{ index $labels \"nope\" }}|{{ index \"abc\" 1 }}",
            "host-1.example.com:9100||98"),
        Row("{{ index (args 1 2) \"arg5\" }}",
            "<no value>"),
        Row("{{ slice \"abcdef\" 1 3 }}|{{ slice \"abcdef\" 2 }}|{{ slice \"abc\" }}",
            "bc|cdef|abc"),
        Row("{{ slice \"abc\" 2 1 }}",
            "<error expanding template: error executing template __alert_A: template: __alert_A:1:115: executing \"__alert_A\" at <slice \"abc\" 2 1>: error calling slice: invalid slice index: 2 > 1>"),
        Row("{{ print \"a\" 1 2 \"b\" 3.5 true }}|{{ println \"x\" 1 }}|",
            "a1 2b3.5 true|x 1\n|"),
        Row("{{ html \"<a href='x'>&\\\"</a>\" }}|{{ js \"it's <b>\\\"x\\\"</b> & =\" }}|{{ urlquery \"a b&c=d/\u{e9}\" }}",
            "&lt;a href=&#39;x&#39;&gt;&amp;&#34;&lt;/a&gt;|it\\'s \\u003Cb\\u003E\\\"x\\\"\\u003C/b\\u003E \\u0026 \\u003D|a+b%26c%3Dd%2F%C3%A9"),
        Row("{{ \"x\" | printf \"%s-%s\" \"y\" }}",
            "y-x"),
        Row("{{ define \"t\" }}[{{ . }}]{{ end }}{{ template \"t\" \"arg\" }}{{ template \"t\" }}{{ block \"b\" 42 }}<{{ . }}>{{ end }}",
            "[arg][<no value>]<42>"),
        Row("{{ template \"nope\" }}",
            "<error expanding template: error executing template __alert_A: template: __alert_A:1:124: executing \"__alert_A\" at <{{template \"nope\"}}>: template \"nope\" not defined>"),
        Row("{{ .Nope.Deeper }}",
            "<error expanding template: error executing template __alert_A: template: __alert_A:1:120: executing \"__alert_A\" at <.Nope.Deeper>: can't evaluate field Nope in type struct { Labels map[string]string; ExternalLabels map[string]string; ExternalURL string; Value interface {} }>", .modernGo),
        Row("{{ $labels.instance.Foo }}",
            "<error expanding template: error executing template __alert_A: template: __alert_A:1:122: executing \"__alert_A\" at <$labels.instance.Foo>: can't evaluate field Foo in type string>"),
        Row("{{ nil }}",
            "<error expanding template: error executing template __alert_A: template: __alert_A:1:115: executing \"__alert_A\" at <nil>: nil is not a command>"),
        Row("{{ 1 2 }}",
            "<error expanding template: error executing template __alert_A: template: __alert_A:1:115: executing \"__alert_A\" at <1>: can't give argument to non-function 1>"),
        Row("{{ humanize }}",
            "<error expanding template: error executing template __alert_A: template: __alert_A:1:115: executing \"__alert_A\" at <humanize>: wrong number of args for humanize: want 1 got 0>"),
        Row("{{ humanize 1 2 }}",
            "<error expanding template: error executing template __alert_A: template: __alert_A:1:115: executing \"__alert_A\" at <humanize>: wrong number of args for humanize: want 1 got 2>"),
        Row("{{ toUpper 1 }}",
            "<error expanding template: error executing template __alert_A: template: __alert_A:1:123: executing \"__alert_A\" at <1>: expected string; found 1>"),
        Row("{{ toUpper $value }}",
            "<error expanding template: error executing template __alert_A: template: __alert_A:1:123: executing \"__alert_A\" at <$value>: wrong type for value; expected string; got float64>"),
        Row("{{ title \"hello wORLD foo_bar it's x.y a-b 1st\" }}|{{ toUpper \"stra\u{df}e\" }}|{{ toLower \"\u{c0}\u{c9}\" }}",
            "Hello WORLD Foo_bar It'S X.Y A-B 1st|STRA\u{df}E|\u{e0}\u{e9}"),
        Row("{{ reReplaceAll \"a+\" \"X\" \"baaac\" }}|{{ reReplaceAll \"a*\" \"X\" \"baaac\" }}|{{ reReplaceAll \"(?P<first>\\\\w+) (\\\\w+)\" \"${2}_$first\" \"hello world\" }}|{{ reReplaceAll \"(a)\" \"$1x\" \"a\" }}",
            "bXc|XbXcX|world_hello|"),
        Row("{{ reReplaceAll \"(\" \"x\" \"y\" }}",
            "<error expanding template: error executing template __alert_A: template: __alert_A:1:115: executing \"__alert_A\" at <reReplaceAll \"(\" \"x\" \"y\">: error calling reReplaceAll: regexp: Compile(`(`): error parsing regexp: missing closing ): `(`>"),
        Row("{{ match \"^h.*o$\" \"hello\" }}|{{ match \"x\" \"abc\" }}",
            "true|false"),
        Row("{{ match \"(\" \"x\" }}",
            "<error expanding template: error executing template __alert_A: template: __alert_A:1:115: executing \"__alert_A\" at <match \"(\" \"x\">: error calling match: error parsing regexp: missing closing ): `(`>"),
        Row("{{ humanize 1234.5678 }}|{{ humanize 0.000001234 }}|{{ humanize -1234567 }}|{{ humanize1024 1536 }}|{{ humanize1024 -2048 }}|{{ humanizePercentage 0.5 }}",
            "1.235k|1.234u|-1.235M|1.5ki|-2ki|50%"),
        Row("{{ humanizeDuration 0.001 }}|{{ humanizeDuration 90061 }}|{{ humanizeDuration -59.9 }}|{{ humanizeDuration 1e-10 }}",
            "1ms|1d 1h 1m 1s|-59.9s|100ps"),
        Row("{{ humanizeTimestamp 1700000000.5 }}|{{ humanizeTimestamp 0.001 }}",
            "2023-11-14 22:13:20.5 +0000 UTC|1970-01-01 00:00:00.001 +0000 UTC"),
        Row("{{ (1700000000.123456 | toTime).Format \"2006-01-02T15:04:05.000Z07:00 Mon Jan _2 3:04PM .999 MST\" }}",
            "2023-11-14T22:13:20.123Z Tue Nov 14 10:13PM .123 UTC"),
        Row("{{ (90061.5 | toDuration) }}|{{ (0.0015 | toDuration) }}|{{ (0.0000015 | toDuration) }}|{{ (3600 | toDuration) }}|{{ (-1.5 | toDuration) }}",
            "25h1m1.5s|1.5ms|1.5\u{b5}s|1h0m0s|-1.5s", .modernGo),
        Row("{{ 1700000000 | toTime }}",
            "2023-11-14 22:13:20 +0000 UTC"),
        Row("{{ parseDuration \"1h30m\" }}|{{ parseDuration \"5x\" }}",
            "<error expanding template: error executing template __alert_A: template: __alert_A:1:143: executing \"__alert_A\" at <parseDuration \"5x\">: error calling parseDuration: not a valid duration string: \"5x\">"),
        Row("{{ humanize \"abc\" }}",
            "<error expanding template: error executing template __alert_A: template: __alert_A:1:115: executing \"__alert_A\" at <humanize \"abc\">: error calling humanize: strconv.ParseFloat: parsing \"abc\": invalid syntax>"),
        Row("{{ humanize true }}",
            "<error expanding template: error executing template __alert_A: template: __alert_A:1:115: executing \"__alert_A\" at <humanize true>: error calling humanize: can't convert bool to float>"),
        Row("{{ urlQueryEscape \"a b/c?d\" }}|{{ stripPort \"host:9090\" }}|{{ stripDomain \"a.b.c:80\" }}",
            "a+b%2Fc%3Fd|host|a:80", .modernGo),
        Row("{{ safeHtml \"<b>\" }}",
            "<b>"),
        Row("{{ $value | printf \"%.1f\" }}",
            "0.1"),
        Row("{{ query \"vector(1)\" | first | value }}",
            "1"),
        Row("{{ range query \"vector(2)\" }}{{ .Value }} {{ .Labels }}{{ end }}",
            "2 map[]"),
        Row("{{ (query \"vector(3)\" | first).Value }}",
            "3"),
        Row("{{ if }}{{ end }}",
            "<error expanding template: error parsing template __alert_A: template: __alert_A:1: missing value for if>", .parseError),
        Row("{{ end }}",
            "<error expanding template: error parsing template __alert_A: template: __alert_A:1: unexpected {{end}}>", .parseError),
        Row("{{ else }}",
            "<error expanding template: error parsing template __alert_A: template: __alert_A:1: unexpected {{else}}>", .parseError),
        Row("{{ range $a, $b, $c := . }}{{ end }}",
            "<error expanding template: error parsing template __alert_A: template: __alert_A:1: too many declarations in range>", .parseError),
        Row("{{ $undefined }}",
            "<error expanding template: error parsing template __alert_A: template: __alert_A:1: undefined variable \"$undefined\">", .parseError),
        Row("{{ \"unterminated }}",
            "<error expanding template: error parsing template __alert_A: template: __alert_A:1: unterminated quoted string>", .parseError),
        Row("{{ .Field | 1 }}",
            "<error expanding template: error parsing template __alert_A: template: __alert_A:1: non executable command in pipeline stage 2>", .parseError),
        Row("{{ (1) .X }}",
            "<error expanding template: error executing template __alert_A: template: __alert_A:1:115: executing \"__alert_A\" at <(1) .X>: can't give argument to non-function 1>"),
        Row("{{ 3 | printf \"%d\" }}",
            "3"),
        Row("{{ printf \"%d\" (len \"abc\") }}",
            "3"),
        Row("{{ printf \"%s\" $labels }}",
            "map[instance:host-1.example.com:9100 job:node]"),
        Row("{{ printf \"%v\" (args 1 \"a\") }}",
            "map[arg0:1 arg1:a]"),
        Row("{{ printf \"%5.2f%%\" 12.3456 }}",
            "12.35%"),
        Row("{{ printf \"%x %X %q\" \"hi\" \"hi\" 'x' }}",
            "6869 6869 'x'"),
        Row("{{ printf \"%08.3f|%+.2e|% d|%#x|%#o\" 3.14159 12345.678 5 255 8 }}",
            "0003.142|+1.23e+04| 5|0xff|010"),
        Row("{{ printf \"%T %T %T %T\" 1 1.5 \"s\" true }}",
            "int float64 string bool"),
        Row("{{ printf \"%v\" $labels }}",
            "map[instance:host-1.example.com:9100 job:node]"),
        Row("{{ . }}",
            "{map[instance:host-1.example.com:9100 job:node] map[region:eu] http://vigil.example:3000/prefix 0.123456}"),
        Row("{{ range $k, $v := args 1 2 3 4 }}{{ if eq $k \"arg1\" }}{{ continue }}{{ end }}{{ if eq $k \"arg3\" }}{{ break }}{{ end }}{{ $v }}{{ end }}",
            "13", .modernGo),
        Row("{{ with $labels.nope }}a{{ else with $labels.job }}b={{ . }}{{ else }}c{{ end }}", "b=node", .modernGo),
        Row("{{ range 3 }}{{ . }}{{ end }}", "012", .modernGo),
        Row("{{ eq 1.5 2 }}",
            "<error expanding template: error executing template __alert_A: template: __alert_A:1:115: executing \"__alert_A\" at <eq 1.5 2>: error calling eq: incompatible types for comparison: float64 and int>",
            .modernGo),
    ]

    @Test(arguments: rows)
    func expansion(_ row: Row) {
        let output = Self.expander.expand(row.text, alertName: "A", labels: Self.labels, value: Self.value, time: 0)
        #expect(output == row.expected)
    }

    /// Renders every `.promtool` row with the installed promtool and compares with the table.
    @Test func promtoolAgrees() throws {
        guard let promtool = PromtoolRunner.find() else {
            print("skipped: promtool is not installed, the table's recorded promtool output is used alone")
            return
        }
        let rows = Self.rows.enumerated().filter { $0.element.source == .promtool }
        var rules = """
            groups:
            - name: g
              rules:
              - alert: A
                expr: label_replace(label_replace(vector(0.123456), "instance", "host-1.example.com:9100", "", ""), "job", "node", "", "")
                annotations:

            """
        for (index, row) in rows {
            rules += "      a\(index): \(GoQuote.string(row.text))\n"
        }
        let test = """
            rule_files: [rules.yml]
            tests:
            - interval: 1m
              external_labels:
                region: eu
              external_url: http://vigil.example:3000/prefix
              input_series: []
              alert_rule_test:
              - eval_time: 0m
                alertname: A
                exp_alerts: []

            """
        let output = try PromtoolRunner.run(promtool, files: ["rules.yml": rules, "test.yml": test], arguments: ["test", "rules", "test.yml"])
        let annotations = try #require(PromtoolRunner.annotations(in: output), "no annotations in promtool output:\n\(output)")
        for (index, row) in rows {
            #expect(annotations["a\(index)"] == row.expected, "promtool renders \(row.text) differently")
        }
    }
}
