/// Gorilla-style XOR coding of float values (prometheus/prometheus tsdb/chunkenc/xor.go),
/// used for values that are not short decimals: NaN, infinities, staleness markers, -0.0
/// and floats with many significant digits.
///
/// Each value is XORed with the previous value of the chunk:
/// - `0`: identical bits;
/// - `1 0` + the meaningful bits inside the previous leading/trailing-zero window;
/// - `1 1` + 5 bits leading zeros + 6 bits (significant bits − 1) + the significant bits.
struct XORValueCoder: Sendable, Hashable {
    /// Bits of the previous value of the chunk (0.0 before the first one).
    var previous: UInt64 = 0
    /// The current window; `leading` is -1 until a window exists.
    private var leadingStored: Int8 = -1
    private var trailingStored: Int8 = 0
    private var leading: Int {
        get { Int(leadingStored) }
        set { leadingStored = Int8(newValue) }
    }
    private var trailing: Int {
        get { Int(trailingStored) }
        set { trailingStored = Int8(newValue) }
    }

    init() {}

    /// Writes `bits` and makes it the new previous value.
    mutating func encode(_ bits: UInt64, into writer: inout BitWriter) {
        let xor = bits ^ previous
        previous = bits
        if xor == 0 {
            writer.write(false)
            return
        }
        writer.write(true)
        let newLeading = min(xor.leadingZeroBitCount, 31)
        let newTrailing = xor.trailingZeroBitCount
        if leading >= 0, newLeading >= leading, newTrailing >= trailing {
            writer.write(false)
            writer.write(xor &>> UInt64(trailing), width: 64 - leading - trailing)
            return
        }
        leading = newLeading
        trailing = newTrailing
        let significant = 64 - leading - trailing
        writer.write(true)
        writer.write(UInt64(leading), width: 5)
        writer.write(UInt64(significant - 1), width: 6)
        writer.write(xor &>> UInt64(trailing), width: significant)
    }

    /// Reads one value written by `encode`, returning its bits.
    mutating func decode(from reader: inout BitReader) throws(ChunkError) -> UInt64 {
        guard reader.readBit() else { return previous }
        if reader.readBit() {
            leading = Int(reader.read(5))
            let significant = Int(reader.read(6)) + 1
            guard leading + significant <= 64 else { throw ChunkError("XOR window exceeds 64 bits") }
            trailing = 64 - leading - significant
        } else if leading < 0 {
            throw ChunkError("XOR value reuses a window before one was set")
        }
        let meaningful = reader.read(64 - leading - trailing)
        previous ^= meaningful &<< UInt64(trailing)
        return previous
    }

    /// Makes `bits` the previous value without writing anything (the value travelled
    /// through the decimal path).
    @inline(__always)
    mutating func note(_ bits: UInt64) {
        previous = bits
    }
}

/// A chunk could not be decoded: its bytes are damaged or of an unknown format.
struct ChunkError: Error, Sendable, Hashable, CustomStringConvertible {
    var message: String
    init(_ message: String) { self.message = message }
    var description: String { "corrupt chunk: \(message)" }
}
