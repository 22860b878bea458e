import Testing
import VigilExposition
import VigilModel

/// Writing families as text, and reading back what was written.
@Suite struct ExpositionEncoderTests {
    static let families: [MetricFamily] = [
        MetricFamily(name: "http_requests_total", type: .counter, help: "Requests.\nBy \"path\" \\ status.", samples: [
            MetricSample(labels: ["__name__": "http_requests_total", "path": "/a\"b\\c\nd", "status": "200"], value: 1027),
            MetricSample(labels: ["__name__": "http_requests_total", "path": "/", "status": "500"], value: 3, timestamp: 1_700_000_000_123),
        ]),
        MetricFamily(name: "latency_seconds", type: .histogram, samples: [
            MetricSample(labels: ["__name__": "latency_seconds_bucket", "le": "0.5"], value: 1),
            MetricSample(labels: ["__name__": "latency_seconds_bucket", "le": "+Inf"], value: 2),
            MetricSample(labels: ["__name__": "latency_seconds_sum"], value: 0.75),
            MetricSample(labels: ["__name__": "latency_seconds_count"], value: 2),
        ]),
        MetricFamily(name: "temperature", type: .gauge, help: "Degrees.", samples: [
            MetricSample(labels: ["__name__": "temperature"], value: FloatText.normalNaN),
            MetricSample(labels: ["__name__": "temperature", "room": "a"], value: -.infinity),
            MetricSample(labels: ["__name__": "temperature", "room": "b"], value: 1.5e-7),
            MetricSample(labels: ["__name__": "temperature", "room": "c"], value: -0.0),
        ]),
        MetricFamily(name: "odd.name", type: .unknown, samples: [
            MetricSample(labels: ["__name__": "odd.name", "ü": "x"], value: 2_345_678),
        ]),
        MetricFamily(name: "empty", type: .gauge, help: "No samples."),
    ]

    @Test func writesPrometheusText() {
        let text = String(decoding: ExpositionEncoder.prometheusText(Self.families), as: UTF8.self)
        #expect(text == #"""
            # HELP http_requests_total Requests.\nBy "path" \\ status.
            # TYPE http_requests_total counter
            http_requests_total{path="/a\"b\\c\nd",status="200"} 1027
            http_requests_total{path="/",status="500"} 3 1700000000123
            # TYPE latency_seconds histogram
            latency_seconds_bucket{le="0.5"} 1
            latency_seconds_bucket{le="+Inf"} 2
            latency_seconds_sum 0.75
            latency_seconds_count 2
            # HELP temperature Degrees.
            # TYPE temperature gauge
            temperature NaN
            temperature{room="a"} -Inf
            temperature{room="b"} 1.5e-07
            temperature{room="c"} -0
            # TYPE "odd.name" untyped
            {"odd.name","ü"="x"} 2.345678e+06
            # HELP empty No samples.
            # TYPE empty gauge

            """#)
    }

    /// encode → parse gives the same families, in both formats.
    @Test(arguments: ExpositionFormat.allCases)
    func roundTrips(_ format: ExpositionFormat) throws {
        var families = Self.families
        if format == .openMetrics {
            // OpenMetrics families follow its naming rules: counters' samples end in `_total`.
            families[0].name = "http_requests"
            families[0].samples[0].exemplar = Exemplar(labels: ["trace_id": "abc"], value: 0.5, timestamp: 1_700_000_000_001)
        }
        let bytes = format == .openMetrics ? ExpositionEncoder.openMetrics(families) : ExpositionEncoder.prometheusText(families)
        var expected = families
        // Parsing writes `le` in OpenMetrics' spelling, as Prometheus stores it.
        expected[1].samples[0].labels = ["__name__": "latency_seconds_bucket", "le": "0.5"]
        let parsed = try MetricFamily.parse(bytes, format: format)
        #expect(parsed.count == expected.count)
        for (a, b) in zip(parsed, expected) { #expect(a == b) }
    }

    /// Re-encoding a real node exporter page gives the exporter's own bytes (Go's float
    /// formatting and escaping), but for the `le`/`quantile` values Prometheus normalises
    /// and the empty label values it drops.
    @Test func nodeExporterPageIsReproduced() throws {
        let original = try TestFiles.bytes("VigilExpositionTests/Testdata/node-exporter.prom")
        let encoded = ExpositionEncoder.prometheusText(try MetricFamily.parse(original, format: .prometheusText))
        let text = String(decoding: original, as: UTF8.self)
        let withEmptyValues = Set(text.split(separator: "\n").filter { $0.contains("=\"\"") }.map { $0.prefix { $0 != "{" } + "{" })
        let normalised = { (line: Substring) in
            !line.contains("quantile=\"") && !line.contains("le=\"") && !withEmptyValues.contains { line.hasPrefix($0) }
        }
        let before = String(decoding: original, as: UTF8.self).split(separator: "\n").filter(normalised)
        let after = String(decoding: encoded, as: UTF8.self).split(separator: "\n").filter(normalised)
        #expect(before.count > 700)
        #expect(before.count == after.count)
        for (line, (a, b)) in zip(before, after).enumerated() where a != b {
            Issue.record("line \(line): \(a) != \(b)")
            break
        }
    }

    @Test func federationSortsAndKeepsTimestamps() {
        let samples = [
            MetricSample(labels: ["__name__": "b", "x": "2"], value: 1, timestamp: 10),
            MetricSample(labels: ["__name__": "a"], value: 2, timestamp: 20),
            MetricSample(labels: ["__name__": "b", "x": "1"], value: 3, timestamp: 30),
        ]
        #expect(String(decoding: ExpositionEncoder.federation(samples), as: UTF8.self) == """
            # TYPE a untyped
            a 2 20
            # TYPE b untyped
            b{x="1"} 3 30
            b{x="2"} 1 10

            """)
    }

    @Test func openMetricsText() {
        let family = MetricFamily(name: "jobs", type: .counter, help: "Jobs \"done\".", unit: "", samples: [
            MetricSample(labels: ["__name__": "jobs_total"], value: 5, timestamp: 1500,
                         exemplar: Exemplar(labels: ["id": "7"], value: 1, timestamp: -250)),
        ])
        #expect(String(decoding: ExpositionEncoder.openMetrics([family]), as: UTF8.self) == #"""
            # TYPE jobs counter
            # HELP jobs Jobs \"done\".
            jobs_total 5 1.5 # {id="7"} 1 -0.25
            # EOF

            """#)
    }
}
