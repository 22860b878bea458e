import VigilModel

/// UTC calendar fields of a Unix time, for the date functions (`hour`, `day_of_week`, …)
/// and for printing times in messages. Proleptic Gregorian calendar, as Go's `time` package.
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
    /// `time.Unix(seconds, 0)` does.
    init(seconds: Int64) {
        let days = Self.floorDiv(seconds, 86_400)
        let secondOfDay = seconds - days * 86_400
        hour = secondOfDay / 3600
        minute = secondOfDay % 3600 / 60
        second = secondOfDay % 60
        // 1970-01-01 was a Thursday.
        weekday = ((days % 7) + 11) % 7
        // Howard Hinnant's days-from-civil inverse.
        let z = days + 719_468
        let era = Self.floorDiv(z, 146_097)
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYearFromMarch = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthFromMarch = (5 * dayOfYearFromMarch + 2) / 153
        day = dayOfYearFromMarch - (153 * monthFromMarch + 2) / 5 + 1
        month = monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9
        year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        let cumulative: [Int64] = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334]
        dayOfYear = cumulative[Int(month - 1)] + day + (month > 2 && Self.isLeap(year) ? 1 : 0)
    }

    /// The number of days in this month.
    var daysInMonth: Int64 {
        switch month {
        case 2: return Self.isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    static func isLeap(_ year: Int64) -> Bool {
        year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
    }

    private static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
        let q = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
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
