import Foundation
import VigilModel
import Yams

/// A `promtool test rules` file: rule files, the evaluation interval, and test groups of
/// input series with expected alerts and query results. Decoded strictly, as promtool's
/// `yaml.UnmarshalStrict`: an unknown key is an error naming its line.
struct RuleTestFile: Sendable {
    var ruleFiles: [String] = []
    /// Milliseconds; 1m when not given.
    var evaluationInterval: Int64 = 60_000
    var groupEvalOrder: [String] = []
    var fuzzyCompare = false
    var tests: [TestGroup] = []

    struct TestGroup: Sendable {
        var name = ""
        /// Spacing of input samples (ms); nil means the evaluation interval.
        var interval: Int64?
        var inputSeries: [(series: String, values: String)] = []
        var alertRuleTests: [AlertTest] = []
        var promqlExprTests: [ExprTest] = []
        var externalLabels: Labels = .empty
        var externalURL = ""
        /// Milliseconds since the epoch; 0 when not given.
        var startTimestamp: Int64 = 0
    }

    struct AlertTest: Sendable {
        var evalTime: Int64 = 0
        var alertname = ""
        var expected: [(labels: [String: String], annotations: [String: String])] = []
    }

    struct ExprTest: Sendable {
        var expr = ""
        var evalTime: Int64 = 0
        var expected: [(labels: String, value: Double, histogram: String)] = []
    }

    /// A problem decoding the file, worded as Go's YAML decoder words it.
    struct DecodingError: Error, CustomStringConvertible {
        var description: String
    }

    // MARK: - Decoding

    static func decode(_ yaml: String) throws(DecodingError) -> RuleTestFile {
        let root: Node?
        do {
            root = try Yams.compose(yaml: yaml)
        } catch {
            throw DecodingError(description: "yaml: \(error)")
        }
        var file = RuleTestFile()
        var problems: [String] = []
        guard let root else { return file }
        let decoder = Decoder(problems: { problems.append($0) })
        decoder.mapping(root, type: "main.unitTestFile") { key, value in
            switch key {
            case "rule_files": file.ruleFiles = decoder.strings(value)
            case "evaluation_interval": file.evaluationInterval = decoder.duration(value) ?? file.evaluationInterval
            case "group_eval_order": file.groupEvalOrder = decoder.strings(value)
            case "fuzzy_compare": file.fuzzyCompare = decoder.bool(value)
            case "tests": file.tests = decoder.sequence(value).map(decoder.testGroup)
            default: return false
            }
            return true
        }
        if file.evaluationInterval == 0 { file.evaluationInterval = 60_000 }
        guard problems.isEmpty else {
            throw DecodingError(description: "yaml: unmarshal errors:\n" + problems.map { "  " + $0 }.joined(separator: "\n"))
        }
        return file
    }

    /// Walks YAML nodes, collecting problems instead of stopping at the first.
    private struct Decoder {
        let problems: (String) -> Void

        func fail(_ node: Node, _ message: String) {
            problems("line \(node.mark?.line ?? 0): \(message)")
        }

        func mapping(_ node: Node, type: String, _ field: (String, Node) -> Bool) {
            if case .scalar(let scalar) = node, scalar.tag == Tag(.null) { return }
            guard let mapping = node.mapping else {
                fail(node, "cannot unmarshal \(kind(node)) into \(type)")
                return
            }
            for (key, value) in mapping {
                let name = key.string ?? ""
                if !field(name, value) { fail(key, "field \(name) not found in type \(type)") }
            }
        }

        func kind(_ node: Node) -> String {
            switch node {
            case .sequence: return "!!seq"
            case .mapping: return "!!map"
            default: return "!!str `\(node.string ?? "")`"
            }
        }

        func sequence(_ node: Node) -> [Node] {
            if case .scalar(let scalar) = node, scalar.tag == Tag(.null) { return [] }
            guard let sequence = node.sequence else {
                fail(node, "cannot unmarshal \(kind(node)) into a list")
                return []
            }
            return Array(sequence)
        }

        func string(_ node: Node) -> String {
            if case .scalar(let scalar) = node {
                return scalar.tag == Tag(.null) ? "" : scalar.string
            }
            fail(node, "cannot unmarshal \(kind(node)) into string")
            return ""
        }

        func strings(_ node: Node) -> [String] { sequence(node).map(string) }

        func bool(_ node: Node) -> Bool {
            switch string(node).lowercased() {
            case "true", "yes", "on", "y": return true
            case "false", "no", "off", "n", "": return false
            default:
                fail(node, "cannot unmarshal \(kind(node)) into bool")
                return false
            }
        }

        func float(_ node: Node) -> Double {
            let text = string(node)
            switch text.lowercased() {
            case ".inf", "+.inf": return .infinity
            case "-.inf": return -.infinity
            case ".nan": return .nan
            default: break
            }
            guard let value = Double(text) else {
                fail(node, "cannot unmarshal \(kind(node)) into float64")
                return 0
            }
            return value
        }

        /// A Prometheus duration (`1m`, `0`); nil (with a problem) when malformed.
        func duration(_ node: Node) -> Int64? {
            let text = string(node)
            do {
                return try PromDuration.parse(text)
            } catch {
                fail(node, "not a valid duration string: \(GoQuote.string(text))")
                return nil
            }
        }

        func stringMap(_ node: Node, type: String) -> [String: String] {
            var map: [String: String] = [:]
            mapping(node, type: type) { key, value in
                map[key] = string(value)
                return true
            }
            return map
        }

        func testGroup(_ node: Node) -> TestGroup {
            var group = TestGroup()
            mapping(node, type: "main.testGroup") { key, value in
                switch key {
                case "name": group.name = string(value)
                case "interval": group.interval = duration(value)
                case "input_series":
                    group.inputSeries = sequence(value).map { item in
                        var series = (series: "", values: "")
                        mapping(item, type: "main.series") { key, value in
                            switch key {
                            case "series": series.series = string(value)
                            case "values": series.values = string(value)
                            default: return false
                            }
                            return true
                        }
                        return series
                    }
                case "alert_rule_test": group.alertRuleTests = sequence(value).map(alertTest)
                case "promql_expr_test": group.promqlExprTests = sequence(value).map(exprTest)
                case "external_labels": group.externalLabels = Labels(stringMap(value, type: "labels.Labels"))
                case "external_url": group.externalURL = string(value)
                case "start_timestamp":
                    let text = string(value)
                    if let t = RuleTestFile.parseTime(text) { group.startTimestamp = t } else {
                        fail(value, "cannot parse \(GoQuote.string(text)) to a valid timestamp")
                    }
                default: return false
                }
                return true
            }
            return group
        }

        func alertTest(_ node: Node) -> AlertTest {
            var test = AlertTest()
            mapping(node, type: "main.alertTestCase") { key, value in
                switch key {
                case "eval_time": test.evalTime = duration(value) ?? 0
                case "alertname": test.alertname = string(value)
                case "exp_alerts":
                    test.expected = sequence(value).map { item in
                        var alert = (labels: [String: String](), annotations: [String: String]())
                        mapping(item, type: "main.alert") { key, value in
                            switch key {
                            case "exp_labels": alert.labels = stringMap(value, type: "map[string]string")
                            case "exp_annotations": alert.annotations = stringMap(value, type: "map[string]string")
                            default: return false
                            }
                            return true
                        }
                        return alert
                    }
                default: return false
                }
                return true
            }
            return test
        }

        func exprTest(_ node: Node) -> ExprTest {
            var test = ExprTest()
            mapping(node, type: "main.promqlTestCase") { key, value in
                switch key {
                case "expr": test.expr = string(value)
                case "eval_time": test.evalTime = duration(value) ?? 0
                case "exp_samples":
                    test.expected = sequence(value).map { item in
                        var sample = (labels: "", value: 0.0, histogram: "")
                        mapping(item, type: "main.sample") { key, value in
                            switch key {
                            case "labels": sample.labels = string(value)
                            case "value": sample.value = float(value)
                            case "histogram": sample.histogram = string(value)
                            default: return false
                            }
                            return true
                        }
                        return sample
                    }
                default: return false
                }
                return true
            }
            return test
        }
    }

    /// promtool's `parseTime`: Unix seconds (possibly fractional) or RFC 3339, to milliseconds.
    static func parseTime(_ text: String) -> Int64? {
        if let seconds = Double(text), seconds.isFinite {
            return Int64((seconds * 1000).rounded())
        }
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = formatter.date(from: text) { return Int64((date.timeIntervalSince1970 * 1000).rounded()) }
        formatter.formatOptions = [.withInternetDateTime]
        if let date = formatter.date(from: text) { return Int64((date.timeIntervalSince1970 * 1000).rounded()) }
        return nil
    }
}
