import VigilModel

/// Canonical PromQL, exactly as Prometheus' `Expr.String()` (`promql/parser/printer.go`):
/// `sum by (job) (rate(x[5m]))`. Parsing the printed text gives the same tree (positions aside).
extension Expr: CustomStringConvertible {
    /// The canonical text of the expression.
    public var description: String {
        switch self {
        case .number(let literal): return literal.description
        case .string(let literal): return literal.invalidUTF8.map(GoQuote.bytes) ?? GoQuote.string(literal.value)
        case .vectorSelector(let selector): return selector.description
        case .matrixSelector(let matrix): return matrix.description
        case .subquery(let subquery): return subquery.description
        case .call(let call): return call.function + "(" + call.args.map(\.description).joined(separator: ", ") + ")"
        case .aggregate(let aggregate): return aggregate.description
        case .binary(let binary): return binary.description
        case .unary(let unary): return unary.op.rawValue + unary.expr.description
        case .paren(let paren): return "(" + paren.expr.description + ")"
        }
    }
}

extension NumberLiteral: CustomStringConvertible {
    /// `1`, `0.5`, `+Inf`, `NaN`; a literal written as a duration prints as one (`5m`, `-1h`).
    public var description: String {
        guard isDuration else { return GoFloat.f(value) }
        if value < 0 { return "-" + PromDuration.format(Literals.milliseconds(seconds: -value)) }
        return PromDuration.format(Literals.milliseconds(seconds: value))
    }
}

extension DurationValue: CustomStringConvertible {
    /// `5m`, or the duration expression (`5m * 2`, `step()`).
    public var description: String {
        switch self {
        case .literal(let milliseconds): return PromDuration.format(milliseconds)
        case .expression(let expr): return expr.description
        }
    }
}

extension AtModifier: CustomStringConvertible {
    /// ` @ 1234.000`, ` @ start()`, ` @ end()` (with the leading space, as Prometheus appends it).
    public var description: String {
        switch self {
        case .start: return " @ start()"
        case .end: return " @ end()"
        case .timestamp(let milliseconds):
            let sign = milliseconds < 0 ? "-" : ""
            let magnitude = milliseconds.magnitude
            let fraction = String(magnitude % 1000)
            return " @ \(sign)\(magnitude / 1000).\(String(repeating: "0", count: 3 - fraction.count))\(fraction)"
        }
    }
}

/// ` offset 5m`, ` offset -5m`, ` offset step()`; nothing for no or a zero offset.
private func offsetSuffix(_ offset: DurationValue?) -> String {
    switch offset {
    case .none, .literal(0): return ""
    case .literal(let milliseconds) where milliseconds < 0: return " offset -" + PromDuration.format(-milliseconds)
    case .some(let value): return " offset " + value.description
    }
}

extension VectorSelector: CustomStringConvertible {
    /// `name{a="b"} @ 10.000 anchored offset 5m`; matchers sorted, the name's own matcher left out.
    public var description: String {
        bare + (at?.description ?? "") + (anchored ? " anchored" : smoothed ? " smoothed" : "") + offsetSuffix(offset)
    }

    /// The name and matchers without modifiers.
    fileprivate var bare: String {
        let shown = matchers.filter {
            !($0.name == LabelName.metric && $0.kind == .equal && $0.value == name && !$0.value.isEmpty)
        }
        var out = name ?? ""
        if !shown.isEmpty {
            let texts = shown.map(Self.matcherText).sorted { $0.utf8Precedes($1) }
            out += "{" + texts.joined(separator: ",") + "}"
        }
        return out
    }

    /// Prometheus' `Matcher.String()`: the name quoted unless a legacy label name.
    private static func matcherText(_ matcher: LabelMatcher) -> String {
        LabelNames.printed(matcher.name) + matcher.kind.rawValue + GoQuote.string(matcher.value)
    }
}

extension MatrixSelector: CustomStringConvertible {
    /// `name{…}[5m] anchored @ 10.000 offset 5m`.
    public var description: String {
        let extended = selector.anchored ? " anchored" : selector.smoothed ? " smoothed" : ""
        return selector.bare + "[" + window.description + "]" + extended + (selector.at?.description ?? "")
            + offsetSuffix(selector.offset)
    }
}

extension Subquery: CustomStringConvertible {
    /// `expr[30m:1m] @ end() offset 5m`.
    public var description: String {
        expr.description + "[" + window.description + ":" + (step?.description ?? "") + "]"
            + (at?.description ?? "") + offsetSuffix(offset)
    }
}

extension Aggregate: CustomStringConvertible {
    /// `sum by (job) (x)`, `topk(3, x)`; an empty `by ()` is not printed.
    public var description: String {
        var out = op.rawValue
        if without {
            out += " without (" + LabelNames.list(grouping) + ") "
        } else if !grouping.isEmpty {
            out += " by (" + LabelNames.list(grouping) + ") "
        }
        out += "("
        if let parameter { out += parameter.description + ", " }
        return out + expr.description + ")"
    }
}

extension Binary: CustomStringConvertible {
    /// `a + on (job) group_left (x) b`, `a > bool 1`.
    public var description: String {
        lhs.description + " " + op.rawValue + (returnBool ? " bool" : "") + (matching?.description ?? "") + " "
            + rhs.description
    }
}

extension VectorMatching: CustomStringConvertible {
    /// ` on (a)`, ` ignoring (a) group_left (b)`, ` fill (0)`; empty for plain one-to-one.
    public var description: String {
        var out = ""
        let grouped = cardinality == .manyToOne || cardinality == .oneToMany
        if !matchingLabels.isEmpty || on || grouped {
            out += (on ? " on (" : " ignoring (") + LabelNames.list(matchingLabels) + ")"
        }
        if grouped {
            out += (cardinality == .manyToOne ? " group_left (" : " group_right (") + LabelNames.list(include) + ")"
        }
        if let left = fillLeft, let right = fillRight, left == right {
            out += " fill (\(GoFloat.g(left)))"
        } else {
            if let left = fillLeft { out += " fill_left (\(GoFloat.g(left)))" }
            if let right = fillRight { out += " fill_right (\(GoFloat.g(right)))" }
        }
        return out
    }
}

/// Label names as Prometheus prints them in queries.
enum LabelNames {
    /// The name, quoted unless it is a legacy name (`[a-zA-Z_][a-zA-Z0-9_]*`).
    static func printed(_ name: String) -> String {
        LabelName.isValid(name) ? name : GoQuote.string(name)
    }

    /// `a, b, "c.d"`.
    static func list(_ names: [String]) -> String {
        names.map(printed).joined(separator: ", ")
    }
}
