import VigilModel

/// Splits a PromQL query into tokens, as Prometheus' lexer (`promql/parser/lex.go`) does.
///
/// The lexer is modal but depends on the input alone, never on the parser: inside `{…}` keywords
/// are plain identifiers; inside `[…]` only durations, numbers, arithmetic and the duration
/// functions (`step()`, `range()`, `min_of`, `max_of`) are allowed. The first lexical error ends
/// the token stream with an `.error` token whose text is Prometheus' message.
struct Lexer {
    private enum State {
        case statements, insideBraces, durationExpr
    }

    private let bytes: [UInt8]
    private var pos = 0
    /// Start of the token being scanned.
    private var start = 0
    private var state: State? = .statements
    private var parenDepth = 0
    private var braceOpen = false
    private var bracketOpen = false
    private var gotColon = false
    private var gotDuration = false

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
    private func rune(at offset: Int) -> (scalar: Unicode.Scalar?, width: Int) {
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

    private var peekScalar: Unicode.Scalar? { rune(at: pos).scalar }
    private var peekByte: UInt8? { pos < bytes.count ? bytes[pos] : nil }

    private mutating func advance() -> Unicode.Scalar? {
        let (scalar, width) = rune(at: pos)
        pos += width
        return scalar
    }

    private mutating func accept(_ valid: String) -> Bool {
        if let byte = peekByte, valid.utf8.contains(byte) {
            pos += 1
            return true
        }
        return false
    }

    private func isNext(_ valid: String) -> Bool {
        if let byte = peekByte { return valid.utf8.contains(byte) }
        return false
    }

    private var pendingText: String { String(decoding: bytes[start..<pos], as: UTF8.self) }

    private mutating func emit(_ kind: TokenKind) -> Token {
        let token = Token(kind: kind, start: start, text: pendingText)
        start = pos
        return token
    }

    private mutating func fail(_ message: String) -> Token {
        state = nil
        return Token(kind: .error, start: start, text: message)
    }

    private mutating func skipSpaces() {
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

    // MARK: - Strings

    /// A quoted string; the opening quote has been read. Escapes are checked here and decoded
    /// by the parser (`StringUnquoting`).
    private mutating func scanString(quote: Unicode.Scalar) -> Token {
        while true {
            guard let r = advance() else {
                return fail(quote == "`" ? "unterminated raw string" : "unterminated quoted string")
            }
            if r == "\u{FFFD}" { return fail("invalid UTF-8 rune") }
            if r == quote { break }
            if quote == "`" { continue }
            if r == "\n" { return fail("unterminated quoted string") }
            if r == "\\", let message = scanEscape(quote: quote) { return fail(message) }
        }
        return emit(.string)
    }

    /// Checks one escape sequence after a backslash; returns Prometheus' message when invalid.
    private mutating func scanEscape(quote: Unicode.Scalar) -> String? {
        guard var ch = advance() else { return "escape sequence not terminated" }
        var digits: Int
        var base: UInt32
        var maxValue: UInt32
        switch ch {
        case "a", "b", "f", "n", "r", "t", "v", "\\", quote:
            return nil
        case "0", "1", "2", "3", "4", "5", "6", "7":
            (digits, base, maxValue) = (3, 8, 255)
        case "x", "u", "U":
            (digits, base, maxValue) = ch == "x" ? (2, 16, 255) : ch == "u" ? (4, 16, 0x10FFFF) : (8, 16, 0x10FFFF)
            guard let following = advance() else { return "escape sequence not terminated" }
            ch = following
        default:
            return "unknown escape sequence \(GoQuote.unicode(ch))"
        }
        var value: UInt32 = 0
        while digits > 0 {
            let digit = Lexer.digitValue(ch)
            if digit >= base { return "illegal character \(GoQuote.unicode(ch)) in escape sequence" }
            value = value * base + digit
            digits -= 1
            if digits > 0 {
                guard let following = advance() else { return "escape sequence not terminated" }
                ch = following
            }
        }
        if value > maxValue || (0xD800..<0xE000).contains(value) {
            return "escape sequence is an invalid Unicode code point"
        }
        return nil
    }

    // MARK: - Numbers, durations, identifiers

    private mutating func scanNumberOrDuration() -> Token {
        if scanNumber() { return emit(.number) }
        if acceptRemainingDuration() { return emit(.duration) }
        return fail("bad number or duration syntax: \(GoQuote.string(pendingText))")
    }

    private mutating func acceptRemainingDuration() -> Bool {
        guard accept("smhdwy") else { return false }
        _ = accept("s")
        while accept("0123456789") {
            while accept("0123456789") {}
            guard accept("smhdw") else { return false }
            _ = accept("s")
        }
        // Like Prometheus, read the following rune: on failure it belongs to the error text.
        let before = pos
        guard let next = peekByte else { return true }
        _ = advance()
        if Lexer.isAlphaNumeric(next) { return false }
        pos = before
        return true
    }

    /// Scans a decimal, hexadecimal or floating-point number as Prometheus' `scanNumber`; the
    /// text is not necessarily valid (the parser reports that).
    private mutating func scanNumber() -> Bool {
        let initial = pos
        var digitPattern = "0123456789"
        var isHex = false
        if accept("0"), accept("xX") {
            _ = accept("_")  // 0X_1F
            digitPattern = "0123456789abcdefABCDEF"
            isHex = true
        }
        // Every number starts [.][d] and continues with [d._eE]*; like Prometheus, "e" counts
        // as an exponent even after "0x", which makes some hexadecimal spellings invalid.
        _ = accept(".")
        _ = accept(digitPattern)
        var dotConsumed = false
        var exponentConsumed = false
        while isNext(digitPattern + "._eE") {
            if isNext("."), dotConsumed { pos += 1; return false }
            if isNext("eE"), exponentConsumed { pos += 1; return false }
            if accept(".") {
                dotConsumed = true
                if accept("_.") || isHex { return false }
                continue
            }
            if accept("eE") {
                exponentConsumed = true
                _ = accept("+-")
                if accept("._eE") || peekByte == nil { return false }
                continue
            }
            if accept("_") {
                if accept("._eE") || peekByte == nil { return false }
                continue
            }
            while accept(digitPattern) {}
        }
        if pos == initial { return false }
        if let byte = peekByte, Lexer.isAlphaNumeric(byte) { return false }
        return true
    }

    private mutating func scanKeywordOrIdentifier() -> Token {
        while let byte = peekByte, Lexer.isAlphaNumeric(byte) || byte == UInt8(ascii: ":") { pos += 1 }
        let word = pendingText
        if let keyword = Lexer.keywords[word.lowercased()] {
            // As Prometheus: `fill`, `fill_left` and `fill_right` are keywords only before "(",
            // so that they stay usable as metric names.
            if [.fill, .fillLeft, .fillRight].contains(keyword), !followedByLeftParen {
                return emit(.identifier)
            }
            return emit(keyword)
        }
        return emit(word.contains(":") ? .metricIdentifier : .identifier)
    }

    private var followedByLeftParen: Bool {
        var offset = pos
        while offset < bytes.count, Lexer.isSpace(bytes[offset]) { offset += 1 }
        return offset < bytes.count && bytes[offset] == UInt8(ascii: "(")
    }

    /// `step`, `range`, `min_of` or `max_of` inside brackets; nil (position restored) otherwise.
    private mutating func scanDurationKeyword() -> Token? {
        while let byte = peekByte, Lexer.isAlpha(byte) { pos += 1 }
        switch pendingText.lowercased() {
        case "step": return emit(.step)
        case "range": return emit(.range)
        case "max_of": return emit(.maxOf)
        case "min_of": return emit(.minOf)
        default: return nil
        }
    }

    // MARK: - Character classes

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

    static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }

    static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

    static func isAlpha(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "_") || (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x41 && byte <= 0x5A)
    }

    static func isAlphaNumeric(_ byte: UInt8) -> Bool { isAlpha(byte) || isDigit(byte) }

    private static func isDigit(_ scalar: Unicode.Scalar) -> Bool { scalar.isASCII && isDigit(UInt8(scalar.value)) }
    private static func isAlpha(_ scalar: Unicode.Scalar) -> Bool { scalar.isASCII && isAlpha(UInt8(scalar.value)) }

    private static func isDurationKeywordStart(_ scalar: Unicode.Scalar) -> Bool {
        ["s", "r", "m", "S", "R", "M"].contains(scalar)
    }

    private static func digitValue(_ scalar: Unicode.Scalar) -> UInt32 {
        switch scalar {
        case "0"..."9": return scalar.value - 0x30
        case "a"..."f": return scalar.value - 0x61 + 10
        case "A"..."F": return scalar.value - 0x41 + 10
        default: return 16
        }
    }

    /// Go's `%q` of a rune; Go's end-of-input rune (-1) prints as the replacement character.
    private static func quoted(_ scalar: Unicode.Scalar?) -> String {
        GoQuote.rune(scalar ?? "\u{FFFD}")
    }
}
