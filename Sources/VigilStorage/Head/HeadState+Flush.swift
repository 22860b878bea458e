import VigilModel

/// What a checkpoint writes: cut chunks, the series whose open chunks changed since the
/// last checkpoint, and the keys of every open chunk.
///
/// Changed open chunks are named, not copied: the writer, the head's only mutator, is busy
/// with the checkpoint, so they stay as they are while it encodes them a batch at a time
/// (`encodeOpenChunks`). Copies of every open chunk at once would double the head's
/// memory for the moment: a copy shares the chunk's buffers until the next append.
struct CheckpointSnapshot: Sendable {
    var cut: [(ref: SeriesRef, chunk: HeadChunk)]
    var changedOpen: [SeriesRef]
    var openList: [(ref: SeriesRef, minT: Timestamp)]
}

extension HeadState {
    /// Cut chunks not yet in vigil.db, oldest first per series.
    func unflushedChunks() -> [(ref: SeriesRef, chunk: HeadChunk)] {
        var out: [(ref: SeriesRef, chunk: HeadChunk)] = []
        for ref in unflushed.sorted() {
            guard let series = any(ref) else { continue }
            for chunk in series.cut where chunk.flushedGeneration == nil { out.append((ref, chunk)) }
        }
        return out
    }

    /// Cuts open chunks of series that received nothing since `idleBefore` (wall time),
    /// then lists what a checkpoint writes. Open chunks listed as changed are marked clean.
    mutating func takeCheckpoint(idleBefore: Timestamp) -> CheckpointSnapshot {
        var changedOpen: [SeriesRef] = []
        var openList: [(ref: SeriesRef, minT: Timestamp)] = []
        for series in liveSeries {
            if series.open != nil, series.lastAppendWallTime < idleBefore, series.cutOpenChunk() {
                unflushed.insert(series.ref)
            }
            if let chunk = series.open {
                openList.append((series.ref, chunk.minT))
                if series.dirty { changedOpen.append(series.ref) }
            }
            series.dirty = false
        }
        return CheckpointSnapshot(cut: unflushedChunks(), changedOpen: changedOpen, openList: openList)
    }

    /// The open chunks of `refs` as checkpoint rows (format `ChunkEncoder.openFormat`).
    func encodeOpenChunks(_ refs: ArraySlice<SeriesRef>) -> [(ref: SeriesRef, minT: Timestamp, bytes: [UInt8])] {
        refs.compactMap { ref in
            any(ref)?.open.map { (ref, $0.minT, $0.bytes(format: ChunkEncoder.openFormat)) }
        }
    }

    /// Records that cut chunks are now in vigil.db (published as a new generation), updates
    /// the series' stored statistics, and releases what no querier needs any more.
    mutating func publishFlushed(_ changes: [StoredChange]) {
        let next = generation + 1
        for change in changes {
            guard let series = any(change.ref) else { continue }
            for index in series.cut.indices where series.cut[index].minT == change.minT {
                series.cut[index].flushedGeneration = next
            }
            series.storedMinT = min(series.storedMinT ?? change.minT, change.minT)
            series.storedMaxT = max(series.storedMaxT ?? change.maxT, change.maxT)
            series.storedChunks += change.chunks
            series.storedSamples += change.samples
            series.storedBytes += change.bytes
            if !series.cut.contains(where: { $0.flushedGeneration == nil }) { unflushed.remove(change.ref) }
            releasable.insert(change.ref)
        }
        generation = next
        release()
    }
}
