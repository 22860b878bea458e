/// One label: a name and a non-empty value.
public struct Label: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var name: String
    public var value: String

    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }

    public static func < (a: Label, b: Label) -> Bool {
        a.name != b.name ? a.name.utf8Precedes(b.name)
            : a.value.utf8Precedes(b.value)
    }

    public var description: String { "\(name)=\(LabelValue.quoted(value))" }
}

/// Prometheus' reserved label names, spelled in one place.
public enum LabelName {
    public static let metric = "__name__"
    public static let job = "job"
    public static let instance = "instance"
    public static let address = "__address__"
    public static let scheme = "__scheme__"
    public static let metricsPath = "__metrics_path__"
    public static let scrapeInterval = "__scrape_interval__"
    public static let scrapeTimeout = "__scrape_timeout__"
    public static let paramPrefix = "__param_"
    public static let metaPrefix = "__meta_"
    public static let bucket = "le"
    public static let quantile = "quantile"
    public static let alertName = "alertname"
    /// Labels starting with this prefix are internal and removed after relabeling.
    public static let reservedPrefix = "__"

    /// Whether `name` is a valid label name (`[a-zA-Z_][a-zA-Z0-9_]*`), as the config and
    /// the classic exposition format require.
    public static func isValid(_ name: String) -> Bool {
        var first = true
        for byte in name.utf8 {
            let ok = byte == UInt8(ascii: "_") || (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z")
                || (!first && byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
            if !ok { return false }
            first = false
        }
        return !first
    }

    /// Whether `name` is a valid metric name (`[a-zA-Z_:][a-zA-Z0-9_:]*`).
    public static func isValidMetricName(_ name: String) -> Bool {
        var first = true
        for byte in name.utf8 {
            let ok = byte == UInt8(ascii: "_") || byte == UInt8(ascii: ":")
                || (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z")
                || (!first && byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
            if !ok { return false }
            first = false
        }
        return !first
    }
}

/// Quoting of label values as Prometheus prints them (`"a\"b\\c\n"`).
public enum LabelValue {
    /// `value` in double quotes with `\`, `"` and newline escaped, as in the text format.
    public static func quoted(_ value: String) -> String {
        var out = "\""
        out.reserveCapacity(value.utf8.count + 2)
        for ch in value.unicodeScalars {
            switch ch {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            default: out.unicodeScalars.append(ch)
            }
        }
        out += "\""
        return out
    }
}
