import VigilModel

/// One row of the append log: the samples accepted in one commit, in the order they were
/// applied. Each record stands alone, so any suffix of the log replays by itself. Layout
/// (docs/storage.md, "Append log"):
///
///     record := varint(count) entry*
///     entry  := varint(zigzag(ref − previous ref) << 1 | timeChanged)
///               [varint(zigzag(t − previous t)) if timeChanged]   (both start at 0)
///               value
///     value  := varint(zigzag(m) << 2)                 an integer m
///             | varint((zigzag(m) << 5 | e) << 2 | 1)   a decimal m / 10^e
///             | varint(2) + 8 bytes little-endian       any other float, bit-exact
///             | varint(3)                               the staleness marker
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
            appendValue(sample.v, to: &out)
        }
        return out
    }

    private static func appendValue(_ value: Double, to out: inout [UInt8]) {
        if StaleMarker.isStale(value) {
            Varint.append(3, to: &out)
        } else if let form = DecimalForm.of(value) {
            if form.exponent == 0 {
                Varint.append(zigzag(form.mantissa) << 2, to: &out)
            } else {
                Varint.append((zigzag(form.mantissa) << 5 | UInt64(form.exponent)) << 2 | 1, to: &out)
            }
        } else {
            Varint.append(2, to: &out)
            withUnsafeBytes(of: value.bitPattern.littleEndian) { out.append(contentsOf: $0) }
        }
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
                guard ref > 0, let tag = Varint.read(raw, at: &offset) else { return nil }
                let value: Double
                switch tag & 3 {
                case 0:
                    value = Double(unzigzag(tag >> 2))
                case 1:
                    let exponent = Int((tag >> 2) & 31)
                    guard exponent <= DecimalForm.maxExponent else { return nil }
                    value = DecimalForm.value(mantissa: unzigzag(tag >> 7), exponent: exponent)
                case 2:
                    guard offset + 8 <= raw.count else { return nil }
                    value = Double(bitPattern: UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self)))
                    offset += 8
                default:
                    value = StaleMarker.value
                }
                samples.append(AcceptedSample(ref: SeriesRef(ref), t: t, v: value))
            }
            return offset == raw.count ? samples : nil
        }
    }
}
