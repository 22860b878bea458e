import VigilModel

/// Floating-point numbers as the exposition formats spell them: parsed the way Prometheus
/// parses them (Go's `strconv.ParseFloat`, minus hex floats and `_` digit separators) and
/// printed the way Go's `strconv.FormatFloat(v, 'g', -1, 64)` prints them.
public enum FloatText {
    /// Why a number did not parse.
    public enum Failure: Error, Sendable, Hashable {
        /// Not a number at all (`true`, `1.1.1`, `0x1p-3`, `1_2`).
        case syntax
        /// Well formed but beyond the range of a Double (`1e400`), as Go's `ErrRange`.
        case range
    }

    /// Parses `text` (ASCII bytes) as Go's `strconv.ParseFloat(text, 64)` after Prometheus'
    /// `parseFloat` refused `p`, `P` and `_`: decimal numbers with optional sign, fraction and
    /// exponent, `Inf`/`Infinity` with optional sign and `NaN` in any letter case. A NaN
    /// comes back as the one canonical NaN Prometheus stores (`0x7ff8000000000001`).
    public static func parse(_ text: some Collection<UInt8>) -> Result<Double, Failure> {
        let bytes = Array(text)
        return bytes.withUnsafeBytes { parse($0, 0, $0.count) }
    }

    /// Parses `text` as `parse(_:)` does.
    public static func parse(_ text: String) -> Result<Double, Failure> {
        parse(Array(text.utf8))
    }

    /// Prometheus' "normal" NaN (`value.NormalNaN`): every NaN a target sends is stored as this.
    public static let normalNaN = Double(bitPattern: 0x7ff8_0000_0000_0001)

    /// The hot-path parser over `buffer[start..<end]`.
    @inline(__always)
    static func parse(_ buffer: UnsafeRawBufferPointer, _ start: Int, _ end: Int) -> Result<Double, Failure> {
        guard start < end else { return .failure(.syntax) }
        var i = start
        var negative = false
        let first = buffer[i]
        if first == UInt8(ascii: "-") || first == UInt8(ascii: "+") {
            negative = first == UInt8(ascii: "-")
            i += 1
        }
        guard i < end else { return .failure(.syntax) }
        let lead = buffer[i]
        if lead | 0x20 == UInt8(ascii: "i") || lead | 0x20 == UInt8(ascii: "n") {
            return special(buffer, start, i, end, negative: negative)
        }

        // Accumulate up to 19 significant digits; the rest only shift the exponent.
        var mantissa: UInt64 = 0
        var significant = 0
        var dropped = false
        var exponent = 0
        var digits = 0
        while i < end, buffer[i] &- UInt8(ascii: "0") < 10 {
            let digit = UInt64(buffer[i] &- UInt8(ascii: "0"))
            if significant < 19 {
                if mantissa != 0 || digit != 0 {
                    mantissa = mantissa &* 10 &+ digit
                    significant += 1
                }
            } else {
                exponent += 1
                if digit != 0 { dropped = true }
            }
            digits += 1
            i += 1
        }
        if i < end, buffer[i] == UInt8(ascii: ".") {
            i += 1
            while i < end, buffer[i] &- UInt8(ascii: "0") < 10 {
                let digit = UInt64(buffer[i] &- UInt8(ascii: "0"))
                if significant < 19 {
                    if mantissa != 0 || digit != 0 {
                        mantissa = mantissa &* 10 &+ digit
                        significant += 1
                    }
                    exponent -= 1
                } else if digit != 0 {
                    dropped = true
                }
                digits += 1
                i += 1
            }
        }
        guard digits > 0 else { return .failure(.syntax) }
        if i < end, buffer[i] | 0x20 == UInt8(ascii: "e") {
            i += 1
            var negativeExponent = false
            if i < end, buffer[i] == UInt8(ascii: "-") || buffer[i] == UInt8(ascii: "+") {
                negativeExponent = buffer[i] == UInt8(ascii: "-")
                i += 1
            }
            var value = 0
            let exponentStart = i
            while i < end, buffer[i] &- UInt8(ascii: "0") < 10 {
                // Saturate: anything this large is zero or infinity anyway.
                if value < 100_000 { value = value * 10 + Int(buffer[i] &- UInt8(ascii: "0")) }
                i += 1
            }
            guard i > exponentStart else { return .failure(.syntax) }
            exponent += negativeExponent ? -value : value
        }
        guard i == end else { return .failure(.syntax) }

        if mantissa == 0 { return .success(negative ? -0.0 : 0.0) }
        // Clinger's fast path: both the mantissa and the power of ten are exact doubles,
        // so one correctly rounded multiplication or division gives the exact answer.
        if !dropped, mantissa <= 1 << 53, exponent >= -22, exponent <= 22 {
            var value = Double(mantissa)
            if exponent < 0 { value /= exactPowersOfTen[-exponent] } else { value *= exactPowersOfTen[exponent] }
            return .success(negative ? -value : value)
        }
        return slowPath(buffer, start, end)
    }

    private static let exactPowersOfTen: [Double] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ]

    /// Long mantissas and large exponents: the standard library's correctly rounded
    /// conversion of the already validated text.
    private static func slowPath(_ buffer: UnsafeRawBufferPointer, _ start: Int, _ end: Int) -> Result<Double, Failure> {
        let text = String(decoding: UnsafeRawBufferPointer(rebasing: buffer[start..<end]), as: UTF8.self)
        guard let value = Double(text) else { return .failure(.syntax) }
        // Go reports overflow as an error; Prometheus then fails the line.
        if value.isInfinite { return .failure(.range) }
        return .success(value)
    }

    /// `inf`, `infinity` (any case, optional sign) and `nan` (any case, no sign), as Go's
    /// `special`.
    private static func special(
        _ buffer: UnsafeRawBufferPointer, _ start: Int, _ i: Int, _ end: Int, negative: Bool
    ) -> Result<Double, Failure> {
        func matches(_ word: StaticString) -> Bool {
            guard end - i == word.utf8CodeUnitCount else { return false }
            for k in 0..<word.utf8CodeUnitCount where buffer[i + k] | 0x20 != word.utf8Start[k] {
                return false
            }
            return true
        }
        let signed = i != start
        if matches("inf") || matches("infinity") { return .success(negative ? -.infinity : .infinity) }
        if !signed, matches("nan") { return .success(normalNaN) }
        return .failure(.syntax)
    }

    // MARK: - Formatting

    /// `value` as Go's `strconv.FormatFloat(value, 'g', -1, 64)` writes it, with `+Inf`,
    /// `-Inf` and `NaN` as the text format spells them: the shortest digits that read back
    /// to the same value, in exponent form (`1e+06`, `1.5e-05`) when the decimal exponent
    /// is below -4 or at least 6 (Go's rule for the shortest precision).
    public static func format(_ value: Double) -> String {
        var out: [UInt8] = []
        append(value, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends `format(value)` to `out` as UTF-8.
    public static func append(_ value: Double, to out: inout [UInt8]) {
        if value.isNaN { out.append(contentsOf: "NaN".utf8); return }
        if value.isInfinite { out.append(contentsOf: (value < 0 ? "-Inf" : "+Inf").utf8); return }
        if value == 0 {
            out.append(contentsOf: (value.sign == .minus ? "-0" : "0").utf8)
            return
        }
        // Small integers are the common case on /metrics: print them directly.
        if value.rounded(.towardZero) == value, value.magnitude < 1_000_000 {
            out.append(contentsOf: String(Int64(value)).utf8)
            return
        }
        out.append(contentsOf: GoFloat.g(value).utf8)
    }
}
