import Synchronization

/// Read connections to vigil.db for queriers. A querier checks one out for its lifetime
/// (its read transaction is its snapshot) and returns it when released; the pool keeps a
/// few idle ones and opens more when all are busy, so queries never wait for each other.
final class ReadConnectionPool: Sendable {
    private struct State {
        var idle: [SQLiteConnection] = []
        var closed = false
    }

    private let path: String
    private let maxIdle: Int
    private let state = Mutex(State())

    init(path: String, maxIdle: Int) {
        self.path = path
        self.maxIdle = maxIdle
    }

    /// An idle connection, or a new one; nil when the pool is closed.
    func checkout() throws(SQLiteError) -> SQLiteConnection? {
        enum Outcome { case reuse(SQLiteConnection), closed, openNew }
        let outcome: Outcome = state.withLock { state in
            if state.closed { return .closed }
            return state.idle.popLast().map(Outcome.reuse) ?? .openNew
        }
        switch outcome {
        case .reuse(let connection): return connection
        case .closed: return nil
        case .openNew: return try Schema.openReader(path: path)
        }
    }

    /// Takes a connection back (its transaction already ended).
    func checkin(_ connection: SQLiteConnection) {
        let drop: SQLiteConnection? = state.withLock { state in
            guard !state.closed, state.idle.count < maxIdle else { return connection }
            state.idle.append(connection)
            return nil
        }
        _ = drop  // Released here, outside the lock.
    }

    /// Closes idle connections; connections in use close when their queriers are released.
    func close() {
        let idle = state.withLock { state in
            state.closed = true
            defer { state.idle.removeAll() }
            return state.idle
        }
        _ = idle
    }
}
