/// Reads bit fields written by `BitWriter` from a byte buffer.
///
/// Reading past the end yields zero bits and sets `overrun`; callers check it once per
/// group, so a corrupt chunk is reported as an error and never read out of bounds.
struct BitReader {
    private let base: UnsafeRawPointer?
    private let byteCount: Int
    /// Bits in the stream.
    let bitCount: Int
    /// The next bit to read.
    private(set) var position: Int

    /// A reader over `buffer`, starting at bit `position`. The buffer must outlive the reader.
    init(_ buffer: UnsafeRawBufferPointer, position: Int = 0) {
        base = buffer.baseAddress
        byteCount = buffer.count
        bitCount = buffer.count * 8
        self.position = position
    }

    /// Whether a read went past the end of the buffer.
    var overrun: Bool { position > bitCount }

    /// Bits left to read.
    var remaining: Int { bitCount - position }

    /// The next 64-bit window starting at byte `offset`, zero-filled past the end.
    @inline(__always)
    private func window(at offset: Int) -> UInt64 {
        if offset + 8 <= byteCount, let base {
            return UInt64(littleEndian: base.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
        }
        var value: UInt64 = 0
        var index = offset
        var shift: UInt64 = 0
        while index < byteCount, shift < 64, let base {
            value |= UInt64(base.load(fromByteOffset: index, as: UInt8.self)) &<< shift
            index += 1
            shift += 8
        }
        return value
    }

    /// Reads a field of `width` bits (0...64).
    @inline(__always)
    mutating func read(_ width: Int) -> UInt64 {
        if width <= 56 {
            let value = window(at: position >> 3) &>> UInt64(position & 7)
            position += width
            return value & ((1 &<< UInt64(width)) &- 1)
        }
        return readWide(width)
    }

    /// A field wider than one 64-bit window can hold after its bit offset. Kept out of
    /// `read`, which must stay small and non-recursive to be inlined into the decoders.
    @inline(never)
    private mutating func readWide(_ width: Int) -> UInt64 {
        let low = read(32)
        let high = read(width - 32)
        return low | (high &<< 32)
    }

    /// Reads `count` consecutive fields of `width` bits, handing each to `body` with its
    /// index. The position lives in a register for the whole run: a loop of `read` calls
    /// stores and reloads it through the `inout` reader on every field.
    @inline(__always)
    mutating func readFields(_ count: Int, width: Int, _ body: (Int, UInt64) -> Void) {
        if width == 0 {
            for index in 0..<count { body(index, 0) }
            return
        }
        guard width <= 56 else {
            for index in 0..<count { body(index, read(width)) }
            return
        }
        var position = self.position
        let mask: UInt64 = (1 &<< UInt64(width)) &- 1
        if let base, (position &+ count &* width) &>> 3 &+ 8 <= byteCount {
            // Every field's window lies inside the buffer: no check per field.
            for index in 0..<count {
                let word = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: position &>> 3, as: UInt64.self))
                body(index, (word &>> UInt64(position & 7)) & mask)
                position &+= width
            }
        } else {
            for index in 0..<count {
                body(index, (window(at: position >> 3) &>> UInt64(position & 7)) & mask)
                position += width
            }
        }
        self.position = position
    }

    /// The wrapping sum of `count` consecutive fields of `width` bits, read past. Fields up
    /// to 16 bits wide are summed a window at a time without a loop over them: adjacent
    /// lanes are added pairwise until a lane can hold the window's total, and one multiply
    /// then adds every lane into the top one (a popcount generalised to wider fields).
    @inline(__always)
    mutating func sumFields(_ count: Int, width: Int) -> UInt64 {
        var sum: UInt64 = 0
        guard width > 0, width <= FieldSumPlan.plans.count else {
            readFields(count, width: width) { _, code in sum &+= code }
            return sum
        }
        let plan = FieldSumPlan.plans[width - 1]
        var left = count
        while left > 0 {
            let fields = min(left, plan.fieldsPerWindow)
            var lanes = read(fields * width)
            var half = UInt64(width)
            for step in 0..<plan.steps {
                let mask = plan.pairMask(step)
                lanes = (lanes & mask) &+ ((lanes &>> half) & mask)
                half &*= 2
            }
            sum &+= ((lanes &* plan.multiplier) &>> plan.topLaneShift) & plan.laneMask
            left -= fields
        }
        return sum
    }

    /// Passes over `bits` bits without reading them.
    @inline(__always)
    mutating func skip(_ bits: Int) {
        position += bits
    }

    /// Reads one bit.
    @inline(__always)
    mutating func readBit() -> Bool {
        read(1) != 0
    }

    /// Reads a field written by `BitWriter.writeLengthPrefixed`.
    mutating func readLengthPrefixed() -> UInt64 {
        read(Int(read(6)))
    }
}
