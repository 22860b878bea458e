import Logging
import Metrics
import ServiceLifecycle
import VigilConfig
import VigilExposition
import VigilModel

/// A response of the push API, for the server to send as is.
public struct PushResponse: Sendable, Hashable {
    public var status: Int
    /// Plain text; empty on success.
    public var body: String
    public var contentType: String { "text/plain; charset=utf-8" }

    public init(status: Int, body: String = "") {
        self.status = status
        self.body = body
    }
}

/// The Pushgateway-compatible API: groups of pushed metrics, persisted across restarts and
/// ingested on an interval like a target scraped with `honor_labels: true`.
///
/// `PUT` replaces a group, `POST` replaces the families it names, `DELETE` removes the
/// group; every group gets `push_time_seconds` and `push_failure_time_seconds`. A body
/// that does not parse gets 400 and changes nothing; a push inconsistent with what is
/// stored (another type for a family name, a repeated series) gets 400 and only records
/// the failure time, as the Pushgateway does. Beyond the Pushgateway, a group may expire:
/// `push.default_ttl`, or per push the `ttl` query parameter or `X-Vigil-Push-TTL` header
/// (a Prometheus duration; `0` never expires). Expired and deleted groups' series get
/// stale markers at the next ingestion.
public actor PushGroupStore: Service {
    public static let pushTimeMetric = "push_time_seconds"
    public static let pushFailureTimeMetric = "push_failure_time_seconds"
    /// The header that sets a group's TTL.
    public static let ttlHeader = "X-Vigil-Push-TTL"

    private var groups: [String: PushGroup] = [:]
    private let persistence: PushPersistence?
    private let wallClock: any WallClock
    private let clock: any Clock<Duration>
    private let appender: any Appender
    private let logger: Logger
    private var defaultTTL: Duration?
    private var interval: Duration
    /// Series written by the last ingestion, for stale markers.
    private var previous: Set<Labels> = []

    /// - Parameters:
    ///   - file: The persistence file (e.g. `<data>/push-groups.json`); nil keeps groups
    ///     in memory only. An unreadable file is logged and left alone (not overwritten
    ///     until the next push).
    ///   - interval: How often the groups are ingested.
    public init(
        appender: any Appender, file: String?, defaultTTL: Duration? = nil,
        interval: Duration = .seconds(60), wallClock: any WallClock = SystemWallClock(),
        clock: any Clock<Duration> = ContinuousClock(), logger: Logger = Logger(label: "vigil.push")
    ) {
        self.appender = appender
        self.persistence = file.map(PushPersistence.init(path:))
        self.defaultTTL = defaultTTL
        self.interval = interval
        self.wallClock = wallClock
        self.clock = clock
        self.logger = logger
        if let persistence {
            do {
                for group in try persistence.load() { groups[group.id] = group }
            } catch {
                logger.error("cannot read pushed groups", metadata: ["file": "\(persistence.path)", "error": "\(error)"])
            }
        }
    }

    /// Applies a reloaded `push:` config.
    public func configure(defaultTTL: Duration?, interval: Duration) {
        self.defaultTTL = defaultTTL
        self.interval = interval
    }

    // MARK: - HTTP

    /// Handles `PUT`, `POST` or `DELETE` of `path` (`/metrics/job/…`, as received, with an
    /// optional `?ttl=` query). Paths outside `/metrics/job` get 404, other methods 405.
    public func handle(
        method: String, path: String, body: [UInt8], contentType: String?, headers: [(name: String, value: String)] = []
    ) -> PushResponse {
        let response = respond(method: method, path: path, body: body, contentType: contentType, headers: headers)
        let methodLabel = ["PUT", "POST", "DELETE"].contains(method.uppercased()) ? method.uppercased() : "other"
        Counter(label: "vigil_push_requests_total", dimensions: [("method", methodLabel), ("code", String(response.status))]).increment()
        Gauge(label: "vigil_push_groups").record(groups.count)
        return response
    }

    private func respond(
        method: String, path: String, body: [UInt8], contentType: String?, headers: [(name: String, value: String)]
    ) -> PushResponse {
        guard let parsed = PushPath.parse(path) else { return PushResponse(status: 404, body: "404 page not found\n") }
        let key: [String: String]
        let ttlText: String?
        switch parsed {
        case .failure(let error): return PushResponse(status: error.status, body: error.message + "\n")
        case .success(let pushPath):
            key = pushPath.groupingKey
            ttlText = pushPath.queryValue("ttl")
                ?? headers.first { $0.name.lowercased() == Self.ttlHeader.lowercased() }?.value
        }
        let now = wallClock.now()
        expire(now: now)
        switch method.uppercased() {
        case "DELETE":
            if groups.removeValue(forKey: PushGroup.id(key)) != nil { save() }
            return PushResponse(status: 202)
        case "PUT", "POST":
            var ttl: Duration?
            if let ttlText {
                do {
                    ttl = .milliseconds(try PromDuration.parse(ttlText))
                } catch {
                    return PushResponse(status: 400, body: "invalid ttl: \(error)\n")
                }
            }
            switch Self.families(body, contentType: contentType) {
            case .failure(let error): return PushResponse(status: error.status, body: error.message + "\n")
            case .success(let families):
                return push(families, key: key, replace: method.uppercased() == "PUT", ttl: ttl, now: now)
            }
        default:
            return PushResponse(status: 405, body: "method not allowed\n")
        }
    }

    /// The families of a push body in the text format, strictly checked as the
    /// Pushgateway's parser does; pushed samples must not carry timestamps.
    static func families(_ body: [UInt8], contentType: String?) -> Result<[PushedFamily], PushError> {
        if let contentType, contentType.lowercased().hasPrefix("application/vnd.google.protobuf") {
            return .failure(PushError(status: 415, "protocol buffer pushes are not supported; push the text format"))
        }
        let parsed: [MetricFamily]
        do {
            parsed = try MetricFamily.parse(body, format: .prometheusText)
        } catch {
            return .failure(PushError(status: 400, error.description))
        }
        if parsed.contains(where: { $0.samples.contains { $0.timestamp != nil } }) {
            return .failure(PushError(status: 400, "pushed metrics must not have timestamps"))
        }
        return .success(parsed.map { family in
            PushedFamily(
                name: family.name, type: family.type, help: family.help, unit: family.unit,
                samples: family.samples.map { PushedSample(labels: $0.labels, value: $0.value) })
        })
    }

    private func push(_ families: [PushedFamily], key: [String: String], replace: Bool, ttl: Duration?, now: Timestamp) -> PushResponse {
        let id = PushGroup.id(key)
        var group = groups[id] ?? PushGroup(groupingKey: key)
        if replace { group.families = [:] }
        for var family in families where family.name != Self.pushTimeMetric && family.name != Self.pushFailureTimeMetric {
            // As the Pushgateway: grouping labels override the labels in the body.
            family.samples = family.samples.map { sample in
                var builder = LabelsBuilder(sample.labels)
                for (name, value) in key { builder.set(name, value) }
                return PushedSample(labels: builder.labels, value: sample.value)
            }
            group.families[family.name] = family
        }
        if let problem = inconsistency(adding: group) {
            var failed = groups[id] ?? PushGroup(groupingKey: key)
            failed.pushFailureTime = now
            groups[id] = failed
            save()
            return PushResponse(status: 400, body: "pushed metrics are invalid or inconsistent with existing metrics: \(problem)\n")
        }
        group.pushTime = now
        if let ttl { group.ttl = ttl }
        groups[id] = group
        save()
        return PushResponse(status: 200)
    }

    /// Why storing `candidate` would make the exposition inconsistent: one family name with
    /// two types, or a series twice.
    private func inconsistency(adding candidate: PushGroup) -> String? {
        var types: [String: MetricType] = [Self.pushTimeMetric: .gauge, Self.pushFailureTimeMetric: .gauge]
        var series = Set<Labels>()
        var all = groups
        all[candidate.id] = candidate
        for id in all.keys.sorted() {
            for family in all[id]!.families.values.sorted(by: { $0.name < $1.name }) {
                if let known = types[family.name], known != family.type {
                    return "metric family \(family.name) has type \(family.type.rawValue) but should have \(known.rawValue)"
                }
                types[family.name] = family.type
                for sample in family.samples where !series.insert(sample.labels).inserted {
                    return "collected metric \(sample.labels.seriesDescription) was collected before with the same name and label values"
                }
            }
        }
        return nil
    }

    // MARK: - Expiry and ingestion

    /// Drops groups whose TTL passed since their last push.
    private func expire(now: Timestamp) {
        var changed = false
        for (id, group) in groups {
            guard let ttl = group.ttl ?? defaultTTL, ttl > .zero, let last = group.lastActivity else { continue }
            if now - last >= ttl.inMilliseconds {
                groups[id] = nil
                changed = true
                logger.info("pushed group expired", metadata: ["group": "\(group.groupingLabels)"])
            }
        }
        if changed { save() }
    }

    /// Writes every pushed series at `t` (with `push_time_seconds` and
    /// `push_failure_time_seconds`) and stale markers for series no longer pushed.
    public func ingest(at t: Timestamp) async throws(AppendError) {
        expire(now: wallClock.now())
        var batch = AppendBatch()
        var current = Set<Labels>()
        for id in groups.keys.sorted() {
            let group = groups[id]!
            for name in group.families.keys.sorted() {
                for sample in group.families[name]!.samples where current.insert(sample.labels).inserted {
                    batch.append(sample.labels, t: t, v: sample.value)
                }
            }
            for sample in group.timestampSamples where current.insert(sample.labels).inserted {
                batch.append(sample.labels, t: t, v: sample.value)
            }
        }
        for labels in previous where !current.contains(labels) {
            batch.append(labels, t: t, v: StaleMarker.value)
        }
        guard !batch.isEmpty else { return }
        _ = try await appender.append(batch)
        previous = current
    }

    /// Ingests on the interval grid until graceful shutdown or cancellation (a pending
    /// wait is cancelled at once; the groups are already persisted).
    public func run() async throws {
        await cancelWhenGracefulShutdown {
            await self.ingestLoop()
        }
    }

    private func ingestLoop() async {
        while !Task.isCancelled {
            let intervalMs = max(interval.inMilliseconds, 1)
            let now = wallClock.now()
            let wait = intervalMs - ((now % intervalMs) + intervalMs) % intervalMs
            do { try await clock.sleep(for: .milliseconds(wait)) } catch { return }
            do {
                try await ingest(at: now + wait)
            } catch {
                logger.error("ingesting pushed groups failed", metadata: ["error": "\(error)"])
            }
        }
    }

    // MARK: - Inspection

    /// Every group, sorted by grouping key.
    public func snapshot() -> [PushGroup] {
        groups.keys.sorted().map { groups[$0]! }
    }

    /// TYPE/HELP/UNIT of every pushed family, `push_time_seconds` and
    /// `push_failure_time_seconds` included when any group exists.
    public func metadata() -> [String: [MetricMetadata]] {
        var result: [String: Set<MetricMetadata>] = [:]
        for group in groups.values {
            for family in group.families.values { result[family.name, default: []].insert(family.metadata) }
        }
        if !groups.isEmpty {
            result[Self.pushTimeMetric, default: []].insert(
                MetricMetadata(type: .gauge, help: "Last Unix time when changing this group in the Pushgateway succeeded."))
            result[Self.pushFailureTimeMetric, default: []].insert(
                MetricMetadata(type: .gauge, help: "Last Unix time when changing this group in the Pushgateway failed."))
        }
        return result.mapValues { Array($0) }
    }

    private func save() {
        guard let persistence else { return }
        do {
            try persistence.save(snapshot())
        } catch {
            logger.error("cannot write pushed groups", metadata: ["file": "\(persistence.path)", "error": "\(error)"])
        }
    }
}

extension PushGroupStore {
    /// Adopts a loaded configuration's `push:` section (the interval defaults to the
    /// global scrape interval). Never throws; the signature fits a reload subscriber.
    public func apply(_ config: VigilConfiguration) async throws {
        configure(defaultTTL: config.push.defaultTTL, interval: config.push.interval ?? config.global.scrapeInterval)
    }
}
