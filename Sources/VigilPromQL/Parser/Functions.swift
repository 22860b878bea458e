/// The signature of a PromQL function, as Prometheus' `parser.Function`.
public struct FunctionSignature: Sendable, Hashable {
    /// The function name as written in queries.
    public var name: String
    /// The types of the arguments in order. With `variadic != 0` the last one repeats.
    public var argumentTypes: [ValueType]
    /// 0: exactly `argumentTypes.count` arguments. n > 0: the last type may be given up to n
    /// times beyond the required ones, or left out (at least `argumentTypes.count - 1`).
    /// -1: the last type may repeat without limit.
    public var variadic: Int
    /// The type of the call's value.
    public var returnType: ValueType
    /// Needs Prometheus' `--enable-feature=promql-experimental-functions`.
    public var isExperimental: Bool

    /// A signature; see the properties for the meaning of each part.
    public init(
        name: String, argumentTypes: [ValueType], variadic: Int = 0, returnType: ValueType,
        isExperimental: Bool = false
    ) {
        self.name = name
        self.argumentTypes = argumentTypes
        self.variadic = variadic
        self.returnType = returnType
        self.isExperimental = isExperimental
    }

    /// The fewest arguments a call may have.
    public var minimumArguments: Int { variadic == 0 ? argumentTypes.count : argumentTypes.count - 1 }

    /// The most arguments a call may have; nil when unlimited.
    public var maximumArguments: Int? {
        switch variadic {
        case 0: return argumentTypes.count
        case let n where n > 0: return argumentTypes.count - 1 + n
        default: return nil
        }
    }

    /// The expected type of argument `index` (the last type repeats for variadic functions);
    /// nil beyond the arguments of a non-variadic function.
    public func argumentType(at index: Int) -> ValueType? {
        if index < argumentTypes.count { return argumentTypes[index] }
        return variadic == 0 ? nil : argumentTypes.last
    }
}

/// Every function of PromQL (Prometheus 3.x `promql/parser/functions.go`), keyed by name.
/// The parser checks calls against it; the engine dispatches by `name`.
public enum Functions {
    /// The signature of `name`, or nil for an unknown function.
    public static func signature(_ name: String) -> FunctionSignature? { table[name] }

    /// All signatures, keyed by function name.
    public static let table: [String: FunctionSignature] = {
        var table: [String: FunctionSignature] = [:]
        for signature in all { table[signature.name] = signature }
        return table
    }()

    private static func fn(
        _ name: String, _ args: [ValueType], variadic: Int = 0, returns: ValueType = .vector, experimental: Bool = false
    ) -> FunctionSignature {
        FunctionSignature(
            name: name, argumentTypes: args, variadic: variadic, returnType: returns, isExperimental: experimental)
    }

    /// Every signature, alphabetically.
    public static let all: [FunctionSignature] = [
        fn("abs", [.vector]),
        fn("absent", [.vector]),
        fn("absent_over_time", [.matrix]),
        fn("acos", [.vector]),
        fn("acosh", [.vector]),
        fn("asin", [.vector]),
        fn("asinh", [.vector]),
        fn("atan", [.vector]),
        fn("atanh", [.vector]),
        fn("avg_over_time", [.matrix]),
        fn("ceil", [.vector]),
        fn("changes", [.matrix]),
        fn("clamp", [.vector, .scalar, .scalar]),
        fn("clamp_max", [.vector, .scalar]),
        fn("clamp_min", [.vector, .scalar]),
        fn("cos", [.vector]),
        fn("cosh", [.vector]),
        fn("count_over_time", [.matrix]),
        fn("day_of_month", [.vector], variadic: 1),
        fn("day_of_week", [.vector], variadic: 1),
        fn("day_of_year", [.vector], variadic: 1),
        fn("days_in_month", [.vector], variadic: 1),
        fn("deg", [.vector]),
        fn("delta", [.matrix]),
        fn("deriv", [.matrix]),
        fn("double_exponential_smoothing", [.matrix, .scalar, .scalar], experimental: true),
        fn("end", [], returns: .scalar, experimental: true),
        fn("exp", [.vector]),
        fn("first_over_time", [.matrix]),
        fn("floor", [.vector]),
        fn("histogram_avg", [.vector]),
        fn("histogram_count", [.vector]),
        fn("histogram_fraction", [.scalar, .scalar, .vector]),
        fn("histogram_quantile", [.scalar, .vector]),
        fn("histogram_quantiles", [.vector, .string, .scalar, .scalar], variadic: 9, experimental: true),
        fn("histogram_stddev", [.vector]),
        fn("histogram_stdvar", [.vector]),
        fn("histogram_sum", [.vector]),
        fn("hour", [.vector], variadic: 1),
        fn("idelta", [.matrix]),
        fn("increase", [.matrix]),
        fn("info", [.vector, .vector], variadic: 1, experimental: true),
        fn("irate", [.matrix]),
        fn("label_join", [.vector, .string, .string, .string], variadic: -1),
        fn("label_replace", [.vector, .string, .string, .string, .string]),
        fn("last_over_time", [.matrix]),
        fn("ln", [.vector]),
        fn("log10", [.vector]),
        fn("log2", [.vector]),
        fn("mad_over_time", [.matrix], experimental: true),
        fn("max_of", [.scalar, .scalar], returns: .scalar, experimental: true),
        fn("max_over_time", [.matrix]),
        fn("min_of", [.scalar, .scalar], returns: .scalar, experimental: true),
        fn("min_over_time", [.matrix]),
        fn("minute", [.vector], variadic: 1),
        fn("month", [.vector], variadic: 1),
        fn("pi", [], returns: .scalar),
        fn("predict_linear", [.matrix, .scalar]),
        fn("present_over_time", [.matrix]),
        fn("quantile_over_time", [.scalar, .matrix]),
        fn("rad", [.vector]),
        fn("range", [], returns: .scalar, experimental: true),
        fn("rate", [.matrix]),
        fn("resets", [.matrix]),
        fn("round", [.vector, .scalar], variadic: 1),
        fn("scalar", [.vector], returns: .scalar),
        fn("sgn", [.vector]),
        fn("sin", [.vector]),
        fn("sinh", [.vector]),
        fn("sort", [.vector]),
        fn("sort_by_label", [.vector, .string], variadic: -1, experimental: true),
        fn("sort_by_label_desc", [.vector, .string], variadic: -1, experimental: true),
        fn("sort_desc", [.vector]),
        fn("sqrt", [.vector]),
        fn("start", [], returns: .scalar, experimental: true),
        fn("start_timestamp", [.vector], experimental: true),
        fn("stddev_over_time", [.matrix]),
        fn("stdvar_over_time", [.matrix]),
        fn("step", [], returns: .scalar, experimental: true),
        fn("sum_over_time", [.matrix]),
        fn("tan", [.vector]),
        fn("tanh", [.vector]),
        fn("time", [], returns: .scalar),
        fn("timestamp", [.vector]),
        fn("ts_of_first_over_time", [.matrix], experimental: true),
        fn("ts_of_last_over_time", [.matrix], experimental: true),
        fn("ts_of_max_over_time", [.matrix], experimental: true),
        fn("ts_of_min_over_time", [.matrix], experimental: true),
        fn("vector", [.scalar]),
        fn("year", [.vector], variadic: 1),
    ]
}
