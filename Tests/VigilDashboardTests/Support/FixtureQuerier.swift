import Foundation
import VigilModel
import VigilPromQL

@testable import VigilDashboard

/// A querier that answers from deterministic synthetic data shaped like the ML service's
/// metrics, chosen by what the query mentions. It records every call.
final class FixtureQuerier: PanelQuerier, @unchecked Sendable {
    // @unchecked: `calls` is guarded by `lock`.
    private let lock = NSLock()
    private var recorded: [String] = []
    var failing: [String: String] = [:]
    /// How long range queries take; a query cancelled while waiting records "cancelled".
    var delay: Duration?

    var calls: [String] {
        lock.lock()
        defer { lock.unlock() }
        return recorded
    }

    private func record(_ call: String) {
        lock.lock()
        recorded.append(call)
        lock.unlock()
    }

    func range(_ query: String, start: Timestamp, end: Timestamp, step: Int64) async throws -> QueryValue {
        record("range \(query) \(start) \(end) \(step)")
        if let delay {
            do { try await Task.sleep(for: delay) } catch {
                record("cancelled")
                throw error
            }
        }
        if let message = failing.first(where: { query.contains($0.key) })?.value {
            throw PanelQueryError(.execution, message)
        }
        let times = Array(stride(from: start, through: end, by: Int(step)))
        return .matrix(FixtureQuerier.series(for: query, times: times))
    }

    func instant(_ query: String, at time: Timestamp) async throws -> QueryValue {
        record("instant \(query) \(time)")
        if let message = failing.first(where: { query.contains($0.key) })?.value {
            throw PanelQueryError(.syntax, message, range: 4..<6)
        }
        let series = FixtureQuerier.series(for: query, times: [time])
        return .vector(series.compactMap { one in one.samples.last.map { VectorSample(labels: one.labels, t: $0.t, v: $0.v) } })
    }

    func labelValues(_ label: String, matching selector: String?, start: Timestamp, end: Timestamp) async throws -> [String] {
        record("labels \(label) \(selector ?? "-")")
        switch label {
        case "job": return ["ml-service", "vigil"]
        case "path": return ["/predict", "/predict/batch", "/health"]
        case "instance": return ["localhost:8000", "localhost:3000"]
        case "status": return ["200", "400", "500"]
        default: return []
        }
    }

    // MARK: - Synthetic data

    /// A smooth deterministic wave in [0, 1] per seed and time.
    static func wave(_ seed: Double, _ t: Timestamp) -> Double {
        let x = Double(t) / 1000 / 600
        return 0.5 + 0.3 * sin(x + seed) + 0.15 * sin(x * 3.7 + seed * 2.1) + 0.05 * sin(x * 17 + seed)
    }

    static func series(for query: String, times: [Timestamp]) -> [RangeSeries] {
        func make(_ labels: Labels, _ value: (Timestamp) -> Double?) -> RangeSeries {
            RangeSeries(labels: labels, samples: times.compactMap { t in value(t).map { Sample(t: t, v: $0) } })
        }
        if query.contains("_bucket") && query.contains("le") && !query.contains("histogram_quantile") {
            let bounds = ["0.005", "0.01", "0.025", "0.05", "0.075", "0.1", "0.25", "0.5", "0.75", "1", "2.5", "5", "7.5", "10", "+Inf"]
            return bounds.enumerated().map { index, le in
                make(["le": le]) { t in
                    let center = 6.0 + 1.5 * sin(Double(t) / 1000 / 900)
                    let cdf = 1 / (1 + exp(-(Double(index) - center) * 1.3))
                    return 20 * cdf * (0.8 + 0.4 * wave(1, t))
                }
            }
        }
        if query.contains("histogram_quantile") {
            let q = query.contains("0.99") ? 2.2 : query.contains("0.5") ? 0.6 : 1.0
            return [make([:]) { t in 0.12 * q * (0.7 + wave(3, t)) }]
        }
        if query.contains("5..") {
            return [make([:]) { t in
                let burst = (t / 1000 / 1800) % 3 == 1 ? 0.09 : 0.0
                return 0.008 + 0.01 * wave(5, t) + burst
            }]
        }
        if query.contains("by (status)") {
            return [("200", 18.0), ("400", 0.6), ("404", 0.25), ("500", 0.4)].enumerated().map { index, item in
                make(["status": item.0]) { t in item.1 * (0.6 + wave(Double(index), t)) }
            }
        }
        if query.contains("by (path)") {
            return [("/predict", 14.0), ("/predict/batch", 1.2), ("/health", 2.0), ("/metrics", 0.067)].enumerated().map { index, item in
                make(["path": item.0]) { t in item.1 * (0.6 + wave(Double(index) + 7, t)) }
            }
        }
        if query.contains("model_accuracy") { return [make(["model": "fraud-detector"]) { t in 0.93 + 0.02 * wave(9, t) }] }
        if query.contains("model_recall") { return [make(["model": "fraud-detector"]) { t in 0.88 + 0.03 * wave(11, t) }] }
        if query.contains("up") && !query.contains("http") {
            return [make(["instance": "localhost:8000", "job": "ml-service"]) { _ in 1 }, make(["instance": "localhost:3000", "job": "vigil"]) { _ in 1 }]
        }
        if query.contains("gaps") {
            return [make(["series": "with gaps"]) { t in (t / 1000 / 300) % 4 == 2 ? nil : wave(2, t) }]
        }
        if let many = query.firstRange(of: "many") {
            _ = many
            return (0..<1000).map { index in make(["instance": "host-\(index)", "job": "fleet"]) { t in 100 * wave(Double(index) * 0.37, t) + Double(index % 17) } }
        }
        return [make(["job": "demo"]) { t in 10 * wave(0, t) }]
    }
}
