/// A path with query parameters, as pages link to each other: `/d/ml?from=now-6h&var-job=a`.
///
/// Parameters keep their order and may repeat (multi-value variables are `var-x=a&var-x=b`,
/// as in Grafana). `description` percent-encodes; interpolate it into `HTML` so that the `&`
/// separators are escaped inside attributes.
public struct PageURL: Sendable, Hashable, CustomStringConvertible {
    public var path: String
    public var query: [(name: String, value: String)]

    public init(path: String, query: [(name: String, value: String)] = []) {
        self.path = path
        self.query = query
    }

    /// Parses a raw query string (`a=1&b=%2F`), decoding `+` and percent escapes.
    public init(path: String, rawQuery: String) {
        self.path = path
        self.query = PageURL.parseQuery(rawQuery)
    }

    /// The first value of parameter `name`.
    public subscript(name: String) -> String? {
        query.first { $0.name == name }?.value
    }

    /// Every value of parameter `name`, in order.
    public func values(_ name: String) -> [String] {
        query.filter { $0.name == name }.map(\.value)
    }

    /// A copy with `name` set to `value` (replacing all earlier values); nil removes it.
    public func setting(_ name: String, _ value: String?) -> PageURL {
        var copy = self
        if let index = copy.query.firstIndex(where: { $0.name == name }) {
            copy.query.removeAll { $0.name == name }
            if let value { copy.query.insert((name, value), at: min(index, copy.query.count)) }
        } else if let value {
            copy.query.append((name, value))
        }
        return copy
    }

    /// A copy with several parameters set (nil removes).
    public func setting(_ pairs: [(String, String?)]) -> PageURL {
        pairs.reduce(self) { $0.setting($1.0, $1.1) }
    }

    /// A copy with `name` holding exactly `values`.
    public func setting(_ name: String, values: [String]) -> PageURL {
        var copy = self.setting(name, nil)
        for value in values { copy.query.append((name, value)) }
        return copy
    }

    /// A copy without the named parameters.
    public func removing(_ names: String...) -> PageURL {
        var copy = self
        copy.query.removeAll { names.contains($0.name) }
        return copy
    }

    /// A copy keeping only parameters whose name passes `keep`.
    public func filtering(_ keep: (String) -> Bool) -> PageURL {
        var copy = self
        copy.query.removeAll { !keep($0.name) }
        return copy
    }

    /// A copy with another path and the same parameters.
    public func with(path: String) -> PageURL {
        var copy = self
        copy.path = path
        return copy
    }

    public static func == (a: PageURL, b: PageURL) -> Bool {
        a.description == b.description
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(description)
    }

    /// `path?name=value&…`, percent-encoded.
    public var description: String {
        var out = PageURL.encode(path, keeping: PageURL.pathSafe)
        for (index, item) in query.enumerated() {
            out += index == 0 ? "?" : "&"
            out += PageURL.encode(item.name, keeping: PageURL.querySafe)
            out += "="
            out += PageURL.encode(item.value, keeping: PageURL.querySafe)
        }
        return out
    }

    // MARK: - Encoding

    static let pathSafe = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~/:@!$'()*+,;".utf8)
    // RFC 3986 unreserved characters only: everything else in a value is encoded, so the
    // result is safe inside any attribute and parses back the same.
    static let querySafe = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~".utf8)

    /// Percent-encodes every byte of `text` outside `keeping`.
    static func encode(_ text: String, keeping safe: Set<UInt8>) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        for byte in text.utf8 {
            if safe.contains(byte) {
                bytes.append(byte)
            } else {
                bytes.append(UInt8(ascii: "%"))
                bytes.append(hex[Int(byte >> 4)])
                bytes.append(hex[Int(byte & 0xF)])
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Decodes `+` as space and `%XX` escapes; a malformed escape stays as written.
    public static func decode(_ text: String) -> String {
        var bytes: [UInt8] = []
        let input = Array(text.utf8)
        var index = 0
        while index < input.count {
            let byte = input[index]
            if byte == UInt8(ascii: "+") {
                bytes.append(UInt8(ascii: " "))
            } else if byte == UInt8(ascii: "%"), index + 2 < input.count,
                let high = hexValue(input[index + 1]), let low = hexValue(input[index + 2])
            {
                bytes.append(high << 4 | low)
                index += 2
            } else {
                bytes.append(byte)
            }
            index += 1
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Splits `a=1&b=2` into decoded pairs; a name without `=` gets an empty value.
    public static func parseQuery(_ raw: String) -> [(name: String, value: String)] {
        raw.split(separator: "&", omittingEmptySubsequences: true).map { part in
            if let eq = part.firstIndex(of: "=") {
                return (decode(String(part[..<eq])), decode(String(part[part.index(after: eq)...])))
            }
            return (decode(String(part)), "")
        }
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

extension HTML.StringInterpolation {
    /// A URL: percent-encoded, then escaped for the attribute it sits in.
    public mutating func appendInterpolation(_ url: PageURL) {
        HTML.appendEscaped(url.description, to: &output)
    }
}
