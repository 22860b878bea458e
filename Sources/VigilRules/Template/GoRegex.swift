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
