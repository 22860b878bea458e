import Logging
import NIOCore
import VigilConfig
import VigilModel
import VigilScrape
import VigilStorage

/// Sends one compressed request somewhere; the HTTP client in production, a fake in tests.
protocol RemoteWriteSender: Sendable {
    func send(_ compressed: [UInt8]) async -> SendOutcome
}

extension RemoteWriteClient: RemoteWriteSender {}

/// The sender of one `remote_write` entry. It reads Vigil's own append log from its saved
/// cursor, so nothing appended is lost while Vigil restarts or the receiver is down (within
/// `StorageOptions.logHoldBytesLimit`), and it advances the cursor only after every sample
/// up to it was sent or dropped for good.
///
/// Each round gathers samples: reading whole log records until `capacity × shards`
/// samples wait, or the log has no more and either a full request (`max_samples_per_send`)
/// waits or the oldest waiting sample is `batch_send_deadline` old. The round's samples get
/// the external labels (where a series lacks them) and `write_relabel_configs`, as
/// Prometheus applies them; dropped samples are counted. The round is split by series
/// into shards (between `min_shards` and `max_shards`: as many as full requests wait) that
/// send concurrently, each its requests in order, so a series' samples arrive in order.
/// A failed request is retried with backoff on 5xx, 429 (with `retry_on_http_429`) and
/// connection errors, until it succeeds or the queue stops; other 4xx drop its samples.
///
/// Delivery is at least once: a stop in mid-round sends the round again after restart;
/// receivers accept a resent identical sample (Prometheus does).
struct RemoteWriteQueue: Sendable {
    /// The cursor name in the store (the entry's `name`, else its URL).
    let id: String
    let config: RemoteWriteConfig
    let externalLabels: Labels
    let storage: Storage
    let sender: any RemoteWriteSender
    let stats: RemoteWriteStats
    let logger: Logger
    var clock: any Clock<Duration> = ContinuousClock()
    /// How often an idle queue looks for new log records.
    var pollInterval: Duration = .milliseconds(200)

    /// Runs until cancelled.
    func run() async {
        let queue = config.queue
        stats.update {
            $0.minShards = queue.minShards
            $0.maxShards = queue.maxShards
            $0.capacity = queue.capacity
            $0.maxSamplesPerSend = queue.maxSamplesPerSend
            $0.shards = queue.minShards
        }
        guard let start = await startPosition(), let tail = await openTail() else { return }
        var cursor = start
        var cache = LabelCache()
        var shards = queue.minShards
        stats.update { $0.cursor = cursor }
        while !Task.isCancelled {
            let target = max(queue.capacity * shards, queue.maxSamplesPerSend)
            guard let round = await gather(after: cursor, target: target, tail: tail, cache: &cache) else { return }
            shards = RemoteWriteBatching.shardCount(
                pending: round.samples.count, maxSamplesPerSend: queue.maxSamplesPerSend,
                minShards: queue.minShards, maxShards: queue.maxShards)
            guard await send(round.samples, shards: shards) else { return }
            cursor = round.lastSeq
            stats.update { $0.cursor = cursor }
            do {
                try await storage.saveLogCursor(id, cursor)
            } catch {
                logger.error("could not save the remote-write position", metadata: ["err": "\(error)"])
            }
        }
    }

    // MARK: - Position

    /// The saved cursor, or — for a new entry — the end of the log, saved at once so the
    /// log is held from here on (as Prometheus, a new queue sends what comes from now).
    private func startPosition() async -> Int64? {
        while !Task.isCancelled {
            do {
                if let saved = try await storage.logCursor(id) { return saved }
                let end = try await storage.logEnd()
                try await storage.saveLogCursor(id, end)
                return end
            } catch {
                logger.error("could not read the remote-write position; retrying", metadata: ["err": "\(error)"])
                guard await pause(.seconds(5)) else { return nil }
            }
        }
        return nil
    }

    private func openTail() async -> LogTail? {
        while !Task.isCancelled {
            do {
                return try storage.logTail()
            } catch {
                logger.error("could not open the append log; retrying", metadata: ["err": "\(error)"])
                guard await pause(.seconds(5)) else { return nil }
            }
        }
        return nil
    }

    // MARK: - Gathering

    struct Round {
        var samples: [OutgoingSample] = []
        var lastSeq: Int64
    }

    /// The next round of samples after `cursor`; nil when cancelled.
    func gather(after cursor: Int64, target: Int, tail: LogTail, cache: inout LabelCache) async -> Round? {
        var round = Round(lastSeq: cursor)
        var firstRead: ContinuousClock.Instant?
        let deadline = config.queue.batchSendDeadline
        while !Task.isCancelled {
            let chunk: LogChunk
            do {
                chunk = try await tail.read(after: round.lastSeq, maxSamples: target - round.samples.count)
            } catch {
                logger.error("could not read the append log; retrying", metadata: ["err": "\(error)"])
                guard await pause(.seconds(1)) else { return nil }
                continue
            }
            if chunk.lastSeq > round.lastSeq {
                if firstRead == nil { firstRead = .now }
                round.lastSeq = chunk.lastSeq
                let kept = prepare(chunk.samples, cache: &cache)
                round.samples += kept
                stats.update {
                    $0.samplesIn += chunk.samples.count
                    $0.samplesDropped += chunk.samples.count - kept.count
                    $0.samplesPending += kept.count
                    $0.logRecordsLost += Int(chunk.lostRecords)
                }
                if chunk.lostRecords > 0 {
                    logger.warning("append-log records were deleted before they were sent", metadata: ["records": "\(chunk.lostRecords)"])
                }
                if round.samples.count >= target { return round }
                continue
            }
            // The log has nothing more for now.
            guard let firstRead else {
                guard await pause(pollInterval) else { return nil }
                continue
            }
            let waited = ContinuousClock.now - firstRead
            if round.samples.count >= config.queue.maxSamplesPerSend || waited >= deadline || round.samples.isEmpty { return round }
            guard await pause(min(pollInterval, deadline - waited)) else { return nil }
        }
        return nil
    }

    /// The samples to send, with their final labels; those of unknown series or dropped by
    /// relabeling are left out.
    func prepare(_ samples: [LoggedSample], cache: inout LabelCache) -> [OutgoingSample] {
        cache.resolve(samples.map(\.ref), storage: storage) { labels in
            Self.outgoingLabels(labels, externalLabels: externalLabels, relabel: config.writeRelabelConfigs)
        }
        var out: [OutgoingSample] = []
        out.reserveCapacity(samples.count)
        for sample in samples {
            guard let labels = cache.labels[sample.ref] ?? nil else { continue }
            out.append(OutgoingSample(labels: labels, ref: sample.ref, t: sample.t, v: sample.v))
        }
        return out
    }

    /// External labels added where the series lacks them, then write relabeling (Prometheus'
    /// order); nil when relabeling drops the series.
    static func outgoingLabels(_ labels: Labels, externalLabels: Labels, relabel: [RelabelConfig]) -> Labels? {
        var result = labels
        if !externalLabels.isEmpty {
            var builder = LabelsBuilder(labels)
            for label in externalLabels where labels[label.name] == nil { builder.set(label.name, label.value) }
            result = builder.labels
        }
        guard !relabel.isEmpty else { return result }
        guard let relabeled = Relabeler.process(result, relabel), !relabeled.isEmpty else { return nil }
        return relabeled
    }

    // MARK: - Sending

    /// Sends a round; false when cancelled before every sample was sent or dropped.
    func send(_ samples: [OutgoingSample], shards: Int) async -> Bool {
        stats.update { $0.shards = shards }
        guard !samples.isEmpty else { return !Task.isCancelled }
        let sharded = RemoteWriteBatching.shard(samples, into: shards)
        return await withTaskGroup(of: Bool.self) { group in
            for shard in sharded { group.addTask { await self.sendShard(shard) } }
            var complete = true
            for await done in group { complete = complete && done }
            return complete
        }
    }

    private func sendShard(_ samples: [OutgoingSample]) async -> Bool {
        var backoff = Backoff(min: config.queue.minBackoff, max: config.queue.maxBackoff)
        for batch in RemoteWriteBatching.batches(samples, maxSamples: config.queue.maxSamplesPerSend) {
            let body = Snappy.compress(RemoteWriteBatching.request(batch).encoded())
            let newest = batch.lazy.map(\.t).max() ?? 0
            while true {
                if Task.isCancelled { return false }
                stats.update {
                    $0.samplesSent += batch.count
                    $0.bytesSent += body.count
                }
                let started = ContinuousClock.now
                let outcome = await sender.send(body)
                let elapsed = ContinuousClock.now - started
                let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
                stats.update { $0.sendDurations.observe(seconds) }
                switch outcome {
                case .sent:
                    backoff.reset()
                    stats.update {
                        $0.samplesPending -= batch.count
                        $0.highestSentTimestamp = max($0.highestSentTimestamp, newest)
                    }
                case .drop(let message):
                    logger.error("non-recoverable error sending samples; dropping them", metadata: [
                        "remote_name": "\(stats.name)", "url": "\(stats.url)", "count": "\(batch.count)", "err": "\(message)",
                    ])
                    stats.update {
                        $0.samplesPending -= batch.count
                        $0.samplesFailed += batch.count
                        $0.lastError = message
                        $0.lastErrorTime = .now()
                    }
                case .retry(let message, let retryAfter):
                    if Task.isCancelled { return false }
                    let wait = backoff.wait(retryAfter: retryAfter)
                    logger.warning("failed to send batch, retrying", metadata: [
                        "remote_name": "\(stats.name)", "url": "\(stats.url)", "err": "\(message)", "backoff": "\(wait)",
                    ])
                    stats.update {
                        $0.samplesRetried += batch.count
                        $0.lastError = message
                        $0.lastErrorTime = .now()
                    }
                    guard await pause(wait) else { return false }
                    continue
                }
                break
            }
        }
        return true
    }

    /// Sleeps on the queue's clock; false when cancelled.
    private func pause(_ duration: Duration) async -> Bool {
        do {
            try await clock.sleep(for: duration, tolerance: nil)
            return true
        } catch {
            return false
        }
    }
}

/// The outgoing labels of each series reference a queue has met (nil: dropped).
struct LabelCache {
    private(set) var labels: [SeriesRef: Labels?] = [:]
    /// Beyond this many series the cache starts over, bounding memory under churn.
    static let limit = 2_000_000

    /// Looks up and transforms the labels of references not seen before.
    mutating func resolve(_ refs: [SeriesRef], storage: Storage, transform: (Labels) -> Labels?) {
        var missing: [SeriesRef] = []
        var seen = Set<SeriesRef>()
        for ref in refs where labels[ref] == nil && seen.insert(ref).inserted { missing.append(ref) }
        guard !missing.isEmpty else { return }
        if labels.count + missing.count > Self.limit { labels.removeAll(keepingCapacity: true) }
        for (ref, found) in zip(missing, storage.labels(of: missing)) {
            labels[ref] = .some(found.flatMap(transform))
        }
    }
}
