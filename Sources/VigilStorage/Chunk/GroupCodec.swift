import VigilModel

/// Encodes and decodes one group of up to 32 samples of a chunk, carrying the state that
/// links a group to the one before it. The bit layout is drawn in docs/storage.md
/// ("Chunk encoding").
///
/// Timestamps are delta-of-delta codes (zigzag) packed at one width per group, so a
/// regular series costs one bit per group. Values are decimal mantissas at one exponent
/// per group, stored as deltas minus the group's smallest delta, divided by their common
/// divisor and packed at one width; values with no decimal form are exceptions coded by
/// XOR, and a group that is mostly exceptions is XOR-coded whole.
struct GroupCodec: Sendable, Hashable {
    /// Samples per group: one bit width per this many values.
    static let size = 32

    // Timestamps.
    /// Timestamp of the last sample coded.
    var lastT: Int64 = 0
    /// Distance between the last two samples (the first delta after sample 1).
    var lastDelta: Int64 = 0
    /// Width of the previous group's timestamp codes.
    var tsWidth = 0

    // Values.
    /// Exponent of the previous decimal group.
    var exponent = 0
    /// Mantissa of the last decimal value at `exponent`, carried across exceptions; nil when
    /// the next decimal group must give its first mantissa in full.
    var mantissa: Int64?
    /// XOR state: the previous value's bits and the Gorilla window.
    var xor = XORValueCoder()

    init() {}

    // MARK: - Encoding

    /// Encodes `samples` (1...32, in time order) whose first has index `firstIndex` in the
    /// chunk. Samples 0 and 1 have timestamp code 0: the chunk key and header give them.
    mutating func encode(_ samples: ArraySlice<Sample>, firstIndex: Int, into writer: inout BitWriter) {
        encodeTimestamps(samples, firstIndex: firstIndex, into: &writer)
        encodeValues(samples, firstIndex: firstIndex, into: &writer)
    }

    private mutating func encodeTimestamps(_ samples: ArraySlice<Sample>, firstIndex: Int, into writer: inout BitWriter) {
        var codes = [UInt64](repeating: 0, count: samples.count)
        var widest: UInt64 = 0
        for (offset, sample) in samples.enumerated() {
            let index = firstIndex + offset
            if index == 1 { lastDelta = sample.t &- lastT }
            if index >= 2 {
                let delta = sample.t &- lastT
                let code = zigzag(delta &- lastDelta)
                codes[offset] = code
                widest |= code
                lastDelta = delta
            }
            lastT = sample.t
        }
        let width = bitWidth(widest)
        if width == tsWidth {
            writer.write(false)
        } else {
            writer.write(true)
            writer.write(UInt64(width), width: 7)
            tsWidth = width
        }
        for code in codes { writer.write(code, width: width) }
    }

    private mutating func encodeValues(_ samples: ArraySlice<Sample>, firstIndex: Int, into writer: inout BitWriter) {
        let forms = samples.map { DecimalForm.of($0.v) }
        var decimalState = self
        var decimal = BitWriter()
        let exceptions = decimalState.encodeDecimal(samples, forms: forms, into: &decimal)
        if exceptions == 0 {
            self = decimalState
            writer.append(contentsOf: decimal)
            return
        }
        var xorState = self
        var whole = BitWriter()
        xorState.encodeXOR(samples, into: &whole)
        if exceptions < samples.count && decimal.bitCount <= whole.bitCount {
            self = decimalState
            writer.append(contentsOf: decimal)
        } else {
            self = xorState
            writer.append(contentsOf: whole)
        }
    }

    /// The whole group XOR-coded: kind bit 1, then each value.
    private mutating func encodeXOR(_ samples: ArraySlice<Sample>, into writer: inout BitWriter) {
        writer.write(true)
        for sample in samples { xor.encode(sample.v.bitPattern, into: &writer) }
        mantissa = nil
    }

    /// The group as decimals with exceptions; returns the number of exceptions. When every
    /// value is an exception the output is not usable and the caller codes the group by XOR.
    private mutating func encodeDecimal(_ samples: ArraySlice<Sample>, forms: [DecimalForm?], into writer: inout BitWriter) -> Int {
        // The exponent that leaves the fewest exceptions. Keeping the previous group's
        // exponent wins ties: the common divisor absorbs its extra factors of ten, and the
        // group then needs no full first mantissa.
        var candidates = Set(forms.compactMap { $0?.exponent })
        if mantissa != nil { candidates.insert(exponent) }
        var chosen = exponent
        var mantissas: [Int64?] = []
        var fewest = Int.max
        for candidate in candidates.sorted() {
            let attempt = Self.mantissas(forms, at: candidate)
            let misses = attempt.reduce(0) { $0 + ($1 == nil ? 1 : 0) }
            if misses < fewest || (misses == fewest && candidate == exponent && mantissa != nil) {
                fewest = misses
                chosen = candidate
                mantissas = attempt
            }
        }
        if mantissas.isEmpty { return samples.count }
        let exceptionCount = mantissas.filter { $0 == nil }.count
        if exceptionCount == samples.count { return exceptionCount }

        writer.write(false)  // kind: decimal
        if chosen == exponent {
            writer.write(false)
        } else {
            writer.write(true)
            writer.write(UInt64(chosen), width: 5)
        }
        var previous: Int64? = nil
        if let carried = mantissa, chosen >= exponent,
            let rescaled = DecimalForm(mantissa: carried, exponent: exponent).rescaled(to: chosen)
        {
            previous = rescaled.mantissa
        }
        exponent = chosen
        let absolute = previous == nil
        writer.write(absolute)
        if absolute {
            let first = mantissas.first(where: { $0 != nil })!!
            writer.writeLengthPrefixed(zigzag(first))
            previous = first
        }
        writer.write(exceptionCount > 0)
        if exceptionCount > 0 {
            for m in mantissas { writer.write(m == nil) }
        }

        // Deltas of the packed positions: every decimal value but an absolute first one.
        var deltas: [Int64] = []
        deltas.reserveCapacity(samples.count)
        var running = previous!
        var skipFirst = absolute
        for m in mantissas {
            guard let m else { continue }
            if skipFirst {
                skipFirst = false
                continue
            }
            deltas.append(m - running)
            running = m
        }
        mantissa = running
        if let smallest = deltas.min() {
            var divisor: UInt64 = 0
            var largest: UInt64 = 0
            for delta in deltas {
                let offset = UInt64(bitPattern: delta &- smallest)
                largest = max(largest, offset)
                if divisor != 1 { divisor = Self.gcd(divisor, offset) }
            }
            let width = divisor == 0 ? 0 : bitWidth(largest / divisor)
            writer.writeLengthPrefixed(zigzag(smallest))
            writer.write(UInt64(width), width: 6)
            if width > 0 {
                writer.write(divisor == 1)
                if divisor != 1 { writer.writeLengthPrefixed(divisor) }
                for delta in deltas {
                    writer.write(UInt64(bitPattern: delta &- smallest) / divisor, width: width)
                }
            }
        }
        // Exceptions last, in position order, XORed with the value before each.
        for (offset, sample) in samples.enumerated() {
            if mantissas[offset] == nil {
                xor.encode(sample.v.bitPattern, into: &writer)
            } else {
                xor.note(sample.v.bitPattern)
            }
        }
        return exceptionCount
    }

    private static func mantissas(_ forms: [DecimalForm?], at exponent: Int) -> [Int64?] {
        forms.map { form in form.flatMap { $0.exponent <= exponent ? $0.rescaled(to: exponent)?.mantissa : nil } }
    }

    private static func gcd(_ a: UInt64, _ b: UInt64) -> UInt64 {
        var (a, b) = (a, b)
        while b != 0 { (a, b) = (b, a % b) }
        return a
    }

    // MARK: - Decoding

    /// Decodes a group of `count` samples whose first has index `firstIndex`, writing
    /// timestamps and values to the buffers (each at least `count` long).
    mutating func decode(
        count: Int, firstIndex: Int, firstDelta: Int64, from reader: inout BitReader,
        timestamps: UnsafeMutablePointer<Int64>, values: UnsafeMutablePointer<Double>
    ) throws(ChunkError) {
        // Timestamps.
        if reader.readBit() {
            tsWidth = Int(reader.read(7))
            guard tsWidth <= 64 else { throw ChunkError("timestamp width \(tsWidth)") }
        }
        let width = tsWidth
        guard reader.remaining >= width * count else { throw ChunkError("truncated timestamps") }
        for offset in 0..<count {
            let code = reader.read(width)
            let index = firstIndex + offset
            if index == 1 {
                lastDelta = firstDelta
            } else if index >= 2 {
                lastDelta = lastDelta &+ unzigzag(code)
            }
            if index >= 1 { lastT = lastT &+ lastDelta }
            timestamps[offset] = lastT
        }
        // Values.
        if reader.readBit() {
            for offset in 0..<count {
                values[offset] = Double(bitPattern: try xor.decode(from: &reader))
            }
            mantissa = nil
        } else {
            try decodeDecimal(count: count, from: &reader, values: values)
        }
        if reader.overrun { throw ChunkError("group runs past the end of the chunk") }
    }

    private mutating func decodeDecimal(count: Int, from reader: inout BitReader, values: UnsafeMutablePointer<Double>) throws(ChunkError) {
        var chosen = exponent
        if reader.readBit() {
            chosen = Int(reader.read(5))
            guard chosen <= DecimalForm.maxExponent else { throw ChunkError("decimal exponent \(chosen)") }
        }
        var running: Int64
        let absolute = reader.readBit()
        if absolute {
            running = unzigzag(reader.readLengthPrefixed())
        } else {
            guard let carried = mantissa, chosen >= exponent,
                let rescaled = DecimalForm(mantissa: carried, exponent: exponent).rescaled(to: chosen)
            else { throw ChunkError("decimal group continues a group it cannot follow") }
            running = rescaled.mantissa
        }
        exponent = chosen
        var exceptionMask: UInt64 = 0
        if reader.readBit() {
            exceptionMask = reader.read(count)
        }
        let decimalCount = count - exceptionMask.nonzeroBitCount
        guard decimalCount > 0 else { throw ChunkError("decimal group without decimal values") }
        let packedCount = decimalCount - (absolute ? 1 : 0)
        var smallest: Int64 = 0
        var width = 0
        var divisor: UInt64 = 1
        if packedCount > 0 {
            smallest = unzigzag(reader.readLengthPrefixed())
            width = Int(reader.read(6))
            if width > 0, !reader.readBit() { divisor = reader.readLengthPrefixed() }
            guard reader.remaining >= width * packedCount else { throw ChunkError("truncated values") }
        }
        let scale = DecimalForm.powers[chosen]
        let step = Int64(bitPattern: divisor)
        var pendingAbsolute = absolute
        if exceptionMask == 0 && !absolute {
            // The common case, kept free of per-value branches.
            if chosen == 0 {
                for offset in 0..<count {
                    running = running &+ Int64(bitPattern: reader.read(width)) &* step &+ smallest
                    values[offset] = Double(running)
                }
            } else {
                for offset in 0..<count {
                    running = running &+ Int64(bitPattern: reader.read(width)) &* step &+ smallest
                    values[offset] = Double(running) / scale
                }
            }
        } else {
            for offset in 0..<count where exceptionMask & (1 << UInt64(offset)) == 0 {
                if pendingAbsolute {
                    pendingAbsolute = false
                } else {
                    running = running &+ Int64(bitPattern: reader.read(width)) &* step &+ smallest
                }
                values[offset] = chosen == 0 ? Double(running) : Double(running) / scale
            }
            // Exception positions hold the running mantissa for the next delta; their
            // values come after the packed deltas, each XORed with the value before it.
            for offset in 0..<count {
                if exceptionMask & (1 << UInt64(offset)) != 0 {
                    values[offset] = Double(bitPattern: try xor.decode(from: &reader))
                } else {
                    xor.note(values[offset].bitPattern)
                }
            }
        }
        if exceptionMask == 0 { xor.note(values[count - 1].bitPattern) }
        mantissa = running
    }
}
