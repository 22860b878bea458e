import VigilModel

/// A float as a tagged varint, exact to the bit: short decimals take a few bytes.
/// Used by append-log records and by the head's not-yet-grouped samples.
///
///     varint(zigzag(m) << 2)                   an integer m
///     varint((zigzag(m) << 5 | e) << 2 | 1)    a decimal m / 10^e
///     varint(2) + 8 bytes little-endian        any other float
///     varint(3)                                the staleness marker
///
/// In a run of values (the head's pending samples), an integer right after an integer is
/// written as their difference, `varint(zigzag(m - previous) << 2)`: a counter's value takes
/// a byte or two. The run's state is the previous integer, nil at its start.
enum ValueVarint {
    static func append(_ value: Double, to out: inout [UInt8]) {
        append(value, form: DecimalForm.of(value), to: &out)
    }

    /// Appends the next value of a run whose previous integer is `previousInteger`, and
    /// makes `previousInteger` this value's (nil when it is not an integer).
    static func append(_ value: Double, previousInteger: inout Int64?, to out: inout [UInt8]) {
        let form = DecimalForm.of(value)
        if let form, form.exponent == 0, let previous = previousInteger {
            Varint.append(zigzag(form.mantissa &- previous) << 2, to: &out)
        } else {
            append(value, form: form, to: &out)
        }
        previousInteger = form?.exponent == 0 ? form?.mantissa : nil
    }

    private static func append(_ value: Double, form: DecimalForm?, to out: inout [UInt8]) {
        if StaleMarker.isStale(value) {
            out.append(3)
        } else if let form {
            if form.exponent == 0 {
                Varint.append(zigzag(form.mantissa) << 2, to: &out)
            } else {
                Varint.append((zigzag(form.mantissa) << 5 | UInt64(form.exponent)) << 2 | 1, to: &out)
            }
        } else {
            out.append(2)
            withUnsafeBytes(of: value.bitPattern.littleEndian) { out.append(contentsOf: $0) }
        }
    }

    /// Reads the next value of a run written by `append(_:previousInteger:to:)`.
    static func read(_ raw: UnsafeRawBufferPointer, at offset: inout Int, previousInteger: inout Int64?) -> Double? {
        let start = offset
        guard let tag = Varint.read(raw, at: &offset) else { return nil }
        if tag & 3 == 0 {
            let integer = (previousInteger ?? 0) &+ unzigzag(tag >> 2)
            previousInteger = integer
            return Double(integer)
        }
        offset = start
        previousInteger = nil
        return read(raw, at: &offset)
    }

    /// Reads a value at `offset`, advancing it; nil when the bytes are damaged.
    static func read(_ raw: UnsafeRawBufferPointer, at offset: inout Int) -> Double? {
        guard let tag = Varint.read(raw, at: &offset) else { return nil }
        switch tag & 3 {
        case 0:
            return Double(unzigzag(tag >> 2))
        case 1:
            let exponent = Int((tag >> 2) & 31)
            guard exponent <= DecimalForm.maxExponent else { return nil }
            return DecimalForm.value(mantissa: unzigzag(tag >> 7), exponent: exponent)
        case 2:
            guard offset + 8 <= raw.count else { return nil }
            let bits = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
            offset += 8
            return Double(bitPattern: bits)
        default:
            return StaleMarker.value
        }
    }
}
