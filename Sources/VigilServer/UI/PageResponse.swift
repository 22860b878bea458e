import Hummingbird
import VigilDashboard
import VigilModel

/// What a page request carries besides its route: the URL, the theme and the viewer's
/// UTC offset, read from the query and the `vigil_theme` / `vigil_tz` cookies.
struct PageRequest: Sendable {
    let url: PageURL
    let context: PageContext
    /// The theme the URL chose (`?theme=dark`), remembered in a cookie by the response.
    let chosenTheme: Theme?

    init(_ request: Request, now: Timestamp = .now()) {
        let url = PageURL(path: request.uri.path, rawQuery: request.uri.query ?? "")
        let chosen = url["theme"].map { Theme(parameter: $0) }
        let theme = chosen ?? Theme(parameter: request.cookies[PageContext.themeCookie]?.value)
        let offset = PageContext.offset(fromCookie: request.cookies[PageContext.offsetCookie]?.value)
        self.url = url
        chosenTheme = chosen
        context = PageContext(url: url, theme: theme, now: now, offsetSeconds: offset, version: BuildInfo.version)
    }
}

/// Responses of the web UI: content types, the Content-Security-Policy, caching, cookies.
enum PageResponse {
    /// Pages run only Vigil's own script file (no inline script, no eval); inline styles are
    /// allowed for the few `style` attributes and the charts' `<style>`; SVG charts are
    /// inline, icons are `data:` or same-origin; forms post only to Vigil; no framing elsewhere.
    static let pagePolicy = [
        "default-src 'self'", "script-src 'self'", "style-src 'self' 'unsafe-inline'", "img-src 'self' data:",
        "connect-src 'self'", "object-src 'none'", "base-uri 'self'", "form-action 'self'", "frame-ancestors 'self'",
    ].joined(separator: "; ")

    /// A standalone SVG never runs anything, even when opened directly.
    static let svgPolicy = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"

    /// An HTML page. Pages change with every request: never cached.
    static func html(_ body: String, status: HTTPResponse.Status = .ok, request: PageRequest) -> Response {
        var headers = securityHeaders(policy: pagePolicy)
        headers[.contentType] = "text/html; charset=utf-8"
        headers[.cacheControl] = "no-store"
        if let theme = request.chosenTheme {
            // A year, readable by the page's script too; `auto` clears the choice.
            headers[.setCookie] = theme == .auto
                ? "\(PageContext.themeCookie)=; Path=/; Max-Age=0; SameSite=Lax"
                : "\(PageContext.themeCookie)=\(theme.rawValue); Path=/; Max-Age=31536000; SameSite=Lax"
        }
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: body)))
    }

    /// A standalone panel SVG for `<img>` embedding.
    static func svg(_ body: String) -> Response {
        var headers = securityHeaders(policy: svgPolicy)
        headers[.contentType] = "image/svg+xml; charset=utf-8"
        headers[.cacheControl] = "no-cache"
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: body)))
    }

    /// A file of `web/`. Links carry `?v=<version>`, so a matching version may be cached
    /// for a year; other requests revalidate with the ETag.
    static func asset(_ asset: WebAssets.Asset, request: Request) -> Response {
        var headers = securityHeaders(policy: asset.contentType.hasPrefix("image/svg") ? svgPolicy : pagePolicy)
        headers[.contentType] = asset.contentType
        headers[.eTag] = asset.etag
        let versioned = request.uri.queryParameters.get("v") == asset.version
        headers[.cacheControl] = versioned ? "public, max-age=31536000, immutable" : "public, max-age=0, must-revalidate"
        if let match = request.headers[.ifNoneMatch], match.split(separator: ",").contains(where: { $0.withoutSpaces == asset.etag || $0.withoutSpaces == "*" }) {
            return Response(status: .notModified, headers: headers)
        }
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: asset.body)))
    }

    /// A redirect to a page of the UI (`/graph?g0.expr=` → `/explore?query=`).
    static func redirect(to location: String) -> Response {
        var headers = HTTPFields()
        headers[.location] = location
        headers[.cacheControl] = "no-store"
        return Response(status: .found, headers: headers)
    }

    private static func securityHeaders(policy: String) -> HTTPFields {
        var headers = HTTPFields()
        headers[.contentSecurityPolicy] = policy
        headers[.xContentTypeOptions] = "nosniff"
        headers[.init("Referrer-Policy")!] = "same-origin"
        return headers
    }
}

extension Substring {
    /// Without leading and trailing spaces (entity tags in `If-None-Match`).
    fileprivate var withoutSpaces: Substring {
        var trimmed = drop { $0 == " " }
        while trimmed.last == " " { trimmed = trimmed.dropLast() }
        return trimmed
    }
}
