import VigilModel
import VigilPromQL

/// The outcome of one panel query.
public struct PanelQueryResult: Sendable {
    public var query: PanelQuery
    /// The expression as run (variables and intervals expanded).
    public var expr: String
    public var instant: Bool
    public var value: QueryValue?
    /// The error text, shown inside the panel.
    public var error: String?

    public init(query: PanelQuery, expr: String, instant: Bool, value: QueryValue? = nil, error: String? = nil) {
        self.query = query
        self.expr = expr
        self.instant = instant
        self.value = value
        self.error = error
    }
}

/// A panel with its data, ready to render.
public struct PanelData: Sendable {
    /// The panel, its title and text with variables expanded.
    public var panel: Panel
    public var interval: QueryInterval
    public var results: [PanelQueryResult]
    /// Nominal pixel size of the panel body (for ticks and decimation).
    public var width: Double
    public var height: Double

    public init(panel: Panel, interval: QueryInterval, results: [PanelQueryResult], width: Double, height: Double) {
        self.panel = panel
        self.interval = interval
        self.results = results
        self.width = width
        self.height = height
    }

    /// Error texts of the failed queries, `A: message` when the panel has several.
    public var errors: [String] {
        results.compactMap { result in
            guard let error = result.error else { return nil }
            return results.count > 1 ? "\(result.query.refID): \(error)" : error
        }
    }

    /// The frame of the range queries.
    public var frame: ChartFrame { ChartFrame(interval) }

    /// Every series of every visible query, named by its legend format. Instant
    /// results become one-sample series at their time; a scalar becomes one series.
    public var series: [ChartSeries] {
        var out: [ChartSeries] = []
        for result in results where !result.query.hidden {
            guard let value = result.value else { continue }
            let legend = result.query.legend
            switch value {
            case .matrix(let matrix):
                for one in matrix {
                    out.append(ChartSeries(name: LegendFormat.name(for: one.labels, format: legend, query: result.expr), labels: one.labels, samples: one.samples, refID: result.query.refID))
                }
            case .vector(let vector):
                for one in vector {
                    out.append(ChartSeries(name: LegendFormat.name(for: one.labels, format: legend, query: result.expr), labels: one.labels, samples: [Sample(t: one.t, v: one.v)], refID: result.query.refID))
                }
            case .scalar(let t, let v):
                out.append(ChartSeries(name: legend.flatMap { $0.isEmpty ? nil : $0 } ?? result.expr, samples: [Sample(t: t, v: v)], refID: result.query.refID))
            case .string:
                continue
            }
        }
        return out
    }
}
