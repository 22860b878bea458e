import VigilModel

/// One import of samples (`vigil import openmetrics`), run on the writer queue inside one
/// vigil.db transaction (the caller commits or rolls back). A `SampleReader` over the input
/// hands out the samples; they stream into a chunk encoder per series; full chunks of
/// series new to the store are buffered and written in key order (so pages fill as they
/// would after a VACUUM), chunks of series the store had are merged with the chunks they
/// overlap (the stored sample wins a shared timestamp).
final class ImportSession {
    /// A series of the input.
    final class Series {
        let ref: SeriesRef
        let labels: Labels
        let text: [UInt8]
        let retention: Int64?
        /// Whether vigil.db had chunks of it before, so writes must look for overlaps.
        let existed: Bool
        var encoder: ChunkEncoder?
        /// The newest timestamp written for it in this import.
        var writtenMaxT = Timestamp.min
        var stored: StoredTotals

        init(ref: SeriesRef, labels: Labels, text: [UInt8], retention: Int64?, stored: StoredTotals?) {
            self.ref = ref
            self.labels = labels
            self.text = text
            self.retention = retention
            existed = stored?.minT != nil
            self.stored = stored ?? StoredTotals()
        }
    }

    /// A series' stored totals (as in its `series` row).
    struct StoredTotals: Sendable {
        var minT: Timestamp?
        var maxT: Timestamp?
        var chunks = 0
        var samples = 0
        var bytes = 0
    }

    private let writer: StorageWriter
    private let main: SQLiteConnection
    private let limits: ChunkLimits
    private let file: String?
    private let input: UnsafeRawBufferPointer
    private var byText: [[UInt8]: Series] = [:]
    private var byLabels: [Labels: Series] = [:]
    /// The last few series seen, checked before the dictionary: histogram buckets of one
    /// timestamp come interleaved.
    private var recent: [Series] = []
    private var pendingWrites: [(series: Series, chunk: ChunkEncoder)] = []
    private var pendingBytes = 0
    /// Written chunks' time bounds and sample counts, for the retention warning.
    private var written: [(series: Series, maxT: Timestamp, count: Int)] = []
    private(set) var created: [NewSeries] = []
    private(set) var summary = ImportSummary()

    init(writer: StorageWriter, main: SQLiteConnection, input: UnsafeRawBufferPointer, file: String?) {
        self.writer = writer
        self.main = main
        self.input = input
        self.file = file
        limits = writer.options.chunkLimits
    }

    /// Every series the import touched, with its totals after the import.
    var touched: [Series] { Array(byLabels.values) }

    // MARK: - Reading the input

    /// Reads every sample of the input with `reader` (made over `input`) and writes them.
    /// `progress` is called every half second.
    func run(_ reader: inout some SampleReader, release: (Int) -> Void, progress: (ImportProgress) -> Void) throws(ImportError) {
        let started = Timestamp.now()
        var nextReport = started + 500
        var count = 0
        while true {
            let read: ReadSample?
            do {
                read = try reader.nextSample()
            } catch {
                throw ImportError(error.kind == .syntax ? .syntax : .invalid, error.message, file: file, position: error.position)
            }
            guard let sample = read else { break }
            guard let t = sample.timestamp else {
                // As promtool tsdb create-blocks-from openmetrics: every sample needs one.
                throw ImportError(.invalid, "expected a timestamp for series \(reader.labels())", file: file, position: position(of: sample.series.lowerBound))
            }
            let series = try resolve(sample, of: reader)
            try add(Sample(t: t, v: sample.value), to: series)
            count += 1
            if count & 0xFFFF == 0 {
                let now = Timestamp.now()
                if now >= nextReport {
                    nextReport = now + 500
                    release(reader.bytesConsumed)
                    progress(ImportProgress(
                        bytesRead: reader.bytesConsumed, totalBytes: input.count, samples: summary.samples, series: byLabels.count,
                        seconds: Double(now - started) / 1000))
                }
            }
        }
        for series in byLabels.values.sorted(by: { $0.ref < $1.ref }) {
            if let chunk = series.encoder {
                series.encoder = nil
                try write(chunk, of: series)
            }
        }
        try writePending()
        summary.series = byLabels.count
        summary.newSeries = created.count
        summary.bytesRead = input.count
        summary.seconds = Double(Timestamp.now() - started) / 1000
        progress(ImportProgress(bytesRead: input.count, totalBytes: input.count, samples: summary.samples, series: byLabels.count, seconds: summary.seconds))
    }

    /// The series of `sample`, the one `reader` returned last, found by its series text.
    private func resolve(_ sample: ReadSample, of reader: some SampleReader) throws(ImportError) -> Series {
        let text = UnsafeRawBufferPointer(rebasing: input[sample.series])
        if let known = seen(text) {
            remember(known)
            return known
        }
        let copy = Array(text)
        let labels = reader.labels()
        let series: Series
        if let same = byLabels[labels] {
            series = same
        } else {
            series = try open(labels, text: copy)
            byLabels[labels] = series
        }
        byText[copy] = series
        remember(series)
        return series
    }

    /// The series with this series text, if the input had it before.
    private func seen(_ text: UnsafeRawBufferPointer) -> Series? {
        for series in recent.reversed() where series.text.count == text.count {
            if series.text.withUnsafeBytes({ $0.elementsEqual(text) }) { return series }
        }
        return byText[Array(text)]
    }

    private func remember(_ series: Series) {
        if recent.last === series { return }
        if recent.count == 16 { recent.removeFirst() }
        recent.append(series)
    }

    /// The store's series with these labels, or a new one (inserted in this transaction).
    private func open(_ labels: Labels, text: [UInt8]) throws(ImportError) -> Series {
        let retention = writer.options.retention(for: labels)
        let existing = writer.head.withLock { state -> (SeriesRef, StoredTotals)? in
            guard let ref = state.ref(for: labels), let series = state.live(ref) else { return nil }
            return (ref, StoredTotals(
                minT: series.storedMinT, maxT: series.storedMaxT, chunks: series.storedChunks, samples: series.storedSamples,
                bytes: series.storedBytes))
        }
        if let existing {
            return Series(ref: existing.0, labels: labels, text: text, retention: retention, stored: existing.1)
        }
        let (ref, pairs, newPairs) = writer.head.withLock { state in
            let pairs = labels.map { state.pool.intern($0) }
            return (state.allocateRef(), pairs, state.pool.unpersisted(among: pairs))
        }
        let new = NewSeries(ref: ref, labels: labels, pairs: pairs)
        do {
            try LabelPairTable.insert(newPairs, into: main)
            try writer.insertSeriesRows([new], into: main)
        } catch {
            throw ImportError(.storage, "cannot create series \(labels): \(error)", file: file)
        }
        created.append(new)
        return Series(ref: ref, labels: labels, text: text, retention: retention, stored: nil)
    }

    // MARK: - Chunks

    private func add(_ sample: Sample, to series: Series) throws(ImportError) {
        guard series.encoder != nil else {
            series.encoder = ChunkEncoder(first: sample)
            summary.samples += 1
            return
        }
        let maxT = series.encoder!.maxT
        if sample.t == maxT {
            summary.duplicates += 1  // The input repeats a timestamp: the first sample stays.
            return
        }
        if sample.t < maxT || limits.isFull(series.encoder!, next: sample.t) {
            // Full, or the input went back in time: write what we have; overlaps are merged.
            let chunk = series.encoder!
            series.encoder = ChunkEncoder(first: sample)
            try write(chunk, of: series)
        } else {
            series.encoder!.append(sample)
        }
        summary.samples += 1
    }

    /// Writes a chunk: buffered when nothing stored can overlap it, merged otherwise.
    private func write(_ chunk: ChunkEncoder, of series: Series) throws(ImportError) {
        summary.minTime = min(summary.minTime ?? chunk.minT, chunk.minT)
        summary.maxTime = max(summary.maxTime ?? chunk.maxT, chunk.maxT)
        if !series.existed && chunk.minT > series.writtenMaxT {
            series.writtenMaxT = chunk.maxT
            pendingWrites.append((series, chunk))
            pendingBytes += chunk.estimatedByteCount
            if pendingBytes >= 32 << 20 { try writePending() }
            return
        }
        try writePending()
        do {
            try merge(chunk, into: series)
        } catch {
            throw ImportError(.storage, "cannot write chunks of \(series.labels): \(error)", file: file)
        }
        series.writtenMaxT = max(series.writtenMaxT, chunk.maxT)
    }

    /// Writes the buffered chunks in key order.
    private func writePending() throws(ImportError) {
        guard !pendingWrites.isEmpty else { return }
        pendingWrites.sort { ($0.series.ref, $0.chunk.minT) < ($1.series.ref, $1.chunk.minT) }
        do {
            let insert = try main.statement("INSERT INTO chunks(series_id, min_t, data) VALUES(?1, ?2, ?3)")
            for (series, chunk) in pendingWrites {
                try insertChunk(chunk.bytes(), minT: chunk.minT, maxT: chunk.maxT, count: chunk.count, of: series, with: insert)
            }
        } catch {
            throw ImportError(.storage, "cannot write chunks: \(error)", file: file)
        }
        pendingWrites.removeAll(keepingCapacity: true)
        pendingBytes = 0
    }

    private func insertChunk(
        _ bytes: [UInt8], minT: Timestamp, maxT: Timestamp, count: Int, of series: Series, with insert: SQLiteStatement
    ) throws(SQLiteError) {
        insert.bind(Int64(bitPattern: series.ref), at: 1)
        insert.bind(minT, at: 2)
        insert.bind(bytes, at: 3)
        try insert.run()
        series.stored.minT = min(series.stored.minT ?? minT, minT)
        series.stored.maxT = max(series.stored.maxT ?? maxT, maxT)
        series.stored.chunks += 1
        series.stored.samples += count
        series.stored.bytes += bytes.count
        written.append((series, maxT, count))
    }

    /// Merges `chunk` with the stored chunks it overlaps: their samples and the chunk's are
    /// combined in time order (a stored sample wins a shared timestamp), the old rows are
    /// deleted and the result written as new chunks.
    private func merge(_ chunk: ChunkEncoder, into series: Series) throws(SQLiteError) {
        let id = Int64(bitPattern: series.ref)
        let select = try main.statement("""
            SELECT min_t, data FROM chunks
            WHERE series_id = ?1 AND min_t <= ?3 AND min_t >= coalesce(
                (SELECT min_t FROM chunks WHERE series_id = ?1 AND min_t <= ?2 ORDER BY min_t DESC LIMIT 1), ?2)
            ORDER BY min_t
            """)
        select.bind(id, at: 1)
        select.bind(chunk.minT, at: 2)
        select.bind(chunk.maxT, at: 3)
        var overlapping: [(minT: Timestamp, bytes: [UInt8], header: ChunkDecoder.Header)] = []
        while try select.step() {
            let minT = select.int64(0)
            let bytes = select.blob(1)
            guard let header = try? ChunkDecoder.header(bytes) else {
                throw SQLiteError(code: 11, message: "stored chunk of series \(series.ref) at \(minT) is damaged")
            }
            if minT &+ header.span >= chunk.minT { overlapping.append((minT, bytes, header)) }
        }
        select.reset()
        let insert = try main.statement("INSERT INTO chunks(series_id, min_t, data) VALUES(?1, ?2, ?3)")
        guard !overlapping.isEmpty else {
            try insertChunk(chunk.bytes(), minT: chunk.minT, maxT: chunk.maxT, count: chunk.count, of: series, with: insert)
            return
        }
        var stored: [Sample] = []
        for row in overlapping {
            do {
                try ChunkDecoder.decode(row.bytes, minT: row.minT, into: &stored)
            } catch {
                throw SQLiteError(code: 11, message: "stored chunk of series \(series.ref) at \(row.minT): \(error)")
            }
        }
        var incoming: [Sample] = []
        try? ChunkDecoder.decode(chunk.bytes(), minT: chunk.minT, into: &incoming)
        var merged: [Sample] = []
        merged.reserveCapacity(stored.count + incoming.count)
        var (i, j) = (0, 0)
        while i < stored.count || j < incoming.count {
            if j == incoming.count || (i < stored.count && stored[i].t < incoming[j].t) {
                merged.append(stored[i])
                i += 1
            } else if i == stored.count || incoming[j].t < stored[i].t {
                merged.append(incoming[j])
                j += 1
            } else {
                merged.append(stored[i])
                i += 1
                j += 1
                summary.duplicates += 1
                summary.samples -= 1
            }
        }
        let delete = try main.statement("DELETE FROM chunks WHERE series_id = ?1 AND min_t = ?2")
        for row in overlapping {
            delete.bind(id, at: 1)
            delete.bind(row.minT, at: 2)
            try delete.run()
            series.stored.chunks -= 1
            series.stored.samples -= row.header.count
            series.stored.bytes -= row.bytes.count
        }
        var start = 0
        while start < merged.count {
            var encoder = ChunkEncoder(first: merged[start])
            var end = start + 1
            while end < merged.count, !limits.isFull(encoder, next: merged[end].t) {
                encoder.append(merged[end])
                end += 1
            }
            try insertChunk(encoder.bytes(), minT: encoder.minT, maxT: encoder.maxT, count: encoder.count, of: series, with: insert)
            start = end
        }
    }

    // MARK: - Finishing

    /// Writes the touched series' totals and the next series reference into vigil.db.
    func finish() throws(ImportError) {
        do {
            let update = try main.statement("UPDATE series SET min_t = ?2, max_t = ?3, chunks = ?4, samples = ?5, bytes = ?6 WHERE id = ?1")
            for series in byLabels.values {
                update.bind(Int64(bitPattern: series.ref), at: 1)
                if let minT = series.stored.minT { update.bind(minT, at: 2) } else { update.bindNull(at: 2) }
                if let maxT = series.stored.maxT { update.bind(maxT, at: 3) } else { update.bindNull(at: 3) }
                update.bind(Int64(series.stored.chunks), at: 4)
                update.bind(Int64(series.stored.samples), at: 5)
                update.bind(Int64(series.stored.bytes), at: 6)
                try update.run()
            }
        } catch {
            throw ImportError(.storage, "cannot update series: \(error)", file: file)
        }
        // Chunks the next upkeep deletes whole, as retention counts from the newest sample.
        let newest = max(writer.head.withLock { $0.newestT }, summary.maxTime ?? .min)
        summary.beyondRetention = written.reduce(0) { total, item in
            guard let retention = item.series.retention, item.maxT < newest &- retention else { return total }
            return total + item.count
        }
    }

    /// Line and column of byte `offset` of the input.
    private func position(of offset: Int) -> SourcePosition {
        var line = 1
        var lineStart = 0
        for index in 0..<min(offset, input.count) where input[index] == UInt8(ascii: "\n") {
            line += 1
            lineStart = index + 1
        }
        return SourcePosition(line: line, column: offset - lineStart + 1)
    }
}
