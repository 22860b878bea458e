import Foundation
import VigilModel

/// An unanchored RE2-syntax regular expression for the template functions `match` and
/// `reReplaceAll`, with Go's `MatchString` and `ReplaceAllString` semantics (`$1`, `${name}`
/// expansion; no empty match right after a previous match).
struct GoRegex: Sendable {
    /// Validation and Go-style expansion come from the anchored label regex of VigilModel,
    /// which refuses what RE2 refuses; matching runs unanchored on ICU.
    private let label: LabelRegex
    private let compiled: NSRegularExpression

    init(_ pattern: String) throws(TemplateFunctionError) {
        if let problem = Self.syntaxProblem(in: pattern) {
            throw TemplateFunctionError("error parsing regexp: \(problem)")
        }
        do {
            label = try LabelRegex(pattern)
        } catch {
            throw TemplateFunctionError(error.description)
        }
        do {
            compiled = try NSRegularExpression(pattern: pattern.replacingOccurrences(of: "(?P<", with: "(?<"), options: [])
        } catch {
            throw TemplateFunctionError("error parsing regexp: invalid regular expression: `\(pattern)`")
        }
    }

    /// The commonest RE2 syntax errors, worded as Go's `regexp/syntax` words them
    /// (`missing closing ): `(``); nil when none of them applies.
    static func syntaxProblem(in pattern: String) -> String? {
        let s = Array(pattern.unicodeScalars)
        var depth = 0
        var i = 0
        // Whether a repetition operator has something to repeat here.
        var canRepeat = false
        var lastWasRepeat = false
        while i < s.count {
            let c = s[i]
            switch c {
            case "\\":
                guard i + 1 < s.count else { return "trailing backslash at end of expression: ``" }
                i += 2
                canRepeat = true
                lastWasRepeat = false
                continue
            case "[":
                let start = i
                i += 1
                if i < s.count, s[i] == "^" { i += 1 }
                if i < s.count, s[i] == "]" { i += 1 }
                while i < s.count, s[i] != "]" {
                    if s[i] == "\\" { i += 1 }
                    i += 1
                }
                guard i < s.count else {
                    return "missing closing ]: `\(String(String.UnicodeScalarView(s[start...])))`"
                }
                canRepeat = true
                lastWasRepeat = false
            case "(":
                depth += 1
                canRepeat = false
                lastWasRepeat = false
                if i + 1 < s.count, s[i + 1] == "?" { i += 1 }
            case ")":
                guard depth > 0 else { return "unexpected ): `\(pattern)`" }
                depth -= 1
                canRepeat = true
                lastWasRepeat = false
            case "|":
                canRepeat = false
                lastWasRepeat = false
            case "*", "+", "?":
                if lastWasRepeat && c == "?" && s[i - 1] != "?" {
                    lastWasRepeat = false  // a lazy quantifier such as `*?`
                } else if lastWasRepeat {
                    return "invalid nested repetition operator: `\(Character(s[i - 1]))\(Character(c))`"
                } else if !canRepeat {
                    return "missing argument to repetition operator: `\(Character(c))`"
                } else {
                    lastWasRepeat = true
                }
                i += 1
                continue
            default:
                canRepeat = true
                lastWasRepeat = false
            }
            i += 1
        }
        return depth > 0 ? "missing closing ): `\(pattern)`" : nil
    }

    /// Go's `regexp.MatchString`: whether any part of `text` matches.
    func matches(_ text: String) -> Bool {
        compiled.firstMatch(in: text, range: NSRange(location: 0, length: (text as NSString).length)) != nil
    }

    /// Go's `Regexp.ReplaceAllString`.
    func replaceAll(in text: String, with replacement: String) -> String {
        let ns = text as NSString
        var out = ""
        var last = 0
        var previousEnd = -1
        for match in compiled.matches(in: text, range: NSRange(location: 0, length: ns.length)) {
            let range = match.range
            // As Go: an empty match adjacent to the previous match is not a match.
            if range.length == 0 && range.location == previousEnd { continue }
            previousEnd = range.location + range.length
            out += ns.substring(with: NSRange(location: last, length: range.location - last))
            let groups = (0..<match.numberOfRanges).map { index -> String in
                let r = match.range(at: index)
                return r.location == NSNotFound ? "" : ns.substring(with: r)
            }
            out += label.expand(replacement, groups: groups)
            last = range.location + range.length
        }
        out += ns.substring(from: last)
        return out
    }
}
