import Testing
import VigilModel
@testable import VigilPromQL

/// Every `eval` expression of the upstream PromQL test scripts (`Tests/Conformance/promql`) must
/// parse with all features enabled, print back to text that parses to the same tree, and
/// prettify to text that parses to the same tree.
@Suite struct ParserCorpusTests {
    /// Expressions known not to parse, with the reason. Empty: everything parses.
    static let knownUnsupported: [String: String] = [:]

    @Test func everyEvalExpressionParses() throws {
        let evals = try ConformanceScripts.evalExpressions()
        #expect(evals.count > 1500, "found only \(evals.count) eval lines")
        var failures: [String] = []
        for eval in evals where ConformanceScripts.knownUnsupported[eval.expression] == nil {
            do {
                let expr = try Parser.parse(eval.expression)
                let printed = expr.description
                let reparsed = try Parser.parse(printed)
                if reparsed.withoutRanges != expr.withoutRanges {
                    failures.append("\(eval.location): printed \(printed) parses differently")
                }
                let pretty = expr.prettified()
                if try Parser.parse(pretty).withoutRanges != expr.withoutRanges {
                    failures.append("\(eval.location): prettified \(pretty) parses differently")
                }
            } catch {
                failures.append("\(eval.location): \(eval.expression) → \(error)")
            }
        }
        #expect(failures.isEmpty, "\(failures.count) failures:\n\(failures.joined(separator: "\n"))")
    }
}

/// The upstream PromQL test scripts, read from `Tests/Conformance/promql`.
enum ConformanceScripts {
    struct Eval {
        var location: String
        var expression: String
    }

    static let knownUnsupported = ParserCorpusTests.knownUnsupported

    static var directory: String {
        var path = #filePath
        while !path.hasSuffix("/Tests") {
            path = String(path[..<path.lastIndex(of: "/")!])
        }
        return path + "/Conformance/promql"
    }

    static func scripts() throws -> [(name: String, text: String)] {
        let names = [
            "aggregators", "at_modifier", "collision", "duration_expression", "extended_vectors", "fill-modifier",
            "functions", "histograms", "info", "limit", "literals", "name_label_dropping", "native_histograms",
            "operators", "range_queries", "selectors", "staleness", "start_timestamps", "subquery",
            "trig_functions", "type_and_unit",
        ]
        return try names.map { name in (name + ".test", try readFile(directory + "/" + name + ".test")) }
    }

    static func evalExpressions() throws -> [Eval] {
        let instant = try Regex(#"^eval(?:_(?:fail|warn|ordered|info))?\s+instant\s+(?:at\s+(?:.+?))?\s+(.+)$"#)
        let range = try Regex(#"^eval(?:_(?:fail|warn|info))?\s+range\s+from\s+(?:.+)\s+to\s+(?:.+)\s+step\s+(?:.+?)\s+(.+)$"#)
        var evals: [Eval] = []
        for script in try scripts() {
            for (number, rawLine) in script.text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                let line = rawLine.trimmingWhitespace()
                guard line.hasPrefix("eval") else { continue }
                let match = try instant.wholeMatch(in: line) ?? range.wholeMatch(in: line)
                guard let match, let expression = match.output[1].substring else {
                    evals.append(Eval(location: "\(script.name):\(number + 1)", expression: "<unmatched: \(line)>"))
                    continue
                }
                evals.append(Eval(location: "\(script.name):\(number + 1)", expression: String(expression)))
            }
        }
        return evals
    }
}

func readFile(_ path: String) throws -> String {
    guard let file = fopen(path, "rb") else { throw FileError(path: path) }
    defer { fclose(file) }
    var bytes: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 65536)
    while true {
        let count = fread(&buffer, 1, buffer.count, file)
        if count <= 0 { break }
        bytes += buffer[0..<count]
    }
    return String(decoding: bytes, as: UTF8.self)
}

struct FileError: Error, CustomStringConvertible {
    var path: String
    var description: String { "cannot read \(path)" }
}

extension StringProtocol {
    func trimmingWhitespace() -> String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
              let last = scalars.lastIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        return String(String.UnicodeScalarView(scalars[first...last]))
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
