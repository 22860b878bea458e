/// Prometheus' duration syntax (`1h30m`, `15s`, `2d`, `1w`, `1y`, `500ms`, `0`), in
/// milliseconds: units in decreasing order, each at most once, a year being 365 days.
public enum PromDuration {
    private static let units: [(suffix: String, ms: Int64)] = [
        ("y", 365 * 24 * 3_600_000), ("w", 7 * 24 * 3_600_000), ("d", 24 * 3_600_000),
        ("h", 3_600_000), ("m", 60_000), ("s", 1000), ("ms", 1),
    ]

    /// Parses `text` into milliseconds.
    public static func parse(_ text: String) throws(DurationError) -> Int64 {
        if text == "0" { return 0 }
        let bytes = Array(text.utf8)
        guard !bytes.isEmpty else { throw DurationError(text: text, message: "empty duration string") }
        var index = 0
        var total: Int64 = 0
        var nextUnit = 0
        while index < bytes.count {
            var number: Int64 = 0
            let digitsStart = index
            while index < bytes.count, bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9") {
                let (times10, o1) = number.multipliedReportingOverflow(by: 10)
                let (sum, o2) = times10.addingReportingOverflow(Int64(bytes[index] - UInt8(ascii: "0")))
                guard !o1, !o2 else { throw DurationError(text: text, message: "duration out of range") }
                number = sum
                index += 1
            }
            guard index > digitsStart, index < bytes.count else {
                throw DurationError(text: text, message: "not a valid duration string")
            }
            // Longest unit suffix first so that "ms" is not read as "m" then "s".
            var unitIndex: Int?
            for candidate in nextUnit..<units.count {
                let suffix = Array(units[candidate].suffix.utf8)
                if bytes[index...].starts(with: suffix) {
                    let after = index + suffix.count
                    // "m" must not swallow the "m" of "ms".
                    if suffix == [UInt8(ascii: "m")], after < bytes.count, bytes[after] == UInt8(ascii: "s") { continue }
                    unitIndex = candidate
                    break
                }
            }
            guard let unit = unitIndex else { throw DurationError(text: text, message: "not a valid duration string") }
            index += units[unit].suffix.utf8.count
            nextUnit = unit + 1
            let (product, o1) = number.multipliedReportingOverflow(by: units[unit].ms)
            let (sum, o2) = total.addingReportingOverflow(product)
            guard !o1, !o2 else { throw DurationError(text: text, message: "duration out of range") }
            total = sum
        }
        return total
    }

    /// Formats milliseconds as Prometheus prints durations: `0s`, `1h30m`, `90d`, `1w`.
    /// Years and weeks are used only when they divide the duration exactly.
    public static func format(_ milliseconds: Int64) -> String {
        if milliseconds == 0 { return "0s" }
        var rest = milliseconds
        var out = milliseconds < 0 ? "-" : ""
        rest = rest.magnitude > Int64.max.magnitude ? Int64.max : abs(rest)
        for (index, unit) in units.enumerated() {
            if index < 2 && rest % unit.ms != 0 { continue }
            let count = rest / unit.ms
            if count > 0 {
                out += "\(count)\(unit.suffix)"
                rest -= count * unit.ms
            }
        }
        return out
    }
}

/// A duration that did not parse.
public struct DurationError: Error, Sendable, Hashable, CustomStringConvertible {
    public var text: String
    public var message: String

    public init(text: String, message: String) {
        self.text = text
        self.message = message
    }

    public var description: String { "\(message) \"\(text)\"" }
}
