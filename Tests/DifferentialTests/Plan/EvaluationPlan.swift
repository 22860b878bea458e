import VigilModel

/// Where every corpus query is evaluated: instants and ranges chosen around the dataset's
/// events (its start, the counter reset of 10.0.0.2 at 77m15s, the disappearance of series,
/// its end and the 5 m lookback after it). Every time ends in .500 s and every step is whole
/// seconds (see `Schedule` for why); some steps do not divide their range.
enum EvaluationPlan {
    struct Range: Sendable {
        var start: Timestamp
        var end: Timestamp
        var step: Int64
    }

    static let half: Int64 = 500

    static let instants: [Timestamp] = [
        DatasetGenerator.at(7) + half,              // windows reaching before the first sample
        DatasetGenerator.at(77) + 40_000 + half,    // just after the reset of 10.0.0.2
        DatasetGenerator.at(135) + half,            // 10.0.0.3 gone for 5 minutes
        DatasetGenerator.at(182) + half,            // after the last sample, within the lookback
        DatasetGenerator.at(190) + half,            // beyond the lookback: instant vectors empty
    ]

    static let ranges: [Range] = [
        Range(start: DatasetGenerator.at(-5) + half, end: DatasetGenerator.at(55) + half, step: 37_000),
        Range(start: DatasetGenerator.at(70) + half, end: DatasetGenerator.at(100) + half, step: 20_000),
        Range(start: DatasetGenerator.at(160) + half, end: DatasetGenerator.at(195), step: 53_000),
        Range(start: DatasetGenerator.start + half, end: DatasetGenerator.end, step: 607_000),
    ]

    /// The evaluations of Prometheus against itself, which proves the dataset and the
    /// comparison rather than an engine: the instants and ranges at the dataset's start and
    /// after its end, where windows are partly empty, and the instant after a counter reset.
    static let referenceInstants = [instants[0], instants[1], instants[3]]
    static let referenceRanges = [ranges[0], ranges[2]]

    /// Every request for the corpus at `instants` and over `ranges`, minus exclusions.
    static func requests(for corpus: QueryCorpus, instants: [Timestamp] = instants, ranges: [Range] = ranges) -> [APIRequest] {
        var requests: [APIRequest] = []
        for query in corpus.queries {
            if corpus.exclusion(for: query, scope: .instant) == nil {
                requests += instants.map { .instant(query: query, time: $0) }
            }
            if corpus.exclusion(for: query, scope: .range) == nil {
                requests += ranges.map { .range(query: query, start: $0.start, end: $0.end, step: $0.step) }
            }
        }
        return requests
    }

    /// The metadata endpoints: series, label names and label values, with windows whose
    /// answer does not depend on how a store groups samples. Prometheus answers `/series`
    /// per chunk (a series counts when a chunk overlaps the window) and `/labels` and
    /// `/label/…/values` per block (when any 2 h block overlapping the window holds it), so
    /// those two are asked only about windows that cover whole blocks or none.
    static var metadataRequests: [APIRequest] {
        let everything = (DatasetGenerator.at(-10), DatasetGenerator.at(250))
        let lastHalfHour = (DatasetGenerator.at(150), DatasetGenerator.at(180))
        let afterTheEnd = (DatasetGenerator.at(300), DatasetGenerator.at(360))
        let selectors = [
            "up", #"{__name__=~"http_.*"}"#, "odd_labels", #"{job="api",status="500"}"#, #"queue_depth{queue=~"q[0-4]"}"#,
            #"{__name__="build_info"}"#, #"http_request_duration_seconds_bucket{le="+Inf"}"#, #"{kind!="",kind=~".*a.*"}"#,
        ]
        var requests: [APIRequest] = []
        for (start, end) in [everything, lastHalfHour, afterTheEnd] {
            for selector in selectors {
                requests.append(.series(matchers: [selector], start: start, end: end))
            }
            requests.append(.series(matchers: ["up", "queue_depth"], start: start, end: end))
        }
        for (start, end) in [everything, afterTheEnd] {
            for selector in selectors {
                requests.append(.labelNames(matchers: [selector], start: start, end: end))
                requests.append(.labelValues(name: "instance", matchers: [selector], start: start, end: end))
            }
            requests.append(.labelNames(matchers: [], start: start, end: end))
            for name in ["__name__", "job", "instance", "queue", "value", "le", "quantile", "kind", "nonexistent"] {
                requests.append(.labelValues(name: name, matchers: [], start: start, end: end))
            }
        }
        return requests
    }

    /// The query endpoints' own parameters: time formats, steps, limits and mistakes.
    static var apiRequests: [APIRequest] {
        let t = "1704070800.5"
        let paths = [
            "/api/v1/query?query=up&time=2024-01-01T01:00:00.5Z",
            "/api/v1/query?query=up&time=2024-01-01T02:00:00%2B01:00",
            "/api/v1/query?query=up&time=\(t)&timeout=10s",
            "/api/v1/query?query=up&time=\(t)&timeout=",
            "/api/v1/query?query=up&time=\(t)&timeout=abc",
            "/api/v1/query?query=up&time=\(t)&timeout=-1",
            "/api/v1/query?query=up&time=abc",
            "/api/v1/query?query=&time=\(t)",
            "/api/v1/query?time=\(t)",
            "/api/v1/query?query=up%5B5m%5D&time=\(t)",
            "/api/v1/query?query=sum(up)&time=\(t)&query=count(up)",
            "/api/v1/query_range?query=up&start=\(t)&end=1704074400&step=60",
            "/api/v1/query_range?query=up&start=\(t)&end=1704074400&step=1m",
            "/api/v1/query_range?query=up&start=\(t)&end=1704074400&step=90.5",
            "/api/v1/query_range?query=up&start=2024-01-01T01:00:00.5Z&end=2024-01-01T02:00:00Z&step=5m",
            "/api/v1/query_range?query=up&start=\(t)&end=\(t)&step=60",
            "/api/v1/query_range?query=up&start=\(t)&end=1704067200&step=60",
            "/api/v1/query_range?query=up&start=\(t)&end=1704074400&step=0",
            "/api/v1/query_range?query=up&start=\(t)&end=1704074400&step=-60",
            "/api/v1/query_range?query=up&start=\(t)&end=1704074400&step=abc",
            "/api/v1/query_range?query=up&start=\(t)&end=1704074400&step=60&timeout=-1",
            "/api/v1/query_range?query=up&start=1704067200&end=1704078000&step=0.5",
            "/api/v1/query_range?query=up&end=1704074400&step=60",
            "/api/v1/query_range?query=up&start=\(t)&step=60",
            "/api/v1/query_range?query=up&start=\(t)&end=1704074400",
            "/api/v1/query_range?query=%22text%22&start=\(t)&end=1704074400&step=60",
        ]
        // Grafana posts its queries as forms; a parameter may come in the URL or the body.
        let forms: [APIRequest] = [
            .form(pathAndQuery: "/api/v1/query", body: "query=sum%20by%20(job)%20(up)&time=\(t)"),
            .form(pathAndQuery: "/api/v1/query?time=\(t)", body: "query=rate(http_requests_total%5B5m%5D)"),
            .form(pathAndQuery: "/api/v1/query", body: "query=up&time=abc"),
            .form(pathAndQuery: "/api/v1/query", body: "query=sum(up&time=\(t)"),
            .form(pathAndQuery: "/api/v1/query_range", body: "query=up&start=\(t)&end=1704074400&step=60"),
        ]
        return paths.map { .raw(pathAndQuery: $0) } + forms
    }
}
