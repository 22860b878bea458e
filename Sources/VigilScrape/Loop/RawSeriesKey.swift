import Foundation

/// The series text of a sample line as written (`name{a="1"}`), used as the key of a
/// target's scrape cache: a lookup hashes the bytes in place, without building labels.
struct RawSeriesKey: Hashable, @unchecked Sendable {
    // @unchecked: an ArraySlice of UInt8 is a value; cached keys own a compact copy.
    let bytes: ArraySlice<UInt8>

    /// A key viewing `bytes` (for lookups; do not store it: it keeps the whole body alive).
    init(viewing bytes: ArraySlice<UInt8>) {
        self.bytes = bytes
    }

    /// A key owning a copy of `bytes` (for storing in the cache).
    init(copying bytes: ArraySlice<UInt8>) {
        self.bytes = ArraySlice(Array(bytes))
    }

    /// A key for a series text given as a string (report series, tests).
    init(_ text: String) {
        self.bytes = ArraySlice(Array(text.utf8))
    }

    // memcmp, not elementsEqual: every sample of every scrape is looked up here, and a
    // byte-at-a-time comparison was the scrape path's largest cost (~13 % of CPU at 100k series).
    static func == (a: RawSeriesKey, b: RawSeriesKey) -> Bool {
        guard a.bytes.count == b.bytes.count else { return false }
        return a.bytes.withUnsafeBytes { x in
            b.bytes.withUnsafeBytes { y in
                guard let p = x.baseAddress, let q = y.baseAddress else { return true }
                return memcmp(p, q, x.count) == 0
            }
        }
    }

    func hash(into hasher: inout Hasher) {
        bytes.withUnsafeBytes { hasher.combine(bytes: $0) }
    }
}
