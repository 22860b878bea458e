/// Quantiles of plain values (`quantile`, `quantile_over_time`, `mad_over_time`), as
/// Prometheus' `quantile` in promql/quantile.go.
enum Quantile {
    /// The φ-quantile of `values` by linear interpolation between closest ranks. NaN values
    /// sort first. `values` is sorted in place.
    static func of(_ q: Double, _ values: inout [Double]) -> Double {
        if values.isEmpty || q.isNaN { return .nan }
        if q < 0 { return -.infinity }
        if q > 1 { return .infinity }
        values.sort(by: valueOrder)
        let n = Double(values.count)
        let rank = q * (n - 1)
        let lower = max(0, rank.rounded(.down))
        let upper = min(n - 1, lower + 1)
        let weight = rank - rank.rounded(.down)
        return values[Int(lower)] * (1 - weight) + values[Int(upper)] * weight
    }

    /// Ascending with NaN first, as `vectorByValueHeap.Less`.
    @inline(__always) static func valueOrder(_ a: Double, _ b: Double) -> Bool {
        a.isNaN ? !b.isNaN : a < b
    }
}
