import Foundation
import VigilConfig
import VigilModel
import VigilPromQL

/// `vigil check rules FILE…`: what `promtool check rules` checks, with every problem placed
/// at `file:line:column`. The rule-file structure and names are checked by VigilConfig's
/// loader; this adds the PromQL of each expression (the position of a parse error in the
/// file), the templates of alerting rules, and duplicate rules (a warning, as promtool's
/// lint).
public enum RuleChecker {
    /// One problem of a rule file.
    public struct Problem: Sendable, Hashable, CustomStringConvertible {
        public var location: ConfigLocation?
        /// promtool's wording, e.g. `group "g", rule 1, "x": could not parse expression: …`.
        public var message: String
        public var isWarning: Bool

        /// `file:line:column: message`.
        public var description: String {
            guard let location else { return message }
            return "\(location): \(message)"
        }
    }

    /// Problems of the expressions and templates of a loaded rule file, in file order.
    public static func check(_ file: RuleFileConfig) -> [Problem] {
        var problems: [Problem] = []
        var seen: [String: (group: String, number: Int)] = [:]
        for group in file.groups {
            for (index, rule) in group.rules.enumerated() {
                let prefix = "group \(GoQuote.string(group.name)), rule \(index + 1), \(GoQuote.string(rule.name)): "
                do {
                    _ = try Parser.parse(rule.expr)
                } catch {
                    let at = rule.location(ofExprOffset: error.range.lowerBound) ?? rule.exprLocation ?? rule.location
                    problems.append(Problem(location: at, message: prefix + "could not parse expression: \(error.description)", isWarning: false))
                }
                if case .alerting(let name) = rule.kind {
                    for (kind, entries) in [("label", rule.labels), ("annotation", rule.annotations)] {
                        for key in entries.keys.sorted() {
                            do {
                                try AlertTemplate.check(entries[key]!, alertName: name)
                            } catch {
                                problems.append(Problem(
                                    location: rule.location, message: prefix + "\(kind) \(GoQuote.string(key)): \(error.description)",
                                    isWarning: false))
                            }
                        }
                    }
                }
                var labels = LabelsBuilder(group.labels)
                for (name, value) in rule.labels { labels.set(name, value) }
                let identity = rule.name + labels.labels.description
                if let first = seen[identity] {
                    problems.append(Problem(
                        location: rule.location,
                        message: prefix + "duplicate rule: same name and labels as rule \(first.number) of group \(GoQuote.string(first.group))",
                        isWarning: true))
                } else {
                    seen[identity] = (group.name, index + 1)
                }
            }
        }
        return problems
    }

    /// What `vigil check rules` prints for `files`, and its exit status (1 when any file has
    /// an error; warnings alone pass).
    public static func run(files: [String]) -> (output: String, exitCode: Int32) {
        var output = ""
        var failed = false
        for path in files {
            output += "Checking \(path)\n"
            let file: RuleFileConfig
            do {
                file = try RuleFileLoader.load(file: path)
            } catch {
                failed = true
                output += "  FAILED:\n" + error.all.map { $0.headline + "\n" }.joined() + "\n"
                continue
            }
            let problems = check(file)
            let errors = problems.filter { !$0.isWarning }
            if errors.isEmpty {
                let count = file.groups.reduce(0) { $0 + $1.rules.count }
                output += "  SUCCESS: \(count) rules found\n"
                output += problems.map { "  WARNING: \($0)\n" }.joined()
            } else {
                failed = true
                output += "  FAILED:\n" + problems.map { "\($0.isWarning ? "WARNING: " : "")\($0)\n" }.joined()
            }
            output += "\n"
        }
        return (output, failed ? 1 : 0)
    }
}
