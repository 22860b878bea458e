import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import Testing
import VigilConfig
import VigilModel
import VigilStorage

@testable import VigilServer

struct RemoteWriteReceiverTests {
    private static func body(_ series: [(Labels, [Sample])]) -> [UInt8] {
        Snappy.compress(WriteRequest(series: series.map { .init(labels: $0.0, samples: $0.1) }).encoded())
    }

    /// A series with labels as given on the wire (unsorted, repeated), encoded by hand.
    private static func rawSeries(_ pairs: [(String, String)]) -> [UInt8] {
        var series: [UInt8] = []
        for (name, value) in pairs {
            var pair: [UInt8] = []
            Protobuf.appendString(name, field: 1, to: &pair)
            Protobuf.appendString(value, field: 2, to: &pair)
            Protobuf.appendBytes(pair, field: 1, to: &series)
        }
        var request: [UInt8] = []
        Protobuf.appendBytes(series, field: 1, to: &request)
        return Snappy.compress(request)
    }

    @Test(arguments: [
        ([0xFF, 0x01], "snappy"),
        (Snappy.compress([0x0A, 0x05, 0x01]), "protobuf"),
        (body([(["job": "x"], [Sample(t: 1, v: 1)])]), "no valid __name__"),
        (body([(["__name__": "1up"], [Sample(t: 1, v: 1)])]), "no valid __name__"),
        (body([(["__name__": "up", "bad-name": "x"], [Sample(t: 1, v: 1)])]), "invalid label name"),
        (rawSeries([("__name__", "up"), ("a", "1"), ("a", "2")]), "duplicate label name"),
    ] as [([UInt8], String)])
    func badPayloadsAreRefused(_ payload: [UInt8], _ reason: String) {
        guard case .failure(let rejection) = RemoteWriteReceiver.decode(payload) else {
            Issue.record("accepted a bad payload")
            return
        }
        let matches = rejection.message.contains(reason) || (reason == "protobuf" && !rejection.message.contains("snappy"))
        #expect(matches, "\(rejection.message)")
    }

    @Test func unsortedLabelsAreSortedAndEmptyValuesDropped() throws {
        let payload = Self.rawSeries([("job", "x"), ("__name__", "up"), ("empty", "")])
        guard case .success(let batch) = RemoteWriteReceiver.decode(payload) else {
            Issue.record("refused")
            return
        }
        #expect(batch.entries.isEmpty)  // no samples in that series
        let decoded = try WriteRequest(decoding: Snappy.decompress(payload))
        #expect(decoded.series[0].labels == ["__name__": "up", "job": "x"])
    }

    private func withReceiver(enabled: Bool, _ body: @escaping @Sendable (Storage, any TestClientProtocol) async throws -> Void) async throws {
        let directory = ScratchDirectory()
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        let storage = try Storage.open(directory: directory.path, logger: logger)
        var config = VigilConfiguration(file: "vigil.yml")
        config.web.enableRemoteWriteReceiver = enabled
        let loaded = LoadedConfig(config: config)
        let manager = try ConfigManager(load: { loaded }, metrics: nil, logger: logger)
        let router = Router()
        RemoteWriteReceiver(storage: storage, configManager: manager, logger: logger).register(on: router)
        let app = Application(router: router)
        try await app.test(.router) { client in try await body(storage, client) }
        try await storage.close()
    }

    private func post(_ client: any TestClientProtocol, _ payload: [UInt8]) async throws -> HTTPResponse.Status {
        try await client.execute(uri: "/api/v1/write", method: .post, headers: [.contentType: "application/x-protobuf"], body: ByteBuffer(bytes: payload)) { $0.status }
    }

    @Test func disabledReceiverIs404() async throws {
        try await withReceiver(enabled: false) { _, client in
            let status1 = try await post(client, Self.body([(["__name__": "up"], [Sample(t: 1, v: 1)])]))
            #expect(status1 == .notFound)
        }
    }

    @Test func requestsAreAllOrNothing() async throws {
        try await withReceiver(enabled: true) { storage, client in
            let up: Labels = ["__name__": "up", "job": "a"]
            let status2 = try await post(client, Self.body([(up, [Sample(t: 10, v: 1), Sample(t: 20, v: 1)])]))
            #expect(status2 == .noContent)
            // The same samples again: accepted, stored once (Prometheus accepts identical resends).
            let status3 = try await post(client, Self.body([(up, [Sample(t: 20, v: 1)])]))
            #expect(status3 == .noContent)
            // One out-of-order sample refuses the whole request, including the good series.
            let other: Labels = ["__name__": "other"]
            let mixed = Self.body([(other, [Sample(t: 30, v: 1)]), (up, [Sample(t: 5, v: 1)])])
            let status4 = try await post(client, mixed)
            #expect(status4 == .badRequest)
            // Another value at the newest timestamp: a duplicate, refused.
            let status5 = try await post(client, Self.body([(up, [Sample(t: 20, v: 2)])]))
            #expect(status5 == .badRequest)
            let status6 = try await post(client, [1, 2, 3])
            #expect(status6 == .badRequest)
            let querier = try storage.querier()
            let stored = try querier.select([try LabelMatcher(.regexMatch, "__name__", ".+")], mint: .min, maxt: .max)
            #expect(stored.map(\.labels) == [up])
            let samples = try stored[0].samples()
            #expect(samples == [Sample(t: 10, v: 1), Sample(t: 20, v: 1)])
        }
    }
}
