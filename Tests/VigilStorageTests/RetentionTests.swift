import Testing
import VigilModel

@testable import VigilStorage

@Suite struct RetentionTests {
    static let hour: Int64 = 3_600_000

    /// Appends one sample a minute for `hours` to each of `series`, ending at `end`, and
    /// writes everything to vigil.db as 30-sample chunks.
    static func fill(_ storage: Storage, _ series: [Labels], hours: Int, end: Timestamp) async throws {
        let minutes = hours * 60
        for start in stride(from: 0, to: minutes, by: 200) {
            var batch = AppendBatch()
            for minute in start..<min(start + 200, minutes) {
                let t = end - Timestamp(minutes - 1 - minute) * 60_000
                for labels in series { batch.append(labels, t: t, v: Double(minute)) }
            }
            _ = try await storage.append(batch)
        }
        try await storage.checkpoint()
    }

    static func options(_ retention: Duration?, rules: [([LabelMatcher], Duration)] = [], bytes: Int64? = nil) -> StorageOptions {
        var options = StorageOptions(retentionTime: retention, retentionBytes: bytes, retentionRules: rules)
        options.samplesPerChunk = 30
        options.idleChunkCut = .seconds(0)
        return options
    }

    @Test func expiredChunksGoWholeCountedFromTheNewestSample() async throws {
        let directory = TemporaryDirectory()
        let storage = try TestStore.open(directory, options: Self.options(.seconds(3600)))
        // History from 2020: counted from its own newest sample, not from the wall clock.
        let end: Timestamp = 1_600_000_000_000
        let labels: Labels = ["__name__": "old"]
        try await Self.fill(storage, [labels], hours: 3, end: end)
        let report = try await storage.upkeep()
        #expect(report.chunksDeleted == 3)  // 6 chunks of 30 min: the last hour and the chunk ending at its start stay
        let samples = try #require(try TestStore.read(storage)[labels.description])
        #expect(samples.first!.t <= end - Self.hour)
        #expect(samples.first!.t > end - Self.hour - 30 * 60_000)
        #expect(samples.last!.t == end)
        #expect(storage.stats().samples == samples.count)
        try await storage.close()
    }

    @Test func perSeriesRulesKeepLongerOrShorter() async throws {
        let directory = TemporaryDirectory()
        let rules: [([LabelMatcher], Duration)] = [
            ([.equal("job", "batch")], .seconds(5 * 3600)),
            ([try LabelMatcher(.regexMatch, "__name__", "debug_.*")], .seconds(1800)),
        ]
        let storage = try TestStore.open(directory, options: Self.options(.seconds(2 * 3600), rules: rules))
        let batch: Labels = ["__name__": "jobs_done", "job": "batch"]
        let debug: Labels = ["__name__": "debug_queue", "job": "api"]
        let plain: Labels = ["__name__": "requests", "job": "api"]
        let end: Timestamp = 1_700_000_000_000
        try await Self.fill(storage, [batch, debug, plain], hours: 6, end: end)
        _ = try await storage.upkeep()
        let read = try TestStore.read(storage)
        func kept(_ labels: Labels) -> Int64 { (end - read[labels.description]!.first!.t) / 60_000 }
        #expect(kept(batch) >= 5 * 60 && kept(batch) < 5 * 60 + 30)
        #expect(kept(debug) >= 30 && kept(debug) < 60)
        #expect(kept(plain) >= 2 * 60 && kept(plain) < 2 * 60 + 30)
        try await storage.close()
    }

    @Test func seriesWithNothingLeftAreDeleted() async throws {
        let directory = TemporaryDirectory()
        let storage = try TestStore.open(directory, options: Self.options(.seconds(3600)))
        let gone: Labels = ["__name__": "gone"]
        let stays: Labels = ["__name__": "stays"]
        try await Self.fill(storage, [gone], hours: 2, end: 1_700_000_000_000)
        try await Self.fill(storage, [stays], hours: 2, end: 1_700_000_000_000 + 4 * Self.hour)
        let report = try await storage.upkeep()
        #expect(report.seriesDeleted == 1)
        #expect(try TestStore.read(storage).keys.sorted() == [stays.description])
        #expect(storage.stats().series == 1)
        // The same labels come back as a new series.
        let again = try await storage.append(AppendBatch([.init(gone, t: 1_700_000_000_000 + 5 * Self.hour, v: 1)]))
        #expect(again.newSeries == 1 && again.appended == 1)
        try await storage.close()
        let reopened = try TestStore.open(directory, options: Self.options(.seconds(3600)))
        #expect(try TestStore.read(reopened).count == 2)
        try await reopened.close()
    }

    @Test func sizeLimitDropsTheOldestData() async throws {
        let directory = TemporaryDirectory()
        let series = (0..<50).map { Labels(["__name__": "m", "i": "\($0)"]) }
        let storage = try TestStore.open(directory, options: Self.options(nil))
        try await Self.fill(storage, series, hours: 24, end: 1_700_000_000_000)
        let full = try storage.writer.runBlocking { writer throws(StorageError) in try writer.usedBytes() }
        try await storage.close()

        let limit = full * 2 / 3
        let limited = try TestStore.open(directory, options: Self.options(nil, bytes: limit))
        let report = try await limited.upkeep()
        #expect(report.sizeLimited)
        #expect(report.chunksDeleted > 0)
        let oldest = try TestStore.read(limited).values.map { $0.first!.t }.min()!
        #expect(oldest > 1_700_000_000_000 - 24 * Self.hour + Self.hour)
        // Chunk bytes now leave room under the limit for the pages to fill again.
        let logical = limited.head.withLock { state in state.liveSeries.reduce(0) { $0 + $1.storedBytes } }
        #expect(Double(logical) < Double(full) * 0.7)
        try await limited.close()
    }
}
