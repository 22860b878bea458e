import Testing
@testable import VigilPromQL

/// Random token soup (fixed seed, bounded count) never crashes the parser, and whatever parses
/// prints to text that parses to the same tree.
@Suite struct ParserFuzzTests {
    static let fragments = [
        "foo", "bar", "sum", "by", "without", "on", "ignoring", "group_left", "group_right", "bool", "offset", "@",
        "start()", "end()", "step()", "range()", "anchored", "smoothed", "fill", "fill_left", "fill_right",
        "(", ")", "{", "}", "[", "]", ",", ":", "=", "!=", "=~", "!~", "==", ">", "<", ">=", "<=", "</", ">/",
        "+", "-", "*", "/", "%", "^", "and", "or", "unless", "atan2", "1", "0x1F", "1e3", ".5", "Inf", "NaN",
        "5m", "1h30m", "1.5", "\"a\"", "'b'", "`c`", "\"\\u00e9\"", "rate", "topk", "count_values", "quantile",
        "limitk", "abs", "label_join", "min_of", "max_of", "#c\n", " ", "\n", "a=\"b\"", "\"weird.name\"",
        "\u{00e9}", "\\", "\"", "_", "x", "0", "-1",
    ]

    @Test func randomTokenSoup() {
        var random = SplitMix64(seed: 0x5EED)
        var parsed = 0
        for _ in 0..<5000 {
            let count = Int(random.next() % 12) + 1
            var query = ""
            for _ in 0..<count {
                query += Self.fragments[Int(random.next() % UInt64(Self.fragments.count))]
                if random.next() % 3 == 0 { query += " " }
            }
            guard let expr = try? Parser.parse(query) else { continue }
            parsed += 1
            let printed = expr.description
            do {
                let reparsed = try Parser.parse(printed)
                #expect(reparsed.withoutRanges == expr.withoutRanges, "\(query) printed as \(printed)")
                _ = try Parser.parse(expr.prettified(maxLineWidth: 10))
            } catch {
                Issue.record("\(query) printed as \(printed) fails: \(error)")
            }
        }
        #expect(parsed > 50)
    }

    @Test func randomBytes() {
        var random = SplitMix64(seed: 42)
        for _ in 0..<3000 {
            let bytes = (0..<Int(random.next() % 40)).map { _ in UInt8(truncatingIfNeeded: random.next()) }
            let query = String(decoding: bytes, as: UTF8.self)
            _ = try? Parser.parse(query)
            _ = try? Parser.parseSeriesDescription(query)
            _ = try? Parser.parseMetric(query)
            _ = try? Parser.parseSelector(query)
        }
    }
}

/// A small deterministic generator (SplitMix64).
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
