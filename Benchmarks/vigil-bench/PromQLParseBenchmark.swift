#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import VigilPromQL

/// `vigil-bench promql-parse [SECONDS]`: queries per second of CPU time (one core) through
/// `Parser.parse` (lex, parse, type check), then through printing and prettifying, over
/// queries typical of dashboards and rules.
enum PromQLParseBenchmark {
    static let queries = [
        #"up"#,
        #"sum by (status) (rate(http_requests_total{job="ml-service"}[5m]))"#,
        #"histogram_quantile(0.9, sum by (le) (rate(http_request_latency_seconds_bucket{job="ml-service"}[5m])))"#,
        #"sum(rate(http_requests_total{status=~"5.."}[5m])) / sum(rate(http_requests_total[5m])) > 0.05"#,
        #"(node_filesystem_avail_bytes{job="node",fstype!=""} / node_filesystem_size_bytes{job="node",fstype!=""} * 100 < 40 and predict_linear(node_filesystem_avail_bytes{job="node",fstype!=""}[6h], 24*60*60) < 0 and node_filesystem_readonly{job="node",fstype!=""} == 0)"#,
        #"max_over_time(deriv(rate(distance_covered_total[5s])[30s:5s])[10m:])"#,
        #"label_replace(up{job="api-server",service="a:c"}, "foo", "$1", "service", "(.*):.*")"#,
        #"topk(3, sum without (instance) (rate(node_cpu_seconds_total{mode!="idle"}[1m]))) * on (job) group_left (version) build_info"#,
    ]

    static func run(_ arguments: [String]) {
        let seconds = arguments.first.flatMap { Double($0) } ?? 3
        measure("parse", seconds) { query in
            (try? Parser.parse(query)) == nil ? 0 : 1
        }
        let parsed = queries.compactMap { try? Parser.parse($0) }
        var index = 0
        measure("print", seconds) { _ in
            index = (index + 1) % parsed.count
            return parsed[index].description.utf8.count
        }
        measure("prettify", seconds) { _ in
            index = (index + 1) % parsed.count
            return parsed[index].prettified().utf8.count
        }
    }

    private static func measure(_ name: String, _ seconds: Double, _ body: (String) -> Int) {
        var count = 0
        var checksum = 0
        let start = cpuSeconds()
        while cpuSeconds() - start < seconds {
            for query in queries {
                checksum &+= body(query)
                count += 1
            }
        }
        let elapsed = cpuSeconds() - start
        let perSecond = Int(Double(count) / elapsed)
        print("promql-parse: \(name): \(perSecond) queries/s (\(count) in \(elapsed) s CPU, checksum \(checksum))")
    }

    private static func cpuSeconds() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
    }
}
