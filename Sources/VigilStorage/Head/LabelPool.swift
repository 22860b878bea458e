import VigilModel

/// Every distinct label pair of the store, by id: series keep their label sets as lists of
/// ids into it (4 bytes a label instead of a 32-byte pair of strings), and vigil.db's
/// `label_pairs`, `postings` and `series.labels` use the same ids. Part of `HeadState`.
///
/// Ids are dense, 1 up to `count - 1`. Pairs interned by the write in progress (new series
/// of an append group or of an import) get the ids from `persistedCount` up; that write
/// inserts them into `label_pairs` in its transaction and then calls `commit()`, or
/// `rollback()` when the transaction failed, which forgets them again so that no id is
/// left unused in the table.
struct LabelPool {
    /// Pairs by id; id 0 is not used.
    private(set) var pairs: [Label] = [Label("", "")]
    private var ids: [Label: UInt32] = [:]
    /// Pairs with a lower id are in `label_pairs`.
    private var persistedCount = 1
    /// Pair ids in label order (by name, then value, bytewise), and each id's place in it
    /// (`rank[id]`, from 1), so that label sets compare as lists of integers. Kept up to date
    /// by `updateOrder()` when a query needs it: pairs are only added, so new ones are sorted
    /// and merged in.
    private var ordered: [UInt32] = []
    private(set) var rank: [UInt32] = [0]

    /// An empty pool.
    init() {}

    /// The pool of the rows of `label_pairs`; nil unless their ids are exactly 1 to the
    /// number of rows and every pair has a name and a value (a damaged table).
    init?(loading rows: [(id: Int64, label: Label)]) {
        guard rows.count < Int(UInt32.max) else { return nil }
        pairs = [Label](repeating: Label("", ""), count: rows.count + 1)
        for row in rows {
            guard row.id >= 1, row.id <= Int64(rows.count), pairs[Int(row.id)].name.isEmpty,
                !row.label.name.isEmpty, !row.label.value.isEmpty, ids[row.label] == nil
            else { return nil }
            pairs[Int(row.id)] = row.label
            ids[row.label] = UInt32(row.id)
        }
        persistedCount = pairs.count
    }

    /// The id of a pair, giving it a new (not yet persisted) one when it has none.
    mutating func intern(_ label: Label) -> UInt32 {
        if let id = ids[label] { return id }
        let id = UInt32(pairs.count)
        pairs.append(label)
        ids[label] = id
        return id
    }

    /// The pairs among `ids` that `label_pairs` lacks, by ascending id, each once.
    func unpersisted(among ids: some Sequence<UInt32>) -> [(id: UInt32, label: Label)] {
        guard persistedCount < pairs.count else { return [] }
        return Set(ids.lazy.filter { Int($0) >= persistedCount }).sorted().map { ($0, pairs[Int($0)]) }
    }

    /// The write that inserted the new pairs committed.
    mutating func commit() {
        persistedCount = pairs.count
    }

    /// The write that inserted the new pairs rolled back: forget them.
    mutating func rollback() {
        for label in pairs[persistedCount...] { ids[label] = nil }
        pairs.removeSubrange(persistedCount...)
        // The forgotten ids go to other pairs next: they leave the order too.
        if rank.count > persistedCount {
            ordered.removeAll { Int($0) >= persistedCount }
            rank.removeSubrange(persistedCount...)
        }
    }

    /// Brings `rank` up to date with every pair: sorts the pairs added since the last call
    /// and merges them into the order.
    mutating func updateOrder() {
        guard rank.count < pairs.count else { return }
        let pairs = pairs
        let added = (UInt32(rank.count)..<UInt32(pairs.count)).sorted { pairs[Int($0)] < pairs[Int($1)] }
        var merged: [UInt32] = []
        merged.reserveCapacity(ordered.count + added.count)
        var old = ordered[...], new = added[...]
        while let a = old.first, let b = new.first {
            if pairs[Int(b)] < pairs[Int(a)] {
                merged.append(b)
                new = new.dropFirst()
            } else {
                merged.append(a)
                old = old.dropFirst()
            }
        }
        merged += old
        merged += new
        ordered = merged
        rank = [UInt32](repeating: 0, count: pairs.count)
        for (place, id) in ordered.enumerated() { rank[Int(id)] = UInt32(place + 1) }
    }

    /// The label set of a list of ids, which must be in label-name order (a live series').
    func labels(_ ids: [UInt32]) -> Labels {
        Labels(sortedUnique: ids.map { pairs[Int($0)] })
    }

    /// The label set of a list of ids read from a file; nil unless every id is known and
    /// their names are strictly ascending, as a valid label set's are.
    func validLabels(_ ids: [UInt32]) -> Labels? {
        var labels: [Label] = []
        labels.reserveCapacity(ids.count)
        for id in ids {
            guard id > 0, Int(id) < persistedCount else { return nil }
            let label = pairs[Int(id)]
            if let previous = labels.last, !previous.name.utf8Precedes(label.name) { return nil }
            labels.append(label)
        }
        return labels.isEmpty ? nil : Labels(sortedUnique: labels)
    }

    /// The ids of a label set, or nil when one of its pairs has none (a new series).
    func ids(of labels: Labels) -> [UInt32]? {
        var out: [UInt32] = []
        out.reserveCapacity(labels.count)
        for label in labels {
            guard let id = ids[label] else { return nil }
            out.append(id)
        }
        return out
    }
}
