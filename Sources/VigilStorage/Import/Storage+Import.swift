import VigilModel

extension Storage {
    /// Imports a file of samples that all carry a timestamp — for OpenMetrics, the input of
    /// `promtool tsdb create-blocks-from openmetrics` — in one pass and one transaction:
    /// either every sample is stored or, on any error, nothing is (the error gives the
    /// line and column). Samples of series the store has are merged with what it holds;
    /// at a timestamp stored already the stored sample stays.
    ///
    /// The file is memory-mapped; `reader` makes the format's reader over the mapped bytes
    /// (for OpenMetrics, the exposition parser over borrowed bytes), on the writer queue,
    /// and read pages are dropped as the import advances. Appends wait while the import
    /// runs (it holds the store's writer queue). `progress` is called about every half
    /// second, on the writer queue.
    public func importSamples<Reader: SampleReader>(
        file path: String, reader: @escaping @Sendable (UnsafeRawBufferPointer) -> Reader,
        progress: (@Sendable (ImportProgress) -> Void)? = nil
    ) async throws(ImportError) -> ImportSummary {
        let mapped: MappedFile
        do {
            mapped = try MappedFile(path: path)
        } catch {
            throw ImportError(.input, error.message, file: path)
        }
        return try await importSamples(mapped.bytes, file: path, reader: reader, release: mapped.release, keeping: mapped, progress: progress)
    }

    /// Imports samples from text held in memory (see `importSamples(file:reader:progress:)`).
    public func importSamples<Reader: SampleReader>(
        _ text: [UInt8], reader: @escaping @Sendable (UnsafeRawBufferPointer) -> Reader,
        progress: (@Sendable (ImportProgress) -> Void)? = nil
    ) async throws(ImportError) -> ImportSummary {
        let buffer = ImportBuffer(text)
        return try await importSamples(buffer.bytes, file: nil, reader: reader, release: { _ in }, keeping: buffer, progress: progress)
    }

    private func importSamples<Reader: SampleReader>(
        _ input: UnsafeRawBufferPointer, file: String?, reader: @escaping @Sendable (UnsafeRawBufferPointer) -> Reader,
        release: @escaping @Sendable (Int) -> Void, keeping owner: some Sendable & AnyObject,
        progress: (@Sendable (ImportProgress) -> Void)?
    ) async throws(ImportError) -> ImportSummary {
        let input = UnsafeSendableBuffer(bytes: input)
        let outcome: Result<ImportSummary, ImportError>
        // Merging may rewrite a series' newest chunk in place: cached copies go, and none
        // are kept until the import's result is visible.
        recentChunks.importBegins()
        defer { recentChunks.importEnded() }
        do {
            outcome = try await writer.run { writer throws(StorageError) in
                withExtendedLifetime(owner) {
                    var reader = reader(input.bytes)
                    return writer.importSamples(input.bytes, reading: &reader, file: file, release: release, progress: progress ?? { _ in })
                }
            }
        } catch {
            throw ImportError(.storage, error.message, file: file)
        }
        let summary = try outcome.get()
        logger.info("imported samples", metadata: [
            "file": "\(file ?? "-")", "series": "\(summary.series)", "samples": "\(summary.samples)", "seconds": "\(summary.seconds)",
        ])
        return summary
    }
}

extension StorageWriter {
    /// Runs an import on the writer queue: cuts and writes every open chunk first (so the
    /// head holds nothing vigil.db lacks), then reads `input` with `reader` and writes its
    /// samples in one transaction.
    func importSamples(
        _ input: UnsafeRawBufferPointer, reading reader: inout some SampleReader, file: String?, release: (Int) -> Void,
        progress: (ImportProgress) -> Void
    ) -> Result<ImportSummary, ImportError> {
        let main: SQLiteConnection
        do {
            main = try mainConnection()
            try checkpoint(wallTime: .now(), cutAll: true)
            try main.execute("BEGIN IMMEDIATE")
        } catch {
            return .failure(ImportError(.storage, "\(error)", file: file))
        }
        let session = ImportSession(writer: self, main: main, input: input, file: file)
        do throws(ImportError) {
            try session.run(&reader, release: release, progress: progress)
            try session.finish()
            do {
                try Meta.set(Meta.nextSeriesRef, Int64(head.withLock { $0.nextRef }), in: main)
                try main.execute("COMMIT")
            } catch {
                throw ImportError(.storage, "cannot commit the import: \(error)", file: file)
            }
        } catch {
            main.rollback()
            head.withLock { $0.pool.rollback() }
            return .failure(error)
        }
        publishImport(session)
        // Fold the import out of the WAL file now, so the store's size shows at once.
        _ = try? main.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return .success(session.summary)
    }

    /// Makes the committed import visible: new series join the head's index, touched
    /// series get their new totals.
    private func publishImport(_ session: ImportSession) {
        head.withLock { state in
            state.pool.commit()
            for series in session.created.sorted(by: { $0.ref < $1.ref }) {
                state.add(ref: series.ref, labels: series.labels, retention: options.retention(for: series.labels))
            }
            for imported in session.touched {
                guard let series = state.live(imported.ref) else { continue }
                series.storedMinT = imported.stored.minT
                series.storedMaxT = imported.stored.maxT
                series.storedChunks = imported.stored.chunks
                series.storedSamples = imported.stored.samples
                series.storedBytes = imported.stored.bytes
                if let maxT = imported.stored.maxT { state.setNewest(series.ref, t: maxT, valueKnown: false) }
            }
            state.generation += 1
        }
    }
}

/// Input bytes handed to the writer queue. `@unchecked Sendable`: the memory is read-only
/// and its owner is kept alive until the import returns.
struct UnsafeSendableBuffer: @unchecked Sendable {
    let bytes: UnsafeRawBufferPointer
}

/// Input text held in memory for an import. `@unchecked Sendable`: never mutated.
final class ImportBuffer: @unchecked Sendable {
    private let storage: UnsafeMutableRawBufferPointer
    private let count: Int
    var bytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(rebasing: storage[0..<count]) }

    init(_ text: [UInt8]) {
        count = text.count
        storage = UnsafeMutableRawBufferPointer.allocate(byteCount: max(count, 1), alignment: 8)
        text.withUnsafeBytes { storage.copyMemory(from: $0) }
    }

    deinit { storage.deallocate() }
}
