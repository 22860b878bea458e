import VigilModel

/// Folding many series into a band or an "Other" series, and stacking.
extension TimeSeriesChart {
    /// Each series' top when stacked on the ones before it (a gap adds nothing).
    static func stack(_ drawn: [DenseSeries], count: Int) -> [[Double]] {
        var running = [Double](repeating: 0, count: count)
        return drawn.map { one in
            var top = running
            for k in 0..<count where one.values[k].isFinite {
                running[k] += one.values[k]
                top[k] = running[k]
            }
            return top
        }
    }

    /// The highest finite value inside the frame (-∞ when none).
    static func peak(of samples: [Sample], in frame: ChartFrame) -> Double {
        var peak = -Double.infinity
        let low = frame.start - frame.step / 2, high = frame.end + frame.step / 2
        for sample in samples where sample.t >= low && sample.t <= high && sample.v.isFinite && sample.v > peak {
            peak = sample.v
        }
        return peak
    }

    /// The sum of the folded series at each point (NaN where none has a value).
    static func sum(_ rest: [[Sample]], frame: ChartFrame) -> [Double] {
        var total = [Double](repeating: .nan, count: frame.count)
        total.withUnsafeMutableBufferPointer { total in
            for samples in rest {
                frame.forEachPoint(of: samples) { k, v in
                    if v.isFinite { total[k] = total[k].isNaN ? v : total[k] + v }
                }
            }
        }
        return total
    }

    /// The lowest and highest of the folded series at each point.
    static func envelope(_ rest: [[Sample]], frame: ChartFrame) -> (lower: [Double], upper: [Double], count: Int) {
        var lower = [Double](repeating: .nan, count: frame.count)
        var upper = [Double](repeating: .nan, count: frame.count)
        lower.withUnsafeMutableBufferPointer { lower in
            upper.withUnsafeMutableBufferPointer { upper in
                for samples in rest {
                    frame.forEachPoint(of: samples) { k, v in
                        guard v.isFinite else { return }
                        if !(lower[k] <= v) { lower[k] = v }
                        if !(upper[k] >= v) { upper[k] = v }
                    }
                }
            }
        }
        return (lower, upper, rest.count)
    }
}
