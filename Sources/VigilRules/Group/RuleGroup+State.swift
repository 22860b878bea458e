import VigilConfig
import VigilModel

/// State that outlives one evaluation: restoring `for` after a start, handing alerts and
/// written series over on reload, staleness when a group goes away, and snapshots.
extension RuleGroup {
    /// Restores the active time of pending and firing alerts from the `ALERTS_FOR_STATE`
    /// series written before the restart (Prometheus' `RestoreForState`).
    public func restoreForState(now: Timestamp) async {
        shouldRestore = false
        let environment = self.environment
        for index in rules.indices {
            guard case .alerting(var rule) = rules[index].kind else { continue }
            defer { rules[index].kind = .alerting(rule) }
            guard let queryable = environment.queryable, rule.holdDuration >= environment.forGracePeriod else {
                rule.restored = true
                continue
            }
            let matchers = rule.forStateMatchers
            let lastSamples = await BlockingWork.run { () -> [Labels: Sample] in
                var result: [Labels: Sample] = [:]
                do {
                    let querier = try queryable.querier()
                    for series in try querier.select(matchers, mint: now - environment.outageTolerance, maxt: now) {
                        if let last = try series.samples().last {
                            result[series.labels.withoutMetricName] = last
                        }
                    }
                } catch {
                    environment.logger.error("Failed to restore 'for' state", metadata: ["err": "\(error)"])
                }
                return result
            }
            rule.restore(from: lastSamples, now: now, forGracePeriod: environment.forGracePeriod)
        }
    }

    /// Takes over the state of `previous` (the group of the same file and name before a
    /// reload), as Prometheus' `CopyState`: rules match by name and labels, in order; their
    /// alerts and written series carry over, and series of rules that went away are marked
    /// stale at the next evaluation.
    public func adoptState(of previous: RuleGroup) async {
        let old = await previous.handOver()
        lastEvaluation = old.lastEvaluation
        evaluationDuration = old.evaluationDuration
        var byIdentity: [String: [Int]] = [:]
        for (index, rule) in old.rules.enumerated() { byIdentity[rule.identity, default: []].append(index) }
        for index in rules.indices {
            guard let from = byIdentity[rules[index].identity]?.first else { continue }
            byIdentity[rules[index].identity]!.removeFirst()
            seriesInPreviousEval[index] = old.series[from]
            if case .alerting(var rule) = rules[index].kind, case .alerting(let oldRule) = old.rules[from].kind {
                rule.adoptState(of: oldRule)
                rules[index].kind = .alerting(rule)
            }
        }
        staleSeries = old.staleSeries
        for indexes in byIdentity.values {
            for index in indexes { staleSeries += old.series[index] }
        }
    }

    struct HandOver: Sendable {
        var rules: [Rule]
        var series: [Set<Labels>]
        var staleSeries: [Labels]
        var lastEvaluation: Timestamp?
        var evaluationDuration: Duration
    }

    func handOver() -> HandOver {
        HandOver(
            rules: rules, series: seriesInPreviousEval, staleSeries: staleSeries, lastEvaluation: lastEvaluation,
            evaluationDuration: evaluationDuration)
    }

    /// Writes staleness markers for every series the group wrote at its last evaluation
    /// (a removed group, as Prometheus does two intervals after removal).
    public func markAllStale(at t: Timestamp) async {
        var batch = AppendBatch()
        for series in seriesInPreviousEval.flatMap({ $0 }) + staleSeries {
            batch.append(series, t: t, v: StaleMarker.value)
        }
        seriesInPreviousEval = Array(repeating: [], count: rules.count)
        staleSeries = []
        guard !batch.isEmpty else { return }
        _ = try? await environment.appender.append(batch)
    }

    /// Whether `other` describes the same group (same file, name, interval, limit, offset and
    /// rules; positions in the file do not matter), so a reload can keep this one running.
    nonisolated func hasSameConfiguration(as other: RuleGroupConfig, file: String, interval: Int64) -> Bool {
        file == self.file && interval == self.interval && Self.normalized(config) == Self.normalized(other)
    }

    nonisolated static func normalized(_ config: RuleGroupConfig) -> RuleGroupConfig {
        var copy = config
        copy.location = nil
        copy.interval = nil
        copy.rules = copy.rules.map { rule in
            var rule = rule
            rule.location = nil
            rule.exprLocation = nil
            return rule
        }
        return copy
    }

    // MARK: - Snapshots

    /// The group as the API and UI show it.
    public func status() -> RuleGroupStatus {
        RuleGroupStatus(
            name: name, file: file, interval: interval, limit: limit, queryOffset: queryOffset,
            rules: rules.map(RuleStatus.init), evaluationDuration: evaluationDuration, lastEvaluation: lastEvaluation,
            iterationsMissed: iterationsMissed)
    }

    /// The rules in order, with their state.
    public func currentRules() -> [Rule] { rules }
}
