import VigilModel

/// Calendar arithmetic and time text in a fixed UTC offset (no time-zone database: the
/// browser's offset arrives in a cookie, UTC otherwise).
public struct CivilTime: Sendable, Hashable {
    public var year: Int
    public var month: Int
    public var day: Int
    public var hour: Int
    public var minute: Int
    public var second: Int
    public var millisecond: Int

    public init(year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Int = 0, millisecond: Int = 0) {
        self.year = year
        self.month = month
        self.day = day
        self.hour = hour
        self.minute = minute
        self.second = second
        self.millisecond = millisecond
    }

    /// The wall-clock time of `timestamp` at `offsetSeconds` east of UTC.
    public init(_ timestamp: Timestamp, offsetSeconds: Int = 0) {
        let local = timestamp + Int64(offsetSeconds) * 1000
        let days = floorDiv(local, 86_400_000)
        let msOfDay = Int(local - days * 86_400_000)
        // Howard Hinnant's civil_from_days.
        let z = days + 719_468
        let era = floorDiv(z, 146_097)
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        let y = yoe + era * 400 + (m <= 2 ? 1 : 0)
        self.init(
            year: Int(y), month: Int(m), day: Int(d),
            hour: msOfDay / 3_600_000, minute: msOfDay / 60_000 % 60, second: msOfDay / 1000 % 60,
            millisecond: msOfDay % 1000)
    }

    /// The timestamp of this wall-clock time at `offsetSeconds` east of UTC.
    public func timestamp(offsetSeconds: Int = 0) -> Timestamp {
        // Howard Hinnant's days_from_civil.
        let y = Int64(month <= 2 ? year - 1 : year)
        let era = floorDiv(y, 400)
        let yoe = y - era * 400
        let mp = Int64(month > 2 ? month - 3 : month + 9)
        let doy = (153 * mp + 2) / 5 + Int64(day) - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        let days = era * 146_097 + doe - 719_468
        let ms = Int64(hour) * 3_600_000 + Int64(minute) * 60_000 + Int64(second) * 1000 + Int64(millisecond)
        return days * 86_400_000 + ms - Int64(offsetSeconds) * 1000
    }

    /// Whether the date is a real calendar date and the time of day in range.
    public var isValid: Bool {
        guard (1...12).contains(month), day >= 1, (0...23).contains(hour), (0...59).contains(minute),
            (0...59).contains(second), (0...999).contains(millisecond)
        else { return false }
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
        let lengths = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        return day <= lengths[month - 1]
    }
}

/// Time text for axes, tables and tooltips.
public enum TimeText {
    /// `2025-03-01 14:05:09` in the given offset.
    public static func dateTime(_ t: Timestamp, offsetSeconds: Int = 0) -> String {
        let c = CivilTime(t, offsetSeconds: offsetSeconds)
        return "\(pad4(c.year))-\(pad2(c.month))-\(pad2(c.day)) \(pad2(c.hour)):\(pad2(c.minute)):\(pad2(c.second))"
    }

    /// `2025-03-01 14:05` in the given offset (the time picker's absolute form).
    public static func dateTimeMinutes(_ t: Timestamp, offsetSeconds: Int = 0) -> String {
        let c = CivilTime(t, offsetSeconds: offsetSeconds)
        return "\(pad4(c.year))-\(pad2(c.month))-\(pad2(c.day)) \(pad2(c.hour)):\(pad2(c.minute))"
    }

    /// A hover tooltip's time: `14:05:09` within a day's range, `06-15 14:05` beyond.
    public static func hoverTime(_ t: Timestamp, rangeMs: Int64, offsetSeconds: Int = 0) -> String {
        let c = CivilTime(t, offsetSeconds: offsetSeconds)
        if rangeMs <= 86_400_000 { return "\(pad2(c.hour)):\(pad2(c.minute)):\(pad2(c.second))" }
        return "\(pad2(c.month))-\(pad2(c.day)) \(pad2(c.hour)):\(pad2(c.minute))"
    }

    /// RFC 3339 in UTC: `2025-03-01T14:05:09.123Z`.
    public static func rfc3339(_ t: Timestamp) -> String {
        let c = CivilTime(t)
        var out = "\(pad4(c.year))-\(pad2(c.month))-\(pad2(c.day))T\(pad2(c.hour)):\(pad2(c.minute)):\(pad2(c.second))"
        if c.millisecond != 0 { out += "." + pad3(c.millisecond) }
        return out + "Z"
    }

    /// `+02:00`, `-05:30`, or `UTC` for zero: how pages name the offset they show.
    public static func offsetName(_ offsetSeconds: Int) -> String {
        if offsetSeconds == 0 { return "UTC" }
        let sign = offsetSeconds < 0 ? "-" : "+"
        let minutes = abs(offsetSeconds) / 60
        return "UTC\(sign)\(pad2(minutes / 60)):\(pad2(minutes % 60))"
    }

    /// A duration in words for ages and spans: `45s`, `3m 20s`, `2h 5m`, `3d 4h`.
    public static func age(_ milliseconds: Int64) -> String {
        if milliseconds < 0 { return "in " + age(-milliseconds) }
        if milliseconds < 1000 { return "\(milliseconds)ms" }
        let seconds = milliseconds / 1000
        if seconds < 60 { return "\(seconds)s" }
        if seconds < 3600 { return seconds % 60 == 0 ? "\(seconds / 60)m" : "\(seconds / 60)m \(seconds % 60)s" }
        if seconds < 86_400 {
            let minutes = seconds / 60 % 60
            return minutes == 0 ? "\(seconds / 3600)h" : "\(seconds / 3600)h \(minutes)m"
        }
        let hours = seconds / 3600 % 24
        return hours == 0 ? "\(seconds / 86_400)d" : "\(seconds / 86_400)d \(hours)h"
    }

    /// A short duration for measured times: `850µs`, `12.3ms`, `1.52s`.
    public static func elapsed(seconds: Double) -> String {
        if !seconds.isFinite || seconds < 0 { return "–" }
        if seconds < 1e-3 { return NumberText.fixed(seconds * 1e6, decimals: 0) + "µs" }
        if seconds < 1 { return NumberText.format(seconds * 1e3, decimals: nil) + "ms" }
        if seconds < 60 { return NumberText.format(seconds, decimals: nil) + "s" }
        return age(Int64(seconds * 1000))
    }

    /// The label of a time-axis tick at `t`, given the tick step and the range shown:
    /// seconds when ticks are finer than a minute, a date at midnight or when ticks are
    /// days apart, hours and minutes otherwise (as Grafana's time axis reads).
    public static func tickLabel(_ t: Timestamp, stepMs: Int64, rangeMs: Int64, offsetSeconds: Int) -> String {
        let c = CivilTime(t, offsetSeconds: offsetSeconds)
        if stepMs >= 86_400_000 * 28 {
            return "\(pad4(c.year))-\(pad2(c.month))"
        }
        if stepMs >= 86_400_000 {
            return "\(pad2(c.month))/\(pad2(c.day))"
        }
        if stepMs < 1000 {
            return "\(pad2(c.minute)):\(pad2(c.second)).\(pad3(c.millisecond))"
        }
        if stepMs < 60_000 {
            return "\(pad2(c.hour)):\(pad2(c.minute)):\(pad2(c.second))"
        }
        if rangeMs > 86_400_000, c.hour == 0, c.minute == 0 {
            return "\(pad2(c.month))/\(pad2(c.day))"
        }
        return "\(pad2(c.hour)):\(pad2(c.minute))"
    }

    static func pad2(_ n: Int) -> String { n < 10 && n >= 0 ? "0\(n)" : "\(n)" }
    static func pad3(_ n: Int) -> String { n < 10 ? "00\(n)" : n < 100 ? "0\(n)" : "\(n)" }
    static func pad4(_ n: Int) -> String {
        let s = String(n)
        return s.count >= 4 ? s : String(repeating: "0", count: 4 - s.count) + s
    }
}

func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
    let q = a / b
    return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
}
