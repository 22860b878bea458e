import Testing
import VigilModel

@testable import VigilStorage

@Suite struct StorageQueryTests {
    static let seriesSet: [Labels] = [
        ["__name__": "http_requests_total", "job": "api", "code": "200"],
        ["__name__": "http_requests_total", "job": "api", "code": "500"],
        ["__name__": "http_requests_total", "job": "web", "code": "200"],
        ["__name__": "http_requests_total", "job": "web"],
        ["__name__": "up", "job": "api"],
        ["__name__": "up", "job": "web", "env": ""],
        ["__name__": "temperature", "sensor": "a\nb\"c\\"],
    ]

    /// A store with every series of `seriesSet` at t = 0...9 s.
    static func filledStore(_ directory: TemporaryDirectory, options: StorageOptions = StorageOptions()) async throws -> Storage {
        let storage = try TestStore.open(directory, options: options)
        var batch = AppendBatch()
        for t in 0..<10 {
            for labels in seriesSet { batch.append(labels, t: Timestamp(t) * 1000, v: Double(t)) }
        }
        _ = try await storage.append(batch)
        return storage
    }

    // As Prometheus (tsdb/querier_test.go TestPostingsForMatchers): a missing label equals "".
    @Test(arguments: [
        ([("=", "__name__", "up")], [4, 5]),
        ([("=", "job", "api")], [0, 1, 4]),
        ([("=", "__name__", "http_requests_total"), ("!=", "code", "200")], [1, 3]),
        ([("=", "__name__", "http_requests_total"), ("=", "code", "")], [3]),
        ([("=", "__name__", "http_requests_total"), ("!=", "code", "")], [0, 1, 2]),
        ([("=", "__name__", "http_requests_total"), ("=~", "code", ".*")], [0, 1, 2, 3]),
        ([("=", "__name__", "http_requests_total"), ("=~", "code", ".+")], [0, 1, 2]),
        ([("=", "__name__", "http_requests_total"), ("!~", "code", "5..")], [0, 2, 3]),
        ([("=", "__name__", "http_requests_total"), ("!~", "code", ".*")], []),
        ([("=~", "__name__", "http_.*|up"), ("=~", "job", "a.i")], [0, 1, 4]),
        ([("=~", "job", "web|nope")], [2, 3, 5]),
        ([("!=", "job", "api")], [2, 3, 5, 6]),
        ([("=", "env", "")], [0, 1, 2, 3, 4, 5, 6]),
        ([("=", "sensor", "a\nb\"c\\")], [6]),
        ([("=", "job", "missing")], []),
    ])
    func matchersSelectLikePrometheus(_ matchers: [(String, String, String)], _ expected: [Int]) async throws {
        let directory = TemporaryDirectory()
        let storage = try await Self.filledStore(directory)
        let built = try matchers.map { try LabelMatcher(LabelMatcher.Kind(rawValue: $0.0)!, $0.1, $0.2) }
        let selected = try storage.querier().select(built, mint: .min, maxt: .max)
        #expect(selected.map(\.labels) == expected.map { Self.seriesSet[$0] }.sorted())
        #expect(try storage.series(matching: [built], mint: .min, maxt: .max) == expected.map { Self.seriesSet[$0] }.sorted())
        try await storage.close()
    }

    /// Selections come in `labels.Compare` order, which the head computes from ranks of
    /// label pairs updated as pairs are added: series arrive in three batches with a query
    /// after each, so later pairs are merged into an order that earlier queries built.
    @Test func selectionsComeInLabelOrderAsPairsAreAdded() async throws {
        let batches: [[Labels]] = [
            [["__name__": "m", "b": "0"], ["__name__": "m", "a": "9"], ["__name__": "m", "a": "10"]],
            [["__name__": "m", "a": "Z"], ["__name__": "m", "a": "é"], ["__name__": "m", "a": "9", "b": "0"]],
            [["__name__": "m", "a": "a"], ["__name__": "m"], ["__name__": "m", "a": "10", "c": "x"], ["__name__": "m", "a": "1"]],
        ]
        let directory = TemporaryDirectory()
        let storage = try TestStore.open(directory)
        var added: [Labels] = []
        for (round, labels) in batches.enumerated() {
            var batch = AppendBatch()
            for series in labels { batch.append(series, t: Timestamp(round) * 1000, v: 1) }
            _ = try await storage.append(batch)
            added += labels
            let selected = try storage.querier().select([.equal("__name__", "m")], mint: .min, maxt: .max)
            #expect(selected.map(\.labels) == added.sorted())
            #expect(try storage.series(matching: [[.equal("__name__", "m")]], mint: .min, maxt: .max) == added.sorted())
        }
        try await storage.close()
    }

    @Test func samplesAreLimitedToTheRange() async throws {
        let directory = TemporaryDirectory()
        let storage = try await Self.filledStore(directory)
        let querier = try storage.querier()
        let up = try querier.select([.equal("__name__", "up"), .equal("job", "api")], mint: 2500, maxt: 5000)
        #expect(try up.first?.samples() == [Sample(t: 3000, v: 3), Sample(t: 4000, v: 4), Sample(t: 5000, v: 5)])
        #expect(try querier.select([.equal("__name__", "up")], mint: 20_000, maxt: 30_000).isEmpty)
        #expect(try querier.select([.equal("__name__", "up")], mint: 5, maxt: 1).isEmpty)
        try await storage.close()
    }

    @Test func labelNamesAndValues() async throws {
        let directory = TemporaryDirectory()
        let storage = try await Self.filledStore(directory)
        let querier = try storage.querier()
        #expect(try querier.labelNames([], mint: .min, maxt: .max) == ["__name__", "code", "job", "sensor"])
        #expect(try querier.labelNames([.equal("__name__", "up")], mint: .min, maxt: .max) == ["__name__", "job"])
        #expect(try querier.labelValues("job", [], mint: .min, maxt: .max) == ["api", "web"])
        #expect(try querier.labelValues("code", [.equal("job", "web")], mint: .min, maxt: .max) == ["200"])
        #expect(try querier.labelValues("__name__", [], mint: 100_000, maxt: 200_000) == [])
        try await storage.close()
    }

    @Test func aQuerierSeesOneSnapshot() async throws {
        let directory = TemporaryDirectory()
        var options = StorageOptions()
        options.samplesPerChunk = 4
        options.flushChunkCount = 1
        let storage = try await Self.filledStore(directory, options: options)
        let before = try storage.querier()
        // More samples, a new series, chunk cuts and flushes to vigil.db after the snapshot.
        var batch = AppendBatch()
        for t in 10..<40 {
            for labels in Self.seriesSet { batch.append(labels, t: Timestamp(t) * 1000, v: Double(t)) }
            batch.append(["__name__": "late"], t: Timestamp(t) * 1000, v: 1)
        }
        _ = try await storage.append(batch)
        _ = try await storage.upkeep()
        let old = try before.select([.equal("job", "api")], mint: .min, maxt: .max)
        #expect(old.count == 3)
        #expect(try old.allSatisfy { try $0.samples().map(\.t) == (0..<10).map { Timestamp($0) * 1000 } })
        #expect(try before.select([.equal("__name__", "late")], mint: .min, maxt: .max).isEmpty)
        let after = try storage.querier()
        let new = try after.select([.equal("job", "api")], mint: .min, maxt: .max)
        #expect(try new.allSatisfy { try $0.samples().map(\.t) == (0..<40).map { Timestamp($0) * 1000 } })
        #expect(try after.select([.equal("__name__", "late")], mint: .min, maxt: .max).count == 1)
        try await storage.close()
    }

    @Test func dataSurvivesCutsFlushesCheckpointsAndRestarts() async throws {
        let directory = TemporaryDirectory()
        var options = StorageOptions()
        options.samplesPerChunk = 7
        options.flushChunkCount = 3
        var storage: Storage! = try TestStore.open(directory, options: options)
        var expected: [String: [Sample]] = [:]
        var random = SeededRandom(seed: 42)
        for round in 0..<6 {
            for tick in 0..<25 {
                var batch = AppendBatch()
                for series in 0..<5 {
                    let labels: Labels = ["__name__": "m", "s": "\(series)"]
                    let t = Timestamp(round * 25 + tick) * 15_000 + Timestamp.random(in: 0...3, using: &random)
                    let v = [Double(tick), .nan, StaleMarker.value, Double(Int.random(in: 0...1000, using: &random)) / 100][Int.random(in: 0...3, using: &random)]
                    batch.append(labels, t: t, v: v)
                    expected[labels.description, default: []].append(Sample(t: t, v: v))
                }
                _ = try await storage.append(batch)
            }
            switch round % 3 {
            case 0: try await storage.close()      // clean: checkpoint, nothing to replay
            case 1: _ = try await storage.upkeep()  // then drop without closing: replay the log
            default: try await storage.checkpoint()
            }
            storage = nil  // A crash, unless closed above: the log is replayed.
            storage = try TestStore.open(directory, options: options)
            #expect(try TestStore.read(storage) == expected, "round \(round)")
        }
        #expect(try await storage.checkIntegrity() == "ok")
        try await storage.close()
    }

    /// A checkpoint encodes changed open chunks a batch at a time; every one of them, in
    /// batches full and partial, is what a restart finds when no log is left to replay.
    @Test(arguments: [1, 2048, 5000])
    func aCheckpointKeepsEveryOpenChunk(_ seriesCount: Int) async throws {
        let directory = TemporaryDirectory()
        var storage: Storage! = try TestStore.open(directory)
        var expected: [String: [Sample]] = [:]
        for tick in 0..<3 {
            var batch = AppendBatch()
            for series in 0..<seriesCount {
                let labels: Labels = ["__name__": "m", "s": "\(series)"]
                let sample = Sample(t: Timestamp(tick) * 15_000, v: Double(series * 10 + tick))
                batch.append(labels, t: sample.t, v: sample.v)
                expected[labels.description, default: []].append(sample)
            }
            _ = try await storage.append(batch)
            // Only the series changed since the first checkpoint are written by the second.
            if tick == 0 { try await storage.checkpoint() }
        }
        try await storage.checkpoint()
        storage = nil  // a crash after the checkpoint: nothing to replay
        storage = try TestStore.open(directory)
        #expect(try TestStore.read(storage) == expected)
        try await storage.close()
    }

    @Test func statsCountSeriesSamplesAndLabels() async throws {
        let directory = TemporaryDirectory()
        let storage = try await Self.filledStore(directory)
        let status = storage.stats(limit: 2)
        #expect(status.series == 7)
        #expect(status.samples == 70)
        #expect(status.headStats.numSeries == 7)
        #expect(status.seriesCountByMetricName == [.init(name: "http_requests_total", value: 4), .init(name: "up", value: 2)])
        #expect(status.labelValueCountByLabelName.first == .init(name: "__name__", value: 3))
        #expect(status.seriesCountByLabelValuePair.first == .init(name: "__name__=http_requests_total", value: 4))
        #expect(status.headStats.minTime == 0 && status.headStats.maxTime == 9000)
        #expect(status.report.contains("Series:            7"))
        try await storage.close()
    }
}
