/// A point of the plot's view box (1000 units wide).
struct PlotPoint: Equatable {
    var x: Int32
    var y: Int32
}

/// Turns a series' values into the fewest points that draw the same line: per view-box
/// column only the first, lowest, highest and last value (M4), then Ramer–Douglas–Peucker
/// with a tolerance in screen pixels, so a smooth stretch becomes one segment while every
/// visible bend and spike stays.
struct Polyline {
    /// Pixels per view-box unit across and down (the nominal plot size over 1000).
    let scaleX: Double
    let scaleY: Double
    /// The largest distance, in pixels, a dropped point may lie from the drawn line.
    let tolerance: Double

    init(plotWidth: Double, plotHeight: Double, boxHeight: Int = 1000, tolerance: Double = 0.75) {
        scaleX = plotWidth / 1000
        scaleY = plotHeight / Double(boxHeight)
        self.tolerance = tolerance
    }

    /// The contiguous runs of finite values (a NaN or missing value is a gap), each as
    /// simplified points. `x(k)` and `y(v)` map an index and a value to view-box units.
    func segments(count: Int, value: (Int) -> Double, x: (Int) -> Int, y: (Double) -> Int) -> [[PlotPoint]] {
        var segments: [[PlotPoint]] = []
        var current: [PlotPoint] = []
        var column = Int32.min
        // M4 state for the current column.
        var first = PlotPoint(x: 0, y: 0), low = first, high = first, last = first
        var lowIndex = 0, highIndex = 0
        var inColumn = false

        func flushColumn() {
            guard inColumn else { return }
            append(first, to: &current)
            if lowIndex < highIndex {
                append(low, to: &current)
                append(high, to: &current)
            } else {
                append(high, to: &current)
                append(low, to: &current)
            }
            append(last, to: &current)
            inColumn = false
        }

        for k in 0..<count {
            let v = value(k)
            guard v.isFinite else {
                flushColumn()
                if !current.isEmpty {
                    segments.append(simplify(current))
                    current = []
                }
                column = Int32.min
                continue
            }
            let point = PlotPoint(x: Int32(x(k)), y: Int32(y(v)))
            if inColumn && point.x == column {
                // Larger y is lower on screen.
                if point.y > low.y { low = point; lowIndex = k }
                if point.y < high.y { high = point; highIndex = k }
                last = point
            } else {
                flushColumn()
                column = point.x
                first = point
                low = point
                high = point
                last = point
                lowIndex = k
                highIndex = k
                inColumn = true
            }
        }
        flushColumn()
        if !current.isEmpty { segments.append(simplify(current)) }
        return segments
    }

    private func append(_ point: PlotPoint, to points: inout [PlotPoint]) {
        if points.last != point { points.append(point) }
    }

    /// Ramer–Douglas–Peucker, iterative, distances in pixels.
    func simplify(_ points: [PlotPoint]) -> [PlotPoint] {
        guard points.count > 2 else { return points }
        var keep = [Bool](repeating: false, count: points.count)
        keep[0] = true
        keep[points.count - 1] = true
        var stack: [(Int, Int)] = [(0, points.count - 1)]
        let limit = tolerance * tolerance
        while let (from, to) = stack.popLast() {
            guard to - from > 1 else { continue }
            let ax = Double(points[from].x) * scaleX, ay = Double(points[from].y) * scaleY
            let bx = Double(points[to].x) * scaleX, by = Double(points[to].y) * scaleY
            let dx = bx - ax, dy = by - ay
            let length = dx * dx + dy * dy
            var farthest = -1.0, index = from
            for i in (from + 1)..<to {
                let px = Double(points[i].x) * scaleX - ax, py = Double(points[i].y) * scaleY - ay
                let distance: Double
                if length == 0 {
                    distance = px * px + py * py
                } else {
                    let cross = px * dy - py * dx
                    distance = cross * cross / length
                }
                if distance > farthest {
                    farthest = distance
                    index = i
                }
            }
            if farthest > limit {
                keep[index] = true
                stack.append((from, index))
                stack.append((index, to))
            }
        }
        var out: [PlotPoint] = []
        out.reserveCapacity(points.count / 2)
        for (i, point) in points.enumerated() where keep[i] { out.append(point) }
        return out
    }
}
