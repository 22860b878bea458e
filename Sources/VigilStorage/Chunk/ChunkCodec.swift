import VigilModel

/// The chunk format of vigil.db as a public codec, for benchmarks and tools that inspect
/// a store (`data` of a `chunks` row, with the row's `min_t`). Layout: docs/storage.md.
public enum ChunkCodec {
    /// Encodes samples in strictly increasing time order (at least one) as one chunk.
    public static func encode(_ samples: [Sample]) -> [UInt8] {
        ChunkEncoder(samples: samples).bytes()
    }

    /// Decodes a chunk whose first sample is at `minT`, appending its samples with
    /// `lower <= t <= upper` to `out`. Throws `ReadError(.corrupt)` on damaged bytes.
    public static func decode(
        _ bytes: [UInt8], minT: Timestamp, from lower: Timestamp = .min, through upper: Timestamp = .max, into out: inout [Sample]
    ) throws(ReadError) {
        do {
            try ChunkDecoder.decode(bytes, minT: minT, from: lower, through: upper, into: &out)
        } catch {
            throw ReadError(.corrupt, error.description)
        }
    }
}
