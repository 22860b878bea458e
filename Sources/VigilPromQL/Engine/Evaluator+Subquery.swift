import VigilModel

extension Evaluator {
    /// The grid a subquery's inner expression is evaluated on: multiples of its step
    /// (absolute, so results do not depend on the query's start) after the first window's
    /// start, up to the last window's end (subqueryTimeRange).
    func subqueryGrid(_ node: SubqueryNode) -> StepGrid {
        let firstEnd = (node.at ?? grid.start) - node.offset
        let lastEnd = (node.at ?? grid.lastTime) - node.offset
        let windowStart = firstEnd - node.window
        var start = node.step * (windowStart / node.step)
        if start <= windowStart { start += node.step }
        return StepGrid(start: start, end: lastEnd, interval: node.step)
    }

    /// The inner expression's series over the subquery's grid (a scalar as one series
    /// without labels).
    func subquerySeries(_ node: SubqueryNode) throws(PromQLError) -> [EvalSeries] {
        let inner = Evaluator(grid: subqueryGrid(node), state: state)
        switch try inner.eval(node.inner) {
        case .scalar(let values):
            let points = values.enumerated().map { Sample(t: inner.grid.time($0.offset), v: $0.element) }
            return points.isEmpty ? [] : [EvalSeries(labels: .empty, points: points)]
        case .vector(let series):
            return series
        default:
            preconditionFailure("BUG: planner admitted a subquery of a non-instant expression")
        }
    }

    /// A subquery at the top of an instant query: its points in the window.
    func subqueryMatrix(_ node: SubqueryNode) throws(PromQLError) -> [EvalSeries] {
        let end = (node.at ?? grid.start) - node.offset
        return try subquerySeries(node).compactMap { series in
            var series = series
            series.points.removeAll { $0.t <= end - node.window || $0.t > end }
            return series.points.isEmpty ? nil : series
        }
    }
}
