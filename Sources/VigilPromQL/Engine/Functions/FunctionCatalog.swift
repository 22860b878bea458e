/// The signature of a PromQL function as the engine knows it (promql/parser/functions.go).
struct FunctionCatalogEntry: Sendable {
    let name: String
    let argTypes: [ValueType]
    /// Extra optional arguments of the last type: 0 none, n up to n more, -1 unlimited.
    let variadic: Int
    let returnType: ValueType
    /// Behind `--enable-feature=promql-experimental-functions` upstream.
    let experimental: Bool

    /// Whether `count` arguments fit the signature, as Prometheus' parser checks it: with
    /// `variadic` set the last declared argument is optional and may repeat.
    func accepts(argumentCount count: Int) -> Bool {
        if variadic == 0 { return count == argTypes.count }
        let minimum = argTypes.count - 1
        if count < minimum { return false }
        return variadic < 0 || count <= minimum + variadic
    }

    /// The expected type of argument `index`.
    func argType(_ index: Int) -> ValueType {
        index < argTypes.count ? argTypes[index] : argTypes[argTypes.count - 1]
    }
}

/// Every function the engine evaluates, keyed by name.
enum FunctionCatalog {
    typealias Entry = FunctionCatalogEntry

    private static func sig(
        _ name: String, _ args: [ValueType], _ ret: ValueType = .vector, variadic: Int = 0, experimental: Bool = false
    ) -> (String, FunctionCatalogEntry) {
        (name, FunctionCatalogEntry(name: name, argTypes: args, variadic: variadic, returnType: ret, experimental: experimental))
    }

    static let all: [String: FunctionCatalogEntry] = Dictionary(uniqueKeysWithValues: [
        // Instant-vector math.
        sig("abs", [.vector]), sig("ceil", [.vector]), sig("floor", [.vector]), sig("exp", [.vector]),
        sig("sqrt", [.vector]), sig("ln", [.vector]), sig("log2", [.vector]), sig("log10", [.vector]),
        sig("sgn", [.vector]), sig("deg", [.vector]), sig("rad", [.vector]),
        sig("sin", [.vector]), sig("cos", [.vector]), sig("tan", [.vector]),
        sig("asin", [.vector]), sig("acos", [.vector]), sig("atan", [.vector]),
        sig("sinh", [.vector]), sig("cosh", [.vector]), sig("tanh", [.vector]),
        sig("asinh", [.vector]), sig("acosh", [.vector]), sig("atanh", [.vector]),
        sig("round", [.vector, .scalar], variadic: 1),
        sig("clamp", [.vector, .scalar, .scalar]), sig("clamp_max", [.vector, .scalar]), sig("clamp_min", [.vector, .scalar]),
        sig("timestamp", [.vector]),
        sig("start_timestamp", [.vector], experimental: true),
        // Time.
        sig("time", [], .scalar), sig("pi", [], .scalar),
        sig("minute", [.vector], variadic: 1), sig("hour", [.vector], variadic: 1),
        sig("day_of_week", [.vector], variadic: 1), sig("day_of_month", [.vector], variadic: 1),
        sig("day_of_year", [.vector], variadic: 1), sig("days_in_month", [.vector], variadic: 1),
        sig("month", [.vector], variadic: 1), sig("year", [.vector], variadic: 1),
        sig("start", [], .scalar, experimental: true), sig("end", [], .scalar, experimental: true),
        sig("range", [], .scalar, experimental: true), sig("step", [], .scalar, experimental: true),
        sig("min_of", [.scalar, .scalar], .scalar, experimental: true),
        sig("max_of", [.scalar, .scalar], .scalar, experimental: true),
        // Conversions and labels.
        sig("scalar", [.vector], .scalar), sig("vector", [.scalar]),
        sig("absent", [.vector]),
        sig("label_replace", [.vector, .string, .string, .string, .string]),
        sig("label_join", [.vector, .string, .string, .string], variadic: -1),
        sig("sort", [.vector]), sig("sort_desc", [.vector]),
        sig("sort_by_label", [.vector, .string], variadic: -1, experimental: true),
        sig("sort_by_label_desc", [.vector, .string], variadic: -1, experimental: true),
        // Histograms.
        sig("histogram_quantile", [.scalar, .vector]),
        sig("histogram_fraction", [.scalar, .scalar, .vector]),
        sig("histogram_quantiles", [.vector, .string, .scalar, .scalar], variadic: 9, experimental: true),
        sig("histogram_count", [.vector]), sig("histogram_sum", [.vector]), sig("histogram_avg", [.vector]),
        sig("histogram_stddev", [.vector]), sig("histogram_stdvar", [.vector]),
        // Range vectors.
        sig("rate", [.matrix]), sig("irate", [.matrix]), sig("increase", [.matrix]),
        sig("delta", [.matrix]), sig("idelta", [.matrix]), sig("deriv", [.matrix]),
        sig("predict_linear", [.matrix, .scalar]),
        sig("resets", [.matrix]), sig("changes", [.matrix]),
        sig("avg_over_time", [.matrix]), sig("sum_over_time", [.matrix]), sig("count_over_time", [.matrix]),
        sig("min_over_time", [.matrix]), sig("max_over_time", [.matrix]),
        sig("last_over_time", [.matrix]), sig("first_over_time", [.matrix]),
        sig("present_over_time", [.matrix]), sig("absent_over_time", [.matrix]),
        sig("quantile_over_time", [.scalar, .matrix]),
        sig("stddev_over_time", [.matrix]), sig("stdvar_over_time", [.matrix]),
        sig("mad_over_time", [.matrix], experimental: true),
        sig("ts_of_first_over_time", [.matrix], experimental: true),
        sig("ts_of_last_over_time", [.matrix], experimental: true),
        sig("ts_of_min_over_time", [.matrix], experimental: true),
        sig("ts_of_max_over_time", [.matrix], experimental: true),
        sig("double_exponential_smoothing", [.matrix, .scalar, .scalar], experimental: true),
        // Prometheus 2.x's name for double_exponential_smoothing, removed in 3.0.
        sig("holt_winters", [.matrix, .scalar, .scalar]),
        sig("info", [.vector, .vector], variadic: 1, experimental: true),
    ])

    /// Functions whose result depends on the evaluation time even when their arguments do
    /// not (`AtModifierUnsafeFunctions`): never evaluated once for all steps.
    static let stepVariant: Set<String> = [
        "days_in_month", "day_of_month", "day_of_week", "day_of_year", "end", "hour", "minute", "month", "year",
        "predict_linear", "range", "start", "step", "time", "timestamp",
    ]
}
