import VigilModel

/// The literal conversions of Prometheus' parser: numbers (Go's `strconv.ParseInt(s, 0, 64)`
/// then `strconv.ParseFloat`), durations (`model.ParseDuration`, in nanoseconds like Go's
/// `time.Duration`) and quoted strings (`strutil.Unquote`).
enum Literals {
    /// The value of a number token: an integer in any Go base (`0x1F`, `017` is octal, `1_000`)
    /// or else a float (`1e-3`, `.5`, `Inf`, `NaN`); nil when neither parses.
    static func number(_ text: String) -> Double? {
        if let integer = goInteger(text) { return Double(integer) }
        return goFloat(text)
    }

    /// Go's error text for a number token that does not parse (`strconv.ParseFloat: parsing "…": …`).
    static func numberError(_ text: String) -> String {
        let reason = isDecimalSyntax(text) ? "value out of range" : "invalid syntax"
        return "strconv.ParseFloat: parsing \(GoQuote.string(text)): \(reason)"
    }

    /// `strconv.ParseInt(text, 0, 64)`.
    static func goInteger(_ text: String) -> Int64? {
        var digits = Substring(text)
        var negative = false
        if let sign = digits.first, sign == "+" || sign == "-" {
            negative = sign == "-"
            digits = digits.dropFirst()
        }
        var radix = 10
        let lower = digits.lowercased()
        if lower.hasPrefix("0x") { radix = 16; digits = digits.dropFirst(2) }
        else if lower.hasPrefix("0o") { radix = 8; digits = digits.dropFirst(2) }
        else if lower.hasPrefix("0b") { radix = 2; digits = digits.dropFirst(2) }
        else if digits.count > 1 && digits.first == "0" { radix = 8; digits = digits.dropFirst() }
        guard underscoresAllowed(text) else { return nil }
        var magnitude: UInt64 = 0
        var sawDigit = false
        for ch in digits {
            if ch == "_" { continue }
            guard let digit = ch.hexDigitValue, digit < radix else { return nil }
            let (times, o1) = magnitude.multipliedReportingOverflow(by: UInt64(radix))
            let (sum, o2) = times.addingReportingOverflow(UInt64(digit))
            if o1 || o2 { return nil }
            magnitude = sum
            sawDigit = true
        }
        guard sawDigit else { return nil }
        if negative {
            guard magnitude <= UInt64(Int64.max) + 1 else { return nil }
            return magnitude == UInt64(Int64.max) + 1 ? Int64.min : -Int64(magnitude)
        }
        guard magnitude <= UInt64(Int64.max) else { return nil }
        return Int64(magnitude)
    }

    /// `strconv.ParseFloat(text, 64)` for the spellings the lexer lets through: decimal with
    /// optional exponent and digit separators, `Inf`/`NaN` in any case. Out of range → nil.
    static func goFloat(_ text: String) -> Double? {
        switch text.lowercased() {
        case "inf", "+inf", "infinity", "+infinity": return .infinity
        case "-inf", "-infinity": return -.infinity
        case "nan": return .nan
        default: break
        }
        guard isDecimalSyntax(text) else { return nil }
        guard let value = Double(text.replacingUnderscores()) else { return nil }
        return value.isInfinite ? nil : value
    }

    /// Whether `text` is a well-formed decimal float literal (which may still overflow).
    private static func isDecimalSyntax(_ text: String) -> Bool {
        guard underscoresAllowed(text) else { return false }
        var bytes = Array(text.replacingUnderscores().utf8)
        if let first = bytes.first, first == UInt8(ascii: "+") || first == UInt8(ascii: "-") { bytes.removeFirst() }
        var index = 0
        var mantissaDigits = 0
        while index < bytes.count, Lexer.isDigit(bytes[index]) { index += 1; mantissaDigits += 1 }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            while index < bytes.count, Lexer.isDigit(bytes[index]) { index += 1; mantissaDigits += 1 }
        }
        guard mantissaDigits > 0 else { return false }
        if index < bytes.count, bytes[index] | 0x20 == UInt8(ascii: "e") {
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
            let exponentStart = index
            while index < bytes.count, Lexer.isDigit(bytes[index]) { index += 1 }
            guard index > exponentStart else { return false }
        }
        return index == bytes.count
    }

    /// Go's rule for digit separators: an underscore only between digits (or after a base prefix).
    private static func underscoresAllowed(_ text: String) -> Bool {
        guard text.contains("_") else { return true }
        var bytes = Array(text.utf8)
        if let first = bytes.first, first == UInt8(ascii: "+") || first == UInt8(ascii: "-") { bytes.removeFirst() }
        var index = 0
        var previous: Character = "^"  // ^ start, 0 digit or prefix, _ underscore, ! other
        var hex = false
        if bytes.count >= 2, bytes[0] == UInt8(ascii: "0"),
           [UInt8(ascii: "b"), UInt8(ascii: "o"), UInt8(ascii: "x")].contains(bytes[1] | 0x20) {
            index = 2
            previous = "0"
            hex = bytes[1] | 0x20 == UInt8(ascii: "x")
        }
        while index < bytes.count {
            let byte = bytes[index]
            let isDigitLike = Lexer.isDigit(byte) || (hex && Character(Unicode.Scalar(byte)).isHexDigit)
            if isDigitLike {
                previous = "0"
            } else if byte == UInt8(ascii: "_") {
                if previous != "0" { return false }
                previous = "_"
            } else {
                if previous == "_" { return false }
                previous = "!"
            }
            index += 1
        }
        return previous != "_"
    }

    // MARK: - Durations

    /// Nanoseconds of a Prometheus duration (`1h30m`, `5m`, `0`), as `model.ParseDuration`:
    /// units in decreasing order, each at most once; the error text is Prometheus'.
    static func durationNanoseconds(_ text: String) -> Result<Int64, DurationError> {
        if text == "0" { return .success(0) }
        if text.isEmpty { return .failure(DurationError(text: text, message: "empty duration string")) }
        let units: [String: (position: Int, nanoseconds: UInt64)] = [
            "ms": (7, 1_000_000), "s": (6, 1_000_000_000), "m": (5, 60_000_000_000), "h": (4, 3_600_000_000_000),
            "d": (3, 86_400_000_000_000), "w": (2, 604_800_000_000_000), "y": (1, 31_536_000_000_000_000),
        ]
        let invalid = DurationError(text: text, message: "not a valid duration string: \(GoQuote.string(text))")
        let bytes = Array(text.utf8)
        var index = 0
        var total: UInt64 = 0
        var lastPosition = 0
        while index < bytes.count {
            let digitsStart = index
            while index < bytes.count, Lexer.isDigit(bytes[index]) { index += 1 }
            guard index > digitsStart, let value = UInt64(String(decoding: bytes[digitsStart..<index], as: UTF8.self))
            else { return .failure(invalid) }
            let unitStart = index
            while index < bytes.count, !Lexer.isDigit(bytes[index]) { index += 1 }
            guard index > unitStart else { return .failure(invalid) }
            let unitText = String(decoding: bytes[unitStart..<index], as: UTF8.self)
            guard let unit = units[unitText] else {
                let message = "unknown unit \(GoQuote.string(unitText)) in duration \(GoQuote.string(text))"
                return .failure(DurationError(text: text, message: message))
            }
            guard unit.position > lastPosition else { return .failure(invalid) }
            lastPosition = unit.position
            let outOfRange = DurationError(text: text, message: "duration out of range")
            guard value <= (UInt64(1) << 63) / unit.nanoseconds else { return .failure(outOfRange) }
            total += value * unit.nanoseconds
            guard total <= UInt64(Int64.max) else { return .failure(outOfRange) }
        }
        return .success(Int64(total))
    }

    /// Milliseconds of a duration given in (possibly fractional) seconds, as Prometheus converts
    /// a literal: rounded to whole nanoseconds, then truncated to milliseconds.
    static func milliseconds(seconds: Double) -> Int64 {
        let nanoseconds = (seconds * 1e9).rounded()
        guard nanoseconds.magnitude < 9.2e18 else { return seconds < 0 ? Int64.min / 1_000_000 : Int64.max / 1_000_000 }
        return Int64(nanoseconds) / 1_000_000
    }

    /// Whether a duration in seconds overflows Go's `time.Duration` (Prometheus' "duration out of range").
    static func durationOutOfRange(seconds: Double) -> Bool {
        seconds > 9_223_372_036.854775807 || seconds < -9_223_372_036.854775808
    }

    // MARK: - Strings

    /// The value of a quoted string token (`"…"`, `'…'` or `` `…` ``), as `strutil.Unquote`;
    /// nil when malformed. Invalid UTF-8 from `\x` or octal escapes becomes U+FFFD.
    static func unquote(_ token: String) -> String? {
        unquoteBytes(token).map { String(decoding: $0, as: UTF8.self) }
    }

    /// The bytes of a quoted string token; they may be invalid UTF-8 (`"\xff"`).
    static func unquoteBytes(_ token: String) -> [UInt8]? {
        let scalars = Array(token.unicodeScalars)
        guard scalars.count >= 2, let quote = scalars.first, scalars.last == quote else { return nil }
        let body = scalars[1..<(scalars.count - 1)]
        if quote == "`" { return body.contains("`") ? nil : Array(String(String.UnicodeScalarView(body)).utf8) }
        guard quote == "\"" || quote == "'", !body.contains("\n") else { return nil }
        var bytes: [UInt8] = []
        var index = body.startIndex
        while index < body.endIndex {
            let scalar = body[index]
            index += 1
            if scalar == quote { return nil }
            guard scalar == "\\" else {
                bytes.append(contentsOf: String(scalar).utf8)
                continue
            }
            guard index < body.endIndex else { return nil }
            let escape = body[index]
            index += 1
            switch escape {
            case "a": bytes.append(0x07)
            case "b": bytes.append(0x08)
            case "f": bytes.append(0x0C)
            case "n": bytes.append(0x0A)
            case "r": bytes.append(0x0D)
            case "t": bytes.append(0x09)
            case "v": bytes.append(0x0B)
            case "\\": bytes.append(0x5C)
            case "'", "\"":
                guard escape == quote else { return nil }
                bytes.append(UInt8(escape.value))
            case "x", "u", "U":
                let count = escape == "x" ? 2 : escape == "u" ? 4 : 8
                guard body.distance(from: index, to: body.endIndex) >= count else { return nil }
                var value: UInt32 = 0
                for _ in 0..<count {
                    guard let digit = Character(body[index]).hexDigitValue else { return nil }
                    value = value << 4 | UInt32(digit)
                    index += 1
                }
                if escape == "x" {
                    bytes.append(UInt8(value))  // a raw byte, possibly not UTF-8
                } else {
                    guard let decoded = Unicode.Scalar(value) else { return nil }
                    bytes.append(contentsOf: String(decoded).utf8)
                }
            case "0"..."7":
                guard body.distance(from: index, to: body.endIndex) >= 2 else { return nil }
                var value = escape.value - 0x30
                for _ in 0..<2 {
                    let digit = body[index].value &- 0x30
                    guard digit <= 7 else { return nil }
                    value = value << 3 | digit
                    index += 1
                }
                guard value <= 255 else { return nil }
                bytes.append(UInt8(value))
            default:
                return nil
            }
        }
        return bytes
    }
}

extension String {
    fileprivate func replacingUnderscores() -> String {
        contains("_") ? String(filter { $0 != "_" }) : self
    }
}
