import VigilModel

/// A target's cached series, keyed by their text, laid out in the order the target
/// exposes them: the texts back to back in one buffer, the entries in one array, and an
/// open-addressing index of entry positions for texts met out of order.
///
/// A target writes the same series in the same order scrape after scrape, so a lookup
/// first tries the entry after the previous one and walks both arrays front to back. A
/// dictionary of owned keys would touch a separate allocation per key, in random order:
/// at 100k series those cache misses were the largest cost of a scrape.
struct SeriesTextTable: Sendable {
    struct Entry: Sendable {
        var ref: SeriesRef
        /// `hashValue` of the series' final labels (stable within the process).
        var labelsHash: Int
        /// The iteration the text was last seen in.
        var lastIteration: UInt64
        /// `RawSeriesKey.textHash` of the text, and where the text is in `texts`.
        fileprivate var textHash: Int
        fileprivate var textStart: Int
        fileprivate var textCount: Int
    }

    private(set) var entries: [Entry] = []
    private var texts: [UInt8] = []
    /// Entry positions by text hash (linear probing); -1 is an empty slot. Its size is a
    /// power of two, at least twice the number of entries.
    private var slots: [Int32] = []
    /// The entry expected next: the one after the last found.
    private var cursor = 0

    var count: Int { entries.count }

    /// The position of the entry for `key`, or nil.
    mutating func find(_ key: RawSeriesKey) -> Int? {
        if cursor < entries.count, matches(cursor, key) {
            cursor += 1
            return cursor - 1
        }
        guard !slots.isEmpty else { return nil }
        let mask = slots.count - 1
        var slot = key.textHash & mask
        while true {
            let position = Int(slots[slot])
            if position < 0 { return nil }
            if matches(position, key) {
                cursor = position + 1
                return position
            }
            slot = (slot + 1) & mask
        }
    }

    subscript(position: Int) -> Entry {
        get { entries[position] }
        set { entries[position] = newValue }
    }

    /// Adds an entry for a text not in the table.
    mutating func insert(_ key: RawSeriesKey, ref: SeriesRef, labelsHash: Int, iteration: UInt64) {
        let entry = Entry(
            ref: ref, labelsHash: labelsHash, lastIteration: iteration,
            textHash: key.textHash, textStart: texts.count, textCount: key.bytes.count)
        texts.append(contentsOf: key.bytes)
        entries.append(entry)
        if slots.count < 2 * entries.count {
            rebuildSlots()
        } else {
            index(entries.count - 1)
        }
    }

    /// Removes the entries `drop` accepts, keeping the others in their order.
    mutating func removeAll(where drop: (Entry) -> Bool) {
        var kept: [Entry] = []
        var keptTexts: [UInt8] = []
        kept.reserveCapacity(entries.count)
        keptTexts.reserveCapacity(texts.count)
        for var entry in entries where !drop(entry) {
            let start = keptTexts.count
            keptTexts.append(contentsOf: texts[entry.textStart..<entry.textStart + entry.textCount])
            entry.textStart = start
            kept.append(entry)
        }
        entries = kept
        texts = keptTexts
        cursor = 0
        rebuildSlots()
    }

    mutating func removeAll() {
        self = SeriesTextTable()
    }

    /// Marks the next lookup as the first of a scrape.
    mutating func rewind() {
        cursor = 0
    }

    private func matches(_ position: Int, _ key: RawSeriesKey) -> Bool {
        let entry = entries[position]
        return texts.withUnsafeBytes { stored in
            key.matches(UnsafeRawBufferPointer(rebasing: stored[entry.textStart..<entry.textStart + entry.textCount]), hash: entry.textHash)
        }
    }

    private mutating func rebuildSlots() {
        var size = 16
        while size < 2 * max(entries.count, 1) { size <<= 1 }
        slots = Array(repeating: -1, count: size)
        for position in entries.indices { index(position) }
    }

    private mutating func index(_ position: Int) {
        let mask = slots.count - 1
        var slot = entries[position].textHash & mask
        while slots[slot] >= 0 { slot = (slot + 1) & mask }
        slots[slot] = Int32(position)
    }
}
