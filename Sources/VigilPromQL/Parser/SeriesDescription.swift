import VigilModel

/// One value of a series description.
public enum SeriesValue: Sendable, Hashable {
    /// A float sample.
    case value(Double)
    /// `_`: no sample at this step.
    case omitted
    /// `stale`: a staleness marker (`StaleMarker.value`).
    case stale
    /// `{{…}}`: a native histogram sample.
    case histogram(HistogramLiteral)

    public static func == (a: Self, b: Self) -> Bool {
        switch (a, b) {
        case (.value(let x), .value(let y)): return x.bitPattern == y.bitPattern
        case (.omitted, .omitted), (.stale, .stale): return true
        case (.histogram(let x), .histogram(let y)): return x == y
        default: return false
        }
    }

    public func hash(into hasher: inout Hasher) {
        switch self {
        case .value(let v): hasher.combine(0); hasher.combine(v.bitPattern)
        case .omitted: hasher.combine(1)
        case .stale: hasher.combine(2)
        case .histogram(let h): hasher.combine(3); hasher.combine(h)
        }
    }
}

/// A series with its values, as the `load` blocks of the PromQL test scripts and promtool's
/// `input_series` write it: `metric{a="b"} 0+10x10 _ stale 1x3 -2-1x4`.
public struct SeriesDescription: Sendable, Hashable {
    /// The series' labels, `__name__` included.
    public var labels: Labels
    /// One entry per step, in order; see FORMAT.md §3 for the expansion rules.
    public var values: [SeriesValue]

    /// A description with its expanded values.
    public init(labels: Labels, values: [SeriesValue]) {
        self.labels = labels
        self.values = values
    }
}

extension Parser {
    /// Parses a series description (Prometheus' `ParseSeriesDesc`): a label set, then items
    /// separated by spaces. `v` is one value; `vxN` N+1 copies; `v+dxN` / `v-dxN` N+1 values
    /// stepping by d; `_` one omitted value, `_xN` N of them; `stale` a staleness marker;
    /// `{{…}}`, `{{…}}xN`, `{{A}}+{{B}}xN`, `{{A}}-{{B}}xN` native histograms. Numbers are
    /// decimal (hexadecimal is not recognised here), `Inf`/`NaN` in any case, optionally signed.
    public static func parseSeriesDescription(_ text: String) throws(PromQLError) -> SeriesDescription {
        var scanner = SeriesScanner(text)
        let metricEnd = scanner.endOfMetric()
        let metricText = String(decoding: Array(text.utf8)[..<metricEnd], as: UTF8.self)
        let labels = try parseMetric(metricText)
        scanner.position = metricEnd
        return SeriesDescription(labels: labels, values: try scanner.values())
    }
}

/// Scans the values of a series description.
struct SeriesScanner {
    /// The whole description, for error positions.
    let text: String
    /// Its UTF-8 bytes.
    let bytes: [UInt8]
    /// The offset of the next byte to scan.
    var position = 0

    /// A scanner at the start of `text`.
    init(_ text: String) {
        self.text = text
        self.bytes = Array(text.utf8)
    }

    /// Where the label set ends: after `}` of the first brace group, or after the metric name
    /// when no brace follows it.
    func endOfMetric() -> Int {
        var index = 0
        while index < bytes.count, Lexer.isSpace(bytes[index]) { index += 1 }
        while index < bytes.count, Lexer.isAlphaNumeric(bytes[index]) || bytes[index] == UInt8(ascii: ":") { index += 1 }
        guard index < bytes.count, bytes[index] == UInt8(ascii: "{") else { return index }
        var quote: UInt8?
        var escaped = false
        index += 1
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            if let open = quote {
                if escaped { escaped = false } else if byte == UInt8(ascii: "\\") && open != UInt8(ascii: "`") { escaped = true }
                else if byte == open { quote = nil }
            } else if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") || byte == UInt8(ascii: "`") {
                quote = byte
            } else if byte == UInt8(ascii: "}") {
                return index
            }
        }
        return bytes.count
    }

    // MARK: - Values

    /// Every value after the label set, expanded.
    mutating func values() throws(PromQLError) -> [SeriesValue] {
        var values: [SeriesValue] = []
        while true {
            let before = position
            skipSpaces()
            guard position < bytes.count else { return values }
            // Items are separated by spaces, and the first one from the label set too.
            if position == before { throw failure("unexpected character in series values", at: position) }
            values += try item()
        }
    }

    private mutating func item() throws(PromQLError) -> [SeriesValue] {
        if peek(UInt8(ascii: "_")) {
            position += 1
            guard accept(UInt8(ascii: "x")) else { try endOfItem(); return [.omitted] }
            return Array(repeating: .omitted, count: try repetitions())
        }
        if peek(UInt8(ascii: "{")) {
            return try HistogramScanner.items(&self)
        }
        let start = position
        let first = try signedNumberOrStale()
        if case .stale = first { try endOfItem(); return [.stale] }
        guard case .value(let base) = first else { preconditionFailure("BUG: a number or stale") }
        if accept(UInt8(ascii: "x")) {
            return Array(repeating: .value(base), count: try repetitions() + 1)
        }
        if peek(UInt8(ascii: "+")) || peek(UInt8(ascii: "-")) {
            guard case .value(let delta) = try signedNumberOrStale(requireSign: true) else {
                throw failure("unexpected \"stale\" in series values, expected number", at: start)
            }
            guard accept(UInt8(ascii: "x")) else { throw failure("unexpected end of series item, expected \"x\"", at: position) }
            let count = try repetitions()
            var current = base
            var out: [SeriesValue] = []
            out.reserveCapacity(count + 1)
            for _ in 0...count {
                out.append(.value(current))
                current += delta  // repeated addition, as Prometheus accumulates
            }
            return out
        }
        try endOfItem()
        return [.value(base)]
    }

    /// A (signed) decimal number, `Inf`, `NaN` or `stale`.
    mutating func signedNumberOrStale(requireSign: Bool = false) throws(PromQLError) -> SeriesValue {
        let start = position
        var sign = 1.0
        if accept(UInt8(ascii: "+")) {
        } else if accept(UInt8(ascii: "-")) {
            sign = -1
        } else if requireSign {
            throw failure("expected a sign in series values", at: position)
        }
        let wordStart = position
        if position < bytes.count, Lexer.isAlpha(bytes[position]) {
            while position < bytes.count, Lexer.isAlphaNumeric(bytes[position]) { position += 1 }
            let word = String(decoding: bytes[wordStart..<position], as: UTF8.self)
            switch word.lowercased() {
            case "inf": return .value(sign * .infinity)
            case "nan": return .value(.nan)
            case "stale" where sign == 1 && wordStart == start: return .stale
            default:
                throw failure("unexpected identifier \(GoQuote.string(word)) in series values, expected number or \"stale\"", at: wordStart)
            }
        }
        while position < bytes.count, Lexer.isDigit(bytes[position]) || bytes[position] == UInt8(ascii: ".")
                || bytes[position] == UInt8(ascii: "_") || bytes[position] | 0x20 == UInt8(ascii: "e")
                || ((bytes[position] == UInt8(ascii: "+") || bytes[position] == UInt8(ascii: "-"))
                    && position > wordStart && bytes[position - 1] | 0x20 == UInt8(ascii: "e")) {
            position += 1
        }
        let number = String(decoding: bytes[wordStart..<position], as: UTF8.self)
        guard !number.isEmpty, let value = Literals.goFloat(number) else {
            throw failure("bad number in series values: \(GoQuote.string(number))", at: wordStart)
        }
        return .value(sign * value)
    }

    /// The N of `xN`: a decimal count.
    mutating func repetitions() throws(PromQLError) -> Int {
        let start = position
        while position < bytes.count, Lexer.isDigit(bytes[position]) { position += 1 }
        let digits = String(decoding: bytes[start..<position], as: UTF8.self)
        guard let count = Int(digits), count <= 1_000_000 else {
            throw failure("invalid repetition in series values: \(GoQuote.string(digits))", at: start)
        }
        try endOfItem()
        return count
    }

    /// Requires the end of an item: a space or the end of the text.
    mutating func endOfItem() throws(PromQLError) {
        if position < bytes.count && !Lexer.isSpace(bytes[position]) {
            throw failure("unexpected character in series values: \(GoQuote.string(String(decoding: bytes[position...].prefix(1), as: UTF8.self)))", at: position)
        }
    }

    /// Skips spaces and tabs.
    mutating func skipSpaces() {
        while position < bytes.count, Lexer.isSpace(bytes[position]) { position += 1 }
    }

    /// Whether the next byte is `byte`.
    func peek(_ byte: UInt8) -> Bool { position < bytes.count && bytes[position] == byte }

    /// Consumes `byte` if it is next.
    mutating func accept(_ byte: UInt8) -> Bool {
        guard peek(byte) else { return false }
        position += 1
        return true
    }

    /// A syntax error at `offset`.
    func failure(_ message: String, at offset: Int) -> PromQLError {
        PromQLError(.syntax, message, range: offset..<max(offset, bytes.count), query: text)
    }
}
