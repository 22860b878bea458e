import VigilConfig

/// Dashboards that did not decode: every problem found, each with `file:line:column`.
public struct DashboardError: Error, Sendable, Hashable, CustomStringConvertible {
    /// One problem at one place.
    public struct Problem: Sendable, Hashable, CustomStringConvertible {
        public var message: String
        public var location: ConfigLocation?

        public init(_ message: String, at location: ConfigLocation?) {
            self.message = message
            self.location = location
        }

        /// `file:line:column: message`.
        public var description: String {
            guard let location else { return message }
            return "\(location): \(message)"
        }
    }

    public var problems: [Problem]

    public init(problems: [Problem]) {
        self.problems = problems
    }

    public init(_ message: String, at location: ConfigLocation?) {
        problems = [Problem(message, at: location)]
    }

    /// One line per problem.
    public var description: String {
        problems.map(\.description).joined(separator: "\n")
    }
}

/// A query that does not parse, as a `QueryCheck` reports it.
public struct QueryIssue: Sendable, Hashable {
    public var message: String
    /// UTF-8 offset of the problem in the query text.
    public var offset: Int

    public init(message: String, offset: Int) {
        self.message = message
        self.offset = offset
    }
}

/// Checks one PromQL expression (with variables replaced by sample values), returning
/// the first problem or nil. The server passes the PromQL parser here so that `vigil
/// check config` reports bad panel queries with their file position.
public typealias QueryCheck = @Sendable (String) -> QueryIssue?
