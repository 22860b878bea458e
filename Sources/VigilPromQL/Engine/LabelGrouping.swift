import VigilModel

/// Assigns label sets to groups defined by a subset of their labels (`by (a, b)`,
/// `without (c)`, `on (…)`, `ignoring (…)`, "all but `le`"), hashing the relevant labels in
/// place instead of building a key label set per series. Only a new group's labels are built.
struct LabelGrouping {
    /// Which labels make the key.
    enum Selection {
        /// Only these names (sorted or not).
        case only([String])
        /// Every label but these names (and, with `dropName`, but `__name__`).
        case allBut([String], dropName: Bool)
    }

    let selection: Selection
    private var buckets: [UInt64: [Int]] = [:]
    /// One representative label set per group, and the group's key labels.
    private(set) var keys: [Labels] = []
    private var representatives: [Labels] = []

    init(_ selection: Selection) {
        self.selection = selection
    }

    /// The group of `labels`, created when new.
    mutating func group(of labels: Labels) -> Int {
        var hash: UInt64 = 0
        for label in labels where included(label.name) {
            Self.mix(&hash, label.name)
            Self.mix(&hash, label.value)
        }
        if let candidates = buckets[hash] {
            for candidate in candidates where sameKey(representatives[candidate], labels) { return candidate }
        }
        let index = keys.count
        keys.append(Labels(sortedUnique: labels.pairs.filter { included($0.name) }))
        representatives.append(labels)
        buckets[hash, default: []].append(index)
        return index
    }

    /// Folds a string's bytes and length into `hash`: a multiply-xorshift over 8-byte
    /// words, several times cheaper than `Hasher` for short label strings. Collisions only
    /// cost a comparison (`sameKey`); the labels come from the store, not from the query.
    @inline(__always) private static func mix(_ hash: inout UInt64, _ string: String) {
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

    @inline(__always) private func included(_ name: String) -> Bool {
        switch selection {
        case .only(let names): return names.contains(name)
        case .allBut(let names, let dropName):
            if dropName && name == LabelName.metric { return false }
            return !names.contains(name)
        }
    }

    /// Whether two label sets agree on the key labels, without building either key.
    private func sameKey(_ a: Labels, _ b: Labels) -> Bool {
        var i = a.startIndex
        var j = b.startIndex
        while true {
            while i < a.endIndex && !included(a[i].name) { i += 1 }
            while j < b.endIndex && !included(b[j].name) { j += 1 }
            if i == a.endIndex || j == b.endIndex { return i == a.endIndex && j == b.endIndex }
            if a[i] != b[j] { return false }
            i += 1
            j += 1
        }
    }
}
