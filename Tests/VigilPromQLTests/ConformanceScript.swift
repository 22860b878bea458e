import Foundation
import VigilModel
@testable import VigilPromQL

/// A parsed upstream PromQL test script (Tests/Conformance/promql/FORMAT.md).
struct ConformanceScript {
    /// One expanded value of a series line.
    enum Value: Equatable {
        case omitted
        case float(Double)
        /// A native histogram; its contents are not modelled.
        case histogram

        static func == (a: Value, b: Value) -> Bool {
            switch (a, b) {
            case (.omitted, .omitted), (.histogram, .histogram): return true
            case (.float(let x), .float(let y)): return x.bitPattern == y.bitPattern
            default: return false
            }
        }
    }

    enum Command {
        case clear
        case load(Load)
        case eval(Eval)
    }

    struct Load {
        var line: Int
        var interval: Int64
        /// Later lines of a series replace earlier ones (upstream keys by labels).
        var series: [(labels: Labels, values: [Value])]
    }

    /// An expected message: exact text, or an unanchored regular expression.
    enum Pattern {
        case any
        case message(String)
        case regex(String)

        func matches(_ text: String) -> Bool {
            switch self {
            case .any: return !text.contains("\n")
            case .message(let m): return m == text
            case .regex(let pattern):
                guard let regex = try? NSRegularExpression(pattern: pattern) else { return false }
                return regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
            }
        }
    }

    struct ExpectedSeries {
        var labels: Labels
        var values: [Value]
        /// 1-based position among the result lines, for `expect ordered`.
        var position: Int
    }

    struct Eval {
        enum Kind {
            case instant(at: Timestamp)
            case range(start: Timestamp, end: Timestamp, step: Int64)
        }

        var line: Int
        var expr: String
        var kind: Kind
        var ordered = false
        var fail: Pattern?
        var legacyWarn = false
        var legacyInfo = false
        var warnings: [Pattern] = []
        var infos: [Pattern] = []
        var noWarn = false
        var noInfo = false
        /// `expect range vector from a to b step s`: the instant query returns a matrix.
        var rangeVector: (start: Timestamp, end: Timestamp, step: Int64)?
        var string: String?
        var scalar: Double?
        var series: [ExpectedSeries] = []

        var isInstant: Bool {
            if case .instant = kind { return true }
            return false
        }
    }

    struct ScriptError: Error, CustomStringConvertible {
        var line: Int
        var message: String
        var description: String { "line \(line): \(message)" }
    }

    var commands: [Command] = []

    init(_ text: String) throws(ScriptError) {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { raw -> String in
            let trimmed = raw.trimmingCharacters(in: .whitespaces)
            return trimmed.hasPrefix("#") ? "" : trimmed
        }
        var i = 0
        while i < lines.count {
            let line = lines[i]
            if line.isEmpty { i += 1; continue }
            var block: [String] = []
            var j = i + 1
            while j < lines.count, !lines[j].isEmpty {
                block.append(lines[j])
                j += 1
            }
            let word = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).first.map(String.init) ?? ""
            if word == "clear" {
                // `clear` stands alone: the next line may start another command.
                commands.append(.clear)
                i += 1
                continue
            }
            if word.hasPrefix("load") {
                commands.append(.load(try Self.load(line, block, i + 1)))
            } else if word.hasPrefix("eval") {
                commands.append(.eval(try Self.eval(line, block, i + 1)))
            } else {
                throw ScriptError(line: i + 1, message: "invalid command \(line)")
            }
            i = j
        }
    }

    // MARK: - load

    private static func load(_ header: String, _ block: [String], _ line: Int) throws(ScriptError) -> Load {
        let words = header.split(whereSeparator: { $0 == " " || $0 == "\t" })
        guard words.count == 2, let interval = try? PromDuration.parse(String(words[1])) else {
            throw ScriptError(line: line, message: "invalid load command")
        }
        var load = Load(line: line, interval: interval, series: [])
        for (offset, text) in block.enumerated() {
            // `metric@st …` lines give start timestamps, which the store does not keep.
            if let first = text.split(separator: " ").first, first.hasSuffix("@st") { continue }
            let (labels, values) = try seriesLine(text, line + offset + 1)
            load.series.removeAll { $0.labels == labels }
            load.series.append((labels, values))
        }
        return load
    }

    // MARK: - eval

    private static func eval(_ header: String, _ block: [String], _ line: Int) throws(ScriptError) -> Eval {
        var eval = try evalHeader(header, line)
        var position = 0
        for (offset, text) in block.enumerated() {
            let at = line + offset + 1
            if eval.fail != nil, text.hasPrefix("expected_fail_message") {
                eval.fail = .message(text.dropFirst("expected_fail_message".count).trimmingCharacters(in: .whitespaces))
                break
            }
            if eval.fail != nil, text.hasPrefix("expected_fail_regexp") {
                eval.fail = .regex(text.dropFirst("expected_fail_regexp".count).trimmingCharacters(in: .whitespaces))
                break
            }
            if text.hasPrefix("expect range vector") {
                let parts = text.dropFirst("expect range vector".count).split(separator: " ").map(String.init)
                guard parts.count == 6, parts[0] == "from", parts[2] == "to", parts[4] == "step",
                      let a = try? PromDuration.parse(parts[1]), let b = try? PromDuration.parse(parts[3]),
                      let s = try? PromDuration.parse(parts[5])
                else { throw ScriptError(line: at, message: "invalid range vector definition") }
                eval.rangeVector = (a, b, s)
                eval.kind = .instant(at: b)
                continue
            }
            if text.hasPrefix("expect string") {
                eval.string = try goUnquote(String(text.dropFirst("expect string ".count)), at)
                continue
            }
            if text.split(separator: " ").first == "expect" {
                try expectation(text, at, &eval)
                continue
            }
            if let number = goNumber(text) {
                eval.scalar = number
                break
            }
            position += 1
            let (labels, values) = try seriesLine(text, at)
            eval.series.append(ExpectedSeries(labels: labels, values: values, position: position))
        }
        return eval
    }

    /// A series line through the parser's series descriptions.
    private static func seriesLine(_ text: String, _ line: Int) throws(ScriptError) -> (Labels, [Value]) {
        let description: SeriesDescription
        do { description = try Parser.parseSeriesDescription(text) } catch {
            throw ScriptError(line: line, message: error.description)
        }
        let values = description.values.map { value -> Value in
            switch value {
            case .value(let v): return .float(v)
            case .stale: return .float(StaleMarker.value)
            case .omitted: return .omitted
            case .histogram: return .histogram
            }
        }
        return (description.labels, values)
    }

    private static func evalHeader(_ header: String, _ line: Int) throws(ScriptError) -> Eval {
        let instant = #/^eval(?:_(fail|warn|ordered|info))?\s+instant\s+(?:at\s+(.+?))?\s+(.+)$/#
        let range = #/^eval(?:_(fail|warn|info))?\s+range\s+from\s+(.+)\s+to\s+(.+)\s+step\s+(.+?)\s+(.+)$/#
        var eval: Eval
        let modifier: Substring?
        if let m = header.wholeMatch(of: instant) {
            guard let at = m.2, let t = try? PromDuration.parse(String(at)) else {
                throw ScriptError(line: line, message: "invalid timestamp")
            }
            eval = Eval(line: line, expr: String(m.3), kind: .instant(at: t))
            modifier = m.1
        } else if let m = header.wholeMatch(of: range) {
            guard let start = try? PromDuration.parse(String(m.2)), let end = try? PromDuration.parse(String(m.3)),
                  let step = try? PromDuration.parse(String(m.4)), end >= start
            else { throw ScriptError(line: line, message: "invalid range") }
            eval = Eval(line: line, expr: String(m.5), kind: .range(start: start, end: end, step: step))
            modifier = m.1
        } else {
            throw ScriptError(line: line, message: "invalid evaluation command")
        }
        switch modifier {
        case "fail": eval.fail = .any
        case "warn": eval.legacyWarn = true
        case "info": eval.legacyInfo = true
        case "ordered": eval.ordered = true
        default: break
        }
        return eval
    }

    private static func expectation(_ text: String, _ line: Int, _ eval: inout Eval) throws(ScriptError) {
        let form = #/^expect\s+(ordered|fail|warn|no_warn|info|no_info)(?:\s+(regex|msg):(.+))?$/#
        guard let m = text.wholeMatch(of: form) else { throw ScriptError(line: line, message: "invalid expect statement") }
        var pattern = Pattern.any
        if let kind = m.2, let body = m.3 {
            let trimmed = body.trimmingCharacters(in: .whitespaces)
            pattern = kind == "msg" ? .message(trimmed) : .regex(trimmed)
        }
        switch m.1 {
        case "ordered": eval.ordered = true
        case "fail": eval.fail = pattern
        case "warn": eval.warnings.append(pattern)
        case "info": eval.infos.append(pattern)
        case "no_warn": eval.noWarn = true
        default: eval.noInfo = true
        }
    }

    /// Go's `strconv.ParseInt(s, 0, 64)` then `ParseFloat(s, 64)`, as the runner reads a
    /// scalar expectation.
    static func goNumber(_ text: String) -> Double? {
        var body = Substring(text)
        var negative = false
        if body.first == "+" || body.first == "-" {
            negative = body.first == "-"
            body = body.dropFirst()
        }
        let lower = body.lowercased()
        var integer: Int64?
        if lower.hasPrefix("0x") { integer = Int64(lower.dropFirst(2), radix: 16) }
        else if lower.hasPrefix("0o") { integer = Int64(lower.dropFirst(2), radix: 8) }
        else if lower.hasPrefix("0b") { integer = Int64(lower.dropFirst(2), radix: 2) }
        else if lower.count > 1, lower.hasPrefix("0"), lower.allSatisfy(\.isNumber) { integer = Int64(lower.dropFirst(), radix: 8) }
        if let integer { return Double(negative ? -integer : integer) }
        switch lower {
        case "inf", "infinity": return negative ? -.infinity : .infinity
        case "nan": return .nan
        default: break
        }
        guard let first = lower.first, first.isNumber || first == "." else { return nil }
        guard lower.allSatisfy({ $0.isNumber || $0 == "." || $0 == "e" || $0 == "+" || $0 == "-" || $0 == "_" }),
              let value = Double(lower.replacingOccurrences(of: "_", with: ""))
        else { return nil }
        return negative ? -value : value
    }

    /// Go's `strconv.Unquote` for a double-quoted or back-quoted string.
    static func goUnquote(_ text: String, _ line: Int) throws(ScriptError) -> String {
        if text.count >= 2, text.first == "`", text.last == "`" { return String(text.dropFirst().dropLast()) }
        guard text.count >= 2, text.first == "\"", text.last == "\"",
              let data = text.data(using: .utf8),
              let decoded = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]) as? String
        else { throw ScriptError(line: line, message: "invalid string literal \(text)") }
        return decoded
    }
}
