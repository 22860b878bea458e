import Foundation
import VigilModel

/// Proves that the dataset never meets the one place where `rate`/`increase` of Prometheus
/// 2.42 and 3.x differ, at any time the plan evaluates the corpus' rate and increase
/// selectors.
///
/// The difference (prometheus#13725, in 2.51): both clamp the extrapolation before the first
/// sample of a counter to where the counter would reach zero (`durationToZero`). 2.42 clamps
/// first and then decides between "extrapolate to the window start" and "extrapolate half a
/// sample interval" against the 1.1 × average-interval threshold; 3.x decides first and clamps
/// after. The answers differ only when the first sample lies a threshold or more after the
/// window start and the zero point lies between half an interval and the threshold before it.
/// Vigil follows 3.x. The check computes both for every selected series and window.
struct RateExtrapolationCheck {
    /// `rate(` or `increase(` of a plain selector, as written in the corpus.
    struct Selector: Hashable, CustomStringConvertible {
        var function: String
        var metric: String
        var matchers: [LabelMatcher]
        var range: Int64
        var offset: Int64
        var at: Timestamp?

        var description: String {
            "\(function)(\(metric){\(matchers.map(\.description).joined(separator: ","))}[\(range)ms] offset \(offset)ms"
                + (at.map { " @ \($0)" } ?? "") + ")"
        }
    }

    /// One window where the two versions disagree.
    struct Divergence: CustomStringConvertible {
        var selector: Selector
        var series: Labels
        var time: Timestamp
        /// The extrapolated increase over the window (rate is this over the range).
        var prometheus2: Double
        var prometheus3: Double

        var description: String {
            "\(selector) of \(series) at \(APIRequest.relative(time)): increase 2.42 \(prometheus2), 3.x \(prometheus3)"
        }
    }

    /// Every `rate(metric{…}[range] offset … @ …)` and `increase(…)` in `queries`; selectors
    /// of subqueries are not plain and are not returned.
    static func selectors(in queries: [String]) -> [Selector] {
        let pattern = #/(?<function>\b(?:rate|increase))\(\s*(?<metric>[a-zA-Z_:][a-zA-Z0-9_:]*)(?<matchers>\{[^}]*\})?\[(?<window>[0-9a-z]+)\](?:\s+offset\s+(?<offset>-?[0-9a-z]+))?(?:\s+@\s+(?<at>[0-9.]+))?\s*\)/#
        var result: [Selector] = []
        var seen: Set<Selector> = []
        for query in queries {
            for match in query.matches(of: pattern) {
                guard let range = try? PromDuration.parse(String(match.window)) else { continue }
                let offset = match.offset.flatMap { text -> Int64? in
                    text.hasPrefix("-") ? (try? PromDuration.parse(String(text.dropFirst()))).map { -$0 } : try? PromDuration.parse(String(text))
                } ?? 0
                guard let matchers = parseMatchers(match.matchers.map(String.init) ?? "") else { continue }
                let at = match.at.flatMap { Double($0) }.map { Timestamp(($0 * 1000).rounded()) }
                let selector = Selector(
                    function: String(match.function), metric: String(match.metric), matchers: matchers, range: range, offset: offset, at: at)
                if seen.insert(selector).inserted { result.append(selector) }
            }
        }
        return result
    }

    /// `{name="v", name!~"re", …}` with double-quoted values without escapes (the corpus'
    /// rate selectors); nil when the text is anything else.
    static func parseMatchers(_ text: String) -> [LabelMatcher]? {
        guard !text.isEmpty else { return [] }
        let inner = text.dropFirst().dropLast()
        var matchers: [LabelMatcher] = []
        let pattern = #/\s*(?<name>[a-zA-Z_][a-zA-Z0-9_]*)\s*(?<op>=~|!~|!=|=)\s*"(?<value>[^"\\]*)"\s*,?/#
        var rest = Substring(inner)
        while !rest.trimmingCharacters(in: .whitespaces).isEmpty {
            guard let match = rest.prefixMatch(of: pattern),
                  let kind = LabelMatcher.Kind(rawValue: String(match.op)),
                  let matcher = try? LabelMatcher(kind, String(match.name), String(match.value))
            else { return nil }
            matchers.append(matcher)
            rest = rest[match.range.upperBound...]
        }
        return matchers
    }

    /// Every evaluation time of the plan: the instants and each step of each range.
    static var evaluationTimes: [Timestamp] {
        var times = EvaluationPlan.instants
        for range in EvaluationPlan.ranges {
            var t = range.start
            while t <= range.end {
                times.append(t)
                t += range.step
            }
        }
        return times
    }

    /// Where 2.42 and 3.x differ, for every selector, selected series and evaluation time.
    static func divergences(
        _ selectors: [Selector], in series: [(labels: Labels, samples: [Sample])], at times: [Timestamp]
    ) -> [Divergence] {
        var result: [Divergence] = []
        for selector in selectors {
            let matchers = selector.matchers + [LabelMatcher.equal(LabelName.metric, selector.metric)]
            for (labels, samples) in series where matchers.allSatisfy({ $0.matches(labels) }) {
                for time in times {
                    let end = (selector.at ?? time) - selector.offset
                    let start = end - selector.range
                    let window = samples[firstIndex(after: start, in: samples)..<firstIndex(after: end, in: samples)]
                    // Only a first sample a threshold or more after the window start can differ
                    // (computed as `extrapolatedIncrease` computes it, to the last bit).
                    guard window.count >= 2, let first = window.first, let last = window.last,
                          Double(first.t - start) / 1000 >= Double(last.t - first.t) / 1000 / Double(window.count - 1) * 1.1
                    else { continue }
                    guard let old = extrapolatedIncrease(window, start, end, zeroClampFirst: true),
                          let new = extrapolatedIncrease(window, start, end, zeroClampFirst: false)
                    else { continue }
                    if !ResultComparator.same(old, new) {
                        result.append(Divergence(selector: selector, series: labels, time: time, prometheus2: old, prometheus3: new))
                    }
                }
            }
        }
        return result
    }

    /// The index of the first sample after `t` (binary search; samples are in time order).
    private static func firstIndex(after t: Timestamp, in samples: [Sample]) -> Int {
        var low = 0
        var high = samples.count
        while low < high {
            let middle = (low + high) / 2
            if samples[middle].t <= t { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// `increase` over `window` (whose samples lie in (start, end]) as Prometheus computes it:
    /// 2.42 when `zeroClampFirst`, else 3.x. Nil for fewer than two samples.
    static func extrapolatedIncrease(_ window: ArraySlice<Sample>, _ start: Timestamp, _ end: Timestamp, zeroClampFirst: Bool) -> Double? {
        guard window.count >= 2, let first = window.first, let last = window.last else { return nil }
        var result = last.v - first.v
        for (previous, sample) in zip(window, window.dropFirst()) where sample.v < previous.v { result += previous.v }
        var toStart = Double(first.t - start) / 1000
        var toEnd = Double(end - last.t) / 1000
        let sampled = Double(last.t - first.t) / 1000
        let average = sampled / Double(window.count - 1)
        let threshold = average * 1.1
        let toZero = result > 0 && first.v >= 0 ? sampled * (first.v / result) : Double.infinity
        if zeroClampFirst {
            toStart = min(toStart, toZero)
            if toStart >= threshold { toStart = average / 2 }
        } else {
            if toStart >= threshold { toStart = average / 2 }
            toStart = min(toStart, toZero)
        }
        if toEnd >= threshold { toEnd = average / 2 }
        return result * (sampled + toStart + toEnd) / sampled
    }
}
