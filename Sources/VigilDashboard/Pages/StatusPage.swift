import VigilModel

/// Storage figures for the Status page (Prometheus' TSDB status, Vigil's SQLite store).
public struct StorageStatus: Sendable {
    public var series: Int
    public var samples: Int?
    public var sizeBytes: Int64?
    public var oldest: Timestamp?
    public var newest: Timestamp?
    /// Retention as configured, in milliseconds (0 = none).
    public var retention: Int64?
    /// Metrics with the most series, highest first.
    public var topMetrics: [(name: String, series: Int)]
    /// Label names with the most distinct values, highest first.
    public var topLabels: [(name: String, values: Int)]

    public init(
        series: Int, samples: Int? = nil, sizeBytes: Int64? = nil, oldest: Timestamp? = nil, newest: Timestamp? = nil, retention: Int64? = nil,
        topMetrics: [(name: String, series: Int)] = [], topLabels: [(name: String, values: Int)] = []
    ) {
        self.series = series
        self.samples = samples
        self.sizeBytes = sizeBytes
        self.oldest = oldest
        self.newest = newest
        self.retention = retention
        self.topMetrics = topMetrics
        self.topLabels = topLabels
    }
}

/// Build, runtime, flags, storage and the loaded configuration.
public struct StatusPage: Sendable {
    /// Version, revision, build date, Swift version…
    public var build: [(name: String, value: String)]
    /// Start time, uptime, data directory, last reload…
    public var runtime: [(name: String, value: String)]
    /// Command-line flags and environment overrides in effect.
    public var flags: [(name: String, value: String)]
    public var storage: StorageStatus?
    /// The configuration file as loaded (secrets already replaced by `<secret>`).
    public var config: String
    public var configFile: String
    /// Whether the last reload succeeded, and its error if not.
    public var lastReloadError: String?
    /// The remote_write queues, one line each; the section is left out when empty.
    public var remoteWrite: [RemoteWriteQueueStatus]

    public init(
        build: [(name: String, value: String)], runtime: [(name: String, value: String)], flags: [(name: String, value: String)], storage: StorageStatus?,
        config: String, configFile: String, lastReloadError: String? = nil, remoteWrite: [RemoteWriteQueueStatus] = []
    ) {
        self.remoteWrite = remoteWrite
        self.build = build
        self.runtime = runtime
        self.flags = flags
        self.storage = storage
        self.config = config
        self.configFile = configFile
        self.lastReloadError = lastReloadError
    }

    public func render(context: PageContext) -> String {
        var body = HTML("<div class=\"ptitle\"><h1>Status</h1></div>")
        if let error = lastReloadError {
            body += HTML("<div class=\"notice bad\"><h3>The last configuration reload failed; the previous configuration is still running.</h3><div class=\"err-text\">\(error)</div></div>")
        }
        var cards = HTML.empty
        cards += card("Build", build)
        cards += card("Runtime", runtime)
        if let storage { cards += storageCard(storage, context: context) }
        body += HTML("<div class=\"cards\">\(cards)</div>")
        if let storage, !storage.topMetrics.isEmpty || !storage.topLabels.isEmpty {
            var tables = HTML.empty
            if !storage.topMetrics.isEmpty {
                var rows = HTML.empty
                for metric in storage.topMetrics.prefix(10) {
                    rows += HTML("<tr><td><a href=\"\(Routes.explore(query: metric.name))\"><code>\(metric.name)</code></a></td><td class=\"num\">\(metric.series)</td></tr>")
                }
                tables += HTML("<div class=\"card\"><h2>Metrics with most series</h2><table class=\"data\"><thead><tr><th>Metric</th><th class=\"num\">Series</th></tr></thead><tbody>\(rows)</tbody></table></div>")
            }
            if !storage.topLabels.isEmpty {
                var rows = HTML.empty
                for label in storage.topLabels.prefix(10) {
                    rows += HTML("<tr><td><code>\(label.name)</code></td><td class=\"num\">\(label.values)</td></tr>")
                }
                tables += HTML("<div class=\"card\"><h2>Labels with most values</h2><table class=\"data\"><thead><tr><th>Label</th><th class=\"num\">Values</th></tr></thead><tbody>\(rows)</tbody></table></div>")
            }
            body += HTML("<div class=\"cards\">\(tables)</div>")
        }
        if !remoteWrite.isEmpty { body += remoteWriteSection(context: context) }
        if !flags.isEmpty {
            body += HTML("<section class=\"section\"><header><h2>Flags</h2></header><div class=\"body\">\(list(flags))</div></section>")
        }
        body += HTML("<section class=\"section\"><header><h2>Configuration</h2><span class=\"sub\">\(configFile)</span></header><pre class=\"config\">\(config)</pre></section>")
        return PageShell.render(title: "Status", context: context, section: .status, body: body)
    }

    private func card(_ title: String, _ items: [(name: String, value: String)]) -> HTML {
        HTML("<div class=\"card\"><h2>\(title)</h2>\(list(items))</div>")
    }

    private func list(_ items: [(name: String, value: String)]) -> HTML {
        var out = HTML.empty
        for item in items { out += HTML("<dt>\(item.name)</dt><dd>\(item.value)</dd>") }
        return HTML("<dl class=\"kv\">\(out)</dl>")
    }

    private func storageCard(_ storage: StorageStatus, context: PageContext) -> HTML {
        let bytes = ValueFormatter(unit: .bytesIEC)
        var items: [(name: String, value: String)] = [("Series", String(storage.series))]
        if let samples = storage.samples { items.append(("Samples", ValueFormatter(unit: .short).format(Double(samples)))) }
        if let size = storage.sizeBytes { items.append(("Size on disk", bytes.format(Double(size)))) }
        if let oldest = storage.oldest { items.append(("Oldest sample", TimeText.dateTime(oldest, offsetSeconds: context.offsetSeconds))) }
        if let newest = storage.newest { items.append(("Newest sample", TimeText.dateTime(newest, offsetSeconds: context.offsetSeconds))) }
        if let retention = storage.retention { items.append(("Retention", retention == 0 ? "unlimited" : PromDuration.format(retention))) }
        return card("Storage", items)
    }

    /// "Remote write": one row per queue with its backlog, counts and latest error.
    private func remoteWriteSection(context: PageContext) -> HTML {
        let count = ValueFormatter(unit: .short)
        var rows = HTML.empty
        for queue in remoteWrite {
            let sent = queue.highestSent.map { TimeText.dateTime($0, offsetSeconds: context.offsetSeconds) } ?? "never"
            let error = LastErrorCell.render(queue.lastError, at: queue.lastErrorTime, context: context)
            rows += HTML("<tr><td><code>\(queue.name)</code></td><td>\(queue.url)</td><td class=\"num\">\(queue.shards)</td>")
            for figure in [queue.pending, queue.sent, queue.retried, queue.failed, queue.dropped] {
                rows += HTML("<td class=\"num\">\(count.format(Double(figure)))</td>")
            }
            rows += HTML("<td class=\"num\">\(queue.lost)</td><td>\(sent)</td>\(error)</tr>")
        }
        var head = HTML("<tr><th>Name</th><th>URL</th>")
        for title in ["Shards", "Pending", "Sent", "Retried", "Failed", "Dropped", "Log records lost"] {
            head += HTML("<th class=\"num\">\(title)</th>")
        }
        head += HTML("<th>Newest sent</th><th>Last error</th></tr>")
        return HTML("<section class=\"section\"><header><h2>Remote write</h2></header><table class=\"data\"><thead>\(head)</thead><tbody>\(rows)</tbody></table></section>")
    }
}
