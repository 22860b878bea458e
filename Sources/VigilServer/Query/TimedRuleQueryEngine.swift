import Metrics
import VigilModel
import VigilPromQL
import VigilRules

/// The rules' query engine with every evaluation timed into `vigil_query_duration_seconds`,
/// so that query latency covers rule evaluations as Prometheus'
/// `prometheus_engine_query_duration_seconds` does.
struct TimedRuleQueryEngine: RuleQueryEngine {
    let base: any RuleQueryEngine
    private let duration = Timer(label: QueryService.durationMetric)

    init(_ base: any RuleQueryEngine) {
        self.base = base
    }

    func instantQuery(_ expr: String, at time: Timestamp) throws(RuleQueryError) -> QueryValue {
        let started = ContinuousClock.now
        defer { duration.recordNanoseconds((ContinuousClock.now - started).nanoseconds) }
        return try base.instantQuery(expr, at: time)
    }
}
