/// JSON string quoting without Foundation: the hot path of every API response.
enum JSONString {
    /// `value` as a JSON string literal, with control characters escaped.
    static func quoted(_ value: String) -> String {
        var out = "\""
        out.reserveCapacity(value.utf8.count + 2)
        append(value, to: &out)
        out += "\""
        return out
    }

    /// Appends the escaped body of `value` (without quotes).
    static func append(_ value: String, to out: inout String) {
        // Most label values need no escape: append them whole.
        guard value.utf8.contains(where: needsEscape) else {
            out += value
            return
        }
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            case "<": out += "\\u003c"  // As Go's encoder: safe to embed in HTML.
            case ">": out += "\\u003e"
            case "&": out += "\\u0026"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
    }

    /// Bytes the loop above rewrites; every byte of a multi-byte scalar is 0x80 or more.
    @inline(__always)
    private static func needsEscape(_ byte: UInt8) -> Bool {
        byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || byte == UInt8(ascii: "<")
            || byte == UInt8(ascii: ">") || byte == UInt8(ascii: "&")
    }
}
