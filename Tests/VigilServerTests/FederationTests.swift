import Testing
import VigilModel

@testable import VigilServer

struct FederationTests {
    @Test(arguments: [
        // No external labels: instance="" is added where missing.
        (Labels.empty, """
            # TYPE a untyped
            a{job="x",instance=""} 1 1000
            # TYPE b untyped
            b{instance="i",job="x"} 2.5 2000
            b{instance="j",job="x"} NaN 3000

            """),
        // External labels follow the series' own, sorted; a label the series has wins.
        (["region": "eu", "instance": "fed"] as Labels, """
            # TYPE a untyped
            a{job="x",instance="fed",region="eu"} 1 1000
            # TYPE b untyped
            b{instance="i",job="x",region="eu"} 2.5 2000
            b{instance="j",job="x",region="eu"} NaN 3000

            """),
    ] as [(Labels, String)])
    func pagesAreWrittenAsPrometheusFederates(_ external: Labels, _ expected: String) {
        let samples: [(labels: Labels, sample: Sample)] = [
            (["__name__": "b", "job": "x", "instance": "j"], Sample(t: 3000, v: .nan)),
            (["__name__": "a", "job": "x"], Sample(t: 1000, v: 1)),
            (["__name__": "b", "job": "x", "instance": "i"], Sample(t: 2000, v: 2.5)),
            (["job": "nameless"], Sample(t: 1000, v: 1)),
        ]
        #expect(String(decoding: FederationRoute.page(samples, externalLabels: external), as: UTF8.self) == expected)
    }

    @Test func newestNonStaleSampleWithinTheWindow() throws {
        let store = InMemorySeries([
            (["__name__": "fresh"], [Sample(t: 10, v: 1), Sample(t: 90, v: 2)]),
            (["__name__": "stale"], [Sample(t: 50, v: 1), Sample(t: 80, v: StaleMarker.value)]),
            (["__name__": "old"], [Sample(t: 5, v: 1)]),
            (["__name__": "future"], [Sample(t: 60, v: 1), Sample(t: 200, v: 9)]),
        ])
        let found = try FederationRoute.newestSamples(store, [[try LabelMatcher(.regexMatch, "__name__", ".+")]], mint: 20, maxt: 100)
        #expect(found.map { "\($0.labels.metricName!)=\($0.sample.v)@\($0.sample.t)" }.sorted() == ["fresh=2.0@90", "future=1.0@60"])
    }
}

/// A querier over fixed series that honours the time window, for federation tests.
final class InMemorySeries: Querier {
    let series: [(Labels, [Sample])]

    init(_ series: [(Labels, [Sample])]) { self.series = series }

    func select(_ matchers: [LabelMatcher], mint: Timestamp, maxt: Timestamp) throws(ReadError) -> [SeriesData] {
        series.filter { matchers.matches($0.0) }.sorted { $0.0 < $1.0 }.map { labels, samples in
            SeriesData(labels: labels, samples: samples.filter { $0.t >= mint && $0.t <= maxt })
        }
    }

    func labelNames(_ matchers: [LabelMatcher], mint: Timestamp, maxt: Timestamp) throws(ReadError) -> [String] { [] }
    func labelValues(_ name: String, _ matchers: [LabelMatcher], mint: Timestamp, maxt: Timestamp) throws(ReadError) -> [String] { [] }
}
