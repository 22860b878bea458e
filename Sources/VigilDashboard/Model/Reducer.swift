/// A calculation that reduces a series to one value (Grafana's "calcs"), for stat and
/// gauge values and legend columns. NaN and infinite samples are skipped, as Grafana
/// skips nulls.
public enum Reducer: String, Sendable, Hashable, CaseIterable {
    /// The last non-NaN value (Grafana's `lastNotNull`).
    case last
    case first
    case min
    case max
    case mean
    case sum
    case count
    /// max − min.
    case range
    /// last − first.
    case diff

    /// The reducer named `name`; Grafana's names are accepted too (`lastNotNull`, `avg`).
    public init?(name: String) {
        switch name {
        case "last", "lastNotNull", "last_not_null", "current": self = .last
        case "first", "firstNotNull", "first_not_null": self = .first
        case "min": self = .min
        case "max": self = .max
        case "mean", "avg", "average": self = .mean
        case "sum", "total": self = .sum
        case "count": self = .count
        case "range": self = .range
        case "diff", "delta": self = .diff
        default: return nil
        }
    }

    /// The column heading in legends and tables.
    public var title: String {
        switch self {
        case .last: return "Last"
        case .first: return "First"
        case .min: return "Min"
        case .max: return "Max"
        case .mean: return "Mean"
        case .sum: return "Total"
        case .count: return "Count"
        case .range: return "Range"
        case .diff: return "Diff"
        }
    }

    /// Reduces `values`; NaN when there is no finite value (and 0 for `count`).
    public func reduce(_ values: [Double]) -> Double {
        var stats = SeriesStats()
        for value in values { stats.add(value) }
        return stats.value(of: self)
    }
}

/// Running statistics over a series' values, collected in one pass for every reducer.
public struct SeriesStats: Sendable, Hashable {
    public private(set) var first = Double.nan
    public private(set) var last = Double.nan
    public private(set) var min = Double.infinity
    public private(set) var max = -Double.infinity
    public private(set) var sum = 0.0
    public private(set) var count = 0

    public init() {}

    /// Adds one value; NaN (a gap) and infinities are skipped.
    public mutating func add(_ value: Double) {
        guard value.isFinite else { return }
        if count == 0 { first = value }
        last = value
        if value < min { min = value }
        if value > max { max = value }
        sum += value
        count += 1
    }

    /// The value of one reducer.
    public func value(of reducer: Reducer) -> Double {
        if count == 0 { return reducer == .count ? 0 : .nan }
        switch reducer {
        case .last: return last
        case .first: return first
        case .min: return min
        case .max: return max
        case .mean: return sum / Double(count)
        case .sum: return sum
        case .count: return Double(count)
        case .range: return max - min
        case .diff: return last - first
        }
    }
}
