import Hummingbird
import NIOCore

/// Prometheus' error types of the HTTP API, with the status code each maps to
/// (prometheus web/api/v1/api.go `returnAPIError`).
public enum APIErrorType: String, Sendable {
    case badData = "bad_data"
    case execution
    case canceled
    case timeout
    case `internal`
    case notFound = "not_found"
    case unavailable

    var status: HTTPResponse.Status {
        switch self {
        case .badData: return .badRequest
        case .execution: return .unprocessableContent
        case .canceled: return .init(code: 499, reasonPhrase: "Client Closed Request")
        case .timeout, .unavailable: return .serviceUnavailable
        case .internal: return .internalServerError
        case .notFound: return .notFound
        }
    }
}

/// An error the API reports in Prometheus' JSON error shape.
public struct APIError: Error, Sendable {
    public var type: APIErrorType
    public var message: String

    public init(_ type: APIErrorType, _ message: String) {
        self.type = type
        self.message = message
    }
}

/// An `/api/v1` answer in Prometheus' envelope, before it becomes an HTTP response: the
/// routes wrap it in a Hummingbird `Response`, `InlineQueryHandler` writes it itself.
public struct APIReply: Sendable {
    public var status: HTTPResponse.Status
    public var json: String

    /// `{"status":"success","data":<dataJSON>}` plus warnings and infos when present.
    public static func success(_ dataJSON: String, warnings: [String] = [], infos: [String] = []) -> APIReply {
        var body = #"{"status":"success","data":"# + dataJSON
        if !warnings.isEmpty { body += #","warnings":["# + warnings.map(JSONString.quoted).joined(separator: ",") + "]" }
        if !infos.isEmpty { body += #","infos":["# + infos.map(JSONString.quoted).joined(separator: ",") + "]" }
        body += "}"
        return APIReply(status: .ok, json: body)
    }

    /// `{"status":"error","errorType":…,"error":…}` with the type's status code.
    public static func error(_ error: APIError) -> APIReply {
        let body = #"{"status":"error","errorType":"# + JSONString.quoted(error.type.rawValue)
            + #","error":"# + JSONString.quoted(error.message) + "}"
        return APIReply(status: error.type.status, json: body)
    }

    /// The reply as a Hummingbird response.
    public var response: Response { APIResponse.json(json, status: status) }
}

/// Builds `/api/v1` responses in Prometheus' envelope.
public enum APIResponse {
    /// `{"status":"success","data":<dataJSON>}` plus warnings and infos when present.
    public static func success(_ dataJSON: String, warnings: [String] = [], infos: [String] = []) -> Response {
        APIReply.success(dataJSON, warnings: warnings, infos: infos).response
    }

    /// `{"status":"error","errorType":…,"error":…}` with the type's status code.
    public static func error(_ error: APIError) -> Response {
        APIReply.error(error).response
    }

    /// A JSON body with the given status.
    public static func json(_ body: String, status: HTTPResponse.Status) -> Response {
        Response(
            status: status,
            headers: [.contentType: "application/json"],
            body: .init(byteBuffer: ByteBuffer(string: body))
        )
    }

    /// A plain-text body.
    public static func text(_ body: String, status: HTTPResponse.Status = .ok, contentType: String = "text/plain; charset=utf-8") -> Response {
        Response(status: status, headers: [.contentType: contentType], body: .init(byteBuffer: ByteBuffer(string: body)))
    }
}
