/// A label matcher of a selector: `name="v"`, `name!="v"`, `name=~"re"`, `name!~"re"`.
///
/// As in Prometheus, a missing label matches as the empty string: `{a=""}` selects series
/// without `a`, and `{a!~".+"}` too.
public struct LabelMatcher: Sendable, Hashable, CustomStringConvertible {
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        case equal = "="
        case notEqual = "!="
        case regexMatch = "=~"
        case regexNoMatch = "!~"
    }

    public let kind: Kind
    public let name: String
    public let value: String
    private let regex: LabelRegex?

    public init(_ kind: Kind, _ name: String, _ value: String) throws(RegexError) {
        self.kind = kind
        self.name = name
        self.value = value
        switch kind {
        case .equal, .notEqual: regex = nil
        case .regexMatch, .regexNoMatch: regex = try LabelRegex(value)
        }
    }

    /// `name="value"`, which cannot fail.
    public static func equal(_ name: String, _ value: String) -> LabelMatcher {
        try! LabelMatcher(.equal, name, value)
    }

    /// Whether a label value (empty when the label is absent) satisfies the matcher.
    public func matches(_ labelValue: String) -> Bool {
        switch kind {
        case .equal: return labelValue == value
        case .notEqual: return labelValue != value
        case .regexMatch: return regex!.matches(labelValue)
        case .regexNoMatch: return !regex!.matches(labelValue)
        }
    }

    /// Whether the label set satisfies the matcher.
    public func matches(_ labels: Labels) -> Bool {
        matches(labels[name] ?? "")
    }

    /// Whether a series without this label is selected, i.e. the empty value matches.
    public var matchesEmpty: Bool { matches("") }

    public var description: String { "\(name)\(kind.rawValue)\(LabelValue.quoted(value))" }

    public static func == (a: LabelMatcher, b: LabelMatcher) -> Bool {
        a.kind == b.kind && a.name == b.name && a.value == b.value
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(kind)
        hasher.combine(name)
        hasher.combine(value)
    }
}

extension Sequence<LabelMatcher> {
    /// Whether every matcher accepts the label set.
    public func matches(_ labels: Labels) -> Bool {
        allSatisfy { $0.matches(labels) }
    }
}
