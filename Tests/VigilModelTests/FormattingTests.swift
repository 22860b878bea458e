import Testing
import VigilModel

struct PromDurationTests {
    @Test(arguments: [
        ("0", Int64(0)), ("15s", 15_000), ("1h30m", 5_400_000), ("2d", 172_800_000), ("1w", 604_800_000),
        ("1y", 31_536_000_000), ("500ms", 500), ("1m500ms", 60_500), ("1y2w3d4h5m6s7ms", 33_019_506_007),
    ])
    func parsing(_ text: String, _ milliseconds: Int64) throws {
        #expect(try PromDuration.parse(text) == milliseconds)
    }

    @Test(arguments: ["", "1", "1.5s", "-1s", "1s1m", "1x", "m", "1h1h", "99999999999999999999y"])
    func rejects(_ text: String) {
        #expect(throws: DurationError.self) { try PromDuration.parse(text) }
    }

    @Test(arguments: [
        (Int64(0), "0s"), (15_000, "15s"), (5_400_000, "1h30m"), (604_800_000, "1w"), (7_776_000_000, "90d"),
        (31_536_000_000, "1y"), (500, "500ms"), (86_401_000, "1d1s"),
    ])
    func formatting(_ milliseconds: Int64, _ text: String) {
        #expect(PromDuration.format(milliseconds) == text)
    }
}

struct GoFloatTests {
    @Test(arguments: [
        (1.0, "1", "1"), (0.5, "0.5", "0.5"), (1e6, "1000000", "1e+06"), (123456.0, "123456", "123456"),
        (1e-5, "0.00001", "1e-05"), (0.0001, "0.0001", "0.0001"), (-2.5e-7, "-0.00000025", "-2.5e-07"),
        (1e21, "1000000000000000000000", "1e+21"), (0.1 + 0.2, "0.30000000000000004", "0.30000000000000004"),
        (-0.0, "-0", "-0"), (Double.nan, "NaN", "NaN"), (Double.infinity, "+Inf", "+Inf"),
        (-Double.infinity, "-Inf", "-Inf"), (9_999_999_999.0, "9999999999", "9.999999999e+09"),
    ])
    func shortestForms(_ value: Double, _ f: String, _ g: String) {
        #expect(GoFloat.f(value) == f)
        #expect(GoFloat.g(value) == g)
    }

    /// `FormatFloat(v, 'e', -1, 64)`, as Go prints them.
    @Test(arguments: [
        (1.0, "1e+00"), (0.0, "0e+00"), (-0.0, "-0e+00"), (123456.0, "1.23456e+05"), (-2.5e-7, "-2.5e-07"),
        (1e100, "1e+100"), (0.1 + 0.2, "3.0000000000000004e-01"), (Double.nan, "NaN"), (-Double.infinity, "-Inf"),
    ])
    func shortestExponentForm(_ value: Double, _ expected: String) {
        #expect(GoFloat.e(value) == expected)
    }

    @Test(arguments: [
        (3.14159, 3, "3.14"), (1234567.0, 3, "1.23e+06"), (0.000012345, 2, "1.2e-05"), (2.5, 1, "2"), (3.5, 1, "4"),
        (100.0, 2, "1e+02"), (2.675, 3, "2.67"),
    ])
    func precision(_ value: Double, _ digits: Int, _ expected: String) {
        #expect(GoFloat.g(value, precision: digits) == expected)
    }

    @Test func fixedAndExponent() {
        #expect(GoFloat.fixed(1.5) == "1.500000")
        #expect(GoFloat.fixed(2.675, decimals: 2) == "2.67")  // binary 2.67499…, as C and Go round
        #expect(GoFloat.exponent(12345.678, decimals: 2) == "1.23e+04")
        #expect(GoFloat.fixed(.nan) == "NaN")
    }
}
