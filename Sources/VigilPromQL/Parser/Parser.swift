import VigilModel

/// Which experimental parts of the PromQL grammar are accepted, as Prometheus' `parser.Options`
/// (each one an `--enable-feature` flag there).
public struct ParserOptions: Sendable, Hashable {
    /// Experimental functions (`info`, `mad_over_time`, `sort_by_label`, `start()`, …) and
    /// aggregators (`limitk`, `limit_ratio`): `promql-experimental-functions`.
    public var experimentalFunctions: Bool
    /// Arithmetic in ranges, steps and offsets (`[5m * 2]`, `offset step()`):
    /// `promql-duration-expr`.
    public var durationExpressions: Bool
    /// `anchored` and `smoothed` range selectors: `promql-extended-range-selectors`.
    public var extendedRangeSelectors: Bool
    /// `fill`, `fill_left`, `fill_right` on binary operators: `promql-binop-fill-modifiers`.
    public var binaryFillModifiers: Bool

    /// Options with each feature set explicitly.
    public init(
        experimentalFunctions: Bool, durationExpressions: Bool, extendedRangeSelectors: Bool,
        binaryFillModifiers: Bool
    ) {
        self.experimentalFunctions = experimentalFunctions
        self.durationExpressions = durationExpressions
        self.extendedRangeSelectors = extendedRangeSelectors
        self.binaryFillModifiers = binaryFillModifiers
    }

    /// Everything Vigil implements: all experimental features on (the conformance scripts
    /// assume this too).
    public static let `default` = ParserOptions(
        experimentalFunctions: true, durationExpressions: true, extendedRangeSelectors: true,
        binaryFillModifiers: true)

    /// Prometheus' defaults: every experimental feature off.
    public static let prometheusDefaults = ParserOptions(
        experimentalFunctions: false, durationExpressions: false, extendedRangeSelectors: false,
        binaryFillModifiers: false)
}

/// The PromQL parser: query text in, checked `Expr` out, with Prometheus' grammar, types and
/// error messages (`promql/parser`). Stateless; every entry point is a pure function.
public enum Parser {
    /// Parses and type-checks a query, as Prometheus' `ParseExpr`.
    ///
    /// Errors carry the position of the offending text and print as Prometheus does:
    /// `1:5: parse error: unexpected end of input inside braces`.
    public static func parse(_ query: String, options: ParserOptions = .default) throws(PromQLError) -> Expr {
        var parser = ExpressionParser(query, options: options)
        let expr = try parser.parseQuery()
        if expr.depth > maximumDepth {
            throw PromQLError(.syntax, tooDeepMessage, range: 0..<query.utf8.count, query: query)
        }
        return try Checker(query: query).check(expr)
    }

    /// The deepest expression tree accepted (nodes on the longest root-to-leaf path, durations
    /// included). Prometheus has no such limit; Vigil has one so that every recursive pass over a
    /// tree (checking, printing, evaluation) stays far from the end of a thread's stack. Real
    /// queries stay well below it: even a sum of a thousand terms nests a thousand deep.
    public static let maximumDepth = 1000

    /// The error for input nested deeper than `maximumDepth`.
    static let tooDeepMessage = "query is nested too deeply (more than \(maximumDepth) levels)"

    /// The matchers of one series selector (`up{job="a"}`, `{__name__=~"x.*"}`), as Prometheus'
    /// `ParseMetricSelector` used for the HTTP API's `match[]`. No type check: `{}` is accepted
    /// here and the API decides whether empty selectors are allowed.
    public static func parseSelector(_ selector: String) throws(PromQLError) -> [LabelMatcher] {
        var parser = ExpressionParser(selector, options: .default)
        return try parser.parseSelectorOnly().matchers
    }

    /// A label set written as a series (`name{a="b"}`, `{"weird.name", a="b"}`), as
    /// Prometheus' `ParseMetric`. Only `=` pairs are allowed.
    public static func parseMetric(_ metric: String) throws(PromQLError) -> Labels {
        var parser = ExpressionParser(metric, options: .default)
        return try parser.parseMetricOnly()
    }
}
