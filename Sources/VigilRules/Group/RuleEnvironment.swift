import Dispatch
import Logging
import VigilModel

/// What rule groups need from the rest of Vigil, wired once by the server: the engine to
/// query, the store to write to and read `ALERTS_FOR_STATE` from, where alerts go, and the
/// settings Prometheus takes from flags.
public struct RuleEnvironment: Sendable {
    public var engine: any RuleQueryEngine
    public var appender: any Appender
    /// Read for restoring `for` state after a start; nil skips restoring.
    public var queryable: (any Queryable)?
    /// Receives the alerts due to be sent after each evaluation of an alerting rule
    /// (the server forwards them to the Alertmanager notifier and the built-in dispatcher).
    public var notify: @Sendable ([OutgoingAlert]) async -> Void
    /// `global.external_labels`, for `$externalLabels` in templates.
    public var externalLabels: Labels = .empty
    /// Where users reach Vigil, for `$externalURL` and alerts' generator URLs.
    public var externalURL = ""
    /// Minimum time between two sends of a firing alert (`--rules.alert.resend-delay`).
    public var resendDelay: Int64 = 60_000
    /// How far back `ALERTS_FOR_STATE` is read on restore (`--rules.alert.for-outage-tolerance`).
    public var outageTolerance: Int64 = 3_600_000
    /// Minimum time left before an alert with restored state fires (`--rules.alert.for-grace-period`).
    public var forGracePeriod: Int64 = 600_000
    /// `global.rule_query_offset`, for groups without their own `query_offset`.
    public var defaultQueryOffset: Int64 = 0
    /// Time for evaluation timestamps.
    public var wallClock: any WallClock = SystemWallClock()
    /// What groups sleep on between evaluations (and removed groups before going stale);
    /// it must move with `wallClock`. Tests pass a manual clock for both.
    public var clock: any Clock<Duration> = ContinuousClock()
    public var logger = Logger(label: "vigil.rules")

    public init(
        engine: any RuleQueryEngine, appender: any Appender, queryable: (any Queryable)? = nil,
        notify: @escaping @Sendable ([OutgoingAlert]) async -> Void = { _ in }
    ) {
        self.engine = engine
        self.appender = appender
        self.queryable = queryable
        self.notify = notify
    }
}

/// Runs blocking work (PromQL evaluation, storage reads) on a Dispatch queue, off the
/// cooperative thread pool, and awaits its result.
enum BlockingWork {
    private static let queue = DispatchQueue(label: "vigil.rules.evaluation", attributes: .concurrent)

    static func run<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            queue.async { continuation.resume(returning: work()) }
        }
    }
}
