import VigilModel

/// The result of evaluating an expression, in the four shapes of the HTTP API.
public enum QueryValue: Sendable {
    case scalar(Timestamp, Double)
    case string(Timestamp, String)
    case vector([VectorSample])
    case matrix([RangeSeries])

    public var type: ValueType {
        switch self {
        case .scalar: return .scalar
        case .string: return .string
        case .vector: return .vector
        case .matrix: return .matrix
        }
    }
}

/// One element of an instant vector.
public struct VectorSample: Sendable {
    public var labels: Labels
    public var t: Timestamp
    public var v: Double

    public init(labels: Labels, t: Timestamp, v: Double) {
        self.labels = labels
        self.t = t
        self.v = v
    }
}

/// One series of a range result (a matrix), samples in time order.
public struct RangeSeries: Sendable {
    public var labels: Labels
    public var samples: [Sample]

    public init(labels: Labels, samples: [Sample]) {
        self.labels = labels
        self.samples = samples
    }
}
