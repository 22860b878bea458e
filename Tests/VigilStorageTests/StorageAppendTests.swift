import Testing
import VigilModel

@testable import VigilStorage

@Suite struct StorageAppendTests {
    @Test func appendedSamplesAreReadBack() async throws {
        let directory = TemporaryDirectory()
        let storage = try TestStore.open(directory)
        var batch = AppendBatch()
        for t in 0..<100 {
            batch.append(["__name__": "up", "job": "a"], t: Timestamp(t) * 1000, v: Double(t % 2))
            batch.append(["__name__": "temp", "job": "b"], t: Timestamp(t) * 1000, v: Double(t) / 10)
        }
        let report = try await storage.append(batch)
        #expect(report.appended == 200)
        #expect(report.newSeries == 2)
        #expect(report.rejected == 0)
        let read = try TestStore.read(storage)
        #expect(read.count == 2)
        #expect(read[#"{__name__="up", job="a"}"#] == (0..<100).map { Sample(t: Timestamp($0) * 1000, v: Double($0 % 2)) })
        #expect(read[#"{__name__="temp", job="b"}"#]?.last == Sample(t: 99_000, v: 9.9))
        try await storage.close()
    }

    @Test func prometheusRulesForDuplicatesAndOrder() async throws {
        let directory = TemporaryDirectory()
        let storage = try TestStore.open(directory, options: StorageOptions(retentionTime: .seconds(3600)))
        let up: Labels = ["__name__": "up"]
        let first = try await storage.append(AppendBatch([.init(up, t: 10_000_000, v: 1)]))
        let ref = try #require(first.refs[0])
        let second = try await storage.append(AppendBatch([
            .init(.ref(ref), t: 10_000_000, v: 1),       // same sample again: accepted, stored once
            .init(.ref(ref), t: 10_000_000, v: 2),       // same time, other value: duplicate
            .init(.ref(ref), t: 9_999_000, v: 1),        // older: out of order
            .init(.ref(ref), t: 10_000_000 - 3_600_001, v: 1),  // older than retention allows: out of bounds
            .init(.ref(12345), t: 10_001_000, v: 1),     // unknown reference: invalid
            .init(Labels(), t: 10_001_000, v: 1),        // empty label set: invalid
            .init(.ref(ref), t: 10_002_000, v: 3),
        ]))
        #expect(second.appended == 2)
        #expect(second.duplicates == 1)
        #expect(second.outOfOrder == 1)
        #expect(second.outOfBounds == 1)
        #expect(second.invalid == 2)
        #expect(second.refs == [ref, ref, ref, ref, nil, nil, ref])
        #expect(try TestStore.read(storage)[up.description] == [Sample(t: 10_000_000, v: 1), Sample(t: 10_002_000, v: 3)])
        let counters = storage.counters
        #expect(counters.duplicateSamples == 1 && counters.outOfOrderSamples == 1 && counters.invalidSamples == 2)
        try await storage.close()
    }

    @Test func staleMarkersStayDistinctFromNaN() async throws {
        let directory = TemporaryDirectory()
        let storage = try TestStore.open(directory)
        let labels: Labels = ["__name__": "x"]
        let values = [1.0, .nan, StaleMarker.value, 2, StaleMarker.value, -.nan, -0.0]
        _ = try await storage.append(AppendBatch(values.enumerated().map { .init(labels, t: Timestamp($0.offset), v: $0.element) }))
        try await storage.close()
        // Read back after a restart, from the checkpoint copy of the open chunk.
        let reopened = try TestStore.open(directory)
        let samples = try #require(try TestStore.read(reopened)[labels.description])
        #expect(samples.map(\.v.bitPattern) == values.map(\.bitPattern))
        #expect(samples.map { StaleMarker.isStale($0.v) } == [false, false, true, false, true, false, false])
        try await reopened.close()
    }

    @Test func referencesStayStableAcrossRestarts() async throws {
        let directory = TemporaryDirectory()
        var storage = try TestStore.open(directory)
        let report = try await storage.append(AppendBatch([.init(["__name__": "a"], t: 1, v: 1), .init(["__name__": "b"], t: 1, v: 1)]))
        try await storage.close()
        storage = try TestStore.open(directory)
        let again = try await storage.append(AppendBatch([.init(["__name__": "b"], t: 2, v: 1), .init(["__name__": "c"], t: 2, v: 1)]))
        #expect(again.refs[0] == report.refs[1])
        #expect(again.refs[1] != report.refs[0] && again.refs[1] != report.refs[1])
        let byRef = try await storage.append(AppendBatch([.init(.ref(report.refs[0]!), t: 3, v: 5)]))
        #expect(byRef.appended == 1)
        try await storage.close()
    }

    @Test func concurrentBatchesAreAllStored() async throws {
        let directory = TemporaryDirectory()
        let storage = try TestStore.open(directory)
        try await withThrowingTaskGroup(of: AppendReport.self) { group in
            for target in 0..<8 {
                group.addTask {
                    var last = AppendReport()
                    for tick in 0..<50 {
                        var batch = AppendBatch()
                        for series in 0..<20 {
                            batch.append(["__name__": "m", "target": "\(target)", "s": "\(series)"], t: Timestamp(tick) * 15_000, v: Double(tick))
                        }
                        last = try await storage.append(batch)
                    }
                    return last
                }
            }
            for try await report in group { #expect(report.appended == 20) }
        }
        let read = try TestStore.read(storage)
        #expect(read.count == 160)
        #expect(read.values.allSatisfy { $0.count == 50 })
        try await storage.close()
    }
}
