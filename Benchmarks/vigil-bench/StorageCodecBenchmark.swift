import Foundation
import VigilModel
import VigilStorage

/// `vigil-bench storage-codec [SECONDS]`: encode and decode rates of the chunk codec and
/// bytes per sample, for chunks of 480 samples of a few series shapes (one core).
enum StorageCodecBenchmark {
    static func run(_ arguments: [String]) {
        let seconds = arguments.first.flatMap(Double.init) ?? 2
        var random = SystemRandomNumberGenerator()
        let shapes: [(String, (Int) -> Double)] = [
            ("counter +0..40", { _ in 0 }),
            ("gauge 2 decimals", { _ in Double(Int.random(in: 0...100_000, using: &random)) / 100 }),
            ("constant", { _ in 42 }),
            ("random floats", { _ in Double.random(in: 0...1, using: &random) }),
        ]
        print("storage-codec: 480-sample chunks, 15 s interval")
        for (name, make) in shapes {
            var counter = 1_000_000.0
            let samples = (0..<480).map { index -> Sample in
                counter += Double(Int.random(in: 0...40, using: &random))
                return Sample(t: 1_764_000_000_000 + Int64(index) * 15_000, v: name.hasPrefix("counter") ? counter : make(index))
            }
            var encoded = 0
            var bytes: [UInt8] = []
            let encodeStart = StorageBenchmarks.cpuSeconds()
            while StorageBenchmarks.cpuSeconds() - encodeStart < seconds / 2 {
                bytes = ChunkCodec.encode(samples)
                encoded += samples.count
            }
            let encodeRate = Double(encoded) / (StorageBenchmarks.cpuSeconds() - encodeStart)
            var decoded = 0
            var out: [Sample] = []
            out.reserveCapacity(480)
            let decodeStart = StorageBenchmarks.cpuSeconds()
            while StorageBenchmarks.cpuSeconds() - decodeStart < seconds / 2 {
                out.removeAll(keepingCapacity: true)
                try? ChunkCodec.decode(bytes, minT: samples[0].t, into: &out)
                decoded += out.count
            }
            let decodeRate = Double(decoded) / (StorageBenchmarks.cpuSeconds() - decodeStart)
            // An instant query's 5 m window: the chunk's last 20 samples.
            var tails = 0
            let tailStart = StorageBenchmarks.cpuSeconds()
            while StorageBenchmarks.cpuSeconds() - tailStart < seconds / 4 {
                // Batches, so reading the CPU clock (a system call) does not dominate.
                for _ in 0..<256 {
                    out.removeAll(keepingCapacity: true)
                    try? ChunkCodec.decode(bytes, minT: samples[0].t, from: samples[460].t, into: &out)
                }
                tails += 256
            }
            let tailMicros = (StorageBenchmarks.cpuSeconds() - tailStart) / Double(tails) * 1e6
            print("  \(name.padding(toLength: 18, withPad: " ", startingAt: 0)) \(StorageBenchmarks.format(Double(bytes.count) / 480, 3)) B/sample  encode \(StorageBenchmarks.format(encodeRate / 1e6, 1)) M/s  decode \(StorageBenchmarks.format(decodeRate / 1e6, 1)) M/s  last 20: \(StorageBenchmarks.format(tailMicros, 2)) µs")
        }
    }
}
