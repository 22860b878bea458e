import Foundation
import Synchronization
import Testing
import VigilModel

@testable import VigilStorage

/// What the fault tests need from the machine, checked before they run.
enum FaultEnvironment {
    /// The `vigil-bench` executable built beside the test bundle (it hosts the child
    /// process the kill test kills).
    static let benchBinary: String? = {
        let here = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var directory = here.deletingLastPathComponent()
        for _ in 0..<3 {
            let candidate = directory.appendingPathComponent("vigil-bench").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            directory = directory.deletingLastPathComponent()
        }
        return nil
    }()

    /// Whether a small tmpfs can be mounted here (root with mount rights).
    static let canMountTmpfs: Bool = {
        guard geteuid() == 0 else { return false }
        let probe = TemporaryDirectory()
        guard run("/bin/mount", ["-t", "tmpfs", "-o", "size=1m", "tmpfs", probe.path]) == 0 else { return false }
        return run("/bin/umount", [probe.path]) == 0
    }()

    @discardableResult
    static func run(_ tool: String, _ arguments: [String]) -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { return -1 }
        process.waitUntilExit()
        return process.terminationStatus
    }
}

/// Lines a child process prints, collected on a background thread.
final class LineCollector: @unchecked Sendable {
    private let lines = Mutex<[String]>([])
    private let pipe = Pipe()
    var handle: FileHandle { pipe.fileHandleForWriting }

    init() {
        let reader = pipe.fileHandleForReading
        Thread.detachNewThread { [self] in
            var pending = Data()
            while true {
                let chunk = reader.availableData
                if chunk.isEmpty { break }
                pending.append(chunk)
                while let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
                    let line = String(decoding: pending[pending.startIndex..<newline], as: UTF8.self)
                    self.lines.withLock { $0.append(line) }
                    pending.removeSubrange(pending.startIndex...newline)
                }
            }
        }
    }

    var snapshot: [String] { lines.withLock { $0 } }
}

@Suite(.serialized) struct FaultTests {
    static let writers = 4
    static let seriesPerWriter = 50

    @Test(.enabled(if: FaultEnvironment.benchBinary != nil, "needs vigil-bench beside the tests: swift build --product vigil-bench"))
    func killDuringIngestionLosesNoCommittedBatch() async throws {
        let directory = TemporaryDirectory()
        // Acknowledged batch indexes per writer, over all rounds (each round continues after
        // the newest stored sample).
        var acked = [Set<Int>](repeating: [], count: Self.writers)
        for round in 0..<3 {
            let collector = LineCollector()
            let child = Process()
            child.executableURL = URL(fileURLWithPath: FaultEnvironment.benchBinary!)
            child.arguments = ["storage-crash-child", directory.path, "\(Self.writers)", "\(Self.seriesPerWriter)"]
            child.standardOutput = collector.handle
            child.standardError = FileHandle.nullDevice
            try child.run()
            // Let it ingest (cutting, flushing and checkpointing) for a while, then kill it.
            for _ in 0..<200 {
                if collector.snapshot.filter({ $0.hasPrefix("ack ") }).count >= 200 || !child.isRunning { break }
                try await Task.sleep(for: .milliseconds(50))
            }
            kill(child.processIdentifier, SIGKILL)
            child.waitUntilExit()
            let lines = collector.snapshot
            #expect(!lines.contains { $0.hasPrefix("error") }, "\(lines.filter { $0.hasPrefix("error") })")
            var thisRound = 0
            for line in lines where line.hasPrefix("ack ") {
                let fields = line.split(separator: " ")
                if fields.count == 3, let writer = Int(fields[1]), let index = Int(fields[2]) {
                    acked[writer].insert(index)
                    thisRound += 1
                }
            }
            #expect(thisRound > 0, "round \(round): no acknowledged batches")

            let storage = try TestStore.open(directory, options: StorageOptions(retentionTime: nil))
            for writer in 0..<Self.writers {
                let series = try storage.querier().select([.equal("w", "\(writer)")], mint: .min, maxt: .max)
                #expect(series.count == Self.seriesPerWriter)
                for one in series {
                    let stored = Dictionary(uniqueKeysWithValues: try one.samples().map { ($0.t, $0.v) })
                    let missing = acked[writer].filter { stored[Timestamp($0) * 1000] != Double($0) }
                    #expect(missing.isEmpty, "round \(round) \(one.labels): acknowledged batches missing: \(missing.sorted().prefix(5))")
                }
            }
            #expect(try await storage.checkIntegrity() == "ok")
            try await storage.close()
        }
    }

    @Test(.enabled(if: FaultEnvironment.canMountTmpfs, "needs root to mount a 4 MiB tmpfs"))
    func aFullDiskFailsAppendsButKeepsTheStoreWorking() async throws {
        let mountpoint = TemporaryDirectory()
        #expect(FaultEnvironment.run("/bin/mount", ["-t", "tmpfs", "-o", "size=4m", "tmpfs", mountpoint.path]) == 0)
        defer { FaultEnvironment.run("/bin/umount", [mountpoint.path]) }
        let directory = mountpoint.path + "/store"
        var options = StorageOptions(retentionTime: nil)
        options.samplesPerChunk = 60
        options.checkpointLogBytes = 64 << 10
        var storage: Storage! = try Storage.open(directory: directory, options: options, logger: TestStore.quietLogger)
        // Leave about 1.5 MiB free.
        let filler = mountpoint.path + "/filler"
        #expect(FileManager.default.createFile(atPath: filler, contents: Data(count: 2_400_000)))

        // Append until three batches in a row fail; acknowledged batches must all stay.
        var stored: [Int] = []
        var failures: [AppendError] = []
        var consecutive = 0
        for index in 0..<20_000 where consecutive < 3 {
            var batch = AppendBatch()
            for series in 0..<100 {
                batch.append(["__name__": "fill", "s": "\(series)"], t: Timestamp(index) * 1000, v: Double(index) * 1.5 + Double(series))
            }
            do {
                _ = try await storage.append(batch)
                stored.append(index)
                consecutive = 0
            } catch {
                failures.append(error)
                consecutive += 1
            }
            if index % 50 == 49 { _ = try? await storage.upkeep() }
        }
        #expect(consecutive == 3, "the disk never filled")
        #expect(failures.allSatisfy { $0.kind == .full }, "\(failures)")
        #expect(storage.counters.appendFailuresFull == failures.count)
        // Queries keep working and see every acknowledged batch.
        let series = try storage.querier().select([.equal("__name__", "fill")], mint: .min, maxt: .max)
        #expect(series.count == 100)
        #expect(try series.allSatisfy { try $0.samples().map { Int($0.t / 1000) } == stored })
        #expect(try await storage.checkIntegrity() == "ok")
        // A new series with new label pairs while the disk is full: its pairs are forgotten
        // when the commit fails, and inserted with it later.
        let newcomer = AppendBatch([.init(["__name__": "late", "pod": "p-1"], t: 1_000_000_000, v: 2)])
        _ = try? await storage.append(newcomer)

        // Space returns: ingestion resumes.
        try FileManager.default.removeItem(atPath: filler)
        let again = AppendBatch([.init(["__name__": "fill", "s": "0"], t: 1_000_000_000, v: 1)])
        let resumed = try await storage.append(again)
        #expect(resumed.appended == 1)
        _ = try await storage.append(newcomer)
        _ = try await storage.upkeep()
        try await storage.close()
        storage = nil
        let reopened = try Storage.open(directory: directory, options: options, logger: TestStore.quietLogger)
        let after = try reopened.querier().select([.equal("__name__", "fill"), .equal("s", "0")], mint: .min, maxt: .max)
        #expect(try after.first?.samples().count == stored.count + 1)
        let late = try reopened.querier().select([.equal("__name__", "late")], mint: .min, maxt: .max)
        #expect(late.map(\.labels) == [["__name__": "late", "pod": "p-1"]])
        #expect(try late.first?.samples() == [Sample(t: 1_000_000_000, v: 2)])
        #expect(try await reopened.checkIntegrity() == "ok")
        try await reopened.close()
    }
}

