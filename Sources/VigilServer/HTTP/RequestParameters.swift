import Hummingbird
import NIOCore

/// The parameters of an API request: the URL query, merged with an
/// `application/x-www-form-urlencoded` body for POST, as Prometheus' `r.ParseForm`.
public struct RequestParameters: Sendable {
    private var values: [String: [String]] = [:]

    public init(pairs: [(String, String)]) {
        for (key, value) in pairs { values[key, default: []].append(value) }
    }

    /// The most form body read.
    public static let bodyLimit = 16 << 20

    /// Reads the query and, for POST with a form body, the body (up to `limit` bytes).
    public static func read(_ request: Request, limit: Int = bodyLimit) async throws -> RequestParameters {
        guard hasForm(method: request.method, contentType: request.headers[.contentType]) else {
            return RequestParameters(query: request.uri.query, form: nil)
        }
        return RequestParameters(query: request.uri.query, form: try await request.body.collect(upTo: limit))
    }

    /// The URL's query merged with a form body, the query's pairs first.
    init(query: String?, form: ByteBuffer?) {
        self.init(pairs: Self.parseForm(query ?? "") + (form.map { Self.parseForm(String(buffer: $0)) } ?? []))
    }

    /// Whether a request's body holds parameters: POST with a form body, as Prometheus'
    /// `r.ParseForm` reads it.
    static func hasForm(method: HTTPRequest.Method, contentType: String?) -> Bool {
        method == .post && contentType?.lowercased().hasPrefix("application/x-www-form-urlencoded") == true
    }

    /// The first value of `key`, or nil.
    public subscript(key: String) -> String? { values[key]?.first }

    /// Every value of `key` (for `match[]`).
    public func all(_ key: String) -> [String] { values[key] ?? [] }

    /// Splits `a=1&b=2` and percent-decodes, `+` meaning space.
    public static func parseForm(_ text: String) -> [(String, String)] {
        text.split(separator: "&", omittingEmptySubsequences: true).map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = percentDecode(parts[0])
            let value = parts.count > 1 ? percentDecode(parts[1]) : ""
            return (key, value)
        }
    }

    static func percentDecode(_ text: Substring) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        var iterator = text.utf8.makeIterator()
        while let byte = iterator.next() {
            switch byte {
            case UInt8(ascii: "+"): bytes.append(UInt8(ascii: " "))
            case UInt8(ascii: "%"):
                let high = iterator.next()
                let low = high == nil ? nil : iterator.next()
                if let high, let low, let h = hexValue(high), let l = hexValue(low) {
                    bytes.append(h << 4 | l)
                } else {
                    // Not an escape: keep the text as written.
                    bytes.append(byte)
                    if let high { bytes.append(high) }
                    if let low { bytes.append(low) }
                }
            default: bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}
