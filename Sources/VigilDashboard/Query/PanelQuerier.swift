import Synchronization
import VigilModel
import VigilPromQL

/// How dashboards, Explore and the alert timeline read data. The server implements it
/// over the PromQL engine and storage; tests use a fixed one.
///
/// Calls may take long (they evaluate PromQL): the dashboard runs them concurrently and
/// stops waiting at its deadline, so an implementation should honour task cancellation
/// and may keep its own timeout.
public protocol PanelQuerier: Sendable {
    /// A range query, as `/api/v1/query_range`.
    func range(_ query: String, start: Timestamp, end: Timestamp, step: Int64) async throws -> QueryValue
    /// An instant query, as `/api/v1/query`.
    func instant(_ query: String, at time: Timestamp) async throws -> QueryValue
    /// The values of `label` on series matching `selector` (all series when nil) with
    /// samples in the range, sorted, as `/api/v1/label/<label>/values?match[]=…`.
    func labelValues(_ label: String, matching selector: String?, start: Timestamp, end: Timestamp) async throws -> [String]
}

/// A query failure the querier can place in the query text (a parse error), so pages
/// can point at it. Queriers throw it for PromQL errors; any other error shows its text.
public struct PanelQueryError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Kind: String, Sendable, Hashable {
        /// The query does not parse or type-check.
        case syntax
        /// Evaluation failed (too many samples, bad data).
        case execution
        /// It ran past the deadline.
        case timeout
        /// The store or engine is not available.
        case unavailable
    }

    public var kind: Kind
    public var message: String
    /// UTF-8 offsets of the problem in the query, when known.
    public var range: SourceRange?

    public init(_ kind: Kind, _ message: String, range: SourceRange? = nil) {
        self.kind = kind
        self.message = message
        self.range = range
    }

    public var description: String { message }

    /// The error text of any thrown error.
    static func message(of error: any Error) -> String {
        if let error = error as? PanelQueryError { return error.message }
        return String(describing: error)
    }
}

/// Runs `operation`, giving up at `deadline` with a timeout error even if the operation
/// does not return (it is cancelled and left to finish on its own).
func withDeadline<T: Sendable>(
    _ deadline: ContinuousClock.Instant, _ what: String, _ operation: @escaping @Sendable () async throws -> T
) async throws -> T {
    let once = ResumeOnce<T>()
    return try await withTaskCancellationHandler {
        try await withCheckedThrowingContinuation { continuation in
            once.install(continuation)
            let work = Task {
                do { once.resume(.success(try await operation())) } catch { once.resume(.failure(error)) }
            }
            let timer = Task {
                try? await Task.sleep(until: deadline, clock: .continuous)
                if once.resume(.failure(PanelQueryError(.timeout, "\(what) timed out"))) { work.cancel() }
            }
            once.onFinish { timer.cancel() }
        }
    } onCancel: {
        once.resume(.failure(CancellationError()))
    }
}

/// Resumes a continuation exactly once, from whichever side gets there first.
private final class ResumeOnce<T: Sendable>: Sendable {
    private struct State {
        var continuation: CheckedContinuation<T, any Error>?
        var pending: Result<T, any Error>?
        var done = false
        var finish: (@Sendable () -> Void)?
    }

    private let state = Mutex(State())

    func install(_ continuation: CheckedContinuation<T, any Error>) {
        let early: Result<T, any Error>? = state.withLock { state in
            if let pending = state.pending {
                state.pending = nil
                return pending
            }
            state.continuation = continuation
            return nil
        }
        if let early { continuation.resume(with: early) }
    }

    func onFinish(_ action: @escaping @Sendable () -> Void) {
        let runNow = state.withLock { state -> Bool in
            if state.done { return true }
            state.finish = action
            return false
        }
        if runNow { action() }
    }

    /// Delivers `result` if nothing was delivered yet; returns whether it was.
    @discardableResult
    func resume(_ result: Result<T, any Error>) -> Bool {
        let (continuation, finish, delivered): (CheckedContinuation<T, any Error>?, (@Sendable () -> Void)?, Bool) = state.withLock { state in
            guard !state.done else { return (nil, nil, false) }
            state.done = true
            let finish = state.finish
            state.finish = nil
            if let continuation = state.continuation {
                state.continuation = nil
                return (continuation, finish, true)
            }
            state.pending = result
            return (nil, finish, true)
        }
        continuation?.resume(with: result)
        finish?()
        return delivered
    }
}
