/// The values of a sliding window kept sorted as samples enter and leave, so each step's
/// quantile costs a binary search instead of a sort. NaNs are counted apart: in Prometheus'
/// order they sort before every number.
struct SortedWindow {
    private var numbers: [Double] = []
    private var nanCount = 0

    var count: Int { numbers.count + nanCount }

    mutating func removeAll() {
        numbers.removeAll(keepingCapacity: true)
        nanCount = 0
    }

    mutating func insert(_ value: Double) {
        if value.isNaN {
            nanCount += 1
        } else {
            numbers.insert(value, at: lowerBound(value))
        }
    }

    /// Removes one value equal to `value` (which must be in the window).
    mutating func remove(_ value: Double) {
        if value.isNaN {
            nanCount -= 1
        } else {
            let index = lowerBound(value)
            if index < numbers.count { numbers.remove(at: index) }
        }
    }

    /// `Quantile.of(q, window)` without sorting.
    func quantile(_ q: Double) -> Double {
        let n = count
        if n == 0 || q.isNaN { return .nan }
        if q < 0 { return -.infinity }
        if q > 1 { return .infinity }
        let rank = q * Double(n - 1)
        let lower = max(0, rank.rounded(.down))
        let upper = min(Double(n - 1), lower + 1)
        let weight = rank - rank.rounded(.down)
        return element(Int(lower)) * (1 - weight) + element(Int(upper)) * weight
    }

    @inline(__always) private func element(_ index: Int) -> Double {
        index < nanCount ? .nan : numbers[index - nanCount]
    }

    private func lowerBound(_ value: Double) -> Int {
        var low = 0
        var high = numbers.count
        while low < high {
            let mid = (low + high) / 2
            if numbers[mid] < value { low = mid + 1 } else { high = mid }
        }
        return low
    }
}
