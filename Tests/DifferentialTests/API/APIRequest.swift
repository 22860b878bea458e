import VigilModel

/// One request to the Prometheus HTTP API, the same for both servers.
enum APIRequest: Sendable, Hashable, CustomStringConvertible {
    /// `/api/v1/query?query=…&time=…`
    case instant(query: String, time: Timestamp)
    /// `/api/v1/query_range?query=…&start=…&end=…&step=…` (step in milliseconds).
    case range(query: String, start: Timestamp, end: Timestamp, step: Int64)
    /// `/api/v1/series?match[]=…&start=…&end=…`
    case series(matchers: [String], start: Timestamp, end: Timestamp)
    /// `/api/v1/labels?match[]=…&start=…&end=…`
    case labelNames(matchers: [String], start: Timestamp, end: Timestamp)
    /// `/api/v1/label/<name>/values?match[]=…&start=…&end=…`
    case labelValues(name: String, matchers: [String], start: Timestamp, end: Timestamp)
    /// A query endpoint with parameters spelled out, for the API's own edge cases.
    case raw(pathAndQuery: String)
    /// A POST with an `application/x-www-form-urlencoded` body, as Grafana sends queries.
    case form(pathAndQuery: String, body: String)

    /// The path and query string.
    var pathAndQuery: String {
        switch self {
        case .instant(let query, let time):
            return "/api/v1/query?" + Self.form([("query", query), ("time", Self.seconds(time))])
        case .range(let query, let start, let end, let step):
            return "/api/v1/query_range?" + Self.form([
                ("query", query), ("start", Self.seconds(start)), ("end", Self.seconds(end)), ("step", Self.seconds(step)),
            ])
        case .series(let matchers, let start, let end):
            return "/api/v1/series?" + Self.form(matchers.map { ("match[]", $0) } + Self.window(start, end))
        case .labelNames(let matchers, let start, let end):
            return "/api/v1/labels?" + Self.form(matchers.map { ("match[]", $0) } + Self.window(start, end))
        case .labelValues(let name, let matchers, let start, let end):
            return "/api/v1/label/\(Self.percentEncoded(name))/values?"
                + Self.form(matchers.map { ("match[]", $0) } + Self.window(start, end))
        case .raw(let pathAndQuery), .form(let pathAndQuery, _):
            return pathAndQuery
        }
    }

    /// The form body of a POST; nil for a GET.
    var formBody: String? {
        if case .form(_, let body) = self { body } else { nil }
    }

    /// The query text, for instant and range queries.
    var query: String? {
        switch self {
        case .instant(let query, _), .range(let query, _, _, _): query
        default: nil
        }
    }

    /// Whether the order of an instant vector result is part of the answer: only at the top
    /// of `sort(…)` and `sort_desc(…)` (Prometheus keeps their order for instant queries;
    /// everything else has no defined order).
    var hasOrderedVector: Bool {
        guard case .instant(let query, _) = self else { return false }
        let text = query.drop { $0 == " " }
        return text.hasPrefix("sort(") || text.hasPrefix("sort_desc(")
    }

    /// Whether the query is a top-level `topk` or `bottomk`, which picks among equal values
    /// in an implementation-defined way.
    var selectsAmongTies: Bool {
        guard let query else { return false }
        for keyword in ["topk", "bottomk"] {
            let text = query.drop { $0 == " " }
            guard text.hasPrefix(keyword) else { continue }
            let next = text.dropFirst(keyword.count).drop { $0 == " " }.first
            if next == "(" || next == "b" || next == "w" { return true }
        }
        return false
    }

    /// Compact text for reports, with times relative to the dataset start.
    var description: String {
        switch self {
        case .instant(let query, let time):
            return "instant \(query)  @ \(Self.relative(time))"
        case .range(let query, let start, let end, let step):
            return "range \(query)  [\(Self.relative(start)) … \(Self.relative(end)) step \(step / 1000)s]"
        case .series(let matchers, let start, let end):
            return "series \(matchers)  [\(Self.relative(start)) … \(Self.relative(end))]"
        case .labelNames(let matchers, let start, let end):
            return "labels \(matchers)  [\(Self.relative(start)) … \(Self.relative(end))]"
        case .labelValues(let name, let matchers, let start, let end):
            return "label \(name) values \(matchers)  [\(Self.relative(start)) … \(Self.relative(end))]"
        case .raw(let pathAndQuery):
            return "api \(pathAndQuery)"
        case .form(let pathAndQuery, let body):
            return "api POST \(pathAndQuery) with \(body)"
        }
    }

    /// Seconds with millisecond precision, as the API takes time.
    static func seconds(_ t: Int64) -> String {
        let sign = t < 0 ? "-" : ""
        let magnitude = t.magnitude
        let millis = magnitude % 1000
        return millis == 0 ? "\(sign)\(magnitude / 1000)" : "\(sign)\(magnitude / 1000).\(String(1000 + millis).dropFirst())"
    }

    /// `t` as an offset from the dataset start, e.g. `start+77m30s`, plus the Unix time.
    static func relative(_ t: Timestamp) -> String {
        let delta = t - DatasetGenerator.start
        let sign = delta < 0 ? "-" : "+"
        return "start\(sign)\(PromDuration.format(Int64(delta.magnitude))) (\(seconds(t)))"
    }

    private static func window(_ start: Timestamp, _ end: Timestamp) -> [(String, String)] {
        [("start", seconds(start)), ("end", seconds(end))]
    }

    private static func form(_ pairs: [(String, String)]) -> String {
        pairs.map { percentEncoded($0.0) + "=" + percentEncoded($0.1) }.joined(separator: "&")
    }

    /// RFC 3986 percent-encoding of everything but unreserved characters.
    static func percentEncoded(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = Array("0123456789ABCDEF".unicodeScalars)
                out += "%"
                out.unicodeScalars.append(hex[Int(byte >> 4)])
                out.unicodeScalars.append(hex[Int(byte & 0xF)])
            }
        }
        return out
    }
}
