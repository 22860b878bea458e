import VigilModel

/// A parse failure on its way out. A bare "unexpected X" keeps its token so that the nearest
/// enclosing construct with an error rule in Prometheus' grammar (an aggregation, a range
/// selector, an offset, …) can name itself: `unexpected ")" in aggregation`.
///
/// A class, so that each `throws(SyntaxFailure)` call site reserves one pointer in its frame:
/// the parser recurses once per nesting level and its frames must stay small.
final class SyntaxFailure: Error, Sendable {
    /// The error as it will be reported.
    let error: PromQLError
    /// The offending token of a bare "unexpected X", which an enclosing rule may name.
    let unexpectedToken: Token?

    /// A failure; `unexpectedToken` only for a bare "unexpected X".
    init(error: PromQLError, unexpectedToken: Token? = nil) {
        self.error = error
        self.unexpectedToken = unexpectedToken
    }
}

/// A recursive-descent, precedence-climbing parser producing the same trees and the same
/// first error as Prometheus' yacc grammar (`promql/parser/generated_parser.y`).
///
/// One value parses one text; the checker runs afterwards (`Checker`), as `checkAST` does.
struct ExpressionParser {
    /// The text being parsed.
    let query: String
    /// Which experimental parts of the grammar are accepted.
    let options: ParserOptions
    private let tokens: [Token]
    private var index = 0
    /// End of the last `)`, `}`, `]`, number or duration consumed: where modifiers end a node
    /// (Prometheus' `lastClosing`).
    private(set) var lastClosing = 0
    /// How many expressions are being parsed inside each other (parentheses, arguments, …).
    var nesting = 0

    /// A parser over `query`, tokenized up front (the lexer does not depend on the parser).
    init(_ query: String, options: ParserOptions) {
        self.query = query
        self.options = options
        self.tokens = Lexer.tokens(of: query)
    }

    // MARK: - Entry points

    /// A whole query: one expression, then the end of input.
    mutating func parseQuery() throws(PromQLError) -> Expr {
        do throws(SyntaxFailure) {
            if tokens[index].kind == .eof { throw fail("no expression found in input", at: 0..<0) }
            let expr = try parseExpression(0)
            let token = try peek()
            guard token.kind == .eof else { throw unexpected(token) }
            return expr
        } catch {
            throw error.error
        }
    }

    /// One vector selector and the end of input (Prometheus' `START_METRIC_SELECTOR`).
    mutating func parseSelectorOnly() throws(PromQLError) -> VectorSelector {
        do throws(SyntaxFailure) {
            let token = try peek()
            let selector: VectorSelector
            if token.kind == .leftBrace {
                selector = try parseVectorSelector(name: nil)
            } else if token.kind.isMetricIdentifier {
                selector = try parseVectorSelector(name: advance())
            } else {
                throw unexpected(token)
            }
            let end = try peek()
            guard end.kind == .eof else { throw unexpected(end) }
            return selector
        } catch {
            throw error.error
        }
    }

    // MARK: - Tokens

    /// The current token; the lexer's error when it failed here.
    func peek() throws(SyntaxFailure) -> Token {
        let token = tokens[index]
        if token.kind == .error {
            throw SyntaxFailure(error: PromQLError(.syntax, token.text, range: token.start..<query.utf8.count, query: query))
        }
        return token
    }

    /// The kind of the token after the current one, without raising lexical errors.
    var kindAfterCurrent: TokenKind {
        index + 1 < tokens.count ? tokens[index + 1].kind : .eof
    }

    /// Where the token `count` places before the current one starts.
    func tokens(before count: Int) -> Int {
        tokens[max(0, index - count)].start
    }

    /// Consumes the current token.
    @discardableResult
    mutating func advance() -> Token {
        let token = tokens[index]
        if index < tokens.count - 1 { index += 1 }
        switch token.kind {
        case .rightParen, .rightBrace, .rightBracket, .number, .duration: lastClosing = token.end
        default: break
        }
        return token
    }

    /// Consumes a token of `kind` or fails with "unexpected …" in `context`.
    @discardableResult
    mutating func expect(_ kind: TokenKind, context: String = "", expected: String = "") throws(SyntaxFailure) -> Token {
        let token = try peek()
        guard token.kind == kind else { throw unexpected(token, context: context, expected: expected) }
        return advance()
    }

    // MARK: - Failures

    /// A failure with `message` at `range`.
    func fail(_ message: String, at range: SourceRange, kind: PromQLError.Kind = .syntax) -> SyntaxFailure {
        SyntaxFailure(error: PromQLError(kind, message, range: range, query: query))
    }

    /// Prometheus' `unexpected(context, expected)`: `unexpected <token>[ in <context>][, expected <expected>]`.
    func unexpected(_ token: Token, context: String = "", expected: String = "") -> SyntaxFailure {
        var message = "unexpected \(token.description)"
        if !context.isEmpty { message += " in \(context)" }
        if !expected.isEmpty { message += ", expected \(expected)" }
        let bare = context.isEmpty && expected.isEmpty
        return SyntaxFailure(error: PromQLError(.syntax, message, range: token.range, query: query), unexpectedToken: bare ? token : nil)
    }

    /// Runs `body`; a bare "unexpected X" inside it becomes "unexpected X in `context`", as
    /// the error rule of an enclosing grammar rule reports it.
    mutating func within<T>(
        _ context: String, expected: String = "", _ body: (inout ExpressionParser) throws(SyntaxFailure) -> T
    ) throws(SyntaxFailure) -> T {
        do throws(SyntaxFailure) {
            return try body(&self)
        } catch {
            if let token = error.unexpectedToken { throw unexpected(token, context: context, expected: expected) }
            throw error
        }
    }

    // MARK: - Expressions

    /// Binary operators at or above `minPrecedence`, left-associative except `^`.
    mutating func parseExpression(_ minPrecedence: Int) throws(SyntaxFailure) -> Expr {
        try enterNested()
        defer { nesting -= 1 }
        let lhs = try parseUnary()
        guard let op = try peek().kind.binaryOperator, op.precedence >= minPrecedence else { return lhs }
        return try parseBinaryChain(lhs, minPrecedence)
    }

    /// The operators following `lhs`. Kept apart from `parseExpression`, whose frame is on the
    /// stack once per nesting level.
    private mutating func parseBinaryChain(_ first: Expr, _ minPrecedence: Int) throws(SyntaxFailure) -> Expr {
        var lhs = first
        var lhsDepth = lhs.depth
        while true {
            let token = try peek()
            guard let op = token.kind.binaryOperator, op.precedence >= minPrecedence else { return lhs }
            advance()
            let modifiers = try parseBinaryModifiers()
            let rhs = try parseExpression(op.isRightAssociative ? op.precedence : op.precedence + 1)
            // A long chain `a + b + c …` is built here without recursion; refuse it before it is
            // too deep for the recursive passes that follow.
            lhsDepth = 1 + max(lhsDepth, rhs.depth)
            if lhsDepth > Parser.maximumDepth { throw fail(Parser.tooDeepMessage, at: 0..<query.utf8.count) }
            lhs = try makeBinary(op, lhs: lhs, modifiers: modifiers, rhs: rhs)
        }
    }

    /// A unary sign binds like `*`: `-a ^ b` is `-(a ^ b)`, `-a * b` is `(-a) * b`. A sign
    /// before a number literal folds into it (`-2` is the literal -2).
    private mutating func parseUnary() throws(SyntaxFailure) -> Expr {
        let kind = try peek().kind
        if kind == .add || kind == .sub { return try parseSigned() }
        return try parsePostfix(parsePrimary())
    }

    private mutating func parseSigned() throws(SyntaxFailure) -> Expr {
        let sign = advance()
        let operand = try parseExpression(BinaryOp.mul.precedence + 1)
        if case .number(var literal) = operand {
            if sign.kind == .sub { literal.value = -literal.value }
            literal.range = sign.start..<literal.range.upperBound
            return .number(literal)
        }
        let op: Unary.Op = sign.kind == .sub ? .minus : .plus
        return .unary(Unary(op: op, expr: operand, range: sign.start..<operand.range.upperBound))
    }

    // Each kind of primary has its own function: this one is on the stack once per nesting
    // level and must stay small.
    private mutating func parsePrimary() throws(SyntaxFailure) -> Expr {
        let kind = try peek().kind
        switch kind {
        case .number, .duration: return try parseNumberPrimary()
        case .string: return try parseStringLiteral()
        case .leftParen: return try parseParen()
        case .leftBrace: return try parseSelectorPrimary()
        case .aggregator(let op):
            switch kindAfterCurrent {
            case .leftParen, .by, .without: return try parseAggregation(op)
            default: return try parseSelectorPrimary()
            }
        case .identifier, .start, .end, .step, .range, .maxOf, .minOf:
            if kindAfterCurrent == .leftParen { return try parseCall() }
            return try parseSelectorPrimary()
        default:
            if kind.isMetricIdentifier { return try parseSelectorPrimary() }
            throw unexpected(try peek())
        }
    }

    private mutating func parseNumberPrimary() throws(SyntaxFailure) -> Expr {
        .number(try parseNumberLiteral())
    }

    private mutating func parseStringLiteral() throws(SyntaxFailure) -> Expr {
        let token = advance()
        guard let bytes = Literals.unquoteBytes(token.text) else { throw unquoteFailure(token) }
        let value = String(decoding: bytes, as: UTF8.self)
        let invalid = String(validating: bytes, as: UTF8.self) == nil ? bytes : nil
        return .string(StringLiteral(value: value, range: token.range, invalidUTF8: invalid))
    }

    private mutating func parseParen() throws(SyntaxFailure) -> Expr {
        let open = advance()
        let inner = try parseExpression(0)
        let close = try expect(.rightParen)
        return .paren(Paren(expr: inner, range: open.start..<close.end))
    }

    /// `name`, `name{…}` or `{…}`.
    private mutating func parseSelectorPrimary() throws(SyntaxFailure) -> Expr {
        let name = try peek().kind == .leftBrace ? nil : advance()
        return .vectorSelector(try parseVectorSelector(name: name))
    }

    /// Counts one more level of nesting; refuses more than `Parser.maximumDepth`, so that
    /// hostile input cannot exhaust the stack of this recursive parser.
    mutating func enterNested() throws(SyntaxFailure) {
        nesting += 1
        if nesting > Parser.maximumDepth {
            throw fail(Parser.tooDeepMessage, at: tokens[index].start..<query.utf8.count)
        }
    }

    // MARK: - Literals

    /// A number or duration token as a number literal (durations in seconds).
    mutating func parseNumberLiteral() throws(SyntaxFailure) -> NumberLiteral {
        let token = advance()
        if token.kind == .duration {
            switch Literals.durationNanoseconds(token.text) {
            case .success(let nanoseconds):
                return NumberLiteral(value: Double(nanoseconds) / 1e9, isDuration: true, range: token.range)
            case .failure(let error):
                throw fail(error.message, at: token.range)
            }
        }
        guard let value = Literals.number(token.text) else {
            throw fail("error parsing number: \(Literals.numberError(token.text))", at: token.range)
        }
        return NumberLiteral(value: value, range: token.range)
    }

    /// The value of a string token.
    func unquote(_ token: Token) throws(SyntaxFailure) -> String {
        guard let value = Literals.unquote(token.text) else { throw unquoteFailure(token) }
        return value
    }

    private func unquoteFailure(_ token: Token) -> SyntaxFailure {
        fail("error unquoting string \(GoQuote.string(token.text)): invalid syntax", at: token.range)
    }
}
