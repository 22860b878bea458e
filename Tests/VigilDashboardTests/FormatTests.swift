import Testing

@testable import VigilDashboard

/// Units and numbers read as Grafana prints them.
@Suite struct FormatTests {
    @Test(arguments: [
        // Grafana's toFixed with automatic decimals: three significant digits.
        (1.5, nil, "1.50"), (12.3, nil, "12.3"), (123.4, nil, "123"), (0.123, nil, "0.123"), (0.05, nil, "0.0500"),
        (42, nil, "42"), (0, nil, "0"), (-2.5, nil, "-2.50"), (1e-9, nil, "0.00000000100"),
        (3.14159, 2, "3.14"), (2.5, 0, "3"), (-0.001, 2, "0.00"), (1234567, 1, "1234567.0"),
        (Double.nan, nil, "NaN"), (Double.infinity, nil, "+Inf"), (-Double.infinity, 3, "-Inf"),
    ] as [(Double, Int?, String)])
    func numbers(_ value: Double, _ decimals: Int?, _ expected: String) {
        #expect(NumberText.format(value, decimals: decimals) == expected)
    }

    @Test(arguments: [
        ("s", 1.5, "1.50 s"), ("s", 0.25, "250 ms"), ("s", 0.0005, "500 µs"), ("s", 120, "2 min"), ("s", 90, "1.50 min"),
        ("s", 7200, "2 h"), ("s", 172_800, "2 day"), ("s", 1_209_600, "2 week"), ("s", 0, "0 s"), ("seconds", 3, "3 s"),
        ("ms", 250, "250 ms"), ("ms", 1500, "1.50 s"), ("ms", 0.5, "0.500 ms"), ("ms", 120_000, "2 min"),
        ("bytes", 1024, "1 KiB"), ("bytes", 1536, "1.50 KiB"), ("bytes", 512, "512 B"), ("bytes", 3 * 1_073_741_824, "3 GiB"),
        ("decbytes", 1500, "1.50 kB"), ("bytes_si", 2_000_000, "2 MB"), ("decbytes", 999, "999 B"),
        ("percent", 42.5, "42.5%"), ("percentunit", 0.05, "5%"), ("percentunit", 0.0523, "5.23%"), ("ratio", 1, "100%"),
        ("reqps", 12.3, "12.3 req/s"), ("req/s", 1500, "1.50k req/s"), ("ops", 7, "7 ops/s"),
        ("short", 1234, "1.23k"), ("short", 2_500_000, "2.50M"), ("short", 3e9, "3G"), ("short", 0.5, "0.500"),
        ("none", 1234.5, "1235"), ("", 7, "7"), ("suffix:rpm", 3, "3 rpm"), ("prefix:$", 3, "$3"), ("si:W", 1500, "1.50 kW"),
        ("si:W", 0.002, "2 mW"), ("celsius", 21.5, "21.5 °C"), ("widgets", 5, "5 widgets"),
    ] as [(String, Double, String)])
    func units(_ unit: String, _ value: Double, _ expected: String) {
        #expect(ValueFormatter(unit: ValueUnit(id: unit)).format(value) == expected)
    }

    @Test func explicitDecimalsApplyInTheChosenScale() {
        #expect(ValueFormatter(unit: .seconds, decimals: 1).format(0.2567) == "256.7 ms")
        #expect(ValueFormatter(unit: .percentUnit, decimals: 2).format(0.009) == "0.90%")
    }

    @Test(arguments: [
        // One scale per axis, nice steps in it, decimals from the step.
        ("s", 0.0, 1.4, 5, ["0.0 s", "0.5 s", "1.0 s", "1.5 s"]),
        ("s", 0.0, 0.14, 5, ["0 ms", "50 ms", "100 ms", "150 ms"]),
        ("s", 0.0, 290.0, 5, ["0 min", "1 min", "2 min", "3 min", "4 min", "5 min"]),
        ("s", 0.0, 80.0, 4, ["0 s", "20 s", "40 s", "60 s", "80 s"]),
        ("s", 0.0, 100.0, 4, ["0 s", "30 s", "60 s", "90 s", "120 s"]),
        ("bytes", 0.0, 300_000_000.0, 4, ["0 MiB", "100 MiB", "200 MiB", "300 MiB"]),
        ("percentunit", 0.0, 0.1, 5, ["0%", "2%", "4%", "6%", "8%", "10%"]),
        ("reqps", 0.0, 27.0, 3, ["0 req/s", "10 req/s", "20 req/s", "30 req/s"]),
        ("reqps", 0.0, 140_000.0, 3, ["0 req/s", "50k req/s", "100k req/s", "150k req/s"]),
        ("none", -5.0, 5.0, 4, ["-5.0", "-2.5", "0.0", "2.5", "5.0"]),
        ("none", 0.88, 0.96, 4, ["0.88", "0.90", "0.92", "0.94", "0.96"]),
    ] as [(String, Double, Double, Int, [String])])
    func axisTicks(_ unit: String, _ low: Double, _ high: Double, _ maxTicks: Int, _ labels: [String]) {
        let axis = ValueFormatter(unit: ValueUnit(id: unit)).axis(low: low, high: high, maxTicks: maxTicks)
        #expect(axis.labels == labels)
        #expect(axis.low <= low && axis.high >= high)
        #expect(axis.ticks.first == axis.low && axis.ticks.last == axis.high)
    }

    @Test func flatSeriesGetsASpan() {
        let axis = ValueFormatter().axis(low: 5, high: 5, maxTicks: 4)
        #expect(axis.low < 5 && axis.high > 5)
        let zero = ValueFormatter().axis(low: 0, high: 0, maxTicks: 4)
        #expect(zero.low < 0 && zero.high > 0)
    }

    @Test(arguments: [
        // (range ms, width px) → labels fit: minutes, hours, dates at midnight, days.
        (3_600_000 as Int64, 600.0, "14:10", 7),
        (300_000, 600.0, "15:02", 6),
        (86_400_000 * 2, 600.0, "06/15", 8),
        (86_400_000 * 30, 600.0, "05/17", 6),
    ] as [(Int64, Double, String, Int)])
    func timeTicks(_ range: Int64, _ width: Double, _ firstLabel: String, _ count: Int) {
        let end: Int64 = 1_750_000_000_000  // 2025-06-15 15:06:40 UTC
        let ticks = TimeAxis.ticks(start: end - range, end: end, widthPixels: width, offsetSeconds: 0)
        #expect(ticks.count <= count + 1 && ticks.count >= 3, "\(ticks.map(\.label))")
        #expect(ticks.contains { $0.label == firstLabel }, "\(ticks.map(\.label))")
        #expect(ticks.allSatisfy { $0.t >= end - range && $0.t <= end })
    }

    @Test func timeTicksFollowTheOffset() {
        let end: Int64 = 1_750_000_000_000
        let utc = TimeAxis.ticks(start: end - 3_600_000, end: end, widthPixels: 600, offsetSeconds: 0)
        let berlin = TimeAxis.ticks(start: end - 3_600_000, end: end, widthPixels: 600, offsetSeconds: 7200)
        #expect(utc.map(\.t) == berlin.map(\.t))
        #expect(utc.first.map { TimeText.dateTime($0.t) } != nil)
        #expect(berlin.first?.label == utc.first.map { label in
            let hour = Int(label.label.prefix(2))! + 2
            return TimeText.pad2(hour) + label.label.dropFirst(2)
        })
    }

    @Test(arguments: [
        (0 as Int64, "1970-01-01 00:00:00"), (1_750_000_000_000, "2025-06-15 15:06:40"), (-86_400_000, "1969-12-31 00:00:00"),
        (951_782_400_000, "2000-02-29 00:00:00"), (4_102_444_800_000, "2100-01-01 00:00:00"),
    ])
    func civilTime(_ t: Int64, _ text: String) {
        #expect(TimeText.dateTime(t) == text)
        let c = CivilTime(t)
        #expect(c.timestamp() == t)
    }

    @Test(arguments: [
        (45_000 as Int64, "45s"), (200_000, "3m 20s"), (7_500_000, "2h 5m"), (277_200_000, "3d 5h"), (120_000, "2m"), (500, "500ms"),
    ])
    func ages(_ ms: Int64, _ text: String) {
        #expect(TimeText.age(ms) == text)
    }
}
