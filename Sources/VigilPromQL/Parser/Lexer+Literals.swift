import VigilModel

/// Strings, numbers, durations and identifiers, scanned as Prometheus' lexer does.
extension Lexer {
    // MARK: - Strings

    /// A quoted string; the opening quote has been read. Escapes are checked here and decoded
    /// by the parser (`StringUnquoting`).
    mutating func scanString(quote: Unicode.Scalar) -> Token {
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
    mutating func scanEscape(quote: Unicode.Scalar) -> String? {
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

    /// A number, else a duration (`5m`, `1h30m`), else an error, as Prometheus' `lexNumberOrDuration`.
    mutating func scanNumberOrDuration() -> Token {
        if scanNumber() { return emit(.number) }
        if acceptRemainingDuration() { return emit(.duration) }
        return fail("bad number or duration syntax: \(GoQuote.string(pendingText))")
    }

    /// The unit part of a duration after its first number.
    mutating func acceptRemainingDuration() -> Bool {
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
    mutating func scanNumber() -> Bool {
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

    /// An identifier, a metric identifier (with `:`) or a keyword.
    mutating func scanKeywordOrIdentifier() -> Token {
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

    /// Whether the next non-space character is "(".
    var followedByLeftParen: Bool {
        var offset = pos
        while offset < bytes.count, Lexer.isSpace(bytes[offset]) { offset += 1 }
        return offset < bytes.count && bytes[offset] == UInt8(ascii: "(")
    }

    /// `step`, `range`, `min_of` or `max_of` inside brackets; nil (position restored) otherwise.
    mutating func scanDurationKeyword() -> Token? {
        while let byte = peekByte, Lexer.isAlpha(byte) { pos += 1 }
        switch pendingText.lowercased() {
        case "step": return emit(.step)
        case "range": return emit(.range)
        case "max_of": return emit(.maxOf)
        case "min_of": return emit(.minOf)
        default: return nil
        }
    }
}
