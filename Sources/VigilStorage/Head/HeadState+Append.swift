import VigilModel

/// A sample that passed validation, ready for the log and the head.
struct AcceptedSample: Sendable {
    var ref: SeriesRef
    var t: Timestamp
    var v: Double
}

/// A series a batch names by labels that the store does not have yet.
struct NewSeries: Sendable {
    var ref: SeriesRef
    var labels: Labels
    /// Its label set as pair ids (see `LabelPool`).
    var pairs: [UInt32]
}

extension HeadState {
    /// Finds the series of every entry, handing out references for label sets not seen
    /// before. An entry with an unknown reference or an unusable label set gets nil.
    mutating func resolve(_ batches: [AppendBatch]) -> (refs: [[SeriesRef?]], created: [NewSeries]) {
        var created: [NewSeries] = []
        var pending: [Labels: SeriesRef] = [:]
        let refs = batches.map { batch in
            batch.entries.map { entry -> SeriesRef? in
                switch entry.series {
                case .ref(let ref):
                    return isLive(ref) ? ref : nil
                case .labels(let labels):
                    if let ref = ref(for: labels) ?? pending[labels] { return ref }
                    // As Prometheus' head: an empty label set (or an empty name) is invalid.
                    guard !labels.isEmpty, !labels.contains(where: { $0.name.isEmpty }) else { return nil }
                    let ref = allocateRef()
                    pending[labels] = ref
                    created.append(NewSeries(ref: ref, labels: labels, pairs: labels.map { pool.intern($0) }))
                    return ref
                }
            }
        }
        return (refs, created)
    }

    /// Applies Prometheus' rules to every entry in order, as if the batches were appended
    /// one after the other: older than the newest sample of the series is out of order;
    /// the same timestamp with other value bits is a duplicate (the same bits are accepted
    /// and stored once); older than `minValidTime` is out of bounds.
    /// `mark` must differ from every earlier call's.
    mutating func validate(
        _ batches: [AppendBatch], refs: [[SeriesRef?]], created: [NewSeries], minValidTime: Timestamp, mark: UInt32
    ) -> (reports: [AppendReport], accepted: [AcceptedSample]) {
        var firstMention = Set(created.map(\.ref))
        var accepted: [AcceptedSample] = []
        accepted.reserveCapacity(batches.reduce(0) { $0 + $1.entries.count })
        var reports: [AppendReport] = []
        for (batch, batchRefs) in zip(batches, refs) {
            var report = AppendReport(refs: batchRefs)
            for (entry, ref) in zip(batch.entries, batchRefs) {
                guard let ref, isLive(ref) else {
                    report.invalid += 1
                    continue
                }
                if !firstMention.isEmpty, firstMention.remove(ref) != nil { report.newSeries += 1 }
                let current = newest[Int(ref)]
                let last: (t: Timestamp, bits: UInt64) = current.checkMark == mark ? (current.checkT, current.checkBits) : (current.t, current.bits)
                if entry.t < minValidTime {
                    report.outOfBounds += 1
                } else if entry.t < last.t {
                    report.outOfOrder += 1
                } else if entry.t == last.t {
                    if entry.v.bitPattern == last.bits && current.valueKnown {
                        report.appended += 1
                    } else {
                        report.duplicates += 1
                    }
                } else {
                    newest[Int(ref)].checkMark = mark
                    newest[Int(ref)].checkT = entry.t
                    newest[Int(ref)].checkBits = entry.v.bitPattern
                    accepted.append(AcceptedSample(ref: ref, t: entry.t, v: entry.v))
                    report.appended += 1
                }
            }
            reports.append(report)
        }
        return (reports, accepted)
    }

    /// Appends validated samples to the head and publishes them as a new generation.
    /// Open queriers keep seeing each touched series as it was when they started.
    mutating func apply(_ accepted: [AcceptedSample], limits: ChunkLimits, wallTime: Timestamp) {
        let next = generation + 1
        let readerRecords = Array(readers.values)
        for sample in accepted {
            let index = Int(sample.ref)
            guard let series = any(sample.ref) else { continue }
            if newest[index].touched != next {
                for reader in readerRecords where newest[index].touched <= reader.generation && sample.ref < reader.nextRef {
                    reader.previousLastT[sample.ref] = newest[index].t
                }
                newest[index].touched = next
            }
            if series.append(Sample(t: sample.t, v: sample.v), limits: limits) {
                unflushed.insert(series.ref)
            }
            newest[index].t = sample.t
            newest[index].bits = sample.v.bitPattern
            newest[index].valueKnown = true
            series.lastAppendWallTime = wallTime
            if sample.t > newestT { newestT = sample.t }
        }
        generation = next
    }
}
