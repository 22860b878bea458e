import Testing
import VigilConfig
import VigilModel

@testable import VigilServer

struct RemoteWriteLogicTests {
    @Test func backoffDoublesUpToTheMaximumAndResets() {
        var backoff = Backoff(min: .milliseconds(30), max: .milliseconds(100))
        #expect([backoff.wait(), backoff.wait(), backoff.wait(), backoff.wait()] == [.milliseconds(30), .milliseconds(60), .milliseconds(100), .milliseconds(100)])
        backoff.reset()
        #expect(backoff.wait() == .milliseconds(30))
        // A longer Retry-After wins; a shorter one does not shorten the wait.
        #expect(backoff.wait(retryAfter: .seconds(2)) == .seconds(2))
        #expect(backoff.wait(retryAfter: .milliseconds(1)) == .milliseconds(100))
    }

    @Test(arguments: [
        (200, false, "sent"), (204, false, "sent"), (500, false, "retry"), (503, true, "retry"),
        (429, false, "drop"), (429, true, "retry"), (400, true, "drop"), (404, false, "drop"), (413, false, "drop"),
    ])
    func statusesAreClassifiedAsPrometheusDoes(_ status: Int, _ retryOn429: Bool, _ expected: String) {
        let outcome = SendOutcome.classify(status: status, body: "x", retryOn429: retryOn429, retryAfter: nil)
        switch outcome {
        case .sent: #expect(expected == "sent")
        case .retry: #expect(expected == "retry")
        case .drop: #expect(expected == "drop")
        }
    }

    private func samples(_ refs: [SeriesRef]) -> [OutgoingSample] {
        refs.enumerated().map { index, ref in
            OutgoingSample(labels: ["__name__": "m\(ref)"], ref: ref, t: Timestamp(index), v: Double(index))
        }
    }

    @Test(arguments: [1, 2, 3, 7])
    func shardingKeepsEachSeriesInOneShardInOrder(_ shards: Int) {
        let input = samples((0..<200).map { SeriesRef($0 % 13 + 1) })
        let sharded = RemoteWriteBatching.shard(input, into: shards)
        #expect(sharded.count <= shards)
        #expect(sharded.reduce(0) { $0 + $1.count } == input.count)
        var owner: [SeriesRef: Int] = [:]
        for (index, shard) in sharded.enumerated() {
            for sample in shard {
                #expect(owner[sample.ref, default: index] == index)
                owner[sample.ref] = index
            }
            for ref in Set(shard.map(\.ref)) {
                let times = shard.filter { $0.ref == ref }.map(\.t)
                #expect(times == times.sorted())
            }
        }
    }

    @Test(arguments: [
        (0, 100, 1, 10, 1), (250, 100, 1, 10, 3), (5000, 100, 1, 10, 10), (10, 100, 4, 10, 4), (1, 2000, 1, 50, 1),
    ])
    func shardCount(_ pending: Int, _ perSend: Int, _ minShards: Int, _ maxShards: Int, _ expected: Int) {
        #expect(RemoteWriteBatching.shardCount(pending: pending, maxSamplesPerSend: perSend, minShards: minShards, maxShards: maxShards) == expected)
    }

    @Test func batchesAndRequestsGroupSamplesBySeries() {
        let input = samples([1, 2, 1, 1, 3, 2, 1])
        let batches = RemoteWriteBatching.batches(input, maxSamples: 3)
        #expect(batches.map(\.count) == [3, 3, 1])
        let request = RemoteWriteBatching.request(batches[0])
        #expect(request.series.map(\.labels.metricName) == ["m1", "m2"])
        #expect(request.series[0].samples.map(\.t) == [0, 2])
    }

    @Test(arguments: [
        (["__name__": "up", "job": "a"] as Labels, ["__name__": "up", "job": "a", "region": "eu"] as Labels?),
        // The series' own value wins over the external label, as in Prometheus.
        (["__name__": "up", "region": "us"] as Labels, ["__name__": "up", "region": "us"] as Labels?),
        (["__name__": "secret_total"] as Labels, nil),
    ] as [(Labels, Labels?)])
    func externalLabelsThenWriteRelabeling(_ input: Labels, _ expected: Labels?) throws {
        var drop = RelabelConfig()
        drop.sourceLabels = ["__name__"]
        drop.regex = try LabelRegex("secret_.*")
        drop.action = .drop
        #expect(RemoteWriteQueue.outgoingLabels(input, externalLabels: ["region": "eu"], relabel: [drop]) == expected)
    }

    @Test func remoteNameIsTheNameOrAShortURLHash() {
        var named = RemoteWriteConfig(url: "http://a/api/v1/write")
        named.name = "mimir"
        #expect(RemoteWriteService.remoteName(of: named) == "mimir")
        let hashed = RemoteWriteService.remoteName(of: RemoteWriteConfig(url: "http://a/api/v1/write"))
        #expect(hashed.count == 6 && hashed == RemoteWriteService.remoteName(of: RemoteWriteConfig(url: "http://a/api/v1/write")))
    }
}
