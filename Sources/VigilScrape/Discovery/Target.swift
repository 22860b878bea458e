import VigilModel

/// One endpoint to scrape: its labels after target relabeling and what it was built from.
/// A value; the loop that scrapes it owns its health.
public struct Target: Sendable, Hashable {
    /// The `job_name` of the scrape config that produced it.
    public let scrapePool: String
    /// Labels after relabeling, still holding the internal `__address__`, `__scheme__`,
    /// `__metrics_path__`, `__param_*`, `__scrape_interval__`, `__scrape_timeout__`.
    public let labels: Labels
    /// Labels before relabeling (discovered target and group labels plus the config's
    /// defaults), as `/api/v1/targets` shows them.
    public let discoveredLabels: Labels
    /// The URL scraped: scheme, address, metrics path and the query built from the
    /// config's `params` overridden by `__param_*` labels (Prometheus' `Target.URL`).
    public let url: String
    public let interval: Duration
    public let timeout: Duration
    /// Stable identity (FNV-1a of the labels and URL, as Prometheus' `Target.hash`):
    /// equal targets from different groups share one loop.
    public let identity: UInt64

    init(scrapePool: String, labels: Labels, discoveredLabels: Labels, params: [String: [String]], interval: Duration, timeout: Duration) {
        self.scrapePool = scrapePool
        self.labels = labels
        self.discoveredLabels = discoveredLabels
        self.url = Self.url(labels: labels, params: params)
        self.interval = interval
        self.timeout = timeout
        var hash = FNV1a64()
        for label in labels {
            hash.combine(label.name)
            hash.combine([0xff])
            hash.combine(label.value)
            hash.combine([0xff])
        }
        hash.combine(url)
        identity = hash.value
    }

    /// The labels every sample of the target gets: those not starting with `__`.
    public var publicLabels: Labels {
        Labels(sortedUnique: labels.pairs.filter { !$0.name.hasPrefix(LabelName.reservedPrefix) })
    }

    /// The value of a label, empty when absent.
    public subscript(label name: String) -> String { labels[name] ?? "" }

    /// The first offset of the scrape schedule, in milliseconds after `now`, as Prometheus'
    /// `Target.offset`: scrapes of a target fall at `(hash ^ seed) mod interval` within each
    /// interval slot of wall-clock time, spreading targets evenly and keeping each one
    /// at the same phase across restarts.
    public func offset(now: Timestamp, seed: UInt64) -> Int64 {
        let interval = max(interval.inMilliseconds, 1)
        let base = interval - ((now % interval) + interval) % interval
        let phase = Int64((identity ^ seed) % UInt64(interval))
        var next = base + phase
        if next > interval { next -= interval }
        return next
    }

    // MARK: - URL

    static func url(labels: Labels, params: [String: [String]]) -> String {
        var query = params
        for label in labels where label.name.hasPrefix(LabelName.paramPrefix) {
            let key = String(label.name.dropFirst(LabelName.paramPrefix.count))
            if var values = query[key], !values.isEmpty {
                values[0] = label.value
                query[key] = values
            } else {
                query[key] = [label.value]
            }
        }
        var path = labels[LabelName.metricsPath] ?? ""
        if !path.isEmpty && !path.hasPrefix("/") { path = "/" + path }
        var url = (labels[LabelName.scheme] ?? "http") + "://" + (labels[LabelName.address] ?? "") + escapePath(path)
        // As Go's url.Values.Encode: keys sorted, every value of a key in order.
        let encoded = query.keys.sorted().flatMap { key in
            (query[key] ?? []).map { queryEscape(key) + "=" + queryEscape($0) }
        }
        if !encoded.isEmpty { url += "?" + encoded.joined(separator: "&") }
        return url
    }

    private static func isUnreserved(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "~"):
            return true
        default:
            return false
        }
    }

    private static let hexDigits = Array("0123456789ABCDEF".utf8)

    private static func percent(_ byte: UInt8, into out: inout [UInt8]) {
        out += [UInt8(ascii: "%"), hexDigits[Int(byte >> 4)], hexDigits[Int(byte & 15)]]
    }

    /// Go's `url.QueryEscape`: space becomes `+`.
    static func queryEscape(_ text: String) -> String {
        var out: [UInt8] = []
        for byte in text.utf8 {
            if isUnreserved(byte) { out.append(byte) }
            else if byte == UInt8(ascii: " ") { out.append(UInt8(ascii: "+")) }
            else { percent(byte, into: &out) }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Go's path escaping: keeps `/` and the sub-delimiters a path may hold.
    static func escapePath(_ path: String) -> String {
        let allowed = Set("/:@!$&'()*+,;=".utf8)
        var out: [UInt8] = []
        for byte in path.utf8 {
            if isUnreserved(byte) || allowed.contains(byte) { out.append(byte) } else { percent(byte, into: &out) }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
