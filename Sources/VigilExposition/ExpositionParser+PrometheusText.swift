import VigilModel

// The Prometheus text format 0.0.4, read as Prometheus' `PromParser` (promlex.l) reads it:
// spaces and tabs between every token, blank lines anywhere, `#` comments, HELP and TYPE,
// quoted UTF-8 names (text format 1.0.0), integer millisecond timestamps.
extension ExpositionParser {
    mutating func readPrometheusText(_ buffer: UnsafeRawBufferPointer) throws(ExpositionError) -> ExpositionEntry? {
        let end = buffer.count
        var i = offset
        while true {
            i = buffer.skipBlanks(from: i)
            guard i < end else {
                offset = end
                return nil
            }
            let byte = buffer[i]
            if byte == Byte.newline {
                i += 1
                continue
            }
            offset = i
            if byte == Byte.hash { return try readPrometheusComment(buffer) }
            if Byte.isMetricNameStart(byte) || byte == Byte.braceOpen {
                return .sample(try readPrometheusSample(buffer))
            }
            throw error(buffer, at: i, "expected a valid start token, got \(buffer.describe(at: i))")
        }
    }

    /// A `#` line: HELP, TYPE or a comment.
    private mutating func readPrometheusComment(_ buffer: UnsafeRawBufferPointer) throws(ExpositionError) -> ExpositionEntry {
        let start = offset
        let lineEnd = buffer.lineEnd(from: start)
        let afterHash = start + 1
        let keyword = buffer.skipBlanks(from: afterHash)
        // As promlex: `#[ \t]+(HELP|TYPE)[ \t]+`; anything else is a comment.
        let isHelp = buffer.hasPrefix(at: keyword, "HELP")
        let isType = buffer.hasPrefix(at: keyword, "TYPE")
        guard keyword > afterHash, isHelp || isType, keyword + 4 < lineEnd, Byte.isBlank(buffer[keyword + 4]) else {
            offset = min(lineEnd + 1, buffer.count)
            return .comment(buffer.string(start..<lineEnd))
        }
        let what = isHelp ? "HELP" : "TYPE"
        var i = buffer.skipBlanks(from: keyword + 4)
        let (family, nameEnd) = try readMetadataName(buffer, at: i, after: what, allowNewline: true)
        i = nameEnd
        // The rest of the line is the text; Prometheus drops the one byte that separates
        // it from the name, and a rest made only of blanks is no text.
        var text = i..<lineEnd
        if buffer.skipBlanks(from: i) == lineEnd {
            text = lineEnd..<lineEnd
        } else if !text.isEmpty {
            text = (i + 1)..<lineEnd
        }
        offset = min(lineEnd + 1, buffer.count)
        if isHelp {
            guard buffer.isValidUTF8(text) else {
                throw error(buffer, at: text.lowerBound, "help text \(GoQuote.bytes(Array(UnsafeRawBufferPointer(rebasing: buffer[text])))) is not a valid utf8 string")
            }
            return .help(family: family, text: buffer.unescaped(text, quote: false))
        }
        guard let type = Self.prometheusTextType(buffer, text) else {
            throw error(buffer, at: text.lowerBound, "invalid metric type \(GoQuote.bytes(Array(UnsafeRawBufferPointer(rebasing: buffer[text]))))")
        }
        return .type(family: family, type: type)
    }

    private static func prometheusTextType(_ buffer: UnsafeRawBufferPointer, _ text: Range<Int>) -> MetricType? {
        if buffer.bytesEqual(text, "counter") { return .counter }
        if buffer.bytesEqual(text, "gauge") { return .gauge }
        if buffer.bytesEqual(text, "histogram") { return .histogram }
        if buffer.bytesEqual(text, "summary") { return .summary }
        if buffer.bytesEqual(text, "untyped") { return .unknown }
        return nil
    }

    /// The family name of a HELP/TYPE/UNIT line at `i`: a metric name or a quoted string.
    func readMetadataName(
        _ buffer: UnsafeRawBufferPointer, at i: Int, after what: String, allowNewline: Bool
    ) throws(ExpositionError) -> (String, Int) {
        guard i < buffer.count else {
            throw error(buffer, at: i, "expected metric name after \(what), got end of input")
        }
        if Byte.isMetricNameStart(buffer[i]) {
            var j = i + 1
            while j < buffer.count, Byte.isMetricNameByte(buffer[j]) { j += 1 }
            return (buffer.string(i..<j), j)
        }
        var end = i
        if buffer[i] == Byte.quote, let quoted = buffer.scanQuoted(at: i, allowNewline: allowNewline, end: &end) {
            guard !quoted.nonASCII || buffer.isValidUTF8(quoted.content) else {
                throw error(buffer, at: i, "invalid UTF-8 metric name")
            }
            return (buffer.text(quoted.content, escaped: quoted.escaped), end)
        }
        throw error(buffer, at: i, "expected metric name after \(what), got \(buffer.describe(at: i))")
    }

    /// A sample line: `name{labels} value [timestamp]`.
    private mutating func readPrometheusSample(_ buffer: UnsafeRawBufferPointer) throws(ExpositionError) -> ExpositionSample {
        let end = buffer.count
        let start = offset
        var i = start
        spans.reset()
        if Byte.isMetricNameStart(buffer[i]) {
            i += 1
            while i < end, Byte.isMetricNameByte(buffer[i]) { i += 1 }
            spans.name = start..<i
            spans.series = start..<i
            let brace = buffer.skipBlanks(from: i)
            if brace < end, buffer[brace] == Byte.braceOpen {
                i = try readPrometheusLabels(buffer, from: brace + 1)
                spans.series = start..<i
            }
        } else {
            i = try readPrometheusLabels(buffer, from: i + 1)
            spans.series = start..<i
        }
        guard spans.name != nil else {
            throw error(buffer, at: start, "metric name not set while parsing: \(GoQuote.bytes(Array(UnsafeRawBufferPointer(rebasing: buffer[start..<buffer.lineEnd(from: start)]))))")
        }
        if spans.labels.count > 0 { try checkUniqueLabelNames(buffer, lineStart: start) }

        // The value: `[^{ \t\n]+`.
        i = buffer.skipBlanks(from: i)
        let valueStart = i
        while i < end {
            let b = buffer[i]
            if Byte.isBlank(b) || b == Byte.newline || b == Byte.braceOpen { break }
            i += 1
        }
        guard i > valueStart else {
            throw error(buffer, at: i, "expected value after metric, got \(buffer.describe(at: i))")
        }
        let value = try parseValue(buffer, valueStart..<i)

        // An optional timestamp: `[0-9]+`, then only blanks to the end of the line.
        i = buffer.skipBlanks(from: i)
        var timestamp: Timestamp?
        if i < end, buffer[i] != Byte.newline {
            guard Byte.isDigit(buffer[i]) else {
                throw error(buffer, at: i, "expected timestamp or new record, got \(buffer.describe(at: i))")
            }
            let digitsStart = i
            var milliseconds: Int64 = 0
            var overflow = false
            while i < end, Byte.isDigit(buffer[i]) {
                let (times10, o1) = milliseconds.multipliedReportingOverflow(by: 10)
                let (sum, o2) = times10.addingReportingOverflow(Int64(buffer[i] &- UInt8(ascii: "0")))
                overflow = overflow || o1 || o2
                milliseconds = sum
                i += 1
            }
            guard !overflow else {
                throw error(buffer, at: digitsStart, "strconv.ParseInt: parsing \(GoQuote.string(buffer.string(digitsStart..<i))): value out of range")
            }
            timestamp = milliseconds
            i = buffer.skipBlanks(from: i)
            if i < end, buffer[i] != Byte.newline {
                throw error(buffer, at: i, "expected next entry after timestamp, got \(buffer.describe(at: i))")
            }
        }
        offset = min(i + 1, end)
        return ExpositionSample(series: spans.series, value: value, timestamp: timestamp)
    }

    /// The label pairs after a `{`, up to and including the `}`; returns the offset after it.
    /// As Prometheus: blanks anywhere between tokens, an optional comma after each pair
    /// (so a trailing comma, and even a missing one, are accepted), and a quoted string
    /// followed by `,` or `}` is the metric name.
    private mutating func readPrometheusLabels(_ buffer: UnsafeRawBufferPointer, from start: Int) throws(ExpositionError) -> Int {
        let end = buffer.count
        var i = start
        while true {
            i = buffer.skipBlanks(from: i)
            guard i < end else { throw error(buffer, at: i, "expected label name, got end of input") }
            let byte = buffer[i]
            if byte == Byte.braceClose { return i + 1 }
            let (name, nameEscaped, quoted, nameEnd) = try readLabelName(buffer, at: i, allowNewline: true)
            i = nameEnd
            i = buffer.skipBlanks(from: i)
            let next: UInt8 = i < end ? buffer[i] : 0
            if quoted && (next == Byte.comma || next == Byte.braceClose) {
                guard spans.name == nil else {
                    throw error(buffer, at: name.lowerBound - 1, "metric name already set while parsing: \(GoQuote.bytes(Array(UnsafeRawBufferPointer(rebasing: buffer[offset..<(i + 1)]))))")
                }
                spans.name = name
                spans.nameEscaped = nameEscaped
                i += 1
                if next == Byte.braceClose { return i }
                continue
            }
            guard next == Byte.equal else {
                throw error(buffer, at: i, "expected equal, got \(buffer.describe(at: i))")
            }
            i = buffer.skipBlanks(from: i + 1)
            guard i < end, buffer[i] == Byte.quote else {
                throw error(buffer, at: i, "expected label value, got \(buffer.describe(at: i))")
            }
            var after = i
            guard let value = buffer.scanQuoted(at: i, allowNewline: !options.strict, end: &after) else {
                throw error(buffer, at: i, "expected label value, got unterminated quoted string")
            }
            if value.nonASCII, !buffer.isValidUTF8(value.content) {
                throw error(buffer, at: i, "invalid UTF-8 label value: \(GoQuote.bytes(Array(UnsafeRawBufferPointer(rebasing: buffer[i..<after]))))")
            }
            spans.labels.append(LabelSpan(name: name, nameEscaped: nameEscaped, value: value.content, valueEscaped: value.escaped))
            i = buffer.skipBlanks(from: after)
            if i < end, buffer[i] == Byte.comma {
                i += 1
            } else if options.strict, i < end, buffer[i] != Byte.braceClose {
                throw error(buffer, at: i, "expected comma or brace close, got \(buffer.describe(at: i))")
            }
        }
    }

    /// A sample value as Prometheus' `parseFloat`; NaN comes back canonical.
    func parseValue(_ buffer: UnsafeRawBufferPointer, _ range: Range<Int>, what: String = "") throws(ExpositionError) -> Double {
        var i = range.lowerBound
        while i < range.upperBound {
            let b = buffer[i]
            if b == UInt8(ascii: "p") || b == UInt8(ascii: "P") || b == UInt8(ascii: "_") {
                throw error(buffer, at: range.lowerBound, "unsupported character in float while parsing: \(GoQuote.string(buffer.string(range)))")
            }
            i += 1
        }
        switch FloatText.parse(buffer, range.lowerBound, range.upperBound) {
        case .success(let value): return value
        case .failure(.syntax):
            throw error(buffer, at: range.lowerBound, "strconv.ParseFloat: parsing \(GoQuote.string(buffer.string(range))): invalid syntax")
        case .failure(.range):
            throw error(buffer, at: range.lowerBound, "strconv.ParseFloat: parsing \(GoQuote.string(buffer.string(range))): value out of range")
        }
    }
}
