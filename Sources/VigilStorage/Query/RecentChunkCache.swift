import Synchronization
import VigilModel

/// The newest stored chunk of recently queried series, so that a query of recent data — an
/// instant query above all — finds it without a SQLite seek.
///
/// A seek into `chunks` costs a few microseconds once its B-tree pages have left the CPU's
/// caches, more than decoding the samples an instant query needs; dashboards and rules ask
/// for the same recent data again and again. Only a series' newest sealed chunk is kept,
/// and only when a query needed nothing older, so wide range queries do not fill the cache.
///
/// Validity needs no bookkeeping on writes. An entry is used only while the head names it
/// the series' newest sealed chunk (its last timestamp is the head's `storedMaxT`) and
/// holds no chunk of the same start. Rows that change in place — an open chunk's checkpoint
/// copy, replaced by the sealed chunk when it is cut — have such a head chunk until the
/// sealed row is in place and every querier that could read the old one is gone. A newer
/// sealed chunk changes `storedMaxT`; retention removing the newest chunk removes the
/// series' stored data. An import may merge samples into the newest chunk without changing
/// its last timestamp, so it starts a new epoch before it writes and after it is visible:
/// a querier only uses entries of its own epoch, and nothing is added while one runs.
final class RecentChunkCache: Sendable {
    /// A series' newest sealed chunk as a querier read it. A class, so that handing an
    /// entry to a query costs one reference count rather than one per array.
    final class Entry: Sendable {
        let minT: Timestamp
        /// The chunk's last timestamp.
        let maxT: Timestamp
        let bytes: [UInt8]
        /// The chunk's last `tailLength` samples, decoded: an instant query's window, whose
        /// decoding (summing the groups before it) was a quarter of a small `rate`.
        let tail: [Sample]
        fileprivate let epoch: Int

        fileprivate init(minT: Timestamp, maxT: Timestamp, bytes: [UInt8], tail: [Sample], epoch: Int) {
            self.minT = minT
            self.maxT = maxT
            self.bytes = bytes
            self.tail = tail
            self.epoch = epoch
        }

        /// Bytes the entry holds.
        var size: Int { bytes.count + tail.count * MemoryLayout<Sample>.stride }
    }

    /// Samples kept decoded per entry: two groups of 32, 16 minutes at a 15 s interval.
    static let tailLength = 64

    private struct State {
        var entries: [SeriesRef: Entry] = [:]
        /// Order of first insertion, for eviction (a replaced entry keeps its place).
        var order: [SeriesRef] = []
        var evicted = 0
        var bytes = 0
        var epoch = 0
        /// Imports running; nothing is kept while one does.
        var imports = 0
    }

    /// The most bytes kept, chunks and decoded tails.
    let capacity: Int
    private let state = Mutex(State())

    init(capacity: Int) {
        self.capacity = capacity
    }

    /// The current epoch, for a querier to take when it begins.
    var epoch: Int { state.withLock { $0.epoch } }

    /// The entries of `refs` (nil where none) that belong to `epoch`.
    func entries(of refs: [SeriesRef], epoch: Int) -> [Entry?] {
        state.withLock { state in
            refs.map { ref in state.entries[ref].flatMap { $0.epoch == epoch ? $0 : nil } }
        }
    }

    /// Keeps chunks read by a querier of `epoch`, decoding their tails, and evicts the
    /// oldest entries beyond the capacity. Ignored when the epoch has passed or an import
    /// runs.
    func insert(_ chunks: [(ref: SeriesRef, minT: Timestamp, maxT: Timestamp, bytes: [UInt8])], epoch: Int) {
        guard !chunks.isEmpty, capacity > 0, self.epoch == epoch else { return }
        // Decoded outside the lock; a damaged chunk is not kept.
        let entries = chunks.compactMap { chunk -> (SeriesRef, Entry)? in
            var samples: [Sample] = []
            guard (try? ChunkDecoder.decode(chunk.bytes, minT: chunk.minT, into: &samples)) != nil else { return nil }
            let entry = Entry(
                minT: chunk.minT, maxT: chunk.maxT, bytes: chunk.bytes, tail: Array(samples.suffix(Self.tailLength)), epoch: epoch)
            return entry.size <= capacity ? (chunk.ref, entry) : nil
        }
        state.withLock { state in
            guard state.epoch == epoch, state.imports == 0 else { return }
            for (ref, entry) in entries {
                if let old = state.entries.updateValue(entry, forKey: ref) {
                    state.bytes -= old.size
                } else {
                    state.order.append(ref)
                }
                state.bytes += entry.size
            }
            while state.bytes > capacity, state.evicted < state.order.count {
                let ref = state.order[state.evicted]
                state.evicted += 1
                if let old = state.entries.removeValue(forKey: ref) { state.bytes -= old.size }
            }
            if state.evicted > state.order.count / 2 {
                state.order.removeFirst(state.evicted)
                state.evicted = 0
            }
        }
    }

    /// Drops every entry and starts a new epoch as an import begins; nothing is kept until
    /// every import that began has ended (`importEnded`).
    func importBegins() {
        state.withLock { state in
            state.imports += 1
            Self.clear(&state)
        }
    }

    /// Starts a new epoch once an import's result is visible.
    func importEnded() {
        state.withLock { state in
            state.imports -= 1
            Self.clear(&state)
        }
    }

    private static func clear(_ state: inout State) {
        state.entries.removeAll()
        state.order.removeAll()
        state.evicted = 0
        state.bytes = 0
        state.epoch += 1
    }

    /// Bytes held, chunks and decoded tails.
    var bytes: Int { state.withLock { $0.bytes } }
}
