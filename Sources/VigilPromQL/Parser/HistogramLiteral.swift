import VigilModel

/// A native histogram written in a series description: `{{schema:1 sum:3 count:2 buckets:[1 1]}}`
/// (FORMAT.md §3). Buckets are absolute counts of one contiguous span starting at the offset.
public struct HistogramLiteral: Sendable, Hashable {
    /// Prometheus' counter-reset hints.
    public enum CounterResetHint: String, Sendable, Hashable {
        case unknown, reset = "reset", notReset = "not_reset", gauge
    }

    /// -4…8 exponential; -53 custom buckets.
    public var schema: Int32 = 0
    /// `sum:` (0 when absent), like every field below.
    public var sum: Double = 0
    /// `count:`, not derived from the buckets.
    public var count: Double = 0
    /// `z_bucket:`
    public var zeroCount: Double = 0
    /// `z_bucket_w:`
    public var zeroThreshold: Double = 0
    /// `offset:`, the index of the first positive bucket.
    public var positiveOffset: Int32 = 0
    /// `buckets:`, absolute counts.
    public var positiveBuckets: [Double] = []
    /// `n_offset:`
    public var negativeOffset: Int32 = 0
    /// `n_buckets:`, absolute counts.
    public var negativeBuckets: [Double] = []
    /// Upper bounds of the custom buckets (schema -53), `+Inf` implied.
    public var customValues: [Double] = []
    /// `counter_reset_hint:`
    public var counterResetHint: CounterResetHint = .unknown
    /// Whether the literal spelled `counter_reset_hint:` out (only then is it compared).
    public var counterResetHintSet = false

    /// An empty histogram (`{{}}`).
    public init() {}

    /// The custom-buckets schema.
    public static let customBucketsSchema: Int32 = -53
}

/// Scans `{{…}}` items of a series description.
enum HistogramScanner {
    /// `{{A}}`, `{{A}}xN`, `{{A}}+{{B}}xN` or `{{A}}-{{B}}xN`.
    static func items(_ scanner: inout SeriesScanner) throws(PromQLError) -> [SeriesValue] {
        let base = try literal(&scanner)
        if scanner.accept(UInt8(ascii: "x")) {
            return Array(repeating: .histogram(base), count: try scanner.repetitions() + 1)
        }
        let subtract: Bool
        if scanner.accept(UInt8(ascii: "+")) { subtract = false }
        else if scanner.accept(UInt8(ascii: "-")) { subtract = true }
        else {
            try scanner.endOfItem()
            return [.histogram(base)]
        }
        let increment = try literal(&scanner)
        guard scanner.accept(UInt8(ascii: "x")) else {
            throw scanner.failure("unexpected end of histogram series item, expected \"x\"", at: scanner.position)
        }
        let count = try scanner.repetitions()
        var out: [SeriesValue] = []
        var current = base
        current.counterResetHintSet = increment.counterResetHintSet
        out.append(.histogram(current))
        for _ in 0..<count {
            guard current.schema <= increment.schema else {
                let message = "error combining histograms: cannot merge from schema \(increment.schema) to \(current.schema)"
                throw scanner.failure(message, at: scanner.position)
            }
            guard let next = combine(current, increment, subtract: subtract) else {
                throw scanner.failure("error combining histograms: incompatible custom bucket bounds", at: scanner.position)
            }
            current = next
            out.append(.histogram(current))
        }
        return out
    }

    /// One `{{key:value …}}`.
    private static func literal(_ scanner: inout SeriesScanner) throws(PromQLError) -> HistogramLiteral {
        let start = scanner.position
        guard scanner.accept(UInt8(ascii: "{")), scanner.accept(UInt8(ascii: "{")) else {
            throw scanner.failure("unexpected character in series values, expected \"{{\"", at: start)
        }
        var histogram = HistogramLiteral()
        var seen: Set<String> = []
        while true {
            scanner.skipSpaces()
            if scanner.accept(UInt8(ascii: "}")) {
                guard scanner.accept(UInt8(ascii: "}")) else {
                    throw scanner.failure("histogram description incomplete unexpected: \"}\"", at: scanner.position)
                }
                return histogram
            }
            let keyStart = scanner.position
            while scanner.position < scanner.bytes.count, Lexer.isAlpha(scanner.bytes[scanner.position]) {
                scanner.position += 1
            }
            let key = String(decoding: scanner.bytes[keyStart..<scanner.position], as: UTF8.self)
            guard !key.isEmpty else {
                throw scanner.failure("histogram description incomplete", at: keyStart)
            }
            guard scanner.accept(UInt8(ascii: ":")) else {
                throw scanner.failure("missing `:` for histogram descriptor", at: keyStart)
            }
            guard seen.insert(key).inserted else {
                throw scanner.failure("duplicate key \"\(key)\" in histogram", at: keyStart)
            }
            switch key {
            case "schema": histogram.schema = Int32(clamping: try integer(&scanner))
            case "sum": histogram.sum = try number(&scanner)
            case "count": histogram.count = try number(&scanner)
            case "z_bucket": histogram.zeroCount = try number(&scanner)
            case "z_bucket_w": histogram.zeroThreshold = try number(&scanner)
            case "offset": histogram.positiveOffset = Int32(clamping: try integer(&scanner))
            case "n_offset": histogram.negativeOffset = Int32(clamping: try integer(&scanner))
            case "buckets": histogram.positiveBuckets = try numberList(&scanner)
            case "n_buckets": histogram.negativeBuckets = try numberList(&scanner)
            case "custom_values": histogram.customValues = try numberList(&scanner)
            case "counter_reset_hint":
                let wordStart = scanner.position
                while scanner.position < scanner.bytes.count, Lexer.isAlpha(scanner.bytes[scanner.position]) {
                    scanner.position += 1
                }
                let word = String(decoding: scanner.bytes[wordStart..<scanner.position], as: UTF8.self)
                guard let hint = HistogramLiteral.CounterResetHint(rawValue: word.lowercased()) else {
                    throw scanner.failure("bad histogram descriptor found: \(GoQuote.string(word))", at: wordStart)
                }
                histogram.counterResetHint = hint
                histogram.counterResetHintSet = true
            default:
                throw scanner.failure("bad histogram descriptor found: \(GoQuote.string(key))", at: keyStart)
            }
        }
    }

    private static func number(_ scanner: inout SeriesScanner) throws(PromQLError) -> Double {
        let start = scanner.position
        guard case .value(let value) = try scanner.signedNumberOrStale() else {
            throw scanner.failure("unexpected \"stale\" in histogram description, expected number", at: start)
        }
        return value
    }

    private static func integer(_ scanner: inout SeriesScanner) throws(PromQLError) -> Int64 {
        let start = scanner.position
        let negative = scanner.accept(UInt8(ascii: "-"))
        let digitsStart = scanner.position
        while scanner.position < scanner.bytes.count, Lexer.isDigit(scanner.bytes[scanner.position]) { scanner.position += 1 }
        guard let value = Int64(String(decoding: scanner.bytes[digitsStart..<scanner.position], as: UTF8.self)) else {
            throw scanner.failure("bad integer in histogram description", at: start)
        }
        return negative ? -value : value
    }

    private static func numberList(_ scanner: inout SeriesScanner) throws(PromQLError) -> [Double] {
        guard scanner.accept(UInt8(ascii: "[")) else {
            throw scanner.failure("unexpected character in histogram description, expected \"[\"", at: scanner.position)
        }
        var values: [Double] = []
        while true {
            scanner.skipSpaces()
            if scanner.accept(UInt8(ascii: "]")) { return values }
            values.append(try number(&scanner))
        }
    }

    // MARK: - Arithmetic

    /// `a + b` or `a - b` in `a`'s schema (b's buckets merged down when its schema is finer);
    /// nil when custom bucket bounds differ.
    static func combine(_ a: HistogramLiteral, _ b: HistogramLiteral, subtract: Bool) -> HistogramLiteral? {
        let sign = subtract ? -1.0 : 1.0
        var result = a
        if a.schema == HistogramLiteral.customBucketsSchema || b.schema == HistogramLiteral.customBucketsSchema {
            guard a.schema == b.schema, a.customValues == b.customValues else { return nil }
        }
        result.count = a.count + sign * b.count
        result.sum = a.sum + sign * b.sum
        result.zeroCount = a.zeroCount + sign * b.zeroCount
        result.zeroThreshold = max(a.zeroThreshold, b.zeroThreshold)
        let delta = b.schema == HistogramLiteral.customBucketsSchema ? 0 : Int(b.schema - a.schema)
        (result.positiveOffset, result.positiveBuckets) = merge(
            (a.positiveOffset, a.positiveBuckets), (b.positiveOffset, b.positiveBuckets), delta: delta, sign: sign)
        (result.negativeOffset, result.negativeBuckets) = merge(
            (a.negativeOffset, a.negativeBuckets), (b.negativeOffset, b.negativeBuckets), delta: delta, sign: sign)
        // Hints combine as in histogram addition: equal ones stay, gauge wins, otherwise unknown.
        if a.counterResetHint == b.counterResetHint {
            result.counterResetHint = a.counterResetHint
        } else if a.counterResetHint == .gauge || b.counterResetHint == .gauge {
            result.counterResetHint = .gauge
        } else {
            result.counterResetHint = .unknown
        }
        result.counterResetHintSet = b.counterResetHintSet
        return result
    }

    private static func merge(
        _ a: (offset: Int32, buckets: [Double]), _ b: (offset: Int32, buckets: [Double]), delta: Int, sign: Double
    ) -> (Int32, [Double]) {
        var counts: [Int: Double] = [:]
        for (index, count) in a.buckets.enumerated() { counts[Int(a.offset) + index, default: 0] += count }
        for (index, count) in b.buckets.enumerated() {
            let source = Int(b.offset) + index
            // Bucket i of a finer schema falls into bucket ((i - 1) >> delta) + 1 of a coarser one.
            let target = delta > 0 ? ((source - 1) >> delta) + 1 : source
            counts[target, default: 0] += sign * count
        }
        guard let low = counts.keys.min(), let high = counts.keys.max() else { return (0, []) }
        return (Int32(low), (low...high).map { counts[$0] ?? 0 })
    }
}
