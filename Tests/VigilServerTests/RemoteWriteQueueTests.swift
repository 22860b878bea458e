import Foundation
import Logging
import Synchronization
import Testing
import VigilConfig
import VigilModel
import VigilStorage

@testable import VigilServer

/// A temporary data directory, removed when released.
final class ScratchDirectory: @unchecked Sendable {
    let path: String

    init() {
        path = NSTemporaryDirectory() + "vigil-server-test-" + UUID().uuidString
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }
}

/// A receiver in the test process: answers from a script, records what was accepted.
final class ScriptedSender: RemoteWriteSender {
    private struct State {
        var script: [SendOutcome]
        var accepted: [WriteRequest] = []
        var attempts = 0
    }

    private let state: Mutex<State>

    init(_ script: [SendOutcome] = []) { state = Mutex(State(script: script)) }

    func send(_ compressed: [UInt8]) async -> SendOutcome {
        state.withLock { state in
            state.attempts += 1
            let outcome = state.script.isEmpty ? .sent : state.script.removeFirst()
            if outcome == .sent, let request = try? WriteRequest(decoding: Snappy.decompress(compressed)) {
                state.accepted.append(request)
            }
            return outcome
        }
    }

    var attempts: Int { state.withLock { $0.attempts } }

    /// Every accepted sample by series text, in arrival order.
    var samples: [String: [Sample]] {
        state.withLock { state in
            var out: [String: [Sample]] = [:]
            for request in state.accepted {
                for series in request.series { out[series.labels.description, default: []] += series.samples }
            }
            return out
        }
    }

    var totalSamples: Int { samples.values.reduce(0) { $0 + $1.count } }
}

struct RemoteWriteQueueTests {
    private var quiet: Logger {
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        return logger
    }

    private func queue(_ storage: Storage, _ sender: ScriptedSender, _ configure: (inout RemoteWriteConfig) -> Void = { _ in }) -> RemoteWriteQueue {
        var config = RemoteWriteConfig(url: "http://127.0.0.1:1/api/v1/write")
        config.queue.batchSendDeadline = .milliseconds(50)
        config.queue.minBackoff = .milliseconds(1)
        config.queue.maxBackoff = .milliseconds(4)
        config.queue.maxSamplesPerSend = 3
        configure(&config)
        return RemoteWriteQueue(
            id: "q", config: config, externalLabels: ["region": "eu"], storage: storage, sender: sender,
            stats: RemoteWriteStats(name: "q", url: config.url), logger: quiet, pollInterval: .milliseconds(10))
    }

    private func append(_ storage: Storage, _ name: String, _ ts: ClosedRange<Int>) async throws {
        var batch = AppendBatch()
        for t in ts { batch.append(["__name__": name, "job": "j"], t: Timestamp(t), v: Double(t)) }
        _ = try await storage.append(batch)
    }

    /// Waits (bounded) until `condition` holds.
    private func eventually(_ condition: () async -> Bool) async throws {
        for _ in 0..<500 {
            if await condition() { return }
            try await Task.sleep(for: .milliseconds(10))
        }
    }

    @Test func sendsEverySampleOnceInOrderAcrossRetriesAndRestarts() async throws {
        let directory = ScratchDirectory()
        let storage = try Storage.open(directory: directory.path, logger: quiet)
        // Two 503s then success for each later request: retried until accepted.
        let sender = ScriptedSender([.retry("503", retryAfter: nil), .retry("503", retryAfter: nil)])
        let first = queue(storage, sender)
        let running = Task { await first.run() }
        try await eventually { (try? await Meta.cursorExists(storage)) == true }
        try await append(storage, "a", 1...10)
        try await append(storage, "b", 1...4)
        try await eventually { sender.totalSamples == 14 }
        running.cancel()
        await running.value
        #expect(sender.samples["{__name__=\"a\", job=\"j\", region=\"eu\"}"]?.map(\.t) == Array(1...10))
        #expect(sender.samples["{__name__=\"b\", job=\"j\", region=\"eu\"}"]?.map(\.t) == Array(1...4))
        let figures = first.stats.snapshot
        #expect(figures.samplesRetried > 0 && figures.samplesFailed == 0 && figures.samplesPending == 0)
        #expect(figures.highestSentTimestamp == 10)

        // Appended while no queue runs: the next queue resumes from the saved cursor.
        try await append(storage, "a", 11...12)
        let second = queue(storage, sender)
        let resumed = Task { await second.run() }
        try await eventually { sender.totalSamples == 16 }
        try await Task.sleep(for: .milliseconds(100))
        resumed.cancel()
        await resumed.value
        #expect(sender.samples["{__name__=\"a\", job=\"j\", region=\"eu\"}"]?.map(\.t) == Array(1...12))
        #expect(sender.totalSamples == 16)
        try await storage.close()
    }

    @Test(arguments: [
        (SendOutcome.drop("400"), 0, 2),
        (SendOutcome.retry("429", retryAfter: nil), 2, 0),
    ])
    func clientErrorsDropAndServerErrorsRetry(_ firstOutcome: SendOutcome, _ delivered: Int, _ failed: Int) async throws {
        let directory = ScratchDirectory()
        let storage = try Storage.open(directory: directory.path, logger: quiet)
        let sender = ScriptedSender([firstOutcome])
        let q = queue(storage, sender)
        let running = Task { await q.run() }
        try await eventually { (try? await Meta.cursorExists(storage)) == true }
        try await append(storage, "a", 1...2)
        try await eventually { sender.attempts >= (delivered > 0 ? 2 : 1) && q.stats.snapshot.samplesPending == 0 }
        running.cancel()
        await running.value
        #expect(sender.totalSamples == delivered)
        #expect(q.stats.snapshot.samplesFailed == failed)
        try await storage.close()
    }

    @Test func writeRelabelingDropsAndCounts() async throws {
        let directory = ScratchDirectory()
        let storage = try Storage.open(directory: directory.path, logger: quiet)
        let sender = ScriptedSender()
        var drop = RelabelConfig()
        drop.sourceLabels = ["__name__"]
        drop.regex = try LabelRegex("b")
        drop.action = .drop
        let q = queue(storage, sender) { $0.writeRelabelConfigs = [drop] }
        let running = Task { await q.run() }
        try await eventually { (try? await Meta.cursorExists(storage)) == true }
        try await append(storage, "a", 1...3)
        try await append(storage, "b", 1...3)
        try await eventually { q.stats.snapshot.samplesDropped == 3 && sender.totalSamples == 3 }
        running.cancel()
        await running.value
        #expect(Set(sender.samples.keys) == ["{__name__=\"a\", job=\"j\", region=\"eu\"}"])
        #expect(q.stats.snapshot.samplesIn == 6)
        try await storage.close()
    }
}

/// Whether the queue "q" has saved its position yet.
enum Meta {
    static func cursorExists(_ storage: Storage) async throws -> Bool {
        try await storage.logCursor("q") != nil
    }
}
