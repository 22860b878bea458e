/// How Prometheus spells a float in API answers (util/jsonutil `MarshalFloat`): `NaN`,
/// `+Inf`, `-Inf`, else Go's shortest round-trip digits, in exponent form (`1e-07`,
/// `1.5e+308`) when the magnitude is below 1e-6 or at least 1e21, in plain decimal form
/// otherwise (`0.000001`, `100000000000000000000`, `-0`).
enum PrometheusFloatText {
    static func spelling(_ v: Double) -> String {
        if v.isNaN { return "NaN" }
        if v == .infinity { return "+Inf" }
        if v == -.infinity { return "-Inf" }
        let sign = v.sign == .minus ? "-" : ""
        if v == 0 { return sign + "0" }
        let (digits, exponent) = shortestDigits(abs(v))
        let magnitude = abs(v)
        if magnitude < 1e-6 || magnitude >= 1e21 {
            let mantissa = digits.count > 1 ? "\(digits.first!).\(digits.dropFirst())" : digits
            let power = abs(exponent) < 10 ? "0\(abs(exponent))" : "\(abs(exponent))"
            return "\(sign)\(mantissa)e\(exponent < 0 ? "-" : "+")\(power)"
        }
        // Plain form: the decimal point goes after digit `exponent` (0-based).
        if exponent < 0 {
            return sign + "0." + String(repeating: "0", count: -exponent - 1) + digits
        }
        if exponent + 1 >= digits.count {
            return sign + digits + String(repeating: "0", count: exponent + 1 - digits.count)
        }
        let split = digits.index(digits.startIndex, offsetBy: exponent + 1)
        return sign + digits[..<split] + "." + digits[split...]
    }

    /// The shortest digits that read back as `v` (Swift and Go both print those) and the
    /// decimal exponent of the first one: 1234.5 → ("12345", 3), 0.001 → ("1", -3).
    static func shortestDigits(_ v: Double) -> (digits: String, exponent: Int) {
        let text = "\(v)"  // "1234.5", "1e-07", "1.5e+308", "5e-324", "0.001"
        let parts = text.split(separator: "e", maxSplits: 1)
        var exponent = parts.count == 2 ? Int(parts[1])! : 0
        let mantissa = parts[0]
        let point = mantissa.firstIndex(of: ".") ?? mantissa.endIndex
        exponent += mantissa.distance(from: mantissa.startIndex, to: point) - 1
        var digits = mantissa.filter { $0 != "." }
        while digits.first == "0", digits.count > 1 {
            digits.removeFirst()
            exponent -= 1
        }
        while digits.last == "0", digits.count > 1 { digits.removeLast() }
        return (digits, exponent)
    }
}
