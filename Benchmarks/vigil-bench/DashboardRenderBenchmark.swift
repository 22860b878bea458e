#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import VigilDashboard
import VigilModel
import VigilPromQL

/// `vigil-bench dashboard-render [SERIES] [RUNS]`: server-side render time and page weight
/// of a dashboard of 8 time series panels over 6 hours, each panel showing SERIES series
/// (default 1,000). Query results are prepared beforehand, so this measures the
/// dashboard's own work — variables, intervals, folding, SVG and HTML — not PromQL.
enum DashboardRenderBenchmark {
    /// Answers every range query with the prepared matrix of its panel.
    struct PreparedQuerier: PanelQuerier {
        let matrices: [String: [RangeSeries]]
        let frameStart: Timestamp
        let step: Int64

        func range(_ query: String, start: Timestamp, end: Timestamp, step: Int64) async throws -> QueryValue {
            .matrix(matrices[query] ?? [])
        }

        func instant(_ query: String, at time: Timestamp) async throws -> QueryValue { .vector([]) }

        func labelValues(_ label: String, matching selector: String?, start: Timestamp, end: Timestamp) async throws -> [String] { [] }
    }

    static func run(_ arguments: [String]) {
        let seriesPerPanel = arguments.first.flatMap { Int($0) } ?? 1000
        let runs = arguments.dropFirst().first.flatMap { Int($0) } ?? 20
        let now: Timestamp = 1_750_000_000_000
        let styles: [TimeSeriesOptions.Style] = [.lines, .area, .stacked, .lines, .points, .lines, .area, .lines]
        var panels: [Panel] = []
        for index in 0..<8 {
            let query = PanelQuery(expr: "sum by (instance) (rate(metric_\(index)_total[$__rate_interval]))", legend: "{{instance}}")
            panels.append(
                Panel(id: index + 1, title: "Panel \(index + 1)", kind: .timeSeries(TimeSeriesOptions(style: styles[index])), width: 12, height: 9,
                      queries: [query], field: FieldOptions(unit: index % 2 == 0 ? .requestsPerSecond : .seconds)))
        }
        let dashboard = Dashboard(uid: "bench", title: "Benchmark", time: .last(21_600_000), rows: [DashboardRow(panels: panels)])

        // Prepare each panel's result on the step the loader will ask for.
        let range = dashboard.time.resolve(now: now)
        let size = PanelLayout.bodySize(width: 12, height: 9)
        let interval = QueryInterval.calculate(range: range, maxDataPoints: Int(max(50, size.width - 56)), minInterval: 15_000, scrapeInterval: 15_000)
        var matrices: [String: [RangeSeries]] = [:]
        var random = SplitMix(state: 42)
        for index in 0..<8 {
            let scope = TemplateScope(interval: interval, range: range)
            let expr = scope.expand(panels[index].queries[0].expr, for: .promQL)
            matrices[expr] = (0..<seriesPerPanel).map { s in
                var value = 50 + Double(s % 100)
                let samples = stride(from: interval.start, through: interval.end, by: Int(interval.step)).map { t -> Sample in
                    value = max(0, value + (random.unit() - 0.5) * 4)
                    return Sample(t: t, v: value)
                }
                return RangeSeries(labels: ["instance": "host-\(s):9100", "job": "node"], samples: samples)
            }
        }
        let points = matrices.values.reduce(0) { $0 + $1.reduce(0) { $0 + $1.samples.count } }
        let loader = DashboardLoader(querier: PreparedQuerier(matrices: matrices, frameStart: interval.start, step: interval.step))
        let url = PageURL(path: "/d/bench", rawQuery: "from=now-6h&to=now")
        let context = PageContext(url: url, now: now)

        var times: [Double] = []
        var cpu: [Double] = []
        var bytes = 0
        var last = ""
        for _ in 0..<runs {
            let start = monotonicSeconds()
            let cpuStart = cpuSeconds()
            let html = blocking {
                let view = await loader.load(dashboard, request: DashboardRequest(url: url, now: now))
                return DashboardPage(view: view).render(context: context)
            }
            times.append((monotonicSeconds() - start) * 1000)
            cpu.append((cpuSeconds() - cpuStart) * 1000)
            bytes = html.utf8.count
            last = html
        }
        // VIGIL_BENCH_OUT=<file> keeps the page, to look at or to measure its parts.
        if let out = getenv("VIGIL_BENCH_OUT"), let file = fopen(out, "w") {
            fputs(last, file)
            fclose(file)
        }
        times.sort()
        cpu.sort()
        let median = times[times.count / 2]
        print("dashboard-render: 8 panels × \(seriesPerPanel) series × 6h (step \(QueryInterval.format(interval.step)), \(points) points)")
        print("  render: min \(format(times[0])) ms, median \(format(median)) ms, max \(format(times[times.count - 1])) ms over \(runs) runs")
        print("  cpu:    min \(format(cpu[0])) ms, median \(format(cpu[cpu.count / 2])) ms (all threads; wall time grows when other processes share the cores)")
        print("  page:   \(format(Double(bytes) / 1024)) KB HTML (\(format(Double(bytes) / 1024 / 8)) KB per panel)")
    }

    /// Runs async work to completion from synchronous code (a benchmark's main thread).
    static func blocking<T: Sendable>(_ work: @escaping @Sendable () async -> T) -> T {
        let box = ResultBox<T>()
        let semaphore = Semaphore()
        Task {
            box.value = await work()
            semaphore.signal()
        }
        semaphore.wait()
        return box.value!
    }

    final class ResultBox<T>: @unchecked Sendable {
        // @unchecked: written once by the task before the semaphore is signalled, read after.
        var value: T?
    }

    final class Semaphore: @unchecked Sendable {
        // @unchecked: a POSIX semaphore is safe to use from any thread.
        private var semaphore = sem_t()
        init() { sem_init(&semaphore, 0, 0) }
        deinit { sem_destroy(&semaphore) }
        func signal() { sem_post(&semaphore) }
        func wait() { while sem_wait(&semaphore) != 0 {} }
    }

    struct SplitMix {
        var state: UInt64
        mutating func unit() -> Double {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return Double((z ^ (z >> 31)) >> 11) / Double(1 << 53)
        }
    }

    static func monotonicSeconds() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
    }

    static func cpuSeconds() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
    }

    static func format(_ value: Double) -> String {
        let rounded = (value * 10).rounded() / 10
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
    }
}
