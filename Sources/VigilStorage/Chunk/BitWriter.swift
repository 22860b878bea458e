/// Appends bit fields to a growing buffer, least significant bit first.
///
/// Fields are packed back to back with no alignment: a field of width `w` occupies the
/// next `w` bits of the stream, its lowest bit first. Bytes come out little-endian, so a
/// reader can load any 64-bit window with one unaligned load (see `BitReader`).
/// The layout of chunks built from these fields is in docs/storage.md.
struct BitWriter: Sendable {
    /// Completed 64-bit words.
    private(set) var words: [UInt64] = []
    /// Bits not yet forming a whole word, in the low `pendingBits` bits.
    private var pending: UInt64 = 0
    /// Bits written so far. Kept apart from `words`, so asking does not touch the buffer
    /// (the head asks on every append, and the buffer is rarely in cache).
    private(set) var bitCount = 0
    // Last, so that an open chunk's small fields can follow it without padding.
    private var pendingBitsStored: UInt8 = 0
    private var pendingBits: Int {
        get { Int(pendingBitsStored) }
        set { pendingBitsStored = UInt8(newValue) }
    }

    init() {}

    /// Appends the low `width` bits of `value` (`width` in 0...64; higher bits must be 0).
    @inline(__always)
    mutating func write(_ value: UInt64, width: Int) {
        if width == 0 { return }
        bitCount += width
        pending |= value &<< UInt64(pendingBits)
        let total = pendingBits + width
        if total >= 64 {
            words.append(pending)
            // The bits of `value` that did not fit; none when the word was exactly filled.
            pending = pendingBits == 0 ? 0 : value &>> UInt64(64 - pendingBits)
            pendingBits = total - 64
            if pendingBits == 0 { pending = 0 }
        } else {
            pendingBits = total
        }
    }

    /// Appends one bit.
    @inline(__always)
    mutating func write(_ bit: Bool) {
        write(bit ? 1 : 0, width: 1)
    }

    /// Appends `value` prefixed by its bit length in 6 bits (a value of 0 takes 6 bits).
    /// Values up to 2^63 - 1 fit.
    mutating func writeLengthPrefixed(_ value: UInt64) {
        let length = 64 - value.leadingZeroBitCount
        precondition(length < 64, "BUG: length-prefixed field wider than 63 bits")
        write(UInt64(length), width: 6)
        write(value, width: length)
    }

    /// Appends everything another writer holds.
    mutating func append(contentsOf other: BitWriter) {
        for word in other.words { write(word, width: 64) }
        write(other.pending, width: other.pendingBits)
    }

    /// The stream as bytes: `(bitCount + 7) / 8` of them, the last one zero-padded.
    var bytes: [UInt8] {
        let byteCount = (bitCount + 7) / 8
        var out = [UInt8](repeating: 0, count: byteCount)
        out.withUnsafeMutableBytes { raw in
            var offset = 0
            for word in words {
                raw.storeBytes(of: word.littleEndian, toByteOffset: offset, as: UInt64.self)
                offset += 8
            }
            var rest = pending
            while offset < byteCount {
                raw[offset] = UInt8(truncatingIfNeeded: rest)
                rest >>= 8
                offset += 1
            }
        }
        return out
    }

    /// Memory held by the buffer, for head accounting.
    var allocatedBytes: Int { words.capacity * 8 }
}

/// Zigzag mapping of signed to unsigned integers (0, -1, 1, -2 → 0, 1, 2, 3), so small
/// magnitudes of either sign get short codes.
@inline(__always)
func zigzag(_ value: Int64) -> UInt64 {
    UInt64(bitPattern: (value &<< 1) ^ (value >> 63))
}

/// Inverse of `zigzag`.
@inline(__always)
func unzigzag(_ value: UInt64) -> Int64 {
    Int64(bitPattern: value >> 1) ^ -Int64(bitPattern: value & 1)
}

/// The number of bits needed to write `value` (0 for 0).
@inline(__always)
func bitWidth(_ value: UInt64) -> Int {
    64 - value.leadingZeroBitCount
}
