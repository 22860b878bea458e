import Foundation
import VigilModel

/// The grouping key of a push URL, `/metrics/job/<job>{/<label>/<value>}`, parsed as the
/// Pushgateway does: `@base64` after a name marks its value as base64url (padding
/// optional, `=` alone for an empty value); names must be valid and not start with `__`.
public struct PushPath: Sendable, Hashable {
    /// `job` and the other grouping labels.
    public var groupingKey: [String: String]
    /// The query string (without `?`), if any.
    public var query: String?

    /// Parses a request path (percent-encoded as received, optionally with `?query`).
    /// Returns nil when the path is not under `/metrics/job`.
    public static func parse(_ requestPath: String) -> Result<PushPath, PushError>? {
        var path = Substring(requestPath)
        var query: String?
        if let mark = path.firstIndex(of: "?") {
            query = String(path[path.index(after: mark)...])
            path = path[..<mark]
        }
        // As Go's router sees it: the path decoded before it is split, so an encoded `/`
        // separates too (hence `@base64`).
        let decoded = String(path).removingPercentEncoding ?? String(path)
        var components = decoded.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard components.first == "" else { return nil }
        components.removeFirst()
        guard components.count >= 2, components[0] == "metrics", components[1] == "job" || components[1] == "job@base64" else {
            return nil
        }
        let jobBase64 = components[1] == "job@base64"
        guard components.count >= 3 else { return .failure(PushError(status: 400, "job name is required")) }
        var job = components[2]
        if jobBase64 {
            guard let decodedJob = decodeBase64(job) else {
                return .failure(PushError(status: 400, "invalid base64 encoding in job name \(LabelValue.quoted(job))"))
            }
            job = decodedJob
        }
        var labels: [String: String] = [:]
        let rest = Array(components.dropFirst(3))
        if !(rest.isEmpty || rest == [""]) {
            let labelString = "/" + rest.joined(separator: "/")
            guard rest.count % 2 == 0 else {
                return .failure(PushError(status: 400, "odd number of components in label string \(LabelValue.quoted(labelString))"))
            }
            for index in stride(from: 0, to: rest.count, by: 2) {
                var name = rest[index]
                var value = rest[index + 1]
                let isBase64 = name.hasSuffix("@base64")
                if isBase64 { name.removeLast("@base64".count) }
                guard LabelName.isValid(name), !name.hasPrefix(LabelName.reservedPrefix) else {
                    return .failure(PushError(status: 400, "improper label name \(LabelValue.quoted(name))"))
                }
                if isBase64 {
                    guard let decodedValue = decodeBase64(value) else {
                        return .failure(PushError(status: 400, "invalid base64 encoding for label \(name)=\(LabelValue.quoted(value))"))
                    }
                    value = decodedValue
                }
                labels[name] = value
            }
        }
        guard !job.isEmpty else { return .failure(PushError(status: 400, "job name is required")) }
        labels[LabelName.job] = job
        return .success(PushPath(groupingKey: labels, query: query))
    }

    /// Base64 with the URL-safe alphabet, trailing `=` ignored (RFC 4648 §5).
    static func decodeBase64(_ text: String) -> String? {
        var trimmed = text
        while trimmed.hasSuffix("=") { trimmed.removeLast() }
        // Only the URL-safe alphabet is accepted, as Go's RawURLEncoding.
        if trimmed.contains("+") || trimmed.contains("/") { return nil }
        var standard = trimmed.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while standard.utf8.count % 4 != 0 { standard += "=" }
        guard let data = Data(base64Encoded: standard) else { return nil }
        return String(data: data, encoding: .utf8)
    }

    /// The value of a query parameter.
    func queryValue(_ name: String) -> String? {
        guard let query else { return nil }
        for pair in query.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            if parts.first.map(String.init)?.removingPercentEncoding == name {
                return parts.count > 1 ? String(parts[1]).replacingOccurrences(of: "+", with: " ").removingPercentEncoding : ""
            }
        }
        return nil
    }
}

/// A push request that was refused: the HTTP status and the plain-text reason.
public struct PushError: Error, Sendable, Hashable, CustomStringConvertible {
    public var status: Int
    public var message: String

    public init(status: Int, _ message: String) {
        self.status = status
        self.message = message
    }

    public var description: String { message }
}
