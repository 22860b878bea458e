import VigilModel

/// The type checks Prometheus' parser runs after a successful parse (`checkAST`), with its
/// messages and positions; also normalises binary matching as Prometheus does (no matching
/// unless both sides are vectors, set operators many-to-many).
///
/// Subtrees are checked before their parent and left before right, so the first error is the
/// one Prometheus reports first.
struct Checker {
    /// The query text, for error positions.
    let query: String

    /// The checked, normalised expression, or the first type error.
    func check(_ expr: Expr) throws(PromQLError) -> Expr {
        try check(expr, bypassEmptyMatcherCheck: false).expr
    }

    /// The checked expression and its type (computed once, bottom-up). Error paths live in
    /// separate functions so that the frames of this recursion stay small.
    private func check(_ expr: Expr, bypassEmptyMatcherCheck: Bool) throws(PromQLError) -> (expr: Expr, type: ValueType) {
        switch expr {
        case .number:
            return (expr, .scalar)
        case .string:
            return (expr, .string)
        case .vectorSelector(let selector):
            try checkSelector(selector, bypassEmptyMatcherCheck: bypassEmptyMatcherCheck)
            return (expr, .vector)
        case .matrixSelector(let matrix):
            try checkSelector(matrix.selector, bypassEmptyMatcherCheck: false)
            return (expr, .matrix)
        case .subquery(var subquery):
            let (inner, type) = try check(subquery.expr, bypassEmptyMatcherCheck: false)
            if type != .vector { throw subqueryError(type, subquery.range) }
            subquery.expr = inner
            return (.subquery(subquery), .matrix)
        case .paren(var paren):
            let (inner, type) = try check(paren.expr, bypassEmptyMatcherCheck: false)
            paren.expr = inner
            return (.paren(paren), type)
        case .unary(var unary):
            let (inner, type) = try check(unary.expr, bypassEmptyMatcherCheck: false)
            if type != .scalar && type != .vector { throw unaryError(type, unary.range) }
            unary.expr = inner
            return (.unary(unary), type)
        case .aggregate(let aggregate):
            return (.aggregate(try checkAggregate(aggregate)), .vector)
        case .call(let call):
            return try checkCall(call)
        case .binary(var binary):
            let (lhs, lhsType) = try check(binary.lhs, bypassEmptyMatcherCheck: false)
            let (rhs, rhsType) = try check(binary.rhs, bypassEmptyMatcherCheck: false)
            binary.lhs = lhs
            binary.rhs = rhs
            binary.matching = try checkBinary(binary, lhsType, rhsType)
            return (.binary(binary), lhsType == .scalar && rhsType == .scalar ? .scalar : .vector)
        }
    }

    private func subqueryError(_ type: ValueType, _ range: SourceRange) -> PromQLError {
        error("subquery is only allowed on instant vector, got \(type.rawValue) instead", range)
    }

    private func unaryError(_ type: ValueType, _ range: SourceRange) -> PromQLError {
        let message = "unary expression only allowed on expressions of type scalar or instant vector, "
            + "got \(GoQuote.string(type.documentedName))"
        return error(message, range)
    }

    private func expect(_ expr: Expr, _ type: ValueType, in context: String) throws(PromQLError) -> Expr {
        let (checked, actual) = try check(expr, bypassEmptyMatcherCheck: false)
        if actual != type {
            throw error("expected type \(type.documentedName) in \(context), got \(actual.documentedName)", expr.range)
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

    private func checkCall(_ call: Call) throws(PromQLError) -> (expr: Expr, type: ValueType) {
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
            let (checkedArg, type) = try check(arg, bypassEmptyMatcherCheck: bypassSecond && index == 1)
            if type != expected {
                let message = "expected type \(expected.documentedName) in call to function \(name), "
                    + "got \(type.documentedName)"
                throw error(message, arg.range)
            }
            checked.args[index] = checkedArg
        }
        return (.call(checked), signature.returnType)
    }

    /// The binary checks of `checkAST` once both sides are checked; returns the normalised matching.
    private func checkBinary(_ binary: Binary, _ lhsType: ValueType, _ rhsType: ValueType) throws(PromQLError) -> VectorMatching? {
        var normalized = binary.matching
        let op = binary.op
        if binary.returnBool && !op.isComparison {
            throw error("bool modifier can only be used on comparison operators", operatorRange(binary))
        }
        if op.isComparison && !binary.returnBool && lhsType == .scalar && rhsType == .scalar {
            throw error("comparisons between scalars must use BOOL modifier", operatorRange(binary))
        }
        if op.isSetOperator && normalized?.cardinality == .oneToOne {
            normalized?.cardinality = .manyToMany
        }
        if let matching = normalized, matching.on {
            for label in matching.matchingLabels where matching.include.contains(label) {
                let message = "label \(GoQuote.string(label)) must not occur in ON and GROUP clause at once"
                throw error(message, operatorRange(binary))
            }
        }
        let onlyScalarsAndVectors = "binary expression must contain only scalar and instant vector types"
        if lhsType != .scalar && lhsType != .vector { throw error(onlyScalarsAndVectors, binary.lhs.range) }
        if rhsType != .scalar && rhsType != .vector { throw error(onlyScalarsAndVectors, binary.rhs.range) }
        if let matching = normalized {
            let fills = matching.fillLeft != nil || matching.fillRight != nil
            if lhsType != .vector || rhsType != .vector {
                if !matching.matchingLabels.isEmpty {
                    throw error("vector matching only allowed between instant vectors", binary.range)
                }
                if fills { throw error("filling in missing series only allowed between instant vectors", binary.range) }
                normalized = nil
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
        return normalized
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
