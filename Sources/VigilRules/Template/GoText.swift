#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Go's string helpers that template functions expose: `strings.ToUpper`/`ToLower`
/// (rune by rune), `cases.Title`, `net.SplitHostPort`, and URL paths.
enum GoText {
    /// `strings.ToUpper`: each rune mapped on its own (`ß` stays `ß`, unlike Swift's `SS`).
    static func toUpper(_ s: String) -> String {
        mapScalars(s) { $0.properties.uppercaseMapping }
    }

    /// `strings.ToLower`, rune by rune.
    static func toLower(_ s: String) -> String {
        mapScalars(s) { $0.properties.lowercaseMapping }
    }

    private static func mapScalars(_ s: String, _ mapping: (Unicode.Scalar) -> String) -> String {
        var out = String.UnicodeScalarView()
        for scalar in s.unicodeScalars {
            let mapped = mapping(scalar).unicodeScalars
            if mapped.count == 1 { out.append(mapped.first!) } else { out.append(scalar) }
        }
        return String(out)
    }

    private static func isWordScalar(_ s: Unicode.Scalar) -> Bool {
        switch s.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
            .nonspacingMark, .spacingMark, .enclosingMark, .decimalNumber, .letterNumber, .otherNumber,
            .connectorPunctuation:
            return true
        default:
            return false
        }
    }

    /// `cases.Title(language.AmericanEnglish)`: a letter that starts a word is title-cased.
    /// Words are runs of letters, marks, digits and `_`; anything else (space, `-`, `'`,
    /// `.`) separates them, so `it's x.y 1st` becomes `It'S X.Y 1st` as in Prometheus.
    /// With `lowerRest` (Alertmanager's `title`) the other letters are lower-cased; without
    /// (Prometheus' `cases.NoLower`) they are kept.
    static func title(_ s: String, lowerRest: Bool) -> String {
        var out = String.UnicodeScalarView()
        var inWord = false
        for scalar in s.unicodeScalars {
            let isWord = isWordScalar(scalar)
            let mapped: String.UnicodeScalarView
            if isWord && !inWord {
                mapped = scalar.properties.titlecaseMapping.unicodeScalars
            } else if isWord && lowerRest {
                mapped = scalar.properties.lowercaseMapping.unicodeScalars
            } else {
                mapped = String.UnicodeScalarView([scalar])
            }
            if mapped.count == 1 { out.append(mapped.first!) } else { out.append(scalar) }
            inWord = isWord
        }
        return String(out)
    }

    /// `net.SplitHostPort`; nil where Go returns an error.
    static func splitHostPort(_ hostport: String) -> (host: String, port: String)? {
        let b = Array(hostport.utf8)
        guard let lastColon = b.lastIndex(of: UInt8(ascii: ":")) else { return nil }
        var host: [UInt8]
        var j = 0
        var k = 0
        if b.first == UInt8(ascii: "[") {
            guard let end = b.firstIndex(of: UInt8(ascii: "]")) else { return nil }
            guard end + 1 != b.count, end + 1 == lastColon else { return nil }
            host = Array(b[1..<end])
            j = 1
            k = end + 1
        } else {
            host = Array(b[..<lastColon])
            if host.contains(UInt8(ascii: ":")) { return nil }
        }
        if b[j...].contains(UInt8(ascii: "[")) || b[k...].contains(UInt8(ascii: "]")) { return nil }
        return (String(decoding: host, as: UTF8.self), String(decoding: b[(lastColon + 1)...], as: UTF8.self))
    }

    /// Whether `text` is an IPv4 or IPv6 address (`net.ParseIP`).
    static func isIPAddress(_ text: String) -> Bool {
        var v4 = in_addr()
        var v6 = in6_addr()
        return inet_pton(AF_INET, text, &v4) == 1 || inet_pton(AF_INET6, text, &v6) == 1
    }

    /// Prometheus' `stripDomain`: the first DNS label of a host name, port kept; IPs unchanged.
    static func stripDomain(_ hostport: String) -> String {
        let split = splitHostPort(hostport)
        let host = split?.host ?? hostport
        if isIPAddress(host) { return hostport }
        let first = String(host.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false).first ?? "")
        guard let port = split?.port, !port.isEmpty else { return first }
        return first.contains(":") ? "[\(first)]:\(port)" : "\(first):\(port)"
    }

    /// The path of a URL (`scheme://host/path?query` → `/path`).
    static func urlPath(_ url: String) -> String {
        var rest = Substring(url)
        if let scheme = rest.range(of: "://") {
            rest = rest[scheme.upperBound...]
            guard let slash = rest.firstIndex(of: "/") else { return "" }
            rest = rest[slash...]
        }
        if let end = rest.firstIndex(where: { $0 == "?" || $0 == "#" }) { rest = rest[..<end] }
        return String(rest)
    }
}
