import VigilModel

extension ExpressionParser {
    /// Range selectors, subqueries, `offset`, `@`, `anchored` and `smoothed` bind tighter than
    /// every operator and may follow each other in any order.
    mutating func parsePostfix(_ base: Expr) throws(SyntaxFailure) -> Expr {
        var expr = base
        while true {
            let token = try peek()
            switch token.kind {
            case .leftBracket:
                expr = try parseRangeOrSubquery(expr)
                // `x[1m:][1m:]…` nests without recursion: bound it here.
                if expr.depth > Parser.maximumDepth { throw fail(Parser.tooDeepMessage, at: 0..<query.utf8.count) }
            case .offset: expr = try parseOffset(expr)
            case .at: expr = try parseAt(expr)
            case .anchored, .smoothed:
                advance()
                expr = try setExtendedRange(expr, anchored: token.kind == .anchored)
            default: return expr
            }
        }
    }

    // MARK: - [range] and [range:step]

    private mutating func parseRangeOrSubquery(_ expr: Expr) throws(SyntaxFailure) -> Expr {
        let open = advance()
        let window = try within("subquery or range selector", expected: "number, duration, step(), or range()") {
            (parser) throws(SyntaxFailure) in try parser.parsePositiveDuration()
        }
        let token = try peek()
        switch token.kind {
        case .rightBracket:
            let close = advance()
            let bracketRange = open.start..<close.end
            guard case .vectorSelector(let selector) = expr else {
                throw fail("ranges only allowed for vector selectors", at: bracketRange)
            }
            if selector.offset.isSet { throw fail("no offset modifiers allowed before range", at: bracketRange) }
            if selector.at != nil { throw fail("no @ modifiers allowed before range", at: bracketRange) }
            return .matrixSelector(MatrixSelector(
                selector: selector, window: window, range: selector.range.lowerBound..<close.end))
        case .colon:
            advance()
            var step: DurationValue?
            if try peek().kind != .rightBracket {
                step = try within("subquery selector", expected: "number, duration, step(), range(), or \"]\"") {
                    (parser) throws(SyntaxFailure) in try parser.parsePositiveDuration()
                }
            }
            let close = try peek()
            guard close.kind == .rightBracket else {
                throw unexpected(close, context: "subquery selector", expected: "\"]\"")
            }
            advance()
            return .subquery(Subquery(
                expr: expr, window: window, step: step, range: expr.range.lowerBound..<close.end))
        default:
            throw unexpected(token, context: "subquery or range", expected: "\":\" or \"]\"")
        }
    }

    /// A range or step: a duration expression whose literal value must be positive.
    private mutating func parsePositiveDuration() throws(SyntaxFailure) -> DurationValue {
        let expr = try parseDurationExpression(0)
        guard case .number(let literal) = expr else { return .expression(expr) }
        if literal.value <= 0 { throw fail("duration must be greater than 0", at: literal.range) }
        return .literal(Literals.milliseconds(seconds: literal.value))
    }

    // MARK: - offset

    private mutating func parseOffset(_ expr: Expr) throws(SyntaxFailure) -> Expr {
        advance()
        let offset = try within("offset", expected: "number, duration, step(), or range()") {
            (parser) throws(SyntaxFailure) in try parser.parseOffsetDuration()
        }
        let end = lastClosing
        func apply(_ current: DurationValue?) throws(SyntaxFailure) -> DurationValue? {
            if current.isSet { throw fail("offset may not be set multiple times", at: expr.range) }
            // As Prometheus: a zero offset is no offset.
            return offset == .literal(0) ? nil : offset
        }
        switch expr {
        case .vectorSelector(var selector):
            selector.offset = try apply(selector.offset)
            selector.range = selector.range.lowerBound..<end
            return .vectorSelector(selector)
        case .matrixSelector(var matrix):
            matrix.selector.offset = try apply(matrix.selector.offset)
            matrix.range = matrix.range.lowerBound..<end
            return .matrixSelector(matrix)
        case .subquery(var subquery):
            subquery.offset = try apply(subquery.offset)
            subquery.range = subquery.range.lowerBound..<end
            return .subquery(subquery)
        default:
            let message = "offset modifier must be preceded by an instant vector selector or range vector selector or a subquery"
            throw fail(message, at: expr.range)
        }
    }

    /// What may follow `offset`. A literal (optionally signed), `step()`, `range()`,
    /// `min_of(…)`/`max_of(…)` or a signed parenthesis ends the offset, so that
    /// `foo offset 5s - 8` subtracts 8 from `foo offset 5s`; an offset starting with "(" is a
    /// whole duration expression (`offset (1m) * 2`), as in Prometheus' grammar.
    private mutating func parseOffsetDuration() throws(SyntaxFailure) -> DurationValue {
        let token = try peek()
        let expr: Expr
        switch token.kind {
        case .number, .duration:
            expr = .number(try parseDurationLiteral())
        case .step, .range, .minOf, .maxOf:
            expr = try parseDurationFunction()
        case .add, .sub:
            switch kindAfterCurrent {
            case .number, .duration:
                advance()
                var literal = try parseNumberLiteral()
                if token.kind == .sub { literal.value = -literal.value }
                if Literals.durationOutOfRange(seconds: literal.value) { throw fail("duration out of range", at: token.range) }
                literal.range = token.start..<literal.range.upperBound
                expr = .number(literal)
            case .step, .range, .minOf, .maxOf:
                advance()
                let function = try parseDurationFunction()
                expr = token.kind == .sub ? negated(function, from: token) : function
            case .leftParen:
                advance()
                advance()
                let paren = try parseParenDuration(checked: false)
                expr = token.kind == .sub ? negated(paren, from: token) : paren
            default:
                expr = try parseDurationExpression(0)
            }
        case .leftParen:
            expr = try parseDurationExpression(0)
        default:
            throw unexpected(token)
        }
        if case .number(let literal) = expr { return .literal(Literals.milliseconds(seconds: literal.value)) }
        return .expression(expr)
    }

    // MARK: - @

    private mutating func parseAt(_ expr: Expr) throws(SyntaxFailure) -> Expr {
        advance()
        let token = try peek()
        let modifier: AtModifier
        switch token.kind {
        case .start, .end:
            advance()
            try expect(.leftParen, context: "@", expected: "timestamp")
            try expect(.rightParen, context: "@", expected: "timestamp")
            modifier = token.kind == .start ? .start : .end
        case .number, .duration, .add, .sub:
            var sign = 1.0
            if token.kind == .add || token.kind == .sub {
                advance()
                sign = token.kind == .sub ? -1 : 1
                let number = try peek()
                guard number.kind == .number || number.kind == .duration else {
                    throw unexpected(number, context: "@", expected: "timestamp")
                }
            }
            let seconds = try parseNumberLiteral().value * sign
            if !seconds.isFinite || seconds >= 9.223372036854775807e18 || seconds <= -9.223372036854775808e18 {
                throw fail("timestamp out of bounds for @ modifier: \(GoFloat.fixed(seconds))", at: expr.range)
            }
            modifier = .timestamp(Timestamp((seconds * 1000).rounded()))
        default:
            throw unexpected(token, context: "@", expected: "timestamp")
        }
        let end = lastClosing
        func apply(_ current: AtModifier?) throws(SyntaxFailure) -> AtModifier {
            if current != nil { throw fail("@ <timestamp> may not be set multiple times", at: expr.range) }
            return modifier
        }
        switch expr {
        case .vectorSelector(var selector):
            selector.at = try apply(selector.at)
            selector.range = selector.range.lowerBound..<end
            return .vectorSelector(selector)
        case .matrixSelector(var matrix):
            matrix.selector.at = try apply(matrix.selector.at)
            matrix.range = matrix.range.lowerBound..<end
            return .matrixSelector(matrix)
        case .subquery(var subquery):
            subquery.at = try apply(subquery.at)
            subquery.range = subquery.range.lowerBound..<end
            return .subquery(subquery)
        default:
            let message = "@ modifier must be preceded by an instant vector selector or range vector selector or a subquery"
            throw fail(message, at: expr.range)
        }
    }

    // MARK: - anchored, smoothed

    private func setExtendedRange(_ expr: Expr, anchored: Bool) throws(SyntaxFailure) -> Expr {
        let name = anchored ? "anchored" : "smoothed"
        guard options.extendedRangeSelectors else {
            throw fail("\(name) modifier is experimental and not enabled", at: expr.range)
        }
        func set(_ selector: inout VectorSelector) throws(SyntaxFailure) {
            if anchored { selector.anchored = true } else { selector.smoothed = true }
            if selector.anchored && selector.smoothed {
                throw fail("anchored and smoothed modifiers cannot be used together", at: expr.range)
            }
        }
        switch expr {
        case .vectorSelector(var selector):
            try set(&selector)
            return .vectorSelector(selector)
        case .matrixSelector(var matrix):
            try set(&matrix.selector)
            return .matrixSelector(matrix)
        case .subquery:
            throw fail("\(name) modifier is not supported for subqueries", at: expr.range)
        default:
            throw fail("\(name) modifier not implemented", at: expr.range)
        }
    }
}

extension Optional<DurationValue> {
    /// Whether an offset was given: a non-zero literal or an expression (Prometheus treats
    /// `offset 0` as absent).
    fileprivate var isSet: Bool {
        switch self {
        case .none, .literal(0): return false
        default: return true
        }
    }
}
