/// A fragment of HTML or SVG markup that is safe to emit as is.
///
/// Every page and chart is built from these values, and the only way text enters them is
/// through string interpolation, which escapes `String` values and inserts `HTML` values
/// unchanged. So a label value, legend, title or annotation can only reach a page escaped:
///
///     let row: HTML = "<td title=\"\(labels.description)\">\(name)</td>"
///
/// Literal segments are trusted (they are written in this module's source). `HTML(raw:)`
/// exists for generated markup made only of numbers and constants (SVG path data, CSS).
public struct HTML: Sendable, Hashable, CustomStringConvertible, ExpressibleByStringInterpolation {
    /// The markup text.
    public private(set) var rendered: String

    /// Markup from text the caller guarantees safe (constants, numbers, already escaped).
    public init(raw: String) {
        rendered = raw
    }

    /// Empty markup.
    public static let empty = HTML(raw: "")

    public init(stringLiteral value: String) {
        rendered = value
    }

    public init(stringInterpolation: StringInterpolation) {
        rendered = stringInterpolation.output
    }

    public var description: String { rendered }

    public var isEmpty: Bool { rendered.isEmpty }

    /// Appends another fragment.
    public static func += (lhs: inout HTML, rhs: HTML) {
        lhs.rendered += rhs.rendered
    }

    public static func + (lhs: HTML, rhs: HTML) -> HTML {
        HTML(raw: lhs.rendered + rhs.rendered)
    }

    /// Appends a fragment.
    public mutating func append(_ fragment: HTML) {
        rendered += fragment.rendered
    }

    /// Appends text, escaped.
    public mutating func append(text: String) {
        HTML.appendEscaped(text, to: &rendered)
    }

    /// The interpolation that escapes text and trusts markup.
    public struct StringInterpolation: StringInterpolationProtocol {
        var output: String

        public init(literalCapacity: Int, interpolationCount: Int) {
            output = ""
            output.reserveCapacity(literalCapacity + interpolationCount * 16)
        }

        public mutating func appendLiteral(_ literal: String) {
            output += literal
        }

        /// Text: escaped for HTML and XML text and attribute values.
        public mutating func appendInterpolation(_ text: String) {
            HTML.appendEscaped(text, to: &output)
        }

        /// Text: escaped; nil appends nothing.
        public mutating func appendInterpolation(_ text: String?) {
            if let text { HTML.appendEscaped(text, to: &output) }
        }

        /// Markup: inserted unchanged.
        public mutating func appendInterpolation(_ markup: HTML) {
            output += markup.rendered
        }

        /// Several fragments, concatenated.
        public mutating func appendInterpolation(_ fragments: [HTML]) {
            for fragment in fragments { output += fragment.rendered }
        }

        /// An integer: digits need no escaping.
        public mutating func appendInterpolation(_ number: Int) {
            output += String(number)
        }

        /// An integer: digits need no escaping.
        public mutating func appendInterpolation(_ number: Int64) {
            output += String(number)
        }
    }
}

extension HTML {
    /// Joins fragments with a separator.
    public static func join(_ fragments: [HTML], separator: HTML = .empty) -> HTML {
        var out = ""
        for (index, fragment) in fragments.enumerated() {
            if index > 0 { out += separator.rendered }
            out += fragment.rendered
        }
        return HTML(raw: out)
    }

    /// `text` escaped for HTML and XML, both as element text and as a quoted attribute value.
    ///
    /// `&`, `<`, `>`, `"` and `'` become references; characters XML 1.0 forbids (C0 controls
    /// other than tab, newline and carriage return, U+FFFE, U+FFFF) become U+FFFD, so a
    /// standalone SVG stays well-formed whatever a label value holds.
    public static func escape(_ text: String) -> String {
        var out = ""
        appendEscaped(text, to: &out)
        return out
    }

    /// `text` shortened to at most `limit` characters with an ellipsis, then escaped.
    /// Long label values stay readable and cannot inflate a page without bound.
    public static func escape(_ text: String, truncatingTo limit: Int) -> String {
        escape(truncate(text, to: limit))
    }

    /// `text` shortened to at most `limit` characters (the last one an ellipsis).
    public static func truncate(_ text: String, to limit: Int) -> String {
        guard limit > 0 else { return "" }
        var count = 0
        var index = text.startIndex
        while index < text.endIndex {
            count += 1
            if count > limit {
                let cut = text.index(text.startIndex, offsetBy: limit - 1)
                return String(text[..<cut]) + "…"
            }
            index = text.index(after: index)
        }
        return text
    }

    static func appendEscaped(_ text: String, to out: inout String) {
        // Fast path: most label values and titles contain nothing to escape.
        var clean = true
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "&"), UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "\""), UInt8(ascii: "'"):
                clean = false
            case 0..<0x20 where byte != 0x09 && byte != 0x0A && byte != 0x0D:
                clean = false
            case 0xEF:
                clean = false  // may start U+FFFE / U+FFFF; checked below
            default:
                continue
            }
            if !clean { break }
        }
        if clean {
            out += text
            return
        }
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            case "\t", "\n", "\r": out.unicodeScalars.append(scalar)
            default:
                if scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF {
                    out += "\u{FFFD}"
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
    }
}
