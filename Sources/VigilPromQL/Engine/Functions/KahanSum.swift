/// Compensated summation as Prometheus does it (util/kahansum, Neumaier's variant): the
/// running sum and the compensation travel separately and are added at the end.
enum KahanSum {
    /// Adds `increment` to `sum` with compensation `c`; an infinite sum resets `c`.
    @inline(__always)
    static func add(_ increment: Double, to sum: Double, compensation c: Double) -> (sum: Double, c: Double) {
        let t = sum + increment
        if t.isInfinite { return (t, 0) }
        if abs(sum) >= abs(increment) { return (t, c + ((sum - t) + increment)) }
        return (t, c + ((increment - t) + sum))
    }
}
