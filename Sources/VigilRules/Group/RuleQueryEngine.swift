import VigilModel
import VigilPromQL

/// The PromQL engine as rules use it: instant queries at a given time. The server wires
/// the real engine over the storage; tests wire fakes.
///
/// Calls block (CPU-heavy evaluation, storage reads): `RuleGroup` runs them off the
/// cooperative thread pool.
public protocol RuleQueryEngine: Sendable {
    /// Evaluates `expr` at `time` (milliseconds) as an instant query.
    func instantQuery(_ expr: String, at time: Timestamp) throws(RuleQueryError) -> QueryValue
}

/// A query that failed (parse error, execution error, timeout); the message is shown as
/// the rule's `lastError`.
public struct RuleQueryError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}

extension RuleQueryEngine {
    /// Prometheus' `EngineQueryFunc`: a vector as is, a scalar as one sample without
    /// labels, anything else an error.
    func vectorQuery(_ expr: String, at time: Timestamp) throws(RuleQueryError) -> [VectorSample] {
        switch try instantQuery(expr, at: time) {
        case .vector(let samples): return samples
        case .scalar(let t, let v): return [VectorSample(labels: .empty, t: t, v: v)]
        default: throw RuleQueryError("rule result is not a vector or scalar")
        }
    }

    /// The engine as the `query` function of templates.
    var templateQuery: PrometheusTemplate.QueryFunction {
        { expr, time in try self.vectorQuery(expr, at: time) }
    }
}
