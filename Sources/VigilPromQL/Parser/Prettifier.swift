/// Multi-line PromQL for `/api/v1/format_query`, exactly as Prometheus' `parser.Prettify`
/// (`promql/parser/prettier.go`): a node whose one-line form exceeds 100 bytes is split, its
/// children indented by two spaces per level.
extension Expr {
    /// The prettified query; nodes longer than `maxLineWidth` bytes are split (Prometheus: 100).
    public func prettified(maxLineWidth: Int = 100) -> String {
        pretty(level: 0, width: maxLineWidth)
    }

    private static func indent(_ level: Int) -> String { String(repeating: "  ", count: level) }

    private func pretty(level: Int, width: Int) -> String {
        let needsSplit = description.utf8.count > width
        let indent = Expr.indent(level)
        switch self {
        case .aggregate(let aggregate):
            guard needsSplit else { return indent + description }
            var out = indent + aggregate.shortDescription + "(\n"
            if let parameter = aggregate.parameter { out += parameter.pretty(level: level + 1, width: width) + ",\n" }
            return out + aggregate.expr.pretty(level: level + 1, width: width) + "\n" + indent + ")"
        case .binary(let binary):
            guard needsSplit else { return indent + description }
            return binary.lhs.pretty(level: level + 1, width: width) + "\n" + indent + binary.op.rawValue
                + (binary.returnBool ? " bool" : "") + (binary.matching?.description ?? "") + "\n"
                + binary.rhs.pretty(level: level + 1, width: width)
        case .call(let call):
            guard needsSplit else { return indent + description }
            return indent + call.function + "(\n" + call.args.map { $0.pretty(level: level + 1, width: width) }.joined(separator: ",\n")
                + "\n" + indent + ")"
        case .paren(let paren):
            guard needsSplit else { return indent + description }
            return indent + "(\n" + paren.expr.pretty(level: level + 1, width: width) + "\n" + indent + ")"
        case .subquery(let subquery):
            // As Prometheus: a subquery that fits is not indented.
            guard needsSplit else { return description }
            return subquery.expr.pretty(level: level, width: width) + subquery.timeSuffix
        case .unary(let unary):
            let child = unary.expr.pretty(level: level, width: width).trimmingSpaces()
            return indent + unary.op.rawValue + child
        case .number, .string, .vectorSelector, .matrixSelector:
            return indent + description
        }
    }
}

extension Aggregate {
    /// The operator and its grouping (`sum by (job) `), Prometheus' `ShortString()`.
    var shortDescription: String {
        if without { return op.rawValue + " without (" + LabelNames.list(grouping) + ") " }
        if !grouping.isEmpty { return op.rawValue + " by (" + LabelNames.list(grouping) + ") " }
        return op.rawValue
    }
}

extension Subquery {
    /// `[30m:1m] @ end() offset 5m`.
    var timeSuffix: String {
        String(description.utf8.dropFirst(expr.description.utf8.count))!
    }
}

extension String {
    /// Without leading and trailing whitespace (Go's `strings.TrimSpace` for ASCII space).
    fileprivate func trimmingSpaces() -> String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
              let last = scalars.lastIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        return String(scalars[first...last])
    }
}
