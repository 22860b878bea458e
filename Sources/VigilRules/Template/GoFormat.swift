import Foundation

/// The parts of Go's `fmt` and `strconv` that templates reach: `%v` printing of template
/// values, `Sprint`/`Sprintln`/`Sprintf`, `strconv.Unquote` (quoting is VigilModel's `GoQuote`), and float formatting
/// with Go's exact spelling (`1e+06`, `+Inf`, `1.235e+08`).
enum GoFormat {
    // MARK: - Floats

    /// Shortest round-trip digits of a finite, non-zero |v| and the decimal exponent such
    /// that v = 0.d1d2d3… × 10^exponent (Go's `decimal` digits and `dp`).
    static func shortestDigits(_ v: Double) -> (digits: [UInt8], decimalPoint: Int) {
        // Swift's description is the shortest representation that round-trips, as Go's.
        let text = "\(abs(v))"
        var mantissa = Substring(text)
        var exponent = 0
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            mantissa = text[..<e]
            exponent = Int(text[text.index(after: e)...]) ?? 0
        }
        var digits: [UInt8] = []
        var pointAt = 0
        var seenPoint = false
        for c in mantissa.utf8 {
            if c == UInt8(ascii: ".") {
                seenPoint = true
                continue
            }
            digits.append(c - UInt8(ascii: "0"))
            if !seenPoint { pointAt += 1 }
        }
        var decimalPoint = pointAt + exponent
        while let first = digits.first, first == 0, !digits.isEmpty {
            digits.removeFirst()
            decimalPoint -= 1
        }
        while let last = digits.last, last == 0 { digits.removeLast() }
        return (digits, decimalPoint)
    }

    /// `strconv.FormatFloat(v, verb, precision, 64)` for verbs `e`, `E`, `f`, `F`, `g`, `G`;
    /// precision nil means the shortest representation. Infinities are `+Inf`/`-Inf`.
    static func formatFloat(_ v: Double, verb: Character, precision: Int?) -> String {
        if v.isNaN { return "NaN" }
        if v.isInfinite { return v < 0 ? "-Inf" : "+Inf" }
        let sign = v.sign == .minus ? "-" : ""
        guard let precision else {
            return sign + formatShortest(abs(v), verb: verb)
        }
        let spec: String
        switch verb {
        case "e", "E", "f", "F", "g", "G": spec = "%.\(precision)\(verb == "F" ? "f" : String(verb))"
        default: spec = "%.\(precision)g"
        }
        // C's printf rounds the exact binary value as Go's strconv does.
        var out = String(format: spec, abs(v))
        if verb == "G" || verb == "E" { out = out.uppercased() }
        return sign + out
    }

    private static func formatShortest(_ v: Double, verb: Character) -> String {
        if v == 0 {
            switch verb {
            case "e", "E": return "0" + (verb == "E" ? "E" : "e") + "+00"
            default: return "0"
            }
        }
        let (digits, decimalPoint) = shortestDigits(v)
        let exponent = decimalPoint - 1
        let upper = verb == "E" || verb == "G"
        switch verb {
        case "e", "E":
            return exponential(digits, exponent: exponent, upper: upper)
        case "f", "F":
            return fixed(digits, decimalPoint: decimalPoint)
        default:
            // As strconv: shortest %g switches to %e when the exponent is < -4 or >= 6.
            if exponent < -4 || exponent >= 6 {
                return exponential(digits, exponent: exponent, upper: upper)
            }
            return fixed(digits, decimalPoint: decimalPoint)
        }
    }

    private static func exponential(_ digits: [UInt8], exponent: Int, upper: Bool) -> String {
        var out = String(UnicodeScalar(digits[0] + 48))
        if digits.count > 1 {
            out += "." + String(decoding: digits.dropFirst().map { $0 + 48 }, as: UTF8.self)
        }
        out += upper ? "E" : "e"
        out += exponent < 0 ? "-" : "+"
        let magnitude = abs(exponent)
        out += magnitude < 10 ? "0\(magnitude)" : "\(magnitude)"
        return out
    }

    private static func fixed(_ digits: [UInt8], decimalPoint: Int) -> String {
        let text = digits.map { Character(UnicodeScalar($0 + 48)) }
        if decimalPoint <= 0 {
            return "0." + String(repeating: "0", count: -decimalPoint) + String(text)
        }
        if decimalPoint >= text.count {
            return String(text) + String(repeating: "0", count: decimalPoint - text.count)
        }
        return String(text[..<decimalPoint]) + "." + String(text[decimalPoint...])
    }

    // MARK: - Quoting

    /// `strconv.Unquote` for a double-quoted Go string; nil when malformed.
    static func unquote(_ quoted: String) -> String? {
        let scalars = Array(quoted.unicodeScalars)
        guard scalars.count >= 2, scalars.first == "\"", scalars.last == "\"" else { return nil }
        var out = String.UnicodeScalarView()
        var bytes: [UInt8] = []
        func flushBytes() -> Bool {
            guard !bytes.isEmpty else { return true }
            out.append(contentsOf: String(decoding: bytes, as: UTF8.self).unicodeScalars)
            bytes.removeAll()
            return true
        }
        var i = 1
        while i < scalars.count - 1 {
            let c = scalars[i]
            if c == "\"" || c == "\n" { return nil }
            guard c == "\\" else {
                _ = flushBytes()
                out.append(c)
                i += 1
                continue
            }
            guard let (value, length, isByte) = escape(scalars, at: i + 1, quote: "\"") else { return nil }
            if isByte { bytes.append(UInt8(value)) } else {
                _ = flushBytes()
                guard let scalar = Unicode.Scalar(value) else { return nil }
                out.append(scalar)
            }
            i += 1 + length
        }
        _ = flushBytes()
        return String(out)
    }

    /// The rune of a Go character constant such as `'a'` or `'\n'`.
    static func unquoteChar(_ quoted: String) -> Unicode.Scalar? {
        let scalars = Array(quoted.unicodeScalars)
        guard scalars.count >= 3, scalars.first == "'", scalars.last == "'" else { return nil }
        if scalars[1] != "\\" { return scalars.count == 3 ? scalars[1] : nil }
        guard let (value, length, _) = escape(scalars, at: 2, quote: "'"), 2 + length == scalars.count - 1 else { return nil }
        return Unicode.Scalar(value)
    }

    /// An escape sequence after a backslash: its value, its length, and whether it is a raw byte.
    private static func escape(_ s: [Unicode.Scalar], at i: Int, quote: Unicode.Scalar) -> (UInt32, Int, Bool)? {
        guard i < s.count else { return nil }
        func hex(_ count: Int) -> UInt32? {
            guard i + count < s.count else { return nil }
            var value: UInt32 = 0
            for k in 1...count {
                guard let d = Character(s[i + k]).hexDigitValue else { return nil }
                value = value * 16 + UInt32(d)
            }
            return value
        }
        switch s[i] {
        case "a": return (7, 1, false)
        case "b": return (8, 1, false)
        case "f": return (12, 1, false)
        case "n": return (10, 1, false)
        case "r": return (13, 1, false)
        case "t": return (9, 1, false)
        case "v": return (11, 1, false)
        case "\\": return (92, 1, false)
        case _ where s[i] == quote: return (quote.value, 1, false)
        case "x": return hex(2).map { ($0, 3, true) }
        case "u": return hex(4).map { ($0, 5, false) }
        case "U": return hex(8).map { ($0, 9, false) }
        case "0"..."7":
            guard i + 2 < s.count else { return nil }
            var value: UInt32 = 0
            for k in 0..<3 {
                guard let d = Character(s[i + k]).wholeNumberValue, d < 8 else { return nil }
                value = value * 8 + UInt32(d)
            }
            return value > 255 ? nil : (value, 3, true)
        default: return nil
        }
    }
}
