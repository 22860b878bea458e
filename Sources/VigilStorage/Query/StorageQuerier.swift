import VigilModel

/// One consistent read view of the store: the head as it was when the querier was made,
/// and a SQLite read transaction of vigil.db begun at the same moment (under the head
/// lock). Used by one query at a time; releasing it ends the transaction.
final class StorageQuerier: Querier {
    private let head: Head
    private let pool: ReadConnectionPool
    private let connection: SQLiteConnection
    private let reader: ReaderRecord
    private let recentChunks: RecentChunkCache
    /// The cache epoch taken with the transaction.
    private let epoch: Int
    /// The chunk lookup, prepared once per querier rather than found by its text per series.
    private var chunkStatement: SQLiteStatement?

    init(
        head: Head, pool: ReadConnectionPool, connection: SQLiteConnection, reader: ReaderRecord,
        recentChunks: RecentChunkCache, epoch: Int
    ) {
        self.head = head
        self.pool = pool
        self.connection = connection
        self.reader = reader
        self.recentChunks = recentChunks
        self.epoch = epoch
    }

    deinit {
        let reader = reader
        head.withLock { $0.readers[ObjectIdentifier(reader)] = nil }
        connection.rollback()
        pool.checkin(connection)
    }

    func select(_ matchers: [LabelMatcher], mint: Timestamp, maxt: Timestamp) throws(ReadError) -> [SeriesData] {
        try selectSources(matchers, mint: mint, maxt: maxt).map { source in
            SeriesData(labels: source.labels) { () throws(ReadError) in try source.samples() }
        }
    }

    /// The selected series with their compressed chunks read from the snapshot, sorted by
    /// labels; decoding waits until samples are asked for. A range that only the newest
    /// stored chunk of a series covers takes it from the recent-chunk cache when there.
    func selectSources(_ matchers: [LabelMatcher], mint: Timestamp, maxt: Timestamp) throws(ReadError) -> [SeriesSource] {
        guard mint <= maxt else { return [] }
        let reader = reader
        let views = head.withLock { $0.selectInLabelOrder(matchers, mint: mint, maxt: maxt, reader: reader, withChunks: true) }
        let cached = recentChunks.entries(of: views.map(\.ref), epoch: epoch)
        var read: [(ref: SeriesRef, minT: Timestamp, maxT: Timestamp, bytes: [UInt8])] = []
        var sources: [SeriesSource] = []
        sources.reserveCapacity(views.count)
        for (view, entry) in zip(views, cached) {
            let stored = view.readsStore ? try storedChunks(of: view, cached: entry, mint: mint, maxt: maxt, read: &read) : []
            sources.append(SeriesSource(
                ref: view.ref, labels: view.labels, stored: stored, head: view.chunks, mint: mint, maxt: min(maxt, view.visibleLastT)))
        }
        recentChunks.insert(read, epoch: epoch)
        return sources
    }

    /// A series' stored chunks for `[mint, maxt]`: the cached newest chunk when it alone
    /// covers the range and the head still names it the newest (see `RecentChunkCache`),
    /// else the rows of vigil.db, adding the newest to `read` when it alone covers the range.
    private func storedChunks(
        of view: HeadSeriesView, cached entry: RecentChunkCache.Entry?, mint: Timestamp, maxt: Timestamp,
        read: inout [(ref: SeriesRef, minT: Timestamp, maxT: Timestamp, bytes: [UInt8])]
    ) throws(ReadError) -> [StoredChunk] {
        let skipping = view.chunks.map(\.minT)
        if let entry, entry.maxT == view.storedMaxT, entry.minT <= mint, !skipping.contains(entry.minT) {
            return [.cached(entry)]
        }
        let stored = try storedChunks(of: view.ref, mint: mint, maxt: maxt, skipping: skipping)
        if stored.count == 1, let only = stored.first, only.minT <= mint,
            let header = try? ChunkDecoder.header(only.bytes), only.minT &+ header.span == view.storedMaxT
        {
            read.append((view.ref, only.minT, only.minT &+ header.span, only.bytes))
        }
        return stored
    }

    /// Label sets of the matching series with data in the range, sorted; no chunks read.
    func series(_ matchers: [LabelMatcher], mint: Timestamp, maxt: Timestamp) -> [Labels] {
        guard mint <= maxt else { return [] }
        let reader = reader
        return head.withLock { $0.selectInLabelOrder(matchers, mint: mint, maxt: maxt, reader: reader, withChunks: false) }
            .map(\.labels)
    }

    func labelNames(_ matchers: [LabelMatcher], mint: Timestamp, maxt: Timestamp) throws(ReadError) -> [String] {
        guard mint <= maxt else { return [] }
        let reader = reader
        return head.withLock { $0.labelNames(matchers, mint: mint, maxt: maxt, reader: reader) }
    }

    func labelValues(_ name: String, _ matchers: [LabelMatcher], mint: Timestamp, maxt: Timestamp) throws(ReadError) -> [String] {
        guard mint <= maxt else { return [] }
        let reader = reader
        return head.withLock { $0.labelValues(name, matchers, mint: mint, maxt: maxt, reader: reader) }
    }

    /// Chunks of a series in vigil.db that may hold samples in `[mint, maxt]`: the last one
    /// starting at or before `mint` (chunks of a series never overlap) and every later one
    /// starting by `maxt`. Rows the head also holds (same start) are left to the head.
    private func storedChunks(of ref: SeriesRef, mint: Timestamp, maxt: Timestamp, skipping: [Timestamp]) throws(ReadError) -> [StoredChunk] {
        do {
            // Newest first from one index seek, stopping at the first chunk that starts by `mint`.
            let statement: SQLiteStatement
            if let chunkStatement {
                statement = chunkStatement
            } else {
                statement = try connection.statement("""
                    SELECT min_t, data FROM chunks WHERE series_id = ?1 AND min_t <= ?2 ORDER BY min_t DESC
                    """)
                chunkStatement = statement
            }
            statement.reset()
            statement.bind(Int64(bitPattern: ref), at: 1)
            statement.bind(maxt, at: 2)
            var chunks: [StoredChunk] = []
            while try statement.step() {
                let minT = statement.int64(0)
                if !skipping.contains(minT) { chunks.append(.read(minT: minT, bytes: statement.blob(1))) }
                if minT <= mint { break }
            }
            statement.reset()
            return chunks.reversed()
        } catch {
            let kind: ReadError.Kind = error.isCorrupt ? .corrupt : .io
            throw ReadError(kind, "reading chunks of series \(ref): \(error)")
        }
    }
}

/// A chunk read from vigil.db, or taken from the recent-chunk cache with its last samples
/// decoded.
enum StoredChunk: Sendable {
    case read(minT: Timestamp, bytes: [UInt8])
    case cached(RecentChunkCache.Entry)

    var minT: Timestamp {
        switch self {
        case .read(let minT, _): minT
        case .cached(let entry): entry.minT
        }
    }

    var bytes: [UInt8] {
        switch self {
        case .read(_, let bytes): bytes
        case .cached(let entry): entry.bytes
        }
    }

    /// The decoded tail, when it holds every sample of the chunk from `mint` on.
    func tail(from mint: Timestamp) -> [Sample]? {
        guard case .cached(let entry) = self, let first = entry.tail.first, first.t <= mint else { return nil }
        return entry.tail
    }
}

/// The compressed data of one selected series, decoded when its samples are asked for.
struct SeriesSource: Sendable {
    let ref: SeriesRef
    let labels: Labels
    let stored: [StoredChunk]
    let head: [HeadChunkView]
    let mint: Timestamp
    let maxt: Timestamp

    /// The samples in `[mint, maxt]`, in time order, staleness markers included.
    func samples() throws(ReadError) -> [Sample] {
        var out: [Sample] = []
        do {
            var capacity = 0
            for chunk in stored { capacity += chunk.tail(from: mint)?.count ?? expectedCount(chunk.bytes, minT: chunk.minT) }
            for chunk in head {
                if case .open(let encoder) = chunk { capacity += encoder.count } else if case .cut(let minT, let bytes) = chunk {
                    capacity += expectedCount(bytes, minT: minT)
                }
            }
            out.reserveCapacity(capacity)
            for chunk in stored {
                if let tail = chunk.tail(from: mint) {
                    out += tail.lazy.filter { $0.t >= mint && $0.t <= maxt }
                } else {
                    try ChunkDecoder.decode(chunk.bytes, minT: chunk.minT, from: mint, through: maxt, into: &out)
                }
            }
            for chunk in head {
                switch chunk {
                case .cut(let minT, let bytes):
                    try ChunkDecoder.decode(bytes, minT: minT, from: mint, through: maxt, into: &out)
                case .open(let encoder):
                    try ChunkDecoder.decode(encoder.bytes(), minT: encoder.minT, from: mint, through: maxt, into: &out)
                }
            }
        } catch {
            throw ReadError(.corrupt, "series \(labels): \(error)")
        }
        return Self.ordered(out)
    }

    /// About how many of a chunk's samples fall in `[mint, maxt]`, supposing they are
    /// evenly spread: an instant query wants a handful of a chunk's hundreds.
    private func expectedCount(_ bytes: [UInt8], minT: Timestamp) -> Int {
        guard let header = try? ChunkDecoder.header(bytes) else { return 0 }
        let maxT = minT &+ header.span
        let overlap = min(maxt, maxT) - max(mint, minT)
        guard overlap >= 0 else { return 0 }
        guard header.span > 0 else { return header.count }
        return min(header.count, Int(Double(header.count) * Double(overlap) / Double(header.span)) + 2)
    }

    /// Chunks come oldest first and do not overlap, so the samples are normally in order
    /// already; if not (chunks written by an older build, or damage), sort them and keep
    /// the last sample of each timestamp (the head's, which came last).
    static func ordered(_ samples: [Sample]) -> [Sample] {
        var sorted = true
        for index in samples.indices.dropFirst() where samples[index].t <= samples[index - 1].t {
            sorted = false
            break
        }
        if sorted { return samples }
        let indexed = samples.enumerated().sorted { ($0.element.t, $0.offset) < ($1.element.t, $1.offset) }
        var out: [Sample] = []
        out.reserveCapacity(samples.count)
        for item in indexed {
            if out.last?.t == item.element.t { out[out.count - 1] = item.element } else { out.append(item.element) }
        }
        return out
    }
}
