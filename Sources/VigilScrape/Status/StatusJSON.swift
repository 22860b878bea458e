import VigilModel

/// A label set encoded as Prometheus does: a JSON object, keys sorted.
public struct LabelsJSON: Encodable, Sendable, Hashable {
    public var labels: Labels

    public init(_ labels: Labels) { self.labels = labels }

    private struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        for label in labels { try container.encode(label.value, forKey: Key(stringValue: label.name)) }
    }
}

/// Timestamps as Go marshals `time.Time`: RFC 3339 with the fraction's trailing zeros
/// trimmed, in UTC; Go's zero time for "never".
public enum RFC3339 {
    public static let zeroTime = "0001-01-01T00:00:00Z"

    /// `2024-05-01T12:34:56.78Z` for milliseconds since the epoch.
    public static func format(_ t: Timestamp?) -> String {
        guard let t else { return zeroTime }
        let ms = Int(((t % 1000) + 1000) % 1000)
        let seconds = (t - Int64(ms)) / 1000
        let days = Int(seconds >= 0 ? seconds / 86400 : (seconds - 86399) / 86400)
        let secondOfDay = Int(seconds - Int64(days) * 86400)
        let (year, month, day) = civil(fromDays: days)
        var text = pad(year, 4) + "-" + pad(month, 2) + "-" + pad(day, 2) + "T" + pad(secondOfDay / 3600, 2) + ":"
            + pad(secondOfDay / 60 % 60, 2) + ":" + pad(secondOfDay % 60, 2)
        if ms > 0 {
            var fraction = pad(ms, 3)
            while fraction.hasSuffix("0") { fraction.removeLast() }
            text += "." + fraction
        }
        return text + "Z"
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }

    /// Howard Hinnant's `civil_from_days`.
    private static func civil(fromDays z: Int) -> (Int, Int, Int) {
        let z = z + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}
