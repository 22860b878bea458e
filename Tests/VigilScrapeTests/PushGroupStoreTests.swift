import Foundation
import Testing
import VigilModel
@testable import VigilScrape
import VigilTestSupport

@Suite(.timeLimit(.minutes(1))) struct PushGroupStoreTests {
    let clock = ManualClock()
    let store = MemoryAppender()

    func makeStore(file: String? = nil, ttl: Duration? = nil) -> PushGroupStore {
        PushGroupStore(appender: store, file: file, defaultTTL: ttl, interval: .seconds(15), wallClock: clock.wall, clock: clock)
    }

    func values(_ labels: Labels) -> [String] {
        store.samples(labels).map { StaleMarker.isStale($0.v) ? "stale" : "\($0.v)" }
    }

    @Test(arguments: [
        ("/metrics/job/batch", ["job": "batch"]),
        ("/metrics/job/batch/instance/a", ["job": "batch", "instance": "a"]),
        ("/metrics/job@base64/YmF0Y2gvMQ", ["job": "batch/1"]),
        ("/metrics/job/directory_cleaner/path@base64/L3Zhci90bXA", ["job": "directory_cleaner", "path": "/var/tmp"]),
        ("/metrics/job/example/first_label@base64/=/second_label/foobar", ["job": "example", "first_label": "", "second_label": "foobar"]),
        ("/metrics/job/titan/name/%CE%A0%CF%81%CE%BF%CE%BC%CE%B7%CE%B8%CE%B5%CF%8D%CF%82", ["job": "titan", "name": "Προμηθεύς"]),
        ("/metrics/job/titan/name@base64/zqDPgc6_zrzOt864zrXPjc-C", ["job": "titan", "name": "Προμηθεύς"]),
        ("/metrics/job/batch/?ttl=1h", ["job": "batch"]),
    ])
    func groupingKeys(_ path: String, _ key: [String: String]) throws {
        let parsed = try #require(PushPath.parse(path))
        #expect(try parsed.get().groupingKey == key)
    }

    @Test(arguments: [
        ("/metrics/job/", "job name is required"),
        ("/metrics/job", "job name is required"),
        ("/metrics/job/a/b", "odd number of components in label string \"/b\""),
        ("/metrics/job/a/__x/1", "improper label name \"__x\""),
        ("/metrics/job/a/1x/1", "improper label name \"1x\""),
        ("/metrics/job/a/b@base64/!!", "invalid base64 encoding for label b=\"!!\""),
    ])
    func badGroupingKeys(_ path: String, _ message: String) async {
        let response = await makeStore().handle(method: "PUT", path: path, body: [], contentType: nil)
        #expect(response == PushResponse(status: 400, body: message + "\n"))
    }

    @Test func otherPathsAndMethods() async {
        let push = makeStore()
        #expect(await push.handle(method: "PUT", path: "/metrics", body: [], contentType: nil).status == 404)
        #expect(await push.handle(method: "GET", path: "/metrics/job/a", body: [], contentType: nil).status == 405)
    }

    @Test func putPostDeleteAndIngestion() async throws {
        let push = makeStore()
        let put = await push.handle(
            method: "PUT", path: "/metrics/job/train",
            body: Array("# TYPE model_accuracy gauge\nmodel_accuracy{model=\"a\",job=\"ignored\"} 0.93\nmodel_recall 0.8\n".utf8),
            contentType: "text/plain; version=0.0.4")
        #expect(put == PushResponse(status: 200))
        try await push.ingest(at: 1000)
        #expect(values(["__name__": "model_accuracy", "job": "train", "model": "a"]) == ["0.93"])
        #expect(values(["__name__": "model_recall", "job": "train"]) == ["0.8"])
        #expect(values(["__name__": "push_time_seconds", "job": "train"]) == ["\(Double(clock.epochMilliseconds) / 1000)"])
        #expect(values(["__name__": "push_failure_time_seconds", "job": "train"]) == ["0.0"])

        // POST replaces only the families it names.
        clock.advance(by: .seconds(1))
        #expect(await push.handle(method: "POST", path: "/metrics/job/train", body: Array("model_recall 0.85\n".utf8), contentType: nil).status == 200)
        try await push.ingest(at: 2000)
        #expect(values(["__name__": "model_accuracy", "job": "train", "model": "a"]) == ["0.93", "0.93"])
        #expect(values(["__name__": "model_recall", "job": "train"]) == ["0.8", "0.85"])

        // PUT replaces the group.
        #expect(await push.handle(method: "PUT", path: "/metrics/job/train", body: Array("model_recall 0.9\n".utf8), contentType: nil).status == 200)
        try await push.ingest(at: 3000)
        #expect(values(["__name__": "model_accuracy", "job": "train", "model": "a"]) == ["0.93", "0.93", "stale"])

        // DELETE removes it; its series go stale at the next ingestion.
        #expect(await push.handle(method: "DELETE", path: "/metrics/job/train", body: [], contentType: nil) == PushResponse(status: 202))
        try await push.ingest(at: 4000)
        #expect(values(["__name__": "model_recall", "job": "train"]) == ["0.8", "0.85", "0.9", "stale"])
        #expect(values(["__name__": "push_time_seconds", "job": "train"]).last == "stale")
        #expect(await push.snapshot().isEmpty)
        #expect(await push.handle(method: "DELETE", path: "/metrics/job/never", body: [], contentType: nil).status == 202)
    }

    @Test(arguments: [
        ("model_accuracy{ 0.93\n", 400),
        ("model_accuracy 0.93 1700000000000\n", 400),
        ("# TYPE x counter\n# TYPE x gauge\nx 1\n", 400),
        ("x 1\nx 2\n", 400),
    ])
    func badBodiesChangeNothing(_ body: String, _ status: Int) async {
        let push = makeStore()
        _ = await push.handle(method: "PUT", path: "/metrics/job/train", body: Array("kept 1\n".utf8), contentType: nil)
        let before = await push.snapshot()
        let response = await push.handle(method: "PUT", path: "/metrics/job/train", body: Array(body.utf8), contentType: nil)
        #expect(response.status == status)
        #expect(!response.body.isEmpty)
        #expect(await push.snapshot() == before)
    }

    @Test func timestampsAreRefusedWithThePushgatewaysWords() async {
        let response = await makeStore().handle(method: "PUT", path: "/metrics/job/j", body: Array("a 1 1000\n".utf8), contentType: nil)
        #expect(response == PushResponse(status: 400, body: "pushed metrics must not have timestamps\n"))
    }

    @Test func inconsistentPushesRecordTheFailureTime() async throws {
        let push = makeStore()
        _ = await push.handle(method: "PUT", path: "/metrics/job/a", body: Array("# TYPE m counter\nm 1\n".utf8), contentType: nil)
        clock.advance(by: .seconds(5))
        let response = await push.handle(method: "PUT", path: "/metrics/job/b", body: Array("# TYPE m gauge\nm 1\n".utf8), contentType: nil)
        #expect(response.status == 400)
        #expect(response.body.hasPrefix("pushed metrics are invalid or inconsistent with existing metrics: "))
        let groups = await push.snapshot()
        #expect(groups.map(\.groupingKey) == [["job": "a"], ["job": "b"]])
        #expect(groups[1].pushFailureTime == clock.epochMilliseconds)
        #expect(groups[1].pushTime == nil && groups[1].families.isEmpty)
        try await push.ingest(at: 1000)
        #expect(values(["__name__": "push_time_seconds", "job": "b"]) == ["0.0"])
    }

    @Test func groupingLabelsOverrideBodyLabels() async throws {
        let push = makeStore()
        _ = await push.handle(method: "PUT", path: "/metrics/job/j/instance/i1", body: Array("m{instance=\"other\",x=\"1\"} 1\n".utf8), contentType: nil)
        try await push.ingest(at: 1000)
        #expect(values(["__name__": "m", "job": "j", "instance": "i1", "x": "1"]) == ["1.0"])
    }

    @Test func groupsExpireAfterTheirTTL() async throws {
        let push = makeStore(ttl: .seconds(60))
        _ = await push.handle(method: "PUT", path: "/metrics/job/default", body: Array("a 1\n".utf8), contentType: nil)
        _ = await push.handle(method: "PUT", path: "/metrics/job/query?ttl=10s", body: Array("b 1\n".utf8), contentType: nil)
        _ = await push.handle(
            method: "PUT", path: "/metrics/job/header", body: Array("c 1\n".utf8), contentType: nil,
            headers: [("x-vigil-push-ttl", "0")])
        #expect(await push.handle(method: "PUT", path: "/metrics/job/bad?ttl=soon", body: [], contentType: nil).status == 400)
        try await push.ingest(at: 1000)
        clock.advance(by: .seconds(11))
        try await push.ingest(at: 2000)
        #expect(values(["__name__": "b", "job": "query"]) == ["1.0", "stale"])
        #expect(values(["__name__": "a", "job": "default"]) == ["1.0", "1.0"])
        clock.advance(by: .seconds(60))
        try await push.ingest(at: 3000)
        #expect(values(["__name__": "a", "job": "default"]) == ["1.0", "1.0", "stale"])
        // TTL 0: kept forever.
        #expect(values(["__name__": "c", "job": "header"]) == ["1.0", "1.0", "1.0"])
        #expect(await push.snapshot().map(\.groupingKey) == [["job": "header"]])
    }

    @Test func ingestsOnTheIntervalGrid() async throws {
        let push = makeStore()
        _ = await push.handle(method: "PUT", path: "/metrics/job/j", body: Array("a 1\n".utf8), contentType: nil)
        let task = Task { try await push.run() }
        defer { task.cancel() }
        #expect(await clock.waitForSleepers(1))
        clock.advance(by: .seconds(15))
        #expect(await clock.waitForSleepers(1))
        clock.advance(by: .seconds(15))
        #expect(await clock.waitForSleepers(1))
        let times = store.samples(["__name__": "a", "job": "j"]).map(\.t)
        #expect(times.count == 2 && times.allSatisfy { $0 % 15_000 == 0 })
    }
}
