/// The static files of the web UI (`web/`), embedded in the binary so that the one
/// executable and its container need no asset folder.
///
/// `web/` stays the source of truth: `WebAssets+Files.swift` is generated from it by
/// `VIGIL_UPDATE_GOLDEN=1 swift test --filter WebAssetsTests`, and that test fails when the
/// two differ. Lookup is by exact name in a fixed table, so no request path can reach a
/// file outside it (`..`, absolute paths, symlinks, encoded slashes all miss).
public enum WebAssets {
    /// One file.
    public struct Asset: Sendable, Hashable {
        /// The name under `/static/` (`vigil.css`).
        public var name: String
        /// The `Content-Type` header value.
        public var contentType: String
        public var body: String
        /// A strong validator for `ETag` (`"<hex>"`, quotes included) and the `?v=`
        /// cache-busting parameter pages put on asset links.
        public var version: String

        /// `ETag` header value.
        public var etag: String { "\"" + version + "\"" }
    }

    /// The URL prefix assets are served under.
    public static let prefix = "/static/"

    /// Every embedded file, by name.
    public static let all: [String: Asset] = {
        var assets: [String: Asset] = [:]
        for (name, body) in embedded {
            assets[name] = Asset(name: name, contentType: contentType(of: name), body: body, version: fingerprint(body))
        }
        return assets
    }()

    /// The asset a request path names: `/static/vigil.css`, or just `vigil.css`. Nil for
    /// anything else (the server answers 404).
    public static func asset(at requestPath: String) -> Asset? {
        var name = Substring(requestPath)
        if name.hasPrefix(prefix) { name = name.dropFirst(prefix.count) }
        if let query = name.firstIndex(of: "?") { name = name[..<query] }
        return all[String(name)]
    }

    /// `/static/<name>?v=<version>`: the link pages use, so browsers may cache forever.
    public static func url(_ name: String) -> String {
        prefix + name + (all[name].map { "?v=" + $0.version } ?? "")
    }

    /// The CSS embedded in standalone chart SVGs.
    public static var standaloneChartCSS: String {
        embedded["chart.css"]?.split(separator: "\n").filter { !$0.hasPrefix("/*") }.joined() ?? ""
    }

    static func contentType(of name: String) -> String {
        if name.hasSuffix(".css") { return "text/css; charset=utf-8" }
        if name.hasSuffix(".js") { return "text/javascript; charset=utf-8" }
        if name.hasSuffix(".svg") { return "image/svg+xml" }
        if name.hasSuffix(".txt") { return "text/plain; charset=utf-8" }
        return "application/octet-stream"
    }

    /// FNV-1a 64 of the UTF-8 bytes, as 16 hex digits.
    static func fingerprint(_ text: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        let digits = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
