import VigilModel

/// The current value of one template variable on a page.
public struct VariableValue: Sendable, Hashable {
    public var name: String
    /// The selected values; when "All" is selected, every option.
    public var values: [String]
    /// Whether "All" is selected.
    public var isAll: Bool
    /// The variable's custom "All" value (`.*`), used verbatim in queries when set.
    public var allValue: String?
    /// Multi-select or "All" variables are interpolated as regex alternations.
    public var isMultiValued: Bool

    public init(name: String, values: [String], isAll: Bool = false, allValue: String? = nil, isMultiValued: Bool = false) {
        self.name = name
        self.values = values
        self.isAll = isAll
        self.allValue = allValue
        self.isMultiValued = isMultiValued
    }

    /// How the value reads in titles and text: `a, b`, or `All`.
    public var text: String {
        isAll ? "All" : values.joined(separator: ", ")
    }
}

/// Variables and built-in intervals in scope for one panel, and the expansion of
/// `$var`, `${var}`, `${var:format}`, `[[var]]` in queries and text, as Grafana does.
public struct TemplateScope: Sendable {
    /// Where the expanded text goes: PromQL escapes values; text shows them plainly.
    public enum Target: Sendable {
        case promQL
        case text
    }

    public var variables: [String: VariableValue]
    public var interval: QueryInterval?
    public var range: ResolvedTimeRange?

    public init(variables: [VariableValue] = [], interval: QueryInterval? = nil, range: ResolvedTimeRange? = nil) {
        self.variables = Dictionary(variables.map { ($0.name, $0) }, uniquingKeysWith: { _, last in last })
        self.interval = interval
        self.range = range
    }

    /// `text` with every known variable replaced; unknown references stay as written.
    public func expand(_ text: String, for target: Target) -> String {
        guard text.utf8.contains(UInt8(ascii: "$")) || text.utf8.contains(UInt8(ascii: "[")) else { return text }
        let bytes = Array(text.utf8)
        var out = ""
        out.reserveCapacity(bytes.count + 16)
        var literalStart = 0
        var index = 0
        while index < bytes.count {
            guard let reference = TemplateScope.reference(in: bytes, at: index),
                let replacement = value(of: reference.name, format: reference.format, target: target)
            else {
                index += 1
                continue
            }
            out += String(decoding: bytes[literalStart..<index], as: UTF8.self)
            out += replacement
            index = reference.end
            literalStart = index
        }
        out += String(decoding: bytes[literalStart...], as: UTF8.self)
        return out
    }

    /// Whether `text` references any variable (known or not).
    public static func references(in text: String) -> [String] {
        let bytes = Array(text.utf8)
        var names: [String] = []
        var index = 0
        while index < bytes.count {
            if let reference = reference(in: bytes, at: index) {
                names.append(reference.name)
                index = reference.end
            } else {
                index += 1
            }
        }
        return names
    }

    // MARK: - Values

    private func value(of name: String, format: String?, target: Target) -> String? {
        if name.hasPrefix("__") { return builtin(name) }
        guard let variable = variables[name] else { return nil }
        switch format {
        case nil:
            return target == .text ? variable.text : TemplateScope.promQLValue(variable)
        case "raw", "csv":
            return variable.values.joined(separator: ",")
        case "pipe":
            return variable.values.joined(separator: "|")
        case "regex":
            let escaped = variable.values.map(TemplateScope.regexEscape)
            return escaped.count == 1 ? escaped[0] : "(" + escaped.joined(separator: "|") + ")"
        case "glob":
            return variable.values.count == 1 ? variable.values[0] : "{" + variable.values.joined(separator: ",") + "}"
        case "text":
            return variable.text
        default:
            return TemplateScope.promQLValue(variable)
        }
    }

    private func builtin(_ name: String) -> String? {
        switch name {
        case "__interval": return interval.map { QueryInterval.format($0.step) }
        case "__interval_ms": return interval.map { String($0.step) }
        case "__rate_interval": return interval.map { QueryInterval.goDuration($0.rateInterval) }
        case "__rate_interval_ms": return interval.map { String($0.rateInterval) }
        // As Grafana: the range in whole seconds, rounded.
        case "__range": return rangeMilliseconds.map { String(($0 + 500) / 1000) + "s" }
        case "__range_s": return rangeMilliseconds.map { String(($0 + 500) / 1000) }
        case "__range_ms": return rangeMilliseconds.map { String($0) }
        case "__from": return range.map { String($0.start) }
        case "__to": return range.map { String($0.end) }
        default: return nil
        }
    }

    private var rangeMilliseconds: Int64? {
        range.map(\.duration) ?? interval.map(\.range)
    }

    /// A value for PromQL as Grafana's Prometheus data source interpolates it: a single
    /// value escaped for a double-quoted string; multi-value and "All" variables as a
    /// regex alternation `(a|b)` of regex-escaped values; a custom "All" value verbatim.
    static func promQLValue(_ variable: VariableValue) -> String {
        if variable.isAll, let all = variable.allValue { return all }
        if !variable.isMultiValued {
            return variable.values.first.map(stringEscape) ?? ""
        }
        let escaped = variable.values.map { stringEscape(regexEscape($0)) }
        if escaped.count == 1 { return escaped[0] }
        if escaped.isEmpty { return "" }
        return "(" + escaped.joined(separator: "|") + ")"
    }

    /// Escapes RE2 metacharacters with a backslash.
    public static func regexEscape(_ value: String) -> String {
        var out = ""
        out.reserveCapacity(value.utf8.count)
        for char in value.unicodeScalars {
            switch char {
            case "\\", ".", "+", "*", "?", "(", ")", "|", "[", "]", "{", "}", "^", "$":
                out += "\\"
                out.unicodeScalars.append(char)
            default:
                out.unicodeScalars.append(char)
            }
        }
        return out
    }

    /// Escapes a value for the inside of a PromQL double-quoted string.
    public static func stringEscape(_ value: String) -> String {
        var out = ""
        out.reserveCapacity(value.utf8.count)
        for char in value.unicodeScalars {
            switch char {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            default: out.unicodeScalars.append(char)
            }
        }
        return out
    }

    // MARK: - Scanning

    private struct Reference {
        var name: String
        var format: String?
        var end: Int
    }

    private static func isNameByte(_ byte: UInt8) -> Bool {
        (byte >= 48 && byte <= 57) || (byte >= 65 && byte <= 90) || (byte >= 97 && byte <= 122) || byte == 95
    }

    /// A reference starting at `index`: `$name`, `${name[:format]}` or `[[name[:format]]]`.
    private static func reference(in bytes: [UInt8], at index: Int) -> Reference? {
        let byte = bytes[index]
        if byte == UInt8(ascii: "$") {
            guard index + 1 < bytes.count else { return nil }
            if bytes[index + 1] == UInt8(ascii: "{") {
                return braced(bytes, from: index + 2, close: [UInt8(ascii: "}")])
            }
            var end = index + 1
            while end < bytes.count, isNameByte(bytes[end]) { end += 1 }
            guard end > index + 1 else { return nil }
            return Reference(name: String(decoding: bytes[(index + 1)..<end], as: UTF8.self), format: nil, end: end)
        }
        if byte == UInt8(ascii: "["), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "[") {
            return braced(bytes, from: index + 2, close: [UInt8(ascii: "]"), UInt8(ascii: "]")])
        }
        return nil
    }

    private static func braced(_ bytes: [UInt8], from start: Int, close: [UInt8]) -> Reference? {
        var end = start
        while end < bytes.count, isNameByte(bytes[end]) { end += 1 }
        guard end > start else { return nil }
        let name = String(decoding: bytes[start..<end], as: UTF8.self)
        var format: String?
        if end < bytes.count, bytes[end] == UInt8(ascii: ":") {
            let formatStart = end + 1
            end = formatStart
            while end < bytes.count, isNameByte(bytes[end]) { end += 1 }
            format = String(decoding: bytes[formatStart..<end], as: UTF8.self)
        }
        guard end + close.count <= bytes.count, Array(bytes[end..<end + close.count]) == close else { return nil }
        return Reference(name: name, format: format, end: end + close.count)
    }
}

/// Grafana's legend format: `{{label}}` replaced by the series' label value (empty when
/// absent), `{{ label }}` with spaces too.
public enum LegendFormat {
    /// The legend of a series: the format applied, or `metric{labels}` without one, or the
    /// query itself for a series without labels (a scalar or an aggregation to one value).
    public static func name(for labels: Labels, format: String?, query: String) -> String {
        if let format, !format.isEmpty, format != "__auto" {
            return apply(format, to: labels)
        }
        if labels.isEmpty { return query }
        return labels.seriesDescription
    }

    /// `format` with every `{{name}}` replaced.
    public static func apply(_ format: String, to labels: Labels) -> String {
        let bytes = Array(format.utf8)
        let open = UInt8(ascii: "{"), close = UInt8(ascii: "}")
        guard bytes.count >= 4, bytes.contains(open) else { return format }
        var out = ""
        var literalStart = 0
        var index = 0
        while index + 1 < bytes.count {
            guard bytes[index] == open, bytes[index + 1] == open else {
                index += 1
                continue
            }
            var end = index + 2
            while end + 1 < bytes.count, !(bytes[end] == close && bytes[end + 1] == close) { end += 1 }
            guard end + 1 < bytes.count else { break }
            out += String(decoding: bytes[literalStart..<index], as: UTF8.self)
            let name = String(decoding: bytes[(index + 2)..<end], as: UTF8.self).trimmingSpaces
            out += labels[name] ?? ""
            index = end + 2
            literalStart = index
        }
        out += String(decoding: bytes[literalStart...], as: UTF8.self)
        return out
    }
}
