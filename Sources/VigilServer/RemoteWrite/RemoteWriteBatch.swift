import VigilModel

/// One sample ready to send: its final labels (external labels added, write relabeling
/// applied) and its value.
struct OutgoingSample: Sendable {
    var labels: Labels
    /// Stable per series within a queue: which shard the series goes to.
    var ref: SeriesRef
    var t: Timestamp
    var v: Double
}

/// How a round of samples is split and packed: shards by series, so each series' samples
/// stay in one shard and are sent in order; in each shard, requests of at most
/// `max_samples_per_send` samples.
enum RemoteWriteBatching {
    /// `samples` split into `shards` lists by series, each in the order given.
    static func shard(_ samples: [OutgoingSample], into shards: Int) -> [[OutgoingSample]] {
        let count = Swift.max(1, shards)
        var out = [[OutgoingSample]](repeating: [], count: count)
        for sample in samples {
            // Fibonacci hashing spreads consecutive references over the shards.
            let index = Int(((sample.ref &* 0x9E37_79B9_7F4A_7C15) >> 32) % UInt64(count))
            out[index].append(sample)
        }
        return out.filter { !$0.isEmpty }
    }

    /// Consecutive slices of at most `maxSamples` samples.
    static func batches(_ samples: [OutgoingSample], maxSamples: Int) -> [ArraySlice<OutgoingSample>] {
        let size = Swift.max(1, maxSamples)
        return stride(from: 0, to: samples.count, by: size).map { samples[$0..<Swift.min($0 + size, samples.count)] }
    }

    /// How many shards a round of `pending` samples gets: enough for every full request to
    /// go out at once, within `[minShards, maxShards]`.
    static func shardCount(pending: Int, maxSamplesPerSend: Int, minShards: Int, maxShards: Int) -> Int {
        let wanted = (pending + Swift.max(1, maxSamplesPerSend) - 1) / Swift.max(1, maxSamplesPerSend)
        return Swift.min(Swift.max(wanted, minShards), Swift.max(minShards, maxShards))
    }

    /// The `WriteRequest` of one batch: one time series per series, in first-seen order,
    /// each with its samples in order.
    static func request(_ batch: ArraySlice<OutgoingSample>) -> WriteRequest {
        var index: [SeriesRef: Int] = [:]
        var series: [WriteRequest.Series] = []
        for sample in batch {
            if let at = index[sample.ref] {
                series[at].samples.append(Sample(t: sample.t, v: sample.v))
            } else {
                index[sample.ref] = series.count
                series.append(WriteRequest.Series(labels: sample.labels, samples: [Sample(t: sample.t, v: sample.v)]))
            }
        }
        return WriteRequest(series: series)
    }
}
