import Testing
@testable import VigilPromQL

/// The date functions on any float, as Go computes them: `time.Unix(int64(v), 0).UTC()`, where
/// Go's conversion gives MinInt64 for NaN, ±Inf and |v| ≥ 2⁶³ and the calendar arithmetic wraps.
@Suite("Date functions: Go's calendar")
struct CivilTimeTests {
    /// Expected fields, answered by Prometheus 2.42 (Go 1.19) for `f(vector(v))`:
    /// minute, hour, day_of_week, day_of_month, day_of_year, days_in_month, month, year.
    @Test(arguments: [
        (.nan, [30, 15, 0, 4, 339, 31, 12, 292277026596]),
        (.infinity, [30, 15, 0, 4, 339, 31, 12, 292277026596]),
        (-.infinity, [30, 15, 0, 4, 339, 31, 12, 292277026596]),
        (1e19, [30, 15, 0, 4, 339, 31, 12, 292277026596]),
        (-1e19, [30, 15, 0, 4, 339, 31, 12, 292277026596]),
        (9.3e18, [30, 15, 0, 4, 339, 31, 12, 292277026596]),
        (9.2e18, [33, 11, 5, 31, 244, 31, 8, 291536396232]),
        (-9.2e18, [26, 12, 2, 3, 123, 31, 5, -291536392293]),
        (9.223372036854775e18, [13, 15, 0, 4, 339, 31, 12, 292277026596]),
        (-9.223372036854775e18, [47, 15, 0, 4, 339, 31, 12, 292277026596]),
        (1e17, [46, 9, 3, 6, 250, 30, 9, 3168875820]),
        (-1e17, [13, 14, 4, 27, 117, 30, 4, -3168871881]),
        (-62135596801, [59, 23, 0, 31, 366, 31, 12, 0]),
        (253402300800, [0, 0, 6, 1, 1, 31, 1, 10000]),
        (0, [0, 0, 4, 1, 1, 31, 1, 1970]),
        (951782400, [0, 0, 2, 29, 60, 29, 2, 2000]),
        (-86400, [0, 0, 3, 31, 365, 31, 12, 1969]),
        (1700000000, [13, 22, 2, 14, 318, 30, 11, 2023]),
        (-1e12, [13, 22, 2, 5, 95, 30, 4, -29719]),
        (4e17, [6, 15, 1, 21, 265, 30, 9, 12675497372]),
    ] as [(Double, [Int64])])
    func dateFieldsMatchPrometheus(_ value: Double, _ expected: [Int64]) {
        let c = CivilTime(seconds: Evaluator.goInt64(value))
        #expect([c.minute, c.hour, c.weekday, c.day, c.dayOfYear, c.daysInMonth, c.month, c.year] == expected)
    }

    /// The extremes of Int64 do not trap: every second count has a calendar answer.
    @Test(arguments: [Int64.min, Int64.min + 1, Int64.max, Int64.max - 86_400, -1, 1])
    func extremeSecondsDoNotTrap(_ seconds: Int64) {
        let c = CivilTime(seconds: seconds)
        #expect((1...12).contains(c.month) && (1...31).contains(c.day) && (0...6).contains(c.weekday))
        #expect((28...31).contains(c.daysInMonth))
    }

    @Test func goInt64SaturatesLikeAmd64() {
        #expect(Evaluator.goInt64(.nan) == .min)
        #expect(Evaluator.goInt64(.infinity) == .min)
        #expect(Evaluator.goInt64(9.3e18) == .min)
        #expect(Evaluator.goInt64(-9.3e18) == .min)
        #expect(Evaluator.goInt64(-1.5) == -1)
    }
}
