import VigilModel

/// An open chunk of one series: samples arrive one at a time in time order, and every 32
/// are coded into a group at once, so the head holds most of its data compressed.
///
/// `bytes()` gives the chunk as stored (header + groups, the last group possibly short)
/// without disturbing the open chunk, so it can be checkpointed and appended to further.
/// Layout: docs/storage.md ("Chunk encoding").
struct ChunkEncoder: Sendable {
    /// Format byte of a cut chunk in the decimal/bit-packed encoding.
    static let format: UInt8 = 1
    /// Format byte of a checkpoint copy of an open chunk: the same encoding, a row the head
    /// will replace, not counted in the store's statistics.
    static let openFormat: UInt8 = 2

    // Fields in an order that leaves no padding: an open chunk lives in memory for every
    // series (words, then the codec and bit writer, then the small fields).

    /// Timestamp of the first sample; the chunk's key, not repeated in its bytes.
    let minT: Timestamp
    /// Timestamp of the last sample.
    private(set) var maxT: Timestamp
    /// t1 - t0, written in the header.
    private var firstDelta: Int64 = 0
    /// Samples of the group being filled (fewer than 32), kept compact until the group is
    /// full. Per sample: when `irregular` says so, a zigzag varint of its distance to the
    /// one before minus `firstDelta` (a regular scrape's is 0 and not written); then its
    /// value as the next of a `ValueVarint` run (integers after integers as differences).
    /// A scrape's sample takes 1 to 3 bytes instead of 16.
    private var pending: [UInt8] = []
    /// The last sample's value as an integer mantissa, when it had one (`hasLastInteger`).
    private var lastInteger: Int64 = 0
    /// Samples in the chunk (at most `ChunkDecoder.maxCount`).
    private(set) var count: Int {
        get { Int(countStored) }
        set { countStored = UInt32(newValue) }
    }
    private var countStored: UInt32 = 0
    /// Bit i: pending sample i has a distance written (it is not `firstDelta` after the one
    /// before). Beside `countStored`, it takes what was padding.
    private var irregular: UInt32 = 0
    private var codec = GroupCodec()
    private var groups = BitWriter()
    private var pendingCountStored: UInt8 = 0
    private var pendingCount: Int {
        get { Int(pendingCountStored) }
        set { pendingCountStored = UInt8(newValue) }
    }
    /// Bytes the previous group's pending samples took: the next group reserves that
    /// much at its first sample instead of growing its buffer five times over.
    private var lastPendingBytes: UInt16 = 0
    private var hasLastInteger = false

    /// Starts a chunk with its first sample.
    init(first: Sample) {
        minT = first.t
        maxT = first.t
        append(first)
    }

    /// Builds a chunk from samples in strictly increasing time order (at least one).
    init(samples: some Collection<Sample>) {
        precondition(!samples.isEmpty, "BUG: a chunk needs a sample")
        self.init(first: samples.first!)
        for sample in samples.dropFirst() { append(sample) }
    }

    /// Appends a sample later than `maxT` unless the chunk is full by `limits`; returns
    /// whether it was appended.
    mutating func append(_ sample: Sample, within limits: ChunkLimits) -> Bool {
        guard !limits.isFull(count: count, bytes: estimatedByteCount, minT: minT, next: sample.t) else { return false }
        append(sample)
        return true
    }

    /// Appends a sample later than `maxT`.
    mutating func append(_ sample: Sample) {
        if count == 1 { firstDelta = sample.t &- minT }
        if pendingCount == 0 && lastPendingBytes > 0 { pending.reserveCapacity(Int(lastPendingBytes) + 8) }
        // The chunk's first sample is at distance 0; sample 1 sets `firstDelta`.
        let distance = count == 0 ? 0 : sample.t &- maxT &- firstDelta
        if distance != 0 {
            irregular |= 1 << UInt32(pendingCount)
            Varint.append(zigzag(distance), to: &pending)
        }
        // Each group's pending samples are one run (its first value stands alone).
        var previousInteger = pendingCount > 0 && hasLastInteger ? lastInteger : nil
        ValueVarint.append(sample.v, previousInteger: &previousInteger, to: &pending)
        hasLastInteger = previousInteger != nil
        lastInteger = previousInteger ?? 0
        pendingCount += 1
        count += 1
        maxT = sample.t
        if pendingCount == GroupCodec.size {
            codec.encode(pendingSamples()[...], firstIndex: count - pendingCount, into: &groups)
            // Release the buffer: most series wait a while for the next sample.
            lastPendingBytes = UInt16(clamping: pending.count)
            pending = []
            pendingCount = 0
            irregular = 0
        }
    }

    /// The pending samples decoded.
    private func pendingSamples() -> [Sample] {
        var samples: [Sample] = []
        samples.reserveCapacity(pendingCount)
        let firstIndex = count - pendingCount
        // The sample before the first pending one: the last one coded (none for group 0).
        var t = firstIndex == 0 ? minT : codec.lastT
        var previousInteger: Int64? = nil
        pending.withUnsafeBytes { raw in
            var offset = 0
            for index in firstIndex..<count {
                // The encoder wrote these bytes itself; they cannot be damaged.
                let distance = irregular & (1 << UInt32(index - firstIndex)) == 0 ? 0 : unzigzag(Varint.read(raw, at: &offset)!)
                t = index == 0 ? minT : t &+ firstDelta &+ distance
                samples.append(Sample(t: t, v: ValueVarint.read(raw, at: &offset, previousInteger: &previousInteger)!))
            }
        }
        return samples
    }

    /// About how many bytes `bytes()` would return, to cut chunks by size.
    var estimatedByteCount: Int {
        groups.bitCount / 8 + pending.count + 12
    }

    /// Memory held, for head accounting.
    var allocatedBytes: Int {
        groups.allocatedBytes + pending.capacity
    }

    /// The chunk as stored: format byte, varint count, varint span (maxT - minT), zigzag
    /// varint t1 - t0 when there are two samples or more, then the groups' bit stream.
    func bytes(format: UInt8 = ChunkEncoder.format) -> [UInt8] {
        var body = groups
        if pendingCount > 0 {
            var tail = codec
            tail.encode(pendingSamples()[...], firstIndex: count - pendingCount, into: &body)
        }
        var out: [UInt8] = [format]
        out.reserveCapacity(body.bitCount / 8 + 24)
        Varint.append(UInt64(count), to: &out)
        Varint.append(UInt64(bitPattern: maxT &- minT), to: &out)
        if count >= 2 { Varint.append(zigzag(firstDelta), to: &out) }
        out.append(contentsOf: body.bytes)
        return out
    }
}

/// LEB128 variable-length unsigned integers: 7 bits per byte, low bits first.
enum Varint {
    static func append(_ value: UInt64, to out: inout [UInt8]) {
        var value = value
        while value >= 0x80 {
            out.append(UInt8(truncatingIfNeeded: value) | 0x80)
            value >>= 7
        }
        out.append(UInt8(value))
    }

    /// Reads a varint at `offset`, advancing it; nil when truncated or longer than 10 bytes.
    static func read(_ bytes: UnsafeRawBufferPointer, at offset: inout Int) -> UInt64? {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while offset < bytes.count, shift < 64 {
            let byte = bytes[offset]
            offset += 1
            value |= UInt64(byte & 0x7f) &<< shift
            if byte < 0x80 { return value }
            shift += 7
        }
        return nil
    }
}
