import VigilModel

/// The step of a panel's range query and the values of `$__interval`, `$__rate_interval`
/// and `$__range`, computed as Grafana's Prometheus data source does
/// (grafana pkg/promlib/models/query.go `calculatePrometheusInterval`).
public struct QueryInterval: Sendable, Hashable {
    /// The query step in milliseconds; `$__interval` is this step.
    public var step: Int64
    /// `$__interval` before the 11,000-points safety floor (what Grafana's frontend shows).
    public var interval: Int64
    /// `$__rate_interval`: max(interval + scrape interval, 4 × scrape interval).
    public var rateInterval: Int64
    /// `$__range`: the range in milliseconds.
    public var range: Int64
    /// The aligned start and end to query (both multiples of the step, as Grafana aligns).
    public var start: Timestamp
    public var end: Timestamp

    /// Prometheus refuses range queries of more than 11,000 points; Grafana keeps under it.
    public static let safeResolution: Int64 = 11_000

    /// Computes the interval for a panel.
    ///
    /// - Parameters:
    ///   - range: the dashboard's resolved time range.
    ///   - maxDataPoints: the most points wanted (Grafana: the panel's width in pixels).
    ///   - minInterval: the panel's `min_interval`, or the scrape interval (Grafana's data
    ///     source "scrape interval", whose default is 15 s).
    ///   - scrapeInterval: the scrape interval for `$__rate_interval`.
    public static func calculate(
        range: ResolvedTimeRange, maxDataPoints: Int, minInterval: Int64, scrapeInterval: Int64, offsetSeconds: Int = 0
    ) -> QueryInterval {
        let span = max(1, range.end - range.start)
        let resolution = Int64(max(1, maxDataPoints))
        // As Grafana's intervalv2 Calculate: below the minimum, the minimum; else rounded.
        let calculated = span / resolution
        let interval = calculated < minInterval ? max(1, minInterval) : roundInterval(calculated)
        let safe = roundInterval(span / safeResolution)
        let step = max(interval, safe)
        let scrape = scrapeInterval > 0 ? scrapeInterval : 15_000
        let rate = max(interval + scrape, 4 * scrape)
        // As Grafana's AlignTimeRange: start and end rounded down to a multiple of step.
        let shift = Int64(offsetSeconds) * 1000
        let start = floorDiv(range.start + shift, step) * step - shift
        let end = floorDiv(range.end + shift, step) * step - shift
        return QueryInterval(step: step, interval: interval, rateInterval: rate, range: span, start: start, end: max(start, end))
    }

    /// Grafana's `roundInterval` (grafana-plugin-sdk-go gtime): the nice interval nearest
    /// below-or-at the midpoint between two nice values.
    public static func roundInterval(_ ms: Int64) -> Int64 {
        for (limit, rounded) in roundingTable where ms <= limit {
            return rounded
        }
        return ms < 3_628_800_000 ? 2_592_000_000 : 31_536_000_000
    }

    private static let roundingTable: [(limit: Int64, rounded: Int64)] = [
        (10, 1), (15, 10), (35, 20), (75, 50), (150, 100), (350, 200), (750, 500),
        (1500, 1000), (3500, 2000), (7500, 5000), (12_500, 10_000), (17_500, 15_000),
        (25_000, 20_000), (45_000, 30_000), (90_000, 60_000), (210_000, 120_000),
        (450_000, 300_000), (750_000, 600_000), (1_050_000, 900_000), (1_500_000, 1_200_000),
        (2_700_000, 1_800_000), (5_400_000, 3_600_000), (9_000_000, 7_200_000),
        (16_200_000, 10_800_000), (32_400_000, 21_600_000), (86_400_000, 43_200_000),
        (172_800_000, 86_400_000), (604_800_000, 86_400_000), (1_814_400_000, 604_800_000),
    ]

    /// Grafana's `FormatInterval`: the largest whole unit, `30s`, `5m`, `2h`, `1d`, `1y`.
    public static func format(_ ms: Int64) -> String {
        let units: [(Int64, String)] = [(31_536_000_000, "y"), (86_400_000, "d"), (3_600_000, "h"), (60_000, "m"), (1000, "s"), (1, "ms")]
        for (size, suffix) in units where ms >= size {
            return "\(ms / size)\(suffix)"
        }
        return "1ms"
    }

    /// Go's `time.Duration.String` for whole milliseconds (`1m0s`, `1m15s`, `2h0m0s`,
    /// `500ms`): how Grafana writes `$__rate_interval` into queries.
    public static func goDuration(_ ms: Int64) -> String {
        if ms == 0 { return "0s" }
        if ms < 1000 { return "\(ms)ms" }
        let hours = ms / 3_600_000, minutes = ms / 60_000 % 60, millis = ms % 60_000
        var seconds = String(millis / 1000)
        if millis % 1000 != 0 {
            var fraction = TimeText.pad3(Int(millis % 1000))
            while fraction.hasSuffix("0") { fraction.removeLast() }
            seconds += "." + fraction
        }
        if hours > 0 { return "\(hours)h\(minutes)m\(seconds)s" }
        if minutes > 0 { return "\(minutes)m\(seconds)s" }
        return seconds + "s"
    }
}
