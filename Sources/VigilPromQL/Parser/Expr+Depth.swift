extension Expr {
    /// The direct sub-expressions, in source order (duration expressions included).
    var children: [Expr] {
        switch self {
        case .number, .string: return []
        case .vectorSelector(let selector): return selector.offset?.expression.map { [$0] } ?? []
        case .matrixSelector(let matrix):
            return [matrix.window.expression, matrix.selector.offset?.expression].compactMap { $0 }
        case .subquery(let subquery):
            return [subquery.expr] + [subquery.window.expression, subquery.step?.expression, subquery.offset?.expression]
                .compactMap { $0 }
        case .call(let call): return call.args
        case .aggregate(let aggregate): return [aggregate.parameter, aggregate.expr].compactMap { $0 }
        case .binary(let binary): return [binary.lhs, binary.rhs]
        case .unary(let unary): return [unary.expr]
        case .paren(let paren): return [paren.expr]
        }
    }

    /// The number of nodes on the longest path from this node to a leaf, computed without
    /// recursion (the tree may be too deep to recurse over safely).
    var depth: Int {
        var deepest = 0
        var pending: [(Expr, Int)] = [(self, 1)]
        while let (node, level) = pending.popLast() {
            deepest = Swift.max(deepest, level)
            for child in node.children { pending.append((child, level + 1)) }
        }
        return deepest
    }
}

extension DurationValue {
    /// The expression of a duration expression; nil for a literal.
    var expression: Expr? {
        if case .expression(let expr) = self { return expr }
        return nil
    }
}
