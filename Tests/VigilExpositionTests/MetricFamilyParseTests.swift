import Testing
import VigilExposition
import VigilModel

/// Whole bodies into families with strict checks: what a push or an import needs.
@Suite struct MetricFamilyParseTests {
    @Test func groupsSamplesIntoFamiliesWithMetadata() throws {
        let text = """
            # HELP rpc_seconds RPC latency.
            # TYPE rpc_seconds summary
            rpc_seconds{quantile="0.5"} 0.2
            rpc_seconds_sum 12
            rpc_seconds_count 40
            # TYPE http_latency histogram
            http_latency_bucket{le="1"} 3
            http_latency_bucket{le="+Inf"} 4
            http_latency_sum 2.5
            http_latency_count 4
            up 1
            up_sum 3

            """
        let families = try MetricFamily.parse(Array(text.utf8), format: .prometheusText)
        #expect(families.map(\.name) == ["rpc_seconds", "http_latency", "up", "up_sum"])
        #expect(families.map(\.type) == [.summary, .histogram, .unknown, .unknown])
        #expect(families[0].metadata == MetricMetadata(type: .summary, help: "RPC latency."))
        #expect(families[0].samples.map(\.labels.metricName) == ["rpc_seconds", "rpc_seconds_sum", "rpc_seconds_count"])
        #expect(families[1].samples[0].labels == ["__name__": "http_latency_bucket", "le": "1.0"])
    }

    @Test func openMetricsFamiliesKeepUnitsAndExemplars() throws {
        let text = """
            # TYPE job_seconds counter
            # UNIT job_seconds seconds
            # HELP job_seconds Time spent.
            job_seconds_total 5 # {trace_id="a"} 1.5 1700000000
            job_seconds_created 1699999000
            # EOF

            """
        let families = try MetricFamily.parse(Array(text.utf8), format: .openMetrics)
        #expect(families.count == 1)
        #expect(families[0].metadata == MetricMetadata(type: .counter, help: "Time spent.", unit: "seconds"))
        #expect(families[0].samples.count == 2)
        #expect(families[0].samples[0].exemplar == Exemplar(labels: ["trace_id": "a"], value: 1.5, timestamp: 1_700_000_000_000))
        #expect(families[0].samples[1].labels.metricName == "job_seconds_created")
    }

    /// What strict parsing refuses in the Prometheus text format (as the Pushgateway's
    /// `expfmt` parser and the client gatherers do), with the line it points at.
    @Test(arguments: [
        ("# HELP a x\n# HELP a y\n", #"2:1: parse error: second HELP line for metric name "a""#),
        ("# TYPE a gauge\n# TYPE a counter\n", #"2:1: parse error: second TYPE line for metric name "a", or TYPE reported after samples"#),
        ("a 1\n# TYPE a gauge\n", #"2:1: parse error: second TYPE line for metric name "a", or TYPE reported after samples"#),
        ("a 1\nb 2\na 3\n", #"3:1: parse error: duplicate sample for series a"#),
        ("a{x=\"1\"} 1\na{x=\"1\"} 2\n", #"2:1: parse error: duplicate sample for series a{x="1"}"#),
        ("# TYPE h histogram\nh_bucket 1\n", #"2:1: parse error: expected float as value for 'le' label in histogram "h""#),
        ("# TYPE h histogram\nh_bucket{le=\"x\"} 1\n", #"2:1: parse error: expected float as value for 'le' label in histogram "h""#),
        ("# TYPE s summary\ns 1\n", #"2:1: parse error: expected float as value for 'quantile' label in summary "s""#),
        ("a{b=\"1\" c=\"2\"} 1\n", #"1:9: parse error: expected comma or brace close, got "c""#),
        ("a{b=\"x\ny\"} 1\n", "1:5: parse error: expected label value, got unterminated quoted string"),
    ])
    func strictPrometheusTextRefuses(_ text: String, _ expected: String) {
        do {
            _ = try MetricFamily.parse(Array(text.utf8), format: .prometheusText)
            Issue.record("accepted")
        } catch {
            #expect(error.description == expected)
        }
    }

    /// The same series again is fine at another timestamp; samples of a family may be
    /// interleaved with others (expfmt merges them).
    @Test func strictPrometheusTextAccepts() throws {
        let text = "a 1 1000\na 2 2000\n# TYPE h histogram\nh_bucket{le=\"+Inf\"} 1\nb 1\nh_sum 1\nh_count 1\n"
        let families = try MetricFamily.parse(Array(text.utf8), format: .prometheusText)
        #expect(families.map(\.name) == ["a", "h", "b"])
        #expect(families[1].samples.count == 3)
    }
}
