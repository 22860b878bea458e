import VigilModel

/// One row of the append log: the samples accepted in one commit, in the order they were
/// applied. Each record stands alone, so any suffix of the log replays by itself. Layout
/// (docs/storage.md, "Append log"):
///
///     record := varint(count) entry*
///     entry  := varint(zigzag(ref − previous ref) << 1 | timeChanged)
///               [varint(zigzag(t − previous t)) if timeChanged]   (both start at 0)
///               value
///     value  := a `ValueVarint`: an integer, a decimal m / 10^e, 8 raw bytes, or the
///               staleness marker
///
/// A scrape batch has one timestamp and consecutive references, so an entry costs one
/// byte plus its value.
enum LogRecord {
    static func encode(_ samples: [AcceptedSample]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(samples.count * 6 + 8)
        Varint.append(UInt64(samples.count), to: &out)
        var previousRef: Int64 = 0
        var previousT: Int64 = 0
        for (index, sample) in samples.enumerated() {
            let ref = Int64(bitPattern: sample.ref)
            let timeChanged = index == 0 || sample.t != previousT
            Varint.append(zigzag(ref &- previousRef) << 1 | (timeChanged ? 1 : 0), to: &out)
            if timeChanged { Varint.append(zigzag(sample.t &- previousT), to: &out) }
            previousRef = ref
            previousT = sample.t
            ValueVarint.append(sample.v, to: &out)
        }
        return out
    }

    /// The samples of a record, or nil when its bytes are damaged.
    static func decode(_ bytes: [UInt8]) -> [AcceptedSample]? {
        bytes.withUnsafeBytes { raw -> [AcceptedSample]? in
            var offset = 0
            guard let count = Varint.read(raw, at: &offset), count <= UInt64(raw.count) else { return nil }
            var samples: [AcceptedSample] = []
            samples.reserveCapacity(Int(count))
            var ref: Int64 = 0
            var t: Int64 = 0
            for _ in 0..<count {
                guard let head = Varint.read(raw, at: &offset) else { return nil }
                ref = ref &+ unzigzag(head >> 1)
                if head & 1 == 1 {
                    guard let delta = Varint.read(raw, at: &offset) else { return nil }
                    t = t &+ unzigzag(delta)
                }
                guard ref > 0, let value = ValueVarint.read(raw, at: &offset) else { return nil }
                samples.append(AcceptedSample(ref: SeriesRef(ref), t: t, v: value))
            }
            return offset == raw.count ? samples : nil
        }
    }
}
