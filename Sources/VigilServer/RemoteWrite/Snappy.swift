/// Snappy block format (not the framing format), as remote write 1.0 requires for its
/// bodies. A small greedy compressor (4-byte hash matches, like the reference
/// implementation's fast path) and a strict decompressor that rejects malformed input.
public enum Snappy {
    public struct Error: Swift.Error, Sendable, Equatable, CustomStringConvertible {
        public let message: String
        public var description: String { "snappy: \(message)" }
    }

    // MARK: - Decompression

    /// Decompresses a block; `maxLength` bounds the declared uncompressed size.
    public static func decompress(_ input: [UInt8], maxLength: Int = 256 << 20) throws(Error) -> [UInt8] {
        var position = 0
        let length = try readUvarint(input, &position)
        guard length <= UInt64(maxLength) else { throw Error(message: "decoded length \(length) exceeds limit") }
        var out: [UInt8] = []
        out.reserveCapacity(Int(length))
        while position < input.count {
            let tag = input[position]
            position += 1
            switch tag & 0x03 {
            case 0:  // literal
                var literalLength = Int(tag >> 2)
                if literalLength >= 60 {
                    let extra = literalLength - 59
                    guard position + extra <= input.count else { throw Error(message: "corrupt input") }
                    literalLength = 0
                    for i in 0..<extra { literalLength |= Int(input[position + i]) << (8 * i) }
                    position += extra
                }
                literalLength += 1
                guard position + literalLength <= input.count else { throw Error(message: "corrupt input") }
                out.append(contentsOf: input[position..<(position + literalLength)])
                position += literalLength
            case 1:
                guard position < input.count else { throw Error(message: "corrupt input") }
                let copyLength = Int((tag >> 2) & 0x07) + 4
                let offset = Int(tag >> 5) << 8 | Int(input[position])
                position += 1
                try copy(&out, offset: offset, length: copyLength)
            case 2:
                guard position + 2 <= input.count else { throw Error(message: "corrupt input") }
                let offset = Int(input[position]) | Int(input[position + 1]) << 8
                position += 2
                try copy(&out, offset: offset, length: Int(tag >> 2) + 1)
            default:
                guard position + 4 <= input.count else { throw Error(message: "corrupt input") }
                var offset = 0
                for i in 0..<4 { offset |= Int(input[position + i]) << (8 * i) }
                position += 4
                try copy(&out, offset: offset, length: Int(tag >> 2) + 1)
            }
            guard out.count <= Int(length) else { throw Error(message: "corrupt input") }
        }
        guard out.count == Int(length) else { throw Error(message: "corrupt input: length mismatch") }
        return out
    }

    private static func copy(_ out: inout [UInt8], offset: Int, length: Int) throws(Error) {
        guard offset > 0, offset <= out.count else { throw Error(message: "corrupt input: bad offset") }
        let start = out.count - offset
        // Byte by byte: a copy may overlap what it produces (run-length style).
        for i in 0..<length { out.append(out[start + i]) }
    }

    private static func readUvarint(_ input: [UInt8], _ position: inout Int) throws(Error) -> UInt64 {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while position < input.count, shift < 35 {
            let byte = input[position]
            position += 1
            value |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 { return value }
            shift += 7
        }
        throw Error(message: "corrupt input: bad length")
    }

    // MARK: - Compression

    /// Compresses `input` into one block.
    public static func compress(_ input: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(input.count / 2 + 16)
        var length = UInt64(input.count)
        while length >= 0x80 {
            out.append(UInt8(length & 0x7F) | 0x80)
            length >>= 7
        }
        out.append(UInt8(length))
        guard input.count > 0 else { return out }

        let tableBits = 14
        var table = [Int](repeating: -1, count: 1 << tableBits)
        func load32(_ i: Int) -> UInt32 {
            UInt32(input[i]) | UInt32(input[i + 1]) << 8 | UInt32(input[i + 2]) << 16 | UInt32(input[i + 3]) << 24
        }
        func hash(_ value: UInt32) -> Int { Int((value &* 0x1E35_A7BD) >> UInt32(32 - tableBits)) }

        var literalStart = 0
        var i = 0
        while i + 4 <= input.count {
            let value = load32(i)
            let slot = hash(value)
            let candidate = table[slot]
            table[slot] = i
            // Offsets are limited to what a 4-byte copy can encode; keep within 64 KiB blocks.
            if candidate >= 0, i - candidate <= 0xFFFF, load32(candidate) == value {
                emitLiteral(input, from: literalStart, to: i, into: &out)
                var matchLength = 4
                while i + matchLength < input.count, input[candidate + matchLength] == input[i + matchLength] {
                    matchLength += 1
                }
                emitCopy(offset: i - candidate, length: matchLength, into: &out)
                i += matchLength
                literalStart = i
            } else {
                i += 1
            }
        }
        emitLiteral(input, from: literalStart, to: input.count, into: &out)
        return out
    }

    private static func emitLiteral(_ input: [UInt8], from start: Int, to end: Int, into out: inout [UInt8]) {
        var start = start
        while start < end {
            let length = min(end - start, 65536)
            let n = length - 1
            if n < 60 {
                out.append(UInt8(n << 2))
            } else if n < 256 {
                out.append(60 << 2)
                out.append(UInt8(n))
            } else {
                out.append(61 << 2)
                out.append(UInt8(n & 0xFF))
                out.append(UInt8(n >> 8))
            }
            out.append(contentsOf: input[start..<(start + length)])
            start += length
        }
    }

    private static func emitCopy(offset: Int, length: Int, into out: inout [UInt8]) {
        var remaining = length
        while remaining > 0 {
            // Tag 2 copies carry 1…64 bytes with a 2-byte offset; keep ≥ 4 for the last piece.
            var piece = min(remaining, 64)
            if remaining - piece > 0, remaining - piece < 4 { piece = remaining - 4 }
            out.append(UInt8((piece - 1) << 2) | 2)
            out.append(UInt8(offset & 0xFF))
            out.append(UInt8(offset >> 8))
            remaining -= piece
        }
    }
}
