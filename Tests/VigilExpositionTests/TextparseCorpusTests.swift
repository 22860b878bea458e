import Testing
import VigilExposition
import VigilModel

/// Prometheus' own parser benchmark inputs (`Tests/Conformance/textparse`) and a real
/// `prometheus-node-exporter` page: they parse without error, with the counts they hold.
@Suite struct TextparseCorpusTests {
    struct Counts: Equatable, CustomStringConvertible {
        var samples = 0, help = 0, type = 0, unit = 0, comments = 0, exemplars = 0, eof = 0
        var description: String {
            "samples \(samples) help \(help) type \(type) unit \(unit) comments \(comments) exemplars \(exemplars) eof \(eof)"
        }
    }

    static func count(_ path: String, _ format: ExpositionFormat, options: ExpositionParser.Options = .init()) throws -> Counts {
        var parser = ExpositionParser(bytes: try TestFiles.bytes(path), format: format, options: options)
        var counts = Counts()
        while let entry = try parser.next() {
            switch entry {
            case .sample(let sample):
                counts.samples += 1
                if sample.hasExemplar { counts.exemplars += 1 }
            case .help: counts.help += 1
            case .type: counts.type += 1
            case .unit: counts.unit += 1
            case .comment: counts.comments += 1
            case .eof: counts.eof += 1
            }
        }
        return counts
    }

    @Test(arguments: [
        ("Conformance/textparse/alltypes.237mfs.prom.txt", ExpositionFormat.prometheusText,
         Counts(samples: 1857, help: 237, type: 237, comments: 1)),
        ("Conformance/textparse/alltypes.237mfs.nometa.prom.txt", .prometheusText, Counts(samples: 1857, comments: 1)),
        ("Conformance/textparse/alltypes.5mfs.om.txt", .openMetrics, Counts(samples: 53, help: 5, type: 5, exemplars: 6, eof: 1)),
        ("Conformance/textparse/1histogram.om.txt", .openMetrics, Counts(samples: 42, help: 1, type: 1, eof: 1)),
        ("VigilExpositionTests/Testdata/node-exporter.prom", .prometheusText, Counts(samples: 507, help: 283, type: 283)),
    ])
    func parsesWithCounts(_ path: String, _ format: ExpositionFormat, _ expected: Counts) throws {
        #expect(try Self.count(path, format) == expected)
    }

    /// The Prometheus text corpora and the node exporter page also pass strict parsing.
    @Test(arguments: [
        "Conformance/textparse/alltypes.237mfs.prom.txt",
        "Conformance/textparse/alltypes.237mfs.nometa.prom.txt",
        "VigilExpositionTests/Testdata/node-exporter.prom",
    ])
    func strictPrometheusText(_ path: String) throws {
        let families = try MetricFamily.parse(try TestFiles.bytes(path), format: .prometheusText)
        #expect(!families.isEmpty)
    }

    /// The OpenMetrics corpus breaks rules of the OpenMetrics specification that Prometheus
    /// does not check: its histogram has negative buckets and a negative `_sum`.
    @Test func strictOpenMetricsRejectsSumWithNegativeBuckets() throws {
        let bytes = try TestFiles.bytes("Conformance/textparse/alltypes.5mfs.om.txt")
        let error = #expect(throws: ExpositionError.self) { try MetricFamily.parse(bytes, format: .openMetrics) }
        #expect(error?.description == "33:1: parse error: counter-like samples cannot be negative")
        let families = try MetricFamily.parse(try TestFiles.bytes("Conformance/textparse/1histogram.om.txt"), format: .openMetrics)
        #expect(families.map(\.name) == ["golang_manual_histogram_seconds"])
    }

    /// With and without metadata, the same series text and values come out.
    @Test func metadataDoesNotChangeSeries() throws {
        func series(_ path: String) throws -> [String] {
            var parser = ExpositionParser(bytes: try TestFiles.bytes(path), format: .prometheusText)
            var out: [String] = []
            while let entry = try parser.next() {
                if case .sample(let s) = entry { out.append(String(decoding: parser.seriesBytes(), as: UTF8.self) + " \(s.value.bitPattern)") }
            }
            return out
        }
        #expect(try series("Conformance/textparse/alltypes.237mfs.prom.txt") == series("Conformance/textparse/alltypes.237mfs.nometa.prom.txt"))
    }

    /// `_created` lines of counters, summaries and histograms are left out on request.
    @Test func skippingCreatedSeries() throws {
        let path = "Conformance/textparse/alltypes.5mfs.om.txt"
        #expect(try Self.count(path, .openMetrics).samples == 53)
        #expect(try Self.count(path, .openMetrics, options: .init(skipCreatedSeries: true)).samples == 44)
    }
}
