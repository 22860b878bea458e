import Foundation

/// The dataset as an OpenMetrics file and as promtool-made TSDB blocks, built once per test
/// process and removed when it exits. Servers run on copies, never on these files.
enum DifferentialFixture {
    struct Prepared: Sendable {
        var directory: String
        var openMetricsFile: String
        var prometheusBlocks: String
        var seriesCount: Int
        var sampleCount: Int
    }

    static let prepared = Task<Prepared, any Error> { try await prepare() }

    private static func prepare() async throws -> Prepared {
        let directory = try Environment.temporaryDirectory("fixture")
        // VIGIL_DIFFERENTIAL_KEEP=1 keeps the dataset and blocks for reproducing by hand.
        if ProcessInfo.processInfo.environment["VIGIL_DIFFERENTIAL_KEEP"] == nil {
            registerRemoval(of: directory)
        } else {
            print("[differential] dataset kept in \(directory)")
        }
        let dataset = DatasetGenerator.make()
        let file = directory + "/dataset.om.txt"
        try OpenMetricsWriter.text(of: dataset).write(toFile: file, atomically: false, encoding: .utf8)
        let blocks = directory + "/prometheus-blocks"
        try await ReferencePrometheus.createBlocks(from: file, into: blocks)
        let series = dataset.series
        return Prepared(
            directory: directory, openMetricsFile: file, prometheusBlocks: blocks,
            seriesCount: series.count, sampleCount: series.reduce(0) { $0 + $1.samples.count })
    }

    /// A fresh copy of the promtool blocks for one Prometheus instance.
    static func copyOfBlocks(_ prepared: Prepared, for name: String) throws -> String {
        let directory = try Environment.temporaryDirectory(name)
        let data = directory + "/data"
        try FileManager.default.copyItem(atPath: prepared.prometheusBlocks, toPath: data)
        return data
    }

    // The fixture outlives every test that uses it; remove it when the process exits.
    nonisolated(unsafe) private static var removals: [String] = []
    private static let removalLock = NSLock()

    private static func registerRemoval(of directory: String) {
        removalLock.lock()
        defer { removalLock.unlock() }
        if removals.isEmpty {
            atexit {
                for path in DifferentialFixture.pathsToRemove() { try? FileManager.default.removeItem(atPath: path) }
            }
        }
        removals.append(directory)
    }

    private static func pathsToRemove() -> [String] {
        removalLock.lock()
        defer { removalLock.unlock() }
        return removals
    }
}
