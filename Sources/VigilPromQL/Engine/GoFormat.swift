import Foundation

/// Formatting as Go's `strconv`/`fmt` does it, for messages and labels that must read exactly
/// as Prometheus writes them (`%g` and `%q` in annotations, `FormatFloat(f, 'f', -1, 64)` in
/// `count_values`).
enum GoFormat {
    /// Decimal digits and point position of the shortest representation that round-trips:
    /// value = 0.d1d2d3… × 10^pointPosition.
    private struct Decimal {
        var digits: [UInt8]
        var pointPosition: Int
    }

    /// `%g` (`precision` nil: shortest) / `%.Ng`.
    static func g(_ value: Double, precision: Int? = nil) -> String {
        if let special = special(value) { return special }
        let negative = value.sign == .minus
        var decimal = shortest(abs(value))
        // As strconv: shortest formatting switches to an exponent from 1e+06 on.
        var exponentThreshold = 6
        if let precision {
            let wanted = max(precision, 1)
            decimal = rounded(decimal, significant: wanted)
            exponentThreshold = wanted
            if exponentThreshold > decimal.digits.count && decimal.digits.count >= decimal.pointPosition {
                exponentThreshold = decimal.digits.count
            }
        }
        let exponent = decimal.pointPosition - 1
        let body: String
        if exponent < -4 || exponent >= exponentThreshold {
            body = exponential(decimal)
        } else {
            body = fixed(decimal)
        }
        return negative ? "-" + body : body
    }

    /// `strconv.FormatFloat(value, 'f', -1, 64)`: shortest digits, never an exponent.
    static func f(_ value: Double) -> String {
        if let special = special(value) { return special }
        let negative = value.sign == .minus
        let body = fixed(shortest(abs(value)))
        return negative ? "-" + body : body
    }

    /// `%f`: six decimals.
    static func fixed6(_ value: Double) -> String {
        if let special = special(value) { return special }
        return String(format: "%.6f", value)
    }

    private static func special(_ value: Double) -> String? {
        if value.isNaN { return "NaN" }
        if value == .infinity { return "+Inf" }
        if value == -.infinity { return "-Inf" }
        return nil
    }

    /// Reads Swift's shortest round-trip description (`1.5`, `1e-05`, `1.2345e+20`).
    private static func shortest(_ value: Double) -> Decimal {
        if value == 0 { return Decimal(digits: [0], pointPosition: 1) }
        let text = value.description
        var mantissa = Substring(text)
        var exponent = 0
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            mantissa = text[..<e]
            exponent = Int(text[text.index(after: e)...]) ?? 0
        }
        var digits: [UInt8] = []
        var pointPosition = 0
        var seenPoint = false
        for ch in mantissa.utf8 {
            if ch == UInt8(ascii: ".") {
                seenPoint = true
                continue
            }
            digits.append(ch - UInt8(ascii: "0"))
            if !seenPoint { pointPosition += 1 }
        }
        // Strip leading zeros (0.001 → digits 1, point -2) and trailing zeros.
        while digits.count > 1, digits.first == 0 {
            digits.removeFirst()
            pointPosition -= 1
        }
        while digits.count > 1, digits.last == 0 { digits.removeLast() }
        return Decimal(digits: digits, pointPosition: pointPosition + exponent)
    }

    /// Rounds half to even on the decimal digits, as strconv does for a given precision.
    private static func rounded(_ decimal: Decimal, significant: Int) -> Decimal {
        guard decimal.digits.count > significant else { return decimal }
        var digits = Array(decimal.digits[..<significant])
        var pointPosition = decimal.pointPosition
        let next = decimal.digits[significant]
        let restNonZero = decimal.digits[(significant + 1)...].contains { $0 != 0 }
        let roundUp = next > 5 || (next == 5 && (restNonZero || (digits.last! % 2 == 1)))
        if roundUp {
            var index = digits.count - 1
            while index >= 0 {
                if digits[index] == 9 {
                    digits[index] = 0
                    index -= 1
                } else {
                    digits[index] += 1
                    break
                }
            }
            if index < 0 {
                digits.insert(1, at: 0)
                digits.removeLast()
                pointPosition += 1
            }
        }
        while digits.count > 1, digits.last == 0 { digits.removeLast() }
        return Decimal(digits: digits, pointPosition: pointPosition)
    }

    private static func exponential(_ decimal: Decimal) -> String {
        var out = String(decimal.digits[0])
        if decimal.digits.count > 1 {
            out += "." + decimal.digits[1...].map(String.init).joined()
        }
        let exponent = decimal.pointPosition - 1
        let magnitude = abs(exponent)
        out += exponent < 0 ? "e-" : "e+"
        out += magnitude < 10 ? "0\(magnitude)" : "\(magnitude)"
        return out
    }

    private static func fixed(_ decimal: Decimal) -> String {
        let digits = decimal.digits.map { Character(String($0)) }
        if decimal.digits == [0] { return "0" }
        if decimal.pointPosition <= 0 {
            return "0." + String(repeating: "0", count: -decimal.pointPosition) + String(digits)
        }
        if decimal.pointPosition >= digits.count {
            return String(digits) + String(repeating: "0", count: decimal.pointPosition - digits.count)
        }
        return String(digits[..<decimal.pointPosition]) + "." + String(digits[decimal.pointPosition...])
    }

    /// Go's `strconv.Quote` (`%q`), for names inside messages.
    static func quote(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            case "\u{07}": out += "\\a"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            case "\u{0B}": out += "\\v"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\x" + (hex.count < 2 ? "0" + hex : hex)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
