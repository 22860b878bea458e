import Testing
import VigilModel

@testable import VigilStorage

/// The append log as remote write reads it: consecutive records, cursors that hold it back
/// across checkpoints and restarts, and the bound on what is held.
struct LogTailTests {
    private func batch(_ name: String, _ samples: [(Timestamp, Double)]) -> AppendBatch {
        AppendBatch(samples.map { AppendBatch.Entry(["__name__": name], t: $0.0, v: $0.1) })
    }

    @Test func readsEveryAcceptedSampleOnceInOrder() async throws {
        let directory = TemporaryDirectory()
        let storage = try TestStore.open(directory)
        let start = try await storage.logEnd()
        #expect(start == 0)
        _ = try await storage.append(batch("a", [(1, 1), (2, 2)]))
        _ = try await storage.append(batch("b", [(1, 10)]))
        // Rejected samples (out of order) never reach the log.
        _ = try await storage.append(batch("a", [(1, 5)]))
        let tail = try storage.logTail()
        let all = try await tail.read(after: start, maxSamples: 100)
        #expect(all.samples.map { [$0.t, Int64($0.v)] } == [[1, 1], [2, 2], [1, 10]])
        #expect(all.lastSeq == 2 && all.lostRecords == 0)
        let labels = storage.labels(of: all.samples.map(\.ref))
        #expect(labels.map { $0?.metricName } == ["a", "a", "b"])
        // Whole records: one sample asked, the first record (two samples) returned.
        let first = try await tail.read(after: start, maxSamples: 1)
        #expect(first.samples.count == 2 && first.lastSeq == 1)
        let none = try await tail.read(after: all.lastSeq, maxSamples: 100)
        #expect(none.samples.isEmpty && none.lastSeq == all.lastSeq)
        try await storage.close()
    }

    @Test(arguments: [true, false])
    func cursorHoldsTheLogAcrossCheckpointsAndRestarts(_ withCursor: Bool) async throws {
        let directory = TemporaryDirectory()
        var storage = try TestStore.open(directory)
        if withCursor { try await storage.saveLogCursor("queue", 0) }
        for t in 1...5 { _ = try await storage.append(batch("a", [(Timestamp(t), Double(t))])) }
        try await storage.checkpoint()
        try await storage.close()
        storage = try TestStore.open(directory)
        #expect(try await storage.logCursor("queue") == (withCursor ? 0 : nil))
        #expect(try await storage.logEnd() == 5)
        let read = try await storage.logTail().read(after: 0, maxSamples: 100)
        if withCursor {
            #expect(read.samples.map(\.t) == [1, 2, 3, 4, 5] && read.lostRecords == 0)
        } else {
            // Without a consumer the checkpoint deleted the records: the reader says so.
            #expect(read.samples.isEmpty)
        }
        // Moving the cursor lets the next checkpoint delete what it passed.
        try await storage.saveLogCursor("queue", 3)
        _ = try await storage.append(batch("a", [(6, 6)]))
        try await storage.checkpoint()
        let after = try await storage.logTail().read(after: 0, maxSamples: 100)
        #expect(after.samples.map(\.t) == (withCursor ? [4, 5, 6] : [6]))
        #expect(after.lostRecords == (withCursor ? 3 : 5))
        // A consumer removed from the config stops holding anything.
        try await storage.retainLogCursors([])
        #expect(try await storage.logCursor("queue") == nil)
        try await storage.checkpoint()
        #expect(try await storage.logTail().read(after: 0, maxSamples: 100).samples.isEmpty)
        try await storage.close()
    }

    @Test func holdIsBoundedByBytes() async throws {
        let directory = TemporaryDirectory()
        var options = StorageOptions()
        options.logHoldBytesLimit = 40
        let storage = try TestStore.open(directory, options: options)
        try await storage.saveLogCursor("slow", 0)
        // Each record: one sample with a float value that needs 8 raw bytes (~12 bytes).
        for t in 1...10 { _ = try await storage.append(batch("a", [(Timestamp(t), Double(t) + 0.123456789)])) }
        try await storage.checkpoint()
        let read = try await storage.logTail().read(after: 0, maxSamples: 100)
        #expect(read.lostRecords > 0 && read.lostRecords < 10)
        #expect(read.samples.map(\.t) == Array(Timestamp(read.lostRecords + 1)...10))
        try await storage.close()
    }

    @Test func conflictsAreFoundBeforeAppending() async throws {
        let directory = TemporaryDirectory()
        let storage = try TestStore.open(directory)
        _ = try await storage.append(batch("a", [(10, 1)]))
        let cases: [(AppendBatch, AppendConflict.Kind?)] = [
            (batch("a", [(11, 1)]), nil),
            (batch("a", [(10, 1)]), nil),  // the same sample again is fine
            (batch("a", [(10, 2)]), .duplicate),
            (batch("a", [(9, 1)]), .outOfOrder),
            (batch("new", [(1, 1)]), nil),
            (batch("a", [(-20 * 86_400_000, 1)]), .outOfBounds),
        ]
        for (candidate, expected) in cases {
            #expect(storage.firstConflict(in: candidate)?.kind == expected)
        }
        try await storage.close()
    }
}
