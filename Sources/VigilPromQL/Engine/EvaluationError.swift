import VigilModel

/// Every error the engine raises, worded as Prometheus' engine words it (promql/engine.go,
/// functions.go), in one place.
enum EvaluationError {
    /// `ErrTooManySamples`: the query would hold more than the sample limit at once.
    static var tooManySamples: PromQLError {
        PromQLError(.execution, "query processing would load too many samples into memory in query execution")
    }

    /// `ErrQueryTimeout` during evaluation.
    static var timeout: PromQLError {
        PromQLError(.timeout, "query timed out in expression evaluation")
    }

    /// The deadline passed while waiting for a free query slot. Prometheus returns the
    /// context error itself here.
    static var queueTimeout: PromQLError {
        PromQLError(.timeout, "context deadline exceeded")
    }

    /// `ErrQueryCanceled` during evaluation.
    static var canceled: PromQLError {
        PromQLError(.canceled, "query was canceled in expression evaluation")
    }

    /// Reading from the store failed (`expanding series: …`).
    static func storage(_ error: ReadError) -> PromQLError {
        PromQLError(.storage, "expanding series: \(error.description)")
    }

    /// Two elements of one instant vector ended up with the same label set.
    static var duplicateLabelset: PromQLError {
        PromQLError(.execution, "vector cannot contain metrics with the same labelset")
    }

    /// Anything else the evaluation rejects, with Prometheus' message.
    static func execution(_ message: String) -> PromQLError {
        PromQLError(.execution, message)
    }

    /// A query the engine cannot run as asked (`invalid expression type … for range query`).
    static func badQuery(_ message: String, range: SourceRange = 0..<0, query: String = "") -> PromQLError {
        PromQLError(.type, message, range: range, query: query)
    }
}
