import VigilModel

/// A small parser for series selectors in the config (`storage.series_retention`):
/// `metric`, `{job="batch", env=~"dev|test"}`, `metric{a!="b"}` — PromQL's vector selector
/// without a range or offset. Strings are PromQL's: `"…"` and `'…'` with Go escapes, or
/// raw backticks. Kept here because VigilConfig cannot import VigilPromQL (same layer);
/// it can be swapped for the PromQL parser if the layering changes.
struct SeriesSelectorParser {
    /// A problem at a Unicode scalar offset of the selector text.
    struct Failure: Error {
        var offset: Int
        var message: String
    }

    private let s: [Unicode.Scalar]
    private var i = 0

    private init(_ text: String) {
        s = Array(text.unicodeScalars)
    }

    /// The matchers of `text`, the metric name first as `__name__="…"`. As PromQL, at least
    /// one matcher must not match the empty string.
    static func parse(_ text: String) throws(Failure) -> [LabelMatcher] {
        var parser = SeriesSelectorParser(text)
        return try parser.selector()
    }

    private mutating func selector() throws(Failure) -> [LabelMatcher] {
        skipSpaces()
        var matchers: [LabelMatcher] = []
        var metricName: String?
        if i < s.count, isNameStart(s[i], metric: true) {
            let name = identifier(metric: true)
            metricName = name
            matchers.append(.equal(LabelName.metric, name))
            skipSpaces()
        }
        if i < s.count, s[i] == "{" {
            i += 1
            try matcherList(into: &matchers, metricName: metricName)
        } else if metricName == nil {
            throw fail(i < s.count ? "unexpected character \(quoted(s[i])) in selector" : "empty selector")
        }
        skipSpaces()
        guard i == s.count else { throw fail("unexpected character \(quoted(s[i])) after the selector") }
        guard matchers.contains(where: { !$0.matchesEmpty }) else {
            throw Failure(offset: 0, message: "vector selector must contain at least one non-empty matcher")
        }
        return matchers
    }

    private mutating func matcherList(into matchers: inout [LabelMatcher], metricName: String?) throws(Failure) {
        while true {
            skipSpaces()
            guard i < s.count else { throw fail("unexpected end of selector inside braces") }
            if s[i] == "}" { i += 1; return }
            let nameStart = i
            guard isNameStart(s[i], metric: false) else { throw fail("unexpected character \(quoted(s[i])) inside braces") }
            let name = identifier(metric: false)
            skipSpaces()
            let kind = try matchOperator()
            skipSpaces()
            let valueStart = i
            let value = try string()
            if name == LabelName.metric, let metricName {
                throw Failure(offset: nameStart, message: "metric name must not be set twice: \"\(metricName)\" or \"\(value)\"")
            }
            do {
                matchers.append(try LabelMatcher(kind, name, value))
            } catch {
                throw Failure(offset: valueStart, message: error.description)
            }
            skipSpaces()
            guard i < s.count else { throw fail("unexpected end of selector inside braces") }
            if s[i] == "," { i += 1; continue }
            if s[i] == "}" { i += 1; return }
            throw fail("unexpected character \(quoted(s[i])) inside braces, expected \",\" or \"}\"")
        }
    }

    private mutating func matchOperator() throws(Failure) -> LabelMatcher.Kind {
        let rest = s.count - i
        if rest >= 2, s[i] == "=", s[i + 1] == "~" { i += 2; return .regexMatch }
        if rest >= 2, s[i] == "!", s[i + 1] == "=" { i += 2; return .notEqual }
        if rest >= 2, s[i] == "!", s[i + 1] == "~" { i += 2; return .regexNoMatch }
        if rest >= 1, s[i] == "=" { i += 1; return .equal }
        throw fail("expected a label matching operator (=, !=, =~, !~)")
    }

    private mutating func string() throws(Failure) -> String {
        guard i < s.count, s[i] == "\"" || s[i] == "'" || s[i] == "`" else {
            throw fail("expected a quoted string as label value")
        }
        let quote = s[i]
        let start = i
        i += 1
        var out = String.UnicodeScalarView()
        while i < s.count {
            let c = s[i]
            if c == quote { i += 1; return String(out) }
            if c == "\n", quote != "`" { break }
            if c == "\\", quote != "`" {
                i += 1
                guard let escaped = try escape(quote: quote) else { break }
                out.append(escaped)
                continue
            }
            out.append(c)
            i += 1
        }
        throw Failure(offset: start, message: "unterminated quoted string")
    }

    /// One escape after a backslash, as Go's strconv.Unquote; nil at the end of input.
    private mutating func escape(quote: Unicode.Scalar) throws(Failure) -> Unicode.Scalar? {
        guard i < s.count else { return nil }
        let c = s[i]
        i += 1
        switch c {
        case "a": return "\u{07}"
        case "b": return "\u{08}"
        case "f": return "\u{0C}"
        case "n": return "\n"
        case "r": return "\r"
        case "t": return "\t"
        case "v": return "\u{0B}"
        case "\\": return "\\"
        case "\"", "'":
            guard c == quote else { throw fail("unknown escape sequence", at: i - 2) }
            return c
        case "x", "u", "U":
            let digits = c == "x" ? 2 : c == "u" ? 4 : 8
            return try hexEscape(digits: digits)
        case "0"..."7":
            var value = c.value - 48
            for _ in 0..<2 {
                guard i < s.count, ("0"..."7").contains(s[i]) else { throw fail("invalid octal escape", at: i) }
                value = value * 8 + s[i].value - 48
                i += 1
            }
            guard let scalar = Unicode.Scalar(value) else { throw fail("invalid octal escape", at: i) }
            return scalar
        default:
            throw fail("unknown escape sequence", at: i - 2)
        }
    }

    private mutating func hexEscape(digits: Int) throws(Failure) -> Unicode.Scalar {
        var value: UInt32 = 0
        for _ in 0..<digits {
            guard i < s.count, s[i].isASCII, let digit = UInt32(String(s[i]), radix: 16) else {
                throw fail("invalid hexadecimal escape", at: i)
            }
            value = value * 16 + digit
            i += 1
        }
        guard let scalar = Unicode.Scalar(value) else { throw fail("invalid Unicode code point in escape", at: i) }
        return scalar
    }

    private mutating func identifier(metric: Bool) -> String {
        let start = i
        while i < s.count, isNameContinue(s[i], metric: metric) { i += 1 }
        return String(String.UnicodeScalarView(s[start..<i]))
    }

    private func isNameStart(_ c: Unicode.Scalar, metric: Bool) -> Bool {
        c == "_" || ("a"..."z").contains(c) || ("A"..."Z").contains(c) || (metric && c == ":")
    }

    private func isNameContinue(_ c: Unicode.Scalar, metric: Bool) -> Bool {
        isNameStart(c, metric: metric) || ("0"..."9").contains(c)
    }

    private mutating func skipSpaces() {
        while i < s.count, s[i] == " " || s[i] == "\t" || s[i] == "\n" || s[i] == "\r" { i += 1 }
    }

    private func quoted(_ c: Unicode.Scalar) -> String { "\"\(c)\"" }

    private func fail(_ message: String, at offset: Int? = nil) -> Failure {
        Failure(offset: offset ?? i, message: message)
    }
}
