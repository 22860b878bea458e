import Foundation
import VigilConfig
import VigilModel
import VigilPromQL
import Yams

/// One test group of a rule test file, run as promtool's `testGroup.test`.
struct RuleTestGroupRun {
    let file: RuleTestFile
    let group: RuleTestFile.TestGroup
    let name: String
    let ruleFiles: [String]
    let groupOrder: [String: Int]
    let options: RuleTestRunner.Options
    private(set) var warnings: [String] = []

    init(
        file: RuleTestFile, group: RuleTestFile.TestGroup, name: String, ruleFiles: [String], groupOrder: [String: Int],
        options: RuleTestRunner.Options
    ) {
        self.file = file
        self.group = group
        self.name = name
        self.ruleFiles = ruleFiles
        self.groupOrder = groupOrder
        self.options = options
    }

    private var interval: Int64 { group.interval ?? file.evaluationInterval }
    private var start: Int64 { group.startTimestamp }

    /// A sample waiting to be loaded into the store.
    private struct Pending {
        var labels: Labels
        var t: Timestamp
        var v: Double
    }

    // MARK: - Running

    mutating func run() async -> [String] {
        let pending: [Pending]
        switch loadInput() {
        case .success(let loaded): pending = loaded
        case .failure(let error): return [error.message]
        }
        let store = MemorySeriesStore()
        var engineOptions = Engine.Options()
        engineOptions.maxSamples = 10_000
        engineOptions.timeout = .seconds(100)
        engineOptions.defaultSubqueryStep = file.evaluationInterval
        let engine = PromQLRuleEngine(engine: Engine(options: engineOptions), queryable: store)
        var environment = RuleEnvironment(engine: engine, appender: store, queryable: store)
        environment.externalLabels = group.externalLabels
        environment.externalURL = group.externalURL
        let groups: [RuleGroup]
        switch loadRules(environment: environment) {
        case .success(let loaded): groups = loaded
        case .failure(let error): return [error.message]
        }
        for test in group.alertRuleTests where test.alertname.isEmpty {
            let groupName = group.name.isEmpty ? "" : " (in TestGroup \(group.name))"
            return ["an item under alert_rule_test misses required attribute alertname at eval_time \(RuleTestRunner.modelDuration(test.evalTime))\(groupName)"]
        }
        let maxEvalTime = (group.alertRuleTests.map(\.evalTime) + group.promqlExprTests.map(\.evalTime)).max() ?? 0
        let alertTimes = Set(group.alertRuleTests.map(\.evalTime)).sorted()
        var errors: [String] = []
        var next = 0
        var current = 0
        var ts = start
        while ts <= start + maxEvalTime {
            var batch = AppendBatch()
            while next < pending.count, pending[next].t <= ts {
                batch.append(pending[next].labels, t: pending[next].t, v: pending[next].v)
                next += 1
            }
            store.appendNow(batch)
            for ruleGroup in groups {
                await ruleGroup.evaluate(at: ts)
                for rule in await ruleGroup.currentRules() {
                    if let error = rule.lastError {
                        errors.append("    rule: \(rule.name), time: \(RuleTestRunner.goDuration(ts)), err: \(error)")
                    }
                }
            }
            if !errors.isEmpty { return errors }
            while current < alertTimes.count, ts - start <= alertTimes[current], alertTimes[current] < ts + file.evaluationInterval - start {
                errors += await checkAlerts(at: alertTimes[current], groups: groups)
                current += 1
            }
            ts += file.evaluationInterval
        }
        for test in group.promqlExprTests {
            errors += checkExpression(test, engine: engine)
        }
        return errors
    }

    /// The input series as samples in time order (promtool's `load` block at `interval`).
    private mutating func loadInput() -> Result<[Pending], RuleEvaluationError> {
        var samples: [Pending] = []
        var skipped: [String] = []
        for input in group.inputSeries {
            let description: SeriesDescription
            do {
                description = try Parser.parseSeriesDescription("\(input.series) \(input.values)")
            } catch {
                // As promtool: the loader's parse error alone.
                return .failure(RuleEvaluationError(error.description))
            }
            for (index, value) in description.values.enumerated() {
                let t = start + Int64(index) * interval
                switch value {
                case .value(let v): samples.append(Pending(labels: description.labels, t: t, v: v))
                case .stale: samples.append(Pending(labels: description.labels, t: t, v: StaleMarker.value))
                case .omitted: break
                case .histogram:
                    if !skipped.contains(input.series) { skipped.append(input.series) }
                }
            }
        }
        if !skipped.isEmpty {
            warnings.append("native histogram samples are not supported; skipped in \(skipped.joined(separator: ", "))")
        }
        samples.sort { $0.t < $1.t }
        return .success(samples)
    }

    /// The rule groups of the rule files, ordered by `group_eval_order`, with expressions
    /// and templates checked as Prometheus does when loading.
    private func loadRules(environment: RuleEnvironment) -> Result<[RuleGroup], RuleEvaluationError> {
        var groups: [(order: Int, index: Int, group: RuleGroup)] = []
        for path in ruleFiles {
            guard var yaml = try? String(contentsOfFile: path, encoding: .utf8) else {
                return .failure(RuleEvaluationError("\(path): open \(path): no such file or directory"))
            }
            if options.ignoreUnknownFields { yaml = Self.droppingUnknownFields(yaml) }
            let loaded: RuleFileConfig
            do throws(ConfigError) {
                loaded = try RuleFileLoader.parse(yaml: yaml, file: path).file
            } catch {
                return .failure(RuleEvaluationError(error.description))
            }
            let problems = RuleChecker.check(loaded).filter { !$0.isWarning }
            if let problem = problems.first {
                return .failure(RuleEvaluationError(problem.description))
            }
            for config in loaded.groups {
                let ruleGroup = RuleGroup(
                    config: config, file: path, defaultInterval: .milliseconds(interval), environment: environment,
                    shouldRestore: false)
                groups.append((groupOrder[config.name] ?? 0, groups.count, ruleGroup))
            }
        }
        return .success(groups.sorted { ($0.order, $0.index) < ($1.order, $1.index) }.map(\.group))
    }

    /// The keys of Prometheus' rule format (model/rulefmt).
    static let groupKeys = ["name", "interval", "limit", "query_offset", "labels", "rules"]
    static let ruleKeys = ["record", "alert", "expr", "for", "keep_firing_for", "labels", "annotations"]

    /// Rule-file text without keys Prometheus' rule format does not know (`--ignore-unknown-fields`).
    static func droppingUnknownFields(_ yaml: String) -> String {
        guard let root = try? Yams.compose(yaml: yaml), var top = root.mapping else { return yaml }
        func keep(_ mapping: Node.Mapping, _ keys: [String]) -> Node.Mapping {
            Node.Mapping(mapping.filter { keys.contains($0.key.string ?? "") }, mapping.tag, mapping.style)
        }
        top = keep(top, ["groups"])
        if let groups = top["groups"]?.sequence {
            let cleaned = groups.map { group -> Node in
                guard var groupMapping = group.mapping else { return group }
                groupMapping = keep(groupMapping, Self.groupKeys)
                if let rules = groupMapping["rules"]?.sequence {
                    groupMapping["rules"] = .sequence(Node.Sequence(rules.map { rule in
                        rule.mapping.map { .mapping(keep($0, Self.ruleKeys)) } ?? rule
                    }))
                }
                return .mapping(groupMapping)
            }
            top["groups"] = .sequence(Node.Sequence(cleaned))
        }
        return (try? Yams.serialize(node: .mapping(top))) ?? yaml
    }

    // MARK: - Checks

    /// Firing alerts of each alert test at `evalTime` against the expected ones.
    private func checkAlerts(at evalTime: Int64, groups: [RuleGroup]) async -> [String] {
        let tests = group.alertRuleTests.filter { $0.evalTime == evalTime }
        let names = Set(tests.map(\.alertname))
        var got: [String: [AlertPair]] = [:]
        for ruleGroup in groups {
            for rule in await ruleGroup.currentRules() {
                guard case .alerting(let alerting) = rule.kind, names.contains(alerting.name) else { continue }
                for alert in alerting.alerts where alert.resolvedAt == nil && alert.state == .firing {
                    got[alerting.name, default: []].append(AlertPair(
                        labels: alert.labels.map { ($0.name, $0.value) }, annotations: Self.sorted(alert.annotations)))
                }
            }
        }
        var errors: [String] = []
        for test in tests {
            let actual = (got[test.alertname] ?? []).sorted()
            let expected = test.expected.map { alert -> AlertPair in
                var labels = alert.labels
                labels[LabelName.alertName] = test.alertname
                return AlertPair(labels: Self.sorted(labels), annotations: Self.sorted(alert.annotations))
            }.sorted()
            guard expected != actual else { continue }
            let testName = group.name.isEmpty ? "" : "    name: \(group.name),\n"
            errors.append("\(testName)    alertname: \(test.alertname), time: \(RuleTestRunner.modelDuration(test.evalTime)), \n"
                + "        exp:\(RuleTestRunner.indentLines(AlertPair.describe(expected), "            ")), \n"
                + "        got:\(RuleTestRunner.indentLines(AlertPair.describe(actual), "            "))")
        }
        return errors
    }

    private func checkExpression(_ test: RuleTestFile.ExprTest, engine: PromQLRuleEngine) -> [String] {
        let prefix = "    expr: \(GoQuote.string(test.expr)), time: \(RuleTestRunner.modelDuration(test.evalTime))"
        let result: QueryValue
        do {
            result = try engine.instantQuery(test.expr, at: start + test.evalTime)
        } catch {
            return ["\(prefix), err: \(error.message)"]
        }
        var got: [ExprSample] = []
        switch result {
        case .vector(let samples): got = samples.map { ExprSample(labels: $0.labels, value: $0.v) }
        case .scalar(_, let v): got = [ExprSample(labels: .empty, value: v)]
        default: return ["\(prefix), err: rule result is not a vector or scalar"]
        }
        var expected: [ExprSample] = []
        for sample in test.expected {
            var labels = Labels.empty
            var histogram = ""
            do throws(PromQLError) {
                if !sample.labels.trimmingCharacters(in: .whitespaces).isEmpty { labels = try Parser.parseMetric(sample.labels) }
                if !sample.histogram.isEmpty {
                    let parsed = try Parser.parseSeriesDescription("{} " + sample.histogram)
                    guard parsed.values.count == 1, case .histogram(let literal) = parsed.values[0] else {
                        return ["\(prefix), err: labels \(GoQuote.string(sample.labels)): expected 1 histogram value"]
                    }
                    histogram = Self.histogramText(literal)
                }
            } catch {
                return ["\(prefix), err: labels \(GoQuote.string(sample.labels)): \(error.description)"]
            }
            expected.append(ExprSample(labels: labels, value: sample.value, histogram: histogram))
        }
        got.sort { $0.labels < $1.labels }
        expected.sort { $0.labels < $1.labels }
        let equal = got.count == expected.count && zip(got, expected).allSatisfy { a, b in
            a.labels == b.labels && a.histogram == b.histogram
                && (!b.histogram.isEmpty || Self.floatsEqual(a.value, b.value, fuzzy: file.fuzzyCompare))
        }
        guard !equal else { return [] }
        return ["\(prefix),\n        exp: \(ExprSample.describe(expected))\n        got: \(ExprSample.describe(got))"]
    }

    /// A histogram as Prometheus' `TestExpression` writes it (`{{schema:1 count:2 …}}`).
    static func histogramText(_ h: HistogramLiteral) -> String {
        func g(_ v: Double) -> String { GoFormat.formatFloat(v, verb: "g", precision: nil) }
        var parts: [String] = []
        if h.schema != 0 { parts.append("schema:\(h.schema)") }
        if h.count != 0 { parts.append("count:\(g(h.count))") }
        if h.sum != 0 { parts.append("sum:\(g(h.sum))") }
        if h.zeroCount != 0 { parts.append("z_bucket:\(g(h.zeroCount))") }
        if h.zeroThreshold != 0 { parts.append("z_bucket_w:\(g(h.zeroThreshold))") }
        if !h.customValues.isEmpty { parts.append("custom_values:[\(h.customValues.map(g).joined(separator: " "))]") }
        switch h.counterResetHint {
        case .unknown: break
        default: parts.append("counter_reset_hint:\(h.counterResetHint.rawValue)")
        }
        if !h.positiveBuckets.isEmpty {
            if h.positiveOffset != 0 { parts.append("offset:\(h.positiveOffset)") }
            parts.append("buckets:[\(h.positiveBuckets.map(g).joined(separator: " "))]")
        }
        if !h.negativeBuckets.isEmpty {
            if h.negativeOffset != 0 { parts.append("n_offset:\(h.negativeOffset)") }
            parts.append("n_buckets:[\(h.negativeBuckets.map(g).joined(separator: " "))]")
        }
        return "{{" + parts.joined(separator: " ") + "}}"
    }

    /// Exact equality (NaN never equal), or within one ULP with `fuzzy_compare`.
    static func floatsEqual(_ a: Double, _ b: Double, fuzzy: Bool) -> Bool {
        if a == b { return true }
        return fuzzy && (a.nextUp == b || a.nextDown == b)
    }

    static func sorted(_ map: [String: String]) -> [(String, String)] {
        map.sorted { $0.key.utf8Precedes($1.key) }.map { ($0.key, $0.value) }
    }

    /// An alert's labels and annotations, ordered as promtool orders them.
    struct AlertPair: Comparable {
        var labels: [(String, String)]
        var annotations: [(String, String)]

        static func == (a: AlertPair, b: AlertPair) -> Bool {
            a.labels.elementsEqual(b.labels, by: ==) && a.annotations.elementsEqual(b.annotations, by: ==)
        }

        static func < (a: AlertPair, b: AlertPair) -> Bool {
            let x = compare(a.labels, b.labels)
            return x != 0 ? x < 0 : compare(a.annotations, b.annotations) < 0
        }

        /// Prometheus' `labels.Compare`.
        static func compare(_ a: [(String, String)], _ b: [(String, String)]) -> Int {
            for (x, y) in zip(a, b) {
                if x.0 != y.0 { return x.0.utf8Precedes(y.0) ? -1 : 1 }
                if x.1 != y.1 { return x.1.utf8Precedes(y.1) ? -1 : 1 }
            }
            return a.count - b.count
        }

        /// promtool's `labelsAndAnnotations.String()`.
        static func describe(_ list: [AlertPair]) -> String {
            guard !list.isEmpty else { return "[]" }
            let items = list.enumerated().map { index, pair in
                "\(index):" + RuleTestRunner.indentLines(
                    "\nLabels:\(RuleTestRunner.goLabels(pair.labels))\nAnnotations:\(RuleTestRunner.goLabels(pair.annotations))", "  ")
            }
            return "[\n" + items.joined(separator: ",\n") + "\n]"
        }
    }

    struct ExprSample {
        var labels: Labels
        var value: Double
        var histogram = ""

        /// promtool's `parsedSamplesString`.
        static func describe(_ samples: [ExprSample]) -> String {
            guard !samples.isEmpty else { return "nil" }
            return samples.map { sample in
                let labels = RuleTestRunner.goLabels(sample.labels.map { ($0.name, $0.value) })
                return labels + " " + (sample.histogram.isEmpty ? GoFormat.formatFloat(sample.value, verb: "E", precision: nil) : sample.histogram)
            }.joined(separator: ", ")
        }
    }
}
