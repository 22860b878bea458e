import Foundation
import VigilModel
import VigilStorage

/// `vigil-bench storage-crash-child DIR [WRITERS] [SERIES]`: the child process of the
/// storage fault tests. WRITERS concurrent tasks append batches of SERIES samples (one per
/// series, writer w's series are `{__name__="crash", w="w", s="0".."SERIES-1"}`, batch i at
/// t = i s with value i, i counting on after the newest stored sample) as fast as the store
/// takes them, and print `ack W I` once batch I of writer W returned. Small chunks and checkpoints keep every code path busy. The test
/// kills it with SIGKILL; it stops by itself after 120 s or 100,000 batches per writer.
enum StorageFaultChild {
    static func run(_ arguments: [String]) async {
        guard let directory = arguments.first else {
            print("storage-crash-child: usage: vigil-bench storage-crash-child DIR [WRITERS] [SERIES]")
            return
        }
        let writers = arguments.count > 1 ? Int(arguments[1]) ?? 4 : 4
        let seriesCount = arguments.count > 2 ? Int(arguments[2]) ?? 100 : 100
        var options = StorageOptions(retentionTime: nil)
        options.samplesPerChunk = 40
        options.checkpointLogBytes = 256 << 10
        options.flushChunkCount = 64
        let storage: Storage
        do {
            storage = try Storage.open(directory: directory, options: options, logger: StorageBenchmarks.logger)
        } catch {
            emit("error \(error)")
            return
        }
        // Continue after what an earlier (killed) run stored.
        let first = storage.newestSampleTime.map { Int($0 / 1000) + 1 } ?? 0
        emit("ready")
        let deadline = Date().addingTimeInterval(120)
        await withTaskGroup(of: Void.self) { group in
            for writer in 0..<writers {
                group.addTask {
                    for index in first..<(first + 100_000) where Date() < deadline {
                        var batch = AppendBatch()
                        for series in 0..<seriesCount {
                            batch.append(["__name__": "crash", "w": "\(writer)", "s": "\(series)"], t: Timestamp(index) * 1000, v: Double(index))
                        }
                        do {
                            _ = try await storage.append(batch)
                        } catch {
                            emit("error \(error)")
                            return
                        }
                        emit("ack \(writer) \(index)")
                    }
                }
            }
        }
        try? await storage.close()
    }

    /// Writes a line to stdout at once (unbuffered), so the parent sees every ack.
    static func emit(_ line: String) {
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }
}
