import Testing
import VigilExposition

/// Numbers as Go's `strconv.ParseFloat` reads them (minus what Prometheus refuses) and as
/// `strconv.FormatFloat(v, 'g', -1, 64)` writes them.
@Suite struct FloatTextTests {
    @Test(arguments: [
        ("1", 1.0), ("-1", -1), ("+1", 1), ("1.5", 1.5), (".5", 0.5), ("5.", 5), ("1e3", 1000), ("1E+3", 1000),
        ("1.5e-3", 0.0015), ("0000000000000000000000000000000000000000001.2e-1", 0.12),
        ("9223372036854775808", 9_223_372_036_854_775_808), ("0.013300656000000001", 0.013300656000000001),
        ("1.7976931348623157e308", .greatestFiniteMagnitude), ("5e-324", .leastNonzeroMagnitude), ("1e-400", 0),
        ("123456789012345678901234567890", 1.2345678901234568e29), ("7.424100000000001e-05", 7.424100000000001e-05),
        ("Inf", .infinity), ("+inf", .infinity), ("-Inf", -.infinity), ("infinity", .infinity), ("-INFINITY", -.infinity),
    ])
    func parses(_ text: String, _ expected: Double) throws {
        #expect(try FloatText.parse(text).get() == expected)
    }

    @Test func nanIsCanonical() throws {
        for text in ["NaN", "nan", "NAN"] {
            #expect(try FloatText.parse(text).get().bitPattern == FloatText.normalNaN.bitPattern)
        }
    }

    @Test(arguments: [
        ("", FloatText.Failure.syntax), (".", .syntax), ("e1", .syntax), ("1e", .syntax), ("1e+", .syntax),
        ("1.1.1", .syntax), ("--1", .syntax), ("+nan", .syntax), ("infin", .syntax), ("0x1", .syntax),
        ("1 ", .syntax), ("1e400", .range), ("-1e400", .range), ("true", .syntax),
    ])
    func refuses(_ text: String, _ failure: FloatText.Failure) {
        #expect(throws: failure) { try FloatText.parse(text).get() }
    }

    @Test(arguments: [
        (0.0, "0"), (-0.0, "-0"), (1, "1"), (-1, "-1"), (123456, "123456"), (1e6, "1e+06"), (1234567, "1.234567e+06"),
        (1.446105e+06, "1.446105e+06"), (0.0001, "0.0001"), (0.00001, "1e-05"), (1.5, "1.5"), (0.1, "0.1"),
        (1e21, "1e+21"), (1.7976931348623157e308, "1.7976931348623157e+308"), (.leastNonzeroMagnitude, "5e-324"),
        (0.013300656000000001, "0.013300656000000001"), (123.456, "123.456"), (100, "100"), (1e100, "1e+100"),
        (Double.infinity, "+Inf"), (-Double.infinity, "-Inf"), (Double.nan, "NaN"), (1.726839813016397e+09, "1.726839813016397e+09"),
    ])
    func formats(_ value: Double, _ expected: String) {
        #expect(FloatText.format(value) == expected)
    }

    @Test(arguments: [(1.0, "1.0"), (0, "0.0"), (-0.0, "0.0"), (0.25, "0.25"), (1e-05, "1e-05"), (10, "10.0"), (1e6, "1e+06"), (.infinity, "+Inf")])
    func openMetricsSpelling(_ value: Double, _ expected: String) {
        #expect(FloatText.openMetricsSpelling(value) == expected)
    }

    /// Formatting then parsing gives the same bits for awkward values.
    @Test func roundTrips() throws {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2000 {
            let value = Double(bitPattern: generator.next())
            guard value.isFinite else { continue }
            #expect(try FloatText.parse(FloatText.format(value)).get().bitPattern == value.bitPattern)
        }
    }
}
