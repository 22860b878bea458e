import VigilModel

/// A head chunk as a querier takes it: immutable bytes, or a copy of the open chunk
/// (cheap: its buffers are shared until the writer appends again).
enum HeadChunkView: Sendable {
    case cut(minT: Timestamp, bytes: [UInt8])
    case open(ChunkEncoder)

    var minT: Timestamp {
        switch self {
        case .cut(let minT, _): minT
        case .open(let encoder): encoder.minT
        }
    }
}

/// What a querier takes from the head for one selected series.
struct HeadSeriesView: Sendable {
    let ref: SeriesRef
    let labels: Labels
    /// Whether vigil.db may hold cut chunks of the series in the range.
    let readsStore: Bool
    /// The last timestamp in the series' stored sealed chunks: the newest one ends there.
    let storedMaxT: Timestamp?
    /// Head chunks that may overlap the range, oldest first.
    let chunks: [HeadChunkView]
    /// The newest timestamp the querier may see (later samples were appended after it began).
    let visibleLastT: Timestamp
}

extension HeadState {
    /// Series visible to `reader` that match and have data in `[mint, maxt]`, ascending by
    /// reference, with their head chunks when `withChunks`.
    func select(
        _ matchers: [LabelMatcher], mint: Timestamp, maxt: Timestamp, reader: ReaderRecord, withChunks: Bool
    ) -> [HeadSeriesView] {
        let refs = postings.matching(matchers) { allRefs }
        var views: [HeadSeriesView] = []
        for ref in refs {
            guard let series = any(ref), reader.sees(series) else { continue }
            let upper = reader.visibleLastT(ref, newest[Int(ref)])
            guard series.overlaps(mint: mint, maxt: maxt, visibleLastT: upper) else { continue }
            var chunks: [HeadChunkView] = []
            if withChunks {
                for chunk in series.cut where chunk.minT <= min(maxt, upper) && chunk.maxT >= mint {
                    chunks.append(.cut(minT: chunk.minT, bytes: chunk.bytes))
                }
                if let open = series.open, open.minT <= min(maxt, upper), upper >= mint {
                    chunks.append(.open(open))
                }
            }
            let stored = series.storedMinT.map { $0 <= maxt } ?? false && (series.storedMaxT ?? .min) >= mint
            views.append(HeadSeriesView(
                ref: ref, labels: labels(of: series), readsStore: stored, storedMaxT: series.storedMaxT, chunks: chunks,
                visibleLastT: upper))
        }
        return views
    }

    /// `select`, in label order (Prometheus' `labels.Compare`) rather than by reference.
    mutating func selectInLabelOrder(
        _ matchers: [LabelMatcher], mint: Timestamp, maxt: Timestamp, reader: ReaderRecord, withChunks: Bool
    ) -> [HeadSeriesView] {
        let views = select(matchers, mint: mint, maxt: maxt, reader: reader, withChunks: withChunks)
        return labelOrder(of: views).map { views[$0] }
    }

    /// The positions of `views` in label order. Each series' pairs compare by their place in
    /// the pool's order, integers rather than strings.
    private mutating func labelOrder(of views: [HeadSeriesView]) -> [Int] {
        pool.updateOrder()
        var keys: [UInt32] = []
        var bounds = [0]
        bounds.reserveCapacity(views.count + 1)
        for view in views {
            for id in series[Int(view.ref)]?.pairs ?? [] { keys.append(pool.rank[Int(id)]) }
            bounds.append(keys.count)
        }
        return keys.withUnsafeBufferPointer { keys in
            views.indices.sorted { a, b in
                keys[bounds[a]..<bounds[a + 1]].lexicographicallyPrecedes(keys[bounds[b]..<bounds[b + 1]])
            }
        }
    }

    /// Label names of the visible series matching `matchers` with data in the range, sorted.
    func labelNames(_ matchers: [LabelMatcher], mint: Timestamp, maxt: Timestamp, reader: ReaderRecord) -> [String] {
        if matchers.isEmpty {
            return postings.index.compactMap { name, values in
                values.values.contains { anyVisible($0, mint: mint, maxt: maxt, reader: reader) } ? name : nil
            }.sorted(by: Self.byBytes)
        }
        var names: Set<String> = []
        for view in select(matchers, mint: mint, maxt: maxt, reader: reader, withChunks: false) {
            for label in view.labels { names.insert(label.name) }
        }
        return names.sorted(by: Self.byBytes)
    }

    /// Values of label `name` on the visible series matching `matchers` with data in the
    /// range, sorted.
    func labelValues(_ name: String, _ matchers: [LabelMatcher], mint: Timestamp, maxt: Timestamp, reader: ReaderRecord) -> [String] {
        if matchers.isEmpty {
            let values = postings.index[name] ?? [:]
            return values.compactMap { value, refs in
                anyVisible(refs, mint: mint, maxt: maxt, reader: reader) ? value : nil
            }.sorted(by: Self.byBytes)
        }
        var values: Set<String> = []
        for view in select(matchers, mint: mint, maxt: maxt, reader: reader, withChunks: false) {
            if let value = view.labels[name] { values.insert(value) }
        }
        return values.sorted(by: Self.byBytes)
    }

    private func anyVisible(_ refs: [SeriesRef], mint: Timestamp, maxt: Timestamp, reader: ReaderRecord) -> Bool {
        refs.contains { ref in
            guard let series = any(ref), reader.sees(series) else { return false }
            return series.overlaps(mint: mint, maxt: maxt, visibleLastT: reader.visibleLastT(ref, newest[Int(ref)]))
        }
    }

    /// Byte-wise order of label names and values, as Prometheus sorts strings.
    static func byBytes(_ a: String, _ b: String) -> Bool {
        a.utf8Precedes(b)
    }
}
