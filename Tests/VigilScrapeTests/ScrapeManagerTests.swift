import Foundation
import Logging
import ServiceLifecycle
import Testing
import VigilConfig
import VigilModel
@testable import VigilScrape
import VigilTestSupport

/// A manager wired to a fake fetcher, the fake parser, an in-memory store and a manual clock.
struct ManagerHarness {
    let clock = ManualClock()
    let fetcher = FakeFetcher()
    let store = MemoryAppender()
    let manager: ScrapeManager

    init(fileWatchInterval: Duration = .seconds(1)) {
        manager = ScrapeManager(
            appender: store, parsers: FakeParsers(), fetcher: fetcher, wallClock: clock.wall, clock: clock,
            options: ScrapeOptions(offsetSeed: 0, fileWatchInterval: fileWatchInterval))
    }

    /// Advances the clock by `total`, waking every sleeper exactly at its deadline and
    /// letting loops run in between. (`sleepers`: how many tasks should be asleep first.)
    func advance(_ total: Duration, sleepers: Int) async {
        _ = await clock.waitForSleepers(sleepers)
        await clock.run(until: clock.now.advanced(by: total))
    }

    func labels(_ name: String, instance: String, job: String = "node") -> Labels {
        ["__name__": name, "instance": instance, "job": job]
    }
}

@Suite(.serialized, .timeLimit(.minutes(1))) struct ScrapeManagerTests {
    @Test func scrapesOnTheGridWithAlignedTimestamps() async {
        let h = ManagerHarness()
        h.fetcher.set("http://a:1/metrics", body: "x 1\n")
        await h.manager.apply([scrapeConfig(interval: .seconds(10), timeout: .seconds(5)) {
            $0.staticConfigs = [StaticConfig(targets: ["a:1"])]
        }], baseDirectory: "/")
        #expect(await h.clock.waitForSleepers(1))
        await h.advance(.seconds(35), sleepers: 1)
        let times = h.store.samples(h.labels("x", instance: "a:1")).map(\.t)
        #expect(times.count >= 3)
        // Every scrape lands exactly on the 10 s grid of its first scrape.
        #expect(zip(times, times.dropFirst()).allSatisfy { $1 - $0 == 10_000 })
        #expect(h.store.last(h.labels("up", instance: "a:1")) == 1)
        await h.manager.stop()
    }

    @Test func reloadKeepsUnchangedLoopsAndStopsRemovedTargets() async throws {
        let h = ManagerHarness()
        h.fetcher.set("http://a:1/metrics", body: "x 1\n")
        h.fetcher.set("http://b:2/metrics", body: "x 2\n")
        let both = scrapeConfig(interval: .seconds(10), timeout: .seconds(5)) { $0.staticConfigs = [StaticConfig(targets: ["a:1", "b:2"])] }
        await h.manager.apply([both], baseDirectory: "/")
        let before = await h.manager.loops(of: "node")
        #expect(before.count == 2)
        #expect(await h.clock.waitForSleepers(2))
        await h.advance(.seconds(12), sleepers: 2)

        await h.manager.apply([both], baseDirectory: "/")
        let same = await h.manager.loops(of: "node")
        #expect(Set(same.map(ObjectIdentifier.init)) == Set(before.map(ObjectIdentifier.init)))

        let onlyA = scrapeConfig(interval: .seconds(10), timeout: .seconds(5)) { $0.staticConfigs = [StaticConfig(targets: ["a:1"])] }
        await h.manager.apply([onlyA], baseDirectory: "/")
        let after = await h.manager.loops(of: "node")
        #expect(after.count == 1)
        #expect(after.first.map(ObjectIdentifier.init) == before.first { $0.target.url == "http://a:1/metrics" }.map(ObjectIdentifier.init))
        // b's series go stale after two more intervals (plus 10 %), not after 5 minutes.
        #expect(await h.clock.waitForSleepers(2))
        await h.advance(.seconds(25), sleepers: 1)
        let b = h.store.samples(h.labels("x", instance: "b:2"))
        #expect(b.last.map { StaleMarker.isStale($0.v) } == true)
        #expect(h.store.samples(h.labels("up", instance: "b:2")).last.map { StaleMarker.isStale($0.v) } == true)
        #expect(h.store.samples(h.labels("x", instance: "a:1")).allSatisfy { !StaleMarker.isStale($0.v) })
        await h.manager.stop()
    }

    @Test func aTargetBackBeforeItsNextScrapeContinuesWithoutStaleMarkers() async throws {
        let h = ManagerHarness()
        h.fetcher.set("http://a:1/metrics", body: "x 1\n")
        h.fetcher.set("http://b:2/metrics", body: "x 2\n")
        let both = scrapeConfig(interval: .seconds(10), timeout: .seconds(5)) { $0.staticConfigs = [StaticConfig(targets: ["a:1", "b:2"])] }
        let onlyA = scrapeConfig(interval: .seconds(10), timeout: .seconds(5)) { $0.staticConfigs = [StaticConfig(targets: ["a:1"])] }
        await h.manager.apply([both], baseDirectory: "/")
        #expect(await h.clock.waitForSleepers(2))
        // Until just after b's first scrape.
        for _ in 0..<10 where h.store.samples(h.labels("x", instance: "b:2")).isEmpty {
            await h.clock.run(until: try #require(h.clock.nextDeadline))
        }
        #expect(h.store.samples(h.labels("x", instance: "b:2")).count == 1)
        await h.advance(.seconds(1), sleepers: 2)
        await h.manager.apply([onlyA], baseDirectory: "/")
        await h.advance(.seconds(1), sleepers: 2)
        await h.manager.apply([both], baseDirectory: "/")
        await h.advance(.seconds(40), sleepers: 3)
        #expect(await h.manager.pendingEndOfRunCount == 0)
        let b = h.store.samples(h.labels("x", instance: "b:2"))
        #expect(b.count >= 4)
        #expect(b.allSatisfy { !StaleMarker.isStale($0.v) })
        // The new loop keeps the target's phase: no scrape is missed.
        #expect(zip(b, b.dropFirst()).allSatisfy { $1.t - $0.t == 10_000 }, "\(b.map(\.t))")
        await h.manager.stop()
    }

    @Test func changedSettingsRestartLoopsReusingTheCacheWhenValid() async {
        let h = ManagerHarness()
        h.fetcher.set("http://a:1/metrics", body: "x 1\n")
        var config = scrapeConfig(interval: .seconds(10), timeout: .seconds(5)) { $0.staticConfigs = [StaticConfig(targets: ["a:1"])] }
        await h.manager.apply([config], baseDirectory: "/")
        #expect(await h.clock.waitForSleepers(1))
        await h.advance(.seconds(12), sleepers: 1)
        let first = await h.manager.loops(of: "node")

        config.sampleLimit = 100
        await h.manager.apply([config], baseDirectory: "/")
        let second = await h.manager.loops(of: "node")
        #expect(first.map(ObjectIdentifier.init) != second.map(ObjectIdentifier.init))
        #expect(await h.clock.waitForSleepers(1))
        await h.advance(.seconds(40), sleepers: 1)
        #expect(await h.manager.pendingEndOfRunCount == 0)
        // The cache was reused: no stale marker interrupts the series.
        let x = h.store.samples(h.labels("x", instance: "a:1"))
        #expect(x.count >= 4 && x.allSatisfy { !StaleMarker.isStale($0.v) })
        await h.manager.stop()
    }

    @Test func failuresShowInStatusAndDoNotStopOthers() async throws {
        let h = ManagerHarness()
        h.fetcher.set("http://good:1/metrics", body: "x 1\n")
        h.fetcher.set("http://bad:1/metrics", failure: ScrapeFailure(.httpStatus, "server returned HTTP status 500 Internal Server Error"))
        await h.manager.apply([scrapeConfig(interval: .seconds(10), timeout: .seconds(5)) {
            $0.staticConfigs = [StaticConfig(targets: ["good:1", "bad:1"], labels: ["env": "test"])]
            $0.relabelConfigs = [step(.drop, source: ["__address__"], regex: "ignored.*")]
        }, scrapeConfig("other") { $0.staticConfigs = [StaticConfig(targets: ["ignored:1"])] }], baseDirectory: "/")
        #expect(await h.clock.waitForSleepers(3))
        await h.advance(.seconds(16), sleepers: 3)
        let snapshot = await h.manager.targetsSnapshot()
        let byURL = Dictionary(uniqueKeysWithValues: snapshot.activeTargets.map { ($0.scrapeUrl, $0) })
        let bad = try #require(byURL["http://bad:1/metrics"])
        #expect(bad.health == "down")
        #expect(bad.lastError == "server returned HTTP status 500 Internal Server Error")
        #expect(byURL["http://good:1/metrics"]?.health == "up")
        #expect(byURL["http://good:1/metrics"]?.lastError == "")
        #expect(bad.labels == LabelsJSON(["env": "test", "instance": "bad:1", "job": "node"]))
        #expect(bad.scrapeInterval == "10s")
        #expect(bad.scrapeTimeout == "5s")
        #expect(h.store.last(h.labels("up", instance: "bad:1").setting("env", to: "test")) == 0)
        #expect(h.store.last(h.labels("up", instance: "good:1").setting("env", to: "test")) == 1)
        #expect(snapshot.droppedTargets.isEmpty)

        let poolOnly = await h.manager.targetsSnapshot(state: .active, scrapePool: "other")
        #expect(poolOnly.activeTargets.map(\.scrapePool) == ["other"])
        #expect(poolOnly.droppedTargetCounts == nil)
        let none = await h.manager.targetsSnapshot(state: TargetStateFilter("bogus"))
        #expect(none.activeTargets.isEmpty && none.droppedTargets.isEmpty)
        await h.manager.stop()
    }

    @Test func droppedTargetsAndJSONShape() async throws {
        let h = ManagerHarness()
        await h.manager.apply([scrapeConfig {
            $0.staticConfigs = [StaticConfig(targets: ["keep:1", "drop:1"])]
            $0.relabelConfigs = [step(.drop, source: ["__address__"], regex: "drop:.*")]
        }], baseDirectory: "/")
        let snapshot = await h.manager.targetsSnapshot(state: .dropped)
        #expect(snapshot.activeTargets.isEmpty)
        #expect(snapshot.droppedTargetCounts == ["node": 1])
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let json = String(decoding: try encoder.encode(snapshot), as: UTF8.self)
        #expect(json == #"{"activeTargets":[],"droppedTargetCounts":{"node":1},"droppedTargets":[{"discoveredLabels":{"__address__":"drop:1","__metrics_path__":"\/metrics","__scheme__":"http","__scrape_interval__":"15s","__scrape_timeout__":"10s","job":"node"},"scrapePool":"node"}]}"#)
        let active = await h.manager.targetsSnapshot(state: .active)
        let target = try #require(active.activeTargets.first)
        #expect(target.health == "unknown")
        #expect(target.lastScrape == "0001-01-01T00:00:00Z")
        await h.manager.stop()
    }

    @Test func fileDiscoveredTargetsFollowTheFile() async throws {
        let directory = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        write(#"[{"targets": ["a:1"], "labels": {"team": "x"}}]"#, to: directory + "/targets.json")
        let h = ManagerHarness()
        await h.manager.apply([scrapeConfig { $0.fileSDConfigs = [FileSDConfig(files: ["targets.json"])] }], baseDirectory: directory)
        // Discovery runs in the background: wait for its sleeper and the loop's.
        #expect(await h.clock.waitForSleepers(2))
        var snapshot = await h.manager.targetsSnapshot()
        #expect(snapshot.activeTargets.map(\.scrapeUrl) == ["http://a:1/metrics"])
        #expect(snapshot.activeTargets.first?.discoveredLabels.labels["__meta_filepath"] == directory + "/targets.json")
        #expect(snapshot.activeTargets.first?.labels.labels["__meta_filepath"] == nil)

        write(#"[{"targets": ["a:1", "b:2"], "labels": {"team": "x"}}]"#, to: directory + "/targets.json")
        h.clock.advance(by: .seconds(1))
        #expect(await h.clock.waitForSleepers(3))
        snapshot = await h.manager.targetsSnapshot()
        #expect(snapshot.activeTargets.map(\.scrapeUrl) == ["http://a:1/metrics", "http://b:2/metrics"])
        await h.manager.stop()
    }

    @Test func metadataEndpoints() async throws {
        let h = ManagerHarness()
        h.fetcher.set("http://a:1/metrics", body: "# HELP x An x.\n# TYPE x gauge\nx 1\n# TYPE y_total counter\ny_total 2\n")
        await h.manager.apply([scrapeConfig(interval: .seconds(10), timeout: .seconds(5)) {
            $0.staticConfigs = [StaticConfig(targets: ["a:1"])]
        }], baseDirectory: "/")
        #expect(await h.clock.waitForSleepers(1))
        await h.advance(.seconds(11), sleepers: 1)
        let all = await h.manager.targetMetadata()
        #expect(all.map(\.metric) == ["x", "y_total"])
        #expect(all.first?.help == "An x.")
        let one = await h.manager.targetMetadata(matchTarget: [.equal("instance", "a:1")], metric: "x")
        #expect(one.count == 1 && one.first?.metric == nil && one.first?.type == "gauge")
        #expect(await h.manager.targetMetadata(matchTarget: [.equal("instance", "zzz")]).isEmpty)
        // As Prometheus, `limit` counts targets matched, so one target brings all its entries.
        #expect(await h.manager.targetMetadata(limit: 1).count == 2)
        #expect(await h.manager.targetMetadata(limit: 0).isEmpty)
        let metadata = await h.manager.metricMetadata()
        #expect(metadata["y_total"] == [MetadataEntry(MetricMetadata(type: .counter))])
        #expect(await h.manager.metricMetadata(metric: "x").keys.sorted() == ["x"])
        #expect(await h.manager.metricMetadata(limit: 1).count == 1)
        await h.manager.stop()
    }
}

@Test(arguments: [
    (Timestamp?.none, "0001-01-01T00:00:00Z"),
    (Timestamp(0), "1970-01-01T00:00:00Z"),
    (Timestamp(1_700_000_000_120), "2023-11-14T22:13:20.12Z"),
    (Timestamp(951_782_400_005), "2000-02-29T00:00:00.005Z"),
])
func rfc3339(_ t: Timestamp?, _ text: String) {
    #expect(RFC3339.format(t) == text)
}

@Test(arguments: [
    ("http://127.0.0.1:9100/metrics", "http://vigil.example:9100/metrics"),
    ("http://localhost:3000/metrics", "https://vigil.example:443/metrics"),
    ("http://db:9100/metrics", "http://db:9100/metrics"),
])
func globalURLs(_ url: String, _ global: String) {
    let options = GlobalURLOptions(listenAddress: "0.0.0.0:3000", host: "vigil.example:443", scheme: "https")
    #expect(options.globalURL(url) == global)
}

@Test(.timeLimit(.minutes(1))) func servicesStopPromptlyOnGracefulShutdown() async throws {
    let h = ManagerHarness()
    h.fetcher.set("http://a:1/metrics", body: "x 1\n")
    await h.manager.apply([scrapeConfig { $0.staticConfigs = [StaticConfig(targets: ["a:1"])] }], baseDirectory: "/")
    let push = PushGroupStore(appender: h.store, file: nil, interval: .seconds(3600))
    let group = ServiceGroup(configuration: .init(services: [h.manager, push], logger: Logger(label: "test")))
    let task = Task { try await group.run() }
    try await Task.sleep(for: .milliseconds(200))
    let start = ContinuousClock.now
    await group.triggerGracefulShutdown()
    try await task.value
    #expect(ContinuousClock.now - start < .seconds(5))
    #expect(await h.manager.loops(of: "node").isEmpty)
}
