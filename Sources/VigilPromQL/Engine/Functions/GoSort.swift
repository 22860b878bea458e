/// Go's `sort.Sort` and `container/heap` where the order of equal elements is visible in
/// results (`sort`, `topk`, `bottomk`): short inputs are insertion-sorted exactly as Go
/// does; longer ones use a stable sort, which agrees with Go whenever values differ.
enum GoSort {
    static func sort<T>(_ items: inout [T], by less: (T, T) -> Bool) {
        if items.count <= 12 {
            insertionSort(&items, less)
        } else {
            // Swift's sort is stable; Go's pdqsort agrees on every input without ties.
            items.sort(by: less)
        }
    }

    private static func insertionSort<T>(_ items: inout [T], _ less: (T, T) -> Bool) {
        guard items.count > 1 else { return }
        for i in 1..<items.count {
            var j = i
            while j > 0 && less(items[j], items[j - 1]) {
                items.swapAt(j, j - 1)
                j -= 1
            }
        }
    }
}

/// A binary heap with `container/heap`'s sift operations, so ties resolve as in Prometheus.
struct GoHeap<T> {
    var items: [T] = []
    let less: (T, T) -> Bool

    init(capacity: Int, less: @escaping (T, T) -> Bool) {
        items.reserveCapacity(capacity)
        self.less = less
    }

    var count: Int { items.count }

    mutating func push(_ item: T) {
        items.append(item)
        up(items.count - 1)
    }

    /// Replaces the root and restores the heap (`h[0] = x; heap.Fix(h, 0)`).
    mutating func replaceRoot(_ item: T) {
        items[0] = item
        if !down(0, items.count) { up(0) }
    }

    private mutating func up(_ start: Int) {
        var j = start
        while true {
            let i = (j - 1) / 2  // parent; Go's division truncates, so 0 stays 0
            if i == j || !less(items[j], items[i]) { break }
            items.swapAt(i, j)
            j = i
        }
    }

    private mutating func down(_ start: Int, _ n: Int) -> Bool {
        var i = start
        while true {
            let j1 = 2 * i + 1
            if j1 >= n || j1 < 0 { break }
            var j = j1
            let j2 = j1 + 1
            if j2 < n && less(items[j2], items[j1]) { j = j2 }
            if !less(items[j], items[i]) { break }
            items.swapAt(i, j)
            i = j
        }
        return i > start
    }
}
