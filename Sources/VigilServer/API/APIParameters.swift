import VigilModel

/// Parsing of the API's time and duration parameters, as Prometheus' `parseTime` and
/// `parseDuration` accept them.
enum APIParameters {
    /// Prometheus' bounds for "no limit" (`minTime`/`maxTime` in api.go), in milliseconds.
    static let minTime: Timestamp = -9_223_309_901_257_974
    static let maxTime: Timestamp = 9_223_309_901_257_974

    /// A timestamp: float seconds since the epoch, or RFC 3339.
    static func time(_ text: String, name: String) throws(APIError) -> Timestamp {
        if let seconds = Double(text), seconds.isFinite {
            return Timestamp((seconds * 1000).rounded())
        }
        if let parsed = RFC3339.parse(text) { return parsed }
        // Prometheus' own formatted bounds round-trip.
        if text == "-292273086-05-16T16:47:06Z" { return minTime }
        if text == "292277025-08-18T07:12:54.999999999Z" { return maxTime }
        throw APIError(.badData, "invalid parameter \"\(name)\": cannot parse \"\(text)\" to a valid timestamp")
    }

    /// A time parameter that may be absent.
    static func time(_ text: String?, name: String, default fallback: Timestamp) throws(APIError) -> Timestamp {
        guard let text, !text.isEmpty else { return fallback }
        return try time(text, name: name)
    }

    /// The `limit` parameter: nil when absent, empty or 0 (no limit).
    static func limit(_ text: String?) throws(APIError) -> Int? {
        guard let text, !text.isEmpty else { return nil }
        guard let limit = Int(text), limit >= 0 else {
            throw APIError(.badData, "invalid parameter \"limit\": limit must be a positive number")
        }
        return limit == 0 ? nil : limit
    }

    /// The first `limit` of `items`, and the warning Prometheus 3.x adds when that left
    /// some out.
    static func limited<Element>(_ items: [Element], to limit: Int?) -> (items: [Element], warnings: [String]) {
        guard let limit, items.count > limit else { return (items, []) }
        return (Array(items.prefix(limit)), ["results truncated due to limit"])
    }

    /// A duration in milliseconds: float seconds or Prometheus' duration syntax.
    static func duration(_ text: String, name: String) throws(APIError) -> Int64 {
        if let seconds = Double(text) {
            let ms = seconds * 1000
            guard ms.isFinite, ms.magnitude < 9.2e18 else {
                throw APIError(.badData, "invalid parameter \"\(name)\": cannot parse \"\(text)\" to a valid duration. It overflows int64")
            }
            return Int64(ms.rounded())
        }
        do {
            return try PromDuration.parse(text)
        } catch {
            throw APIError(.badData, "invalid parameter \"\(name)\": cannot parse \"\(text)\" to a valid duration")
        }
    }
}

/// RFC 3339 timestamps (`2026-11-24T20:05:01.123Z`, `…+02:00`) to and from milliseconds.
enum RFC3339 {
    /// `2026-11-24T20:05:01.123Z` (milliseconds only when not zero), as Go's RFC3339Nano
    /// prints millisecond times.
    static func format(_ t: Timestamp) -> String {
        let days = Int((t >= 0 ? t : t - 86_399_999) / 86_400_000)
        let msOfDay = Int(t - Int64(days) * 86_400_000)
        let (year, month, day) = civil(fromDays: days)
        func pad(_ value: Int, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        var text = "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))T\(pad(msOfDay / 3_600_000, 2)):"
            + "\(pad(msOfDay / 60_000 % 60, 2)):\(pad(msOfDay / 1000 % 60, 2))"
        var millis = pad(msOfDay % 1000, 3)
        while millis.hasSuffix("0") { millis.removeLast() }
        if !millis.isEmpty { text += "." + millis }
        return text + "Z"
    }

    /// The proleptic Gregorian date of a day count since 1970-01-01 (Hinnant's algorithm).
    static func civil(fromDays days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    static func parse(_ text: String) -> Timestamp? {
        let bytes = Array(text.utf8)
        func number(_ range: Range<Int>) -> Int? {
            guard range.upperBound <= bytes.count else { return nil }
            var value = 0
            for i in range {
                guard bytes[i] >= 48, bytes[i] <= 57 else { return nil }
                value = value * 10 + Int(bytes[i] - 48)
            }
            return value
        }
        guard bytes.count >= 20, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
            bytes[10] == UInt8(ascii: "T") || bytes[10] == UInt8(ascii: "t"),
            bytes[13] == UInt8(ascii: ":"), bytes[16] == UInt8(ascii: ":"),
            let year = number(0..<4), let month = number(5..<7), let day = number(8..<10),
            let hour = number(11..<13), let minute = number(14..<16), let second = number(17..<19),
            (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 61
        else { return nil }
        var index = 19
        var millis = 0
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            var digits = 0
            while index < bytes.count, bytes[index] >= 48, bytes[index] <= 57 {
                if digits < 3 { millis = millis * 10 + Int(bytes[index] - 48) }
                digits += 1
                index += 1
            }
            guard digits > 0 else { return nil }
            if digits < 3 { for _ in digits..<3 { millis *= 10 } }
        }
        guard index < bytes.count else { return nil }
        var offsetSeconds = 0
        switch bytes[index] {
        case UInt8(ascii: "Z"), UInt8(ascii: "z"):
            guard index + 1 == bytes.count else { return nil }
        case UInt8(ascii: "+"), UInt8(ascii: "-"):
            guard index + 6 == bytes.count, bytes[index + 3] == UInt8(ascii: ":"),
                let h = number((index + 1)..<(index + 3)), let m = number((index + 4)..<(index + 6))
            else { return nil }
            offsetSeconds = (h * 3600 + m * 60) * (bytes[index] == UInt8(ascii: "-") ? -1 : 1)
        default:
            return nil
        }
        let days = daysFromCivil(year: year, month: month, day: day)
        let seconds = Int64(days) * 86400 + Int64(hour * 3600 + minute * 60 + second) - Int64(offsetSeconds)
        return seconds * 1000 + Int64(millis)
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }
}
