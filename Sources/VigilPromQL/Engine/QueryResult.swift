import VigilModel

/// What a query returns: its value and the annotations raised on the way.
public struct QueryResult: Sendable {
    /// The result: a vector or scalar (or string, or matrix for a range-vector expression)
    /// for an instant query; always a matrix for a range query. Matrices are sorted by labels;
    /// vectors keep the order the expression produced (`sort`, `topk`, … rely on it).
    public var value: QueryValue
    /// Warnings and infos in the order first raised, each reported once per message.
    public var annotations: [Annotation]
    /// The query text the annotation positions refer to.
    public var query: String

    public init(value: QueryValue, annotations: [Annotation] = [], query: String = "") {
        self.value = value
        self.annotations = annotations
        self.query = query
    }

    /// Warnings as the HTTP API renders them: `PromQL warning: <message> (<line>:<column>)`.
    public var warnings: [String] {
        annotations.filter { $0.severity == .warning }.map { $0.rendered(in: query) }
    }

    /// Infos as the HTTP API renders them: `PromQL info: <message> (<line>:<column>)`.
    public var infos: [String] {
        annotations.filter { $0.severity == .info }.map { $0.rendered(in: query) }
    }
}
