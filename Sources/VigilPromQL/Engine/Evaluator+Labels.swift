import VigilModel

extension Evaluator {
    /// `label_replace(v, dst, replacement, src, regex)`: where `regex` matches the whole
    /// value of `src`, sets `dst` to the expanded replacement.
    func labelReplace(_ c: CallNode) throws(PromQLError) -> [EvalSeries] {
        let destination = string(c.args[1])
        let replacement = string(c.args[2])
        let source = string(c.args[3])
        let pattern = string(c.args[4])
        let regex: LabelRegex
        do { regex = try LabelRegex(pattern) } catch {
            throw EvaluationError.execution("invalid regular expression in label_replace(): \(pattern)")
        }
        guard labelName(c.args[1]) != nil else {
            throw EvaluationError.execution("invalid destination label name in label_replace(): \(destination)")
        }
        var series = try vector(c.args[0])
        var cache: [String: String?] = [:]
        for index in series.indices {
            let value = series[index].labels[source] ?? ""
            let expanded: String?
            if let known = cache[value] {
                expanded = known
            } else {
                expanded = regex.expand(replacement, matching: value)
                cache[value] = expanded
            }
            guard let expanded else { continue }
            series[index].labels = series[index].labels.setting(destination, to: expanded)
            if destination == LabelName.metric { series[index].dropName = false }
        }
        return try mergeSameLabels(series)
    }

    /// `label_join(v, dst, separator, src...)`: sets `dst` to the values of the sources joined.
    func labelJoin(_ c: CallNode) throws(PromQLError) -> [EvalSeries] {
        let destination = string(c.args[1])
        let separator = string(c.args[2])
        let sources = c.args.dropFirst(3).map { string($0) }
        for arg in c.args.dropFirst(3) where labelName(arg) == nil {
            throw EvaluationError.execution("invalid source label name in label_join(): \(string(arg))")
        }
        guard labelName(c.args[1]) != nil else {
            throw EvaluationError.execution("invalid destination label name in label_join(): \(destination)")
        }
        var series = try vector(c.args[0])
        for index in series.indices {
            let joined = sources.map { series[index].labels[$0] ?? "" }.joined(separator: separator)
            series[index].labels = series[index].labels.setting(destination, to: joined)
            if destination == LabelName.metric { series[index].dropName = false }
        }
        return try mergeSameLabels(series)
    }

    /// `sort`, `sort_desc`, `sort_by_label`, `sort_by_label_desc`. Only an instant query's
    /// vector keeps an order; a range query gets a warning that sorting is ineffective.
    func sort(_ c: CallNode) throws(PromQLError) -> [EvalSeries] {
        var series = try vector(c.args[0])
        guard grid.isInstant else {
            state.annotations.add(
                .warning, "sort is ineffective for range queries since results are always ordered by labels", c.range)
            return series
        }
        switch c.name {
        case "sort":
            // Ascending, NaN last.
            GoSort.sort(&series) { a, b in
                let (x, y) = (a.points[0].v, b.points[0].v)
                return y.isNaN ? !x.isNaN : x < y
            }
        case "sort_desc":
            // Descending, NaN last.
            GoSort.sort(&series) { a, b in
                let (x, y) = (a.points[0].v, b.points[0].v)
                return y.isNaN ? !x.isNaN : x > y
            }
        default:
            let names = c.args.dropFirst().map { string($0) }
            let descending = c.name == "sort_by_label_desc"
            series.sort { a, b in
                for name in names {
                    let x = a.labels[name] ?? ""
                    let y = b.labels[name] ?? ""
                    if x == y { continue }
                    return NaturalOrder.precedes(x, y) != descending
                }
                return descending ? b.labels < a.labels : a.labels < b.labels
            }
        }
        return series
    }
}

/// The natural order of `sort_by_label` (github.com/facette/natsort as Prometheus vendors
/// it): strings split into runs of digits and non-digits, digit runs compared as numbers.
enum NaturalOrder {
    static func precedes(_ a: String, _ b: String) -> Bool {
        let chunksA = chunks(a)
        let chunksB = chunks(b)
        for i in chunksA.indices {
            guard i < chunksB.count else { return false }
            let (x, y) = (chunksA[i], chunksB[i])
            if let xi = Int64(x), let yi = Int64(y), x.first?.isASCIIDigit == true, y.first?.isASCIIDigit == true {
                if xi != yi { return xi < yi }
            } else if x != y {
                return x.utf8.lexicographicallyPrecedes(y.utf8)
            }
            if i == chunksA.count - 1 { return true }
            if i == chunksB.count - 1 { return false }
        }
        return false
    }

    private static func chunks(_ s: String) -> [Substring] {
        var out: [Substring] = []
        var start = s.startIndex
        var index = s.startIndex
        while index < s.endIndex {
            let digit = s[index].isASCIIDigit
            var end = s.index(after: index)
            while end < s.endIndex && s[end].isASCIIDigit == digit { end = s.index(after: end) }
            out.append(s[start..<end])
            start = end
            index = end
        }
        return out
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isWholeNumber }
}
