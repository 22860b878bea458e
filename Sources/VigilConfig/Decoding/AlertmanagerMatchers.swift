import VigilModel

/// Alertmanager's classic matcher syntax (pkg/labels ParseMatchers), as used in `matchers:`,
/// `source_matchers:` and `target_matchers:` of alertmanager.yml: each line holds one or
/// more comma-separated matchers, optionally in braces, values quoted or not:
/// `severity="critical"`, `alertname=~"High.*"`, `{team=ops, env!=dev}`.
enum AlertmanagerMatchers {
    /// The matchers of one line, or Alertmanager's message for what is wrong.
    static func parse(_ line: String) -> Result<[LabelMatcher], MatcherFailure> {
        var text = Substring(line)
        if text.hasPrefix("{") { text = text.dropFirst() }
        if text.hasSuffix("}") { text = text.dropLast() }

        // Split on commas outside double quotes (a backslash escapes a quote).
        var tokens: [String] = []
        var token = ""
        var insideQuotes = false
        var escaped = false
        for c in text {
            switch c {
            case "," where !insideQuotes:
                tokens.append(token)
                token = ""
                continue
            case "\"":
                if !escaped { insideQuotes.toggle() } else { escaped = false }
            case "\\":
                escaped.toggle()
            default:
                escaped = false
            }
            token.append(c)
        }
        let last = token.trimmingSpaces
        if !last.isEmpty { tokens.append(last) }

        var matchers: [LabelMatcher] = []
        for token in tokens {
            switch parseOne(token) {
            case .success(let matcher): matchers.append(matcher)
            case .failure(let failure): return .failure(failure)
            }
        }
        return .success(matchers)
    }

    /// Why a matcher line did not parse (worded as Alertmanager).
    struct MatcherFailure: Error {
        var message: String
    }

    private static func isSpace(_ c: Unicode.Scalar) -> Bool {
        c == " " || c == "\t" || c == "\n" || c == "\r" || c == "\u{0C}"
    }

    private static func isNameScalar(_ c: Unicode.Scalar, first: Bool) -> Bool {
        c == "_" || c == ":" || ("a"..."z").contains(c) || ("A"..."Z").contains(c) || (!first && ("0"..."9").contains(c))
    }

    /// One matcher: `^\s*([a-zA-Z_:][a-zA-Z0-9_:]*)\s*(=~|=|!=|!~)\s*((?s).*?)\s*$`, then the
    /// value unquoted with OpenMetrics escapes (`\"`, `\n`, `\\`; other backslashes literal).
    private static func parseOne(_ token: String) -> Result<LabelMatcher, MatcherFailure> {
        let s = Array(token.unicodeScalars)
        let bad = MatcherFailure(message: "bad matcher format: \(token)")
        var i = 0
        while i < s.count, isSpace(s[i]) { i += 1 }
        let nameStart = i
        while i < s.count, isNameScalar(s[i], first: i == nameStart) { i += 1 }
        guard i > nameStart else { return .failure(bad) }
        let name = String(String.UnicodeScalarView(s[nameStart..<i]))
        while i < s.count, isSpace(s[i]) { i += 1 }
        let kind: LabelMatcher.Kind
        if i + 1 < s.count, s[i] == "=", s[i + 1] == "~" { kind = .regexMatch; i += 2 }
        else if i < s.count, s[i] == "=" { kind = .equal; i += 1 }
        else if i + 1 < s.count, s[i] == "!", s[i + 1] == "=" { kind = .notEqual; i += 2 }
        else if i + 1 < s.count, s[i] == "!", s[i + 1] == "~" { kind = .regexNoMatch; i += 2 }
        else { return .failure(bad) }
        while i < s.count, isSpace(s[i]) { i += 1 }
        var end = s.count
        while end > i, isSpace(s[end - 1]) { end -= 1 }
        var raw = Array(s[i..<end])
        let rawText = String(String.UnicodeScalarView(raw))
        let unescapedQuote = MatcherFailure(message: "matcher value contains unescaped double quote: \(rawText)")

        var expectTrailingQuote = false
        if raw.first == "\"" {
            raw.removeFirst()
            expectTrailingQuote = true
        }
        var value = String.UnicodeScalarView()
        var escaped = false
        for (index, c) in raw.enumerated() {
            if escaped {
                escaped = false
                switch c {
                case "n": value.append("\n")
                case "\"", "\\": value.append(c)
                default:
                    value.append("\\")
                    value.append(c)
                }
                continue
            }
            switch c {
            case "\\":
                if index < raw.count - 1 { escaped = true } else { value.append("\\") }
            case "\"":
                guard expectTrailingQuote, index == raw.count - 1 else { return .failure(unescapedQuote) }
                expectTrailingQuote = false
            default:
                value.append(c)
            }
        }
        if expectTrailingQuote { return .failure(unescapedQuote) }
        do {
            return .success(try LabelMatcher(kind, name, String(value)))
        } catch {
            return .failure(MatcherFailure(message: error.description))
        }
    }
}
