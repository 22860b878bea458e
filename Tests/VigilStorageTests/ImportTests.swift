import Testing
import VigilExposition
import VigilModel

@testable import VigilStorage

@Suite struct ImportTests {
    static let sample = """
        # HELP http_requests Requests.
        # TYPE http_requests counter
        http_requests_total{code="200",job="api"} 10 1700000000
        http_requests_total{code="200",job="api"} 12 1700000015
        http_requests_total{code="200",job="api"} 15.5 1700000030.250
        http_requests_total{code="500",job="api"} 1 1700000000
        # TYPE latency histogram
        latency_bucket{le="0.1"} 1 1700000000
        latency_bucket{le="+Inf"} 2 1700000000
        latency_count 2 1700000000
        latency_sum 0.25 1700000000
        latency_bucket{le="0.1"} 3 1700000015
        latency_bucket{le="+Inf"} 5 1700000015
        latency_count 5 1700000015
        latency_sum 1.5 1700000015
        # TYPE temp gauge
        temp{room="a"} NaN 1700000000
        temp{room="a"} -0.5 1700000015
        # EOF

        """

    @Test func importsEverySampleOnce() async throws {
        let directory = TemporaryDirectory()
        let storage = try TestStore.open(directory, options: StorageOptions(retentionTime: nil))
        let summary = try await storage.importOpenMetrics(Array(Self.sample.utf8))
        #expect(summary.series == 7)
        #expect(summary.newSeries == 7)
        #expect(summary.samples == 14)
        #expect(summary.minTime == 1_700_000_000_000 && summary.maxTime == 1_700_000_030_250)
        let read = try TestStore.read(storage)
        #expect(read[#"{__name__="http_requests_total", code="200", job="api"}"#] == [
            Sample(t: 1_700_000_000_000, v: 10), Sample(t: 1_700_000_015_000, v: 12), Sample(t: 1_700_000_030_250, v: 15.5),
        ])
        #expect(read[#"{__name__="latency_bucket", le="+Inf"}"#]?.map(\.v) == [2, 5])
        #expect(read[#"{__name__="temp", room="a"}"#]?.map(\.v.isNaN) == [true, false])
        #expect(storage.stats().samples == 14)
        // Appends continue after the imported history; earlier ones are out of order.
        let later = try await storage.append(AppendBatch([
            .init(["__name__": "temp", "room": "a"], t: 1_700_000_030_000, v: 1),
            .init(["__name__": "temp", "room": "a"], t: 1_700_000_010_000, v: 1),
        ]))
        #expect(later.appended == 1 && later.outOfOrder == 1)
        try await storage.close()
        let reopened = try TestStore.open(directory, options: StorageOptions(retentionTime: nil))
        #expect(try TestStore.read(reopened)[#"{__name__="temp", room="a"}"#]?.count == 3)
        try await reopened.close()
    }

    @Test(arguments: [
        ("up 1\n# EOF\n", "1:1: invalid input: expected a timestamp for series {__name__=\"up\"}"),
        ("up 1 1700000000\nup{a=} 2 1700000001\n# EOF\n", "2:6: parse error: expected label value, got \"}\""),
        ("up 1 1700000000\nup 2 1700000001\n", "parse error: data does not end with # EOF"),
    ])
    func errorsNameTheLineAndLeaveTheStoreAsItWas(_ input: String, _ expected: String) async throws {
        let directory = TemporaryDirectory()
        let storage = try TestStore.open(directory, options: StorageOptions(retentionTime: nil))
        _ = try await storage.append(AppendBatch([.init(["__name__": "kept"], t: 1, v: 1)]))
        let before = try TestStore.read(storage)
        do {
            _ = try await storage.importOpenMetrics(Array(input.utf8))
            Issue.record("import of broken input succeeded")
        } catch {
            #expect(error.description.hasSuffix(expected), "\(error)")
        }
        #expect(try TestStore.read(storage) == before)
        #expect(storage.stats().series == 1)
        try await storage.close()
    }

    @Test func overlappingHistoryIsMergedAndStoredSamplesWin() async throws {
        let directory = TemporaryDirectory()
        var options = StorageOptions(retentionTime: nil)
        options.samplesPerChunk = 4
        let storage = try TestStore.open(directory, options: options)
        let labels: Labels = ["__name__": "m"]
        // Stored: t = 10, 20, ..., 100 s with value 1.
        _ = try await storage.append(AppendBatch((1...10).map { .init(labels, t: Timestamp($0) * 10_000, v: 1) }))
        // Imported: t = 5, 15, ..., 105 s and the stored timestamps 20 and 60 s, value 2.
        var text = ""
        for t in [5, 15, 20, 25, 35, 45, 55, 60, 65, 75, 85, 95, 105] { text += "m 2 \(t)\n" }
        text += "# EOF\n"
        let summary = try await storage.importOpenMetrics(Array(text.utf8))
        #expect(summary.duplicates == 2)
        #expect(summary.samples == 11)
        let samples = try #require(try TestStore.read(storage)[labels.description])
        #expect(samples.map(\.t) == Array(Set((1...10).map { $0 * 10_000 } + [5, 15, 25, 35, 45, 55, 65, 75, 85, 95, 105].map { $0 * 1000 })).sorted().map(Timestamp.init))
        #expect(samples.first { $0.t == 20_000 }?.v == 1)
        #expect(samples.first { $0.t == 25_000 }?.v == 2)
        #expect(storage.stats().samples == 21)
        #expect(try await storage.checkIntegrity() == "ok")
        try await storage.close()
    }

    @Test func unorderedInputIsSortedPerSeries() async throws {
        let directory = TemporaryDirectory()
        let storage = try TestStore.open(directory, options: StorageOptions(retentionTime: nil))
        let text = "a 1 30\nb 1 10\na 2 10\na 3 20\nb 2 5\na 4 30\n# EOF\n"
        let summary = try await storage.importOpenMetrics(Array(text.utf8))
        #expect(summary.samples == 5 && summary.duplicates == 1)
        let read = try TestStore.read(storage)
        #expect(read[#"{__name__="a"}"#] == [Sample(t: 10_000, v: 2), Sample(t: 20_000, v: 3), Sample(t: 30_000, v: 1)])
        #expect(read[#"{__name__="b"}"#] == [Sample(t: 5_000, v: 2), Sample(t: 10_000, v: 1)])
        try await storage.close()
    }
}

extension Storage {
    /// Imports OpenMetrics text as `vigil import openmetrics` does a file.
    fileprivate func importOpenMetrics(_ text: [UInt8]) async throws(ImportError) -> ImportSummary {
        try await importSamples(text, reader: { ExpositionParser(unsafeBytes: $0, format: .openMetrics) })
    }
}
