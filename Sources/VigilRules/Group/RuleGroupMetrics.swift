import Metrics
import VigilModel

/// A rule group's metrics under Prometheus' names (`prometheus_rule_group_*`,
/// `prometheus_rule_evaluations_total`, …), labelled `rule_group="file;name"`, so
/// dashboards and alerts written for Prometheus keep working.
struct RuleGroupMetrics: Sendable {
    private let iterationsMissed: Counter
    private let iterationsScheduled: Counter
    private let evaluations: Counter
    private let failures: Counter
    private let lastDuration: Gauge
    private let lastEvaluation: Gauge
    private let samples: Gauge

    init(group: String, interval: Int64, rules: Int) {
        let dimensions = [("rule_group", group)]
        iterationsMissed = Counter(label: "prometheus_rule_group_iterations_missed_total", dimensions: dimensions)
        iterationsScheduled = Counter(label: "prometheus_rule_group_iterations_total", dimensions: dimensions)
        evaluations = Counter(label: "prometheus_rule_evaluations_total", dimensions: dimensions)
        failures = Counter(label: "prometheus_rule_evaluation_failures_total", dimensions: dimensions)
        lastDuration = Gauge(label: "prometheus_rule_group_last_duration_seconds", dimensions: dimensions)
        lastEvaluation = Gauge(label: "prometheus_rule_group_last_evaluation_timestamp_seconds", dimensions: dimensions)
        samples = Gauge(label: "prometheus_rule_group_last_evaluation_samples", dimensions: dimensions)
        Gauge(label: "prometheus_rule_group_interval_seconds", dimensions: dimensions).record(Double(interval) / 1000)
        Gauge(label: "prometheus_rule_group_rules", dimensions: dimensions).record(rules)
    }

    /// `count` evaluations were skipped (they also count as scheduled, as in Prometheus).
    func missed(_ count: Int) {
        iterationsMissed.increment(by: count)
        iterationsScheduled.increment(by: count)
    }

    func scheduled() { iterationsScheduled.increment() }
    func ruleEvaluated() { evaluations.increment() }
    func failed() { failures.increment() }

    func evaluated(duration: Duration, samples count: Int, at time: Timestamp) {
        lastDuration.record(duration.inSeconds)
        lastEvaluation.record(Double(time) / 1000)
        samples.record(count)
    }
}
