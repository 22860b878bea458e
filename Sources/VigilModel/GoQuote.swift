/// Go's quoting (`strconv.Quote`, `strconv.QuoteRune`, `fmt`'s `%#U`), which Prometheus uses
/// to print strings in queries, templates and error messages.
public enum GoQuote {
    /// `strconv.Quote`: double quotes, Go escapes, non-printable characters as `\x`, `\u`, `\U`.
    public static func string(_ text: String) -> String {
        quoted(text.unicodeScalars, quote: "\"")
    }

    /// `strconv.Quote` of a byte string that may be invalid UTF-8: invalid bytes as `\xNN`.
    public static func bytes(_ bytes: [UInt8]) -> String {
        var out = "\""
        var index = 0
        while index < bytes.count {
            let length = validSequenceLength(bytes, at: index)
            if length == 0 {
                out += "\\x" + hex(UInt32(bytes[index]), digits: 2)
                index += 1
                continue
            }
            let scalar = String(decoding: bytes[index..<(index + length)], as: UTF8.self).unicodeScalars.first!
            let quoted = string(String(scalar))
            out += quoted.dropFirst().dropLast()
            index += length
        }
        return out + "\""
    }

    /// The length of the valid UTF-8 sequence at `index`, 0 when invalid.
    private static func validSequenceLength(_ bytes: [UInt8], at index: Int) -> Int {
        let lead = bytes[index]
        let length: Int
        switch lead {
        case 0x00...0x7F: return 1
        case 0xC2...0xDF: length = 2
        case 0xE0...0xEF: length = 3
        case 0xF0...0xF4: length = 4
        default: return 0
        }
        guard index + length <= bytes.count else { return 0 }
        return String(validating: bytes[index..<(index + length)], as: UTF8.self) == nil ? 0 : length
    }

    /// `strconv.QuoteRune` (`%q` of a rune): `'x'`.
    public static func rune(_ scalar: Unicode.Scalar) -> String {
        quoted(CollectionOfOne(scalar), quote: "'")
    }

    /// `%#U`: `U+0063 'c'` (the quoted character only when printable).
    public static func unicode(_ scalar: Unicode.Scalar) -> String {
        var hex = String(scalar.value, radix: 16, uppercase: true)
        if hex.count < 4 { hex = String(repeating: "0", count: 4 - hex.count) + hex }
        return isPrintable(scalar) ? "U+\(hex) '\(Character(scalar))'" : "U+\(hex)"
    }

    /// Go's `strconv.IsPrint`: letters, marks, numbers, punctuation, symbols and the ASCII space.
    public static func isPrintable(_ scalar: Unicode.Scalar) -> Bool {
        if scalar == " " { return true }
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
            .nonspacingMark, .spacingMark, .enclosingMark,
            .decimalNumber, .letterNumber, .otherNumber,
            .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation,
            .initialPunctuation, .finalPunctuation, .otherPunctuation,
            .mathSymbol, .currencySymbol, .modifierSymbol, .otherSymbol:
            return true
        default:
            return false
        }
    }

    private static func quoted(_ scalars: some Sequence<Unicode.Scalar>, quote: Unicode.Scalar) -> String {
        var out = String(quote)
        for scalar in scalars {
            switch scalar {
            case quote, "\\": out += "\\" + String(scalar)
            case "\u{07}": out += "\\a"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{0B}": out += "\\v"
            default:
                if isPrintable(scalar) {
                    out.unicodeScalars.append(scalar)
                } else if scalar.value < 0x80 {
                    out += "\\x" + hex(scalar.value, digits: 2)
                } else if scalar.value < 0x10000 {
                    out += "\\u" + hex(scalar.value, digits: 4)
                } else {
                    out += "\\U" + hex(scalar.value, digits: 8)
                }
            }
        }
        out.unicodeScalars.append(quote)
        return out
    }

    private static func hex(_ value: UInt32, digits: Int) -> String {
        let text = String(value, radix: 16)
        return String(repeating: "0", count: max(0, digits - text.count)) + text
    }
}
