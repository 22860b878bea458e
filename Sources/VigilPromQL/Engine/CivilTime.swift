import VigilModel

/// UTC calendar fields of a Unix time, for the date functions (`hour`, `day_of_week`, …)
/// and for printing times in messages. Proleptic Gregorian calendar, computed as Go's
/// `time` package computes it (checked against Prometheus 2.42, built with Go 1.19): on an
/// unsigned "absolute" second count with wrapping arithmetic, so every Int64 has an answer.
/// `time.Unix(math.MinInt64, 0).UTC().Hour()` is 15, which is what Prometheus gives for
/// `hour(vector(NaN))`: Go converts NaN, ±Inf and |v| ≥ 2⁶³ to MinInt64.
struct CivilTime: Equatable {
    var year: Int64
    /// 1…12
    var month: Int64
    /// 1…31
    var day: Int64
    var hour: Int64
    var minute: Int64
    var second: Int64
    /// 0 = Sunday … 6 = Saturday
    var weekday: Int64
    /// 1…366
    var dayOfYear: Int64

    /// The fields of `seconds` since the epoch, rounded down to the second as
    /// `time.Unix(seconds, 0).UTC()` does, for any `seconds`.
    init(seconds: Int64) {
        self.init(absolute: UInt64(bitPattern: seconds &+ Self.unixToAbsolute))
    }

    /// The number of days in this month, as Prometheus' `days_in_month` computes it:
    /// `32 - time.Date(year, month, 32, 0, 0, 0, 0, time.UTC).Day()` (the 32nd rolls over
    /// into the next month). Equal to the calendar's answer wherever the calendar holds.
    var daysInMonth: Int64 {
        var days = Self.daysSinceAbsoluteEpoch(year: year) &+ UInt64(Self.daysBefore[Int(month - 1)])
        if Self.isLeap(year), month >= 3 { days &+= 1 }
        days &+= 31
        return 32 - CivilTime(absolute: days &* Self.secondsPerDay).day
    }

    static func isLeap(_ year: Int64) -> Bool {
        year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
    }

    // MARK: - Go's absolute time

    private static let secondsPerDay: UInt64 = 86_400
    private static let daysPer400Years: UInt64 = 365 * 400 + 97
    private static let daysPer100Years: UInt64 = 365 * 100 + 24
    private static let daysPer4Years: UInt64 = 365 * 4 + 1
    /// Go's `absoluteZeroYear`: day 0 of the absolute count is January 1 of this year.
    private static let absoluteZeroYear: Int64 = -292_277_022_399
    /// Go's `unixToInternal + internalToAbsolute`: seconds from the absolute epoch to 1970.
    private static let unixToAbsolute: Int64 = 9_223_372_028_715_321_600
    /// Days of a common year before each month (and 365 after December).
    private static let daysBefore: [Int64] = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334, 365]

    /// Go's `absDate`, `absClock` and `absWeekday` on an absolute second count.
    private init(absolute: UInt64) {
        let secondOfDay = Int64(absolute % Self.secondsPerDay)
        hour = secondOfDay / 3600
        minute = secondOfDay % 3600 / 60
        second = secondOfDay % 60
        // The absolute epoch, like January 1 of 2001, was a Monday.
        weekday = Int64((absolute &+ Self.secondsPerDay) % (7 * Self.secondsPerDay) / Self.secondsPerDay)

        var d = absolute / Self.secondsPerDay
        var n = d / Self.daysPer400Years
        var y = 400 * n
        d -= Self.daysPer400Years * n
        // The last 100-year (and 1-year) cycle is a day longer: cut its index back from 4 to 3.
        n = d / Self.daysPer100Years
        n -= n >> 2
        y += 100 * n
        d -= Self.daysPer100Years * n
        n = d / Self.daysPer4Years
        y += 4 * n
        d -= Self.daysPer4Years * n
        n = d / 365
        n -= n >> 2
        y += n
        d -= 365 * n
        year = Int64(bitPattern: y) &+ Self.absoluteZeroYear
        dayOfYear = Int64(d) + 1

        var dayIndex = Int64(d)
        if Self.isLeap(year) {
            if dayIndex == 31 + 29 - 1 {
                month = 2
                day = 29
                return
            }
            // After the leap day: count as in a common year.
            if dayIndex > 31 + 29 - 1 { dayIndex -= 1 }
        }
        // Months have at most 31 days, so this estimate is at most one month low.
        var monthIndex = Int(dayIndex / 31)
        if dayIndex >= Self.daysBefore[monthIndex + 1] { monthIndex += 1 }
        month = Int64(monthIndex) + 1
        day = dayIndex - Self.daysBefore[monthIndex] + 1
    }

    /// Go's `daysSinceEpoch`: days from the absolute epoch to January 1 of `year`.
    private static func daysSinceAbsoluteEpoch(year: Int64) -> UInt64 {
        var y = UInt64(bitPattern: year &- absoluteZeroYear)
        var n = y / 400
        y -= 400 * n
        var days = daysPer400Years * n
        n = y / 100
        y -= 100 * n
        days += daysPer100Years * n
        n = y / 4
        y -= 4 * n
        days += daysPer4Years * n
        days += 365 * y
        return days
    }

    /// `2006-01-02T15:04:05Z` for a millisecond timestamp; the seconds are `t / 1000`
    /// truncated toward zero, as Prometheus computes them.
    static func rfc3339(_ t: Timestamp) -> String {
        let c = CivilTime(seconds: t / 1000)
        func two(_ v: Int64) -> String { v < 10 ? "0\(v)" : "\(v)" }
        var year = String(c.year)
        while year.count < 4 { year = "0" + year }
        return "\(year)-\(two(c.month))-\(two(c.day))T\(two(c.hour)):\(two(c.minute)):\(two(c.second))Z"
    }
}
