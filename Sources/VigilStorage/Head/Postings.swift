import VigilModel

/// The label index: for each label name and value, the series having that pair, by
/// ascending reference. Resolves matchers the way Prometheus' `PostingsForMatchers` does.
struct Postings: Sendable {
    private(set) var index: [String: [String: [SeriesRef]]] = [:]

    init() {}

    /// Adds a series. References must arrive in ascending order, which keeps every list
    /// sorted by appending.
    mutating func add(_ ref: SeriesRef, _ labels: Labels) {
        for label in labels {
            if let position = index.index(forKey: label.name) {
                index.values[position][label.value, default: []].append(ref)
            } else {
                index[label.name] = [label.value: [ref]]
            }
        }
    }

    /// Removes a series from every list it is in.
    mutating func remove(_ ref: SeriesRef, _ labels: Labels) {
        for label in labels {
            guard var values = index[label.name], var refs = values[label.value] else { continue }
            if let position = Self.position(of: ref, in: refs) { refs.remove(at: position) }
            if refs.isEmpty { values[label.value] = nil } else { values[label.value] = refs }
            index[label.name] = values.isEmpty ? nil : values
        }
    }

    /// Series with label `name` set to `value`.
    func refs(_ name: String, _ value: String) -> [SeriesRef] {
        index[name]?[value] ?? []
    }

    /// Series whose labels satisfy every matcher, ascending; `all` gives every series
    /// when no matcher narrows the set by itself.
    ///
    /// As Prometheus: a matcher the empty value does not satisfy selects the series having
    /// a matching value; one the empty value satisfies removes the series having a
    /// non-matching value (so `{a=~".*"}` keeps series without `a`, and `{a=""}` keeps only
    /// those).
    func matching(_ matchers: [LabelMatcher], all: () -> [SeriesRef]) -> [SeriesRef] {
        var required: [[SeriesRef]] = []
        var excluded: [[SeriesRef]] = []
        for matcher in matchers {
            if matcher.matchesEmpty {
                let values = index[matcher.name] ?? [:]
                let failing = values.filter { !matcher.matches($0.key) }.map(\.value)
                if !failing.isEmpty { excluded.append(Self.union(failing)) }
            } else if matcher.kind == .equal {
                required.append(refs(matcher.name, matcher.value))
            } else {
                let values = index[matcher.name] ?? [:]
                required.append(Self.union(values.filter { matcher.matches($0.key) }.map(\.value)))
            }
        }
        // Smallest first keeps the intersections short.
        required.sort { $0.count < $1.count }
        var result = required.first ?? all()
        for list in required.dropFirst() where !result.isEmpty {
            result = Self.intersection(result, list)
        }
        for list in excluded where !result.isEmpty {
            result = Self.subtracting(result, list)
        }
        return result
    }

    // MARK: - Sorted list algebra

    static func union(_ lists: [[SeriesRef]]) -> [SeriesRef] {
        if lists.count == 1 { return lists[0] }
        var all = lists.flatMap { $0 }
        all.sort()
        var out: [SeriesRef] = []
        out.reserveCapacity(all.count)
        for ref in all where out.last != ref { out.append(ref) }
        return out
    }

    static func intersection(_ a: [SeriesRef], _ b: [SeriesRef]) -> [SeriesRef] {
        var out: [SeriesRef] = []
        var (i, j) = (0, 0)
        while i < a.count, j < b.count {
            if a[i] == b[j] {
                out.append(a[i])
                i += 1
                j += 1
            } else if a[i] < b[j] {
                i += 1
            } else {
                j += 1
            }
        }
        return out
    }

    static func subtracting(_ a: [SeriesRef], _ b: [SeriesRef]) -> [SeriesRef] {
        var out: [SeriesRef] = []
        var j = 0
        for ref in a {
            while j < b.count, b[j] < ref { j += 1 }
            if j < b.count, b[j] == ref { continue }
            out.append(ref)
        }
        return out
    }

    private static func position(of ref: SeriesRef, in refs: [SeriesRef]) -> Int? {
        var (low, high) = (0, refs.count)
        while low < high {
            let middle = (low + high) / 2
            if refs[middle] < ref { low = middle + 1 } else { high = middle }
        }
        return low < refs.count && refs[low] == ref ? low : nil
    }
}
