import Logging
import VigilConfig
import VigilModel
import VigilPromQL

/// One rule group: its rules evaluated in order on the group's interval, at a stable
/// offset within the interval, never two evaluations at once (a late one counts as missed,
/// as Prometheus' `rule_group_iterations_missed_total`). Recording-rule results and the
/// `ALERTS`/`ALERTS_FOR_STATE` series are written through the appender; series a rule
/// stops producing get a staleness marker.
public actor RuleGroup {
    public nonisolated let name: String
    public nonisolated let file: String
    /// Milliseconds between evaluations.
    public nonisolated let interval: Int64
    /// The group's own `query_offset` (ms), nil for the global default.
    public nonisolated let queryOffset: Int64?
    public nonisolated let limit: Int
    /// The configuration the group was built from (for reload comparisons).
    nonisolated let config: RuleGroupConfig

    let environment: RuleEnvironment
    var rules: [Rule]
    /// Per rule: the series written at the previous evaluation.
    var seriesInPreviousEval: [Set<Labels>]
    /// Series of rules from before a reload that no longer exist: marked stale at the next evaluation.
    var staleSeries: [Labels] = []
    var shouldRestore: Bool
    var evaluating = false
    var lastEvaluation: Timestamp?
    var evaluationDuration: Duration = .zero
    var iterationsMissed = 0
    let metrics: RuleGroupMetrics

    /// Builds the group from its configuration. `defaultInterval` is the global evaluation
    /// interval; `shouldRestore` is true for groups loaded at start, whose alerts restore
    /// their `for` state from `ALERTS_FOR_STATE` after the second evaluation.
    public init(
        config: RuleGroupConfig, file: String, defaultInterval: Duration, environment: RuleEnvironment, shouldRestore: Bool
    ) {
        name = config.name
        self.file = file
        interval = max((config.interval ?? defaultInterval).inMilliseconds, 1)
        queryOffset = config.queryOffset?.inMilliseconds
        limit = config.limit
        self.config = config
        self.environment = environment
        self.shouldRestore = shouldRestore
        rules = config.rules.map { Self.makeRule($0, groupLabels: config.labels, restored: !shouldRestore) }
        seriesInPreviousEval = Array(repeating: [], count: rules.count)
        metrics = RuleGroupMetrics(group: "\(file);\(config.name)", interval: interval, rules: config.rules.count)
    }

    static func makeRule(_ config: RuleConfig, groupLabels: Labels, restored: Bool) -> Rule {
        // Prometheus 3.x: the group's labels, overridden by the rule's own.
        var builder = LabelsBuilder(groupLabels)
        for (name, value) in config.labels { builder.set(name, value) }
        let labels = builder.labels
        // As Prometheus: the expression is queried, linked and shown in its printed form.
        let expr = (try? Parser.parse(config.expr)).map { "\($0)" } ?? config.expr
        switch config.kind {
        case .recording(let name):
            return Rule(.recording(RecordingRule(name: name, expr: expr, labels: labels)))
        case .alerting(let name):
            return Rule(.alerting(AlertingRule(
                name: name, expr: expr, holdDuration: config.forDuration.inMilliseconds,
                keepFiringFor: config.keepFiringFor.inMilliseconds, labels: labels, annotations: config.annotations,
                restored: restored)))
        }
    }

    /// `file;name`, Prometheus' group key.
    public nonisolated var key: String { "\(file);\(name)" }

    /// The query offset in effect (ms).
    nonisolated var effectiveQueryOffset: Int64 { queryOffset ?? environment.defaultQueryOffset }

    // MARK: - Schedule

    /// The evaluation slot at or before `time` (ms): the interval grid shifted by an offset
    /// derived from the group's file and name, as Prometheus' `EvalTimestamp`.
    public nonisolated func evaluationSlot(atOrBefore time: Timestamp) -> Timestamp {
        // Prometheus computes in nanoseconds and truncates to milliseconds when writing;
        // truncating the offset first gives the same millisecond slots.
        let hash = Labels(["file": file, "name": name]).prometheusHash
        let offset = Int64(hash % UInt64(interval * 1_000_000)) / 1_000_000
        let adjusted = time - offset
        let base = adjusted - ((adjusted % interval) + interval) % interval
        return base + offset
    }

    /// Evaluates the group on its schedule until the task is cancelled. After the second
    /// evaluation of a group loaded at start, restores the `for` state of its alerts.
    public func run() async {
        var slot = evaluationSlot(atOrBefore: environment.wallClock.now()) + interval
        var restorePending = shouldRestore
        var evaluations = 0
        while !Task.isCancelled {
            let wait = slot - environment.wallClock.now()
            if wait > 0 {
                do { try await environment.clock.sleep(for: .milliseconds(wait)) } catch { return }
            }
            // Iterations that passed while the previous one ran are skipped and counted.
            let missed = (environment.wallClock.now() - slot) / interval
            if missed > 0 {
                iterationsMissed += Int(missed)
                metrics.missed(Int(missed))
                slot += missed * interval
            }
            await evaluate(at: slot)
            evaluations += 1
            if restorePending && evaluations == 2 {
                restorePending = false
                await restoreForState(now: environment.wallClock.now())
            }
            slot += interval
        }
    }

    // MARK: - Evaluation

    /// One evaluation of every rule at `ts` (ms), in order. A call while another
    /// evaluation runs is skipped and counted as missed.
    public func evaluate(at ts: Timestamp) async {
        guard !evaluating else {
            iterationsMissed += 1
            metrics.missed(1)
            return
        }
        evaluating = true
        defer { evaluating = false }
        metrics.scheduled()
        let started = ContinuousClock.now
        let offset = effectiveQueryOffset
        var samplesTotal = 0
        for index in rules.indices {
            samplesTotal += await evaluateRule(index, at: ts, queryOffset: offset)
        }
        await writeStaleSeries(at: ts - offset)
        evaluationDuration = ContinuousClock.now - started
        lastEvaluation = environment.wallClock.now()
        metrics.evaluated(duration: evaluationDuration, samples: samplesTotal, at: lastEvaluation!)
    }

    /// Evaluates rule `index`; returns the number of samples it produced.
    private func evaluateRule(_ index: Int, at ts: Timestamp, queryOffset: Int64) async -> Int {
        let started = ContinuousClock.now
        var rule = rules[index]
        rule.lastEvaluation = environment.wallClock.now()
        metrics.ruleEvaluated()
        let outcome: Result<[VectorSample], RuleEvaluationError>
        (rule, outcome) = await Self.query(rule, at: ts, queryOffset: queryOffset, limit: limit, environment: environment)
        var produced = 0
        switch outcome {
        case .failure(let error):
            record(error.message, for: &rule, what: "Evaluating rule failed")
        case .success(let samples):
            rule.health = .ok
            rule.lastError = nil
            produced = samples.count
            await sendDueAlerts(of: &rule, at: ts)
            if let error = await write(samples, of: index, at: ts - queryOffset) {
                record(error.description, for: &rule, what: "Rule sample appending failed")
            }
        }
        rule.evaluationDuration = ContinuousClock.now - started
        rules[index] = rule
        return produced
    }

    /// The rule's query and, for an alerting rule, its state machine and templates, on a
    /// worker thread (both block). Returns the rule with its new state and the samples to write.
    private static func query(
        _ rule: Rule, at ts: Timestamp, queryOffset: Int64, limit: Int, environment: RuleEnvironment
    ) async -> (Rule, Result<[VectorSample], RuleEvaluationError>) {
        await BlockingWork.run {
            var rule = rule
            let result = Result { () throws(RuleEvaluationError) -> [VectorSample] in
                let vector: [VectorSample]
                do throws(RuleQueryError) {
                    vector = try environment.engine.vectorQuery(rule.expr, at: ts - queryOffset)
                } catch {
                    throw RuleEvaluationError(error.message)
                }
                switch rule.kind {
                case .recording(let recording):
                    return try recording.evaluate(vector, limit: limit)
                case .alerting(var alerting):
                    let template = AlertTemplate(
                        externalLabels: environment.externalLabels, externalURL: environment.externalURL,
                        query: environment.engine.templateQuery)
                    defer { rule.kind = .alerting(alerting) }
                    return try alerting.evaluate(vector, at: ts, queryOffset: queryOffset, template: template, limit: limit)
                }
            }
            return (rule, result)
        }
    }

    private func record(_ message: String, for rule: inout Rule, what: String) {
        rule.health = .err
        rule.lastError = message
        metrics.failed()
        environment.logger.warning("\(what)", metadata: ["group": "\(key)", "rule": "\(rule.name)", "err": "\(message)"])
    }

    /// Hands the alerts due now to `notify`, with a link to the expression.
    private func sendDueAlerts(of rule: inout Rule, at ts: Timestamp) async {
        guard case .alerting(var alerting) = rule.kind else { return }
        let link = environment.externalURL + "/graph?g0.expr=" + TemplateBuiltins.queryEscape(alerting.expr) + "&g0.tab=1"
        let due = alerting.alertsToSend(at: ts, resendDelay: environment.resendDelay, interval: interval, generatorURL: link)
        rule.kind = .alerting(alerting)
        if !due.isEmpty { await environment.notify(due) }
    }

    /// Writes a rule's samples, and staleness markers at `staleAt` for the series it wrote
    /// last time but not now (as Prometheus). Nil when stored.
    private func write(_ samples: [VectorSample], of index: Int, at staleAt: Timestamp) async -> AppendError? {
        var batch = AppendBatch()
        var returned = Set<Labels>()
        for sample in samples {
            batch.append(sample.labels, t: sample.t, v: sample.v)
            returned.insert(sample.labels)
        }
        for series in seriesInPreviousEval[index].sorted(by: <) where !returned.contains(series) {
            batch.append(series, t: staleAt, v: StaleMarker.value)
        }
        if !batch.isEmpty {
            do {
                _ = try await environment.appender.append(batch)
            } catch {
                return error
            }
        }
        seriesInPreviousEval[index] = returned
        return nil
    }

    private func writeStaleSeries(at t: Timestamp) async {
        guard !staleSeries.isEmpty else { return }
        var batch = AppendBatch()
        for series in staleSeries { batch.append(series, t: t, v: StaleMarker.value) }
        do {
            _ = try await environment.appender.append(batch)
            staleSeries = []
        } catch {
            environment.logger.warning("Stale sample appending for previous configuration failed", metadata: ["err": "\(error)"])
        }
    }
}
