#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import VigilModel
import VigilPromQL

/// `vigil-bench query [SERIES] [HOURS] [REPS] [QUERY-ID] [MODE]`: median latency of the 17 queries of the query
/// benchmark (`../shared/bench/queries.py`) through the PromQL engine alone, on an in-memory
/// copy of the benchmark's dataset shape (`gen_dataset.py`: 100 series per instance, samples
/// every 15 s), as an instant query at the last sample and as 6 h and 24 h range queries with
/// a 60 s step. Prometheus 2.42's end-to-end medians on the same shape (BASELINE.md) are
/// printed beside for scale; they include storage and HTTP, which these numbers do not.
enum QueryBenchmark {
    static let queries: [(id: String, query: String, baseline: [Double])] = [
        ("sel_eq", #"http_requests_total{job="api",code="500"}"#, [1.13, 16.7, 81]),
        ("sel_metric", "node_memory_MemAvailable_bytes", [0.68, 8.1, 32]),
        ("sel_regex", #"http_requests_total{route=~"/api/.*",method!="GET"}"#, [3.09, 59.5, 276]),
        ("sel_name_re", #"{__name__=~"node_.*",instance="host-0007:9100"}"#, [0.46, 1.7, 4.6]),
        ("rate_sum_by", "sum by (job) (rate(http_requests_total[5m]))", [10.0, 251, 938]),
        ("rate_sum_by2", "sum by (job, code) (rate(http_requests_total[5m]))", [11.9, 292, 957]),
        ("hist_q99_agg", "histogram_quantile(0.99, sum by (le, job) (rate(http_request_duration_seconds_bucket[5m])))", [19.6, 450, 1751]),
        ("hist_q90_series", #"histogram_quantile(0.9, rate(http_request_duration_seconds_bucket{route="/api/users"}[5m]))"#, [5.99, 175, 557]),
        ("topk_rate", "topk(10, rate(node_network_receive_bytes_total[5m]))", [1.25, 30.5, 88]),
        ("avg_ot_1h", "avg_over_time(temperature_celsius[1h])", [13.0, 601, 2281]),
        ("max_ot_30m", "max_over_time(queue_depth[30m])", [3.79, 75.6, 240]),
        ("quant_ot_1h", "quantile_over_time(0.95, process_resident_memory_bytes[1h])", [2.81, 744, 3044]),
        ("err_ratio", #"sum(rate(http_requests_total{code=~"5.."}[5m])) / sum(rate(http_requests_total[5m]))"#, [17.3, 371, 1292]),
        ("avg_latency", "rate(http_request_duration_seconds_sum[5m]) / rate(http_request_duration_seconds_count[5m])", [4.39, 175, 647]),
        ("cpu_busy", #"100 * (1 - avg by (instance) (rate(node_cpu_seconds_total{mode="idle"}[5m])))"#, [1.69, 53.5, 210]),
        ("group_left", "node_filesystem_avail_bytes / on (instance) group_left node_memory_MemAvailable_bytes", [1.61, 68.6, 276]),
        ("count_by", "count by (job) (process_resident_memory_bytes)", [0.62, 7.9, 26]),
    ]

    static func run(_ arguments: [String]) {
        let seriesCount = arguments.first.flatMap { Int($0) } ?? 10_000
        let hours = arguments.dropFirst().first.flatMap { Double($0) } ?? 24
        let reps = arguments.dropFirst(2).first.flatMap { Int($0) } ?? 5
        let only = arguments.dropFirst(3).first
        let onlyMode = arguments.dropFirst(4).first
        let start = seconds()
        let store = BenchStore(instances: max(1, seriesCount / 100), hours: hours)
        print("query: \(store.seriesCount) series, \(store.sampleCount) samples generated in \(format(seconds() - start)) s")

        let engine = Engine()
        let t0 = store.lastTime
        let modes: [(name: String, range: Int64)] = [("instant", 0), ("range6h", 6 * 3_600_000), ("range24h", 24 * 3_600_000)]
        print("| query | series out | instant ms | range 6h ms | range 24h ms | Prometheus 2.42 end-to-end (instant / 6h / 24h) |")
        print("| --- | --- | --- | --- | --- | --- |")
        var totals = [0.0, 0.0, 0.0]
        for entry in queries where only == nil || entry.id == only {
            guard let expr = try? Parser.parse(entry.query) else {
                print("| \(entry.id) | parse error | | | | |")
                continue
            }
            var medians: [Double] = []
            var seriesOut = 0
            for (index, mode) in modes.enumerated() {
                if let onlyMode, onlyMode != mode.name {
                    medians.append(0)
                    continue
                }
                let run = { () -> Int in
                    let result = mode.range == 0
                        ? try? engine.instant(expr, query: entry.query, at: t0, on: store)
                        : try? engine.range(expr, query: entry.query, start: t0 - mode.range, end: t0, step: 60_000, on: store)
                    switch result?.value {
                    case .vector(let v): return v.count
                    case .matrix(let m): return m.count
                    default: return -1
                    }
                }
                let out = run()  // warm-up, untimed
                if index == 0 { seriesOut = out }
                var times: [Double] = []
                for _ in 0..<(mode.range == 0 ? reps * 3 : reps) {
                    let before = seconds()
                    _ = run()
                    times.append((seconds() - before) * 1000)
                }
                times.sort()
                medians.append(times[times.count / 2])
                totals[index] += times[times.count / 2]
            }
            let baseline = entry.baseline.map { format($0) }.joined(separator: " / ")
            print("| \(entry.id) | \(seriesOut) | \(format(medians[0])) | \(format(medians[1])) | \(format(medians[2])) | \(baseline) |")
        }
        print("| sum of medians | | \(format(totals[0])) | \(format(totals[1])) | \(format(totals[2])) | 99 / 3382 / 12700 |")
    }

    private static func seconds() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
    }

    private static func format(_ value: Double) -> String {
        value >= 100 ? String(Int(value.rounded())) : String(Double(Int(value * 100)) / 100)
    }
}

/// The benchmark dataset in memory, indexed by metric name like a store's postings.
private final class BenchStore: Queryable, Querier, @unchecked Sendable {
    // @unchecked: immutable after init; queries only read.
    private var byName: [String: [(labels: Labels, samples: [Sample])]] = [:]
    private(set) var seriesCount = 0
    private(set) var sampleCount = 0
    let lastTime: Timestamp

    init(instances: Int, hours: Double) {
        let step: Int64 = 15_000
        let points = Int(hours * 3600 / 15)
        lastTime = 1_700_000_000_000 / step * step
        let firstTime = lastTime - Int64(points - 1) * step
        var random = SplitMix(seed: 42)
        let jobs = ["api", "web", "worker", "db"]
        func add(_ labels: [String: String], _ values: [Double]) {
            let set = Labels(labels)
            let samples = values.enumerated().map { Sample(t: firstTime + Int64($0.offset) * step, v: $0.element) }
            byName[labels["__name__"]!, default: []].append((set, samples))
            seriesCount += 1
            sampleCount += samples.count
        }
        func counter(_ base: Double, _ maxIncrement: Int) -> [Double] {
            var v = base
            return (0..<points).map { _ in v += Double(random.next(maxIncrement + 1)); return v }
        }
        func walk(_ base: Int, _ unit: Double, _ low: Int, _ high: Int) -> [Double] {
            var v = base
            return (0..<points).map { _ in
                let s = random.next(7) - 3
                v += s
                if v < low || v > high { v -= 2 * s }
                return Double(v) * unit
            }
        }
        let bounds = ["0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1.0", "2.5", "+Inf"]
        let fractions = [0.02, 0.06, 0.15, 0.32, 0.55, 0.78, 0.9, 0.96, 0.99, 1.0]
        for i in 0..<instances {
            let job = jobs[i % jobs.count]
            let instance = "host-" + String(repeating: "0", count: max(0, 4 - String(i).count)) + String(i) + ":9100"
            func base(_ name: String, _ extra: [String: String] = [:]) -> [String: String] {
                var l = ["__name__": name, "job": job, "instance": instance]
                for (k, v) in extra { l[k] = v }
                return l
            }
            for route in ["/api/users", "/api/orders", "/login", "/static"] {
                for method in ["GET", "POST"] {
                    for code in ["200", "404", "500"] {
                        add(base("http_requests_total", ["route": route, "method": method, "code": code]),
                            counter(Double(random.next(1_000_000)), code == "200" ? 40 : 4))
                    }
                }
                var cumulative = [Double](repeating: 0, count: bounds.count)
                var series = [[Double]](repeating: [], count: bounds.count + 2)
                var sum = 0.0
                for _ in 0..<points {
                    let observations = Double(random.next(31))
                    for (b, f) in fractions.enumerated() {
                        cumulative[b] += (observations * f).rounded()
                        series[b].append(cumulative[b])
                    }
                    sum += observations * 0.137
                    series[bounds.count].append(cumulative[bounds.count - 1])
                    series[bounds.count + 1].append(sum)
                }
                for (b, le) in bounds.enumerated() {
                    add(base("http_request_duration_seconds_bucket", ["route": route, "le": le]), series[b])
                }
                add(base("http_request_duration_seconds_count", ["route": route]), series[bounds.count])
                add(base("http_request_duration_seconds_sum", ["route": route]), series[bounds.count + 1])
            }
            for cpu in ["0", "1"] {
                for mode in ["idle", "user", "system", "iowait"] {
                    add(base("node_cpu_seconds_total", ["cpu": cpu, "mode": mode]),
                        counter(Double(random.next(100_000_000)), mode == "idle" ? 1500 : 375).map { $0 / 100 })
                }
            }
            for device in ["eth0", "lo"] {
                add(base("node_network_receive_bytes_total", ["device": device]), counter(Double(random.next(1_000_000_000)), 2_000_000))
            }
            add(base("node_memory_MemAvailable_bytes"), walk(200_000 + random.next(1_300_000), 4096, 10_000, 4_000_000))
            for mount in ["/", "/var"] {
                add(base("node_filesystem_avail_bytes", ["mountpoint": mount]), walk(1_000_000 + random.next(9_000_000), 65536, 1000, 100_000_000))
            }
            add(base("process_resident_memory_bytes"), walk(10_000 + random.next(190_000), 4096, 5000, 1_000_000))
            for queue in ["ingest", "email", "billing", "reports"] {
                add(base("queue_depth", ["queue": queue]), walk(random.next(51), 1, 0, 500))
            }
            for sensor in 0..<10 {
                add(base("temperature_celsius", ["sensor": "s\(sensor)"]), walk(300 + random.next(400), 0.1, 150, 950))
            }
        }
        for name in byName.keys { byName[name]!.sort { $0.labels < $1.labels } }
    }

    func querier() throws(ReadError) -> any Querier { self }

    func select(_ matchers: [LabelMatcher], mint: Timestamp, maxt: Timestamp) throws(ReadError) -> [SeriesData] {
        var candidates: [(labels: Labels, samples: [Sample])]
        if let name = matchers.first(where: { $0.name == LabelName.metric && $0.kind == .equal })?.value {
            candidates = byName[name] ?? []
        } else {
            candidates = byName.keys.filter { name in
                matchers.allSatisfy { $0.name != LabelName.metric || $0.matches(name) }
            }.flatMap { byName[$0]! }
            candidates.sort { $0.labels < $1.labels }
        }
        // As a postings index: each matcher runs once per distinct label value.
        var memo: [[String: Bool]] = Array(repeating: [:], count: matchers.count)
        func matches(_ labels: Labels) -> Bool {
            for (index, matcher) in matchers.enumerated() {
                let value = labels[matcher.name] ?? ""
                if let known = memo[index][value] {
                    if !known { return false }
                    continue
                }
                let result = matcher.matches(value)
                memo[index][value] = result
                if !result { return false }
            }
            return true
        }
        var out: [SeriesData] = []
        for series in candidates where matches(series.labels) {
            let all = series.samples
            guard let first = all.first, let last = all.last, first.t <= maxt, last.t >= mint else { continue }
            out.append(SeriesData(labels: series.labels) {
                // Samples sit every 15 s from the first: slice by index, as a chunk reader would.
                let lower = max(0, Int((mint - first.t + 14_999) / 15_000))
                let upper = min(all.count, Int((maxt - first.t) / 15_000) + 1)
                return lower < upper ? Array(all[lower..<upper]) : []
            })
        }
        return out
    }

    func labelNames(_ matchers: [LabelMatcher], mint: Timestamp, maxt: Timestamp) throws(ReadError) -> [String] { [] }

    func labelValues(_ name: String, _ matchers: [LabelMatcher], mint: Timestamp, maxt: Timestamp) throws(ReadError) -> [String] { [] }
}

/// A small deterministic generator, so every run sees the same data.
private struct SplitMix {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next(_ bound: Int) -> Int {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        z ^= z >> 31
        return Int(z % UInt64(bound))
    }
}
