import VigilModel

/// Reads chunks written by `ChunkEncoder`. Damaged bytes give a `ChunkError`, never a
/// crash or an out-of-bounds read.
enum ChunkDecoder {
    /// Most samples a chunk may claim; more means the bytes are damaged.
    static let maxCount = 1 << 16

    /// What a chunk's header says.
    struct Header: Sendable, Hashable {
        var format: UInt8
        var count: Int
        /// maxT - minT.
        var span: Int64
        var firstDelta: Int64
        /// Where the group bit stream starts.
        var bodyOffset: Int
    }

    static func header(_ bytes: UnsafeRawBufferPointer) throws(ChunkError) -> Header {
        guard let format = bytes.first else { throw ChunkError("empty chunk") }
        guard format == ChunkEncoder.format || format == ChunkEncoder.openFormat else { throw ChunkError("unknown chunk format \(format)") }
        var offset = 1
        guard let count = Varint.read(bytes, at: &offset), count >= 1, count <= UInt64(maxCount),
            let span = Varint.read(bytes, at: &offset)
        else { throw ChunkError("bad header") }
        var firstDelta: Int64 = 0
        if count >= 2 {
            guard let delta = Varint.read(bytes, at: &offset) else { throw ChunkError("bad header") }
            firstDelta = unzigzag(delta)
        }
        return Header(format: format, count: Int(count), span: Int64(bitPattern: span), firstDelta: firstDelta, bodyOffset: offset)
    }

    static func header(_ bytes: [UInt8]) throws(ChunkError) -> Header {
        try bytes.withUnsafeBytes { raw in Result { () throws(ChunkError) in try header(raw) } }.get()
    }

    /// Appends the chunk's samples with `lower <= t <= upper` to `out`, in time order.
    static func decode(
        _ bytes: [UInt8], minT: Timestamp, from lower: Timestamp = .min, through upper: Timestamp = .max,
        into out: inout [Sample]
    ) throws(ChunkError) {
        // `withUnsafeBytes` rethrows untyped errors; a Result carries the typed one out.
        var decoded = out
        out = []
        let result = bytes.withUnsafeBytes { raw in
            Result { () throws(ChunkError) in try decode(raw, minT: minT, from: lower, through: upper, into: &decoded) }
        }
        out = decoded
        try result.get()
    }

    static func decode(
        _ raw: UnsafeRawBufferPointer, minT: Timestamp, from lower: Timestamp, through upper: Timestamp,
        into out: inout [Sample]
    ) throws(ChunkError) {
        let header = try header(raw)
        if minT > upper || minT &+ header.span < lower { return }
        let body = UnsafeRawBufferPointer(rebasing: raw[header.bodyOffset...])
        var reader = BitReader(body)
        var codec = GroupCodec()
        codec.lastT = minT
        var previousT = Timestamp.min
        try withUnsafeTemporaryAllocation(of: Int64.self, capacity: GroupCodec.size) { times throws(ChunkError) in
            try withUnsafeTemporaryAllocation(of: Double.self, capacity: GroupCodec.size) { values throws(ChunkError) in
                var index = 0
                while index < header.count {
                    let size = min(GroupCodec.size, header.count - index)
                    try codec.decode(
                        count: size, firstIndex: index, firstDelta: header.firstDelta, from: &reader,
                        timestamps: times.baseAddress!, values: values.baseAddress!, skippingBefore: lower)
                    if times[size - 1] < lower {
                        // Skipped whole: its values were not decoded.
                        previousT = times[size - 1]
                        index += size
                        continue
                    }
                    for offset in 0..<size {
                        let t = times[offset]
                        // Overflowing arithmetic on damaged bytes shows up as disorder.
                        guard t > previousT || (index == 0 && offset == 0) else {
                            throw ChunkError("timestamps out of order")
                        }
                        previousT = t
                        if t < lower { continue }
                        if t > upper { return }
                        out.append(Sample(t: t, v: values[offset]))
                    }
                    index += size
                }
            }
        }
    }
}
