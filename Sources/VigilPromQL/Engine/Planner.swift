import VigilModel

/// Compiles an `Expr` into a `Plan` for one query (Prometheus' `PreprocessExpr` plus the
/// selector time ranges of `FindMinMaxTime`/`populateSeries`).
struct Planner {
    let start: Timestamp
    let end: Timestamp
    /// The query's step in milliseconds; 0 for an instant query.
    let step: Int64
    let options: Engine.Options
    let query: String

    /// The evaluation times a node is evaluated at, inclusive.
    private struct Span {
        var min: Timestamp
        var max: Timestamp
    }

    func plan(_ expr: Expr) throws(PromQLError) -> Plan {
        let compiled = try compile(expr, Span(min: start, max: end))
        let (plan, _, wrap) = markStepInvariant(compiled)
        return wrap ? .stepInvariant(plan) : plan
    }

    // MARK: - Compilation

    private func compile(_ expr: Expr, _ span: Span) throws(PromQLError) -> Plan {
        switch expr {
        case .number(let n):
            return .number(n.value)
        case .string(let s):
            return .string(s.value, bytes: s.invalidUTF8)
        case .paren(let p):
            return try compile(p.expr, span)
        case .unary(let u):
            let inner = try compile(u.expr, span)
            guard inner.type == .scalar || inner.type == .vector else {
                throw typeError("unary expression only allowed on expressions of type scalar or instant vector, got \"\(describe(inner.type))\"", u.range)
            }
            return u.op == .minus ? .negate(inner, range: u.range) : inner
        case .vectorSelector(let v):
            return .vectorSelector(try selector(v, window: nil, span))
        case .matrixSelector(let m):
            let window = try duration(m.window, allowNegative: false)
            return .matrixSelector(try selector(m.selector, window: window, span), window: window)
        case .subquery(let s):
            return .subquery(try subquery(s, span))
        case .call(let c):
            return try call(c, span)
        case .aggregate(let a):
            return try aggregate(a, span)
        case .binary(let b):
            return try binary(b, span)
        }
    }

    private func selector(_ v: VectorSelector, window: Int64?, _ span: Span) throws(PromQLError) -> SelectorNode {
        let extended: WindowExtension = v.anchored ? .anchored : (v.smoothed ? .smoothed : .none)
        let offset = try v.offset.map { (d) throws(PromQLError) in try duration(d, allowNegative: true) } ?? 0
        let at = try resolve(v.at)
        let evalMin = at ?? span.min
        let evalMax = at ?? span.max
        // As Prometheus: windows are left-open, so read from one millisecond after the edge.
        // Anchored and smoothed windows reach one lookback delta further (getTimeRangesForSelector).
        var reach = window ?? options.lookbackDelta
        var ahead: Int64 = 0
        if window != nil && extended != .none { reach += options.lookbackDelta }
        if extended == .smoothed { ahead = options.lookbackDelta }
        let mint = evalMin - offset - reach + 1
        let maxt = evalMax - offset + ahead
        return SelectorNode(
            matchers: v.matchers, offset: offset, at: at, extended: extended, range: v.range, mint: mint, maxt: maxt)
    }

    private func subquery(_ s: Subquery, _ span: Span) throws(PromQLError) -> SubqueryNode {
        let window = try duration(s.window, allowNegative: false)
        let step = try s.step.map { (d) throws(PromQLError) in try duration(d, allowNegative: false) } ?? options.defaultSubqueryStep
        let offset = try s.offset.map { (d) throws(PromQLError) in try duration(d, allowNegative: true) } ?? 0
        let at = try resolve(s.at)
        let inner = try compile(s.expr, Span(min: (at ?? span.min) - offset - window, max: (at ?? span.max) - offset))
        guard inner.type == .vector || inner.type == .scalar else {
            throw typeError("subquery is only allowed on instant vector, got \(describe(inner.type)) instead", s.range)
        }
        return SubqueryNode(inner: inner, window: window, step: max(step, 1), offset: offset, at: at, range: s.range)
    }

    private func call(_ c: Call, _ span: Span) throws(PromQLError) -> Plan {
        guard let signature = FunctionCatalog.all[c.function] else {
            throw typeError("unknown function with name \(GoQuote.string(c.function))", c.range)
        }
        if signature.experimental && !options.enableExperimentalFunctions {
            throw typeError("function \(GoQuote.string(c.function)) is not enabled", c.range)
        }
        guard signature.accepts(argumentCount: c.args.count) else {
            throw typeError("wrong number of arguments in call to \(c.function)", c.range)
        }
        // Functions of the query's times are constants of the query (foldQueryContextFunctions).
        switch c.function {
        case "start": return .number(Double(start) / 1000)
        case "end": return .number(Double(end) / 1000)
        case "range": return .number(Double(end - start) / 1000)
        case "step": return .number(step == 0 ? 0 : Double(step) / 1000)
        default: break
        }
        var args: [Plan] = []
        for (index, arg) in c.args.enumerated() {
            let compiled = try compile(arg, span)
            let expected = signature.argType(index)
            guard compiled.type == expected else {
                throw typeError(
                    "expected type \(describe(expected)) in call to function \(GoQuote.string(c.function)), got \(describe(compiled.type))",
                    arg.range)
            }
            args.append(compiled)
        }
        return .call(CallNode(signature: signature, args: args, argRanges: c.args.map(\.range), range: c.range))
    }

    private func aggregate(_ a: Aggregate, _ span: Span) throws(PromQLError) -> Plan {
        if (a.op == .limitk || a.op == .limitRatio) && !options.enableExperimentalFunctions {
            throw typeError("\(a.op.rawValue)() is experimental and must be enabled with --enable-feature=promql-experimental-functions", a.range)
        }
        let inner = try compile(a.expr, span)
        guard inner.type == .vector else {
            throw typeError("expected type instant vector in aggregation expression, got \(describe(inner.type))", a.expr.range)
        }
        var param: Plan?
        if a.op.hasParameter {
            guard let p = a.parameter else { throw typeError("no parameter found for \(a.op.rawValue)", a.range) }
            let compiled = try compile(p, span)
            let expected: ValueType = a.op == .countValues ? .string : .scalar
            guard compiled.type == expected else {
                throw typeError("expected type \(describe(expected)) in aggregation parameter, got \(describe(compiled.type))", p.range)
            }
            param = compiled
        }
        let grouping = a.grouping.sorted { $0.utf8Precedes($1) }
        return .aggregate(AggregateNode(
            op: a.op, expr: inner, param: param, grouping: grouping, without: a.without, range: a.range,
            exprRange: a.expr.range, paramRange: a.parameter?.range ?? a.range))
    }

    private func binary(_ b: Binary, _ span: Span) throws(PromQLError) -> Plan {
        let lhs = try compile(b.lhs, span)
        let rhs = try compile(b.rhs, span)
        for side in [lhs.type, rhs.type] where side != .scalar && side != .vector {
            throw typeError("binary expression must contain only scalar and instant vector types", b.range)
        }
        if b.op.isSetOperator && (lhs.type == .scalar || rhs.type == .scalar) {
            throw typeError("set operator \"\(b.op.rawValue)\" not allowed in binary scalar expression", b.range)
        }
        var matching = b.matching ?? VectorMatching()
        if b.op.isSetOperator { matching.cardinality = .manyToMany }
        return .binary(BinaryNode(op: b.op, lhs: lhs, rhs: rhs, matching: matching, returnBool: b.returnBool, range: b.range))
    }

    // MARK: - Durations and times

    /// Times and durations beyond this many milliseconds (about 140,000 years) are refused,
    /// so that sums of a few of them never overflow.
    static let timeLimit: Int64 = 1 << 52

    private func resolve(_ at: AtModifier?) throws(PromQLError) -> Timestamp? {
        switch at {
        case .none: return nil
        case .timestamp(let t):
            if t.magnitude > UInt64(Self.timeLimit) { throw EvaluationError.execution("timestamp out of bounds for @ modifier: \(t)") }
            return t
        case .start: return start
        case .end: return end
        }
    }

    /// Milliseconds of a literal or a duration expression (durations.go).
    private func duration(_ value: DurationValue, allowNegative: Bool) throws(PromQLError) -> Int64 {
        switch value {
        case .literal(let ms):
            if ms.magnitude > UInt64(Self.timeLimit) { throw EvaluationError.execution("duration out of range") }
            return ms
        case .expression(let expr):
            let seconds = try durationSeconds(expr)
            let r = expr.range
            if seconds.isNaN || seconds.isInfinite {
                throw EvaluationError.execution("\(r.lowerBound):\(r.upperBound): duration is NaN or infinite")
            }
            if seconds <= 0 && !allowNegative {
                throw EvaluationError.execution("\(r.lowerBound):\(r.upperBound): duration must be greater than 0")
            }
            if abs(seconds) > 9.2e9 {
                throw EvaluationError.execution("\(r.lowerBound):\(r.upperBound): duration is out of range")
            }
            return Int64(seconds * 1000)
        }
    }

    private func durationSeconds(_ expr: Expr) throws(PromQLError) -> Double {
        switch expr {
        case .number(let n):
            return n.value
        case .paren(let p):
            return try durationSeconds(p.expr)
        case .unary(let u):
            let v = try durationSeconds(u.expr)
            return u.op == .minus ? -v : v
        case .call(let c) where c.function == "step":
            return step == 0 ? 0 : Double(step) / 1000
        case .call(let c) where c.function == "range":
            return Double(end - start) / 1000
        case .call(let c) where (c.function == "min_of" || c.function == "max_of") && c.args.count == 2:
            let a = try durationSeconds(c.args[0])
            let b = try durationSeconds(c.args[1])
            return c.function == "min_of" ? Swift.min(a, b) : Swift.max(a, b)
        case .binary(let b):
            let l = try durationSeconds(b.lhs)
            let r = try durationSeconds(b.rhs)
            let at = b.range
            switch b.op {
            case .add: return l + r
            case .sub: return l - r
            case .mul: return l * r
            case .div:
                if r == 0 { throw EvaluationError.execution("\(at.lowerBound):\(at.upperBound): division by zero") }
                return l / r
            case .mod:
                if r == 0 { throw EvaluationError.execution("\(at.lowerBound):\(at.upperBound): modulo by zero") }
                return l.truncatingRemainder(dividingBy: r)
            case .pow: return Math.pow(l, r)
            default: break
            }
        default:
            break
        }
        throw typeError("unexpected duration expression", expr.range)
    }

    // MARK: - Step invariance

    /// Marks the largest step-invariant subtrees (preprocessExprHelper). Returns the plan,
    /// whether it is step-invariant, and whether the caller should wrap it.
    private func markStepInvariant(_ plan: Plan) -> (Plan, invariant: Bool, wrap: Bool) {
        switch plan {
        case .number, .string:
            return (plan, true, false)
        case .vectorSelector(let s):
            return (plan, s.at != nil, s.at != nil)
        case .matrixSelector(let s, _):
            return (plan, s.at != nil, false)
        case .subquery(let s):
            let (inner, invariant, _) = markStepInvariant(s.inner)
            let node = SubqueryNode(
                inner: invariant ? .stepInvariant(inner) : inner, window: s.window, step: s.step, offset: s.offset,
                at: s.at, range: s.range)
            return (.subquery(node), s.at != nil, false)
        case .negate(let inner, let range):
            let (marked, invariant, wrap) = markStepInvariant(inner)
            return (.negate(marked, range: range), invariant, wrap)
        case .stepInvariant:
            return (plan, true, false)
        case .aggregate(let a):
            let (inner, invariant, wrap) = markStepInvariant(a.expr)
            let node = AggregateNode(
                op: a.op, expr: inner, param: a.param, grouping: a.grouping, without: a.without, range: a.range,
                exprRange: a.exprRange, paramRange: a.paramRange)
            return (.aggregate(node), invariant, wrap)
        case .binary(let b):
            var (lhs, lhsInvariant, lhsWrap) = markStepInvariant(b.lhs)
            var (rhs, rhsInvariant, rhsWrap) = markStepInvariant(b.rhs)
            let rebuilt = { (l: Plan, r: Plan) in
                Plan.binary(BinaryNode(op: b.op, lhs: l, rhs: r, matching: b.matching, returnBool: b.returnBool, range: b.range))
            }
            if lhsInvariant && rhsInvariant { return (rebuilt(lhs, rhs), true, true) }
            if lhsWrap { lhs = .stepInvariant(lhs); lhsWrap = false }
            if rhsWrap { rhs = .stepInvariant(rhs); rhsWrap = false }
            return (rebuilt(lhs, rhs), false, false)
        case .call(let c):
            var invariant = !FunctionCatalog.stepVariant.contains(c.name)
            // timestamp(x @ t) is invariant although timestamp() in general is not.
            var timestampOfPinnedSelector = c.name == "timestamp"
            var args: [Plan] = []
            var wraps: [Bool] = []
            for arg in c.args {
                let (marked, argInvariant, wrap) = markStepInvariant(arg)
                invariant = invariant && argInvariant
                if case .vectorSelector = arg, argInvariant {} else { timestampOfPinnedSelector = false }
                args.append(marked)
                wraps.append(wrap)
            }
            if invariant || timestampOfPinnedSelector {
                return (.call(CallNode(signature: c.signature, args: args, argRanges: c.argRanges, range: c.range)), true, true)
            }
            for index in args.indices where wraps[index] { args[index] = .stepInvariant(args[index]) }
            return (.call(CallNode(signature: c.signature, args: args, argRanges: c.argRanges, range: c.range)), false, false)
        }
    }

    // MARK: - Errors

    private func typeError(_ message: String, _ range: SourceRange) -> PromQLError {
        EvaluationError.badQuery(message, range: range, query: query)
    }

    private func describe(_ type: ValueType) -> String {
        switch type {
        case .scalar: return "scalar"
        case .vector: return "instant vector"
        case .matrix: return "range vector"
        case .string: return "string"
        }
    }
}
