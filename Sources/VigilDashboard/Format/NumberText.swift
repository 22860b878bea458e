#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Number to text without Foundation, the way Grafana prints values.
public enum NumberText {
    /// `value` with exactly `decimals` fraction digits, rounding half up as JavaScript's
    /// `Math.round` does (Grafana's `toFixed`). Zero never carries a sign; infinities print
    /// as `+Inf`/`-Inf` and NaN as `NaN`, as Prometheus prints them.
    public static func fixed(_ value: Double, decimals: Int) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value > 0 ? "+Inf" : "-Inf" }
        let decimals = max(0, min(decimals, 15))
        let factor = power10(decimals)
        let scaled = value * factor
        guard abs(scaled) < 9e15 else {
            // Beyond exact integers: whole numbers (fraction digits are noise here).
            if abs(value) < 9e18 { return String(Int64(value.rounded())) }
            return value.description
        }
        // JavaScript's Math.round: half rounds toward +∞.
        let rounded = Int64((scaled + 0.5).rounded(.down))
        if rounded == 0 { return decimals == 0 ? "0" : "0." + String(repeating: "0", count: decimals) }
        let negative = rounded < 0
        let magnitude = rounded.magnitude
        let divisor = UInt64(factor)
        var out = negative ? "-" : ""
        out += String(magnitude / divisor)
        if decimals > 0 {
            let fraction = String(magnitude % divisor)
            out += "."
            out += String(repeating: "0", count: decimals - fraction.count)
            out += fraction
        }
        return out
    }

    /// Grafana's automatic precision: three significant digits, none for whole numbers.
    public static func autoDecimals(_ value: Double) -> Int {
        guard value.isFinite, value != 0 else { return 0 }
        if value.truncatingRemainder(dividingBy: 1) == 0 { return 0 }
        let magnitude = Int(floor(log10(abs(value))))
        return max(0, 2 - magnitude)
    }

    /// `fixed` with `decimals`, or Grafana's automatic precision when nil.
    public static func format(_ value: Double, decimals: Int?) -> String {
        fixed(value, decimals: decimals ?? autoDecimals(value))
    }

    /// The shortest text that reads back as `value` (Prometheus' API format for samples).
    public static func exact(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value > 0 ? "+Inf" : "-Inf" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return value.description
    }

    /// Decimals that print every multiple of `step` distinctly (tick labels).
    public static func decimals(forStep step: Double) -> Int {
        guard step.isFinite, step > 0 else { return 0 }
        var decimals = 0
        var scaled = step
        // Stop as soon as the step is whole at this precision (tolerating float noise).
        while decimals < 12 && abs(scaled - scaled.rounded()) > 1e-9 * max(1, abs(scaled)) {
            decimals += 1
            scaled *= 10
        }
        return decimals
    }

    static func power10(_ exponent: Int) -> Double {
        var result = 1.0
        for _ in 0..<exponent { result *= 10 }
        return result
    }
}
