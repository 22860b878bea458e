import VigilModel

/// An expression compiled for one query: durations resolved, `@ start()`/`@ end()` pinned
/// to the query's times, query-time functions folded into numbers, step-invariant parts
/// marked, and each selector told which time range to read.
indirect enum Plan {
    case number(Double)
    /// A string literal; `bytes` holds its exact bytes when they are not valid UTF-8.
    case string(String, bytes: [UInt8]?)
    case vectorSelector(SelectorNode)
    case matrixSelector(SelectorNode, window: Int64)
    case subquery(SubqueryNode)
    case call(CallNode)
    case aggregate(AggregateNode)
    case binary(BinaryNode)
    /// Unary minus (unary plus compiles to its operand).
    case negate(Plan, range: SourceRange)
    /// Evaluated once at the first step and repeated at every step (Prometheus'
    /// `StepInvariantExpr`): the expression reads only `@`-pinned data.
    case stepInvariant(Plan)

    /// The type of value the node yields.
    var type: ValueType {
        switch self {
        case .number: return .scalar
        case .string: return .string
        case .vectorSelector: return .vector
        case .matrixSelector, .subquery: return .matrix
        case .call(let call): return call.signature.returnType
        case .aggregate: return .vector
        case .binary(let binary): return binary.lhs.type == .scalar && binary.rhs.type == .scalar ? .scalar : .vector
        case .negate(let inner, _): return inner.type
        case .stepInvariant(let inner): return inner.type
        }
    }

    /// The node under any step-invariance marker.
    var unwrapped: Plan {
        if case .stepInvariant(let inner) = self { return inner.unwrapped }
        return self
    }
}

/// A vector or matrix selector and the series it reads, loaded once per query.
final class SelectorNode {
    let matchers: [LabelMatcher]
    /// Offset in milliseconds (negative allowed).
    let offset: Int64
    /// The pinned evaluation time of `@`, if any.
    let at: Timestamp?
    /// Extended range selectors (experimental upstream): `anchored` windows also see the
    /// last sample before their start; `smoothed` ones interpolate at both edges.
    let extended: WindowExtension
    let range: SourceRange
    /// The time range of samples to read: every evaluation of this node looks inside it.
    let mint: Timestamp
    let maxt: Timestamp
    /// The series selected from the store, filled on first evaluation; their samples are
    /// read one series at a time while evaluating.
    var selected: [SeriesData]?

    init(
        matchers: [LabelMatcher], offset: Int64, at: Timestamp?, extended: WindowExtension = .none, range: SourceRange,
        mint: Timestamp, maxt: Timestamp
    ) {
        self.matchers = matchers
        self.offset = offset
        self.at = at
        self.extended = extended
        self.range = range
        self.mint = mint
        self.maxt = maxt
    }

    /// The time whose data step time `t` looks at.
    @inline(__always) func referenceTime(_ t: Timestamp) -> Timestamp { (at ?? t) - offset }
}

/// How a range selector's window reaches beyond `(t - range, t]` (promql-extended-range-selectors).
enum WindowExtension {
    case none
    /// The window also reaches back one lookback delta, to anchor its start on a real sample.
    case anchored
    /// The window reaches one lookback delta back and forward, to interpolate both edges.
    case smoothed
}

/// `expr[range:step] offset o @ t`.
struct SubqueryNode {
    let inner: Plan
    let window: Int64
    let step: Int64
    let offset: Int64
    let at: Timestamp?
    let range: SourceRange
}

/// A function call; `args` keep their source ranges for annotations.
struct CallNode {
    let signature: FunctionCatalog.Entry
    let args: [Plan]
    let argRanges: [SourceRange]
    let range: SourceRange

    var name: String { signature.name }
}

/// An aggregation; `grouping` is sorted.
struct AggregateNode {
    let op: AggregateOp
    let expr: Plan
    let param: Plan?
    let grouping: [String]
    let without: Bool
    let range: SourceRange
    let exprRange: SourceRange
    let paramRange: SourceRange
}

/// A binary operation.
struct BinaryNode {
    let op: BinaryOp
    let lhs: Plan
    let rhs: Plan
    /// The matching of two vectors (set operators are many-to-many).
    let matching: VectorMatching
    let returnBool: Bool
    let range: SourceRange
}
