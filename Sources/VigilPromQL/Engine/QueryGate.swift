import Foundation
import Synchronization
import VigilModel

/// Limits how many queries evaluate at once (Prometheus' active query tracker): a query
/// waits for a free slot until its deadline.
final class QueryGate: @unchecked Sendable {
    // @unchecked: every access to `free` happens with `condition` locked.
    private let condition = NSCondition()
    private var free: Int

    init(slots: Int) {
        free = slots
    }

    /// Takes a slot, waiting until `deadline` at most.
    func enter(until deadline: ContinuousClock.Instant) throws(PromQLError) {
        condition.lock()
        defer { condition.unlock() }
        while free == 0 {
            let left = ContinuousClock.now.duration(to: deadline)
            if left <= .zero { throw EvaluationError.queueTimeout }
            let (seconds, attoseconds) = left.components
            let wait = Double(seconds) + Double(attoseconds) / 1e18
            _ = condition.wait(until: Date(timeIntervalSinceNow: min(wait, 1)))
        }
        free -= 1
    }

    /// Takes a slot if one is free right now.
    func tryEnter() -> Bool {
        condition.lock()
        defer { condition.unlock() }
        guard free > 0 else { return false }
        free -= 1
        return true
    }

    /// Returns a slot taken by `enter` or `tryEnter`.
    func leave() {
        condition.lock()
        free += 1
        condition.signal()
        condition.unlock()
    }
}

/// Lets a caller stop a running query from another thread: evaluation checks it
/// periodically and fails with `query was canceled in expression evaluation`.
public final class QueryCancellation: Sendable {
    private let flag = Atomic<Bool>(false)

    public init() {}

    /// Asks the query to stop.
    public func cancel() { flag.store(true, ordering: .relaxed) }

    /// Whether `cancel()` was called.
    public var isCancelled: Bool { flag.load(ordering: .relaxed) }
}

/// The mutable state of one query, shared by its evaluators (the query's and its
/// subqueries'). Used by one thread at a time.
final class QueryState {
    let querier: any Querier
    let options: Engine.Options
    let deadline: ContinuousClock.Instant
    let cancellation: QueryCancellation?
    /// Samples held right now, against `options.maxSamples`.
    var currentSamples = 0
    var annotations = AnnotationSet()

    init(querier: any Querier, options: Engine.Options, deadline: ContinuousClock.Instant, cancellation: QueryCancellation?) {
        self.querier = querier
        self.options = options
        self.deadline = deadline
        self.cancellation = cancellation
    }

    /// Fails when the query ran out of time or was cancelled.
    func checkDeadline() throws(PromQLError) {
        if cancellation?.isCancelled == true || Task.isCancelled { throw EvaluationError.canceled }
        if ContinuousClock.now >= deadline { throw EvaluationError.timeout }
    }

    /// Counts `count` more samples held, failing beyond the limit.
    @inline(__always) func hold(_ count: Int) throws(PromQLError) {
        currentSamples += count
        if currentSamples > options.maxSamples { throw EvaluationError.tooManySamples }
    }

    /// Checks that `count` more samples would still fit, without holding them.
    @inline(__always) func checkPeak(_ count: Int) throws(PromQLError) {
        if currentSamples + count > options.maxSamples { throw EvaluationError.tooManySamples }
    }
}
