import VigilModel

/// The type checks Prometheus' parser runs after a successful parse (`checkAST`), with its
/// messages and positions; also normalises binary matching as Prometheus does (no matching
/// unless both sides are vectors, set operators many-to-many).
///
/// Subtrees are checked before their parent and left before right, so the first error is the
/// one Prometheus reports first.
struct Checker {
    let query: String

    /// The checked, normalised expression, or the first type error.
    func check(_ expr: Expr) throws(PromQLError) -> Expr {
        try check(expr, bypassEmptyMatcherCheck: false)
    }

    private func check(_ expr: Expr, bypassEmptyMatcherCheck: Bool) throws(PromQLError) -> Expr {
        switch expr {
        case .number, .string:
            return expr
        case .vectorSelector(let selector):
            try checkSelector(selector, bypassEmptyMatcherCheck: bypassEmptyMatcherCheck)
            return expr
        case .matrixSelector(let matrix):
            try checkSelector(matrix.selector, bypassEmptyMatcherCheck: false)
            return expr
        case .subquery(var subquery):
            subquery.expr = try check(subquery.expr)
            let type = subquery.expr.type
            if type != .vector {
                throw error("subquery is only allowed on instant vector, got \(type.rawValue) instead", subquery.range)
            }
            return .subquery(subquery)
        case .paren(var paren):
            paren.expr = try check(paren.expr)
            return .paren(paren)
        case .unary(var unary):
            unary.expr = try check(unary.expr)
            let type = unary.expr.type
            if type != .scalar && type != .vector {
                let message = "unary expression only allowed on expressions of type scalar or instant vector, "
                    + "got \(GoQuote.string(type.documentedName))"
                throw error(message, unary.range)
            }
            return .unary(unary)
        case .aggregate(let aggregate):
            return .aggregate(try checkAggregate(aggregate))
        case .call(let call):
            return .call(try checkCall(call))
        case .binary(let binary):
            return .binary(try checkBinary(binary))
        }
    }

    private func expect(_ expr: Expr, _ type: ValueType, in context: String) throws(PromQLError) -> Expr {
        let checked = try check(expr)
        if checked.type != type {
            throw error("expected type \(type.documentedName) in \(context), got \(checked.type.documentedName)", expr.range)
        }
        return checked
    }

    private func checkSelector(_ selector: VectorSelector, bypassEmptyMatcherCheck: Bool) throws(PromQLError) {
        if let name = selector.name {
            // The last matcher is the one implied by the name outside the braces.
            for matcher in selector.matchers.dropLast() where matcher.name == LabelName.metric {
                let message = "metric name must not be set twice: \(GoQuote.string(name)) or \(GoQuote.string(matcher.value))"
                throw error(message, selector.range)
            }
            return
        }
        // As Prometheus: a selector must not select every series by accident (`{}`, `{a=""}`).
        if !bypassEmptyMatcherCheck && selector.matchers.allSatisfy(\.matchesEmpty) {
            throw error("vector selector must contain at least one non-empty matcher", selector.range)
        }
    }

    private func checkAggregate(_ aggregate: Aggregate) throws(PromQLError) -> Aggregate {
        var checked = aggregate
        checked.expr = try expect(aggregate.expr, .vector, in: "aggregation expression")
        if let parameter = aggregate.parameter {
            switch aggregate.op {
            case .topk, .bottomk, .quantile, .limitk, .limitRatio:
                checked.parameter = try expect(parameter, .scalar, in: "aggregation parameter")
            case .countValues:
                checked.parameter = try expect(parameter, .string, in: "aggregation parameter")
            default:
                checked.parameter = try check(parameter)
            }
        }
        return checked
    }

    private func checkCall(_ call: Call) throws(PromQLError) -> Call {
        guard let signature = Functions.signature(call.function) else {
            throw error("unknown function with name \(GoQuote.string(call.function))", call.range)
        }
        let name = GoQuote.string(signature.name)
        let count = call.args.count
        if count < signature.minimumArguments || signature.maximumArguments.map({ count > $0 }) == true {
            let message: String
            if signature.variadic == 0 {
                message = "expected \(signature.argumentTypes.count) argument(s) in call to \(name), got \(count)"
            } else if count < signature.minimumArguments {
                message = "expected at least \(signature.minimumArguments) argument(s) in call to \(name), got \(count)"
            } else {
                message = "expected at most \(signature.maximumArguments ?? 0) argument(s) in call to \(name), got \(count)"
            }
            throw error(message, call.range)
        }
        var bypassSecond = false
        if signature.name == "info" && count > 1 {
            let labels = call.args[1]
            if labels.type != .vector {
                let message = "expected type instant vector in call to function \(name), got \(labels.type.documentedName)"
                throw error(message, call.range)
            }
            guard case .vectorSelector(let selector) = labels else {
                throw error("expected label selectors only", labels.range)
            }
            if selector.name != nil {
                throw error("expected label selectors only, got vector selector instead", labels.range)
            }
            bypassSecond = true
        }
        var checked = call
        for (index, arg) in call.args.enumerated() {
            guard let expected = signature.argumentType(at: index) else { break }
            let checkedArg = try check(arg, bypassEmptyMatcherCheck: bypassSecond && index == 1)
            if checkedArg.type != expected {
                let message = "expected type \(expected.documentedName) in call to function \(name), "
                    + "got \(checkedArg.type.documentedName)"
                throw error(message, arg.range)
            }
            checked.args[index] = checkedArg
        }
        return checked
    }

    private func checkBinary(_ binary: Binary) throws(PromQLError) -> Binary {
        var checked = binary
        checked.lhs = try check(binary.lhs)
        checked.rhs = try check(binary.rhs)
        let lhsType = checked.lhs.type
        let rhsType = checked.rhs.type
        let op = binary.op
        if binary.returnBool && !op.isComparison {
            throw error("bool modifier can only be used on comparison operators", operatorRange(binary))
        }
        if op.isComparison && !binary.returnBool && lhsType == .scalar && rhsType == .scalar {
            throw error("comparisons between scalars must use BOOL modifier", operatorRange(binary))
        }
        if op.isSetOperator && checked.matching?.cardinality == .oneToOne {
            checked.matching?.cardinality = .manyToMany
        }
        if let matching = checked.matching, matching.on {
            for label in matching.matchingLabels where matching.include.contains(label) {
                let message = "label \(GoQuote.string(label)) must not occur in ON and GROUP clause at once"
                throw error(message, operatorRange(binary))
            }
        }
        let onlyScalarsAndVectors = "binary expression must contain only scalar and instant vector types"
        if lhsType != .scalar && lhsType != .vector { throw error(onlyScalarsAndVectors, binary.lhs.range) }
        if rhsType != .scalar && rhsType != .vector { throw error(onlyScalarsAndVectors, binary.rhs.range) }
        if let matching = checked.matching {
            let fills = matching.fillLeft != nil || matching.fillRight != nil
            if lhsType != .vector || rhsType != .vector {
                if !matching.matchingLabels.isEmpty {
                    throw error("vector matching only allowed between instant vectors", binary.range)
                }
                if fills { throw error("filling in missing series only allowed between instant vectors", binary.range) }
                checked.matching = nil
            } else if op.isSetOperator {
                if matching.cardinality == .oneToMany || matching.cardinality == .manyToOne {
                    throw error("no grouping allowed for \(GoQuote.string(op.rawValue)) operation", binary.range)
                }
                if matching.cardinality != .manyToMany {
                    throw error("set operations must always be many-to-many", binary.range)
                }
                if fills { throw error("filling in missing series not allowed for set operators", binary.range) }
            }
        }
        if (lhsType == .scalar || rhsType == .scalar) && op.isSetOperator {
            throw error("set operator \(GoQuote.string(op.rawValue)) not allowed in binary scalar expression", binary.range)
        }
        return checked
    }

    /// The operator and its modifiers: from the first non-space after the left operand to the
    /// last non-space before the right one.
    private func operatorRange(_ binary: Binary) -> SourceRange {
        let bytes = Array(query.utf8)
        var start = binary.lhs.range.upperBound
        while start < bytes.count, Lexer.isSpace(bytes[start]) { start += 1 }
        var end = binary.rhs.range.lowerBound - 1
        while end > start, Lexer.isSpace(bytes[end]) { end -= 1 }
        return start..<max(start, end)
    }

    private func error(_ message: String, _ range: SourceRange) -> PromQLError {
        PromQLError(.type, message, range: range, query: query)
    }
}
