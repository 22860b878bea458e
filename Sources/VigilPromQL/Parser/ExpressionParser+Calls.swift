import VigilModel

/// What may follow a binary operator: `bool`, `on`/`ignoring (…)`, `group_left`/`group_right (…)`
/// and the fill modifiers, in that order.
struct BinaryModifiers {
    /// `bool` was written.
    var returnBool = false
    /// `on`/`ignoring`, `group_left`/`group_right` and fill values as written.
    var matching = VectorMatching()
}

extension ExpressionParser {
    // MARK: - Function calls

    /// `name(args…)`; the function must exist (and be enabled when experimental).
    mutating func parseCall() throws(SyntaxFailure) -> Expr {
        let name = advance()
        let (args, close) = try parseCallBody()
        return try makeCall(name, args, close)
    }

    private func makeCall(_ name: Token, _ args: [Expr], _ close: Token) throws(SyntaxFailure) -> Expr {
        guard let signature = Functions.signature(name.text) else {
            throw fail("unknown function with name \(GoQuote.string(name.text))", at: name.range)
        }
        if signature.isExperimental && !options.experimentalFunctions {
            throw fail("function \(GoQuote.string(name.text)) is not enabled", at: name.range)
        }
        return .call(Call(function: name.text, args: args, range: name.start..<close.end))
    }

    /// `(a, b, …)`: the arguments and the closing parenthesis.
    private mutating func parseCallBody() throws(SyntaxFailure) -> ([Expr], Token) {
        try expect(.leftParen)
        if try peek().kind == .rightParen { return ([], advance()) }
        var args = [try parseExpression(0)]
        while true {
            let token = try peek()
            switch token.kind {
            case .rightParen:
                return (args, advance())
            case .comma:
                advance()
                if try peek().kind == .rightParen {
                    throw fail("trailing commas not allowed in function call args", at: token.range)
                }
                args.append(try parseExpression(0))
            default:
                throw unexpected(token)
            }
        }
    }

    // MARK: - Aggregations

    /// `sum by (job) (x)`, `sum(x) without (a)`, `topk(3, x)`.
    mutating func parseAggregation(_ op: AggregateOp) throws(SyntaxFailure) -> Expr {
        let opToken = advance()
        return try within("aggregation") { (parser) throws(SyntaxFailure) -> Expr in
            var grouping: [String]?
            var without = false
            let first = try parser.peek()
            if first.kind == .by || first.kind == .without {
                parser.advance()
                without = first.kind == .without
                grouping = try parser.parseGroupingLabels()
                let body = try parser.peek()
                guard body.kind == .leftParen else { throw parser.unexpected(body) }
            }
            let (args, _) = try parser.parseCallBody()
            if grouping == nil {
                let next = try parser.peek()
                if next.kind == .by || next.kind == .without {
                    parser.advance()
                    without = next.kind == .without
                    grouping = try parser.parseGroupingLabels()
                }
            }
            let range = opToken.start..<parser.lastClosing
            guard !args.isEmpty else { throw parser.fail("no arguments for aggregate expression provided", at: range) }
            var expected = 1
            if op.hasParameter {
                if (op == .limitk || op == .limitRatio) && !parser.options.experimentalFunctions {
                    let message = "\(op.rawValue)() is experimental and must be enabled with "
                        + "--enable-feature=promql-experimental-functions"
                    throw parser.fail(message, at: range)
                }
                expected = 2
            }
            guard args.count == expected else {
                let message = "wrong number of arguments for aggregate expression provided, "
                    + "expected \(expected), got \(args.count)"
                throw parser.fail(message, at: range)
            }
            return .aggregate(Aggregate(
                op: op, expr: args[expected - 1], parameter: expected == 2 ? args[0] : nil, grouping: grouping ?? [],
                without: without, hasGroupingClause: grouping != nil, range: range))
        }
    }

    // MARK: - Binary operators

    /// The modifiers after a binary operator.
    mutating func parseBinaryModifiers() throws(SyntaxFailure) -> BinaryModifiers {
        var modifiers = BinaryModifiers()
        if try peek().kind == .bool {
            advance()
            modifiers.returnBool = true
        }
        let matching = try peek()
        if matching.kind == .on || matching.kind == .ignoring {
            advance()
            modifiers.matching.on = matching.kind == .on
            modifiers.matching.matchingLabels = try parseGroupingLabels()
            let group = try peek()
            if group.kind == .groupLeft || group.kind == .groupRight {
                advance()
                modifiers.matching.cardinality = group.kind == .groupLeft ? .manyToOne : .oneToMany
                if try peek().kind == .leftParen {
                    modifiers.matching.include = try parseGroupingLabels()
                }
            }
        }
        let fill = try peek()
        switch fill.kind {
        case .fill:
            advance()
            let value = try parseFillValue()
            modifiers.matching.fillLeft = value
            modifiers.matching.fillRight = value
        case .fillLeft:
            advance()
            modifiers.matching.fillLeft = try parseFillValue()
            if try peek().kind == .fillRight {
                advance()
                modifiers.matching.fillRight = try parseFillValue()
            }
        case .fillRight:
            advance()
            modifiers.matching.fillRight = try parseFillValue()
            if try peek().kind == .fillLeft {
                advance()
                modifiers.matching.fillLeft = try parseFillValue()
            }
        default:
            break
        }
        return modifiers
    }

    /// `(1)`, `(-2.5)`, `(5m)`: a signed number or duration literal in parentheses.
    private mutating func parseFillValue() throws(SyntaxFailure) -> Double {
        try expect(.leftParen)
        var sign = 1.0
        let token = try peek()
        if token.kind == .add || token.kind == .sub {
            advance()
            if token.kind == .sub { sign = -1 }
        }
        let literal = try peek()
        guard literal.kind == .number || literal.kind == .duration else { throw unexpected(literal) }
        let value = try parseNumberLiteral().value * sign
        try expect(.rightParen)
        return value
    }

    /// The binary expression, refused when fill modifiers are used but not enabled.
    func makeBinary(_ op: BinaryOp, lhs: Expr, modifiers: BinaryModifiers, rhs: Expr) throws(SyntaxFailure) -> Expr {
        let range = lhs.range.lowerBound..<rhs.range.upperBound
        let matching = modifiers.matching
        if !options.binaryFillModifiers && (matching.fillLeft != nil || matching.fillRight != nil) {
            throw fail("binop fill modifiers are experimental and not enabled", at: range)
        }
        return .binary(Binary(
            op: op, lhs: lhs, rhs: rhs, matching: matching, returnBool: modifiers.returnBool, range: range))
    }
}
