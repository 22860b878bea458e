import VigilModel

/// Positions 0, 1, 2, … by a 64-bit hash, chained in arrays: no allocation per position,
/// where a `[UInt64: [Int]]` made one array per hash. The caller keeps what the positions
/// stand for and says which one matches.
struct HashChains {
    /// The newest position of each hash, and for each position the one before it of its hash.
    private var newest: [UInt64: Int] = [:]
    private var previous: [Int] = []

    init(capacity: Int = 0) {
        newest.reserveCapacity(capacity)
        previous.reserveCapacity(capacity)
    }

    /// The first position of `hash` (newest first) that `matches`.
    func first(_ hash: UInt64, where matches: (Int) -> Bool) -> Int? {
        var candidate = newest[hash] ?? -1
        while candidate >= 0 {
            if matches(candidate) { return candidate }
            candidate = previous[candidate]
        }
        return nil
    }

    /// Adds the next position, `count`, under `hash`.
    mutating func append(_ hash: UInt64) {
        previous.append(newest[hash] ?? -1)
        newest[hash] = previous.count - 1
    }
}

/// The hash `LabelGrouping` and `LabelSetIndex` key label sets by: a multiply-xorshift over
/// 8-byte words of each string, several times cheaper than `Hasher` for short label
/// strings. Collisions only cost a comparison; the labels come from the store, not from
/// the query.
enum LabelHash {
    static func of(_ labels: Labels) -> UInt64 {
        var hash: UInt64 = 0
        for label in labels {
            mix(&hash, label.name)
            mix(&hash, label.value)
        }
        return hash
    }

    /// Folds a string's bytes and length into `hash`.
    @inline(__always) static func mix(_ hash: inout UInt64, _ string: String) {
        var string = string
        string.withUTF8 { bytes in
            var h = hash
            var offset = 0
            if let base = UnsafeRawPointer(bytes.baseAddress) {
                while offset + 8 <= bytes.count {
                    h = (h ^ UInt64(littleEndian: base.loadUnaligned(fromByteOffset: offset, as: UInt64.self))) &* 0x9E37_79B9_7F4A_7C15
                    h ^= h &>> 29
                    offset += 8
                }
            }
            var tail = UInt64(bytes.count) &<< 56
            var shift: UInt64 = 0
            while offset < bytes.count {
                tail ^= UInt64(bytes[offset]) &<< shift
                shift += 8
                offset += 1
            }
            h = (h ^ tail) &* 0x9E37_79B9_7F4A_7C15
            hash = h ^ (h &>> 29)
        }
    }
}
