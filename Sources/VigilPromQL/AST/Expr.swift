import VigilModel

/// A parsed PromQL expression. The contract between the parser (which builds it), the
/// printer (which writes it back), the checker and the engine (which evaluate it).
///
/// Every node remembers its `range`: UTF-8 offsets into the query text, used for error
/// positions and for annotations (`PromQL warning: … (1:5)`).
public indirect enum Expr: Sendable, Hashable {
    case number(NumberLiteral)
    case string(StringLiteral)
    case vectorSelector(VectorSelector)
    case matrixSelector(MatrixSelector)
    case subquery(Subquery)
    case call(Call)
    case aggregate(Aggregate)
    case binary(Binary)
    case unary(Unary)
    case paren(Paren)
}

/// The type of value an expression yields.
public enum ValueType: String, Sendable, Hashable {
    case scalar
    case vector
    case matrix
    case string
}

/// `1`, `0x1F`, `1e3`, `Inf`, `NaN`, or a duration used as a number (`5m` → 300).
public struct NumberLiteral: Sendable, Hashable {
    public var value: Double
    /// Written as a duration (`5m`); printed back the same way.
    public var isDuration: Bool
    public var range: SourceRange

    public init(value: Double, isDuration: Bool = false, range: SourceRange) {
        self.value = value
        self.isDuration = isDuration
        self.range = range
    }

    public static func == (a: Self, b: Self) -> Bool {
        a.value.bitPattern == b.value.bitPattern && a.isDuration == b.isDuration && a.range == b.range
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(value.bitPattern)
        hasher.combine(range)
    }
}

/// `"text"`, `'text'` or `` `text` `` (unescaped value).
public struct StringLiteral: Sendable, Hashable {
    public var value: String
    public var range: SourceRange
    /// The exact bytes when escapes spell invalid UTF-8 (`"a\xc5z"`): Go strings hold any
    /// bytes, Swift strings do not, so `value` then has U+FFFD in their place. Nil otherwise.
    public var invalidUTF8: [UInt8]?

    public init(value: String, range: SourceRange, invalidUTF8: [UInt8]? = nil) {
        self.value = value
        self.range = range
        self.invalidUTF8 = invalidUTF8
    }
}

/// Where an `@` modifier pins evaluation: a timestamp, or the query's `start()`/`end()`.
public enum AtModifier: Sendable, Hashable {
    /// Milliseconds since the epoch.
    case timestamp(Timestamp)
    case start
    case end
}

/// A duration that is either a literal (milliseconds) or, with the experimental
/// duration expressions, an arithmetic expression such as `[5m * 2]` or `offset step()`.
public enum DurationValue: Sendable, Hashable {
    case literal(Int64)
    case expression(Expr)

    /// The literal value; nil for an expression not yet resolved.
    public var milliseconds: Int64? {
        if case .literal(let ms) = self { return ms }
        return nil
    }
}

/// `metric{label="value"} offset 5m @ 1000`.
public struct VectorSelector: Sendable, Hashable {
    /// The metric name as written outside the braces, or nil.
    public var name: String?
    /// Every matcher, including the `__name__` one implied by `name`.
    public var matchers: [LabelMatcher]
    /// `offset`, in milliseconds (negative allowed); nil when absent.
    public var offset: DurationValue?
    public var at: AtModifier?
    /// Extended range selectors (experimental): `anchored` / `smoothed`.
    public var anchored: Bool
    public var smoothed: Bool
    public var range: SourceRange

    public init(
        name: String?, matchers: [LabelMatcher], offset: DurationValue? = nil, at: AtModifier? = nil,
        anchored: Bool = false, smoothed: Bool = false, range: SourceRange
    ) {
        self.name = name
        self.matchers = matchers
        self.offset = offset
        self.at = at
        self.anchored = anchored
        self.smoothed = smoothed
        self.range = range
    }

    /// The offset in milliseconds once resolved (0 when absent).
    public var offsetMilliseconds: Int64 { offset?.milliseconds ?? 0 }
}

/// `selector[5m]`: the vector selector carries offset and `@`.
public struct MatrixSelector: Sendable, Hashable {
    public var selector: VectorSelector
    public var window: DurationValue
    public var range: SourceRange

    public init(selector: VectorSelector, window: DurationValue, range: SourceRange) {
        self.selector = selector
        self.window = window
        self.range = range
    }
}

/// `expr[30m:1m] offset 5m @ end()`.
public struct Subquery: Sendable, Hashable {
    public var expr: Expr
    public var window: DurationValue
    /// Nil means the default resolution (`[30m:]`).
    public var step: DurationValue?
    public var offset: DurationValue?
    public var at: AtModifier?
    public var range: SourceRange

    public init(
        expr: Expr, window: DurationValue, step: DurationValue?, offset: DurationValue? = nil,
        at: AtModifier? = nil, range: SourceRange
    ) {
        self.expr = expr
        self.window = window
        self.step = step
        self.offset = offset
        self.at = at
        self.range = range
    }
}

/// `rate(x[5m])`: a function call.
public struct Call: Sendable, Hashable {
    public var function: String
    public var args: [Expr]
    public var range: SourceRange

    public init(function: String, args: [Expr], range: SourceRange) {
        self.function = function
        self.args = args
        self.range = range
    }
}

/// Aggregation operators.
public enum AggregateOp: String, Sendable, Hashable, CaseIterable {
    case sum, avg, count, min, max, group, stddev, stdvar
    case topk, bottomk
    case quantile
    case countValues = "count_values"
    case limitk
    case limitRatio = "limit_ratio"

    /// Whether the operator takes a parameter before the vector.
    public var hasParameter: Bool {
        switch self {
        case .topk, .bottomk, .quantile, .countValues, .limitk, .limitRatio: return true
        default: return false
        }
    }
}

/// `sum by (job) (x)`, `topk(3, x)`.
public struct Aggregate: Sendable, Hashable {
    public var op: AggregateOp
    public var expr: Expr
    public var parameter: Expr?
    /// Labels of `by (…)` or `without (…)`.
    public var grouping: [String]
    public var without: Bool
    /// Whether a `by`/`without` clause was written (`sum by () (x)` differs in printing).
    public var hasGroupingClause: Bool
    public var range: SourceRange

    public init(
        op: AggregateOp, expr: Expr, parameter: Expr? = nil, grouping: [String] = [], without: Bool = false,
        hasGroupingClause: Bool = false, range: SourceRange
    ) {
        self.op = op
        self.expr = expr
        self.parameter = parameter
        self.grouping = grouping
        self.without = without
        self.hasGroupingClause = hasGroupingClause
        self.range = range
    }
}

/// Binary operators, with Prometheus' precedence (`precedence`, higher binds tighter).
public enum BinaryOp: String, Sendable, Hashable, CaseIterable {
    case add = "+", sub = "-", mul = "*", div = "/", mod = "%", pow = "^", atan2
    case eql = "==", neq = "!=", gtr = ">", lss = "<", gte = ">=", lte = "<="
    /// Native-histogram trim operators (`h </ 0.5` keeps observations below, `h >/ 0.5` above);
    /// they bind like comparisons but are not comparisons (no `bool`).
    case trimUpper = "</", trimLower = ">/"
    case and, or, unless

    public var precedence: Int {
        switch self {
        case .or: return 1
        case .and, .unless: return 2
        case .eql, .neq, .gtr, .lss, .gte, .lte, .trimUpper, .trimLower: return 3
        case .add, .sub: return 4
        case .mul, .div, .mod, .atan2: return 5
        case .pow: return 6
        }
    }

    public var isRightAssociative: Bool { self == .pow }
    public var isComparison: Bool { [.eql, .neq, .gtr, .lss, .gte, .lte].contains(self) }
    public var isSetOperator: Bool { [.and, .or, .unless].contains(self) }
}

/// How the two sides of a binary operation between vectors are matched.
public struct VectorMatching: Sendable, Hashable {
    public enum Cardinality: Sendable, Hashable {
        case oneToOne, manyToOne, oneToMany, manyToMany
    }

    public var cardinality: Cardinality
    /// Labels of `on (…)` or `ignoring (…)`.
    public var matchingLabels: [String]
    /// True for `on`, false for `ignoring` (or nothing written).
    public var on: Bool
    /// Extra labels of `group_left (…)` / `group_right (…)`.
    public var include: [String]
    /// Experimental fill modifiers: values for missing sides (`fill`, `fill_left`, `fill_right`).
    public var fillLeft: Double?
    public var fillRight: Double?

    public init(
        cardinality: Cardinality = .oneToOne, matchingLabels: [String] = [], on: Bool = false,
        include: [String] = [], fillLeft: Double? = nil, fillRight: Double? = nil
    ) {
        self.cardinality = cardinality
        self.matchingLabels = matchingLabels
        self.on = on
        self.include = include
        self.fillLeft = fillLeft
        self.fillRight = fillRight
    }

    public static func == (a: Self, b: Self) -> Bool {
        a.cardinality == b.cardinality && a.matchingLabels == b.matchingLabels && a.on == b.on
            && a.include == b.include && a.fillLeft?.bitPattern == b.fillLeft?.bitPattern
            && a.fillRight?.bitPattern == b.fillRight?.bitPattern
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(matchingLabels)
        hasher.combine(include)
    }
}

/// `a + on (job) group_left b`, `x > bool 1`.
public struct Binary: Sendable, Hashable {
    public var op: BinaryOp
    public var lhs: Expr
    public var rhs: Expr
    /// Nil when at least one side is a scalar.
    public var matching: VectorMatching?
    /// `bool` modifier of comparisons.
    public var returnBool: Bool
    public var range: SourceRange

    public init(op: BinaryOp, lhs: Expr, rhs: Expr, matching: VectorMatching?, returnBool: Bool = false, range: SourceRange) {
        self.op = op
        self.lhs = lhs
        self.rhs = rhs
        self.matching = matching
        self.returnBool = returnBool
        self.range = range
    }
}

/// `-x` or `+x`.
public struct Unary: Sendable, Hashable {
    public enum Op: String, Sendable, Hashable { case plus = "+", minus = "-" }

    public var op: Op
    public var expr: Expr
    public var range: SourceRange

    public init(op: Op, expr: Expr, range: SourceRange) {
        self.op = op
        self.expr = expr
        self.range = range
    }
}

/// `(expr)`.
public struct Paren: Sendable, Hashable {
    public var expr: Expr
    public var range: SourceRange

    public init(expr: Expr, range: SourceRange) {
        self.expr = expr
        self.range = range
    }
}

extension Expr {
    /// The source range of the node.
    public var range: SourceRange {
        switch self {
        case .number(let n): return n.range
        case .string(let s): return s.range
        case .vectorSelector(let v): return v.range
        case .matrixSelector(let m): return m.range
        case .subquery(let s): return s.range
        case .call(let c): return c.range
        case .aggregate(let a): return a.range
        case .binary(let b): return b.range
        case .unary(let u): return u.range
        case .paren(let p): return p.range
        }
    }
}
