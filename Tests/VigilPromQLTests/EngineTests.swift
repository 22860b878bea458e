import Foundation
import Testing
import VigilModel
import VigilTestSupport
@testable import VigilPromQL

@Suite("Engine")
struct EngineTests {
    let engine = Engine()

    // MARK: - Selectors, lookback, staleness

    @Test(arguments: [
        // (eval time in s, expected value of metric a or nil)
        (150, 3.0),   // latest sample at 120 s
        (180, nil),   // a staleness marker at 180 s ends the series
        (0, 1.0),
        (419, nil),   // the marker is still the latest sample
    ] as [(Int64, Double?)])
    func lookbackAndStaleness(_ seconds: Int64, _ expected: Double?) throws {
        let db = InMemoryStore()
        db.add(["__name__": "a"], [
            Sample(t: 0, v: 1), Sample(t: 60_000, v: 2), Sample(t: 120_000, v: 3), Sample(t: 180_000, v: StaleMarker.value),
        ])
        let result = try engine.instant(Build.vector("a"), query: "a", at: seconds * 1000, on: db)
        #expect(result.value.vectorValues["{__name__=\"a\"}"] == expected)
    }

    @Test(arguments: [(299_999, true), (300_000, false)] as [(Int64, Bool)])
    func lookbackWindowIsLeftOpen(_ t: Timestamp, _ present: Bool) throws {
        let db = store([(["__name__": "b"], [5])])
        let result = try engine.instant(Build.vector("b"), query: "b", at: t, on: db)
        #expect(result.value.vectorValues.isEmpty == !present)
    }

    @Test func rangeWindowIsLeftOpen() throws {
        // Samples every minute; (t - 5m, t] at t = 5m holds the samples at 1m…5m, not 0.
        let db = store([(["__name__": "c"], [1, 1, 1, 1, 1, 1])])
        let result = try engine.instant(Build.call("count_over_time", Build.matrix("c", 300_000)), query: "", at: 300_000, on: db)
        #expect(result.value.vectorValues == ["{}": 5])
    }

    // MARK: - Counters

    @Test func rateExtrapolatesToTheWindowEdges() throws {
        // 10 per minute; (5m, 10m] has 5 samples over 4 minutes, extrapolated by one minute.
        let db = store([(["__name__": "x_total"], (0...10).map { Double($0 * 10) })])
        let rate = try engine.instant(Build.call("rate", Build.matrix("x_total", 300_000)), query: "", at: 600_000, on: db)
        let value = try #require(rate.value.vectorValues["{}"])
        #expect(abs(value - 10.0 / 60) < 1e-12)
    }

    @Test func increaseCorrectsCounterResets() throws {
        // 0 10 20 5 15 (reset after 20): the increase over the samples is 35.
        let db = store([(["__name__": "r_total"], [0, 10, 20, 5, 15])])
        let result = try engine.instant(Build.call("resets", Build.matrix("r_total", 300_000)), query: "", at: 240_000, on: db)
        #expect(result.value.vectorValues["{}"] == 1)
        let increase = try engine.instant(Build.call("increase", Build.matrix("r_total", 240_001)), query: "", at: 240_000, on: db)
        // 35 over the samples; no extrapolation below the counter's zero point at 0 s.
        #expect(increase.value.vectorValues["{}"] == 35)
    }

    // MARK: - Aggregation and matching

    @Test func sumByKeepsGroupingLabels() throws {
        let db = store([
            (["__name__": "m", "job": "a", "i": "1"], [1]),
            (["__name__": "m", "job": "a", "i": "2"], [2]),
            (["__name__": "m", "job": "b", "i": "1"], [4]),
        ])
        let result = try engine.instant(Build.aggregate(.sum, Build.vector("m"), by: ["job"]), query: "", at: 0, on: db)
        #expect(result.value.vectorValues == ["{job=\"a\"}": 3, "{job=\"b\"}": 4])
    }

    @Test func topkOrdersDescending() throws {
        let db = store([
            (["__name__": "m", "i": "1"], [5]), (["__name__": "m", "i": "2"], [9]), (["__name__": "m", "i": "3"], [7]),
        ])
        let result = try engine.instant(Build.aggregate(.topk, Build.vector("m"), parameter: Build.number(2)), query: "", at: 0, on: db)
        guard case .vector(let samples) = result.value else { Issue.record("not a vector"); return }
        #expect(samples.map(\.v) == [9, 7])
    }

    @Test func duplicateSeriesOnTheOneSideIsAnError() throws {
        let db = store([
            (["__name__": "l", "k": "1"], [1]),
            (["__name__": "r", "k": "1", "x": "a"], [1]),
            (["__name__": "r", "k": "1", "x": "b"], [1]),
        ])
        let expr = Build.binary(.add, Build.vector("l"), Build.vector("r"), matching: VectorMatching(matchingLabels: ["k"], on: true))
        #expect {
            _ = try engine.instant(expr, query: "", at: 0, on: db)
        } throws: { error in
            (error as? PromQLError)?.message == "found duplicate series for the match group {k=\"1\"} on the right hand-side "
                + "of the operation: [{__name__=\"r\", k=\"1\", x=\"a\"}, {__name__=\"r\", k=\"1\", x=\"b\"}]"
                + ";many-to-many matching not allowed: matching labels must be unique on one side"
        }
    }

    @Test func arithmeticDropsTheMetricName() throws {
        let db = store([(["__name__": "m", "a": "1"], [2])])
        let result = try engine.instant(Build.binary(.mul, Build.vector("m"), Build.number(3)), query: "", at: 0, on: db)
        #expect(result.value.vectorValues == ["{a=\"1\"}": 6])
    }

    // MARK: - Range queries and subqueries

    @Test func rangeQueryStepsAreAligned() throws {
        let db = store([(["__name__": "g"], [1, 2, 3, 4, 5])])
        let result = try engine.range(Build.vector("g"), query: "", start: 30_000, end: 150_000, step: 60_000, on: db)
        let series = result.value.matrixSeries
        #expect(series.count == 1)
        #expect(series.first?.samples == [Sample(t: 30_000, v: 1), Sample(t: 90_000, v: 2), Sample(t: 150_000, v: 3)])
    }

    @Test func subqueryStepsAreAbsoluteMultiples() throws {
        let db = store([(["__name__": "g"], (0..<20).map(Double.init))])
        // [5m:2m] at 11m: steps at multiples of 2m inside (6m, 11m] → 8m, 10m.
        let expr = Build.call("count_over_time", Build.subquery(Build.vector("g"), 300_000, step: 120_000))
        let result = try engine.instant(expr, query: "", at: 660_000, on: db)
        #expect(result.value.vectorValues == ["{}": 2])
    }

    // MARK: - Limits

    @Test func sampleLimitFailsWithPrometheusWording() throws {
        var options = Engine.Options()
        options.maxSamples = 3
        let db = store([(["__name__": "g"], [1, 2, 3, 4, 5])])
        #expect {
            _ = try Engine(options: options).range(Build.vector("g"), query: "", start: 0, end: 240_000, step: 60_000, on: db)
        } throws: { error in
            (error as? PromQLError)?.message == "query processing would load too many samples into memory in query execution"
        }
    }

    @Test func hugeGridsAreRefusedNotAllocated() throws {
        let db = store([(["__name__": "g"], [1])])
        // One year at 1 ms steps: 3e10 steps of a scalar.
        #expect(throws: PromQLError.self) {
            _ = try engine.range(Build.call("time"), query: "", start: 0, end: 31_536_000_000, step: 1, on: db)
        }
    }

    @Test(arguments: [Int64.max, Int64.min, 1 << 60])
    func extremeOffsetsAreErrorsNotTraps(_ offset: Int64) throws {
        let db = store([(["__name__": "g"], [1])])
        #expect(throws: PromQLError.self) {
            _ = try engine.instant(Build.vector("g", offset: offset), query: "", at: 0, on: db)
        }
    }

    @Test(arguments: [Int64.max, Int64.min, Int64(1 << 52) + 1])
    func queryTimesBeyondTheLimitAreErrorsNotTraps(_ time: Int64) throws {
        let db = store([(["__name__": "g"], [1])])
        #expect(throws: PromQLError.self) {
            _ = try engine.instant(Build.vector("g"), query: "", at: time, on: db)
        }
        #expect(throws: PromQLError.self) {
            _ = try engine.range(Build.vector("g"), query: "", start: 0, end: time, step: 60_000, on: db)
        }
    }

    @Test func timeoutFailsWithPrometheusWording() throws {
        var options = Engine.Options()
        options.timeout = .zero
        let db = store([(["__name__": "g"], [1])])
        #expect {
            _ = try Engine(options: options).instant(Build.vector("g"), query: "", at: 0, on: db)
        } throws: { error in
            (error as? PromQLError)?.message == "query timed out in expression evaluation"
                && (error as? PromQLError)?.kind == .timeout
        }
    }

    /// `instantWithin` answers when it can at once and in time, gives nil when the budget
    /// or a busy gate stands in the way, and still fails on the query's own timeout.
    @Test func instantWithinABudget() throws {
        let db = store([(["__name__": "g"], [1])])
        let query = Build.vector("g")
        let answered = try #require(try engine.instantWithin(.seconds(10), query, query: "g", at: 0, on: db))
        #expect(answered.value.vectorValues == [#"{__name__="g"}"#: 1])
        #expect(try engine.instantWithin(.zero, query, query: "g", at: 0, on: db) == nil)
        #expect {
            _ = try engine.instantWithin(.seconds(10), query, query: "g", at: 0, on: db, timeout: .zero)
        } throws: { error in
            (error as? PromQLError)?.kind == .timeout
        }
        var options = Engine.Options()
        options.maxConcurrentQueries = 1
        let single = Engine(options: options)
        let holding = BlockingStore(db)
        let running = Thread { _ = try? single.instant(query, query: "g", at: 0, on: holding) }
        running.start()
        holding.entered.wait()
        #expect(try single.instantWithin(.seconds(10), query, query: "g", at: 0, on: db) == nil)
        holding.release.signal()
    }

    @Test func cancellationStopsTheQuery() throws {
        let cancellation = QueryCancellation()
        cancellation.cancel()
        let db = store([(["__name__": "g"], [1])])
        #expect {
            _ = try engine.instant(Build.vector("g"), query: "", at: 0, on: db, cancellation: cancellation)
        } throws: { error in
            (error as? PromQLError)?.message == "query was canceled in expression evaluation"
        }
    }

    @Test func busyGateTimesOut() throws {
        let gate = QueryGate(slots: 1)
        try gate.enter(until: .now.advanced(by: .seconds(1)))
        #expect(throws: PromQLError.self) {
            try gate.enter(until: .now.advanced(by: .milliseconds(50)))
        }
        gate.leave()
        try gate.enter(until: .now.advanced(by: .seconds(1)))
        gate.leave()
    }

    // MARK: - Annotations

    @Test func nonCounterRateGetsAnInfoWithPosition() throws {
        let db = store([(["__name__": "temperature"], [1, 2, 3])])
        let query = "rate(temperature[5m])"
        var matrix = MatrixSelector(selector: Build.selector("temperature"), window: .literal(300_000), range: 5..<20)
        matrix.selector.range = 5..<16
        let expr = Expr.call(Call(function: "rate", args: [.matrixSelector(matrix)], range: 0..<21))
        let result = try engine.instant(expr, query: query, at: 120_000, on: db)
        #expect(result.infos == [
            "PromQL info: metric might not be a counter, name does not end in _total/_sum/_count/_bucket: \"temperature\" (1:6)",
        ])
    }
}
