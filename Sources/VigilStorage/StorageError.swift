import VigilModel

/// Why the store could not be opened, or an operation on it failed.
public struct StorageError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Kind: String, Sendable, Hashable {
        /// A database file is damaged or is not a SQLite database.
        case corrupt
        /// A database file belongs to another application.
        case foreign
        /// The schema is newer than this build understands, or older than it can migrate.
        case schemaVersion
        /// Another process holds the data directory.
        case locked
        /// The disk or a size limit is full.
        case full
        /// Reading or writing failed for another reason.
        case io
        /// The store is closed.
        case closed
        /// An argument was not acceptable (an option, an input file).
        case invalidArgument
    }

    public var kind: Kind
    public var message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }

    init(_ error: SQLiteError, while action: String) {
        let kind: Kind = error.isFull ? .full : error.isCorrupt ? .corrupt : .io
        self.init(kind, "\(action): \(error.description)")
    }

    /// A storage error as is, a SQLite error described with `action`.
    init(any error: any Error, while action: String) {
        if let error = error as? StorageError {
            self = error
        } else if let error = error as? SQLiteError {
            self.init(error, while: action)
        } else {
            self.init(.io, "\(action): \(error)")
        }
    }

    var appendError: AppendError {
        switch kind {
        case .full: AppendError(.full, message)
        case .closed: AppendError(.closed, message)
        default: AppendError(.io, message)
        }
    }

    var readError: ReadError {
        switch kind {
        case .corrupt: ReadError(.corrupt, message)
        case .closed: ReadError(.closed, message)
        default: ReadError(.io, message)
        }
    }
}
