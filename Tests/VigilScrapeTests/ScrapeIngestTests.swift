import Testing
import VigilConfig
import VigilModel
@testable import VigilScrape

/// Drives `ScrapeIngest` scrape by scrape against an in-memory store.
struct IngestHarness {
    var ingest: ScrapeIngest
    let store = MemoryAppender()
    static let target: Labels = ["instance": "host:9100", "job": "node"]

    init(honorLabels: Bool = false, honorTimestamps: Bool = true, sampleLimit: Int = 0,
         limits: SampleLabeling.LabelLimits = .init(), metricRelabel: [RelabelConfig] = []) {
        ingest = ScrapeIngest(
            labeling: SampleLabeling(targetLabels: Self.target, honorLabels: honorLabels, metricRelabelConfigs: metricRelabel, limits: limits),
            sampleLimit: sampleLimit, honorTimestamps: honorTimestamps)
    }

    /// One scrape of `body` (nil: the fetch failed) at `t`.
    @discardableResult
    mutating func scrape(_ body: String?, at t: Timestamp, failure: ScrapeFailure = ScrapeFailure(.connection, "down")) async -> ScrapeIngest.Plan {
        var plan: ScrapeIngest.Plan
        if let body {
            let bytes = Array(body.utf8)
            var parser: any ScrapeParser = FakeParser(bytes)
            plan = ingest.plan(body: bytes, parser: &parser, scrapeTime: t, now: t)
        } else {
            plan = ingest.planFailure(failure, scrapeTime: t)
        }
        ingest.addReport(to: &plan, scrapeTime: t, duration: .milliseconds(5))
        let report = try! await store.append(plan.batch)
        ingest.commit(plan, report: report)
        return plan
    }

    func series(_ name: String, _ extra: Labels = .empty) -> Labels {
        var builder = LabelsBuilder(Self.target)
        builder.set(LabelName.metric, name)
        for label in extra { builder.set(label.name, label.value) }
        return builder.labels
    }

    func values(_ name: String, _ extra: Labels = .empty) -> [String] {
        store.samples(series(name, extra)).map { StaleMarker.isStale($0.v) ? "\($0.t):stale" : "\($0.t):\($0.v)" }
    }
}

@Suite struct ScrapeIngestTests {
    @Test func cachedSeriesAreWrittenByReference() async {
        var h = IngestHarness()
        await h.scrape("a 1\nb{x=\"1\"} 2\n", at: 1000)
        let second = await h.scrape("a 3\nb{x=\"1\"} 4\n", at: 2000)
        let keys = second.batch.entries.map(\.series)
        #expect(keys.allSatisfy { if case .ref = $0 { true } else { false } })
        #expect(h.values("a") == ["1000:1.0", "2000:3.0"])
        #expect(h.values("b", ["x": "1"]) == ["1000:2.0", "2000:4.0"])
    }

    @Test func reportSeries() async {
        var h = IngestHarness(metricRelabel: [step(.drop, source: ["__name__"], regex: "dropped")])
        await h.scrape("a 1\ndropped 2\nb 3\n", at: 1000)
        #expect(h.store.last(h.series("up")) == 1)
        #expect(h.store.last(h.series("scrape_samples_scraped")) == 3)
        #expect(h.store.last(h.series("scrape_samples_post_metric_relabeling")) == 2)
        #expect(h.store.last(h.series("scrape_series_added")) == 2)
        #expect(h.store.last(h.series("scrape_duration_seconds")) == 0.005)
        await h.scrape("a 1\ndropped 2\nb 3\n", at: 2000)
        #expect(h.store.last(h.series("scrape_series_added")) == 0)
        #expect(h.store.samples(h.series("dropped")).isEmpty)
    }

    @Test func aMissingSeriesGoesStale() async {
        var h = IngestHarness()
        await h.scrape("a 1\nb 2\n", at: 1000)
        await h.scrape("a 1\n", at: 2000)
        await h.scrape("a 1\n", at: 3000)
        #expect(h.values("b") == ["1000:2.0", "2000:stale"])
        await h.scrape("a 1\nb 5\n", at: 4000)
        #expect(h.values("b") == ["1000:2.0", "2000:stale", "4000:5.0"])
    }

    /// The same series written another way (labels in another order) is not a series that
    /// went away: no stale marker between its samples.
    @Test func aSeriesUnderAnotherTextStaysFresh() async {
        var h = IngestHarness()
        await h.scrape("a{x=\"1\",y=\"2\"} 1\nb 1\n", at: 1000)
        let plan = await h.scrape("a{y=\"2\",x=\"1\"} 2\n", at: 2000)
        #expect(plan.batch.entries.filter { StaleMarker.isStale($0.v) }.count == 1)
        #expect(h.values("a", ["x": "1", "y": "2"]) == ["1000:1.0", "2000:2.0"])
        #expect(h.values("b") == ["1000:1.0", "2000:stale"])
    }

    @Test func aFailedScrapeMarksEverythingStaleOnce() async {
        var h = IngestHarness()
        await h.scrape("a 1\nb 2\n", at: 1000)
        await h.scrape(nil, at: 2000)
        await h.scrape(nil, at: 3000)
        #expect(h.values("a") == ["1000:1.0", "2000:stale"])
        #expect(h.values("up") == ["1000:1.0", "2000:0.0", "3000:0.0"])
        #expect(h.store.last(h.series("scrape_samples_scraped")) == 0)
        await h.scrape("a 7\n", at: 4000)
        #expect(h.values("a") == ["1000:1.0", "2000:stale", "4000:7.0"])
        #expect(h.store.last(h.series("scrape_series_added")) == 0)
    }

    @Test func sampleLimitFailsTheWholeScrape() async {
        var h = IngestHarness(sampleLimit: 2)
        await h.scrape("a 1\n", at: 1000)
        let plan = await h.scrape("a 1\nb 2\nc 3\n", at: 2000)
        #expect(plan.failure == ScrapeFailure(.sampleLimit, "sample limit exceeded"))
        #expect(h.values("a") == ["1000:1.0", "2000:stale"])
        #expect(h.values("b").isEmpty)
        #expect(h.store.last(h.series("up")) == 0)
        #expect(h.store.last(h.series("scrape_samples_scraped")) == 3)
        #expect(h.store.last(h.series("scrape_samples_post_metric_relabeling")) == 3)
    }

    @Test(arguments: [
        (SampleLabeling.LabelLimits(labelLimit: 3), "label_limit exceeded (metric: a, number of labels: 4, limit: 3)"),
        (SampleLabeling.LabelLimits(labelNameLengthLimit: 4),
         "label_name_length_limit exceeded (metric: a, label name: __name__, length: 8, limit: 4)"),
        (SampleLabeling.LabelLimits(labelValueLengthLimit: 8),
         "label_value_length_limit exceeded (metric: a, label name: instance, value: \"host:9100\", length: 9, limit: 8)"),
    ])
    func labelLimits(_ limits: SampleLabeling.LabelLimits, _ message: String) async {
        var h = IngestHarness(limits: limits)
        let plan = await h.scrape("a{x=\"1\"} 1\n", at: 1000)
        #expect(plan.failure?.message == message)
        #expect(plan.failure?.kind == .labelLimit)
        #expect(h.store.last(h.series("up")) == 0)
    }

    @Test func targetLabelsWinUnlessHonored() async {
        var h = IngestHarness()
        await h.scrape("a{job=\"pushed\",exported_job=\"x\"} 1\n", at: 1000)
        #expect(h.store.last(h.series("a", ["exported_job": "x", "exported_exported_job": "pushed"])) == 1)

        var honored = IngestHarness(honorLabels: true)
        await honored.scrape("a{job=\"pushed\"} 1\n", at: 1000)
        #expect(honored.store.last(["__name__": "a", "job": "pushed", "instance": "host:9100"]) == 1)
    }

    @Test func explicitTimestamps() async {
        var h = IngestHarness()
        await h.scrape("a 1 500\nb 2\n", at: 1000)
        await h.scrape("b 2\n", at: 2000)
        // Series with their own timestamps are not tracked for staleness.
        #expect(h.values("a") == ["500:1.0"])

        var ignoring = IngestHarness(honorTimestamps: false)
        await ignoring.scrape("a 1 500\n", at: 1000)
        await ignoring.scrape("b 1\n", at: 2000)
        #expect(ignoring.values("a") == ["1000:1.0", "2000:stale"])
    }

    @Test func samplesFarInTheFutureAreRefused() async {
        var h = IngestHarness()
        await h.scrape("a 1 \(1000 + 11 * 60 * 1000)\nb 1\n", at: 1000)
        #expect(h.values("a").isEmpty)
        #expect(h.values("b") == ["1000:1.0"])
    }

    @Test func theSameSeriesTwiceIsADuplicate() async {
        var h = IngestHarness()
        let plan = await h.scrape("a 1\na 2\n", at: 1000)
        #expect(plan.batch.entries.prefix(plan.reportStart).filter { $0.v == 2 }.isEmpty)
        #expect(h.values("a") == ["1000:1.0"])
        #expect(h.store.last(h.series("scrape_samples_post_metric_relabeling")) == 2)
        let cached = await h.scrape("a 1\na 2\n", at: 2000)
        #expect(cached.batch.entries.prefix(cached.reportStart).filter { $0.v == 2 }.isEmpty)
    }

    @Test func aParseErrorFailsTheScrape() async {
        var h = IngestHarness()
        await h.scrape("a 1\n", at: 1000)
        let plan = await h.scrape("a 1\nb{x=1} 2\n", at: 2000)
        #expect(plan.failure?.kind == .parse)
        #expect(h.values("a") == ["1000:1.0", "2000:stale"])
    }

    @Test func missingMetricNameAfterRelabelingFails() async {
        var h = IngestHarness(metricRelabel: [step(.labeldrop, regex: "__name__")])
        let plan = await h.scrape("a 1\n", at: 1000)
        #expect(plan.failure == ScrapeFailure(.invalidSeries, "missing metric name (__name__ label)"))
    }

    @Test func seriesRenamedByTextAreNotStale() async {
        var h = IngestHarness()
        await h.scrape("a{x=\"1\",y=\"2\"} 1\n", at: 1000)
        await h.scrape("a{y=\"2\",x=\"1\"} 2\n", at: 2000)
        #expect(h.values("a", ["x": "1", "y": "2"]) == ["1000:1.0", "2000:2.0"])
    }

    @Test func endOfRunMarksEverythingStaleIncludingReport() async {
        var h = IngestHarness()
        await h.scrape("a 1\n", at: 1000)
        let batch = h.ingest.endOfRunBatch(at: 1500)
        _ = try! await h.store.append(batch)
        #expect(h.values("a") == ["1000:1.0", "1500:stale"])
        #expect(h.values("up") == ["1000:1.0", "1500:stale"])
    }

    @Test func aRefusedAppendKeepsStalenessOfTheLastStoredScrape() async {
        var h = IngestHarness()
        await h.scrape("a 1\nb 1\n", at: 1000)
        let bytes = Array("a 2\n".utf8)
        var parser: any ScrapeParser = FakeParser(bytes)
        var plan = h.ingest.plan(body: bytes, parser: &parser, scrapeTime: 2000, now: 2000)
        h.ingest.addReport(to: &plan, scrapeTime: 2000, duration: .zero)
        h.ingest.abandon(plan)
        await h.scrape("a 3\n", at: 3000)
        #expect(h.values("b") == ["1000:1.0", "3000:stale"])
    }

    /// A cached reference the store no longer knows makes the cache resolve every series
    /// by labels again; the series of the scrape before still go stale when they vanish.
    @Test func staleMarkersOutliveAForgottenCache() async {
        var h = IngestHarness()
        await h.scrape("a 1\nb 1\nc 1\n", at: 1000)
        h.store.delete(h.series("c"))
        await h.scrape("a 2\nb 2\nc 2\n", at: 2000)
        let plan = await h.scrape("a 3\nc 3\n", at: 3000)
        #expect(plan.seriesAdded == 2)
        #expect(h.values("a") == ["1000:1.0", "2000:2.0", "3000:3.0"])
        #expect(h.values("b") == ["1000:1.0", "2000:2.0", "3000:stale"])
        #expect(h.values("c") == ["3000:3.0"])
        await h.scrape("a 4\n", at: 4000)
        #expect(h.values("c") == ["3000:3.0", "4000:stale"])
        #expect(h.values("b") == ["1000:1.0", "2000:2.0", "3000:stale"])
    }

    /// A scrape that fails while parsing, after cached series were planned, stores only
    /// stale markers; the next good scrape starts staleness afresh.
    @Test func aScrapeFailingHalfwayLeavesNoSeriesTracked() async {
        var h = IngestHarness()
        await h.scrape("a 1\nb 1\n", at: 1000)
        await h.scrape("a 2\nb{x=1} 2\n", at: 2000)
        await h.scrape("a 3\n", at: 3000)
        await h.scrape("a 4\n", at: 4000)
        #expect(h.values("a") == ["1000:1.0", "2000:stale", "3000:3.0", "4000:4.0"])
        #expect(h.values("b") == ["1000:1.0", "2000:stale"])
        await h.scrape("b 5\n", at: 5000)
        #expect(h.values("a") == ["1000:1.0", "2000:stale", "3000:3.0", "4000:4.0", "5000:stale"])
    }

    @Test func metadataIsRemembered() async {
        var h = IngestHarness()
        await h.scrape("# HELP a The a.\n# TYPE a counter\n# UNIT a seconds\na 1\n", at: 1000)
        #expect(h.ingest.cache.metadata["a"]?.metadata == MetricMetadata(type: .counter, help: "The a.", unit: "seconds"))
    }
}

/// The same transcript through VigilExposition's parser: series texts from its byte
/// ranges key the cache, and OpenMetrics families carry their metadata.
@Test func ingestWithTheExpositionParser() async throws {
    var ingest = ScrapeIngest(
        labeling: SampleLabeling(targetLabels: IngestHarness.target, honorLabels: false, metricRelabelConfigs: [], limits: .init()),
        sampleLimit: 0, honorTimestamps: true)
    let store = MemoryAppender()
    let body = Array("""
        # TYPE jobs counter
        # HELP jobs Jobs done.
        jobs_total{kind="a"} 3
        jobs_created{kind="a"} 1.7e9
        # TYPE temp_celsius gauge
        # UNIT temp_celsius celsius
        temp_celsius 21.5
        # EOF

        """.utf8)
    for t in [Timestamp(1000), 2000] {
        let plan = ExpositionParsers().withParser(body, contentType: "application/openmetrics-text; version=1.0.0") { parser in
            ingest.plan(body: body, parser: &parser, scrapeTime: t, now: t)
        }
        #expect(plan.failure == nil)
        if t == 2000 { #expect(plan.newSeries.isEmpty && plan.seriesAdded == 0) }
        var withReport = plan
        ingest.addReport(to: &withReport, scrapeTime: t, duration: .zero)
        ingest.commit(withReport, report: try await store.append(withReport.batch))
    }
    #expect(store.samples(["__name__": "jobs_total", "kind": "a", "instance": "host:9100", "job": "node"]).map(\.v) == [3, 3])
    #expect(ingest.cache.metadata["jobs"]?.metadata == MetricMetadata(type: .counter, help: "Jobs done."))
    #expect(ingest.cache.metadata["temp_celsius"]?.metadata == MetricMetadata(type: .gauge, unit: "celsius"))
    let broken = Array("a{b=1} 1\n".utf8)
    let failed = ExpositionParsers().withParser(broken, contentType: "text/plain; version=0.0.4") { parser in
        ingest.plan(body: broken, parser: &parser, scrapeTime: 3000, now: 3000)
    }
    #expect(failed.failure?.kind == .parse)
    #expect(failed.failure?.message.hasPrefix("1:") == true)
}
