import VigilModel

// OpenMetrics 1.0 text, read as Prometheus' `OpenMetricsParser` (openmetricslex.l) reads
// it: single spaces, no blank lines, no comments, HELP/TYPE/UNIT, float-second timestamps,
// exemplars, and a final `# EOF`.
extension ExpositionParser {
    mutating func readOpenMetrics(_ buffer: UnsafeRawBufferPointer) throws(ExpositionError) -> ExpositionEntry? {
        let end = buffer.count
        let i = offset
        guard i < end else { throw error(buffer, at: i, "data does not end with # EOF") }
        let byte = buffer[i]
        if byte == Byte.hash {
            return try readOpenMetricsHashLine(buffer)
        }
        if Byte.isMetricNameStart(byte) || byte == Byte.braceOpen {
            return .sample(try readOpenMetricsSample(buffer))
        }
        throw error(buffer, at: i, "expected a valid start token, got \(buffer.describe(at: i))")
    }

    /// `# HELP`, `# TYPE`, `# UNIT` or `# EOF`.
    private mutating func readOpenMetricsHashLine(_ buffer: UnsafeRawBufferPointer) throws(ExpositionError) -> ExpositionEntry? {
        let start = offset
        let keyword = start + 2
        guard buffer.hasPrefix(at: start, "# ") else {
            throw error(buffer, at: start, "expected a valid start token, got \"#\" (OpenMetrics has no comments)")
        }
        if buffer.hasPrefix(at: keyword, "EOF") {
            var after = keyword + 3
            if after < buffer.count, buffer[after] == Byte.newline { after += 1 }
            guard after == buffer.count else { throw error(buffer, at: after, "unexpected data after # EOF") }
            offset = after
            return .eof
        }
        let what: String
        if buffer.hasPrefix(at: keyword, "HELP ") {
            what = "HELP"
        } else if buffer.hasPrefix(at: keyword, "TYPE ") {
            what = "TYPE"
        } else if buffer.hasPrefix(at: keyword, "UNIT ") {
            what = "UNIT"
        } else {
            throw error(buffer, at: keyword, "expected HELP, TYPE, UNIT or EOF after \"# \" (OpenMetrics has no comments)")
        }
        let (family, nameEnd) = try readMetadataName(buffer, at: keyword + 5, after: what, allowNewline: false)
        let lineEnd = buffer.lineEnd(from: nameEnd)
        // `{S}{C}*\n`: one space, the text, and a newline that must be there.
        guard nameEnd < buffer.count, buffer[nameEnd] == Byte.space, lineEnd < buffer.count else {
            throw error(buffer, at: nameEnd, "expected text in \(what)")
        }
        let text = (nameEnd + 1)..<lineEnd
        offset = lineEnd + 1
        switch what {
        case "HELP":
            guard buffer.isValidUTF8(text) else {
                throw error(buffer, at: text.lowerBound, "help text \(GoQuote.bytes(Array(UnsafeRawBufferPointer(rebasing: buffer[text])))) is not a valid utf8 string")
            }
            // OpenMetrics escapes HELP like label values.
            return .help(family: family, text: buffer.unescaped(text))
        case "TYPE":
            guard let type = Self.openMetricsType(buffer, text) else {
                throw error(buffer, at: text.lowerBound, "invalid metric type \(GoQuote.bytes(Array(UnsafeRawBufferPointer(rebasing: buffer[text]))))")
            }
            return .type(family: family, type: type)
        default:
            let unit = buffer.string(text)
            if !unit.isEmpty {
                // As Prometheus: the family name must end in `_UNIT`.
                guard family.utf8.count > unit.utf8.count, family.hasSuffix("_" + unit) else {
                    throw error(buffer, at: text.lowerBound, "unit \(GoQuote.string(unit)) not a suffix of metric \(GoQuote.string(family))")
                }
            }
            return .unit(family: family, unit: unit)
        }
    }

    private static func openMetricsType(_ buffer: UnsafeRawBufferPointer, _ text: Range<Int>) -> MetricType? {
        for type in MetricType.allCases where buffer.bytesEqual(text, type.openMetricsName) {
            return type
        }
        return nil
    }

    /// `name{labels} value[ timestamp][ # {labels} value[ timestamp]]`, single spaces.
    private mutating func readOpenMetricsSample(_ buffer: UnsafeRawBufferPointer) throws(ExpositionError) -> ExpositionSample {
        let end = buffer.count
        let start = offset
        var i = start
        spans.reset()
        if Byte.isMetricNameStart(buffer[i]) {
            i += 1
            while i < end, Byte.isMetricNameByte(buffer[i]) { i += 1 }
            spans.name = start..<i
            if i < end, buffer[i] == Byte.braceOpen {
                i = try readOpenMetricsLabels(buffer, from: i + 1, exemplar: false)
            }
        } else {
            i = try readOpenMetricsLabels(buffer, from: i + 1, exemplar: false)
        }
        spans.series = start..<i
        guard spans.name != nil else {
            throw error(buffer, at: start, "metric name not set while parsing: \(GoQuote.bytes(Array(UnsafeRawBufferPointer(rebasing: buffer[start..<i]))))")
        }
        if spans.labels.count > 0 { try checkUniqueLabelNames(buffer, lineStart: start) }

        let value = try parseValue(buffer, try field(buffer, at: i, "expected value after metric"))
        i = buffer.field(after: i).upperBound
        var timestamp: Timestamp?
        if try !atLineEnd(buffer, i), !isExemplarStart(buffer, i) {
            let range = try field(buffer, at: i, "expected timestamp or exemplar")
            timestamp = try parseSeconds(buffer, range, what: "timestamp")
            i = range.upperBound
            if try !atLineEnd(buffer, i), !isExemplarStart(buffer, i) {
                throw error(buffer, at: i, "expected next entry after timestamp, got \(buffer.describe(at: i))")
            }
        }
        if isExemplarStart(buffer, i) {
            i = try readExemplar(buffer, from: i + 4)
        }
        offset = i + 1
        return ExpositionSample(series: spans.series, value: value, timestamp: timestamp, hasExemplar: spans.hasExemplar)
    }

    /// ` # {labels} value[ timestamp]` after the `{`; returns the offset of the newline.
    private mutating func readExemplar(_ buffer: UnsafeRawBufferPointer, from start: Int) throws(ExpositionError) -> Int {
        var i = try readOpenMetricsLabels(buffer, from: start, exemplar: true)
        let valueRange = try field(buffer, at: i, "expected value after exemplar labels")
        spans.exemplarValue = try parseValue(buffer, valueRange)
        i = valueRange.upperBound
        spans.exemplarTimestamp = nil
        if try !atLineEnd(buffer, i) {
            let range = try field(buffer, at: i, "expected timestamp or new record after exemplar value")
            spans.exemplarTimestamp = try parseSeconds(buffer, range, what: "exemplar timestamp")
            i = range.upperBound
            guard try atLineEnd(buffer, i) else {
                throw error(buffer, at: i, "expected next entry after exemplar timestamp, got \(buffer.describe(at: i))")
            }
        }
        spans.hasExemplar = true
        return i
    }

    /// Whether `i` is at the newline ending a sample line; the end of the input there is
    /// an error, as the `# EOF` line is missing.
    private func atLineEnd(_ buffer: UnsafeRawBufferPointer, _ i: Int) throws(ExpositionError) -> Bool {
        guard i < buffer.count else { throw error(buffer, at: i, "data does not end with # EOF") }
        return buffer[i] == Byte.newline
    }

    private func isExemplarStart(_ buffer: UnsafeRawBufferPointer, _ i: Int) -> Bool {
        buffer.hasPrefix(at: i, " # {")
    }

    /// The `{S}[^ \n]+` token at `i`: one space, then at least one byte that is neither a
    /// space nor a newline. Returns the range after the space.
    private func field(_ buffer: UnsafeRawBufferPointer, at i: Int, _ expected: String) throws(ExpositionError) -> Range<Int> {
        guard i < buffer.count else { throw error(buffer, at: i, "data does not end with # EOF") }
        let range = buffer.field(after: i)
        guard buffer[i] == Byte.space, !range.isEmpty else {
            let at = buffer[i] == Byte.space ? i + 1 : i
            throw error(buffer, at: at, "\(expected), got \(buffer.describe(at: at))")
        }
        return range
    }

    /// A timestamp in float seconds, as milliseconds: NaN and infinities are refused;
    /// the product is truncated toward zero as Go's `int64(ts * 1000)`, and clamped.
    private func parseSeconds(_ buffer: UnsafeRawBufferPointer, _ range: Range<Int>, what: String) throws(ExpositionError) -> Timestamp {
        let seconds = try parseValue(buffer, range)
        guard seconds.isFinite else {
            throw error(buffer, at: range.lowerBound, "invalid \(what) \(buffer.string(range))")
        }
        let milliseconds = (seconds * 1000).rounded(.towardZero)
        if milliseconds >= 0x1p63 { return .max }
        if milliseconds < -0x1p63 { return .min }
        return Timestamp(milliseconds)
    }

    /// Label pairs after a `{`, up to and including the `}`, with no blanks anywhere; a
    /// comma must follow every pair but the last (Prometheus also lets a trailing comma
    /// through; strict parsing does not).
    private mutating func readOpenMetricsLabels(_ buffer: UnsafeRawBufferPointer, from start: Int, exemplar: Bool) throws(ExpositionError) -> Int {
        let end = buffer.count
        var i = start
        var afterComma = false
        if exemplar { spans.exemplarLabels.removeAll(keepingCapacity: true) }
        while true {
            guard i < end else { throw error(buffer, at: i, "expected label name, got end of input") }
            let byte = buffer[i]
            if byte == Byte.braceClose {
                if afterComma && options.strict { throw error(buffer, at: i - 1, "unexpected trailing comma in label set") }
                return i + 1
            }
            let (name, nameEscaped, quoted, nameEnd) = try readLabelName(buffer, at: i, allowNewline: false)
            i = nameEnd
            let next: UInt8 = i < end ? buffer[i] : 0
            if quoted && !exemplar && (next == Byte.comma || next == Byte.braceClose) {
                guard spans.name == nil else {
                    throw error(buffer, at: name.lowerBound - 1, "metric name already set while parsing: \(GoQuote.bytes(Array(UnsafeRawBufferPointer(rebasing: buffer[offset..<(i + 1)]))))")
                }
                spans.name = name
                spans.nameEscaped = nameEscaped
                if next == Byte.comma { i += 1 }
                afterComma = next == Byte.comma
                continue
            }
            guard next == Byte.equal else {
                throw error(buffer, at: i, "expected equal, got \(buffer.describe(at: i))")
            }
            i += 1
            guard i < end, buffer[i] == Byte.quote else {
                throw error(buffer, at: i, "expected label value, got \(buffer.describe(at: i))")
            }
            var after = i
            guard let value = buffer.scanQuoted(at: i, allowNewline: false, end: &after) else {
                throw error(buffer, at: i, "expected label value, got unterminated quoted string")
            }
            if value.nonASCII, !buffer.isValidUTF8(value.content) {
                throw error(buffer, at: i, "invalid UTF-8 label value: \(GoQuote.bytes(Array(UnsafeRawBufferPointer(rebasing: buffer[i..<after]))))")
            }
            let span = LabelSpan(name: name, nameEscaped: nameEscaped, value: value.content, valueEscaped: value.escaped)
            if exemplar { spans.exemplarLabels.append(span) } else { spans.labels.append(span) }
            i = after
            guard i < end else { throw error(buffer, at: i, "expected comma or brace close, got end of input") }
            if buffer[i] == Byte.comma {
                i += 1
                afterComma = true
            } else if buffer[i] == Byte.braceClose {
                afterComma = false
            } else {
                throw error(buffer, at: i, "expected comma or brace close, got \(buffer.describe(at: i))")
            }
        }
    }
}

extension UnsafeRawBufferPointer {
    /// The run after the byte at `i` up to the next space or newline (or the end).
    @inline(__always) func field(after i: Int) -> Range<Int> {
        var j = i + 1
        while j < count, self[j] != Byte.space, self[j] != Byte.newline { j += 1 }
        return Swift.min(i + 1, count)..<j
    }
}

extension MetricType {
    /// The name OpenMetrics' TYPE line uses.
    public var openMetricsName: StaticString {
        switch self {
        case .counter: "counter"
        case .gauge: "gauge"
        case .histogram: "histogram"
        case .gaugehistogram: "gaugehistogram"
        case .summary: "summary"
        case .info: "info"
        case .stateset: "stateset"
        case .unknown: "unknown"
        }
    }
}
