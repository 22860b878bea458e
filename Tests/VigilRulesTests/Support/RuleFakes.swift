import Foundation
import Synchronization
import VigilModel
import VigilPromQL
@testable import VigilRules

/// An engine whose answers are scripted per expression: a function of the query time.
final class ScriptedEngine: RuleQueryEngine, Sendable {
    typealias Answer = @Sendable (Timestamp) throws(RuleQueryError) -> QueryValue
    private let answers: Mutex<[String: Answer]>
    /// Milliseconds each query blocks, to make evaluations slow.
    let delay: Int

    init(delay: Int = 0, _ answers: [String: Answer] = [:]) {
        self.answers = Mutex(answers)
        self.delay = delay
    }

    func set(_ expr: String, _ answer: @escaping Answer) {
        answers.withLock { $0[expr] = answer }
    }

    func instantQuery(_ expr: String, at time: Timestamp) throws(RuleQueryError) -> QueryValue {
        if delay > 0 { usleep(useconds_t(delay * 1000)) }
        guard let answer = answers.withLock({ $0[expr] }) else { return .vector([]) }
        return try answer(time)
    }

    /// A vector of the given label sets and value, at the query time.
    static func vector(_ series: [Labels], value: Double) -> Answer {
        { time in .vector(series.map { VectorSample(labels: $0, t: time, v: value) }) }
    }
}

/// An appender that keeps every batch, and answers reads over what it stored.
final class MemoryAppender: Appender, Queryable, Sendable {
    private let state = Mutex<[Labels: [Sample]]>([:])
    private let batches = Mutex<[[AppendBatch.Entry]]>([])

    func append(_ batch: AppendBatch) async throws(AppendError) -> AppendReport {
        batches.withLock { $0.append(batch.entries) }
        state.withLock { series in
            for entry in batch.entries {
                guard case .labels(let labels) = entry.series else { continue }
                series[labels, default: []].append(Sample(t: entry.t, v: entry.v))
            }
        }
        var report = AppendReport(refs: batch.entries.map { _ in 0 })
        report.appended = batch.entries.count
        return report
    }

    /// Everything written, one line per sample: `{labels} t v` (stale markers as `stale`).
    var lines: [String] {
        batches.withLock { batches in
            batches.flatMap { entries in
                entries.map { entry -> String in
                    guard case .labels(let labels) = entry.series else { return "ref" }
                    let value = StaleMarker.isStale(entry.v) ? "stale" : GoFormat.print(.float(entry.v))
                    return "\(labels.seriesDescription) \(entry.t) \(value)"
                }
            }
        }
    }

    func clear() { batches.withLock { $0 = [] } }

    func store(_ labels: Labels, _ samples: [Sample]) {
        state.withLock { $0[labels, default: []] += samples }
    }

    func querier() throws(ReadError) -> any Querier {
        MemoryQuerier(series: state.withLock { $0 })
    }
}

final class MemoryQuerier: Querier {
    let series: [Labels: [Sample]]
    init(series: [Labels: [Sample]]) { self.series = series }

    func select(_ matchers: [LabelMatcher], mint: Timestamp, maxt: Timestamp) throws(ReadError) -> [SeriesData] {
        series.filter { matchers.matches($0.key) }
            .map { SeriesData(labels: $0.key, samples: $0.value.filter { $0.t >= mint && $0.t <= maxt }) }
            .filter { (try? $0.samples().isEmpty) == false }
            .sorted { $0.labels < $1.labels }
    }

    func labelNames(_ matchers: [LabelMatcher], mint: Timestamp, maxt: Timestamp) throws(ReadError) -> [String] { [] }
    func labelValues(_ name: String, _ matchers: [LabelMatcher], mint: Timestamp, maxt: Timestamp) throws(ReadError) -> [String] { [] }
}

/// Collects what rule groups hand over for notification.
final class AlertSink: Sendable {
    private let received = Mutex<[[OutgoingAlert]]>([])

    var notify: @Sendable ([OutgoingAlert]) async -> Void {
        { alerts in self.received.withLock { $0.append(alerts) } }
    }

    /// One line per alert: `alertname[state] starts=… ends=…` (seconds).
    var lines: [String] {
        received.withLock { batches in
            batches.flatMap { $0 }.map { alert in
                let starts = alert.startsAt.map { String($0 / 1000) } ?? "-"
                let ends = alert.endsAt.map { String($0 / 1000) } ?? "-"
                return "\(alert.labels.description) starts=\(starts) ends=\(ends)"
            }
        }
    }
}

/// A wall clock the test sets.
final class ManualWallClock: WallClock, Sendable {
    private let time: Mutex<Timestamp>
    init(_ start: Timestamp = 0) { time = Mutex(start) }
    func now() -> Timestamp { time.withLock { $0 } }
    func set(_ t: Timestamp) { time.withLock { $0 = t } }
}
