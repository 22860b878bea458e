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
        /// `RawSeriesKey.textHash` of the text.
        fileprivate var textHash: Int
        /// Where the text is in `texts`.
        fileprivate var textStart: UInt32
        fileprivate var textCount: UInt32
        /// The iteration the text was last seen in, and the last one whose scrape appended
        /// it without an explicit timestamp (`ScrapeCache.mark` of each): 32 bits, so that
        /// an entry stays 48 bytes. An entry unseen for 2³² scrapes is long flushed.
        var seenMark: UInt32
        var appendedMark: UInt32
        /// Whether the last stored scrape appended it without an explicit timestamp: a
        /// scrape that lacks it then writes its stale marker.
        var inPrevious = false
    }

    private(set) var entries: [Entry] = []
    private var texts: [UInt8] = []
    /// Entry positions by text hash (linear probing); -1 is an empty slot. Its size is a
    /// power of two, at least twice the number of entries.
    private var slots: [Int32] = []
    /// The entry expected next: the one after the last found.
    private var cursor = 0

    var count: Int { entries.count }

    /// The position of the entry for `text` when it is the one after the last found: a
    /// target's usual order, answered with one comparison and no hashing.
    mutating func findExpected(_ text: ArraySlice<UInt8>) -> Int? {
        guard cursor < entries.count else { return nil }
        let entry = entries[cursor]
        let equal = texts.withUnsafeBytes { stored in
            text.withUnsafeBytes { RawSeriesKey.equal(UnsafeRawBufferPointer(rebasing: stored[entry.textRange]), $0) }
        }
        guard equal else { return nil }
        cursor += 1
        return cursor - 1
    }

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
    mutating func insert(_ key: RawSeriesKey, ref: SeriesRef, labelsHash: Int, seenMark: UInt32, appendedMark: UInt32) {
        let entry = Entry(
            ref: ref, labelsHash: labelsHash, textHash: key.textHash, textStart: UInt32(texts.count),
            textCount: UInt32(key.bytes.count), seenMark: seenMark, appendedMark: appendedMark)
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
            keptTexts.append(contentsOf: texts[entry.textRange])
            entry.textStart = UInt32(start)
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
            key.matches(UnsafeRawBufferPointer(rebasing: stored[entry.textRange]), hash: entry.textHash)
        }
    }

    /// Visits every entry for changing it in place.
    mutating func updateEach(_ change: (inout Entry) -> Void) {
        for position in entries.indices { change(&entries[position]) }
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

extension SeriesTextTable.Entry {
    fileprivate var textRange: Range<Int> { Int(textStart)..<Int(textStart) + Int(textCount) }
}
