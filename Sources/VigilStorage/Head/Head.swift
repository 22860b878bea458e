import Synchronization

/// The lock around the store's in-memory state (`HeadState`).
///
/// Not an actor: queriers are synchronous — the PromQL engine calls them from its worker
/// threads and cannot await — and a querier must take the head's state and begin its
/// SQLite read transaction as one step, so that both show the same moment. A lock gives
/// that without a hop to an executor. Only the writer (on its own serial queue) changes
/// the state, and it holds the lock for in-memory work only, never across SQLite writes.
final class Head: Sendable {
    let state = Mutex(HeadState())

    init() {}

    /// Runs `body` with the state locked.
    func withLock<T: Sendable, E: Error>(_ body: (inout HeadState) throws(E) -> T) throws(E) -> T {
        try state.withLock { (state: inout sending HeadState) throws(E) -> sending T in try body(&state) }
    }
}
