import VigilModel

/// Decides whether two API answers to the same request are the same answer, and if not,
/// says where they first differ in one or two lines.
///
/// The same answer means: both errors of the same `errorType` (messages may differ), or the
/// same result type; for vectors the same label sets with the same values (order compared
/// only where it is defined: instant `sort`/`sort_desc`, and there only value by value, so
/// ties may come in any order); for `query_range` matrices the same label sets in the same
/// (sorted) order, for instant-query matrices the same label sets in any order, and in both
/// the same timestamps with the same values. Values are the same when both are NaN, equal
/// infinities, or within 1e-9 relative (so a zero must be exactly zero, sign included); subnormal values
/// (below 2.2e-308, fewer than 53 significant bits) compare equal to each other and to zero.
/// Every candidate value must also be spelled as Prometheus spells it (`1e-07`, not
/// `0.0000001`). A top-level `topk`/`bottomk` whose series differ still agrees when, at
/// every time, the values are the same: which of several equal values is kept depends on
/// the heap updates, and 2.42 (`heap.Pop` + `heap.Push`) and 3.x (overwrite the root and
/// `heap.Fix`) keep different ones. Warnings are ignored.
struct ResultComparator {
    /// Names for reports, e.g. "prometheus" and "vigil".
    var referenceName: String
    var candidateName: String

    /// Nil when the answers agree, else what differs first.
    func difference(_ request: APIRequest, reference: APIResponse, candidate: APIResponse) -> String? {
        switch (reference.outcome, candidate.outcome) {
        case (.failure(let expected, let expectedMessage), .failure(let got, let gotMessage)):
            guard expected == got else {
                return "errorType \(expected) (\(expectedMessage)) vs \(got) (\(gotMessage))"
            }
            return nil
        case (.failure(let type, let message), .success(let data)):
            return "\(referenceName) fails with \(type): \(message); \(candidateName) answers a \(data.typeName)"
        case (.success(let data), .failure(let type, let message)):
            return "\(referenceName) answers a \(data.typeName); \(candidateName) fails with \(type): \(message)"
        case (.success(let expected), .success(let got)):
            return difference(request, expected, got)
        }
    }

    private func difference(_ request: APIRequest, _ expected: APIData, _ got: APIData) -> String? {
        switch (expected, got) {
        case (.scalar(let a), .scalar(let b)):
            return pointDifference(a, b).map { "scalar: \($0)" }
        case (.string(let ta, let a), .string(let tb, let b)):
            return ta == tb && a == b ? nil : "string: \(quoted(a))@\(ta) vs \(quoted(b))@\(tb)"
        case (.vector(let a), .vector(let b)):
            let difference = seriesDifference(a, b, ordered: false) ?? (request.hasOrderedVector ? orderDifference(a, b) : nil)
            return difference.flatMap { request.selectsAmongTies ? tieDifference(a, b, first: $0) : $0 }
        case (.matrix(let a), .matrix(let b)):
            var ordered = false
            if case .range = request { ordered = true }
            let difference = seriesDifference(a, b, ordered: ordered)
            return difference.flatMap { request.selectsAmongTies ? tieDifference(a, b, first: $0) : $0 }
        case (.labelSets(let a), .labelSets(let b)):
            return setDifference(a, b, what: "series")
        case (.strings(let a), .strings(let b)):
            guard a != b else { return nil }
            if Set(a) == Set(b) { return "same strings in another order: \(a.prefix(8)) vs \(b.prefix(8))" }
            return "strings: missing \(Array(Set(a).subtracting(b)).sorted().prefix(5).map(quoted)), "
                + "extra \(Array(Set(b).subtracting(a)).sorted().prefix(5).map(quoted))"
        default:
            return "result type \(expected.typeName) vs \(got.typeName)"
        }
    }

    /// Same label sets (no duplicates), each with the same points; with `ordered`, also in
    /// the same order.
    private func seriesDifference(_ expected: [APISeries], _ got: [APISeries], ordered: Bool) -> String? {
        if let duplicate = firstDuplicate(got.map(\.labels)) {
            return "\(candidateName) returns \(duplicate) twice"
        }
        if let problem = setDifference(expected.map(\.labels), got.map(\.labels), what: "series") {
            return "\(problem) (\(expected.count) vs \(got.count) series)"
        }
        let byLabels = Dictionary(got.map { ($0.labels, $0) }, uniquingKeysWith: { first, _ in first })
        for series in expected {
            let other = byLabels[series.labels]!
            if let problem = pointsDifference(series.points, other.points) {
                return "\(series.labels): \(problem)"
            }
        }
        if ordered {
            for (index, (a, b)) in zip(expected, got).enumerated() where a.labels != b.labels {
                return "order differs at \(index): \(referenceName) \(a.labels), \(candidateName) \(b.labels)"
            }
        }
        return nil
    }

    /// For `sort`/`sort_desc`: the values in answer order must match position by position.
    private func orderDifference(_ expected: [APISeries], _ got: [APISeries]) -> String? {
        for (index, (a, b)) in zip(expected, got).enumerated() where !Self.same(a.points[0].v, b.points[0].v) {
            return "order differs at \(index): \(referenceName) \(a.labels)=\(a.points[0].text), "
                + "\(candidateName) \(b.labels)=\(b.points[0].text)"
        }
        return nil
    }

    /// For `topk`/`bottomk`: the same values at every time, whichever series carry them.
    private func tieDifference(_ expected: [APISeries], _ got: [APISeries], first: String) -> String? {
        func valuesByTime(_ series: [APISeries]) -> [Timestamp: [Double]] {
            var result: [Timestamp: [Double]] = [:]
            for point in series.flatMap(\.points) { result[point.t, default: []].append(point.v) }
            // NaN last, so that sorted lists line up.
            return result.mapValues { $0.sorted { !$0.isNaN && ($1.isNaN || $0 < $1) } }
        }
        let a = valuesByTime(expected)
        let b = valuesByTime(got)
        for t in Set(a.keys).union(b.keys).sorted() {
            let x = a[t] ?? []
            let y = b[t] ?? []
            if x.count != y.count || zip(x, y).contains(where: { !Self.same($0, $1) }) {
                return "\(first); the values differ too at \(RelativeTime(t)): \(x.prefix(6)) vs \(y.prefix(6))"
            }
        }
        for series in got {
            if let problem = spellingDifference(series.points) { return problem }
        }
        return nil
    }

    private func pointsDifference(_ expected: [APIPoint], _ got: [APIPoint]) -> String? {
        for (a, b) in zip(expected, got) {
            if let problem = pointDifference(a, b) { return problem }
        }
        guard expected.count == got.count else {
            let extra = expected.count > got.count ? expected[got.count] : got[expected.count]
            return "\(expected.count) vs \(got.count) points; first unmatched at \(RelativeTime(extra.t))"
        }
        return nil
    }

    private func pointDifference(_ a: APIPoint, _ b: APIPoint) -> String? {
        guard a.t == b.t else { return "point time \(RelativeTime(a.t)) vs \(RelativeTime(b.t))" }
        guard Self.same(a.v, b.v) else {
            return "at \(RelativeTime(a.t)): \(referenceName) \(a.text) vs \(candidateName) \(b.text)"
        }
        if let problem = spellingDifference([a]) {
            // The reference itself: PrometheusFloatText is wrong, not the candidate.
            return "harness check failed, \(referenceName) " + problem.dropFirst(Self.spellingPrefix.count)
        }
        return spellingDifference([b])
    }

    /// Marks differences that only concern how a value is written; reports gather them
    /// (see `isSpellingOnly`).
    static let spellingPrefix = "spelling: "

    /// Whether `difference` is only about how a value is written.
    static func isSpellingOnly(_ difference: String) -> Bool {
        difference.contains(spellingPrefix)
    }

    /// A value not spelled the way Prometheus spells it.
    private func spellingDifference(_ points: [APIPoint]) -> String? {
        for point in points where point.text != PrometheusFloatText.spelling(point.v) {
            return Self.spellingPrefix + "at \(RelativeTime(point.t)): value spelled \(point.text.prefix(60))\(point.text.count > 60 ? "…" : ""), "
                + "Prometheus spells it \(PrometheusFloatText.spelling(point.v))"
        }
        return nil
    }

    private func setDifference(_ expected: [LabelSet], _ got: [LabelSet], what: String) -> String? {
        let a = Set(expected)
        let b = Set(got)
        guard a != b else { return nil }
        let missing = a.subtracting(b).sorted()
        let extra = b.subtracting(a).sorted()
        var parts: [String] = []
        if let first = missing.first { parts.append("\(missing.count) \(what) missing in \(candidateName), first \(first)") }
        if let first = extra.first { parts.append("\(extra.count) extra in \(candidateName), first \(first)") }
        return parts.joined(separator: "; ")
    }

    private func firstDuplicate(_ labels: [LabelSet]) -> LabelSet? {
        var seen: Set<LabelSet> = []
        return labels.first { !seen.insert($0).inserted }
    }

    private func quoted(_ text: String) -> String { LabelValue.quoted(text) }

    /// Both NaN, equal (infinities included, zeros of the same sign), both subnormal, or
    /// within 1e-9 relative.
    static func same(_ a: Double, _ b: Double) -> Bool {
        if a.isNaN || b.isNaN { return a.isNaN && b.isNaN }
        // Prometheus prints the sign of a zero ("-0"): it is part of the answer.
        if a == 0, b == 0 { return a.sign == b.sign }
        if a == b { return true }
        if a.isInfinite || b.isInfinite { return false }
        if abs(a) < Double.leastNormalMagnitude, abs(b) < Double.leastNormalMagnitude { return true }
        return abs(a - b) <= 1e-9 * max(abs(a), abs(b))
    }
}

/// A timestamp printed relative to the dataset start, for reports.
struct RelativeTime: CustomStringConvertible {
    var t: Timestamp
    init(_ t: Timestamp) { self.t = t }
    var description: String { APIRequest.relative(t) }
}
