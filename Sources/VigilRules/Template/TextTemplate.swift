import VigilModel

/// A set of Go `text/template` templates that share definitions, like Go's
/// `*template.Template`: parse one or more texts (each may `{{define}}` templates), then
/// execute any of them over a `TemplateValue`.
///
/// The syntax and semantics are Go's: actions, pipelines, variables, `if`/`else if`/
/// `with`/`range` (with `break`/`continue`), `template`/`block`/`define`, trim markers,
/// comments, and the builtin functions. Parse and execution errors carry Go's messages.
public struct TextTemplate: Sendable {
    /// The name of the main template (the first text parsed).
    public let name: String
    /// Functions beyond the builtins; they take precedence over builtins of the same name.
    public var functions: TemplateFunctions
    public var missingKey: TemplateMissingKey
    private var trees: [String: TemplateTree] = [:]

    /// Parses `text` as the template `name`.
    public init(
        _ text: String, name: String, functions: TemplateFunctions = [:], missingKey: TemplateMissingKey = .zero
    ) throws(TemplateError) {
        self.name = name
        self.functions = functions
        self.missingKey = missingKey
        try parse(text, name: name)
    }

    /// A set made of trees parsed before (see `PrometheusTemplate`'s cache).
    init(name: String, trees: [String: TemplateTree], functions: TemplateFunctions, missingKey: TemplateMissingKey) {
        self.name = name
        self.trees = trees
        self.functions = functions
        self.missingKey = missingKey
    }

    /// The parsed trees, by name.
    var parsedTrees: [String: TemplateTree] { trees }

    /// Parses more text into the set: its `{{define}}`s are added (replacing earlier ones of
    /// the same name), and its body becomes template `name` unless it is only white space
    /// and a template of that name exists, as Go's `Parse` does.
    public mutating func parse(_ text: String, name: String? = nil) throws(TemplateError) {
        let parsed = try TemplateParser.parse(text, name: name ?? self.name, functions: Set(functions.keys))
        for (treeName, tree) in parsed {
            if tree.isEmpty, let existing = trees[treeName], !existing.isEmpty { continue }
            trees[treeName] = tree
        }
    }

    /// Whether a template called `name` exists.
    public func defines(_ name: String) -> Bool { trees[name] != nil }

    /// Executes template `name` (default: the main one) over `data`.
    public func execute(_ data: TemplateValue, template name: String? = nil) throws(TemplateError) -> String {
        let templateName = name ?? self.name
        guard let tree = trees[templateName] else {
            throw TemplateError(
                kind: .execution,
                description: "template: no template \(GoQuote.string(templateName)) associated with template \(GoQuote.string(self.name))",
                line: 1)
        }
        var executor = TemplateExecutor(tree: tree, trees: trees, functions: functions, missingKey: missingKey)
        try executor.run(data)
        return executor.output
    }
}

/// What a missing map key yields (Go's `missingkey` template option).
public enum TemplateMissingKey: Sendable {
    /// `<no value>` when printed (Go's default).
    case invalid
    /// The element type's zero value (Prometheus and Alertmanager set this).
    case zero
    /// Execution stops with `map has no entry for key "x"`.
    case error
}
