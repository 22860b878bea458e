import VigilModel

/// Words inside actions: identifiers and keywords, fields and variables, and Go number
/// literals (`0x1F`, `1_000`, `1e6`, `'a'`), as Go's `lexIdentifier` and `scanNumber`.
extension TemplateLexer {
    func scalar(at index: Int) -> Unicode.Scalar {
        var iterator = bytes[index...].makeIterator()
        var decoder = UTF8()
        if case .scalarValue(let s) = decoder.decode(&iterator) { return s }
        return "\u{FFFD}"
    }

    /// Go's `isAlphaNumeric`: `_`, a Unicode letter or a decimal digit.
    func isAlphaNumeric(_ s: Unicode.Scalar) -> Bool {
        if s == "_" { return true }
        switch s.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter, .decimalNumber:
            return true
        default:
            return false
        }
    }

    func scalarLength(at index: Int) -> Int {
        guard let b = byte(at: index) else { return 0 }
        if b < 0x80 { return 1 }
        if b >> 5 == 0b110 { return 2 }
        if b >> 4 == 0b1110 { return 3 }
        return 4
    }

    func atTerminator() -> Bool {
        guard let b = byte(at: pos) else { return true }
        if Self.isSpace(b) { return true }
        switch b {
        case UInt8(ascii: "."), UInt8(ascii: ","), UInt8(ascii: "|"), UInt8(ascii: ":"), UInt8(ascii: ")"), UInt8(ascii: "("):
            return true
        default:
            return hasPrefix("}}", at: pos)
        }
    }

    mutating func absorbAlphaNumerics() {
        while pos < bytes.count, isAlphaNumeric(scalar(at: pos)) { pos += scalarLength(at: pos) }
    }

    mutating func lexIdentifier() -> Bool {
        absorbAlphaNumerics()
        guard atTerminator() else {
            fail("bad character \(GoQuote.unicode(scalar(at: pos)))")
            return false
        }
        let word = String(decoding: bytes[start..<pos], as: UTF8.self)
        switch word {
        case "block": emit(.block)
        case "break": emit(.breakKeyword)
        case "continue": emit(.continueKeyword)
        case "define": emit(.define)
        case "else": emit(.elseKeyword)
        case "end": emit(.end)
        case "if": emit(.ifKeyword)
        case "nil": emit(.nilKeyword)
        case "range": emit(.range)
        case "template": emit(.template)
        case "with": emit(.with)
        case "true", "false": emit(.bool)
        default: emit(.identifier)
        }
        return true
    }

    mutating func lexFieldOrVariable(_ kind: TemplateToken.Kind) -> Bool {
        if atTerminator() {
            emit(kind == .variable ? .variable : .dot)
            return true
        }
        absorbAlphaNumerics()
        guard atTerminator() else {
            fail("bad character \(GoQuote.unicode(scalar(at: pos)))")
            return false
        }
        emit(kind)
        return true
    }

    mutating func accept(_ set: String) -> Bool {
        if let b = byte(at: pos), set.utf8.contains(b) {
            pos += 1
            return true
        }
        return false
    }

    mutating func acceptRun(_ set: String) {
        while let b = byte(at: pos), set.utf8.contains(b) { pos += 1 }
    }

    mutating func scanNumber() -> Bool {
        _ = accept("+-")
        var digits = "0123456789_"
        if accept("0") {
            if accept("xX") {
                digits = "0123456789abcdefABCDEF_"
            } else if accept("oO") {
                digits = "01234567_"
            } else if accept("bB") {
                digits = "01_"
            }
        }
        acceptRun(digits)
        if accept(".") { acceptRun(digits) }
        if digits.count == 11 && accept("eE") {
            _ = accept("+-")
            acceptRun("0123456789_")
        }
        if digits.count == 23 && accept("pP") {
            _ = accept("+-")
            acceptRun("0123456789_")
        }
        _ = accept("i")
        if pos < bytes.count, isAlphaNumeric(scalar(at: pos)) {
            pos += scalarLength(at: pos)
            return false
        }
        return true
    }

    mutating func lexNumber() -> Bool {
        guard scanNumber() else {
            fail("bad number syntax: \(GoQuote.string(String(decoding: bytes[start..<pos], as: UTF8.self)))")
            return false
        }
        if let sign = byte(at: pos), sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") {
            guard scanNumber(), bytes[pos - 1] == UInt8(ascii: "i") else {
                fail("bad number syntax: \(GoQuote.string(String(decoding: bytes[start..<pos], as: UTF8.self)))")
                return false
            }
            emit(.complex)
            return true
        }
        emit(.number)
        return true
    }
}
