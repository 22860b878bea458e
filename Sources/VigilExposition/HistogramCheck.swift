/// The bucket rules of OpenMetrics histograms and gauge histograms, checked one group at
/// a time (a group: the samples of one label set and timestamp, `le` aside): buckets in
/// increasing `le` order with non-decreasing counts, a `+Inf` bucket equal to `_count`,
/// `_sum` and `_count` present together (`_gsum`/`_gcount` for gauge histograms), no
/// `_sum` with negative buckets, no negative `_gsum` without them.
struct HistogramCheck {
    private var started = false
    private var group = ""
    private var timestamp: Timestamp?
    private var count: Double?
    private var bound: Double?
    private var lastBucketValue: Double = 0
    private var hasNegativeBuckets = false
    private var hasSum = false
    private var hasGaugeSum = false
    private var hasNegativeGaugeSum = false

    /// Adds a sample with `suffix` (`_bucket`, `_count`, …); returns the problem, if any.
    mutating func add(suffix: String, group: String, timestamp: Timestamp?, le: String?, value: Double) -> String? {
        if !started || group != self.group || timestamp != self.timestamp {
            if started, let problem = finish() { return problem }
            self = HistogramCheck()
            started = true
        }
        self.group = group
        self.timestamp = timestamp
        switch suffix {
        case "_bucket":
            guard let le, case .success(let bound) = FloatText.parse(le) else { return "invalid le label" }
            if bound < 0 { hasNegativeBuckets = true }
            if let previous = self.bound, bound <= previous { return "buckets out of order" }
            if value < lastBucketValue { return "bucket values out of order" }
            self.bound = bound
            lastBucketValue = value
        case "_count", "_gcount":
            count = value
        case "_sum":
            hasSum = true
        case "_gsum":
            hasGaugeSum = true
            if value < 0 { hasNegativeGaugeSum = true }
        default:
            break
        }
        return nil
    }

    /// The problem of the group under way, if any.
    func finish() -> String? {
        guard started else { return nil }
        if bound != .infinity { return "+Inf bucket missing" }
        if let count, count != lastBucketValue { return "count does not match +Inf value" }
        if hasSum && count == nil { return "_count must be present if _sum is present" }
        if hasGaugeSum && count == nil { return "_gcount must be present if _gsum is present" }
        if !(hasSum || hasGaugeSum) && count != nil { return "_sum/_gsum must be present if _count is present" }
        if hasNegativeBuckets && hasSum { return "cannot have _sum with negative buckets" }
        if !hasNegativeBuckets && hasNegativeGaugeSum { return "cannot have negative _gsum with non-negative buckets" }
        return nil
    }
}

import VigilModel
