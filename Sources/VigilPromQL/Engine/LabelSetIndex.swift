import VigilModel

/// Positions of distinct label sets, found by a multiply-xorshift hash of their strings
/// (`LabelHash`) rather than `Hasher`: the engine looks up every result series' labels, and
/// SipHash over each label string was a tenth of a binary operation's time.
struct LabelSetIndex {
    /// The label sets in the order they were first inserted.
    private(set) var sets: [Labels] = []
    /// The first position of each hash, and for each position the next one of its hash.
    private var first: [UInt64: Int] = [:]
    private var next: [Int] = []
    private let hash: (Labels) -> UInt64

    /// `hash` is replaceable so that tests can make every set collide.
    init(capacity: Int = 0, hash: @escaping (Labels) -> UInt64 = LabelHash.of) {
        self.hash = hash
        sets.reserveCapacity(capacity)
        first.reserveCapacity(capacity)
        next.reserveCapacity(capacity)
    }

    /// The position of `labels`, added when new.
    mutating func insert(_ labels: Labels) -> (index: Int, inserted: Bool) {
        let hash = hash(labels)
        let head = first[hash]
        var candidate = head ?? -1
        while candidate >= 0 {
            if sets[candidate] == labels { return (candidate, false) }
            candidate = next[candidate]
        }
        let index = sets.count
        sets.append(labels)
        next.append(head ?? -1)
        first[hash] = index
        return (index, true)
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
