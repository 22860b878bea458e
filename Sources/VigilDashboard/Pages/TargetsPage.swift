import VigilModel

/// A scrape target's health, as Prometheus reports it.
public enum TargetHealth: String, Sendable, Hashable {
    case up, down, unknown
}

/// One scrape target as the Targets page shows it (filled by the server from the scrape manager).
public struct TargetView: Sendable, Hashable {
    /// The URL scraped (`http://localhost:8000/metrics`).
    public var scrapeURL: String
    public var health: TargetHealth
    /// Labels after relabeling (what its series carry).
    public var labels: Labels
    /// Labels before relabeling (`__address__`, `__meta_*`), shown on demand.
    public var discoveredLabels: Labels
    public var lastScrape: Timestamp?
    /// Seconds the last scrape took.
    public var lastScrapeDuration: Double?
    public var lastError: String?
    public var scrapeInterval: Int64?
    public var scrapeTimeout: Int64?
    /// Samples the last scrape returned.
    public var samplesScraped: Int?

    public init(
        scrapeURL: String, health: TargetHealth, labels: Labels = .empty, discoveredLabels: Labels = .empty, lastScrape: Timestamp? = nil,
        lastScrapeDuration: Double? = nil, lastError: String? = nil, scrapeInterval: Int64? = nil, scrapeTimeout: Int64? = nil,
        samplesScraped: Int? = nil
    ) {
        self.scrapeURL = scrapeURL
        self.health = health
        self.labels = labels
        self.discoveredLabels = discoveredLabels
        self.lastScrape = lastScrape
        self.lastScrapeDuration = lastScrapeDuration
        self.lastError = lastError
        self.scrapeInterval = scrapeInterval
        self.scrapeTimeout = scrapeTimeout
        self.samplesScraped = samplesScraped
    }
}

/// The targets of one scrape pool (a `job_name`).
public struct TargetPoolView: Sendable, Hashable {
    public var job: String
    public var targets: [TargetView]

    public init(job: String, targets: [TargetView]) {
        self.job = job
        self.targets = targets
    }

    var upCount: Int { targets.filter { $0.health == .up }.count }
}

/// Targets per pool: health, labels, last scrape, duration and last error, with hints
/// for the usual causes of a DOWN target (the walkthrough's troubleshooting steps).
/// `?health=unhealthy` shows only targets not up; `?pool=<job>` one pool.
public struct TargetsPage: Sendable {
    public var pools: [TargetPoolView]

    public init(pools: [TargetPoolView]) {
        self.pools = pools
    }

    public func render(context: PageContext) -> String {
        let url = context.url
        let unhealthyOnly = url["health"] == "unhealthy"
        let poolFilter = url["pool"].flatMap { $0.isEmpty ? nil : $0 }
        let all = pools.flatMap(\.targets)
        let down = all.filter { $0.health != .up }
        var body = HTML(
            """
            <div class="ptitle"><h1>Targets</h1><span class="sub">\(all.count - down.count) of \(all.count) up\
            \(down.isEmpty ? "" : ", \(down.count) need attention")</span></div>
            """)
        var filters = HTML.empty
        filters += HTML("<a class=\"btn\(unhealthyOnly ? "" : " on")\" href=\"\(url.removing("health"))\">All</a>")
        filters += HTML("<a class=\"btn\(unhealthyOnly ? " on" : "")\" href=\"\(url.setting("health", "unhealthy"))\">Unhealthy</a>")
        for pool in pools {
            let on = poolFilter == pool.job
            filters += HTML("<a class=\"btn\(on ? " on" : "")\" href=\"\(on ? url.removing("pool") : url.setting("pool", pool.job))\">\(pool.job) <span class=\"muted\">\(pool.upCount)/\(pool.targets.count)</span></a>")
        }
        body += HTML("<div class=\"filters\">\(filters)</div>")
        if pools.isEmpty {
            body += HTML(
                """
                <div class="notice"><h3>No scrape targets</h3>Add a <code>scrape_configs</code> entry to the config file, for example \
                <code>- job_name: ml-service</code> with <code>static_configs: [{targets: ["localhost:8000"]}]</code>, then reload.</div>
                """)
        }
        let hints = Troubleshooting.hints(for: all)
        if !hints.isEmpty {
            var items = HTML.empty
            for hint in hints { items += HTML("<li>\(hint)</li>") }
            body += HTML("<div class=\"notice warn\"><h3>Troubleshooting</h3><ul>\(items)</ul></div>")
        }
        for pool in pools where poolFilter == nil || pool.job == poolFilter {
            let targets = unhealthyOnly ? pool.targets.filter { $0.health != .up } : pool.targets
            if unhealthyOnly && targets.isEmpty { continue }
            body += section(pool, targets: targets, context: context)
        }
        return PageShell.render(title: "Targets", context: context, section: .targets, body: body)
    }

    private func section(_ pool: TargetPoolView, targets: [TargetView], context: PageContext) -> HTML {
        var rows = HTML.empty
        for target in targets {
            var labels = HTML.empty
            for label in target.labels where label.name != LabelName.job {
                labels += HTML("<span class=\"chip\" title=\"\(label.description)\"><b>\(label.name)=</b>\(HTML.truncate(label.value, to: 80))</span>")
            }
            let lastScrape = target.lastScrape.map { HTML("<span title=\"\(TimeText.dateTime($0, offsetSeconds: context.offsetSeconds))\">\(TimeText.age(context.now - $0)) ago</span>") } ?? HTML("never")
            let duration = target.lastScrapeDuration.map { TimeText.elapsed(seconds: $0) } ?? "–"
            var error = HTML.empty
            if let message = target.lastError, !message.isEmpty {
                error = HTML("<div class=\"err-text\">\(HTML.truncate(message, to: 2000))</div>")
            }
            var discovered = HTML.empty
            if !target.discoveredLabels.isEmpty {
                var chips = HTML.empty
                for label in target.discoveredLabels {
                    chips += HTML("<span class=\"chip\"><b>\(label.name)=</b>\(HTML.truncate(label.value, to: 120))</span>")
                }
                discovered = HTML("<details class=\"more\"><summary>Discovered labels</summary><div class=\"chips\">\(chips)</div></details>")
            }
            let link = Troubleshooting.isWebURL(target.scrapeURL)
                ? HTML("<a href=\"\(target.scrapeURL)\" rel=\"noopener noreferrer\">\(HTML.truncate(target.scrapeURL, to: 200))</a>")
                : HTML("\(HTML.truncate(target.scrapeURL, to: 200))")
            let samples = target.samplesScraped.map { HTML("<div class=\"muted\">\($0) samples</div>") } ?? .empty
            rows += HTML(
                """
                <tr><td>\(link)</td><td>\(Self.badge(target.health))</td><td><div class="chips">\(labels)</div>\(discovered)</td>\
                <td class="num">\(lastScrape)</td><td class="num">\(duration)\(samples)</td><td>\(error)</td></tr>
                """)
        }
        let interval = pool.targets.first?.scrapeInterval.map { " · every " + PromDuration.format($0) } ?? ""
        let explore = Routes.explore(query: "up{job=\(LabelValue.quoted(pool.job))}", range: .last(3_600_000))
        return HTML(
            """
            <section class="section" id="pool-\(pool.job)"><header><h2>\(pool.job)</h2>\
            <span class="sub">\(pool.upCount)/\(pool.targets.count) up\(interval)</span>\
            <a class="sub" href="\(explore)">graph up</a></header>\
            <table class="data fixed"><colgroup><col style="width:24%"><col style="width:86px"><col style="width:26%"><col style="width:100px">\
            <col style="width:96px"><col></colgroup><thead><tr><th>Endpoint</th><th>State</th><th>Labels</th><th class="num">Last scrape</th>\
            <th class="num">Duration</th><th>Error</th></tr></thead><tbody>\(rows)</tbody></table></section>
            """)
    }

    static func badge(_ health: TargetHealth) -> HTML {
        switch health {
        case .up: return HTML("<span class=\"badge ok\">up</span>")
        case .down: return HTML("<span class=\"badge bad\">down</span>")
        case .unknown: return HTML("<span class=\"badge off\">unknown</span>")
        }
    }
}

/// Hints for the usual causes of scrape errors, from the walkthrough's troubleshooting.
enum Troubleshooting {
    static func hints(for targets: [TargetView]) -> [String] {
        var hints: [String] = []
        func add(_ hint: String) { if !hints.contains(hint) { hints.append(hint) } }
        for target in targets {
            if target.health == .up {
                if target.samplesScraped == 0 {
                    add("An empty /metrics: are the counters and histograms registered, and does the middleware run on every request?")
                }
                continue
            }
            let error = (target.lastError ?? "").lowercased()
            let url = target.scrapeURL.lowercased()
            if url.contains("host.docker.internal") && (error.contains("resolve") || error.contains("host") || error.contains("dns")) {
                add("host.docker.internal does not resolve on Linux: use localhost, or start the container with --add-host=host.docker.internal:host-gateway.")
            } else if error.contains("refused") {
                add("Connection refused: is the service running and listening on that host and port? Inside a container, localhost is the container itself.")
            } else if error.contains("resolve") || error.contains("no such host") || error.contains("dns") {
                add("The host name does not resolve: check the target's spelling and the network the containers share.")
            } else if error.contains("timeout") || error.contains("timed out") || error.contains("deadline") {
                add("The scrape timed out: the service answers too slowly or is unreachable; check the network, or raise scrape_timeout.")
            } else if error.contains("404") {
                add("HTTP 404: the service has no metrics at that path; check metrics_path (default /metrics).")
            } else if error.contains("401") || error.contains("403") {
                add("The target refused access: configure basic_auth or authorization for the job.")
            } else if error.contains("parse") || error.contains("unexpected") || error.contains("invalid") {
                add("The response is not Prometheus text or OpenMetrics: open the endpoint in a browser and check its format.")
            }
        }
        return hints
    }

    static func isWebURL(_ url: String) -> Bool {
        let lower = url.lowercased()
        return lower.hasPrefix("http://") || lower.hasPrefix("https://")
    }
}
