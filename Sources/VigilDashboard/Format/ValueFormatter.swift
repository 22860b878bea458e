#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Formats values of one unit as Grafana does: each value picks its own scale (`250 ms`,
/// `1.50 s`), with three significant digits unless `decimals` is set.
public struct ValueFormatter: Sendable, Hashable {
    public var unit: ValueUnit
    /// Fraction digits; nil means Grafana's automatic precision.
    public var decimals: Int?

    public init(unit: ValueUnit = .none, decimals: Int? = nil) {
        self.unit = unit
        self.decimals = decimals
    }

    /// A value as text: scaled, rounded and with its unit (`1.50 s`, `12.3 req/s`, `5%`).
    public func format(_ value: Double) -> String {
        let (number, suffix) = parts(value)
        return number + suffix
    }

    /// The number and the unit text after it, apart (the stat panel styles them apart).
    /// A prefix unit returns the prefix inside the number text.
    public func parts(_ value: Double) -> (number: String, suffix: String) {
        guard value.isFinite else { return (NumberText.fixed(value, decimals: 0), "") }
        let ladder = UnitLadder.of(unit)
        let scale = ladder.scale(for: value)
        let scaled = value / scale.divisor
        let text = NumberText.format(scaled, decimals: decimals)
        if case .prefix(let prefix) = unit { return (prefix + text, "") }
        return (text, scale.suffix)
    }

    /// Axis ticks for values in `[low, high]`: one scale for the whole axis (so labels
    /// align and compare), nice steps in that scale, decimals from the step.
    ///
    /// - Parameter maxTicks: the most ticks that fit (from the axis length in pixels).
    /// - Returns: the tick values (in the unit), their labels, and the axis bounds widened
    ///   to the outer ticks when `extend` is set.
    public func axis(low: Double, high: Double, maxTicks: Int, extend: Bool = true) -> ValueAxis {
        var low = low, high = high
        if !low.isFinite || !high.isFinite { low = 0; high = 1 }
        if low > high { swap(&low, &high) }
        if low == high {
            // A flat series: centre it, as Grafana does, with a span that reads well.
            let pad = low == 0 ? 1 : abs(low) * 0.1
            low -= pad
            high += pad
        }
        let ladder = UnitLadder.of(unit)
        var index = ladder.index(for: max(abs(low), abs(high)))
        var scale = ladder.scales[index]
        var step = NiceStep.step(span: (high - low) / scale.divisor, maxTicks: max(1, maxTicks), candidates: scale.stepCandidates)
        // Time scales: fractions of a minute read better as seconds (30 s, not 0.5 min).
        while step < 1, index > 0, scale.stepCandidates != nil, ladder.scales[index - 1].stepCandidates != nil {
            index -= 1
            scale = ladder.scales[index]
            step = NiceStep.step(span: (high - low) / scale.divisor, maxTicks: max(1, maxTicks), candidates: scale.stepCandidates)
        }
        let scaledLow = low / scale.divisor, scaledHigh = high / scale.divisor
        let first = extend ? floor(scaledLow / step + 1e-9) * step : ceil(scaledLow / step - 1e-9) * step
        let last = extend ? ceil(scaledHigh / step - 1e-9) * step : floor(scaledHigh / step + 1e-9) * step
        let places = decimals ?? NumberText.decimals(forStep: step)
        var ticks: [Double] = []
        var labels: [String] = []
        var position = 0.0
        while first + position * step <= last + step * 1e-9, ticks.count < 200 {
            var value = first + position * step
            if abs(value) < step * 1e-9 { value = 0 }
            ticks.append(value * scale.divisor)
            let text = NumberText.fixed(value, decimals: places)
            // Zero reads in the base scale where the prefix sticks to the number: "0 req/s",
            // not "0k req/s" (but "0 ms" beside "50 ms").
            let suffix = value == 0 && !scale.suffix.hasPrefix(" ") ? ladder.scales[ladder.base].suffix : scale.suffix
            if case .prefix(let prefix) = unit { labels.append(prefix + text) } else { labels.append(text + suffix) }
            position += 1
        }
        let axisLow = extend ? first * scale.divisor : low
        let axisHigh = extend ? last * scale.divisor : high
        return ValueAxis(low: axisLow, high: axisHigh, ticks: ticks, labels: labels)
    }
}

/// Ticks of a value axis and the range they cover.
public struct ValueAxis: Sendable, Hashable {
    /// The bottom and top of the axis, in the unit.
    public var low: Double
    public var high: Double
    /// Tick values from low to high, and their labels.
    public var ticks: [Double]
    public var labels: [String]

    /// Where `value` sits on the axis, 0 at `low` and 1 at `high`.
    public func fraction(_ value: Double) -> Double {
        high == low ? 0.5 : (value - low) / (high - low)
    }
}

/// Nice tick steps: 1, 2, 2.5 and 5 times a power of ten, or a unit's own candidates.
enum NiceStep {
    static let decimal: [Double] = [1, 2, 2.5, 5, 10]

    /// The smallest nice step giving at most `maxTicks` intervals over `span`.
    static func step(span: Double, maxTicks: Int, candidates: [Double]?) -> Double {
        let raw = max(span, 1e-300) / Double(maxTicks)
        if let candidates, let first = candidates.first, raw >= first * 0.5, let pick = candidates.first(where: { $0 >= raw }) {
            return pick
        }
        let magnitude = pow(10, floor(log10(raw)))
        for multiple in decimal where multiple * magnitude >= raw * (1 - 1e-9) {
            return multiple * magnitude
        }
        return 10 * magnitude
    }
}

/// The scales a unit steps through as values grow (`ms` → `s` → `min`).
struct UnitLadder {
    struct Scale {
        var divisor: Double
        var suffix: String
        /// Steps that read well in this scale (minutes in fifteens), or nil for 1-2-5.
        var stepCandidates: [Double]? = nil
    }

    var scales: [Scale]
    /// The scale used for zero and for values below every scale.
    var base: Int

    /// The largest scale not above `value`'s magnitude (the base for zero).
    func scale(for value: Double) -> Scale {
        scales[index(for: value)]
    }

    /// The position of `scale(for:)` in `scales`.
    func index(for value: Double) -> Int {
        let magnitude = abs(value)
        guard magnitude > 0, magnitude.isFinite else { return base }
        var chosen = 0
        for (index, scale) in scales.enumerated() where magnitude >= scale.divisor * (1 - 1e-12) {
            chosen = index
        }
        return chosen
    }

    static let sexagesimal: [Double] = [1, 2, 5, 10, 15, 20, 30, 60]
    static let hours: [Double] = [1, 2, 3, 6, 12, 24]

    static func of(_ unit: ValueUnit) -> UnitLadder {
        switch unit {
        case .none, .suffix, .prefix:
            let suffix: String
            if case .suffix(let text) = unit { suffix = " " + text } else { suffix = "" }
            return UnitLadder(scales: [Scale(divisor: 1, suffix: suffix)], base: 0)
        case .short:
            return thousands(["", "k", "M", "G", "T", "P", "E"], symbol: "")
        case .requestsPerSecond:
            return thousands(["", "k", "M", "G", "T"], symbol: " req/s")
        case .operationsPerSecond:
            return thousands(["", "k", "M", "G", "T"], symbol: " ops/s")
        case .countsPerSecond:
            return thousands(["", "k", "M", "G", "T"], symbol: "/s")
        case .percent:
            return UnitLadder(scales: [Scale(divisor: 1, suffix: "%")], base: 0)
        case .percentUnit:
            return UnitLadder(scales: [Scale(divisor: 0.01, suffix: "%")], base: 0)
        case .seconds:
            return time(unitSeconds: 1)
        case .milliseconds:
            return time(unitSeconds: 1e-3)
        case .microseconds:
            return time(unitSeconds: 1e-6)
        case .nanoseconds:
            return time(unitSeconds: 1e-9)
        case .bytesIEC:
            return binary(["B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"])
        case .bitsIEC:
            return binary(["b", "Kib", "Mib", "Gib", "Tib", "Pib", "Eib"])
        case .bytesSI:
            return decimalPrefixes(symbol: "B", smallest: 0)
        case .bitsSI:
            return decimalPrefixes(symbol: "b", smallest: 0)
        case .bytesPerSecond:
            return decimalPrefixes(symbol: "B/s", smallest: 0)
        case .bitsPerSecond:
            return decimalPrefixes(symbol: "bps", smallest: 0)
        case .si(let symbol):
            return decimalPrefixes(symbol: symbol, smallest: -3)
        }
    }

    private static func thousands(_ prefixes: [String], symbol: String) -> UnitLadder {
        var scales: [Scale] = []
        var divisor = 1.0
        for prefix in prefixes {
            scales.append(Scale(divisor: divisor, suffix: prefix + symbol))
            divisor *= 1000
        }
        return UnitLadder(scales: scales, base: 0)
    }

    private static func binary(_ symbols: [String]) -> UnitLadder {
        var scales: [Scale] = []
        var divisor = 1.0
        for symbol in symbols {
            scales.append(Scale(divisor: divisor, suffix: " " + symbol))
            divisor *= 1024
        }
        return UnitLadder(scales: scales, base: 0)
    }

    private static let siPrefixes = ["n", "µ", "m", "", "k", "M", "G", "T", "P", "E"]

    /// Decimal SI prefixes from 1000^smallest upwards.
    private static func decimalPrefixes(symbol: String, smallest: Int) -> UnitLadder {
        var scales: [Scale] = []
        for (index, prefix) in siPrefixes.enumerated() {
            let exponent = index - 3
            guard exponent >= smallest else { continue }
            scales.append(Scale(divisor: pow(1000, Double(exponent)), suffix: " " + prefix + symbol))
        }
        return UnitLadder(scales: scales, base: -smallest)
    }

    /// Durations measured in a unit of `unitSeconds` seconds. As Grafana, smaller units
    /// than the measured one appear only for seconds (`toSeconds` shows `250 ms`, while
    /// `toMilliSeconds` shows `0.500 ms`).
    private static func time(unitSeconds: Double) -> UnitLadder {
        let all: [(seconds: Double, suffix: String, steps: [Double]?)] = [
            (1e-9, " ns", nil), (1e-6, " µs", nil), (1e-3, " ms", nil),
            (1, " s", sexagesimal), (60, " min", sexagesimal), (3600, " h", hours),
            (86_400, " day", nil), (604_800, " week", nil), (31_536_000, " year", nil),
        ]
        let smallest = unitSeconds >= 1 ? 1e-9 : unitSeconds
        var scales: [Scale] = []
        var base = 0
        for entry in all where entry.seconds >= smallest * (1 - 1e-12) {
            // Weeks only for seconds, as Grafana: ms and smaller go from days to years.
            if unitSeconds < 1 && entry.seconds == 604_800 { continue }
            if abs(entry.seconds - unitSeconds) < unitSeconds * 1e-9 { base = scales.count }
            scales.append(Scale(divisor: entry.seconds / unitSeconds, suffix: entry.suffix, stepCandidates: entry.steps))
        }
        return UnitLadder(scales: scales, base: base)
    }
}
