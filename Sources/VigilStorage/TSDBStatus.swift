import VigilModel

/// What `/api/v1/status/tsdb` returns (Prometheus' JSON field names), plus totals of the
/// whole store that `vigil tsdb stats` prints.
///
/// Vigil keeps the label index of every series in memory, so the "head" figures and the
/// top-N lists cover all series in the store, where Prometheus covers its head block only.
public struct TSDBStatus: Sendable, Hashable {
    /// Prometheus' `headStats`.
    public struct HeadStats: Sendable, Hashable {
        public var numSeries = 0
        public var numLabelPairs = 0
        /// Chunks held in memory.
        public var chunkCount = 0
        /// Oldest and newest sample times (ms); nil when the store is empty.
        public var minTime: Timestamp?
        public var maxTime: Timestamp?
    }

    /// One `{"name": ..., "value": ...}` entry of a top-N list.
    public struct Entry: Sendable, Hashable {
        public var name: String
        public var value: Int
    }

    public var headStats = HeadStats()
    public var seriesCountByMetricName: [Entry] = []
    /// Distinct values per label name.
    public var labelValueCountByLabelName: [Entry] = []
    /// Per label name: the summed length of its values over all series (Prometheus' measure).
    public var memoryInBytesByLabelName: [Entry] = []
    /// `name=value` pairs by series count.
    public var seriesCountByLabelValuePair: [Entry] = []

    // Totals of the whole store.
    public var series = 0
    /// Samples stored: in vigil.db's chunks plus those only in memory.
    public var samples = 0
    /// Chunks in vigil.db.
    public var chunks = 0
    /// Bytes of vigil.db, head.db and their WAL files.
    public var bytes: Int64 = 0
    public var bytesPerSample: Double? { samples > 0 ? Double(bytes) / Double(samples) : nil }

    public init() {}

    /// The report `vigil tsdb stats` prints.
    public var report: String {
        var lines: [String] = []
        lines.append("Series:            \(Self.grouped(series))")
        lines.append("Samples:           \(Self.grouped(samples))")
        lines.append("Chunks (on disk):  \(Self.grouped(chunks)), in memory: \(Self.grouped(headStats.chunkCount))")
        let perSample = bytesPerSample.map { " (\(Self.fixed($0, 3)) bytes per sample)" } ?? ""
        lines.append("Bytes on disk:     \(Self.grouped(Int(bytes)))\(perSample)")
        if let minTime = headStats.minTime, let maxTime = headStats.maxTime {
            lines.append("Time range:        \(UTCTime.format(minTime)) to \(UTCTime.format(maxTime))")
        }
        lines.append("Label pairs:       \(Self.grouped(headStats.numLabelPairs))")
        func section(_ title: String, _ entries: [Entry]) {
            guard !entries.isEmpty else { return }
            lines.append("")
            lines.append(title)
            let width = entries.map { Self.grouped($0.value).count }.max() ?? 0
            for entry in entries {
                let count = Self.grouped(entry.value)
                lines.append("  " + String(repeating: " ", count: width - count.count) + count + "  " + entry.name)
            }
        }
        section("Top metric names by series:", seriesCountByMetricName)
        section("Top label names by distinct values:", labelValueCountByLabelName)
        section("Top label names by bytes of values:", memoryInBytesByLabelName)
        section("Top label pairs by series:", seriesCountByLabelValuePair)
        return lines.joined(separator: "\n")
    }

    static func grouped(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var out = ""
        for (index, digit) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { out.append(",") }
            out.append(digit)
        }
        return value < 0 ? "-" + out : out
    }

    static func fixed(_ value: Double, _ decimals: Int) -> String {
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        let scaled = Int((value * scale).rounded())
        let whole = scaled / Int(scale)
        let fraction = String(scaled % Int(scale))
        return "\(whole)." + String(repeating: "0", count: decimals - fraction.count) + fraction
    }
}

extension Storage {
    /// The store's statistics with the `limit` largest entries of each top-N list (what
    /// `/api/v1/status/tsdb?limit=` and `vigil tsdb stats` show). Takes the head lock for
    /// a pass over the label index: fine on demand, not for every scrape.
    public func stats(limit: Int = 10) -> TSDBStatus {
        var status = head.withLock { state in TSDBStatus.collect(state, limit: max(0, limit)) }
        status.bytes = StorageFiles.bytes(in: directory)
        return status
    }
}

extension TSDBStatus {
    static func collect(_ state: HeadState, limit: Int) -> TSDBStatus {
        var status = TSDBStatus()
        var minTime = Timestamp.max
        for series in state.liveSeries {
            status.series += 1
            status.samples += series.storedSamples + series.headSampleCount
            status.chunks += series.storedChunks
            status.headStats.chunkCount += series.cut.count + (series.open == nil ? 0 : 1)
            if let first = series.storedMinT ?? series.headMinT { minTime = min(minTime, first) }
        }
        status.headStats.numSeries = status.series
        status.headStats.minTime = minTime == .max ? nil : minTime
        status.headStats.maxTime = state.newestT == .min ? nil : state.newestT

        var byMetric: [Entry] = []
        var valueCounts: [Entry] = []
        var valueBytes: [Entry] = []
        var pairs: [Entry] = []
        for (name, values) in state.postings.index {
            var distinct = 0
            var bytes = 0
            for (value, refs) in values {
                let live = refs.reduce(0) { $0 + (state.live($1) == nil ? 0 : 1) }
                guard live > 0 else { continue }
                distinct += 1
                bytes += value.utf8.count * live
                pairs.append(Entry(name: name + "=" + value, value: live))
                if name == LabelName.metric { byMetric.append(Entry(name: value, value: live)) }
            }
            guard distinct > 0 else { continue }
            valueCounts.append(Entry(name: name, value: distinct))
            valueBytes.append(Entry(name: name, value: bytes))
        }
        status.headStats.numLabelPairs = pairs.count
        status.seriesCountByMetricName = top(byMetric, limit)
        status.labelValueCountByLabelName = top(valueCounts, limit)
        status.memoryInBytesByLabelName = top(valueBytes, limit)
        status.seriesCountByLabelValuePair = top(pairs, limit)
        return status
    }

    private static func top(_ entries: [Entry], _ limit: Int) -> [Entry] {
        Array(entries.sorted { $0.value != $1.value ? $0.value > $1.value : HeadState.byBytes($0.name, $1.name) }.prefix(limit))
    }
}

/// Formats millisecond timestamps as UTC ISO 8601 without Foundation.
enum UTCTime {
    static func format(_ t: Timestamp) -> String {
        let seconds = t >= 0 ? t / 1000 : (t - 999) / 1000
        var days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = seconds - days * 86_400
        // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
        days += 719_468
        let era = (days >= 0 ? days : days - 146_096) / 146_097
        let dayOfEra = days - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        func two(_ value: Int64) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(year)-\(two(month))-\(two(day))T\(two(secondOfDay / 3600)):\(two(secondOfDay / 60 % 60)):\(two(secondOfDay % 60))Z"
    }
}
