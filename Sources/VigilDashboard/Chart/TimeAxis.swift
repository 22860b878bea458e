import VigilModel

/// Ticks for a time axis: round steps (`5m`, `1h`, `1d`, months) aligned to the wall
/// clock of the page's UTC offset, as many as fit the axis.
public enum TimeAxis {
    /// One tick: where and what it says.
    public struct Tick: Sendable, Hashable {
        public var t: Timestamp
        public var label: String
    }

    static let second: Int64 = 1000, minute: Int64 = 60_000, hour: Int64 = 3_600_000, day: Int64 = 86_400_000
    static let steps: [Int64] = [
        1, 2, 5, 10, 20, 50, 100, 200, 500,
        second, 2 * second, 5 * second, 10 * second, 15 * second, 30 * second,
        minute, 2 * minute, 5 * minute, 10 * minute, 15 * minute, 30 * minute,
        hour, 2 * hour, 3 * hour, 6 * hour, 12 * hour,
        day, 2 * day, 7 * day, 14 * day,
    ]
    static let monthSteps = [1, 2, 3, 6, 12]

    /// Ticks in `[start, end]` at most `widthPixels / spacing` of them, for labels about
    /// `spacing` pixels wide.
    public static func ticks(start: Timestamp, end: Timestamp, widthPixels: Double, offsetSeconds: Int) -> [Tick] {
        guard end > start, widthPixels > 0 else { return [] }
        let range = end - start
        // Labels with seconds are wider; try the narrow form first and re-plan if needed.
        var maxTicks = max(2, Int(widthPixels / 70))
        var step = pickStep(range: range, maxTicks: maxTicks)
        if let s = step, s < minute {
            maxTicks = max(2, Int(widthPixels / 90))
            step = pickStep(range: range, maxTicks: maxTicks)
        }
        guard let step else {
            return monthTicks(start: start, end: end, maxTicks: maxTicks, offsetSeconds: offsetSeconds)
        }
        let offset = Int64(offsetSeconds) * 1000
        // Align to the step in local time; steps of a week align to days.
        let align = step > day ? day : step
        var t = (floorDiv(start + offset, align) * align) - offset
        if t < start { t += align }
        if step > day {
            // Weeks and fortnights: start at the first aligned day, then add the step.
            while t < start { t += day }
        }
        var ticks: [Tick] = []
        while t <= end, ticks.count < 100 {
            ticks.append(Tick(t: t, label: TimeText.tickLabel(t, stepMs: step, rangeMs: range, offsetSeconds: offsetSeconds)))
            t += step
        }
        return ticks
    }

    private static func pickStep(range: Int64, maxTicks: Int) -> Int64? {
        let raw = range / Int64(maxTicks)
        return steps.first { $0 >= raw }
    }

    private static func monthTicks(start: Timestamp, end: Timestamp, maxTicks: Int, offsetSeconds: Int) -> [Tick] {
        let months = Double(end - start) / Double(30 * day)
        let every = monthSteps.first { Double($0) >= months / Double(maxTicks) } ?? 12 * Int((months / Double(maxTicks) / 12).rounded(.up))
        var c = CivilTime(start, offsetSeconds: offsetSeconds)
        c.day = 1
        c.hour = 0
        c.minute = 0
        c.second = 0
        c.millisecond = 0
        // First month boundary at or after start whose index is a multiple of `every`.
        var monthIndex = c.year * 12 + (c.month - 1)
        var ticks: [Tick] = []
        while ticks.count < 100 {
            if monthIndex % every == 0 {
                let civil = CivilTime(year: monthIndex / 12, month: monthIndex % 12 + 1, day: 1)
                let t = civil.timestamp(offsetSeconds: offsetSeconds)
                if t > end { break }
                if t >= start {
                    let label = civil.month == 1 ? String(civil.year) : "\(TimeText.pad4(civil.year))-\(TimeText.pad2(civil.month))"
                    ticks.append(Tick(t: t, label: label))
                }
            }
            monthIndex += 1
        }
        return ticks
    }
}
