/// Quantiles and fractions of classic histograms (cumulative `le` buckets), as
/// promql/quantile.go computes them.
enum ClassicHistogram {
    struct Bucket {
        var upperBound: Double
        var count: Double
    }

    /// What `quantile` found besides the value.
    struct Quality {
        /// Bucket counts decreased and were raised to restore monotonicity.
        var forcedMonotonicity = false
        var minBucket = Double.infinity
        var maxBucket = -Double.infinity
        var maxDiff = 0.0
    }

    /// Differences this small between neighbouring buckets are float noise, not decreases.
    static let smallDeltaTolerance = 1e-12

    /// The φ-quantile, interpolated linearly inside the bucket holding the rank. NaN without
    /// a `+Inf` bucket, with fewer than two buckets, or without observations.
    static func quantile(_ q: Double, _ buckets: inout [Bucket]) -> (Double, Quality) {
        var quality = Quality()
        if q.isNaN { return (.nan, quality) }
        if q < 0 { return (-.infinity, quality) }
        if q > 1 { return (.infinity, quality) }
        buckets.sort { $0.upperBound < $1.upperBound }
        guard buckets.last?.upperBound == .infinity else { return (.nan, quality) }
        coalesce(&buckets)
        ensureMonotonic(&buckets, &quality)
        guard buckets.count >= 2 else { return (.nan, quality) }
        let observations = buckets[buckets.count - 1].count
        guard observations != 0 else { return (.nan, quality) }
        var rank = q * observations
        // The first bucket (of all but the last) whose cumulative count reaches the rank,
        // by binary search as Go's sort.Search (NaN counts make it differ from a scan).
        var b = 0
        var high = buckets.count - 1
        while b < high {
            let mid = (b + high) / 2
            if !(buckets[mid].count >= rank) { b = mid + 1 } else { high = mid }
        }
        if b == buckets.count - 1 { return (buckets[buckets.count - 2].upperBound, quality) }
        if b == 0 && buckets[0].upperBound <= 0 { return (buckets[0].upperBound, quality) }
        var bucketStart = 0.0
        let bucketEnd = buckets[b].upperBound
        var count = buckets[b].count
        if b > 0 {
            bucketStart = buckets[b - 1].upperBound
            count -= buckets[b - 1].count
            rank -= buckets[b - 1].count
        }
        return (bucketStart + (bucketEnd - bucketStart) * (rank / count), quality)
    }

    /// The estimated fraction of observations in `[lower, upper]`, interpolating linearly
    /// inside buckets (BucketFraction).
    static func fraction(_ lower: Double, _ upper: Double, _ buckets: inout [Bucket]) -> Double {
        buckets.sort { $0.upperBound < $1.upperBound }
        guard buckets.last?.upperBound == .infinity else { return .nan }
        coalesce(&buckets)
        let count = buckets[buckets.count - 1].count
        if count == 0 || lower.isNaN || upper.isNaN { return .nan }
        if lower >= upper { return 0 }
        var rank = 0.0
        var lowerRank = 0.0
        var upperRank = 0.0
        var lowerSet = false
        var upperSet = false
        // Positive buckets only unless the first bound is at or below zero.
        var lowerBound = buckets[0].upperBound <= 0 ? -Double.infinity : 0
        for (i, bucket) in buckets.enumerated() {
            if i > 0 { lowerBound = buckets[i - 1].upperBound }
            let upperBound = bucket.upperBound
            func interpolate(_ v: Double) -> Double {
                // No interpolation inside a bucket reaching -Inf.
                if lowerBound == -.infinity { return bucket.count }
                return rank + (bucket.count - rank) * (v - lowerBound) / (upperBound - lowerBound)
            }
            if !lowerSet && lowerBound >= lower {
                lowerRank = rank
                lowerSet = true
            }
            if !upperSet && lowerBound >= upper {
                upperRank = rank
                upperSet = true
            }
            if lowerSet && upperSet { break }
            if !lowerSet && lowerBound < lower && upperBound > lower {
                lowerRank = interpolate(lower)
                lowerSet = true
            }
            if !upperSet && lowerBound < upper && upperBound > upper {
                upperRank = interpolate(upper)
                upperSet = true
            }
            if lowerSet && upperSet { break }
            rank = bucket.count
        }
        if !lowerSet || lowerRank > count { lowerRank = count }
        if !upperSet || upperRank > count { upperRank = count }
        return (upperRank - lowerRank) / count
    }

    /// Merges buckets with the same upper bound by adding their counts.
    private static func coalesce(_ buckets: inout [Bucket]) {
        var last = buckets[0]
        var kept = 0
        for bucket in buckets.dropFirst() {
            if bucket.upperBound == last.upperBound {
                last.count += bucket.count
            } else {
                buckets[kept] = last
                last = bucket
                kept += 1
            }
        }
        buckets[kept] = last
        buckets.removeSubrange((kept + 1)...)
    }

    /// Raises decreasing counts to their predecessor and ignores tiny float differences
    /// (ensureMonotonicAndIgnoreSmallDeltas).
    private static func ensureMonotonic(_ buckets: inout [Bucket], _ quality: inout Quality) {
        var previous = buckets[0].count
        for i in 1..<max(buckets.count, 1) {
            let current = buckets[i].count
            if current == previous { continue }
            if almostEqual(previous, current, tolerance: smallDeltaTolerance) {
                buckets[i].count = previous
                continue
            }
            if current < previous {
                buckets[i].count = previous
                quality.forcedMonotonicity = true
                quality.minBucket = min(quality.minBucket, buckets[i].upperBound)
                quality.maxBucket = max(quality.maxBucket, buckets[i].upperBound)
                quality.maxDiff = max(quality.maxDiff, previous - current)
                continue
            }
            previous = current
        }
    }

    /// util/almost.Equal: relative difference below `tolerance`; NaNs equal each other.
    static func almostEqual(_ a: Double, _ b: Double, tolerance: Double) -> Bool {
        if a.isNaN && b.isNaN { return true }
        if a == b { return true }
        let minNormal = Double.leastNormalMagnitude
        let absSum = abs(a) + abs(b)
        let diff = abs(a - b)
        if a == 0 || b == 0 || absSum < minNormal { return diff < tolerance * minNormal }
        return diff / min(absSum, Double.greatestFiniteMagnitude) < tolerance
    }
}
