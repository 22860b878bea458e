import VigilModel

/// A token of Go's `text/template` syntax.
struct TemplateToken: Sendable {
    enum Kind: Sendable, Equatable {
        case text, leftDelim, rightDelim, leftParen, rightParen, pipe, space
        case assign, declare, char, bool, number, charConstant, complex
        case string, rawString, variable, field, dot, identifier
        // Keywords.
        case block, breakKeyword, continueKeyword, define, elseKeyword, end, ifKeyword
        case nilKeyword, range, template, with
        case eof, error

        var isKeyword: Bool {
            switch self {
            case .block, .breakKeyword, .continueKeyword, .define, .elseKeyword, .end, .ifKeyword,
                .nilKeyword, .range, .template, .with, .dot:
                return true
            default:
                return false
            }
        }
    }

    var kind: Kind
    /// The token's text; for `.error`, the message.
    var value: String
    /// UTF-8 offset of the token's start in the template text.
    var pos: Int
    /// 1-based line of the token's start.
    var line: Int

    /// How Go's parser names the token in `unexpected … in …` messages.
    var description: String {
        switch kind {
        case .eof: return "EOF"
        case .error: return value
        case _ where kind.isKeyword: return "<\(value)>"
        default:
            if value.unicodeScalars.count > 10 {
                return GoQuote.string(String(String.UnicodeScalarView(value.unicodeScalars.prefix(10)))) + "..."
            }
            return GoQuote.string(value)
        }
    }
}

/// Splits template text into tokens exactly as Go's `text/template/parse` lexer does:
/// `{{`/`}}` delimiters, `{{- ` and ` -}}` trim markers, `{{/* comments */}}`, and inside
/// actions spaces, operators, literals, variables, fields and identifiers. A lexical error
/// ends the token list with an `.error` token, which the parser reports when it gets there.
struct TemplateLexer {
    let bytes: [UInt8]
    let text: String
    var pos = 0
    var start = 0
    var tokens: [TemplateToken] = []
    var parenDepth = 0
    /// Line numbers by offset: `lineStarts[i]` is the offset where line i+1 begins.
    var lineStarts: [Int] = [0]

    static func tokens(of text: String) -> [TemplateToken] {
        var lexer = TemplateLexer(text: text)
        lexer.run()
        return lexer.tokens
    }

    private init(text: String) {
        self.text = text
        bytes = Array(text.utf8)
        for (index, byte) in bytes.enumerated() where byte == UInt8(ascii: "\n") {
            lineStarts.append(index + 1)
        }
    }

    func line(at offset: Int) -> Int {
        var low = 0
        var high = lineStarts.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if lineStarts[mid] <= offset { low = mid } else { high = mid - 1 }
        }
        return low + 1
    }

    mutating func emit(_ kind: TemplateToken.Kind) {
        let value = String(decoding: bytes[start..<pos], as: UTF8.self)
        tokens.append(TemplateToken(kind: kind, value: value, pos: start, line: line(at: start)))
        start = pos
    }

    mutating func fail(_ message: String) {
        tokens.append(TemplateToken(kind: .error, value: message, pos: start, line: line(at: start)))
    }

    func byte(at index: Int) -> UInt8? { index < bytes.count ? bytes[index] : nil }

    static func isSpace(_ byte: UInt8?) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0D || byte == 0x0A
    }

    func hasPrefix(_ prefix: String, at index: Int) -> Bool {
        let p = Array(prefix.utf8)
        guard index + p.count <= bytes.count else { return false }
        return bytes[index..<index + p.count].elementsEqual(p)
    }

    private func hasLeftTrimMarker(at index: Int) -> Bool {
        byte(at: index) == UInt8(ascii: "-") && Self.isSpace(byte(at: index + 1))
    }

    private func hasRightTrimMarker(at index: Int) -> Bool {
        Self.isSpace(byte(at: index)) && byte(at: index + 1) == UInt8(ascii: "-")
    }

    /// Whether a right delimiter (possibly trim-marked) starts at `pos`.
    private func atRightDelim() -> (delim: Bool, trim: Bool) {
        if hasRightTrimMarker(at: pos) && hasPrefix("}}", at: pos + 2) { return (true, true) }
        return (hasPrefix("}}", at: pos), false)
    }

    // MARK: - States

    private mutating func run() {
        while true {
            guard lexText() else { return }
            guard lexLeftDelim() else { return }
        }
    }

    /// Text up to the next `{{`; false at the end of input.
    private mutating func lexText() -> Bool {
        var index = pos
        while index + 1 < bytes.count, !(bytes[index] == UInt8(ascii: "{") && bytes[index + 1] == UInt8(ascii: "{")) {
            index += 1
        }
        guard index + 1 < bytes.count else {
            pos = bytes.count
            if pos > start { emit(.text) }
            emit(.eof)
            return false
        }
        pos = index
        if pos > start {
            var end = pos
            if hasLeftTrimMarker(at: pos + 2) {
                while end > start, Self.isSpace(bytes[end - 1]) { end -= 1 }
            }
            if end > start {
                let saved = pos
                pos = end
                emit(.text)
                pos = saved
            }
            start = pos
        }
        return true
    }

    /// `{{` and then the action (or comment) up to its `}}`; false after an error.
    private mutating func lexLeftDelim() -> Bool {
        pos += 2
        let trim = hasLeftTrimMarker(at: pos)
        let afterMarker = trim ? 2 : 0
        if hasPrefix("/*", at: pos + afterMarker) {
            pos += afterMarker
            start = pos
            return lexComment()
        }
        emit(.leftDelim)
        pos += afterMarker
        start = pos
        parenDepth = 0
        return lexInsideAction()
    }

    private mutating func lexComment() -> Bool {
        pos += 2
        var index = pos
        while index + 1 < bytes.count, !(bytes[index] == UInt8(ascii: "*") && bytes[index + 1] == UInt8(ascii: "/")) {
            index += 1
        }
        guard index + 1 < bytes.count else {
            fail("unclosed comment")
            return false
        }
        pos = index + 2
        let (delim, trim) = atRightDelim()
        guard delim else {
            fail("comment ends before closing delimiter")
            return false
        }
        pos += (trim ? 2 : 0) + 2
        if trim { skipLeadingSpace() }
        start = pos
        return true
    }

    private mutating func skipLeadingSpace() {
        while Self.isSpace(byte(at: pos)) { pos += 1 }
    }

    private mutating func lexRightDelim(trim: Bool) {
        if trim {
            pos += 2
            start = pos
        }
        pos += 2
        emit(.rightDelim)
        if trim {
            skipLeadingSpace()
            start = pos
        }
    }

    /// Tokens inside an action until its right delimiter; false after an error.
    private mutating func lexInsideAction() -> Bool {
        while true {
            let (delim, trim) = atRightDelim()
            if delim {
                guard parenDepth == 0 else {
                    fail("unclosed left paren")
                    return false
                }
                lexRightDelim(trim: trim)
                return true
            }
            guard let c = byte(at: pos) else {
                fail("unclosed action")
                return false
            }
            switch c {
            case _ where Self.isSpace(c):
                if lexSpace() { // a trim-marked right delimiter follows one space
                    lexRightDelim(trim: true)
                    return true
                }
            case UInt8(ascii: "="):
                pos += 1
                emit(.assign)
            case UInt8(ascii: ":"):
                pos += 1
                guard byte(at: pos) == UInt8(ascii: "=") else {
                    fail("expected :=")
                    return false
                }
                pos += 1
                emit(.declare)
            case UInt8(ascii: "|"):
                pos += 1
                emit(.pipe)
            case UInt8(ascii: "\""):
                guard lexQuoted(close: UInt8(ascii: "\""), kind: .string, message: "unterminated quoted string") else { return false }
            case UInt8(ascii: "'"):
                guard lexQuoted(close: UInt8(ascii: "'"), kind: .charConstant, message: "unterminated character constant") else { return false }
            case UInt8(ascii: "`"):
                pos += 1
                while let b = byte(at: pos), b != UInt8(ascii: "`") { pos += 1 }
                guard pos < bytes.count else {
                    fail("unterminated raw quoted string")
                    return false
                }
                pos += 1
                emit(.rawString)
            case UInt8(ascii: "$"):
                pos += 1
                guard lexFieldOrVariable(.variable) else { return false }
            case UInt8(ascii: "."):
                if let next = byte(at: pos + 1), next >= UInt8(ascii: "0"), next <= UInt8(ascii: "9") {
                    guard lexNumber() else { return false }
                } else {
                    pos += 1
                    guard lexFieldOrVariable(.field) else { return false }
                }
            case UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                guard lexNumber() else { return false }
            case UInt8(ascii: "("):
                pos += 1
                parenDepth += 1
                emit(.leftParen)
            case UInt8(ascii: ")"):
                pos += 1
                parenDepth -= 1
                guard parenDepth >= 0 else {
                    fail("unexpected right paren")
                    return false
                }
                emit(.rightParen)
            default:
                let scalar = scalar(at: pos)
                if isAlphaNumeric(scalar) {
                    guard lexIdentifier() else { return false }
                } else if scalar.value < 0x80 && scalar.value >= 0x20 && scalar.value != 0x7F {
                    pos += 1
                    emit(.char)
                } else {
                    fail("unrecognized character in action: \(GoQuote.unicode(scalar))")
                    return false
                }
            }
        }
    }

    /// A run of spaces; true when it turned out to be the space of a ` -}}`.
    private mutating func lexSpace() -> Bool {
        var count = 0
        while Self.isSpace(byte(at: pos)) {
            pos += 1
            count += 1
        }
        if hasRightTrimMarker(at: pos - 1) && hasPrefix("}}", at: pos + 1) {
            pos -= 1
            if count == 1 { return true }
        }
        emit(.space)
        return false
    }

    private mutating func lexQuoted(close: UInt8, kind: TemplateToken.Kind, message: String) -> Bool {
        pos += 1
        while true {
            guard let b = byte(at: pos), b != UInt8(ascii: "\n") else {
                fail(message)
                return false
            }
            pos += 1
            if b == UInt8(ascii: "\\") {
                guard let escaped = byte(at: pos), escaped != UInt8(ascii: "\n") else {
                    fail(message)
                    return false
                }
                pos += 1
            } else if b == close {
                break
            }
        }
        emit(kind)
        return true
    }
}
