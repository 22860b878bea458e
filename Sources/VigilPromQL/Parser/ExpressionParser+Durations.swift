import VigilModel

/// Duration expressions (experimental in Prometheus: `promql-duration-expr`) inside `[…]` and
/// after `offset`. They are represented with ordinary nodes: number literals (seconds),
/// `.binary` with `+ - * / % ^` and no matching, `.unary` minus, `.paren`, and calls of
/// `step()`, `range()`, `min_of(a, b)`, `max_of(a, b)`. The engine resolves them per query.
extension ExpressionParser {
    /// Arithmetic over durations with PromQL's precedence; a sign binds like `*`.
    mutating func parseDurationExpression(_ minPrecedence: Int) throws(SyntaxFailure) -> Expr {
        try enterNested()
        defer { nesting -= 1 }
        var lhs = try parseDurationUnary()
        while true {
            let token = try peek()
            guard let op = token.kind.binaryOperator, Self.durationOperators.contains(op),
                  op.precedence >= minPrecedence else { return lhs }
            advance()
            let rhs = try parseDurationExpression(op.isRightAssociative ? op.precedence : op.precedence + 1)
            try requireDurationExpressions(at: lhs.range)
            if op == .div || op == .mod, case .number(let divisor) = rhs, divisor.value == 0 {
                throw fail(op == .div ? "division by zero" : "modulo by zero", at: token.range)
            }
            lhs = .binary(Binary(op: op, lhs: lhs, rhs: rhs, matching: nil, range: lhs.range.lowerBound..<rhs.range.upperBound))
        }
    }

    private static let durationOperators: Set<BinaryOp> = [.add, .sub, .mul, .div, .mod, .pow]

    private mutating func parseDurationUnary() throws(SyntaxFailure) -> Expr {
        let token = try peek()
        switch token.kind {
        case .add, .sub:
            advance()
            let operand = try parseDurationExpression(BinaryOp.mul.precedence + 1)
            if case .number(var literal) = operand {
                if token.kind == .sub { literal.value = -literal.value }
                if Literals.durationOutOfRange(seconds: literal.value) { throw fail("duration out of range", at: token.range) }
                literal.range = token.start..<literal.range.upperBound
                return .number(literal)
            }
            return token.kind == .sub ? negated(operand, from: token) : operand
        case .number, .duration:
            return .number(try parseDurationLiteral())
        case .step, .range, .minOf, .maxOf:
            return try parseDurationFunction()
        case .leftParen:
            advance()
            return try parseParenDuration(checked: true)
        default:
            throw unexpected(token)
        }
    }

    /// A number or duration literal that must fit Go's `time.Duration`.
    mutating func parseDurationLiteral() throws(SyntaxFailure) -> NumberLiteral {
        let literal = try parseNumberLiteral()
        if Literals.durationOutOfRange(seconds: literal.value) { throw fail("duration out of range", at: literal.range) }
        return literal
    }

    /// `step()`, `range()`, `min_of(a, b)` or `max_of(a, b)` as a call node.
    mutating func parseDurationFunction() throws(SyntaxFailure) -> Expr {
        let name = advance()
        try expect(.leftParen)
        var args: [Expr] = []
        if name.kind == .minOf || name.kind == .maxOf {
            args.append(try parseDurationExpression(0))
            try expect(.comma)
            args.append(try parseDurationExpression(0))
        }
        let close = try expect(.rightParen)
        let call = Expr.call(Call(function: name.text.lowercased(), args: args, range: name.start..<close.end))
        try requireDurationExpressions(at: call.range)
        return call
    }

    /// The rest of `( duration )` after the opening parenthesis.
    mutating func parseParenDuration(checked: Bool) throws(SyntaxFailure) -> Expr {
        let open = tokens(before: 1)
        let inner = try parseDurationExpression(0)
        let close = try expect(.rightParen)
        if checked { try requireDurationExpressions(at: inner.range) }
        return .paren(Paren(expr: inner, range: open..<close.end))
    }

    /// `-expr` with the range starting at the sign.
    func negated(_ expr: Expr, from sign: Token) -> Expr {
        .unary(Unary(op: .minus, expr: expr, range: sign.start..<expr.range.upperBound))
    }

    private func requireDurationExpressions(at range: SourceRange) throws(SyntaxFailure) {
        if !options.durationExpressions { throw fail("experimental duration expression is not enabled", at: range) }
    }
}
