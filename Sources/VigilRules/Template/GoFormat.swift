import Foundation
import VigilModel

/// The parts of Go's `fmt` and `strconv` that templates reach: `%v` printing of template
/// values, `Sprint`/`Sprintln`/`Sprintf`, `strconv.Unquote`, and float formatting with
/// Go's exact spelling (`1e+06`, `+Inf`, `1.235e+08`). Shortest digits and quoting are
/// VigilModel's `GoFloat` and `GoQuote`.
enum GoFormat {
    // MARK: - Floats

    /// `strconv.FormatFloat(v, verb, precision, 64)` for verbs `e`, `E`, `f`, `F`, `g`, `G`;
    /// precision nil means the shortest representation. Infinities are `+Inf`/`-Inf`.
    static func formatFloat(_ v: Double, verb: Character, precision: Int?) -> String {
        if v.isNaN { return "NaN" }
        if v.isInfinite { return v < 0 ? "-Inf" : "+Inf" }
        let sign = v.sign == .minus ? "-" : ""
        guard let precision else {
            // Shortest digits: VigilModel's GoFloat; only the upper-case verbs differ.
            let body: String
            switch verb {
            case "e", "E": body = GoFloat.e(abs(v))
            case "f", "F": body = GoFloat.f(abs(v))
            default: body = GoFloat.g(abs(v))
            }
            return sign + (verb == "E" || verb == "G" ? body.uppercased() : body)
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
