#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Logging
import VigilExposition
import VigilModel
import VigilStorage

/// Storage benchmarks (docs/performance.md, "Storage"):
///
/// - `storage-ingest [TARGETS] [SERIES] [TICKS] [DIR]`: scrape-like appends, one batch per
///   target per tick (2 s apart in sample time) from concurrent tasks; CPU seconds per
///   million samples, RSS per series, bytes on disk per sample.
/// - `storage-import FILE [DIR]`: `vigil import openmetrics` of FILE; time, rate, bytes per
///   sample all-in (every file of the data directory).
/// - `storage-select DIR [SECONDS]`: decode every sample of every series of a store,
///   repeatedly; samples per second of CPU time (one core).
/// - `storage-codec`: encode and decode rates of the chunk codec on synthetic series.
enum StorageBenchmarks {
    static var logger: Logger {
        var logger = Logger(label: "vigil-bench")
        logger.logLevel = .warning
        return logger
    }

    // MARK: - Ingest

    static func ingest(_ arguments: [String]) async {
        let targets = arguments.count > 0 ? Int(arguments[0]) ?? 50 : 50
        let perTarget = arguments.count > 1 ? Int(arguments[1]) ?? 2000 : 2000
        let ticks = arguments.count > 2 ? Int(arguments[2]) ?? 75 : 75
        let directory = arguments.count > 3 ? arguments[3] : temporaryDirectory("ingest")
        let processBaselineRSS = residentBytes()
        var farm = (0..<targets).map { SyntheticTarget(index: $0, series: perTarget) }
        let start = Timestamp(1_764_000_000_000)
        print("storage-ingest: \(targets) targets x \(perTarget) series, \(ticks) ticks, store in \(directory)")

        // What building the batches costs alone, to subtract from the process' CPU time.
        var generator = farm
        let generationStart = cpuSeconds()
        for tick in 0..<ticks {
            for index in generator.indices { _ = generator[index].batch(tick: tick, start: start, refs: nil) }
        }
        let generationCPU = cpuSeconds() - generationStart
        // The store's own memory is counted from here: the targets' labels and batches are
        // the benchmark's (a scrape loop's cache costs about as much in the server).
        let baselineRSS = residentBytes()
        let storage: Storage
        do {
            storage = try Storage.open(directory: directory, logger: logger)
        } catch {
            print("storage-ingest: \(error)")
            return
        }

        var refs = [[SeriesRef?]](repeating: [], count: targets)
        var samples = 0
        var steadySamples = 0
        var firstTickCPU = 0.0
        let cpuStart = cpuSeconds()
        let wallStart = Date()
        var peakRSS = 0
        var rssSamples: [Int] = []
        for tick in 0..<ticks {
            let tickRefs = refs
            let tickFarm = farm
            let reports = await withTaskGroup(of: (Int, AppendReport?, SyntheticTarget).self) { group in
                for index in tickFarm.indices {
                    var target = tickFarm[index]
                    group.addTask {
                        let batch = target.batch(tick: tick, start: start, refs: tickRefs[index].isEmpty ? nil : tickRefs[index])
                        return (index, try? await storage.append(batch), target)
                    }
                }
                var all: [(Int, AppendReport?, SyntheticTarget)] = []
                for await result in group { all.append(result) }
                return all
            }
            for (index, report, target) in reports {
                farm[index] = target
                guard let report else { continue }
                if refs[index].isEmpty { refs[index] = report.refs }
                samples += report.appended
                if tick > 0 { steadySamples += report.appended }
            }
            if tick == 0 { firstTickCPU = cpuSeconds() - cpuStart }
            let rss = residentBytes()
            peakRSS = max(peakRSS, rss)
            if tick >= ticks / 2 { rssSamples.append(rss) }
        }
        let cpu = cpuSeconds() - cpuStart
        let wall = Date().timeIntervalSince(wallStart)
        let steadyCPU = cpu - firstTickCPU - generationCPU * Double(ticks - 1) / Double(ticks)
        rssSamples.sort()
        let steadyRSS = rssSamples.isEmpty ? residentBytes() : rssSamples[rssSamples.count / 2]
        let series = targets * perTarget
        _ = try? await storage.upkeep()
        let diskBytes = directoryBytes(directory)
        let logBytes = storage.counters.logBytesWritten
        print("  samples appended:        \(samples) in \(format(wall, 2)) s wall (\(Int(Double(samples) / wall)) samples/s)")
        print("  CPU s per 1M samples:    \(format(steadyCPU / Double(steadySamples) * 1e6, 3)) steady (batch generation of \(format(generationCPU / Double(ticks * series) * 1e6, 3)) subtracted), \(format((cpu - generationCPU) / Double(samples) * 1e6, 3)) incl. series creation")
        print("  RSS per series:           \(format(Double(steadyRSS - baselineRSS) / Double(series) / 1024, 2)) KiB for the store (steady \(steadyRSS >> 20) MiB, peak \(peakRSS >> 20) MiB, \(baselineRSS >> 20) MiB before opening it); \(format(Double(steadyRSS - processBaselineRSS) / Double(series) / 1024, 2)) KiB with the benchmark's targets")
        print("  bytes on disk per sample: \(format(Double(diskBytes) / Double(samples), 3)) (\(diskBytes) bytes, every file of the directory: \(fileSizes(directory)))")
        print("  append log per sample:    \(format(Double(logBytes) / Double(samples), 3)) bytes of records")
        do {
            try await storage.close()
        } catch {
            print("  close failed: \(error)")
        }
        print("  after close:              \(format(Double(directoryBytes(directory)) / Double(samples), 3)) bytes per sample (\(fileSizes(directory)))")
    }

    // MARK: - Import

    static func importFile(_ arguments: [String]) async {
        guard let file = arguments.first else {
            print("storage-import: usage: vigil-bench storage-import FILE [DIR]")
            return
        }
        let directory = arguments.count > 1 ? arguments[1] : temporaryDirectory("import")
        do {
            let storage = try Storage.open(directory: directory, options: StorageOptions(retentionTime: nil), logger: logger)
            let cpuStart = cpuSeconds()
            let summary = try await storage.importSamples(file: file, reader: { ExpositionParser(unsafeBytes: $0, format: .openMetrics) }) { progress in
                FileHandle.standardError.write(Data(("\r" + progress.bar()).utf8))
            }
            let cpu = cpuSeconds() - cpuStart
            FileHandle.standardError.write(Data("\n".utf8))
            try await storage.close()
            let bytes = directoryBytes(directory)
            print(summary)
            print("storage-import: \(file) into \(directory)")
            print("  CPU:                      \(format(cpu, 1)) s (\(Int(Double(summary.samples) / cpu)) samples per CPU second)")
            print("  peak RSS:                 \(peakResidentBytes() >> 20) MiB")
            print("  bytes on disk per sample: \(format(Double(bytes) / Double(summary.samples), 3)) (\(bytes) bytes, every file of the directory)")
        } catch {
            print("storage-import: \(error)")
        }
    }

    // MARK: - Select

    static func select(_ arguments: [String]) {
        guard let directory = arguments.first else {
            print("storage-select: usage: vigil-bench storage-select DIR [SECONDS]")
            return
        }
        let seconds = arguments.count > 1 ? Double(arguments[1]) ?? 5 : 5
        do {
            let storage = try Storage.open(directory: directory, options: StorageOptions(retentionTime: nil), logger: logger)
            let all = [try LabelMatcher(.regexMatch, "__name__", ".+")]
            var rounds = 0
            var samples = 0
            var checksum = 0.0
            var selectCPU = 0.0
            var decodeCPU = 0.0
            let wallStart = Date()
            while Date().timeIntervalSince(wallStart) < seconds || rounds == 0 {
                let selectStart = cpuSeconds()
                let querier = try storage.querier()
                let series = try querier.select(all, mint: .min, maxt: .max)
                let decodeStart = cpuSeconds()
                selectCPU += decodeStart - selectStart
                for one in series {
                    let decoded = try one.samples()
                    samples += decoded.count
                    checksum += decoded.last?.v ?? 0
                }
                decodeCPU += cpuSeconds() - decodeStart
                rounds += 1
            }
            print("storage-select: \(directory), \(rounds) rounds of select-all (checksum \(checksum))")
            print("  samples decoded:          \(samples)")
            print("  decode:                   \(format(Double(samples) / decodeCPU / 1e6, 1)) M samples per CPU second")
            print("  select + read blobs:      \(format(selectCPU / Double(rounds) * 1000, 1)) ms CPU per round")
            print("  end to end:               \(format(Double(samples) / (decodeCPU + selectCPU) / 1e6, 1)) M samples per CPU second")
        } catch {
            print("storage-select: \(error)")
        }
    }

    // MARK: - Helpers

    static func cpuSeconds() -> Double {
        var usage = rusage()
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        return Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6 + Double(usage.ru_stime.tv_sec)
            + Double(usage.ru_stime.tv_usec) / 1e6
    }

    static func residentBytes() -> Int { statusField("VmRSS:") }
    static func peakResidentBytes() -> Int { statusField("VmHWM:") }

    private static func statusField(_ name: String) -> Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
        for line in status.split(separator: "\n") where line.hasPrefix(name) {
            return (Int(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "0") ?? 0) * 1024
        }
        return 0
    }

    static func directoryBytes(_ path: String) -> Int {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
        return names.reduce(0) { total, name in
            let attributes = try? FileManager.default.attributesOfItem(atPath: path + "/" + name)
            return total + (attributes?[.size] as? Int ?? 0)
        }
    }

    static func fileSizes(_ path: String) -> String {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).sorted()
        return names.compactMap { name in
            let size = (try? FileManager.default.attributesOfItem(atPath: path + "/" + name))?[.size] as? Int ?? 0
            return size > 0 ? "\(name) \(size >> 10) KiB" : nil
        }.joined(separator: ", ")
    }

    static func temporaryDirectory(_ name: String) -> String {
        let path = NSTemporaryDirectory() + "vigil-bench-\(name)-\(getpid())"
        try? FileManager.default.removeItem(atPath: path)
        return path
    }

    static func format(_ value: Double, _ decimals: Int) -> String {
        String(format: "%.\(decimals)f", value)
    }
}

/// A scrape target of the ingest benchmark, shaped like bench/farm.py: ~30% counters
/// growing by 0...40, ~40% histogram series (10 buckets, count, sum), the rest gauges with
/// two decimals; new values every scrape.
struct SyntheticTarget: Sendable {
    let index: Int
    private(set) var labels: [Labels] = []
    private var counters: [Double] = []
    private var random: UInt64

    init(index: Int, series: Int) {
        self.index = index
        random = UInt64(index + 1) &* 0x9E37_79B9_7F4A_7C15
        let instance = "target-\(index):9100"
        let histograms = max(1, series * 4 / 10 / 12)
        let counterCount = series * 3 / 10
        for j in 0..<counterCount {
            labels.append(["__name__": "bench_requests_total", "instance": instance, "job": "bench", "route": "r\(j / 3)", "code": ["200", "404", "500"][j % 3]])
        }
        for h in 0..<histograms {
            for le in ["0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1", "2.5", "+Inf"] {
                labels.append(["__name__": "bench_latency_seconds_bucket", "instance": instance, "job": "bench", "route": "r\(h)", "le": le])
            }
            labels.append(["__name__": "bench_latency_seconds_count", "instance": instance, "job": "bench", "route": "r\(h)"])
            labels.append(["__name__": "bench_latency_seconds_sum", "instance": instance, "job": "bench", "route": "r\(h)"])
        }
        while labels.count < series {
            labels.append(["__name__": "bench_temperature_celsius", "instance": instance, "job": "bench", "sensor": "s\(labels.count)"])
        }
        counters = [Double](repeating: 0, count: labels.count)
        for j in counters.indices { counters[j] = Double(next() % 1_000_000) }
    }

    private mutating func next() -> UInt64 {
        random ^= random << 13
        random ^= random >> 7
        random ^= random << 17
        return random
    }

    /// The scrape at `tick`: labels the first time, references afterwards (a scrape cache).
    mutating func batch(tick: Int, start: Timestamp, refs: [SeriesRef?]?) -> AppendBatch {
        let t = start + Timestamp(tick) * 2000
        var batch = AppendBatch()
        batch.entries.reserveCapacity(labels.count)
        for j in labels.indices {
            let name = labels[j][LabelName.metric] ?? ""
            let value: Double
            if name == "bench_temperature_celsius" {
                value = Double(next() % 100_000) / 100
            } else if name == "bench_latency_seconds_sum" {
                counters[j] += Double(next() % 60) * 0.137
                value = (counters[j] * 1000).rounded() / 1000
            } else {
                counters[j] += Double(next() % 41)
                value = counters[j]
            }
            let key: AppendBatch.SeriesKey = refs?[j].map { .ref($0) } ?? .labels(labels[j])
            batch.entries.append(AppendBatch.Entry(key, t: t, v: value))
        }
        return batch
    }
}
