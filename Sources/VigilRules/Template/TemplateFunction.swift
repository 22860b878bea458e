/// A function or bound method callable from a template, with the Go signature the executor
/// checks arguments against (`wrong number of args for humanize: want 1 got 2`).
public struct TemplateFunction: Sendable {
    /// The static type of a parameter, as far as argument checking needs it.
    public enum Parameter: Sendable, Equatable {
        /// `interface{}`: any value; untyped constants become `int` or `float64`.
        case any
        case string
        case float
        case int
        case bool
        /// `[]string` (and named string slices such as Alertmanager's `Strings`).
        case stringList
        /// Any slice, e.g. Prometheus' `queryResult`.
        case list(String)
        /// A value the function checks itself; `name` is the Go type for messages.
        case typed(String)

        var goName: String {
            switch self {
            case .any: return "interface {}"
            case .string: return "string"
            case .float: return "float64"
            case .int: return "int"
            case .bool: return "bool"
            case .stringList: return "[]string"
            case .list(let name), .typed(let name): return name
            }
        }
    }

    /// Fixed parameters, in order.
    public var parameters: [Parameter]
    /// The element type of a trailing `...` parameter, or nil when not variadic.
    public var variadic: Parameter?
    /// The body. Throwing corresponds to Go's second, `error` result.
    public var body: @Sendable ([TemplateValue]) throws(TemplateFunctionError) -> TemplateValue

    public init(
        _ parameters: [Parameter], variadic: Parameter? = nil,
        _ body: @escaping @Sendable ([TemplateValue]) throws(TemplateFunctionError) -> TemplateValue
    ) {
        self.parameters = parameters
        self.variadic = variadic
        self.body = body
    }
}

/// The error a template function returns; execution stops with
/// `error calling NAME: MESSAGE`.
public struct TemplateFunctionError: Error, Sendable, CustomStringConvertible {
    public var message: String

    /// A returned error, or a panic: Go's `safeCall` turns both into `error calling …`.
    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}

/// The functions visible to one template, by name.
public typealias TemplateFunctions = [String: TemplateFunction]
