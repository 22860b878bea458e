import Foundation
import Testing
import VigilModel

/// The harness checked without any server: the comparison rules, the corpus files and the
/// dataset's invariants (the differential tests are only as good as these).
struct HarnessTests {
    private static func vector(_ items: [([String: String], String)], at t: Timestamp = 1000) -> APIResponse {
        let result = items.map { labels, value in
            let metric = labels.map { "\"\($0.key)\":\"\($0.value)\"" }.joined(separator: ",")
            return #"{"metric":{\#(metric)},"value":[\#(Double(t) / 1000),"\#(value)"]}"#
        }
        let body = #"{"status":"success","data":{"resultType":"vector","result":[\#(result.joined(separator: ","))]}}"#
        return try! APIResponse(httpStatus: 200, body: body, for: .instant(query: "x", time: t))
    }

    private static func error(_ type: String) -> APIResponse {
        try! APIResponse(httpStatus: 400, body: #"{"status":"error","errorType":"\#(type)","error":"boom"}"#,
                         for: .instant(query: "x", time: 0))
    }

    static let comparator = ResultComparator(referenceName: "a", candidateName: "b")

    /// About 1e-310, made without a literal that underflows.
    static let subnormal: Double = Double.leastNormalMagnitude / 222.5

    @Test(arguments: [
        // (expected, got, same?)
        (1.0, 1.0, true), (1.0, 1.0 + 1e-12, true), (1e300, 1e300 * (1 + 1e-10), true), (1.0, 1.0 + 1e-8, false),
        (0.0, 1e-300, false), (0.0, -0.0, false), (-0.0, -0.0, true), (.nan, .nan, true), (.nan, 1.0, false),
        (.infinity, .infinity, true), (.infinity, -.infinity, false), (.infinity, 1e308, false),
        (Double.leastNonzeroMagnitude, 0, true), (Self.subnormal, 3 * Self.subnormal, true), (-Self.subnormal, Self.subnormal, true),
        (2.3e-308, 0, false),
    ] as [(Double, Double, Bool)])
    func valueTolerance(_ a: Double, _ b: Double, _ same: Bool) {
        #expect(ResultComparator.same(a, b) == same)
        #expect(ResultComparator.same(b, a) == same)
    }

    @Test(arguments: [
        (vector([(["a": "1"], "1")]), vector([(["a": "1"], "1")]), true),
        (vector([(["a": "1"], "1"), (["a": "2"], "2")]), vector([(["a": "2"], "2"), (["a": "1"], "1")]), true),
        (vector([(["a": "1"], "NaN")]), vector([(["a": "1"], "NaN")]), true),
        (vector([(["a": "1"], "1")]), vector([(["a": "1"], "1.0000001")]), false),
        (vector([(["a": "1"], "1")]), vector([(["a": "2"], "1")]), false),
        (vector([(["a": "1"], "1")]), vector([(["a": "1", "b": ""], "1")]), false),
        (vector([(["a": "1"], "1")]), vector([(["a": "1"], "1"), (["a": "1"], "1")]), false),
        (vector([(["a": "1"], "1")]), vector([]), false),
        (vector([(["a": "1"], "1")], at: 1000), vector([(["a": "1"], "1")], at: 2000), false),
        (error("bad_data"), error("bad_data"), true),
        (error("bad_data"), error("execution"), false),
        (error("bad_data"), vector([]), false),
        (vector([(["a": "1"], "1e-07")]), vector([(["a": "1"], "1e-07")]), true),
        (vector([(["a": "1"], "1e-07")]), vector([(["a": "1"], "0.0000001")]), false),
        (vector([(["a": "1"], "-0")]), vector([(["a": "1"], "0")]), false),
    ])
    func vectorsAndErrors(_ expected: APIResponse, _ got: APIResponse, _ same: Bool) {
        let difference = Self.comparator.difference(.instant(query: "x", time: 0), reference: expected, candidate: got)
        #expect((difference == nil) == same, "\(difference ?? "no difference")")
    }

    @Test func sortOrderIsCheckedByValueOnly() {
        let sorted = Self.vector([(["a": "1"], "1"), (["a": "2"], "1"), (["a": "3"], "2")])
        let tiesSwapped = Self.vector([(["a": "2"], "1"), (["a": "1"], "1"), (["a": "3"], "2")])
        let unsorted = Self.vector([(["a": "3"], "2"), (["a": "1"], "1"), (["a": "2"], "1")])
        let request = APIRequest.instant(query: "sort(x)", time: 0)
        #expect(Self.comparator.difference(request, reference: sorted, candidate: tiesSwapped) == nil)
        #expect(Self.comparator.difference(request, reference: sorted, candidate: unsorted) != nil)
        #expect(Self.comparator.difference(.instant(query: "x", time: 0), reference: sorted, candidate: unsorted) == nil)
    }

    @Test func topkAndBottomkMayPickAnyOfEqualValues() {
        let reference = Self.vector([(["a": "1"], "5"), (["a": "3"], "7")])
        let otherTie = Self.vector([(["a": "2"], "5"), (["a": "3"], "7")])
        let otherValue = Self.vector([(["a": "2"], "6"), (["a": "3"], "7")])
        for query in ["topk(2, x)", "bottomk by (a) (2, x)", " topk (2, x)"] {
            let request = APIRequest.instant(query: query, time: 0)
            #expect(request.selectsAmongTies)
            #expect(Self.comparator.difference(request, reference: reference, candidate: otherTie) == nil)
            #expect(Self.comparator.difference(request, reference: reference, candidate: otherValue) != nil)
        }
        let plain = APIRequest.instant(query: "topk_like_metric", time: 0)
        #expect(!plain.selectsAmongTies)
        #expect(Self.comparator.difference(plain, reference: reference, candidate: otherTie) != nil)
    }

    @Test func rangeMatricesCompareOrderAndEveryPoint() throws {
        func matrix(_ series: [(String, [(Double, String)])]) throws -> APIResponse {
            let items = series.map { name, points in
                #"{"metric":{"a":"\#(name)"},"values":[\#(points.map { "[\($0.0),\"\($0.1)\"]" }.joined(separator: ","))]}"#
            }
            let body = #"{"status":"success","data":{"resultType":"matrix","result":[\#(items.joined(separator: ","))]}}"#
            return try APIResponse(httpStatus: 200, body: body, for: .range(query: "x", start: 0, end: 0, step: 1))
        }
        let request = APIRequest.range(query: "x", start: 0, end: 2000, step: 1000)
        let base = try matrix([("1", [(0, "1"), (1, "2")]), ("2", [(0, "+Inf")])])
        #expect(Self.comparator.difference(request, reference: base, candidate: base) == nil)
        let reordered = try matrix([("2", [(0, "+Inf")]), ("1", [(0, "1"), (1, "2")])])
        #expect(Self.comparator.difference(request, reference: base, candidate: reordered) != nil)
        let missingPoint = try matrix([("1", [(0, "1")]), ("2", [(0, "+Inf")])])
        #expect(Self.comparator.difference(request, reference: base, candidate: missingPoint) != nil)
        let shifted = try matrix([("1", [(0, "1"), (1.001, "2")]), ("2", [(0, "+Inf")])])
        #expect(Self.comparator.difference(request, reference: base, candidate: shifted) != nil)
    }

    @Test(arguments: [
        #"{"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":[1,2]}]}}"#,
        #"{"status":"success","data":{"resultType":"vector","result":[{"metric":{"a":1},"value":[1,"2"]}]}}"#,
        #"{"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":[1,"two"]}]}}"#,
        #"{"status":"success","data":{"resultType":"nonsense","result":[]}}"#,
        #"{"data":{}}"#,
        "not json",
    ])
    func malformedAnswersAreRejected(_ body: String) {
        #expect(throws: HarnessError.self) { try APIResponse(httpStatus: 200, body: body, for: .instant(query: "x", time: 0)) }
    }

    @Test func corpusFilesParse() throws {
        let corpus = try QueryCorpus.load()
        #expect(corpus.queries.count >= 300)
        for exclusion in corpus.exclusions {
            #expect(corpus.queries.contains(exclusion.query), "exclusion of a query not in queries.txt: \(exclusion.query)")
        }
        let metadata = Set((EvaluationPlan.metadataRequests + EvaluationPlan.apiRequests).map(\.description))
        for bug in corpus.knownBugs where bug.query != DifferentialReport.spellingKey {
            #expect(corpus.queries.contains(bug.query) || metadata.contains(bug.query), "known bug of an unknown query: \(bug.query)")
        }
    }

    @Test func datasetIsDeterministicAndAvoidsWindowEdges() throws {
        let dataset = DatasetGenerator.make()
        let series = dataset.series
        #expect(series.count > 300)
        #expect(OpenMetricsWriter.text(of: dataset) == OpenMetricsWriter.text(of: DatasetGenerator.make()))
        for (labels, samples) in series {
            #expect(!samples.isEmpty, "\(labels) has no samples")
            for (previous, sample) in zip(samples, samples.dropFirst()) where previous.t >= sample.t {
                Issue.record("\(labels): samples out of order at \(sample.t)")
            }
            for sample in samples where sample.t % 500 == 0 || !OpenMetricsWriter.isExact(sample.t) {
                Issue.record("\(labels): timestamp \(sample.t) on a .000/.500 edge or not exact")
            }
            for sample in samples where sample.t < DatasetGenerator.start || sample.t >= DatasetGenerator.end {
                Issue.record("\(labels): timestamp \(sample.t) outside the dataset")
            }
        }
        for t in EvaluationPlan.instants + EvaluationPlan.ranges.map(\.start) {
            #expect(t % 1000 == 500)
        }
    }

    /// rate/increase give the same answer in 2.42 and 3.x for every selector, series and time
    /// compared, and the exclusions that cite the difference do meet it.
    @Test func rateExtrapolationAgreesBetweenVersions() throws {
        let corpus = try QueryCorpus.load()
        let series = DatasetGenerator.make().series
        let times = RateExtrapolationCheck.evaluationTimes
        let compared = corpus.queries.filter { corpus.exclusion(for: $0, scope: .instant) == nil || corpus.exclusion(for: $0, scope: .range) == nil }
        let selectors = RateExtrapolationCheck.selectors(in: compared)
        #expect(selectors.count >= 30)
        let divergences = RateExtrapolationCheck.divergences(selectors, in: series, at: times)
        for divergence in divergences.prefix(10) {
            Issue.record("2.42 and 3.x differ (prometheus#13725): \(divergence)")
        }
        for exclusion in corpus.exclusions where exclusion.reason.contains("prometheus#13725") {
            let selectors = RateExtrapolationCheck.selectors(in: [exclusion.query])
            #expect(!RateExtrapolationCheck.divergences(selectors, in: series, at: times).isEmpty,
                    "excluded for prometheus#13725 but never meets it: \(exclusion.query)")
        }
    }

    @Test func rateExtrapolationModelsBothVersions() {
        // A counter first seen at 6, 15 s into a 30 s window, then growing 1 per second: its
        // zero point lies 6 s before the first sample, between half the average interval
        // (3.75 s) and the threshold (8.25 s). 2.42 extrapolates those 6 s, 3.x only 3.75 s.
        let t0: Timestamp = 100_000
        let window: ArraySlice = [Sample(t: t0 + 15_000, v: 6), Sample(t: t0 + 25_000, v: 16), Sample(t: t0 + 30_000, v: 21)]
        #expect(RateExtrapolationCheck.extrapolatedIncrease(window, t0, t0 + 30_000, zeroClampFirst: true) == 21)
        #expect(RateExtrapolationCheck.extrapolatedIncrease(window, t0, t0 + 30_000, zeroClampFirst: false) == 18.75)
        // The same window found by the search over selectors, series and times.
        let selectors = RateExtrapolationCheck.selectors(in: [#"sum(rate(c_total{a!="x"}[30s]))"#, "increase(c_total[1m] offset 1m)"])
        #expect(selectors.count == 2)
        let series = [(labels: Labels(["__name__": "c_total", "a": "b"]), samples: Array(window))]
        let found = RateExtrapolationCheck.divergences(selectors, in: series, at: [t0 + 30_000, t0 + 60_000])
        #expect(found.map(\.time) == [t0 + 30_000])
    }

    @Test(arguments: [
        (1_704_067_200_123 as Int64, "1704067200.123"), (1_704_067_200_005, "1704067200.005"), (1_704_067_200_050, "1704067200.050"),
    ])
    func timestampsAreWrittenInSeconds(_ t: Int64, _ text: String) {
        #expect(OpenMetricsWriter.timestampText(t) == text)
    }

    @Test(arguments: [
        (#"say "hi""#, #"say \"hi\""#), (#"C:\x"#, #"C:\\x"#), ("a\nb", #"a\nb"#), ("ü\t", "ü\t"),
    ])
    func labelValuesAreEscaped(_ value: String, _ escaped: String) {
        #expect(OpenMetricsWriter.escapedLabelValue(value) == escaped)
    }
}

/// The spelling rules, row by row from Prometheus answers.
struct FloatSpellingTests {
    @Test(arguments: [
        (1.0, "1"), (-0.0, "-0"), (0.0, "0"), (1e-7, "1e-07"), (0.000001, "0.000001"), (1.5e308, "1.5e+308"),
        (1e20, "100000000000000000000"), (1.2345678901234569e+23, "1.2345678901234569e+23"), (Double.leastNonzeroMagnitude, "5e-324"),
        (1234.5, "1234.5"), (0.001, "0.001"), (-2.5e-7, "-2.5e-07"), (3.903127820947816e-18, "3.903127820947816e-18"),
        (123456789, "123456789"), (0.1, "0.1"), (Double.nan, "NaN"), (Double.infinity, "+Inf"), (-Double.infinity, "-Inf"),
        (1e21, "1e+21"), (9.999999999999999e20, "999999999999999900000"), (1e100, "1e+100"),
    ])
    func spelling(_ value: Double, _ text: String) {
        #expect(PrometheusFloatText.spelling(value) == text)
    }
}
