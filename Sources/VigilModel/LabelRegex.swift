import Foundation

/// A fully anchored regular expression with RE2 syntax, as Prometheus uses for label
/// matchers and relabeling: the pattern must match the whole value, and `.` matches
/// newlines too (Prometheus 3.x compiles `^(?s:PATTERN)$`).
///
/// Common shapes (a literal, `.*`, `.+`, `prefix.*`, `a|b|c`) are answered without the
/// regex engine, and are never compiled: a query's selectors are parsed anew each time, and
/// compiling with ICU costs about as much as evaluating a small query. Everything else runs on
/// ICU through `NSRegularExpression`, after the RE2-only spellings (`(?P<name>…)`) are
/// translated and constructs RE2 rejects (look-around, back-references) are refused the
/// way Prometheus refuses them.
public struct LabelRegex: Sendable, Hashable, CustomStringConvertible {
    /// The pattern as the user wrote it.
    public let pattern: String
    private let shape: Shape
    /// The ICU form, for `.general` patterns only.
    private let compiled: CompiledRegex?
    /// Names of the named capture groups, by group number.
    public let groupNames: [Int: String]

    private enum Shape: Sendable, Hashable {
        case literal(String)
        case anything            // .*
        case nonEmpty            // .+
        case prefix(String)      // foo.*
        case alternatives(Set<String>)
        case general
    }

    public init(_ pattern: String) throws(RegexError) {
        self.pattern = pattern
        try Self.rejectUnsupported(pattern)
        shape = Self.shape(of: pattern)
        if case .general = shape {
            let translated = pattern.replacingOccurrences(of: "(?P<", with: "(?<")
            do {
                let regex = try NSRegularExpression(pattern: "\\A(?s:" + translated + ")\\z", options: [])
                compiled = CompiledRegex(regex)
            } catch {
                throw RegexError(pattern: pattern, message: "invalid regular expression")
            }
        } else {
            compiled = nil
        }
        groupNames = Self.namedGroups(in: pattern)
    }

    /// Whether the whole of `value` matches.
    public func matches(_ value: String) -> Bool {
        switch shape {
        case .literal(let literal): return value == literal
        case .anything: return true
        case .nonEmpty: return !value.isEmpty
        case .prefix(let prefix): return value.hasPrefix(prefix)
        case .alternatives(let set): return set.contains(value)
        case .general: return compiled!.firstMatch(value) != nil
        }
    }

    /// The capture groups of a whole-value match (index 0 is the whole value), or nil.
    /// Groups that did not participate are empty strings, as in Go.
    public func captures(_ value: String) -> [String]? {
        // The simple shapes have no parentheses, so the whole value is the only group.
        guard let compiled else { return matches(value) ? [value] : nil }
        guard let result = compiled.firstMatch(value) else { return nil }
        let ns = value as NSString
        return (0..<result.numberOfRanges).map { index in
            let range = result.range(at: index)
            return range.location == NSNotFound ? "" : ns.substring(with: range)
        }
    }

    /// Expands `template` with the captures of matching `value`, as Go's
    /// `Regexp.ExpandString`: `$1`, `${1}`, `$name`, `${name}`, `$$` for a dollar sign.
    /// A reference to a missing group expands to nothing. Nil when `value` does not match.
    public func expand(_ template: String, matching value: String) -> String? {
        guard let groups = captures(value) else { return nil }
        return expand(template, groups: groups)
    }

    /// Expands `template` with already captured `groups`.
    public func expand(_ template: String, groups: [String]) -> String {
        var out = ""
        var scalars = template.unicodeScalars[...]
        while let dollar = scalars.firstIndex(of: "$") {
            out.unicodeScalars.append(contentsOf: scalars[..<dollar])
            scalars = scalars[scalars.index(after: dollar)...]
            if scalars.first == "$" {
                out += "$"
                scalars = scalars.dropFirst()
                continue
            }
            var name = ""
            if scalars.first == "{" {
                guard let close = scalars.firstIndex(of: "}") else {
                    out += "$"
                    continue
                }
                name = String(String.UnicodeScalarView(scalars[scalars.index(after: scalars.startIndex)..<close]))
                guard !name.isEmpty, name.unicodeScalars.allSatisfy(Self.isNameScalar) else {
                    out += "$"
                    continue
                }
                scalars = scalars[scalars.index(after: close)...]
            } else {
                let end = scalars.firstIndex { !Self.isNameScalar($0) } ?? scalars.endIndex
                name = String(String.UnicodeScalarView(scalars[..<end]))
                guard !name.isEmpty else {
                    out += "$"
                    continue
                }
                scalars = scalars[end...]
            }
            if let number = Int(name) {
                if number < groups.count { out += groups[number] }
            } else if let number = groupNames.first(where: { $0.value == name })?.key, number < groups.count {
                out += groups[number]
            }
        }
        out.unicodeScalars.append(contentsOf: scalars)
        return out
    }

    public var description: String { pattern }

    public static func == (a: LabelRegex, b: LabelRegex) -> Bool { a.pattern == b.pattern }
    public func hash(into hasher: inout Hasher) { hasher.combine(pattern) }

    // MARK: - Analysis

    private static func isNameScalar(_ s: Unicode.Scalar) -> Bool {
        s == "_" || s.properties.isAlphabetic && s.isASCII || ("0"..."9").contains(s)
    }

    private static let metacharacters = Set("\\.+*?()|[]{}^$".unicodeScalars)

    private static func isLiteral(_ s: Substring) -> Bool {
        !s.unicodeScalars.contains { metacharacters.contains($0) }
    }

    private static func shape(of pattern: String) -> Shape {
        if isLiteral(pattern[...]) { return .literal(pattern) }
        if pattern == ".*" { return .anything }
        if pattern == ".+" { return .nonEmpty }
        if pattern.hasSuffix(".*"), isLiteral(pattern.dropLast(2)) { return .prefix(String(pattern.dropLast(2))) }
        let parts = pattern.split(separator: "|", omittingEmptySubsequences: false)
        if parts.count > 1, parts.allSatisfy({ isLiteral($0) }) { return .alternatives(Set(parts.map(String.init))) }
        return .general
    }

    /// Refuses what RE2 (and so Prometheus) does not accept but ICU would.
    private static func rejectUnsupported(_ pattern: String) throws(RegexError) {
        let scalars = Array(pattern.unicodeScalars)
        var index = 0
        var inClass = false
        while index < scalars.count {
            let s = scalars[index]
            if s == "\\" {
                if index + 1 < scalars.count {
                    let next = scalars[index + 1]
                    if !inClass, ("1"..."9").contains(next) {
                        throw RegexError(pattern: pattern, message: "invalid escape sequence: `\\\(next)`")
                    }
                }
                index += 2
                continue
            }
            if inClass {
                if s == "]" { inClass = false }
            } else if s == "[" {
                inClass = true
                // A `]` right after `[` or `[^` is a literal member.
                if index + 1 < scalars.count, scalars[index + 1] == "^" { index += 1 }
                if index + 1 < scalars.count, scalars[index + 1] == "]" { index += 1 }
            } else if s == "(", index + 2 < scalars.count, scalars[index + 1] == "?" {
                let kind = scalars[index + 2]
                let lookbehind = kind == "<" && index + 3 < scalars.count && (scalars[index + 3] == "=" || scalars[index + 3] == "!")
                if kind == "=" || kind == "!" || lookbehind {
                    throw RegexError(pattern: pattern, message: "invalid or unsupported Perl syntax: `(?\(kind)`")
                }
            }
            index += 1
        }
    }

    private static func namedGroups(in pattern: String) -> [Int: String] {
        var names: [Int: String] = [:]
        let scalars = Array(pattern.unicodeScalars)
        var group = 0
        var index = 0
        var inClass = false
        while index < scalars.count {
            let s = scalars[index]
            if s == "\\" { index += 2; continue }
            if inClass { if s == "]" { inClass = false }; index += 1; continue }
            if s == "[" { inClass = true; index += 1; continue }
            if s == "(" {
                if index + 1 < scalars.count, scalars[index + 1] == "?" {
                    var start = index + 2
                    if start < scalars.count, scalars[start] == "P" { start += 1 }
                    if start < scalars.count, scalars[start] == "<" {
                        group += 1
                        var end = start + 1
                        while end < scalars.count, scalars[end] != ">" { end += 1 }
                        names[group] = String(String.UnicodeScalarView(scalars[(start + 1)..<end]))
                    }
                } else {
                    group += 1
                }
            }
            index += 1
        }
        return names
    }
}

/// A regular expression that failed to compile.
public struct RegexError: Error, Sendable, Hashable, CustomStringConvertible {
    public var pattern: String
    public var message: String

    public init(pattern: String, message: String) {
        self.pattern = pattern
        self.message = message
    }

    public var description: String { "error parsing regexp: \(message): `\(pattern)`" }
}

/// `NSRegularExpression` is immutable after creation and documented as safe to use from
/// several threads at once, so sharing one instance is sound.
private final class CompiledRegex: @unchecked Sendable {
    let regex: NSRegularExpression

    init(_ regex: NSRegularExpression) { self.regex = regex }

    func firstMatch(_ value: String) -> NSTextCheckingResult? {
        regex.firstMatch(in: value, options: [], range: NSRange(location: 0, length: (value as NSString).length))
    }
}

extension CompiledRegex: Hashable {
    static func == (a: CompiledRegex, b: CompiledRegex) -> Bool { a.regex.pattern == b.regex.pattern }
    func hash(into hasher: inout Hasher) { hasher.combine(regex.pattern) }
}
