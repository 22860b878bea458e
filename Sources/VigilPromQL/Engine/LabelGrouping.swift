import VigilModel

/// Assigns label sets to groups defined by a subset of their labels (`by (a, b)`,
/// `without (c)`, `on (…)`, `ignoring (…)`, "all but `le`"), hashing the relevant labels in
/// place instead of building a key label set per series. A group keeps one of its label
/// sets; its key labels are built only when asked for (`keys`).
struct LabelGrouping {
    /// Which labels make the key.
    enum Selection {
        /// Only these names (sorted or not).
        case only([String])
        /// Every label but these names (and, with `dropName`, but `__name__`).
        case allBut([String], dropName: Bool)
    }

    let selection: Selection
    /// One label set of each group, by group.
    private var representatives: [Labels] = []
    private var chains = HashChains()

    init(_ selection: Selection) {
        self.selection = selection
    }

    /// How many groups there are.
    var count: Int { representatives.count }

    /// Each group's key labels, by group.
    var keys: [Labels] {
        representatives.map { Labels(sortedUnique: $0.pairs.filter { included($0.name) }) }
    }

    /// The group of `labels`, created when new.
    mutating func group(of labels: Labels) -> Int {
        var hash: UInt64 = 0
        for label in labels where included(label.name) {
            LabelHash.mix(&hash, label.name)
            LabelHash.mix(&hash, label.value)
        }
        if let found = chains.first(hash, where: { sameKey(representatives[$0], labels) }) { return found }
        chains.append(hash)
        representatives.append(labels)
        return representatives.count - 1
    }

    @inline(__always) private func included(_ name: String) -> Bool {
        switch selection {
        case .only(let names): return names.contains(name)
        case .allBut(let names, let dropName):
            if dropName && name == LabelName.metric { return false }
            return !names.contains(name)
        }
    }

    /// Whether two label sets agree on the key labels, without building either key.
    private func sameKey(_ a: Labels, _ b: Labels) -> Bool {
        var i = a.startIndex
        var j = b.startIndex
        while true {
            while i < a.endIndex && !included(a[i].name) { i += 1 }
            while j < b.endIndex && !included(b[j].name) { j += 1 }
            if i == a.endIndex || j == b.endIndex { return i == a.endIndex && j == b.endIndex }
            if a[i] != b[j] { return false }
            i += 1
            j += 1
        }
    }
}
