import VigilModel

/// Encodes and decodes one group of up to 32 samples of a chunk, carrying the state that
/// links a group to the one before it. The bit layout is drawn in docs/storage.md
/// ("Chunk encoding").
///
/// Timestamps are delta-of-delta codes (zigzag) packed at one width per group, so a
/// regular series costs one bit per group. Values are decimal mantissas at one exponent
/// per group, stored as deltas minus the group's smallest delta, divided by their common
/// divisor and packed at one width; values with no decimal form are exceptions coded by
/// XOR, and a group that is mostly exceptions is XOR-coded whole. A group whose values
/// jump about (a noisy gauge) packs the mantissas themselves rather than their deltas.
struct GroupCodec: Sendable, Hashable {
    /// Samples per group: one bit width per this many values.
    static let size = 32

    // Timestamps.
    /// Timestamp of the last sample coded.
    var lastT: Int64 = 0
    /// Distance between the last two samples (the first delta after sample 1).
    var lastDelta: Int64 = 0
    /// Width of the previous group's timestamp codes.
    var tsWidth: Int {
        get { Int(tsWidthStored) }
        set { tsWidthStored = UInt8(newValue) }
    }

    // Values.
    /// Exponent of the previous decimal group.
    var exponent: Int {
        get { Int(exponentStored) }
        set { exponentStored = UInt8(newValue) }
    }
    /// Mantissa of the last decimal value at `exponent`, carried across exceptions; nil when
    /// the next decimal group must give its first mantissa in full.
    var mantissa: Int64? {
        get { hasMantissa ? mantissaStored : nil }
        set {
            hasMantissa = newValue != nil
            mantissaStored = newValue ?? 0
        }
    }
    // Small fields stored narrow and last: an open chunk lives in memory for every series.
    private var mantissaStored: Int64 = 0
    /// XOR state: the previous value's bits and the Gorilla window.
    var xor = XORValueCoder()
    private var tsWidthStored: UInt8 = 0
    private var exponentStored: UInt8 = 0
    private var hasMantissa = false

    init() {}

    // MARK: - Encoding

    /// Encodes `samples` (1...32, in time order) whose first has index `firstIndex` in the
    /// chunk. Samples 0 and 1 have timestamp code 0: the chunk key and header give them.
    mutating func encode(_ samples: ArraySlice<Sample>, firstIndex: Int, into writer: inout BitWriter) {
        precondition(!samples.isEmpty && samples.count <= Self.size, "BUG: group of \(samples.count) samples")
        withUnsafeTemporaryAllocation(of: Int64.self, capacity: 4 * Self.size) { scratch in
            let buffer = scratch.baseAddress!
            encodeTimestamps(samples, firstIndex: firstIndex, codes: buffer, into: &writer)
            encodeValues(samples, scratch: buffer, into: &writer)
        }
    }

    private mutating func encodeTimestamps(
        _ samples: ArraySlice<Sample>, firstIndex: Int, codes: UnsafeMutablePointer<Int64>, into writer: inout BitWriter
    ) {
        var widest: UInt64 = 0
        var offset = 0
        for sample in samples {
            let index = firstIndex + offset
            var code: UInt64 = 0
            if index == 1 { lastDelta = sample.t &- lastT }
            if index >= 2 {
                let delta = sample.t &- lastT
                code = zigzag(delta &- lastDelta)
                widest |= code
                lastDelta = delta
            }
            codes[offset] = Int64(bitPattern: code)
            lastT = sample.t
            offset += 1
        }
        let width = bitWidth(widest)
        if width == tsWidth {
            writer.write(false)
        } else {
            writer.write(true)
            writer.write(UInt64(width), width: 7)
            tsWidth = width
        }
        for index in 0..<samples.count { writer.write(UInt64(bitPattern: codes[index]), width: width) }
    }

    /// Chooses between decimal coding (with exceptions) and XOR coding of the whole group.
    /// `scratch` holds 4 × 32 integers.
    private mutating func encodeValues(_ samples: ArraySlice<Sample>, scratch: UnsafeMutablePointer<Int64>, into writer: inout BitWriter) {
        let count = samples.count
        let natural = scratch + Self.size       // mantissa at the value's own exponent
        let exponents = scratch + 2 * Self.size  // its exponent, -1 when it has no decimal form
        let mantissas = scratch + 3 * Self.size  // mantissa at the chosen exponent
        var exponentSet: UInt32 = 0
        for (offset, sample) in samples.enumerated() {
            if let form = DecimalForm.of(sample.v) {
                natural[offset] = form.mantissa
                exponents[offset] = Int64(form.exponent)
                exponentSet |= 1 << UInt32(form.exponent)
            } else {
                exponents[offset] = -1
            }
        }
        // The exponent that leaves the fewest exceptions; keeping the previous group's wins
        // ties, since then the group can continue the previous mantissa (the common divisor
        // absorbs the extra factors of ten).
        var candidates = exponentSet
        if mantissa != nil { candidates |= 1 << UInt32(exponent) }
        var chosen = -1
        var fewest = Int.max
        while candidates != 0 {
            let candidate = candidates.trailingZeroBitCount
            candidates &= candidates - 1
            var misses = 0
            for index in 0..<count where Self.rescale(natural[index], from: exponents[index], to: candidate) == nil { misses += 1 }
            if misses < fewest || (misses == fewest && candidate == exponent && mantissa != nil) {
                fewest = misses
                chosen = candidate
            }
        }
        if chosen < 0 || fewest == count {
            encodeXOR(samples, into: &writer)
            return
        }
        var exceptionMask: UInt32 = 0
        for index in 0..<count {
            if let m = Self.rescale(natural[index], from: exponents[index], to: chosen) {
                mantissas[index] = m
            } else {
                exceptionMask |= 1 << UInt32(index)
            }
        }
        if exceptionMask == 0 {
            encodeDecimal(samples, mantissas: mantissas, exceptionMask: 0, exponent: chosen, scratch: scratch, into: &writer)
            return
        }
        // Some exceptions: keep whichever of decimal and XOR coding is smaller.
        var decimalState = self
        var decimal = BitWriter()
        decimalState.encodeDecimal(samples, mantissas: mantissas, exceptionMask: exceptionMask, exponent: chosen, scratch: scratch, into: &decimal)
        var xorState = self
        var whole = BitWriter()
        xorState.encodeXOR(samples, into: &whole)
        if decimal.bitCount <= whole.bitCount {
            self = decimalState
            writer.append(contentsOf: decimal)
        } else {
            self = xorState
            writer.append(contentsOf: whole)
        }
    }

    /// `mantissa` (at `from`, -1 meaning none) at exponent `to`, or nil when it has no
    /// exact form there below 2^53.
    @inline(__always)
    private static func rescale(_ mantissa: Int64, from: Int64, to: Int) -> Int64? {
        guard from >= 0, Int(from) <= to else { return nil }
        if from == Int64(to) || mantissa == 0 { return mantissa }
        let shift = to - Int(from)
        guard shift < DecimalForm.integerPowers.count else { return nil }
        let (product, overflow) = mantissa.multipliedReportingOverflow(by: DecimalForm.integerPowers[shift])
        guard !overflow, product.magnitude < UInt64(DecimalForm.mantissaLimit) else { return nil }
        return product
    }

    /// The whole group XOR-coded: kind bit 1, then each value.
    private mutating func encodeXOR(_ samples: ArraySlice<Sample>, into writer: inout BitWriter) {
        writer.write(true)
        for sample in samples { xor.encode(sample.v.bitPattern, into: &writer) }
        mantissa = nil
    }

    /// The group as decimals: either deltas of the mantissas (continuing the previous
    /// group's last mantissa, or starting from a full one) or the mantissas themselves,
    /// whichever packs smaller; each minus the smallest, divided by the common divisor.
    private mutating func encodeDecimal(
        _ samples: ArraySlice<Sample>, mantissas: UnsafeMutablePointer<Int64>, exceptionMask: UInt32, exponent chosen: Int,
        scratch: UnsafeMutablePointer<Int64>, into writer: inout BitWriter
    ) {
        let count = samples.count
        var continued: Int64? = nil
        if let carried = mantissa {
            continued = Self.rescale(carried, from: Int64(exponent), to: chosen)
        }
        // Deltas, in scratch[0..<count] (the timestamp codes are written already).
        let deltas = scratch
        var deltaCount = 0
        var first: Int64? = nil
        var running = continued
        var last: Int64 = 0
        for index in 0..<count where exceptionMask & (1 << UInt32(index)) == 0 {
            let m = mantissas[index]
            if let previous = running {
                deltas[deltaCount] = m - previous
                deltaCount += 1
            } else {
                first = m
            }
            running = m
            last = m
        }
        var values: [Int64] = []
        let valueCount = count - exceptionMask.nonzeroBitCount
        let deltaPack = Self.packing(deltas, deltaCount)
        var valuePack = Self.Packing(smallest: 0, divisor: 0, width: 0)
        if deltaPack.width > 0 {
            values.reserveCapacity(valueCount)
            for index in 0..<count where exceptionMask & (1 << UInt32(index)) == 0 { values.append(mantissas[index]) }
            valuePack = values.withUnsafeMutableBufferPointer { Self.packing($0.baseAddress!, valueCount) }
        }
        let deltaBits = deltaPack.bits(deltaCount) + (first.map { 6 + bitWidth(zigzag($0)) } ?? 0)
        let useValues = deltaPack.width > 0 && valuePack.bits(valueCount) < deltaBits

        writer.write(false)  // kind: decimal
        if chosen == exponent {
            writer.write(false)
        } else {
            writer.write(true)
            writer.write(UInt64(chosen), width: 5)
        }
        exponent = chosen
        writer.write(useValues)
        if !useValues {
            writer.write(first != nil)
            if let first { writer.writeLengthPrefixed(zigzag(first)) }
        }
        writer.write(exceptionMask != 0)
        if exceptionMask != 0 { writer.write(UInt64(exceptionMask), width: count) }
        if useValues {
            values.withUnsafeBufferPointer { Self.write(valuePack, $0.baseAddress!, valueCount, into: &writer) }
        } else if deltaCount > 0 {
            Self.write(deltaPack, deltas, deltaCount, into: &writer)
        }
        mantissa = last
        // Exceptions last, in position order, XORed with the value before each.
        for (offset, sample) in samples.enumerated() {
            if exceptionMask & (1 << UInt32(offset)) != 0 {
                xor.encode(sample.v.bitPattern, into: &writer)
            } else {
                xor.note(sample.v.bitPattern)
            }
        }
    }

    /// How a list of integers packs: minus the smallest, divided by the common divisor
    /// (0 when all are equal), at one width.
    struct Packing {
        var smallest: Int64
        var divisor: UInt64
        var width: Int

        /// Bits of the packed section for `count` values.
        func bits(_ count: Int) -> Int {
            guard count > 0 else { return 0 }
            return 6 + bitWidth(zigzag(smallest)) + 6 + (width > 0 ? 1 + (divisor == 1 ? 0 : 6 + bitWidth(divisor)) : 0) + width * count
        }
    }

    private static func packing(_ values: UnsafeMutablePointer<Int64>, _ count: Int) -> Packing {
        guard count > 0 else { return Packing(smallest: 0, divisor: 0, width: 0) }
        var smallest = values[0]
        for index in 1..<count { smallest = min(smallest, values[index]) }
        var divisor: UInt64 = 0
        var largest: UInt64 = 0
        for index in 0..<count {
            let offset = UInt64(bitPattern: values[index] &- smallest)
            largest = max(largest, offset)
            if divisor != 1 { divisor = gcd(divisor, offset) }
        }
        return Packing(smallest: smallest, divisor: divisor, width: divisor == 0 ? 0 : bitWidth(largest / divisor))
    }

    private static func write(_ packing: Packing, _ values: UnsafePointer<Int64>, _ count: Int, into writer: inout BitWriter) {
        guard count > 0 else { return }
        writer.writeLengthPrefixed(zigzag(packing.smallest))
        writer.write(UInt64(packing.width), width: 6)
        guard packing.width > 0 else { return }
        writer.write(packing.divisor == 1)
        if packing.divisor != 1 { writer.writeLengthPrefixed(packing.divisor) }
        for index in 0..<count {
            writer.write(UInt64(bitPattern: values[index] &- packing.smallest) / packing.divisor, width: packing.width)
        }
    }

    private static func gcd(_ a: UInt64, _ b: UInt64) -> UInt64 {
        var (a, b) = (a, b)
        while b != 0 { (a, b) = (b, a % b) }
        return a
    }

    // MARK: - Decoding

    /// Decodes a group of `count` samples whose first has index `firstIndex`, writing
    /// timestamps and values to the buffers (each at least `count` long).
    ///
    /// A group that ends before `lower` only advances the state: its values are not
    /// wanted, so the common decimal groups sum their codes instead of producing floats
    /// (an instant query reads the last few samples of a chunk of hundreds). The values
    /// buffer then holds nothing useful, and the timestamps buffer may hold only the last.
    mutating func decode(
        count: Int, firstIndex: Int, firstDelta: Int64, from reader: inout BitReader,
        timestamps: UnsafeMutablePointer<Int64>, values: UnsafeMutablePointer<Double>, skippingBefore lower: Timestamp = .min
    ) throws(ChunkError) {
        // Timestamps.
        if reader.readBit() {
            tsWidth = Int(reader.read(7))
            guard tsWidth <= 64 else { throw ChunkError("timestamp width \(tsWidth)") }
        }
        let width = tsWidth
        guard reader.remaining >= width * count else { throw ChunkError("truncated timestamps") }
        // Samples 0 and 1 have code 0: the chunk key and header give their times.
        var offset = 0
        while offset < count && firstIndex + offset < 2 {
            _ = reader.read(width)
            if firstIndex + offset == 1 {
                lastDelta = firstDelta
                lastT = lastT &+ lastDelta
            }
            timestamps[offset] = lastT
            offset += 1
        }
        if width == 0 {
            // A regular interval: no codes to read. A group ending before `lower` needs only
            // its last time (all the caller looks at when it skips a group).
            let last = lastT &+ Int64(count - offset) &* lastDelta
            if last < lower && offset < count {
                lastT = last
                timestamps[count - 1] = last
                offset = count
            }
            while offset < count {
                lastT = lastT &+ lastDelta
                timestamps[offset] = lastT
                offset += 1
            }
        } else {
            let first = offset
            reader.readFields(count - first, width: width) { index, code in
                lastDelta = lastDelta &+ unzigzag(code)
                lastT = lastT &+ lastDelta
                timestamps[first + index] = lastT
            }
        }
        // Values.
        if reader.readBit() {
            for offset in 0..<count {
                values[offset] = Double(bitPattern: try xor.decode(from: &reader))
            }
            mantissa = nil
        } else {
            try decodeDecimal(count: count, from: &reader, values: values, skipping: timestamps[count - 1] < lower)
        }
        if reader.overrun { throw ChunkError("group runs past the end of the chunk") }
    }

    private mutating func decodeDecimal(
        count: Int, from reader: inout BitReader, values: UnsafeMutablePointer<Double>, skipping: Bool
    ) throws(ChunkError) {
        var chosen = exponent
        if reader.readBit() {
            chosen = Int(reader.read(5))
            guard chosen <= DecimalForm.maxExponent else { throw ChunkError("decimal exponent \(chosen)") }
        }
        let absoluteValues = reader.readBit()
        var running: Int64 = 0
        var pendingFirst = false
        if !absoluteValues {
            if reader.readBit() {
                running = unzigzag(reader.readLengthPrefixed())
                pendingFirst = true
            } else {
                guard let carried = mantissa, chosen >= exponent,
                    let rescaled = DecimalForm(mantissa: carried, exponent: exponent).rescaled(to: chosen)
                else { throw ChunkError("decimal group continues a group it cannot follow") }
                running = rescaled.mantissa
            }
        }
        exponent = chosen
        var exceptionMask: UInt64 = 0
        if reader.readBit() {
            exceptionMask = reader.read(count)
        }
        let decimalCount = count - exceptionMask.nonzeroBitCount
        guard decimalCount > 0 else { throw ChunkError("decimal group without decimal values") }
        let packedCount = decimalCount - (pendingFirst ? 1 : 0)
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
        if exceptionMask == 0 && !pendingFirst && skipping {
            // Only the last mantissa is wanted; wrapping sums give the same one.
            if absoluteValues {
                reader.skip(width * (count - 1))
                running = Int64(bitPattern: reader.read(width)) &* step &+ smallest
            } else {
                let sum = reader.sumFields(count, width: width)
                running = running &+ Int64(bitPattern: sum) &* step &+ Int64(count) &* smallest
            }
            values[count - 1] = chosen == 0 ? Double(running) : Double(running) / scale
        } else if exceptionMask == 0 && !pendingFirst {
            // The common cases, kept free of per-value branches.
            if absoluteValues {
                reader.readFields(count, width: width) { offset, code in
                    running = Int64(bitPattern: code) &* step &+ smallest
                    values[offset] = chosen == 0 ? Double(running) : Double(running) / scale
                }
            } else if chosen == 0 {
                reader.readFields(count, width: width) { offset, code in
                    running = running &+ Int64(bitPattern: code) &* step &+ smallest
                    values[offset] = Double(running)
                }
            } else {
                reader.readFields(count, width: width) { offset, code in
                    running = running &+ Int64(bitPattern: code) &* step &+ smallest
                    values[offset] = Double(running) / scale
                }
            }
        } else {
            for offset in 0..<count where exceptionMask & (1 << UInt64(offset)) == 0 {
                if pendingFirst {
                    pendingFirst = false
                } else if absoluteValues {
                    running = Int64(bitPattern: reader.read(width)) &* step &+ smallest
                } else {
                    running = running &+ Int64(bitPattern: reader.read(width)) &* step &+ smallest
                }
                values[offset] = chosen == 0 ? Double(running) : Double(running) / scale
            }
            // Exception positions keep the mantissa before them; their values come after
            // the packed ones, each XORed with the value before it.
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
