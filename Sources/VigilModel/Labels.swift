/// A label set: labels sorted by name, names unique, empty values absent.
///
/// Prometheus treats a label with an empty value as not present; the initialisers drop
/// such labels so that equal sets compare and hash equal.
public struct Labels: Hashable, Sendable, Comparable, RandomAccessCollection, CustomStringConvertible,
    ExpressibleByDictionaryLiteral
{
    public private(set) var pairs: [Label]

    /// The empty label set.
    public static let empty = Labels(sortedUnique: [])

    public init() { pairs = [] }

    /// Builds a set from labels in any order. A later duplicate name wins.
    public init(_ labels: some Sequence<Label>) {
        var sorted = labels.filter { !$0.value.isEmpty }
        sorted.sort { $0.name.utf8Precedes($1.name) }
        var unique: [Label] = []
        unique.reserveCapacity(sorted.count)
        for label in sorted {
            if let last = unique.last, last.name == label.name { unique[unique.count - 1] = label } else { unique.append(label) }
        }
        pairs = unique
    }

    /// Adopts labels the caller guarantees sorted by name, unique and non-empty.
    public init(sortedUnique pairs: [Label]) {
        self.pairs = pairs
    }

    public init(dictionaryLiteral elements: (String, String)...) {
        self.init(elements.map { Label($0.0, $0.1) })
    }

    /// Builds a set from a dictionary of name to value.
    public init(_ dictionary: [String: String]) {
        self.init(dictionary.map { Label($0.key, $0.value) })
    }

    // MARK: - Collection

    // Inlinable: the engine walks label sets in its innermost loops, from other modules.
    @inlinable public var startIndex: Int { pairs.startIndex }
    @inlinable public var endIndex: Int { pairs.endIndex }
    @inlinable public subscript(position: Int) -> Label { pairs[position] }

    // MARK: - Lookup

    /// The value of label `name`, or nil when absent.
    @inlinable public subscript(name: String) -> String? {
        // Label sets are small (typically under 10): a linear scan beats binary search.
        for label in pairs where label.name == name { return label.value }
        return nil
    }

    /// The metric name (`__name__`), or nil.
    public var metricName: String? { self[LabelName.metric] }

    /// A copy with `name` set to `value`; an empty value removes the label.
    public func setting(_ name: String, to value: String) -> Labels {
        var builder = LabelsBuilder(self)
        builder.set(name, value)
        return builder.labels
    }

    /// A copy without the named labels.
    public func removing(_ names: some Collection<String>) -> Labels {
        Labels(sortedUnique: pairs.filter { !names.contains($0.name) })
    }

    /// A copy without `__name__`.
    public var withoutMetricName: Labels {
        guard let index = pairs.firstIndex(where: { $0.name == LabelName.metric }) else { return self }
        var copy = pairs
        copy.remove(at: index)
        return Labels(sortedUnique: copy)
    }

    /// A copy holding only the named labels.
    public func keeping(_ names: some Collection<String>) -> Labels {
        Labels(sortedUnique: pairs.filter { names.contains($0.name) })
    }

    // MARK: - Order and text

    /// Prometheus' `labels.Compare`: pairwise by name, then value; a prefix sorts first.
    public static func < (a: Labels, b: Labels) -> Bool {
        for (x, y) in zip(a.pairs, b.pairs) where x != y {
            if x.name != y.name { return x.name.utf8Precedes(y.name) }
            return x.value.utf8Precedes(y.value)
        }
        return a.pairs.count < b.pairs.count
    }

    /// `{a="1", b="2"}`: every label including `__name__`, as Prometheus' `Labels.String`.
    public var description: String {
        "{" + pairs.map(\.description).joined(separator: ", ") + "}"
    }

    /// `name{a="1", b="2"}`: the metric name outside the braces, as PromQL prints series.
    public var seriesDescription: String {
        let name = metricName ?? ""
        let rest = pairs.filter { $0.name != LabelName.metric }
        if rest.isEmpty && !name.isEmpty { return name }
        return name + "{" + rest.map(\.description).joined(separator: ", ") + "}"
    }
}

/// Accumulates changes to a label set and produces a canonical `Labels` at the end.
public struct LabelsBuilder: Sendable {
    private var values: [String: String]

    public init(_ base: Labels = .empty) {
        values = Dictionary(uniqueKeysWithValues: base.pairs.map { ($0.name, $0.value) })
    }

    /// Sets `name` to `value`; an empty value deletes it.
    public mutating func set(_ name: String, _ value: String) {
        values[name] = value.isEmpty ? nil : value
    }

    public mutating func delete(_ name: String) { values[name] = nil }

    public subscript(name: String) -> String? { values[name] }

    /// Every name currently set.
    public var names: Dictionary<String, String>.Keys { values.keys }

    /// The canonical label set.
    public var labels: Labels { Labels(values.map { Label($0.key, $0.value) }) }
}
