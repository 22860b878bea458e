extension Expr {
    /// The type of value the expression yields, as Prometheus' `Expr.Type()`: a binary
    /// expression is a scalar only between two scalars; a call has its function's return type.
    public var type: ValueType {
        switch self {
        case .number: return .scalar
        case .string: return .string
        case .vectorSelector, .aggregate: return .vector
        case .matrixSelector, .subquery: return .matrix
        case .call(let call): return Functions.signature(call.function)?.returnType ?? .vector
        case .binary(let binary): return binary.lhs.type == .scalar && binary.rhs.type == .scalar ? .scalar : .vector
        case .unary(let unary): return unary.expr.type
        case .paren(let paren): return paren.expr.type
        }
    }
}

extension ValueType {
    /// The name Prometheus' messages use (`DocumentedType`): `instant vector`, `range vector`,
    /// `scalar`, `string`.
    public var documentedName: String {
        switch self {
        case .vector: return "instant vector"
        case .matrix: return "range vector"
        case .scalar: return "scalar"
        case .string: return "string"
        }
    }
}
