/// Arguments of calls: evaluated against the parameter's type, with Go's conversions of
/// untyped constants and its type errors (`wrong type for value; expected string; got float64`).
extension TemplateExecutor {
    func canBeNil(_ parameter: TemplateFunction.Parameter) -> Bool {
        switch parameter {
        case .any, .stringList, .list, .typed: return true
        case .string, .float, .int, .bool: return false
        }
    }

    func validateType(_ value: TemplateValue, _ parameter: TemplateFunction.Parameter) throws(Interrupt) -> TemplateValue {
        if case .missing = value {
            guard canBeNil(parameter) else { throw fail("invalid value; expected \(parameter.goName)") }
            return .null
        }
        let ok: Bool
        switch parameter {
        case .any: ok = true
        case .typed(let name):
            // One pointer indirection is allowed, as Go's validateType does.
            if case .null = value { ok = true } else { ok = value.typeName == name || value.typeName == "*" + name }
        case .string: ok = value.stringValue != nil
        case .float: if case .float = value { ok = true } else { ok = false }
        case .int: if case .int = value { ok = true } else { ok = false }
        case .bool: if case .bool = value { ok = true } else { ok = false }
        case .stringList:
            if case .null = value { ok = true } else {
                ok = value.elements.map { $0.allSatisfy { $0.stringValue != nil } } ?? false
            }
        case .list:
            if case .null = value { ok = true } else { ok = value.elements != nil }
        }
        guard ok else { throw fail("wrong type for value; expected \(parameter.goName); got \(value.typeName)") }
        return value
    }

    mutating func evalArg(_ dot: TemplateValue, _ parameter: TemplateFunction.Parameter, _ node: TemplateNode) throws(Interrupt) -> TemplateValue {
        at(node)
        switch node {
        case .dot:
            return try validateType(dot, parameter)
        case .nilLiteral:
            guard canBeNil(parameter) else { throw fail("cannot assign nil to \(parameter.goName)") }
            return .null
        case .field(let idents, _):
            return try validateType(try evalFieldChain(dot, receiver: dot, node: node, idents: idents, args: [node], final: nil), parameter)
        case .variable:
            return try validateType(try evalVariable(dot, node, args: nil, final: nil), parameter)
        case .pipe(let pipe):
            return try validateType(try evalPipeline(dot, pipe), parameter)
        case .identifier(let name, _):
            return try validateType(try evalFunction(dot, name: name, identifier: node, node: node, args: nil, final: nil), parameter)
        case .chain:
            return try validateType(try evalChain(dot, node, args: nil, final: nil), parameter)
        default:
            break
        }
        switch parameter {
        case .bool:
            if case .bool(let b, _) = node { return .bool(b) }
            throw fail("expected bool; found \(node.description)")
        case .float:
            if case .number(let n, _) = node, let f = n.float { return .float(f) }
            throw fail("expected float; found \(node.description)")
        case .int:
            if case .number(let n, _) = node, let i = n.int { return .int(i) }
            throw fail("expected integer; found \(node.description)")
        case .string:
            if case .string(_, let value, _) = node { return .string(value) }
            throw fail("expected string; found \(node.description)")
        case .any:
            switch node {
            case .bool(let b, _): return .bool(b)
            case .number(let n, _): return try idealConstant(node, n)
            case .string(_, let value, _): return .string(value)
            default: throw fail("can't handle assignment of \(node.description) to empty interface argument")
            }
        case .stringList, .list, .typed:
            throw fail("can't handle \(node.description) for arg of type \(parameter.goName)")
        }
    }
}
