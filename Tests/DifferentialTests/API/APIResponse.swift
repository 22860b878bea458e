import Foundation
import VigilModel

/// A label set exactly as the API returned it: nothing dropped, names sorted. Ordered like
/// Prometheus' `labels.Compare` on UTF-8 bytes, which is how `query_range` sorts its matrix.
struct LabelSet: Hashable, Comparable, Sendable, CustomStringConvertible {
    var pairs: [Label]

    init(_ dictionary: [String: String]) {
        pairs = dictionary.map { Label($0.key, $0.value) }.sorted { Self.bytesPrecede($0.name, $1.name) }
    }

    static func < (a: LabelSet, b: LabelSet) -> Bool {
        for (x, y) in zip(a.pairs, b.pairs) {
            if x.name != y.name { return bytesPrecede(x.name, y.name) }
            if x.value != y.value { return bytesPrecede(x.value, y.value) }
        }
        return a.pairs.count < b.pairs.count
    }

    static func bytesPrecede(_ a: String, _ b: String) -> Bool {
        a.utf8.lexicographicallyPrecedes(b.utf8)
    }

    var description: String {
        let name = pairs.first { $0.name == LabelName.metric }?.value ?? ""
        let rest = pairs.filter { $0.name != LabelName.metric }.map { "\($0.name)=\(LabelValue.quoted($0.value))" }
        return name + "{" + rest.joined(separator: ", ") + "}"
    }
}

/// One value at one time; `text` is the value string as sent (kept for reports).
struct APIPoint: Sendable, Equatable {
    var t: Timestamp
    var v: Double
    var text: String
}

/// One series of a vector (one point) or a matrix (its points).
struct APISeries: Sendable {
    var labels: LabelSet
    var points: [APIPoint]
}

/// The `data` of a successful answer.
enum APIData: Sendable {
    case scalar(APIPoint)
    case string(t: Timestamp, value: String)
    case vector([APISeries])
    case matrix([APISeries])
    /// `/api/v1/series`
    case labelSets([LabelSet])
    /// `/api/v1/labels` and `/api/v1/label/…/values`
    case strings([String])

    var typeName: String {
        switch self {
        case .scalar: "scalar"
        case .string: "string"
        case .vector: "vector"
        case .matrix: "matrix"
        case .labelSets: "series"
        case .strings: "strings"
        }
    }
}

/// A decoded API answer: success with data, or Prometheus' error shape.
struct APIResponse: Sendable {
    enum Outcome: Sendable {
        case success(APIData)
        case failure(errorType: String, message: String)
    }

    var httpStatus: Int
    var outcome: Outcome
    var warnings: [String]

    /// Decodes `body` strictly by the documented format: a value is `[<number>, "<string>"]`,
    /// label values are strings, `status` is `success` or `error`. Anything else throws.
    init(httpStatus: Int, body: String, for request: APIRequest) throws {
        self.httpStatus = httpStatus
        guard let object = try? JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any] else {
            throw HarnessError("HTTP \(httpStatus): not a JSON object: \(body.prefix(300))")
        }
        warnings = object["warnings"] as? [String] ?? []
        switch object["status"] as? String {
        case "error":
            outcome = .failure(errorType: object["errorType"] as? String ?? "<none>", message: object["error"] as? String ?? "")
        case "success":
            outcome = .success(try Self.decodeData(object["data"], for: request))
        default:
            throw HarnessError("HTTP \(httpStatus): no status: \(body.prefix(300))")
        }
    }

    /// A few words on the answer, for listings: "vector of 12", "error bad_data: …".
    var summary: String {
        switch outcome {
        case .failure(let type, let message): return "error \(type): \(message)"
        case .success(let data):
            switch data {
            case .scalar(let point): return "scalar \(point.text)"
            case .string(_, let value): return "string \(value)"
            case .vector(let series): return "vector of \(series.count)"
            case .matrix(let series): return "matrix of \(series.count), \(series.reduce(0) { $0 + $1.points.count }) points"
            case .labelSets(let sets): return "\(sets.count) series"
            case .strings(let strings): return "\(strings.count) strings"
            }
        }
    }

    private static func decodeData(_ data: Any?, for request: APIRequest) throws -> APIData {
        switch request {
        case .series:
            guard let list = data as? [Any] else { throw HarnessError("series: data is not a list") }
            return .labelSets(try list.map { try labelSet($0) })
        case .labelNames, .labelValues:
            guard let list = data as? [Any] else { throw HarnessError("labels: data is not a list") }
            return .strings(try list.map {
                guard let text = $0 as? String else { throw HarnessError("labels: \($0) is not a string") }
                return text
            })
        case .instant, .range, .raw, .form:
            break
        }
        guard let data = data as? [String: Any], let type = data["resultType"] as? String else {
            throw HarnessError("no data.resultType")
        }
        let result = data["result"]
        switch type {
        case "scalar":
            return .scalar(try point(result))
        case "string":
            guard let pair = result as? [Any], pair.count == 2, let t = pair[0] as? NSNumber, let value = pair[1] as? String else {
                throw HarnessError("string result is not [time, \"text\"]: \(String(describing: result))")
            }
            return .string(t: Timestamp(seconds: t.doubleValue), value: value)
        case "vector", "matrix":
            guard let list = result as? [Any] else { throw HarnessError("\(type) result is not a list") }
            let series = try list.map { item -> APISeries in
                guard let entry = item as? [String: Any] else { throw HarnessError("\(type) item is not an object") }
                let labels = try labelSet(entry["metric"] ?? [String: Any]())
                if type == "vector" {
                    return APISeries(labels: labels, points: [try point(entry["value"])])
                }
                guard let values = entry["values"] as? [Any] else { throw HarnessError("matrix series without values") }
                return APISeries(labels: labels, points: try values.map(point))
            }
            return type == "vector" ? .vector(series) : .matrix(series)
        default:
            throw HarnessError("unknown resultType \(type)")
        }
    }

    private static func labelSet(_ value: Any) throws -> LabelSet {
        guard let object = value as? [String: Any] else { throw HarnessError("labels are not an object: \(value)") }
        var labels: [String: String] = [:]
        for (name, value) in object {
            guard let text = value as? String else { throw HarnessError("label \(name) is not a string") }
            labels[name] = text
        }
        return LabelSet(labels)
    }

    private static func point(_ value: Any?) throws -> APIPoint {
        guard let pair = value as? [Any], pair.count == 2, let t = pair[0] as? NSNumber, let text = pair[1] as? String else {
            throw HarnessError("a point is not [time, \"value\"]: \(String(describing: value))")
        }
        guard let v = parseValue(text) else { throw HarnessError("value \(text) is not a float") }
        return APIPoint(t: Timestamp(seconds: t.doubleValue), v: v, text: text)
    }

    /// Go's float spellings as Prometheus prints them: `NaN`, `+Inf`, `-Inf`, decimals and
    /// exponents.
    static func parseValue(_ text: String) -> Double? {
        switch text {
        case "NaN": return .nan
        case "+Inf": return .infinity
        case "-Inf": return -.infinity
        default:
            guard text.allSatisfy({ $0.isASCII && ($0.isNumber || "+-.e".contains($0)) }) else { return nil }
            return Double(text)
        }
    }
}
