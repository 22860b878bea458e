import Testing
import VigilExposition
import VigilModel

@testable import VigilStorage

/// The recent-chunk cache answers exactly what vigil.db holds: after a newer chunk, after
/// an import that rewrites the newest chunk in place, and within its byte budget.
@Suite struct RecentChunkCacheTests {
    static let labels: Labels = ["__name__": "m"]

    /// A store of chunks of `samplesPerChunk` holding `m` at t = 10, 20, … s, `samples` of
    /// them, and `series` more series `m{s="…"}` alike.
    static func store(
        _ directory: TemporaryDirectory, samplesPerChunk: Int = 4, samples: Int = 8, series: Int = 0, cacheBytes: Int = 1 << 20
    ) async throws -> Storage {
        var options = StorageOptions(retentionTime: nil)
        options.samplesPerChunk = samplesPerChunk
        options.recentChunkCacheBytes = cacheBytes
        let storage = try TestStore.open(directory, options: options)
        let names = ["m"] + (0..<series).map { "m{s=\"\($0)\"}" }
        let text = names.map { name in (1...samples).map { "\(name) \($0) \($0 * 10)\n" }.joined() }.joined()
        _ = try await storage.importOpenMetrics(text + "# EOF\n")
        return storage
    }

    static func times(_ storage: Storage, _ mint: Timestamp, _ maxt: Timestamp) throws -> [Timestamp] {
        try TestStore.read(storage, [.equal("__name__", "m")], mint: mint, maxt: maxt)[labels.description]?.map(\.t) ?? []
    }

    @Test func aWindowInTheNewestChunkIsKeptAndReadBackAlike() async throws {
        let directory = TemporaryDirectory()
        let storage = try await Self.store(directory)
        #expect(storage.recentChunks.bytes == 0)
        #expect(try Self.times(storage, 55_000, 80_000) == [60_000, 70_000, 80_000])
        #expect(storage.recentChunks.bytes > 0)
        #expect(try Self.times(storage, 55_000, 80_000) == [60_000, 70_000, 80_000])
        #expect(try Self.times(storage, 50_000, 75_000) == [50_000, 60_000, 70_000])
        // A window reaching into the older chunk is read from vigil.db.
        #expect(try Self.times(storage, 35_000, 80_000) == [40_000, 50_000, 60_000, 70_000, 80_000])
        try await storage.close()
    }

    @Test func wideWindowsDoNotFillTheCache() async throws {
        let directory = TemporaryDirectory()
        let storage = try await Self.store(directory)
        #expect(try Self.times(storage, 0, 80_000).count == 8)
        #expect(storage.recentChunks.bytes == 0)
        try await storage.close()
    }

    @Test func aNewerChunkReplacesTheCachedOne() async throws {
        let directory = TemporaryDirectory()
        let storage = try await Self.store(directory)
        #expect(try Self.times(storage, 55_000, 80_000) == [60_000, 70_000, 80_000])
        // 90–120 s become a sealed chunk in vigil.db; 130 s stays in the head's open chunk.
        _ = try await storage.append(AppendBatch((9...13).map { .init(Self.labels, t: Timestamp($0) * 10_000, v: 1) }))
        try await storage.checkpoint()
        #expect(try Self.times(storage, 55_000, 80_000) == [60_000, 70_000, 80_000])
        #expect(try Self.times(storage, 95_000, 120_000) == [100_000, 110_000, 120_000])
        try await storage.close()
    }

    /// A merge keeps the newest chunk's start and end but not its samples.
    @Test func anImportMergingIntoTheNewestChunkIsSeen() async throws {
        let directory = TemporaryDirectory()
        let storage = try await Self.store(directory)
        #expect(try Self.times(storage, 55_000, 80_000) == [60_000, 70_000, 80_000])
        _ = try await storage.importOpenMetrics("m 2 65\n# EOF\n")
        #expect(try Self.times(storage, 55_000, 80_000) == [60_000, 65_000, 70_000, 80_000])
        try await storage.close()
    }

    /// A chunk of 100 samples keeps its last 64 decoded: windows inside them are read from
    /// there, windows reaching further back are decoded from the chunk, alike.
    @Test func theDecodedTailServesOnlyWindowsItCovers() async throws {
        let directory = TemporaryDirectory()
        let storage = try await Self.store(directory, samplesPerChunk: 200, samples: 100)
        for (mint, maxt) in [(995_000, 1_000_000), (405_000, 1_000_000), (305_000, 500_000), (995_000, 1_000_000), (305_000, 400_000)] {
            let expected = (1...100).map { Timestamp($0) * 10_000 }.filter { $0 >= mint && $0 <= maxt }
            let read = try TestStore.read(storage, [.equal("__name__", "m")], mint: Timestamp(mint), maxt: Timestamp(maxt))
            #expect(read[Self.labels.description] == expected.map { Sample(t: $0, v: Double($0 / 10_000)) }, "\(mint)...\(maxt)")
        }
        #expect(storage.recentChunks.bytes > RecentChunkCache.tailLength * MemoryLayout<Sample>.stride)
        try await storage.close()
    }

    @Test func theCacheKeepsToItsBudget() async throws {
        let directory = TemporaryDirectory()
        let storage = try await Self.store(directory, series: 50, cacheBytes: 100)
        let all = try TestStore.read(storage, [.equal("__name__", "m")], mint: 55_000, maxt: 80_000)
        #expect(all.count == 51 && all.values.allSatisfy { $0.map(\.t) == [60_000, 70_000, 80_000] })
        #expect(storage.recentChunks.bytes > 0 && storage.recentChunks.bytes <= 100)
        try await storage.close()
    }
}

extension Storage {
    fileprivate func importOpenMetrics(_ text: String) async throws(ImportError) -> ImportSummary {
        try await importSamples(Array(text.utf8), reader: { ExpositionParser(unsafeBytes: $0, format: .openMetrics) })
    }
}
