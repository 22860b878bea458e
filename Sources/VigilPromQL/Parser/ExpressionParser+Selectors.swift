import VigilModel

extension ExpressionParser {
    /// `name`, `name{…}` or `{…}`; the `__name__` matcher implied by `name` comes last, as
    /// Prometheus' `assembleVectorSelector` appends it.
    mutating func parseVectorSelector(name: Token?) throws(SyntaxFailure) -> VectorSelector {
        var matchers: [LabelMatcher] = []
        var range = name?.range ?? 0..<0
        if try peek().kind == .leftBrace {
            let braces = try parseLabelMatchers()
            matchers = braces.matchers
            range = (name?.start ?? braces.range.lowerBound)..<braces.range.upperBound
        }
        if let name {
            matchers.append(.equal(LabelName.metric, name.text))
        }
        return VectorSelector(name: name?.text, matchers: matchers, range: range)
    }

    /// `{a="b", "c"!~"d", "metric.name"}` with Prometheus' "in label matching" errors.
    private mutating func parseLabelMatchers() throws(SyntaxFailure) -> (matchers: [LabelMatcher], range: SourceRange) {
        let open = advance()
        var matchers: [LabelMatcher] = []
        if try peek().kind == .rightBrace {
            return (matchers, open.start..<advance().end)
        }
        while true {
            matchers.append(try parseLabelMatcher())
            let token = try peek()
            if token.kind == .rightBrace { return (matchers, open.start..<advance().end) }
            guard token.kind == .comma else {
                throw unexpected(token, context: "label matching", expected: "\",\" or \"}\"")
            }
            advance()
            if try peek().kind == .rightBrace { return (matchers, open.start..<advance().end) }
        }
    }

    private mutating func parseLabelMatcher() throws(SyntaxFailure) -> LabelMatcher {
        let token = try peek()
        let name: String
        switch token.kind {
        case .identifier:
            advance()
            name = token.text
            guard Self.matchKind(try peek().kind) != nil else {
                throw unexpected(try peek(), context: "label matching", expected: "label matching operator")
            }
        case .string:
            advance()
            name = try unquote(token)
            // A quoted name alone selects the metric: `{"weird.name"}`.
            guard Self.matchKind(try peek().kind) != nil else { return .equal(LabelName.metric, name) }
        default:
            throw unexpected(token, context: "label matching", expected: "identifier or \"}\"")
        }
        let kind = Self.matchKind(advance().kind)!
        let valueToken = try peek()
        guard valueToken.kind == .string else {
            throw unexpected(valueToken, context: "label matching", expected: "string")
        }
        advance()
        let value = try unquote(valueToken)
        do {
            return try LabelMatcher(kind, name, value)
        } catch {
            throw fail(error.description, at: token.start..<valueToken.end)
        }
    }

    private static func matchKind(_ kind: TokenKind) -> LabelMatcher.Kind? {
        switch kind {
        case .assign: return .equal
        case .neq: return .notEqual
        case .eqlRegex: return .regexMatch
        case .neqRegex: return .regexNoMatch
        default: return nil
        }
    }

    /// `(a, b, "c.d")` after `by`, `without`, `on`, `ignoring`, `group_left`, `group_right`,
    /// with Prometheus' "in grouping opts" errors. Keywords are label names here.
    mutating func parseGroupingLabels() throws(SyntaxFailure) -> [String] {
        let open = try peek()
        guard open.kind == .leftParen else { throw unexpected(open, context: "grouping opts", expected: "\"(\"") }
        advance()
        var labels: [String] = []
        if try peek().kind == .rightParen {
            advance()
            return labels
        }
        while true {
            let token = try peek()
            if token.kind.isMaybeLabel {
                labels.append(advance().text)
            } else if token.kind == .string {
                advance()
                let label = try unquote(token)
                // As Prometheus in UTF-8 mode: any non-empty name is valid.
                guard !label.isEmpty else {
                    throw fail("invalid label name for grouping: \(GoQuote.string(label))", at: token.range)
                }
                labels.append(label)
            } else {
                throw unexpected(token, context: "grouping opts", expected: "label")
            }
            let next = try peek()
            if next.kind == .rightParen {
                advance()
                return labels
            }
            guard next.kind == .comma else { throw unexpected(next, context: "grouping opts", expected: "\",\" or \")\"") }
            advance()
            if try peek().kind == .rightParen {
                advance()
                return labels
            }
        }
    }

    /// A series written as a label set (`name{a="b"}`), for `Parser.parseMetric`.
    mutating func parseMetricOnly() throws(PromQLError) -> Labels {
        do throws(SyntaxFailure) {
            var builder = LabelsBuilder()
            var token = try peek()
            if token.kind.isMetricIdentifier {
                builder.set(LabelName.metric, advance().text)
                token = try peek()
            }
            if token.kind == .leftBrace {
                advance()
                var first = true
                while true {
                    token = try peek()
                    if token.kind == .rightBrace { advance(); break }
                    if !first {
                        guard token.kind == .comma else {
                            throw unexpected(token, context: "label set", expected: "\",\" or \"}\"")
                        }
                        advance()
                        if try peek().kind == .rightBrace { advance(); break }
                    }
                    first = false
                    let (name, value) = try parseLabelSetItem()
                    builder.set(name, value)
                }
            }
            let end = try peek()
            guard end.kind == .eof else { throw unexpected(end) }
            return builder.labels
        } catch {
            throw error.error
        }
    }

    /// `a="b"`, `"a"="b"` or a bare quoted metric name.
    private mutating func parseLabelSetItem() throws(SyntaxFailure) -> (String, String) {
        let token = try peek()
        let name: String
        switch token.kind {
        case .identifier:
            advance()
            name = token.text
            guard try peek().kind == .assign else { throw unexpected(try peek(), context: "label set", expected: "\"=\"") }
        case .string:
            advance()
            name = try unquote(token)
            guard try peek().kind == .assign else { return (LabelName.metric, name) }
        default:
            throw unexpected(token, context: "label set", expected: "identifier or \"}\"")
        }
        advance()
        let value = try peek()
        guard value.kind == .string else { throw unexpected(value, context: "label set", expected: "string") }
        advance()
        return (name, try unquote(value))
    }
}
