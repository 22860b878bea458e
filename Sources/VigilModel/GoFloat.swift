import Foundation

/// Float formatting as Go's `strconv` and `fmt` do it, for every text that must read exactly
/// as Prometheus writes it: API values (`FormatFloat(v, 'f', -1, 64)`), the PromQL printer
/// and messages (`%g`), template `printf`, exposition values.
public enum GoFloat {
    /// `strconv.FormatFloat(value, 'f', -1, 64)`: the shortest digits that round-trip,
    /// never an exponent (`1`, `0.5`, `1000000000000000000000`, `+Inf`, `NaN`).
    public static func f(_ value: Double) -> String {
        if let special = special(value) { return special }
        let body = positional(shortest(value.magnitude))
        return value.sign == .minus ? "-" + body : body
    }

    /// `%g`, `%v` and `FormatFloat(v, 'g', -1, 64)` (`precision` nil: shortest digits, an
    /// exponent below 1e-4 and from 1e+06 on) and `%.Ng` (rounded from the exact binary
    /// value, as Go and C do: `%.3g` of 2.675 is `2.67`).
    public static func g(_ value: Double, precision: Int? = nil) -> String {
        if let special = special(value) { return special }
        if let precision { return String(format: "%.*g", max(precision, 1), value) }
        let decimal = shortest(value.magnitude)
        // As strconv: %e when the exponent is < -4 or ≥ 6 for the shortest digits.
        let exponent = decimal.point - 1
        let body = exponent < -4 || exponent >= 6 ? scientific(decimal) : positional(decimal)
        return value.sign == .minus ? "-" + body : body
    }

    /// `strconv.FormatFloat(value, 'e', -1, 64)`: the shortest digits that round-trip, always
    /// with an exponent (`1e+00`, `1.5e-07`, `+Inf`, `NaN`).
    public static func e(_ value: Double) -> String {
        if let special = special(value) { return special }
        let body = scientific(shortest(value.magnitude))
        return value.sign == .minus ? "-" + body : body
    }

    /// `%.Nf` (default six decimals, as `%f`), exactly rounded like C and Go.
    public static func fixed(_ value: Double, decimals: Int = 6) -> String {
        if let special = special(value) { return special }
        return String(format: "%.*f", decimals, value)
    }

    /// `%.Ne` (default six decimals, as `%e`), with Go's at-least-two-digit exponent.
    public static func exponent(_ value: Double, decimals: Int = 6) -> String {
        if let special = special(value) { return special }
        return String(format: "%.*e", decimals, value)
    }

    // MARK: - Decimal digits

    /// value = 0.d1d2d3… × 10^point, digits without leading or trailing zeros ([0] for zero).
    struct Decimal {
        var digits: [UInt8]
        var point: Int
    }

    private static func special(_ value: Double) -> String? {
        if value.isNaN { return "NaN" }
        if value == .infinity { return "+Inf" }
        if value == -.infinity { return "-Inf" }
        return nil
    }

    /// Reads Swift's shortest round-trip description (`1.5`, `1e-05`, `1.2345e+20`).
    static func shortest(_ value: Double) -> Decimal {
        if value == 0 { return Decimal(digits: [0], point: 1) }
        let text = value.description
        var mantissa = Substring(text)
        var exponent = 0
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            mantissa = text[..<e]
            exponent = Int(text[text.index(after: e)...]) ?? 0
        }
        var digits: [UInt8] = []
        var point = 0
        var seenPoint = false
        for ch in mantissa.utf8 {
            if ch == UInt8(ascii: ".") {
                seenPoint = true
                continue
            }
            digits.append(ch - UInt8(ascii: "0"))
            if !seenPoint { point += 1 }
        }
        while digits.count > 1, digits.first == 0 {
            digits.removeFirst()
            point -= 1
        }
        while digits.count > 1, digits.last == 0 { digits.removeLast() }
        return Decimal(digits: digits, point: point + exponent)
    }

    private static func scientific(_ decimal: Decimal) -> String {
        var out = String(decimal.digits[0])
        if decimal.digits.count > 1 { out += "." + decimal.digits[1...].map(String.init).joined() }
        let exponent = decimal.point - 1
        let magnitude = abs(exponent)
        out += exponent < 0 ? "e-" : "e+"
        out += magnitude < 10 ? "0\(magnitude)" : "\(magnitude)"
        return out
    }

    private static func positional(_ decimal: Decimal) -> String {
        if decimal.digits == [0] { return "0" }
        let digits = String(decoding: decimal.digits.map { $0 + 48 }, as: UTF8.self)
        if decimal.point <= 0 { return "0." + String(repeating: "0", count: -decimal.point) + digits }
        if decimal.point >= digits.count { return digits + String(repeating: "0", count: decimal.point - digits.count) }
        let split = digits.index(digits.startIndex, offsetBy: decimal.point)
        return String(digits[..<split]) + "." + String(digits[split...])
    }
}
