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
        b.bytes.withUnsafeBytes { a.matches($0, hash: b.textHash) }
    }

    /// Whether `text`, whose hash is `hash`, is this key's text: hashes first, then one
    /// `memcmp`.
    func matches(_ text: UnsafeRawBufferPointer, hash: Int) -> Bool {
        textHash == hash && bytes.withUnsafeBytes { Self.equal($0, text) }
    }

    /// Whether two series texts are the same bytes (one `memcmp`).
    static func equal(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Bool {
        guard a.count == b.count else { return false }
        guard let p = a.baseAddress, let q = b.baseAddress else { return true }
        return memcmp(p, q, a.count) == 0
    }

    func hash(into hasher: inout Hasher) {
        hasher.combine(textHash)
    }
}
