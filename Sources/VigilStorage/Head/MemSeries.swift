import VigilModel

/// A chunk cut from a series' open chunk, kept in memory until it is in the database and
/// no querier that started before that could still need it.
struct HeadChunk: Sendable {
    let minT: Timestamp
    let maxT: Timestamp
    let count: Int
    /// The chunk as stored (format `ChunkEncoder.format`).
    let bytes: [UInt8]
    /// The generation at which the chunk became visible in vigil.db; nil until then.
    var flushedGeneration: UInt64?
}

/// Everything the store keeps in memory about one series: its labels, what of it is in
/// vigil.db, and its head (cut chunks not yet released and the open chunk).
///
/// Accessed only under the head's lock (`Head.state`); never leaves it.
// `@unchecked Sendable`: only touched under the head lock.
final class MemSeries: @unchecked Sendable {
    let ref: SeriesRef
    /// The label set as ids into the head's `LabelPool`, in label-name order.
    let pairs: [UInt32]
    /// Retention of this series in milliseconds (a per-series rule or the global one);
    /// nil keeps it forever.
    var retention: Int64? {
        get { retentionStored == .max ? nil : retentionStored }
        set { retentionStored = newValue ?? .max }
    }

    // MARK: In vigil.db (sealed chunks only; the open chunk's checkpoint copy is not counted)

    /// Timestamps of the first and last sample in stored sealed chunks; nil when none.
    var storedMinT: Timestamp? {
        get { hasStoredMinT ? storedMinTStored : nil }
        set {
            hasStoredMinT = newValue != nil
            storedMinTStored = newValue ?? 0
        }
    }
    var storedMaxT: Timestamp? {
        get { hasStoredMaxT ? storedMaxTStored : nil }
        set {
            hasStoredMaxT = newValue != nil
            storedMaxTStored = newValue ?? 0
        }
    }
    var storedChunks = 0
    var storedSamples = 0
    /// Bytes of the stored cut chunks' data.
    var storedBytes = 0

    // MARK: Head

    /// Cut chunks, oldest first, not yet released.
    var cut: [HeadChunk] = []
    /// Wall-clock time of the last append, to cut chunks of series that went quiet.
    var lastAppendWallTime: Timestamp = 0
    /// Generation at which retention deleted the series; queriers older than it still see it.
    var deletedGeneration: UInt64? {
        get { deletedGenerationStored == 0 ? nil : deletedGenerationStored - 1 }
        set { deletedGenerationStored = newValue.map { $0 + 1 } ?? 0 }
    }

    // Optionals stored without their padding (an `Int64?` takes 16 bytes in a class, these
    // take 8 and share the flags' word): a MemSeries exists for every series in memory.
    // A retention of `Int64.max` ms keeps a series forever, as nil does.
    private var retentionStored = Int64.max
    private var storedMinTStored: Timestamp = 0
    private var storedMaxTStored: Timestamp = 0
    /// The generation plus one; 0 when not deleted.
    private var deletedGenerationStored: UInt64 = 0
    private var hasStoredMinT = false
    private var hasStoredMaxT = false
    /// Whether the open chunk changed since the last checkpoint wrote it.
    var dirty = false
    // Last, after the one-byte fields, so that they share its alignment padding.
    /// The chunk being appended to.
    var open: ChunkEncoder?

    init(ref: SeriesRef, pairs: [UInt32]) {
        self.ref = ref
        self.pairs = pairs
    }

    /// Samples held in the head (cut chunks not yet flushed plus the open chunk).
    var headSampleCount: Int {
        cut.reduce(open?.count ?? 0) { $0 + ($1.flushedGeneration == nil ? $1.count : 0) }
    }

    /// The earliest timestamp of head data, or nil when the head holds none.
    var headMinT: Timestamp? {
        cut.first?.minT ?? open?.minT
    }

    /// Whether anything of the series lies in `[mint, maxt]`, judged by chunk bounds.
    func overlaps(mint: Timestamp, maxt: Timestamp, visibleLastT: Timestamp) -> Bool {
        if let storedMinT, let storedMaxT, storedMinT <= maxt, storedMaxT >= mint { return true }
        if let headMinT, headMinT <= maxt, visibleLastT >= mint, visibleLastT != .min { return true }
        return false
    }

    /// Appends a sample known to be newer than the series' newest, cutting the open chunk
    /// first when it is full. Returns whether a chunk was cut.
    @discardableResult
    func append(_ sample: Sample, limits: ChunkLimits) -> Bool {
        dirty = true
        // Optional chaining mutates the encoder in place: it is neither copied nor retained.
        switch open?.append(sample, within: limits) {
        case true?:
            return false
        case false?:
            cutOpenChunk()
            open = ChunkEncoder(first: sample)
            return true
        case nil:
            open = ChunkEncoder(first: sample)
            return false
        }
    }


    /// Cuts the open chunk now (a quiet series, or before an import). Returns whether one was cut.
    @discardableResult
    func cutOpenChunk() -> Bool {
        guard let chunk = open else { return false }
        cut.append(HeadChunk(minT: chunk.minT, maxT: chunk.maxT, count: chunk.count, bytes: chunk.bytes()))
        open = nil
        dirty = true
        return true
    }
}

/// When the head cuts an open chunk. Cuts depend only on the chunk and the next
/// timestamp, so replaying the log cuts at the same places.
struct ChunkLimits: Sendable, Hashable {
    /// Samples per chunk (default 480: 2 h at a 15 s interval).
    var samples: Int
    /// Encoded bytes per chunk, so rows stay within a 16 KiB page (no overflow pages).
    var bytes: Int
    /// Time a chunk may span, so retention can drop whole chunks close to their expiry.
    var span: Int64

    static let standard = ChunkLimits(samples: 480, bytes: 3000, span: 4 * 3_600_000)

    func isFull(_ chunk: ChunkEncoder, next t: Timestamp) -> Bool {
        isFull(count: chunk.count, bytes: chunk.estimatedByteCount, minT: chunk.minT, next: t)
    }

    @inline(__always)
    func isFull(count: Int, bytes: Int, minT: Timestamp, next t: Timestamp) -> Bool {
        count >= samples || bytes >= self.bytes || t &- minT >= span
    }
}
