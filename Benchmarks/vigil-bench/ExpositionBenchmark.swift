import Foundation
#if canImport(Glibc)
import Glibc
#endif
import VigilExposition
import VigilModel

/// `vigil-bench parse [FILE] [SECONDS]`: samples per second parsing a real
/// `prometheus-node-exporter` page (the test fixture, or FILE) per second of CPU time (one core), the way a scrape
/// loop does: every entry pulled, every sample's value and timestamp read; then once more
/// building `Labels` for every sample (a scrape whose series cache is cold).
enum ExpositionBenchmark {
    static func run(_ arguments: [String]) {
        let path = arguments.first ?? fixturePath()
        let seconds = arguments.count > 1 ? Double(arguments[1]) ?? 3 : 3
        guard let data = FileManager.default.contents(atPath: path) else {
            print("parse: cannot read \(path)")
            return
        }
        let bytes = [UInt8](data)
        let format: ExpositionFormat = path.hasSuffix(".om.txt") ? .openMetrics : .prometheusText
        print("parse: \(path) (\(bytes.count) bytes, \(format.rawValue))")
        measure("pull parse (values only)", bytes, format, seconds) { parser in
            var checksum = 0.0
            var samples = 0
            while let entry = try parser.next() {
                if case .sample(let sample) = entry {
                    checksum += sample.value + Double(sample.timestamp ?? 0)
                    samples += 1
                }
            }
            return (samples, checksum)
        }
        measure("pull parse + series bytes hash", bytes, format, seconds) { parser in
            var checksum = 0.0
            var samples = 0
            while let entry = try parser.next() {
                if case .sample(let sample) = entry {
                    var hasher = Hasher()
                    parser.withSeriesBytes { hasher.combine(bytes: $0) }
                    checksum += sample.value + Double(hasher.finalize() & 1)
                    samples += 1
                }
            }
            return (samples, checksum)
        }
        measure("pull parse + Labels for every sample", bytes, format, seconds) { parser in
            var checksum = 0.0
            var samples = 0
            while let entry = try parser.next() {
                if case .sample(let sample) = entry {
                    checksum += sample.value + Double(parser.labels().count)
                    samples += 1
                }
            }
            return (samples, checksum)
        }
    }

    private static func measure(
        _ name: String, _ bytes: [UInt8], _ format: ExpositionFormat, _ seconds: Double,
        _ body: (inout ExpositionParser) throws -> (Int, Double)
    ) {
        var samples = 0
        var checksum = 0.0
        var rounds = 0
        // The rate is per second of this thread's CPU time: what one core does, even
        // when the machine is shared.
        let start = threadCPUSeconds()
        do {
            // Bounded by CPU time and by a round count, whichever comes first.
            while threadCPUSeconds() - start < seconds, rounds < 10_000_000 {
                var parser = ExpositionParser(bytes: bytes, format: format)
                let (n, sum) = try body(&parser)
                samples += n
                checksum += sum
                rounds += 1
            }
        } catch {
            print("parse: \(name): \(error)")
            return
        }
        let elapsed = threadCPUSeconds() - start
        let rate = Double(samples) / elapsed
        let megabytes = Double(bytes.count * rounds) / elapsed / 1e6
        print(String(format: "parse: %@: %.2f million samples/s, %.0f MB/s (%d rounds, checksum %.0f)",
                     name, rate / 1e6, megabytes, rounds, checksum))
    }

    private static func threadCPUSeconds() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
    }

    /// `Tests/VigilExpositionTests/Testdata/node-exporter.prom`, found from this file's path.
    private static func fixturePath() -> String {
        var url = URL(fileURLWithPath: #filePath)
        while url.lastPathComponent != "Benchmarks", url.pathComponents.count > 1 { url.deleteLastPathComponent() }
        return url.deletingLastPathComponent()
            .appendingPathComponent("Tests/VigilExpositionTests/Testdata/node-exporter.prom").path
    }
}
