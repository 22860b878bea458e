@testable import VigilPromQL

extension Expr {
    /// The tree with every source range zeroed, to compare trees parsed from different texts.
    /// Also canonical where printing cannot tell apart: every NaN is the same NaN, and a unary
    /// plus (the identity, which Prometheus' `+Inf` spelling introduces on reparsing) is dropped.
    var withoutRanges: Expr {
        switch self {
        case .number(var n):
            n.range = 0..<0
            if n.value.isNaN { n.value = .nan }
            return .number(n)
        case .string(var s): s.range = 0..<0; return .string(s)
        case .vectorSelector(let v): return .vectorSelector(v.withoutRanges)
        case .matrixSelector(var m):
            m.selector = m.selector.withoutRanges
            m.window = m.window.withoutRanges
            m.range = 0..<0
            return .matrixSelector(m)
        case .subquery(var s):
            s.expr = s.expr.withoutRanges
            s.window = s.window.withoutRanges
            s.step = s.step?.withoutRanges
            s.offset = s.offset?.withoutRanges
            s.range = 0..<0
            return .subquery(s)
        case .call(var c):
            c.args = c.args.map(\.withoutRanges)
            c.range = 0..<0
            return .call(c)
        case .aggregate(var a):
            a.expr = a.expr.withoutRanges
            a.parameter = a.parameter?.withoutRanges
            a.range = 0..<0
            // `sum by () (x)` prints as `sum(x)`: the clause is not part of the tree's meaning.
            a.hasGroupingClause = a.without || !a.grouping.isEmpty
            return .aggregate(a)
        case .binary(var b):
            b.lhs = b.lhs.withoutRanges
            b.rhs = b.rhs.withoutRanges
            b.range = 0..<0
            return .binary(b)
        case .unary(let u) where u.op == .plus:
            return u.expr.withoutRanges
        case .unary(var u):
            u.expr = u.expr.withoutRanges
            u.range = 0..<0
            return .unary(u)
        case .paren(var p):
            p.expr = p.expr.withoutRanges
            p.range = 0..<0
            return .paren(p)
        }
    }
}

extension VectorSelector {
    var withoutRanges: VectorSelector {
        var copy = self
        // The printer sorts matchers, so their order is not part of the tree's meaning.
        copy.matchers = matchers.sorted { $0.description < $1.description }
        copy.offset = offset?.withoutRanges
        copy.range = 0..<0
        return copy
    }
}

extension DurationValue {
    var withoutRanges: DurationValue {
        switch self {
        case .literal: return self
        case .expression(let e): return .expression(e.withoutRanges)
        }
    }
}
