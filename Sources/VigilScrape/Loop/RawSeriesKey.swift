import Foundation

/// The series text of a sample line as written (`name{a="1"}`), used as the key of a
/// target's scrape cache: a lookup hashes the bytes in place, without building labels.
///
/// The hash of the bytes is computed once and kept: Swift's dictionaries store no hashes,
/// so every probe compares keys, and texts of one family have equal lengths and differ
/// only near their end. Comparing the kept hashes first leaves one `memcmp` per lookup.
struct RawSeriesKey: Hashable, @unchecked Sendable {
    // @unchecked: an ArraySlice of UInt8 is a value; cached keys own a compact copy.
    let bytes: ArraySlice<UInt8>
    /// The hash of `bytes`, computed once.
    let textHash: Int

    /// A key viewing `bytes` (for lookups; do not store it: it keeps the whole body alive).
    init(viewing bytes: ArraySlice<UInt8>) {
        self.bytes = bytes
        var hasher = Hasher()
        bytes.withUnsafeBytes { hasher.combine(bytes: $0) }
        textHash = hasher.finalize()
    }

    /// A key owning a copy of the bytes of `key` (for storing in the cache).
    init(copying key: RawSeriesKey) {
        bytes = ArraySlice(Array(key.bytes))
        textHash = key.textHash
    }

    /// A key for a series text given as a string (report series, tests).
    init(_ text: String) {
        self.init(viewing: ArraySlice(Array(text.utf8)))
    }

    static func == (a: RawSeriesKey, b: RawSeriesKey) -> Bool {
        guard a.textHash == b.textHash, a.bytes.count == b.bytes.count else { return false }
        return a.bytes.withUnsafeBytes { x in
            b.bytes.withUnsafeBytes { y in
                guard let p = x.baseAddress, let q = y.baseAddress else { return true }
                return memcmp(p, q, x.count) == 0
            }
        }
    }

    func hash(into hasher: inout Hasher) {
        hasher.combine(textHash)
    }
}
