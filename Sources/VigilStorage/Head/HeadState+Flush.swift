import VigilModel

/// What a checkpoint writes: cut chunks, open chunks changed since the last checkpoint,
/// and the keys of every open chunk.
struct CheckpointSnapshot: Sendable {
    var cut: [(ref: SeriesRef, chunk: HeadChunk)]
    var open: [(ref: SeriesRef, chunk: ChunkEncoder)]
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
        var open: [(ref: SeriesRef, chunk: ChunkEncoder)] = []
        var openList: [(ref: SeriesRef, minT: Timestamp)] = []
        for series in liveSeries {
            if series.open != nil, series.lastAppendWallTime < idleBefore, series.cutOpenChunk() {
                unflushed.insert(series.ref)
            }
            if let chunk = series.open {
                openList.append((series.ref, chunk.minT))
                if series.dirty { open.append((series.ref, chunk)) }
            }
            series.dirty = false
        }
        return CheckpointSnapshot(cut: unflushedChunks(), open: open, openList: openList)
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
