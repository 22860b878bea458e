import Testing
import VigilModel
@testable import VigilPromQL

@Suite("Engine formatting and kernels")
struct EngineFormattingTests {
    @Test(arguments: [
        (1e6, nil, "1e+06"), (100_000, nil, "100000"), (0.0001, nil, "0.0001"), (0.00001, nil, "1e-05"),
        (1.5, nil, "1.5"), (-2, nil, "-2"), (.nan, nil, "NaN"), (.infinity, nil, "+Inf"), (1234567, nil, "1.234567e+06"),
        (2, 2, "2"), (0.25, 2, "0.25"), (500, 2, "5e+02"), (0.125, 2, "0.12"), (0.135, 2, "0.14"),
    ] as [(Double, Int?, String)])
    func goG(_ value: Double, _ precision: Int?, _ expected: String) {
        #expect(GoFloat.g(value, precision: precision) == expected)
    }

    /// Bucket bounds parse as Go's strconv.ParseFloat parses them.
    @Test(arguments: [
        ("0.005", 0.005), ("1", 1), ("+Inf", .infinity), ("-inf", -.infinity), ("Infinity", .infinity), ("1e3", 1000),
        ("-2.5E-1", -0.25), (".5", 0.5), ("5.", 5), ("0x1p4", 16), ("NaN", .nan),
        ("", nil), ("1e", nil), (".", nil), ("--1", nil), ("0x10", nil), ("1_000", nil), ("abc", nil), ("1.0.0", nil),
    ] as [(String, Double?)])
    func goParseFloat(_ text: String, _ expected: Double?) {
        let parsed = GoParse.float(text)
        if let expected, expected.isNaN { #expect(parsed?.isNaN == true) } else { #expect(parsed == expected) }
    }

    @Test(arguments: [(1e21, "1000000000000000000000"), (0.1, "0.1"), (-0.0, "-0"), (42, "42"), (1e-7, "0.0000001")])
    func goF(_ value: Double, _ expected: String) {
        #expect(GoFloat.f(value) == expected)
    }

    @Test(arguments: [
        (0, 1970, 1, 1, 4, 1, 31), (951_782_400, 2000, 2, 29, 2, 60, 29), (-86_400, 1969, 12, 31, 3, 365, 31),
        (1_700_000_000, 2023, 11, 14, 2, 318, 30),
    ] as [(Int64, Int64, Int64, Int64, Int64, Int64, Int64)])
    func civilTime(_ seconds: Int64, _ year: Int64, _ month: Int64, _ day: Int64, _ weekday: Int64, _ dayOfYear: Int64, _ daysInMonth: Int64) {
        let c = CivilTime(seconds: seconds)
        #expect([c.year, c.month, c.day, c.weekday, c.dayOfYear, c.daysInMonth] == [year, month, day, weekday, dayOfYear, daysInMonth])
    }

    @Test(arguments: [
        // (upper bounds, cumulative counts, φ, expected)
        ([0.1, 0.5, 1, .infinity], [10, 20, 30, 40], 0.5, 0.5),
        ([0.1, 0.5, 1, .infinity], [10, 20, 30, 40], 0.99, 1),
        ([1, .infinity], [0, 0], 0.5, .nan),
        ([1, 2], [5, 10], 0.5, .nan),  // no +Inf bucket
    ] as [([Double], [Double], Double, Double)])
    func bucketQuantile(_ bounds: [Double], _ counts: [Double], _ q: Double, _ expected: Double) {
        var buckets = zip(bounds, counts).map { ClassicHistogram.Bucket(upperBound: $0, count: $1) }
        let (value, _) = ClassicHistogram.quantile(q, &buckets)
        #expect(value == expected || (value.isNaN && expected.isNaN))
    }

    @Test func bucketQuantileForcesMonotonicity() {
        var buckets = [(1.0, 10.0), (2, 8), (.infinity, 12)].map { ClassicHistogram.Bucket(upperBound: $0.0, count: $0.1) }
        let (_, quality) = ClassicHistogram.quantile(0.5, &buckets)
        #expect(quality.forcedMonotonicity)
        #expect(quality.maxDiff == 2)
        #expect(quality.minBucket == 2)
    }

    @Test(arguments: [("a1", "a2", true), ("a10", "a2", false), ("a2", "a10", true), ("b", "a", false), ("x01", "x1b", true)])
    func naturalOrder(_ a: String, _ b: String, _ expected: Bool) {
        #expect(NaturalOrder.precedes(a, b) == expected)
    }
}
