import VigilModel

/// Splits a PromQL query into tokens, as Prometheus' lexer (`promql/parser/lex.go`) does.
///
/// The lexer is modal but depends on the input alone, never on the parser: inside `{…}` keywords
/// are plain identifiers; inside `[…]` only durations, numbers, arithmetic and the duration
/// functions (`step()`, `range()`, `min_of`, `max_of`) are allowed. The first lexical error ends
/// the token stream with an `.error` token whose text is Prometheus' message.
struct Lexer {
    /// The lexing modes; most of the mode is in the flags below, as in Prometheus.
    enum State {
        case statements, insideBraces, durationExpr
    }

    /// The query as UTF-8.
    let bytes: [UInt8]
    /// The offset of the next byte to read.
    var pos = 0
    /// Start of the token being scanned.
    var start = 0
    /// The current mode; nil once the input ended or failed.
    var state: State? = .statements
    /// Open parentheses (an unclosed one is an error at the end).
    var parenDepth = 0
    /// Inside `{…}`: keywords are plain identifiers.
    var braceOpen = false
    /// Inside `[…]`: only durations, numbers and duration arithmetic.
    var bracketOpen = false
    /// A `:` was seen inside the current brackets.
    var gotColon = false
    /// A number or duration was seen inside brackets (a `:` needs one before it).
    var gotDuration = false

    /// A lexer at the start of `input`.
    init(_ input: String) {
        bytes = Array(input.utf8)
    }

    /// Every token of `input` up to and including the final `.eof` or `.error`, comments dropped.
    static func tokens(of input: String) -> [Token] {
        var lexer = Lexer(input)
        var tokens: [Token] = []
        while true {
            let token = lexer.next()
            if token.kind == .comment { continue }
            tokens.append(token)
            if token.kind == .eof || token.kind == .error { return tokens }
        }
    }

    /// The next token; `.eof` forever after the end or an error.
    mutating func next() -> Token {
        while true {
            guard let current = state else { return Token(kind: .eof, start: start, text: "") }
            if let token = scan(in: current) { return token }
        }
    }

    // MARK: - Character access

    /// The rune at `pos` (U+FFFD for invalid UTF-8, as Go's `utf8.RuneError`) and its width.
    func rune(at offset: Int) -> (scalar: Unicode.Scalar?, width: Int) {
        guard offset < bytes.count else { return (nil, 0) }
        let first = bytes[offset]
        if first < 0x80 { return (Unicode.Scalar(first), 1) }
        var iterator = bytes[offset...].makeIterator()
        var decoder = UTF8()
        if case .scalarValue(let scalar) = decoder.decode(&iterator) {
            return (scalar, String(scalar).utf8.count)
        }
        return (Unicode.Scalar(0xFFFD)!, 1)
    }

    /// The rune at `pos`, not consumed.
    var peekScalar: Unicode.Scalar? { rune(at: pos).scalar }
    /// The byte at `pos`, not consumed.
    var peekByte: UInt8? { pos < bytes.count ? bytes[pos] : nil }

    /// Consumes and returns the rune at `pos` (nil at the end).
    mutating func advance() -> Unicode.Scalar? {
        let (scalar, width) = rune(at: pos)
        pos += width
        return scalar
    }

    /// Consumes the next byte if it is one of `valid`.
    mutating func accept(_ valid: String) -> Bool {
        if let byte = peekByte, valid.utf8.contains(byte) {
            pos += 1
            return true
        }
        return false
    }

    /// Whether the next byte is one of `valid`.
    func isNext(_ valid: String) -> Bool {
        if let byte = peekByte { return valid.utf8.contains(byte) }
        return false
    }

    /// The text of the token being scanned.
    var pendingText: String { String(decoding: bytes[start..<pos], as: UTF8.self) }

    /// The token from `start` to `pos`; the next one starts at `pos`.
    mutating func emit(_ kind: TokenKind) -> Token {
        let token = Token(kind: kind, start: start, text: pendingText)
        start = pos
        return token
    }

    /// An error token at `start`; the lexer stops.
    mutating func fail(_ message: String) -> Token {
        state = nil
        return Token(kind: .error, start: start, text: message)
    }

    /// Skips whitespace; the next token starts after it.
    mutating func skipSpaces() {
        while let byte = peekByte, Lexer.isSpace(byte) { pos += 1 }
        start = pos
    }

    // MARK: - States

    private mutating func scan(in current: State) -> Token? {
        switch current {
        case .statements: return scanStatements()
        case .insideBraces: return scanInsideBraces()
        case .durationExpr: return scanDurationExpr()
        }
    }

    private mutating func scanStatements() -> Token? {
        if braceOpen { state = .insideBraces; return nil }
        if peekByte == UInt8(ascii: "#") { return scanLineComment() }
        let runeStart = pos
        guard let r = advance() else {
            if parenDepth != 0 { return fail("unclosed left parenthesis") }
            if bracketOpen { return fail("unclosed left bracket") }
            state = nil
            return emit(.eof)
        }
        switch r {
        case ",": return emit(.comma)
        case " ", "\t", "\n", "\r": skipSpaces(); return nil
        case "*": return emit(.mul)
        case "/": return emit(.div)
        case "%": return emit(.mod)
        case "+": return emit(.add)
        case "-": return emit(.sub)
        case "^": return emit(.pow)
        case "=":
            if peekByte == UInt8(ascii: "=") { pos += 1; return emit(.eqlc) }
            if peekByte == UInt8(ascii: "~") { return fail("unexpected character after '=': '~'") }
            return emit(.assign)
        case "!":
            let after = advance()
            if after != "=" { return fail("unexpected character after '!': \(Lexer.quoted(after))") }
            return emit(.neq)
        case "<":
            if accept("=") { return emit(.lte) }
            if accept("/") { return emit(.trimUpper) }
            return emit(.lss)
        case ">":
            if accept("=") { return emit(.gte) }
            if accept("/") { return emit(.trimLower) }
            return emit(.gtr)
        case "\"", "'", "`":
            return scanString(quote: r)
        case "(":
            parenDepth += 1
            return emit(.leftParen)
        case ")":
            let token = emit(.rightParen)
            parenDepth -= 1
            if parenDepth < 0 { return fail("unexpected right parenthesis ')'") }
            return token
        case "{":
            braceOpen = true
            state = .insideBraces
            return emit(.leftBrace)
        case "[":
            if bracketOpen { return fail("unexpected left bracket '['") }
            gotColon = false
            let token = emit(.leftBracket)
            if let byte = peekByte, Lexer.isSpace(byte) { skipSpaces() }
            bracketOpen = true
            state = .durationExpr
            return token
        case "]":
            if !bracketOpen { return fail("unexpected right bracket ']'") }
            bracketOpen = false
            return emit(.rightBracket)
        case "@":
            return emit(.at)
        default:
            if Lexer.isDigit(r) || (r == "." && peekByte.map(Lexer.isDigit) == true) {
                pos = runeStart
                return scanNumberOrDuration()
            }
            if Lexer.isAlpha(r) || r == ":" {
                if !bracketOpen {
                    pos = runeStart
                    return scanKeywordOrIdentifier()
                }
                if r == ":" {
                    if gotColon { return fail("unexpected colon ':'") }
                    gotColon = true
                    return emit(.colon)
                }
                if Lexer.isDurationKeywordStart(r), let token = scanDurationKeyword() { return token }
                return fail("unexpected character: \(Lexer.quoted(r)), expected ':'")
            }
            return fail("unexpected character: \(Lexer.quoted(r))")
        }
    }

    private mutating func scanInsideBraces() -> Token? {
        if peekByte == UInt8(ascii: "#") { return scanLineComment() }
        guard let r = advance() else { return fail("unexpected end of input inside braces") }
        switch r {
        case " ", "\t", "\n", "\r": skipSpaces(); return nil
        case ",": return emit(.comma)
        case "\"", "'", "`": return scanString(quote: r)
        case "=":
            if accept("~") { return emit(.eqlRegex) }
            return emit(.assign)
        case "!":
            let after = advance()
            if after == "~" { return emit(.neqRegex) }
            if after == "=" { return emit(.neq) }
            return fail("unexpected character after '!' inside braces: \(Lexer.quoted(after))")
        case "{": return fail("unexpected left brace '{'")
        case "}":
            braceOpen = false
            state = .statements
            return emit(.rightBrace)
        default:
            if Lexer.isAlpha(r) {
                while let byte = peekByte, Lexer.isAlphaNumeric(byte) { pos += 1 }
                return emit(.identifier)
            }
            return fail("unexpected character inside braces: \(Lexer.quoted(r))")
        }
    }

    private mutating func scanDurationExpr() -> Token? {
        let runeStart = pos
        guard let r = advance() else { return fail("unexpected end of input in duration expression") }
        switch r {
        case "]":
            bracketOpen = false
            gotColon = false
            state = .statements
            return emit(.rightBracket)
        case ":":
            let token = emit(.colon)
            if !gotDuration { return fail("unexpected colon before duration in duration expression") }
            if gotColon { return fail("unexpected repeated colon in duration expression") }
            gotColon = true
            return token
        case "(":
            parenDepth += 1
            return emit(.leftParen)
        case ")":
            let token = emit(.rightParen)
            parenDepth -= 1
            if parenDepth < 0 { return fail("unexpected right parenthesis ')'") }
            return token
        case " ", "\t", "\n", "\r": skipSpaces(); return nil
        case "+": return emit(.add)
        case "-": return emit(.sub)
        case "*": return emit(.mul)
        case "/": return emit(.div)
        case "%": return emit(.mod)
        case "^": return emit(.pow)
        case ",": return emit(.comma)
        default:
            if Lexer.isDurationKeywordStart(r) {
                if let token = scanDurationKeyword() { return token }
                return fail("unexpected character in duration expression: \(Lexer.quoted(r))")
            }
            if Lexer.isDigit(r) || (r == "." && peekByte.map(Lexer.isDigit) == true) {
                pos = runeStart
                gotDuration = true
                state = .statements
                return scanNumberOrDuration()
            }
            return fail("unexpected character in duration expression: \(Lexer.quoted(r))")
        }
    }

    private mutating func scanLineComment() -> Token {
        pos += 1
        while let byte = peekByte, byte != UInt8(ascii: "\n"), byte != UInt8(ascii: "\r") { pos += 1 }
        return emit(.comment)
    }

    // MARK: - Character classes

    /// Keywords by lower-case spelling (matched case-insensitively); `inf` and `nan` are numbers.
    static let keywords: [String: TokenKind] = {
        var table: [String: TokenKind] = [
            "and": .land, "or": .lor, "unless": .lunless, "atan2": .atan2,
            "offset": .offset, "smoothed": .smoothed, "anchored": .anchored, "by": .by, "without": .without,
            "on": .on, "ignoring": .ignoring, "group_left": .groupLeft, "group_right": .groupRight,
            "fill": .fill, "fill_left": .fillLeft, "fill_right": .fillRight, "bool": .bool,
            "start": .start, "end": .end, "step": .step, "range": .range, "max_of": .maxOf, "min_of": .minOf,
            "inf": .number, "nan": .number,
        ]
        for op in AggregateOp.allCases { table[op.rawValue] = .aggregator(op) }
        return table
    }()

    /// Space, tab, newline or carriage return.
    static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }

    /// An ASCII digit (never other scripts' digits, as Prometheus).
    static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

    /// An ASCII letter or underscore.
    static func isAlpha(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "_") || (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x41 && byte <= 0x5A)
    }

    /// A letter, underscore or digit.
    static func isAlphaNumeric(_ byte: UInt8) -> Bool { isAlpha(byte) || isDigit(byte) }

    /// An ASCII digit.
    static func isDigit(_ scalar: Unicode.Scalar) -> Bool { scalar.isASCII && isDigit(UInt8(scalar.value)) }
    /// An ASCII letter or underscore.
    static func isAlpha(_ scalar: Unicode.Scalar) -> Bool { scalar.isASCII && isAlpha(UInt8(scalar.value)) }

    /// Could start `step`, `range`, `min_of` or `max_of`.
    static func isDurationKeywordStart(_ scalar: Unicode.Scalar) -> Bool {
        ["s", "r", "m", "S", "R", "M"].contains(scalar)
    }

    /// The value of a hexadecimal digit, 16 for anything else.
    static func digitValue(_ scalar: Unicode.Scalar) -> UInt32 {
        switch scalar {
        case "0"..."9": return scalar.value - 0x30
        case "a"..."f": return scalar.value - 0x61 + 10
        case "A"..."F": return scalar.value - 0x41 + 10
        default: return 16
        }
    }

    /// Go's `%q` of a rune; Go's end-of-input rune (-1) prints as the replacement character.
    static func quoted(_ scalar: Unicode.Scalar?) -> String {
        GoQuote.rune(scalar ?? "\u{FFFD}")
    }
}
