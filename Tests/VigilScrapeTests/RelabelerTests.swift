import Testing
import VigilConfig
import VigilModel
@testable import VigilScrape

/// A relabel step as YAML would spell it; defaults are Prometheus'.
func step(
    _ action: RelabelConfig.Action = .replace, source: [String] = [], separator: String = ";",
    regex: String = "(.*)", target: String = "", replacement: String = "$1", modulus: UInt64 = 0
) -> RelabelConfig {
    var config = RelabelConfig()
    config.action = action
    config.sourceLabels = source
    config.separator = separator
    config.regex = try! LabelRegex(regex)
    config.targetLabel = target
    config.replacement = replacement
    config.modulus = modulus
    return config
}

struct RelabelCase: CustomTestStringConvertible, Sendable {
    var name: String
    var input: Labels
    var steps: [RelabelConfig]
    /// nil: the set is dropped.
    var output: Labels?
    var testDescription: String { name }
}

// Expectations follow Prometheus' documented relabeling behaviour (the cases of
// prometheus/prometheus model/relabel/relabel_test.go, re-derived from the docs).
let relabelCases: [RelabelCase] = [
    RelabelCase(
        name: "replace with a capture in the replacement",
        input: ["a": "foo", "b": "bar", "c": "baz"],
        steps: [step(source: ["a"], regex: "f(.*)", target: "d", replacement: "ch${1}-ch${1}")],
        output: ["a": "foo", "b": "bar", "c": "baz", "d": "choo-choo"]),
    RelabelCase(
        name: "source labels joined by the separator, steps see earlier results",
        input: ["a": "foo", "b": "bar", "c": "baz"],
        steps: [
            step(source: ["a", "b"], regex: "f(.*);(.*)r", target: "a", replacement: "b${1}${2}m"),
            step(source: ["c", "a"], regex: "(b).*b(.*)ba(.*)", target: "d", replacement: "$1$2$2$3"),
        ],
        output: ["a": "boobam", "b": "bar", "c": "baz", "d": "boooom"]),
    RelabelCase(
        name: "drop stops processing",
        input: ["a": "foo"],
        steps: [step(.drop, source: ["a"], regex: ".*o.*"), step(source: ["a"], regex: "f(.*)", target: "d", replacement: "ch$1")],
        output: nil),
    RelabelCase(
        name: "regexes are anchored: f|o does not match foo",
        input: ["a": "foo"], steps: [step(.drop, source: ["a"], regex: "f|o")], output: ["a": "foo"]),
    RelabelCase(
        name: "drop without a match keeps",
        input: ["a": "foo"], steps: [step(.drop, source: ["a"], regex: "no-match")], output: ["a": "foo"]),
    RelabelCase(
        name: "keep without a match drops",
        input: ["a": "foo"], steps: [step(.keep, source: ["a"], regex: "no-match")], output: nil),
    RelabelCase(
        name: "keep with a match keeps",
        input: ["a": "foo"], steps: [step(.keep, source: ["a"], regex: "f.*")], output: ["a": "foo"]),
    RelabelCase(
        name: "a partial capture in the middle",
        input: ["a": "abc"], steps: [step(source: ["a"], regex: ".*(b).*", target: "d")], output: ["a": "abc", "d": "b"]),
    RelabelCase(
        name: "no match, no replacement",
        input: ["a": "boo"], steps: [step(source: ["a"], regex: "f", target: "b", replacement: "bar")], output: ["a": "boo"]),
    RelabelCase(
        name: "an empty replacement deletes the target",
        input: ["a": "foo", "f": "baz"],
        steps: [step(source: ["a"], regex: "(f).*", target: "$1", replacement: "$2")],
        output: ["a": "foo"]),
    RelabelCase(
        name: "hashmod takes the MD5's last 8 bytes",
        input: ["a": "foo", "b": "bar", "c": "baz"],
        steps: [step(.hashmod, source: ["c"], target: "d", modulus: 1000)],
        output: ["a": "foo", "b": "bar", "c": "baz", "d": "976"]),
    RelabelCase(
        name: "hashmod over a value with a newline",
        input: ["a": "foo\nbar"], steps: [step(.hashmod, source: ["a"], target: "b", modulus: 1000)],
        output: ["a": "foo\nbar", "b": "734"]),
    RelabelCase(
        name: "labelmap copies matching names",
        input: ["a": "foo", "b1": "bar", "b2": "baz"],
        steps: [step(.labelmap, regex: "(b.*)", replacement: "bar_${1}")],
        output: ["a": "foo", "b1": "bar", "b2": "baz", "bar_b1": "bar", "bar_b2": "baz"]),
    RelabelCase(
        name: "labelmap of meta labels",
        input: ["a": "foo", "__meta_my_bar": "aaa", "__meta_my_baz": "bbb", "__meta_other": "ccc"],
        steps: [step(.labelmap, regex: "__meta_(my.*)", replacement: "${1}")],
        output: ["a": "foo", "__meta_my_bar": "aaa", "__meta_my_baz": "bbb", "__meta_other": "ccc", "my_bar": "aaa", "my_baz": "bbb"]),
    RelabelCase(
        name: "target label from a capture",
        input: ["a": "some-name-value"],
        steps: [step(source: ["a"], regex: "some-([^-]+)-([^,]+)", target: "${1}", replacement: "${2}")],
        output: ["a": "some-name-value", "name": "value"]),
    RelabelCase(
        name: "a replacement from a missing group is empty: nothing set",
        input: ["a": "some-name-value"],
        steps: [step(source: ["a"], regex: "some-([^-]+)-([^,]+)", target: "${1}", replacement: "${3}")],
        output: ["a": "some-name-value"]),
    RelabelCase(
        name: "a target label from a missing group is invalid: skipped",
        input: ["a": "some-name-0"],
        steps: [step(source: ["a"], regex: "some-([^-]+)-([^,]+)", target: "${3}", replacement: "${1}")],
        output: ["a": "some-name-0"]),
    RelabelCase(
        name: "service discovery tags to path, job and a label",
        input: ["__meta_sd_tags": "path:/secret,job:some-job,label:foo=bar"],
        steps: [
            step(source: ["__meta_sd_tags"], regex: "(?:.+,|^)path:(/[^,]+).*", target: "__metrics_path__", replacement: "${1}"),
            step(source: ["__meta_sd_tags"], regex: "(?:.+,|^)job:([^,]+).*", target: "job", replacement: "${1}"),
            step(source: ["__meta_sd_tags"], regex: "(?:.+,|^)label:([^=]+)=([^,]+).*", target: "${1}", replacement: "${2}"),
        ],
        output: ["__meta_sd_tags": "path:/secret,job:some-job,label:foo=bar", "__metrics_path__": "/secret", "job": "some-job", "foo": "bar"]),
    RelabelCase(
        name: "labeldrop then replace then keep (prometheus#12283)",
        input: ["__meta_kubernetes_pod_container_port_name": "foo", "__meta_kubernetes_pod_annotation_XXX_metrics_port": "9091"],
        steps: [
            step(.labeldrop, regex: "^__meta_kubernetes_pod_container_port_name$"),
            step(source: ["__meta_kubernetes_pod_annotation_XXX_metrics_port"], regex: "(.+)", target: "__meta_kubernetes_pod_container_port_name", replacement: "metrics"),
            step(.keep, source: ["__meta_kubernetes_pod_container_port_name"], regex: "^metrics$"),
        ],
        output: ["__meta_kubernetes_pod_annotation_XXX_metrics_port": "9091", "__meta_kubernetes_pod_container_port_name": "metrics"]),
    RelabelCase(
        name: "labelkeep", input: ["a": "foo", "b1": "bar", "b2": "baz"],
        steps: [step(.labelkeep, regex: "(b.*)")], output: ["b1": "bar", "b2": "baz"]),
    RelabelCase(
        name: "labeldrop", input: ["a": "foo", "b1": "bar", "b2": "baz"],
        steps: [step(.labeldrop, regex: "(b.*)")], output: ["a": "foo"]),
    RelabelCase(
        name: "uppercase and lowercase",
        input: ["foo": "bAr123Foo"],
        steps: [step(.uppercase, source: ["foo"], target: "foo_uppercase"), step(.lowercase, source: ["foo"], target: "foo_lowercase")],
        output: ["foo": "bAr123Foo", "foo_lowercase": "bar123foo", "foo_uppercase": "BAR123FOO"]),
    RelabelCase(
        name: "keepequal with equal values keeps",
        input: ["__tmp_port": "1234", "__port1": "1234", "__port2": "5678"],
        steps: [step(.keepequal, source: ["__tmp_port"], target: "__port1")],
        output: ["__tmp_port": "1234", "__port1": "1234", "__port2": "5678"]),
    RelabelCase(
        name: "dropequal with equal values drops",
        input: ["__tmp_port": "1234", "__port1": "1234", "__port2": "5678"],
        steps: [step(.dropequal, source: ["__tmp_port"], target: "__port1")], output: nil),
    RelabelCase(
        name: "dropequal with different values keeps",
        input: ["__tmp_port": "1234", "__port1": "1234", "__port2": "5678"],
        steps: [step(.dropequal, source: ["__tmp_port"], target: "__port2")],
        output: ["__tmp_port": "1234", "__port1": "1234", "__port2": "5678"]),
    RelabelCase(
        name: "keepequal with different values drops",
        input: ["__tmp_port": "1234", "__port1": "1234", "__port2": "5678"],
        steps: [step(.keepequal, source: ["__tmp_port"], target: "__port2")], output: nil),
    RelabelCase(
        name: "dot matches a newline",
        input: ["a": "line1\nline2", "b": "bar", "c": "baz"],
        steps: [step(source: ["a"], regex: "line1.*line2", target: "d", replacement: "match${1}")],
        output: ["a": "line1\nline2", "b": "bar", "c": "baz", "d": "match"]),
    RelabelCase(
        name: "UTF-8 target label names are valid (Prometheus 3)",
        input: ["a": "line1\nline2"],
        steps: [step(source: ["a"], regex: "line1.*line2", target: "utf-8.label${1}", replacement: "match${1}")],
        output: ["a": "line1\nline2", "utf-8.label": "match"]),
    RelabelCase(
        name: "named groups in both spellings",
        input: ["a": "line1\nline2"],
        steps: [
            step(source: ["a"], regex: "(line1).*(?<second>line2)", target: "label1_${1}", replacement: "val_${second}"),
            step(source: ["a"], regex: "(line1).*(?P<second>line2)", target: "label2_$1", replacement: "val_$second"),
        ],
        output: ["a": "line1\nline2", "label1_line1": "val_line2", "label2_line1": "val_line2"]),
    RelabelCase(
        name: "$1x names group 1x, which is missing (Go's Expand)",
        input: ["a": "foo"],
        steps: [step(source: ["a"], regex: "(f)oo", target: "b", replacement: "$1x")],
        output: ["a": "foo"]),
    RelabelCase(
        name: "a missing source label reads as empty and sets a constant",
        input: ["a": "foo"],
        steps: [step(source: ["nope"], target: "env", replacement: "prod")],
        output: ["a": "foo", "env": "prod"]),
    RelabelCase(
        name: "the default step copies nothing when the source is missing",
        input: ["a": "foo"],
        steps: [step(source: ["nope"], target: "b")],
        output: ["a": "foo"]),
    RelabelCase(
        name: "lowercase of a missing label deletes the target",
        input: ["a": "foo", "b": "x"],
        steps: [step(.lowercase, source: ["nope"], target: "b")],
        output: ["a": "foo"]),
    RelabelCase(
        name: "address to instance without the port",
        input: ["__address__": "host.example:9100"],
        steps: [step(source: ["__address__"], regex: "([^:]+):\\d+", target: "instance")],
        output: ["__address__": "host.example:9100", "instance": "host.example"]),
]

@Test(arguments: relabelCases)
func relabeling(_ c: RelabelCase) {
    #expect(Relabeler.process(c.input, c.steps) == c.output)
}

@Test(arguments: [
    ("", "d41d8cd98f00b204e9800998ecf8427e"),
    ("a", "0cc175b9c0f1b6a831c399e269772661"),
    ("abc", "900150983cd24fb0d6963f7d28e17f72"),
    ("message digest", "f96b697d7cb7938d525a2f31aaf161d0"),
    ("12345678901234567890123456789012345678901234567890123456789012345678901234567890",
     "57edf4a22be3c955ac49da2e2107b67a"),
])
func md5(_ input: String, _ hex: String) {
    let digest = MD5.digest(input.utf8)
    #expect(digest.map { String($0, radix: 16).count == 1 ? "0" + String($0, radix: 16) : String($0, radix: 16) }.joined() == hex)
}
