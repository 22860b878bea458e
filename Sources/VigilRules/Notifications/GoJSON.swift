/// JSON written the way Go's `encoding/json` writes it, so payloads match Alertmanager's
/// byte for byte: struct fields in declaration order, map keys sorted, `<`, `>` and `&`
/// escaped as `\u003c`, `\u003e` and `\u0026`, times in RFC 3339 with nanoseconds.
enum GoJSON {
    /// A JSON string literal, escaped as Go escapes it.
    static func string(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "<": out += "\\u003c"
            case ">": out += "\\u003e"
            case "&": out += "\\u0026"
            case "\u{2028}": out += "\\u2028"
            case "\u{2029}": out += "\\u2029"
            case _ where scalar.value < 0x20:
                out += "\\u00" + String(scalar.value, radix: 16).leftPadded(to: 2)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    /// A JSON object of string values, keys sorted (a Go `map[string]string`).
    static func stringMap(_ map: [String: String]) -> String {
        "{" + map.keys.sorted { $0.utf8Precedes($1) }
            .map { string($0) + ":" + string(map[$0]!) }.joined(separator: ",") + "}"
    }

    /// An object with fields in the given order; each value is already JSON.
    static func object(_ fields: [(String, String)]) -> String {
        "{" + fields.map { string($0.0) + ":" + $0.1 }.joined(separator: ",") + "}"
    }

    static func array(_ items: [String]) -> String { "[" + items.joined(separator: ",") + "]" }

    /// A time as Go's `time.Time` marshals (RFC 3339 with up to nine fraction digits).
    static func time(_ time: GoTime) -> String {
        string(time.format("2006-01-02T15:04:05.999999999Z07:00"))
    }

    /// A number as Go marshals a float64: shortest digits, exponent only when very large
    /// or small (`1e+21`, `1e-07`).
    static func number(_ v: Double) -> String {
        guard v.isFinite else { return "null" }
        let magnitude = abs(v)
        if magnitude != 0 && (magnitude < 1e-6 || magnitude >= 1e21) {
            var text = GoFormat.formatFloat(v, verb: "e", precision: nil)
            // Go trims `e-07` to `e-7`.
            if let e = text.firstIndex(of: "e") {
                let exponent = text[text.index(after: e)...]
                let sign = exponent.first!
                var digits = exponent.dropFirst()
                while digits.count > 1 && digits.first == "0" { digits = digits.dropFirst() }
                text = String(text[..<e]) + "e" + String(sign) + digits
            }
            return text
        }
        return GoFormat.formatFloat(v, verb: "f", precision: nil)
    }

    /// A template value as `toJson` encodes it.
    static func encode(_ value: TemplateValue) -> String {
        switch value {
        case .missing, .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .int(let i): return String(i)
        case .uint(let u): return String(u)
        case .float(let f): return number(f)
        case .string(let s), .html(let s): return string(s)
        case .list(let items, _): return array(items.map(encode))
        case .map(let map): return "{" + map.sortedKeys.map { string($0) + ":" + encode(map.entries[$0]!) }.joined(separator: ",") + "}"
        case .object(let object):
            if let time = object as? GoTime { return self.time(time) }
            if let elements = object.elements { return array(elements.map(encode)) }
            if let map = object.mapValue { return encode(.map(map)) }
            return string(object.stringer ?? object.plainDescription)
        }
    }
}
