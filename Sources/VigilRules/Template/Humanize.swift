import VigilModel

/// Prometheus' number formatting for templates (`humanize`, `humanize1024`,
/// `humanizeDuration`, `humanizeTimestamp`, from prometheus/common helpers/templates),
/// spelled exactly as Go prints them with `%.4g`.
enum Humanize {
    /// `templates.ConvertToFloat`: floats, integers, numeric strings and durations.
    static func float(_ value: TemplateValue) throws(TemplateFunctionError) -> Double {
        switch value {
        case .float(let f): return f
        case .int(let i): return Double(i)
        case .uint(let u): return Double(u)
        case .string(let s): return try parseFloat(s)
        case .object(let d as GoDuration) where !d.isPointer: return Double(d.nanoseconds) / 1e9
        case .missing, .null: throw TemplateFunctionError("can't convert <nil> to float")
        default: throw TemplateFunctionError("can't convert \(value.typeName) to float")
        }
    }

    /// `strconv.ParseFloat(s, 64)` with Go's error text: decimal and hexadecimal floats,
    /// `inf`, `infinity` and `nan` in any case; underscores only after a `0x` prefix.
    static func parseFloat(_ s: String) throws(TemplateFunctionError) -> Double {
        var body = Substring(s.lowercased())
        var negative = false
        if body.first == "+" || body.first == "-" {
            negative = body.first == "-"
            body = body.dropFirst()
        }
        let value: Double?
        switch body {
        case "inf", "infinity": value = .infinity
        case "nan": value = .nan
        default:
            if body.hasPrefix("0x") {
                let digits = body.dropFirst(2)
                let ok = !digits.isEmpty && digits.contains("p") && digits.allSatisfy { "0123456789abcdef._p+-".contains($0) }
                value = ok ? Double("0x" + digits.filter { $0 != "_" }) : nil
            } else {
                value = isDecimal(body) ? Double(String(body)) : nil
            }
        }
        guard var result = value else {
            throw TemplateFunctionError("strconv.ParseFloat: parsing \(GoQuote.string(s)): invalid syntax")
        }
        if result.isInfinite && body != "inf" && body != "infinity" {
            throw TemplateFunctionError("strconv.ParseFloat: parsing \(GoQuote.string(s)): value out of range")
        }
        if negative { result = -result }
        return result
    }

    /// `digits[.digits][e[+-]digits]` with at least one mantissa digit.
    private static func isDecimal(_ s: Substring) -> Bool {
        var mantissaDigits = 0
        var index = s.startIndex
        var seenPoint = false
        while index < s.endIndex {
            let c = s[index]
            if c.isASCII && c.isNumber {
                mantissaDigits += 1
            } else if c == "." && !seenPoint {
                seenPoint = true
            } else {
                break
            }
            index = s.index(after: index)
        }
        guard mantissaDigits > 0 else { return false }
        guard index < s.endIndex else { return true }
        guard s[index] == "e" else { return false }
        index = s.index(after: index)
        if index < s.endIndex, s[index] == "+" || s[index] == "-" { index = s.index(after: index) }
        let exponent = s[index...]
        return !exponent.isEmpty && exponent.allSatisfy { $0.isASCII && $0.isNumber }
    }

    private static func g4(_ v: Double) -> String { GoFormat.formatFloat(v, verb: "g", precision: 4) }

    static func humanize(_ value: Double) -> String {
        var v = value
        if v == 0 || v.isNaN || v.isInfinite { return g4(v) }
        var prefix = ""
        if abs(v) >= 1 {
            for p in ["k", "M", "G", "T", "P", "E", "Z", "Y"] {
                if abs(v) < 1000 { break }
                prefix = p
                v /= 1000
            }
            return g4(v) + prefix
        }
        for p in ["m", "u", "n", "p", "f", "a", "z", "y"] {
            if abs(v) >= 1 { break }
            prefix = p
            v *= 1000
        }
        return g4(v) + prefix
    }

    static func humanize1024(_ value: Double) -> String {
        var v = value
        if abs(v) <= 1 || v.isNaN || v.isInfinite { return g4(v) }
        var prefix = ""
        for p in ["ki", "Mi", "Gi", "Ti", "Pi", "Ei", "Zi", "Yi"] {
            if abs(v) < 1024 { break }
            prefix = p
            v /= 1024
        }
        return g4(v) + prefix
    }

    /// `humanizeDuration`: `1d 2h 3m 4s` down to minutes, then `%.4gs`, then sub-second prefixes.
    static func duration(_ value: Double) -> String {
        var v = value
        if v.isNaN || v.isInfinite { return g4(v) }
        if v == 0 { return g4(v) + "s" }
        if abs(v) >= 1 {
            var sign = ""
            if v < 0 {
                sign = "-"
                v = -v
            }
            let total = v >= 9.2233720368547758e18 ? Int64.max : Int64(v)
            let seconds = total % 60
            let minutes = (total / 60) % 60
            let hours = (total / 3600) % 24
            let days = total / 86_400
            if days != 0 { return "\(sign)\(days)d \(hours)h \(minutes)m \(seconds)s" }
            if hours != 0 { return "\(sign)\(hours)h \(minutes)m \(seconds)s" }
            if minutes != 0 { return "\(sign)\(minutes)m \(seconds)s" }
            return sign + g4(v) + "s"
        }
        var prefix = ""
        for p in ["m", "u", "n", "p", "f", "a", "z", "y"] {
            if abs(v) >= 1 { break }
            prefix = p
            v *= 1000
        }
        return g4(v) + prefix + "s"
    }

    /// `templates.FloatToTime`: seconds to a UTC time, at millisecond resolution as
    /// Prometheus' `model.TimeFromUnixNano` keeps it.
    static func time(_ seconds: Double) throws(TemplateFunctionError) -> GoTime {
        if seconds.isNaN || seconds.isInfinite { throw TemplateFunctionError("value is NaN or Inf") }
        let nanos = seconds * 1e9
        guard nanos <= 9.2233720368547758e18, nanos >= -9.2233720368547758e18, nanos != 9.2233720368547758e18 else {
            throw TemplateFunctionError("\(GoFormat.print(.float(seconds))) cannot be represented as a nanoseconds timestamp since it overflows int64")
        }
        let milliseconds = Int64(nanos) / 1_000_000
        return GoTime(milliseconds: milliseconds)
    }

    static func timestamp(_ seconds: Double) throws(TemplateFunctionError) -> String {
        if seconds.isNaN || seconds.isInfinite { return g4(seconds) }
        return try time(seconds).stringer ?? ""
    }
}
