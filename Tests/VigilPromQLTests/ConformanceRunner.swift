import Foundation
import VigilModel
import VigilTestSupport
@testable import VigilPromQL

/// Runs upstream PromQL test scripts against the engine, the way Prometheus'
/// promql/promqltest runs them (FORMAT.md §6–11), and reports each eval's outcome.
struct ConformanceRunner {
    enum Outcome: Equatable {
        case passed
        case failed(String)
        case skipped(String)
    }

    struct EvalReport {
        var line: Int
        var expr: String
        var outcome: Outcome
    }

    /// The engine configuration the scripts assume (FORMAT.md §11).
    static var engineOptions: Engine.Options {
        var options = Engine.Options()
        options.lookbackDelta = 5 * 60_000
        options.maxSamples = 10_000
        options.timeout = .seconds(100)
        options.defaultSubqueryStep = 60_000
        options.enableDelayedNameRemoval = true
        options.enableExperimentalFunctions = true
        return options
    }

    /// Optional features of evals.tsv the engine does not implement yet: their evals count
    /// as skipped.
    static let unsupportedFeatures: Set<String> = [
        "start_timestamps", "fn:start_timestamp",
        "fn:histogram_quantiles",
    ]

    /// One row of evals.tsv: whether the eval touches native histograms, its features.
    struct IndexEntry {
        var nativeHistograms: Bool
        var features: [String]
    }

    let parse: (String) throws -> Expr
    let engine = Engine(options: ConformanceRunner.engineOptions)

    /// Reads evals.tsv: file name → line → entry.
    static func index(_ url: URL) throws -> [String: [Int: IndexEntry]] {
        var out: [String: [Int: IndexEntry]] = [:]
        for row in try String(contentsOf: url, encoding: .utf8).split(separator: "\n").dropFirst() {
            let columns = row.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard columns.count >= 5, let line = Int(columns[1]) else { continue }
            let features = columns[4] == "-" ? [] : columns[4].split(separator: ",").map(String.init)
            out[columns[0], default: [:]][line] = IndexEntry(nativeHistograms: columns[3] == "yes", features: features)
        }
        return out
    }

    /// Runs every command of a script; evals are reported in order.
    func run(_ script: ConformanceScript, index: [Int: IndexEntry]) -> [EvalReport] {
        let store = InMemoryStore()
        var reports: [EvalReport] = []
        // Series with native-histogram samples (not loaded): evals selecting them are skipped.
        var histogramSeries: [Labels] = []
        for command in script.commands {
            switch command {
            case .clear:
                store.removeAll()
                histogramSeries.removeAll()
            case .load(let load):
                for (labels, values) in load.series {
                    if values.contains(.histogram) { histogramSeries.append(labels) }
                    var samples: [Sample] = []
                    for (i, value) in values.enumerated() {
                        if case .float(let v) = value { samples.append(Sample(t: Int64(i) * load.interval, v: v)) }
                    }
                    store.add(labels, samples)
                }
            case .eval(let eval):
                let outcome: Outcome
                if let reason = skipReason(eval, index[eval.line]) {
                    outcome = .skipped(reason)
                } else if selectsAny(eval.expr, histogramSeries) {
                    outcome = .skipped("native histograms")
                } else {
                    outcome = check(eval, store)
                }
                reports.append(EvalReport(line: eval.line, expr: eval.expr, outcome: outcome))
            }
        }
        return reports
    }

    private func skipReason(_ eval: ConformanceScript.Eval, _ entry: IndexEntry?) -> String? {
        if entry?.nativeHistograms == true { return "native histograms" }
        if eval.series.contains(where: { $0.values.contains(.histogram) }) { return "native histograms" }
        if let feature = entry?.features.first(where: { Self.unsupportedFeatures.contains($0) }) { return feature }
        return nil
    }

    /// Whether a selector of the expression matches one of `series`.
    private func selectsAny(_ query: String, _ series: [Labels]) -> Bool {
        guard !series.isEmpty, let expr = try? parse(query) else { return false }
        var selectors: [[LabelMatcher]] = []
        Self.collectSelectors(expr, into: &selectors)
        return selectors.contains { matchers in series.contains { matchers.matches($0) } }
    }

    private static func collectSelectors(_ expr: Expr, into out: inout [[LabelMatcher]]) {
        switch expr {
        case .number, .string: break
        case .vectorSelector(let v): out.append(v.matchers)
        case .matrixSelector(let m): out.append(m.selector.matchers)
        case .subquery(let s): collectSelectors(s.expr, into: &out)
        case .call(let c): for arg in c.args { collectSelectors(arg, into: &out) }
        case .aggregate(let a):
            collectSelectors(a.expr, into: &out)
            if let p = a.parameter { collectSelectors(p, into: &out) }
        case .binary(let b):
            collectSelectors(b.lhs, into: &out)
            collectSelectors(b.rhs, into: &out)
        case .unary(let u): collectSelectors(u.expr, into: &out)
        case .paren(let p): collectSelectors(p.expr, into: &out)
        }
    }

    // MARK: - Evaluation

    private func check(_ eval: ConformanceScript.Eval, _ store: InMemoryStore) -> Outcome {
        let expr: Expr
        do { expr = try parse(eval.expr) } catch { return .failed("parse: \(error)") }
        switch eval.kind {
        case .range(let start, let end, let step):
            let result: QueryResult
            do {
                result = try engine.range(expr, query: eval.expr, start: start, end: end, step: step, on: store)
            } catch {
                return failure(eval, error)
            }
            if eval.fail != nil { return .failed("expected an error, got a result") }
            if let problem = annotationProblem(eval, result) { return .failed(problem) }
            if let problem = compare(result.value, eval, start: start, end: end, step: step) { return .failed(problem) }
            return .passed
        case .instant(let at):
            // The query as written, then pinned with `@` at other times (FORMAT.md §10.1).
            var runs = [(query: eval.expr, expr: expr, time: at)]
            for (query, time) in atModifierVariants(expr, at) {
                do { runs.append((query, try parse(query), time)) } catch { return .failed("reparse of \(query): \(error)") }
            }
            for run in runs {
                if let problem = instantProblem(eval, run.query, run.expr, run.time, store) {
                    return .failed(run.query == eval.expr ? problem : "\(run.query) at \(run.time): \(problem)")
                }
            }
            return .passed
        }
    }

    private func instantProblem(
        _ eval: ConformanceScript.Eval, _ query: String, _ expr: Expr, _ at: Timestamp, _ store: InMemoryStore
    ) -> String? {
        let result: QueryResult
        do {
            result = try engine.instant(expr, query: query, at: at, on: store)
        } catch {
            if case .failed(let problem) = failure(eval, error) { return problem }
            return nil
        }
        if eval.fail != nil { return "expected an error, got a result" }
        if let problem = annotationProblem(eval, result) { return problem }
        let grid = eval.rangeVector ?? (at, at, 0)
        if let problem = compare(result.value, eval, start: grid.start, end: grid.end, step: grid.step) { return problem }
        if let problem = rangeModeProblem(eval, query, expr, at, result.value, store) { return "range mode: \(problem)" }
        return nil
    }

    /// The expression with `@ t` on every selector and outermost subquery that lacks one,
    /// printed, at the times the reference runner tries (atModifierTestCases). None when the
    /// expression calls a function of the evaluation time.
    private func atModifierVariants(_ expr: Expr, _ t: Timestamp) -> [(String, Timestamp)] {
        var timeDependent = false
        let pinned = Self.pin(expr, at: t, timeDependent: &timeDependent)
        if timeDependent { return [] }
        let text = pinned.description
        let times: [Timestamp] = t == 0 ? [-1000, 0, 1000] : [-10 * t, 0, t / 5, t, 10 * t]
        return times.map { (text, $0) }
    }

    private static func pin(_ expr: Expr, at t: Timestamp, timeDependent: inout Bool) -> Expr {
        switch expr {
        case .number, .string:
            return expr
        case .vectorSelector(var v):
            if v.at == nil { v.at = .timestamp(t) }
            return .vectorSelector(v)
        case .matrixSelector(var m):
            if m.selector.at == nil { m.selector.at = .timestamp(t) }
            return .matrixSelector(m)
        case .subquery(var s):
            // Inside a pinned subquery nothing changes, and nothing is looked at.
            if s.at == nil { s.at = .timestamp(t) }
            return .subquery(s)
        case .call(var c):
            if FunctionCatalog.stepVariant.contains(c.function) { timeDependent = true }
            c.args = c.args.map { pin($0, at: t, timeDependent: &timeDependent) }
            return .call(c)
        case .aggregate(var a):
            a.expr = pin(a.expr, at: t, timeDependent: &timeDependent)
            a.parameter = a.parameter.map { pin($0, at: t, timeDependent: &timeDependent) }
            return .aggregate(a)
        case .binary(var b):
            b.lhs = pin(b.lhs, at: t, timeDependent: &timeDependent)
            b.rhs = pin(b.rhs, at: t, timeDependent: &timeDependent)
            return .binary(b)
        case .unary(var u):
            u.expr = pin(u.expr, at: t, timeDependent: &timeDependent)
            return .unary(u)
        case .paren(var p):
            p.expr = pin(p.expr, at: t, timeDependent: &timeDependent)
            return .paren(p)
        }
    }

    private func failure(_ eval: ConformanceScript.Eval, _ error: PromQLError) -> Outcome {
        guard let expected = eval.fail else { return .failed("error: \(error.description)") }
        return expected.matches(error.description) ? .passed : .failed("error \(error.description) does not match")
    }

    /// The same expression as a range query around the instant must agree at the instant
    /// (FORMAT.md §10.2).
    private func rangeModeProblem(
        _ eval: ConformanceScript.Eval, _ query: String, _ expr: Expr, _ at: Timestamp, _ instant: QueryValue,
        _ store: InMemoryStore
    ) -> String? {
        if eval.ordered || eval.rangeVector != nil || eval.string != nil { return nil }
        if query.contains(/(start|end|range|step)\(\)/) { return nil }
        let result: QueryResult
        do {
            result = try engine.range(expr, query: query, start: at - 60_000, end: at + 60_000, step: 60_000, on: store)
        } catch {
            return "error \(error.description)"
        }
        guard case .matrix(let matrix) = result.value else { return "not a matrix" }
        if let problem = sortedProblem(matrix) { return problem }
        var vector: [VectorSample] = []
        for series in matrix {
            if let point = series.samples.first(where: { $0.t == at }) {
                vector.append(VectorSample(labels: series.labels, t: at, v: point.v))
            }
        }
        if case .scalar = instant {
            guard let first = vector.first else { return "no scalar point" }
            return compare(.scalar(at, first.v), eval, start: at, end: at, step: 0)
        }
        return compare(.vector(vector), eval, start: at, end: at, step: 0)
    }

    // MARK: - Annotations

    private func annotationProblem(_ eval: ConformanceScript.Eval, _ result: QueryResult) -> String? {
        let warnings = result.warnings
        let infos = result.infos
        if eval.legacyWarn && warnings.isEmpty { return "expected warnings, got none" }
        if eval.legacyInfo && infos.isEmpty { return "expected infos, got none" }
        if let problem = matchProblem("warn", eval.warnings, warnings) { return problem }
        if let problem = matchProblem("info", eval.infos, infos) { return problem }
        if eval.noWarn && !warnings.isEmpty { return "unexpected warnings \(warnings)" }
        if eval.noInfo && !infos.isEmpty { return "unexpected infos \(infos)" }
        return nil
    }

    private func matchProblem(_ kind: String, _ expected: [ConformanceScript.Pattern], _ actual: [String]) -> String? {
        if expected.isEmpty { return nil }
        if actual.isEmpty { return "expected \(kind) annotations, got none" }
        for pattern in expected where !actual.contains(where: pattern.matches) {
            return "no \(kind) annotation matches \(pattern); got \(actual)"
        }
        for text in actual where !expected.contains(where: { $0.matches(text) }) {
            return "unexpected \(kind) annotation \(text)"
        }
        return nil
    }

    // MARK: - Results

    private func compare(_ value: QueryValue, _ eval: ConformanceScript.Eval, start: Timestamp, end: Timestamp, step: Int64) -> String? {
        var expected: [Labels: ConformanceScript.ExpectedSeries] = [:]
        for series in eval.series { expected[series.labels] = series }
        switch value {
        case .matrix(let matrix):
            if eval.ordered { return "expected an ordered vector, got a matrix" }
            if eval.scalar != nil { return "expected a scalar, got a matrix" }
            if let problem = sortedProblem(matrix) { return problem }
            for series in matrix {
                guard let want = expected.removeValue(forKey: series.labels) else {
                    return "unexpected series \(series.labels) with \(series.samples)"
                }
                var points: [Sample] = []
                for (i, v) in want.values.enumerated() {
                    let t = start + Int64(i) * step
                    if t > end { return "expected \(want.values.count) points for \(series.labels), too many for the range" }
                    switch v {
                    case .float(let f): points.append(Sample(t: t, v: f))
                    case .histogram: return "expected a histogram point for \(series.labels)"
                    case .omitted: break
                    }
                }
                guard points.count == series.samples.count else {
                    return "expected \(points.count) points for \(series.labels), got \(series.samples)"
                }
                for (want, got) in zip(points, series.samples) {
                    if want.t != got.t { return "\(series.labels): expected a point at \(want.t), got \(got.t)" }
                    if !Self.almostEqual(got.v, want.v) { return "\(series.labels) at \(got.t): expected \(want.v), got \(got.v)" }
                }
            }
            if let missing = expected.keys.first { return "expected series \(missing) not found" }
        case .vector(let vector):
            if eval.scalar != nil { return "expected a scalar, got a vector" }
            for (position, sample) in vector.enumerated() {
                guard let want = expected.removeValue(forKey: sample.labels) else {
                    return "unexpected series \(sample.labels) with value \(sample.v)"
                }
                if eval.ordered && want.position != position + 1 {
                    return "expected \(sample.labels) at position \(want.position), got \(position + 1)"
                }
                guard case .float(let f) = want.values.first else { return "expected a histogram or nothing for \(sample.labels)" }
                if !Self.almostEqual(sample.v, f) { return "\(sample.labels): expected \(f), got \(sample.v)" }
            }
            if let missing = expected.keys.first { return "expected series \(missing) not found" }
        case .scalar(_, let v):
            guard let want = eval.scalar else { return "expected a vector or matrix, got scalar \(v)" }
            if !Self.almostEqual(v, want) { return "expected scalar \(want), got \(v)" }
        case .string(_, let text):
            if eval.string != text { return "expected string \(eval.string ?? "nil"), got \(text)" }
        }
        return nil
    }

    private func sortedProblem(_ matrix: [RangeSeries]) -> String? {
        for (a, b) in zip(matrix, matrix.dropFirst()) where !(a.labels < b.labels) {
            return "matrix not sorted: \(a.labels) before \(b.labels)"
        }
        return nil
    }

    /// util/almost.Equal with the runner's epsilon; staleness markers equal only each other.
    static func almostEqual(_ a: Double, _ b: Double) -> Bool {
        if StaleMarker.isStale(a) || StaleMarker.isStale(b) { return StaleMarker.isStale(a) && StaleMarker.isStale(b) }
        return ClassicHistogram.almostEqual(a, b, tolerance: 1e-6)
    }
}
