import VigilModel

/// A point in time as written in a URL or a dashboard: `now`, `now-6h`, `now-1d/d`
/// (rounded to the day), milliseconds since the epoch (Grafana's absolute form), or a
/// date `2025-03-01 14:00[:00]` / RFC 3339 `2025-03-01T14:00:00Z`.
public struct TimeExpression: Sendable, Hashable, CustomStringConvertible {
    enum Form: Sendable, Hashable {
        /// `now` plus an offset in ms, optionally rounded to a unit (`/d`, `/h`, `/m`).
        case relative(offset: Int64, roundTo: Int64?)
        case absolute(Timestamp)
    }

    let form: Form
    /// The text as written (or generated), kept for URLs and form fields.
    public let text: String

    /// `now`.
    public static let now = TimeExpression(form: .relative(offset: 0, roundTo: nil), text: "now")

    /// `now` minus `milliseconds` (`now-6h`).
    public static func ago(_ milliseconds: Int64) -> TimeExpression {
        TimeExpression(form: .relative(offset: -milliseconds, roundTo: nil), text: "now-" + PromDuration.format(milliseconds))
    }

    /// A fixed time, written as milliseconds since the epoch (as Grafana's URLs).
    public static func absolute(_ t: Timestamp) -> TimeExpression {
        TimeExpression(form: .absolute(t), text: String(t))
    }

    /// Parses any accepted form; a date without a zone is read at `offsetSeconds`.
    public static func parse(_ raw: String, offsetSeconds: Int = 0) -> TimeExpression? {
        let text = raw.trimmingSpaces
        if text.isEmpty { return nil }
        if text.hasPrefix("now") { return parseRelative(text) }
        if text.allSatisfy(\.isASCIIDigit) {
            guard let value = Int64(text) else { return nil }
            // Ten digits or fewer read as seconds (curl users), more as milliseconds.
            return TimeExpression(form: .absolute(text.count <= 10 ? value * 1000 : value), text: text)
        }
        if let t = parseDate(text, offsetSeconds: offsetSeconds) {
            return TimeExpression(form: .absolute(t), text: text)
        }
        return nil
    }

    /// The time this expression names, relative to `now`.
    /// - Parameter roundUp: for the end of a range, `now/d` means the end of the day.
    public func resolve(now: Timestamp, offsetSeconds: Int = 0, roundUp: Bool = false) -> Timestamp {
        switch form {
        case .absolute(let t):
            return t
        case .relative(let offset, let unit):
            let t = now + offset
            guard let unit else { return t }
            let shift = Int64(offsetSeconds) * 1000
            let floored = floorDiv(t + shift, unit) * unit - shift
            return roundUp ? floored + unit - 1 : floored
        }
    }

    /// Whether the expression moves with `now`.
    public var isRelative: Bool {
        if case .relative = form { return true }
        return false
    }

    public var description: String { text }

    private static func parseRelative(_ text: String) -> TimeExpression? {
        var rest = Substring(text.dropFirst(3))
        var roundTo: Int64?
        if let slash = rest.lastIndex(of: "/") {
            let unit = rest[rest.index(after: slash)...]
            switch unit {
            case "s": roundTo = 1000
            case "m": roundTo = 60_000
            case "h": roundTo = 3_600_000
            case "d": roundTo = 86_400_000
            default: return nil
            }
            rest = rest[..<slash]
        }
        var offset: Int64 = 0
        if !rest.isEmpty {
            guard let sign = rest.first, sign == "-" || sign == "+" else { return nil }
            guard let duration = try? PromDuration.parse(String(rest.dropFirst())) else { return nil }
            offset = sign == "-" ? -duration : duration
        }
        return TimeExpression(form: .relative(offset: offset, roundTo: roundTo), text: text)
    }

    /// `YYYY-MM-DD`, then optionally ` HH:MM[:SS[.fff]]` (or `T`), then optionally `Z` or `±HH:MM`.
    static func parseDate(_ text: String, offsetSeconds: Int) -> Timestamp? {
        let bytes = Array(text.utf8)
        var index = 0
        func number(_ digits: Int) -> Int? {
            guard index + digits <= bytes.count else { return nil }
            var value = 0
            for byte in bytes[index..<index + digits] {
                guard byte >= 48 && byte <= 57 else { return nil }
                value = value * 10 + Int(byte - 48)
            }
            index += digits
            return value
        }
        func expect(_ char: UInt8) -> Bool {
            guard index < bytes.count, bytes[index] == char else { return false }
            index += 1
            return true
        }
        guard let year = number(4), expect(45), let month = number(2), expect(45), let day = number(2) else { return nil }
        var civil = CivilTime(year: year, month: month, day: day)
        var offset = offsetSeconds
        if index < bytes.count, bytes[index] == 32 || bytes[index] == 84 {
            index += 1
            guard let hour = number(2), expect(58), let minute = number(2) else { return nil }
            civil.hour = hour
            civil.minute = minute
            if expect(58) {
                guard let second = number(2) else { return nil }
                civil.second = second
                if expect(46) {
                    var ms = 0, digits = 0
                    while index < bytes.count, bytes[index] >= 48, bytes[index] <= 57 {
                        if digits < 3 { ms = ms * 10 + Int(bytes[index] - 48) }
                        digits += 1
                        index += 1
                    }
                    guard digits > 0 else { return nil }
                    if digits < 3 { for _ in digits..<3 { ms *= 10 } }
                    civil.millisecond = ms
                }
            }
            if expect(90) {
                offset = 0
            } else if index < bytes.count, bytes[index] == 43 || bytes[index] == 45 {
                let negative = bytes[index] == 45
                index += 1
                guard let hours = number(2), expect(58), let minutes = number(2) else { return nil }
                offset = (hours * 3600 + minutes * 60) * (negative ? -1 : 1)
            }
        }
        guard index == bytes.count, civil.isValid else { return nil }
        return civil.timestamp(offsetSeconds: offset)
    }
}

/// A time range as the URL or dashboard states it (`from=now-6h&to=now`).
public struct TimeRange: Sendable, Hashable {
    public var from: TimeExpression
    public var to: TimeExpression

    public init(from: TimeExpression, to: TimeExpression) {
        self.from = from
        self.to = to
    }

    /// The last `milliseconds` up to now.
    public static func last(_ milliseconds: Int64) -> TimeRange {
        TimeRange(from: .ago(milliseconds), to: .now)
    }

    /// The range resolved against `now`: start and end in milliseconds, start < end.
    public func resolve(now: Timestamp, offsetSeconds: Int = 0) -> ResolvedTimeRange {
        var start = from.resolve(now: now, offsetSeconds: offsetSeconds)
        var end = to.resolve(now: now, offsetSeconds: offsetSeconds, roundUp: true)
        if start > end { swap(&start, &end) }
        if start == end { start = end - 1000 }
        return ResolvedTimeRange(start: start, end: end, range: self)
    }

    /// The presets the time picker offers, as Grafana's quick ranges.
    public static let presets: [(label: String, duration: Int64)] = [
        ("Last 5 minutes", 300_000), ("Last 15 minutes", 900_000), ("Last 30 minutes", 1_800_000),
        ("Last 1 hour", 3_600_000), ("Last 3 hours", 10_800_000), ("Last 6 hours", 21_600_000),
        ("Last 12 hours", 43_200_000), ("Last 24 hours", 86_400_000), ("Last 2 days", 172_800_000),
        ("Last 7 days", 604_800_000), ("Last 30 days", 2_592_000_000),
    ]

    /// How the picker names the range: a preset's label, `Last 90m`, or the absolute span.
    public func label(now: Timestamp, offsetSeconds: Int) -> String {
        if to.text == "now", case .relative(let offset, nil) = from.form {
            if let preset = TimeRange.presets.first(where: { $0.duration == -offset }) { return preset.label }
            return "Last " + PromDuration.format(-offset)
        }
        let resolved = resolve(now: now, offsetSeconds: offsetSeconds)
        return TimeText.dateTimeMinutes(resolved.start, offsetSeconds: offsetSeconds) + " to "
            + TimeText.dateTimeMinutes(resolved.end, offsetSeconds: offsetSeconds)
    }
}

/// A time range pinned to milliseconds.
public struct ResolvedTimeRange: Sendable, Hashable {
    public var start: Timestamp
    public var end: Timestamp
    /// The expressions it came from.
    public var range: TimeRange

    public init(start: Timestamp, end: Timestamp, range: TimeRange? = nil) {
        self.start = start
        self.end = end
        self.range = range ?? TimeRange(from: .absolute(start), to: .absolute(end))
    }

    /// `end - start` in milliseconds.
    public var duration: Int64 { end - start }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
