/// Go's float formatting as Prometheus' printer and messages use it: `strconv.FormatFloat(v,
/// 'f', -1, 64)` (shortest, never an exponent), `%v`/`%g` (shortest, exponent outside
/// 1e-4…1e+6) and `%f` (six decimals).
enum GoFloat {
    /// `strconv.FormatFloat(value, 'f', -1, 64)`: `1`, `0.5`, `1000000000000000000000`, `+Inf`.
    static func formatShortest(_ value: Double) -> String {
        if let special = special(value) { return special }
        let (negative, digits, point) = decimal(value)
        return (negative ? "-" : "") + positional(digits, point: point, minimumFraction: 0)
    }

    /// `%v` / `%g` of a float64: `1`, `0.5`, `1e+06`, `1.5e-05`.
    static func formatG(_ value: Double) -> String {
        if let special = special(value) { return special }
        let (negative, digits, point) = decimal(value)
        let exponent = point - 1
        let sign = negative ? "-" : ""
        if exponent < -4 || exponent >= 6 {
            return sign + scientific(digits, exponent: exponent)
        }
        return sign + positional(digits, point: point, minimumFraction: 0)
    }

    /// `%f`: six decimals (`9223372036854775808.000000`, `+Inf`, `NaN`).
    static func formatF(_ value: Double) -> String {
        if let special = special(value) { return special }
        let negative = value.sign == .minus
        let magnitude = value.magnitude
        if magnitude >= 9007199254740992 {  // 2^53: an integer, printed exactly as Go does
            return (negative ? "-" : "") + exactInteger(magnitude) + ".000000"
        }
        let (_, digits, point) = decimal(magnitude)
        var all = Array(digits.utf8).map { Int($0) - 48 }
        var pointIndex = point
        if pointIndex < 0 {
            all = Array(repeating: 0, count: -pointIndex) + all
            pointIndex = 0
        }
        let keep = pointIndex + 6
        if all.count < keep { all += Array(repeating: 0, count: keep - all.count) }
        if all.count > keep {
            // Shortest digits round-trip, so rounding them half-up matches Go except in rare ties.
            let roundUp = all[keep] >= 5
            all = Array(all[..<keep])
            if roundUp {
                var index = keep - 1
                while index >= 0 {
                    if all[index] == 9 { all[index] = 0; index -= 1 } else { all[index] += 1; break }
                }
                if index < 0 { all.insert(1, at: 0); pointIndex += 1 }
            }
        }
        var integer = all[..<pointIndex].map(String.init).joined()
        if integer.isEmpty { integer = "0" }
        while integer.count > 1 && integer.hasPrefix("0") { integer.removeFirst() }
        let fraction = all[pointIndex...].map(String.init).joined()
        return (negative ? "-" : "") + integer + "." + fraction
    }

    /// The exact decimal digits of an integral, non-negative double.
    private static func exactInteger(_ value: Double) -> String {
        if value < 18446744073709551616 { return String(UInt64(value)) }
        var digits: [UInt8] = [0]  // little-endian decimal digits
        func multiply(by factor: UInt32) {
            var carry: UInt32 = 0
            for index in digits.indices {
                let product = UInt32(digits[index]) * factor + carry
                digits[index] = UInt8(product % 10)
                carry = product / 10
            }
            while carry > 0 { digits.append(UInt8(carry % 10)); carry /= 10 }
        }
        let significand = UInt64(value.significandBitPattern | (1 << 52))
        for ch in String(significand).utf8 {
            multiply(by: 10)
            var carry = UInt32(ch - 48)
            var index = 0
            while carry > 0 {
                if index == digits.count { digits.append(0) }
                let sum = UInt32(digits[index]) + carry
                digits[index] = UInt8(sum % 10)
                carry = sum / 10
                index += 1
            }
        }
        for _ in 0..<(Int(value.exponent) - 52) { multiply(by: 2) }
        while digits.count > 1 && digits.last == 0 { digits.removeLast() }
        return String(decoding: digits.reversed().map { $0 + 48 }, as: UTF8.self)
    }

    private static func special(_ value: Double) -> String? {
        if value.isNaN { return "NaN" }
        if value == .infinity { return "+Inf" }
        if value == -.infinity { return "-Inf" }
        return nil
    }

    /// The shortest round-trip decimal digits of `value` (no leading or trailing zeros, "0" for
    /// zero) and the position of the decimal point relative to them: value = 0.digits × 10^point.
    static func decimal(_ value: Double) -> (negative: Bool, digits: String, point: Int) {
        let negative = value.sign == .minus
        var text = value.magnitude.description  // Swift prints the shortest round-trip digits
        var exponent = 0
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            exponent = Int(text[text.index(after: e)...])!
            text = String(text[..<e])
        }
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        let integer = String(parts[0])
        let fraction = parts.count > 1 ? String(parts[1]) : ""
        var digits = integer + fraction
        var point = integer.count + exponent
        while digits.hasPrefix("0") && digits.count > 1 { digits.removeFirst(); point -= 1 }
        while digits.hasSuffix("0") && digits.count > 1 { digits.removeLast() }
        if digits == "0" { point = 1 }
        return (negative, digits, point)
    }

    private static func positional(_ digits: String, point: Int, minimumFraction: Int) -> String {
        if digits == "0" { return "0" }
        if point <= 0 { return "0." + String(repeating: "0", count: -point) + digits }
        if point >= digits.count { return digits + String(repeating: "0", count: point - digits.count) }
        let split = digits.index(digits.startIndex, offsetBy: point)
        return String(digits[..<split]) + "." + String(digits[split...])
    }

    private static func scientific(_ digits: String, exponent: Int) -> String {
        var mantissa = String(digits.prefix(1))
        if digits.count > 1 { mantissa += "." + digits.dropFirst() }
        let sign = exponent < 0 ? "-" : "+"
        let magnitude = String(abs(exponent))
        return mantissa + "e" + sign + (magnitude.count < 2 ? "0" + magnitude : magnitude)
    }
}
