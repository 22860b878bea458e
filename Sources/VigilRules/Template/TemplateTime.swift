/// Go's `time.Time` as templates see it: nanoseconds since the epoch in a fixed zone, with
/// the methods templates call (`Format`, `Unix`, `UnixMilli`, `Add`, `Sub`, `UTC`, …) and
/// Go's `String()` (`2015-06-23 13:19:44.128 +0000 UTC`).
public struct GoTime: TemplateObject, Hashable {
    /// Nanoseconds since 1970-01-01T00:00:00Z.
    public var unixNanos: Int64
    /// Seconds east of UTC and the zone's abbreviation.
    public var offsetSeconds: Int
    public var zoneName: String
    /// Whether a pointer (`*time.Time`, as Prometheus' `toTime` returns).
    public var isPointer: Bool

    public init(unixNanos: Int64, offsetSeconds: Int = 0, zoneName: String = "UTC", isPointer: Bool = false) {
        self.unixNanos = unixNanos
        self.offsetSeconds = offsetSeconds
        self.zoneName = zoneName
        self.isPointer = isPointer
    }

    /// A UTC time from milliseconds since the epoch.
    public init(milliseconds: Int64) {
        self.init(unixNanos: milliseconds.multipliedReportingOverflow(by: 1_000_000).partialValue)
    }

    public var typeName: String { isPointer ? "*time.Time" : "time.Time" }
    public var stringer: String? { format("2006-01-02 15:04:05.999999999 -0700 MST") }
    public var plainDescription: String { stringer ?? "" }

    public func method(_ name: String) -> TemplateFunction? {
        let time = self
        switch name {
        case "Format": return TemplateFunction([.string]) { args in .string(time.format(args[0].stringValue ?? "")) }
        case "String": return TemplateFunction([]) { _ in .string(time.stringer ?? "") }
        case "Unix": return TemplateFunction([]) { _ in .int(time.unixSeconds) }
        case "UnixMilli": return TemplateFunction([]) { _ in .int(Self.floorDiv(time.unixNanos, 1_000_000)) }
        case "UnixNano": return TemplateFunction([]) { _ in .int(time.unixNanos) }
        case "UTC", "Local":
            return TemplateFunction([]) { _ in .object(GoTime(unixNanos: time.unixNanos)) }
        case "IsZero": return TemplateFunction([]) { _ in .bool(time.unixNanos == Self.zeroTimeNanos) }
        case "Year": return TemplateFunction([]) { _ in .int(Int64(time.civil.year)) }
        case "Month": return TemplateFunction([]) { _ in .int(Int64(time.civil.month)) }
        case "Day": return TemplateFunction([]) { _ in .int(Int64(time.civil.day)) }
        case "Hour": return TemplateFunction([]) { _ in .int(Int64(time.civil.hour)) }
        case "Minute": return TemplateFunction([]) { _ in .int(Int64(time.civil.minute)) }
        case "Second": return TemplateFunction([]) { _ in .int(Int64(time.civil.second)) }
        case "Add":
            return TemplateFunction([.typed("time.Duration")]) { args throws(TemplateFunctionError) in
                guard let d = GoDuration.nanoseconds(of: args[0]) else {
                    throw TemplateFunctionError("wrong type for value; expected time.Duration; got \(args[0].typeName)")
                }
                var copy = time
                copy.unixNanos = time.unixNanos &+ d
                copy.isPointer = false
                return .object(copy)
            }
        case "Sub":
            return TemplateFunction([.typed("time.Time")]) { args throws(TemplateFunctionError) in
                guard case .object(let other as GoTime) = args[0] else {
                    throw TemplateFunctionError("wrong type for value; expected time.Time; got \(args[0].typeName)")
                }
                return .object(GoDuration(nanoseconds: time.unixNanos &- other.unixNanos))
            }
        case "Before", "After", "Equal":
            return TemplateFunction([.typed("time.Time")]) { args throws(TemplateFunctionError) in
                guard case .object(let other as GoTime) = args[0] else {
                    throw TemplateFunctionError("wrong type for value; expected time.Time; got \(args[0].typeName)")
                }
                switch name {
                case "Before": return .bool(time.unixNanos < other.unixNanos)
                case "After": return .bool(time.unixNanos > other.unixNanos)
                default: return .bool(time.unixNanos == other.unixNanos)
                }
            }
        default: return nil
        }
    }

    /// Stands for `time.Time{}` (January 1, year 1, 00:00:00 UTC), which has no
    /// nanosecond count.
    static let zeroTimeNanos: Int64 = Int64.min

    /// Go's zero time.
    public static let zero = GoTime(unixNanos: zeroTimeNanos)

    private var unixSeconds: Int64 { Self.floorDiv(unixNanos, 1_000_000_000) }

    static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
        let q = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
    }

    /// Calendar fields in the time's zone.
    struct Civil {
        var year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int, nanosecond: Int
        var weekday: Int
        var yearDay: Int
    }

    var civil: Civil {
        // Go's zero time, January 1 of year 1 (a Monday), is outside the nanosecond range.
        if unixNanos == Self.zeroTimeNanos {
            return Civil(year: 1, month: 1, day: 1, hour: 0, minute: 0, second: 0, nanosecond: 0, weekday: 1, yearDay: 1)
        }
        let local = unixSeconds + Int64(offsetSeconds)
        let days = Self.floorDiv(local, 86_400)
        let secondsOfDay = Int(local - days * 86_400)
        // Howard Hinnant's days-to-civil.
        let z = days + 719_468
        let era = Self.floorDiv(z, 146_097)
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = Int(doy - (153 * mp + 2) / 5 + 1)
        let month = Int(mp < 10 ? mp + 3 : mp - 9)
        let year = Int(yoe + era * 400) + (month <= 2 ? 1 : 0)
        let weekday = Int(((days % 7) + 11) % 7)  // 1970-01-01 was a Thursday (4)
        let isLeap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
        let cumulative = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334]
        let yearDay = cumulative[month - 1] + day + (isLeap && month > 2 ? 1 : 0)
        return Civil(
            year: year, month: month, day: day, hour: secondsOfDay / 3600, minute: secondsOfDay / 60 % 60,
            second: secondsOfDay % 60, nanosecond: Int(unixNanos - unixSeconds * 1_000_000_000),
            weekday: weekday, yearDay: yearDay)
    }
}

/// Go's `time.Duration` (nanoseconds) with `String()` (`1h2m3.5s`) and its unit methods.
public struct GoDuration: TemplateObject, Hashable {
    public var nanoseconds: Int64
    public var isPointer: Bool

    public init(nanoseconds: Int64, isPointer: Bool = false) {
        self.nanoseconds = nanoseconds
        self.isPointer = isPointer
    }

    public var typeName: String { isPointer ? "*time.Duration" : "time.Duration" }
    public var stringer: String? { Self.format(nanoseconds) }
    public var plainDescription: String { stringer ?? "" }

    /// The nanoseconds of a duration value, or nil when `value` is none.
    static func nanoseconds(of value: TemplateValue) -> Int64? {
        if case .object(let d as GoDuration) = value { return d.nanoseconds }
        return nil
    }

    public func method(_ name: String) -> TemplateFunction? {
        let n = nanoseconds
        switch name {
        case "String": return TemplateFunction([]) { _ in .string(Self.format(n)) }
        case "Seconds": return TemplateFunction([]) { _ in .float(Double(n) / 1e9) }
        case "Minutes": return TemplateFunction([]) { _ in .float(Double(n) / 6e10) }
        case "Hours": return TemplateFunction([]) { _ in .float(Double(n) / 3.6e12) }
        case "Milliseconds": return TemplateFunction([]) { _ in .int(n / 1_000_000) }
        case "Microseconds": return TemplateFunction([]) { _ in .int(n / 1000) }
        case "Nanoseconds": return TemplateFunction([]) { _ in .int(n) }
        default: return nil
        }
    }

    /// Go's `Duration.String`.
    static func format(_ d: Int64) -> String {
        if d == 0 { return "0s" }
        var u = d.magnitude
        let negative = d < 0
        var out: String
        if u < 1_000_000_000 {
            let (unit, precision): (String, Int) = u < 1000 ? ("ns", 0) : u < 1_000_000 ? ("µs", 3) : ("ms", 6)
            let (fraction, whole) = fractionDigits(u, precision: precision)
            out = "\(whole)\(fraction)\(unit)"
        } else {
            let (fraction, seconds) = fractionDigits(u, precision: 9)
            u = seconds
            out = "\(u % 60)\(fraction)s"
            u /= 60
            if u > 0 {
                out = "\(u % 60)m" + out
                u /= 60
                if u > 0 { out = "\(u)h" + out }
            }
        }
        return negative ? "-" + out : out
    }

    /// `.123` of v / 10^precision without trailing zeros (empty when zero), and the quotient.
    private static func fractionDigits(_ v: UInt64, precision: Int) -> (String, UInt64) {
        var v = v
        var digits: [Character] = []
        var printing = false
        for _ in 0..<precision {
            let digit = v % 10
            printing = printing || digit != 0
            if printing { digits.append(Character(String(digit))) }
            v /= 10
        }
        return (digits.isEmpty ? "" : "." + String(digits.reversed()), v)
    }
}
