import VigilModel

/// The kinds of token the PromQL lexer produces (Prometheus `ItemType`).
enum TokenKind: Sendable, Hashable {
    case eof
    /// A lexical error; the token's `text` is the message.
    case error
    case comment
    case identifier
    /// An identifier containing a colon (`job:rate5m`).
    case metricIdentifier
    case number
    case duration
    /// A quoted string, quotes included in `text`.
    case string

    case leftParen, rightParen, leftBrace, rightBrace, leftBracket, rightBracket
    case comma, assign, colon, semicolon

    // Operators.
    case add, sub, mul, div, mod, pow
    case eqlc, neq, lss, lte, gtr, gte
    case trimUpper, trimLower
    case eqlRegex, neqRegex
    case at, atan2
    case land, lor, lunless

    /// An aggregation operator (`sum`, `topk`, …).
    case aggregator(AggregateOp)

    // Keywords.
    case bool, by, groupLeft, groupRight, fill, fillLeft, fillRight, ignoring, offset
    case smoothed, anchored, on, without

    // Preprocessors: `@ start()`, `@ end()` and the duration-expression functions.
    case start, end, step, range, maxOf, minOf

    /// Whether Prometheus lists the kind among operators (`<op:…>` in messages).
    var isOperator: Bool {
        switch self {
        case .add, .sub, .mul, .div, .mod, .pow, .eqlc, .neq, .lss, .lte, .gtr, .gte, .trimUpper, .trimLower,
            .eqlRegex, .neqRegex, .at, .atan2, .land, .lor, .lunless:
            return true
        default:
            return false
        }
    }

    /// Whether Prometheus lists the kind among keywords (`<by>` in messages).
    var isKeyword: Bool {
        switch self {
        case .bool, .by, .groupLeft, .groupRight, .fill, .fillLeft, .fillRight, .ignoring, .offset, .smoothed,
            .anchored, .on, .without:
            return true
        default:
            return false
        }
    }

    /// Whether Prometheus has a fixed spelling for the kind (its `ItemTypeStr` table); such tokens
    /// are described by their text alone in "unexpected …" messages.
    var hasFixedSpelling: Bool {
        switch self {
        case .eof, .error, .comment, .identifier, .metricIdentifier, .number, .duration, .string:
            return false
        default:
            return true
        }
    }

    /// The binary operator this token spells, if any.
    var binaryOperator: BinaryOp? {
        switch self {
        case .add: return .add
        case .sub: return .sub
        case .mul: return .mul
        case .div: return .div
        case .mod: return .mod
        case .pow: return .pow
        case .atan2: return .atan2
        case .eqlc: return .eql
        case .neq: return .neq
        case .gtr: return .gtr
        case .lss: return .lss
        case .gte: return .gte
        case .lte: return .lte
        case .trimUpper: return .trimUpper
        case .trimLower: return .trimLower
        case .land: return .and
        case .lor: return .or
        case .lunless: return .unless
        default: return nil
        }
    }

    /// Whether the token can name a metric (Prometheus' `metric_identifier` rule): identifiers and
    /// the keywords that are not operators-only.
    var isMetricIdentifier: Bool {
        switch self {
        case .identifier, .metricIdentifier, .aggregator, .by, .fill, .fillLeft, .fillRight, .land, .lor, .lunless,
            .offset, .without, .start, .end, .step, .range, .anchored, .smoothed, .maxOf, .minOf:
            return true
        default:
            return false
        }
    }

    /// Whether the token can be a label name in a grouping list (Prometheus' `maybe_label` rule).
    var isMaybeLabel: Bool {
        switch self {
        case .identifier, .metricIdentifier, .aggregator, .bool, .by, .groupLeft, .groupRight, .fill, .fillLeft,
            .fillRight, .ignoring, .land, .lor, .lunless, .offset, .on, .start, .end, .atan2, .step, .range,
            .anchored, .smoothed, .maxOf, .minOf:
            return true
        default:
            return false
        }
    }
}

/// One token: its kind, where it starts (UTF-8 offset) and its text.
struct Token: Sendable, Hashable {
    /// What the token is.
    var kind: TokenKind
    /// UTF-8 offset of its first byte.
    var start: Int
    /// The text as written (for errors: the message).
    var text: String

    /// UTF-8 offsets of the token in the query.
    var range: SourceRange { start..<(start + text.utf8.count) }
    /// UTF-8 offset just past the token.
    var end: Int { start + text.utf8.count }

    /// The token as Prometheus' `Item.desc()` names it in "unexpected …" messages:
    /// `end of input`, `identifier "foo"`, `<op:*>`, `"("`, `number "1"`.
    var description: String {
        if kind.hasFixedSpelling { return spelled }
        if kind == .eof { return "end of input" }
        let name: String
        switch kind {
        case .error: name = "error"
        case .comment: name = "comment"
        case .identifier: name = "identifier"
        case .metricIdentifier: name = "metric identifier"
        case .string: name = "string"
        case .number: name = "number"
        case .duration: name = "duration"
        default: name = ""
        }
        return "\(name) \(spelled)"
    }

    /// Prometheus' `Item.String()`.
    private var spelled: String {
        switch kind {
        case .eof: return "EOF"
        case .error: return text
        case .identifier, .metricIdentifier: return GoQuote.string(text)
        case .aggregator: return "<aggr:\(text)>"
        default:
            if kind.isKeyword { return "<\(text)>" }
            if kind.isOperator { return "<op:\(text)>" }
            // As Go's `%.10q...`: at most ten characters, quoted, then an ellipsis.
            if text.utf8.count > 10 { return GoQuote.string(String(text.unicodeScalars.prefix(10))) + "..." }
            return GoQuote.string(text)
        }
    }
}
