import VigilModel

/// The series notation of the upstream test scripts (FORMAT.md §2–3): a label set such as
/// `name{a="1"}` followed by value items such as `0+10x10 _ stale {{schema:0}}`.
enum SeriesNotation {
    /// One expanded value.
    enum Value: Equatable {
        case omitted
        case float(Double)
        /// A native histogram; its contents are not modelled.
        case histogram

        static func == (a: Value, b: Value) -> Bool {
            switch (a, b) {
            case (.omitted, .omitted), (.histogram, .histogram): return true
            case (.float(let x), .float(let y)): return x.bitPattern == y.bitPattern
            default: return false
            }
        }
    }

    struct NotationError: Error, CustomStringConvertible {
        var description: String
    }

    /// Parses `labels values`.
    static func parse(_ line: String) throws(NotationError) -> (Labels, [Value]) {
        var scanner = Scanner(Array(line.utf8))
        let labels = try scanner.labelSet()
        let values = try expand(String(decoding: scanner.rest, as: UTF8.self))
        return (labels, values)
    }

    /// Parses a label set alone (`name{a="1"}`, `{__name__="x"}`, `{}`), returning the
    /// unparsed remainder.
    static func labels(_ text: String) throws(NotationError) -> (Labels, String) {
        var scanner = Scanner(Array(text.utf8))
        let labels = try scanner.labelSet()
        return (labels, String(decoding: scanner.rest, as: UTF8.self))
    }

    /// Expands the value items of a sequence.
    static func expand(_ text: String) throws(NotationError) -> [Value] {
        var out: [Value] = []
        for item in items(text) {
            try expandItem(item, into: &out)
        }
        return out
    }

    /// Splits at spaces outside `{{ }}`.
    private static func items(_ text: String) -> [String] {
        var items: [String] = []
        var current = ""
        var depth = 0
        for ch in text {
            if ch == "{" { depth += 1 }
            if ch == "}" { depth -= 1 }
            if (ch == " " || ch == "\t") && depth <= 0 {
                if !current.isEmpty { items.append(current) }
                current = ""
            } else {
                current.append(ch)
            }
        }
        if !current.isEmpty { items.append(current) }
        return items
    }

    private static func expandItem(_ item: String, into out: inout [Value]) throws(NotationError) {
        if item == "_" { out.append(.omitted); return }
        if item == "stale" { out.append(.float(StaleMarker.value)); return }
        if item.hasPrefix("_x") {
            guard let n = Int(item.dropFirst(2)) else { throw NotationError(description: "bad item \(item)") }
            out.append(contentsOf: repeatElement(.omitted, count: n))
            return
        }
        if item.hasPrefix("{{") {
            // `{{…}}`, `{{…}}xN`, `{{A}}+{{B}}xN`: count the values, keep no contents.
            var count = 1
            if let x = item.lastIndex(of: "x"), item[item.index(before: x)] == "}", let n = Int(item[item.index(after: x)...]) {
                count = n + 1
            }
            out.append(contentsOf: repeatElement(.histogram, count: count))
            return
        }
        var bytes = Substring(item)
        guard let start = takeNumber(&bytes) else { throw NotationError(description: "bad item \(item)") }
        if bytes.isEmpty { out.append(.float(start)); return }
        var delta = 0.0
        if bytes.first == "+" || bytes.first == "-" {
            let negative = bytes.first == "-"
            bytes = bytes.dropFirst()
            guard let d = takeNumber(&bytes) else { throw NotationError(description: "bad item \(item)") }
            delta = negative ? -d : d
        }
        guard bytes.first == "x", let n = Int(bytes.dropFirst()) else { throw NotationError(description: "bad item \(item)") }
        var value = start
        for _ in 0...n {
            out.append(.float(value))
            // As upstream: repeated addition, so rounding accumulates.
            value += delta
        }
    }

    /// Reads a float (`1`, `-2.5`, `.5`, `1e-3`, `Inf`, `-NaN`) from the front.
    private static func takeNumber(_ text: inout Substring) -> Double? {
        var index = text.startIndex
        var sign = ""
        if index < text.endIndex, text[index] == "+" || text[index] == "-" {
            sign = String(text[index])
            index = text.index(after: index)
        }
        for word in ["Inf", "NaN", "inf", "nan"] where text[index...].lowercased().hasPrefix(word.lowercased()) {
            let end = text.index(index, offsetBy: 3)
            text = text[end...]
            if word.lowercased() == "nan" { return .nan }
            return sign == "-" ? -.infinity : .infinity
        }
        let digitsStart = index
        var seenDigit = false
        while index < text.endIndex, text[index].isNumber || text[index] == "." {
            if text[index].isNumber { seenDigit = true }
            index = text.index(after: index)
        }
        guard seenDigit else { return nil }
        if index < text.endIndex, text[index] == "e" || text[index] == "E" {
            var exponent = text.index(after: index)
            if exponent < text.endIndex, text[exponent] == "+" || text[exponent] == "-" { exponent = text.index(after: exponent) }
            if exponent < text.endIndex, text[exponent].isNumber {
                index = exponent
                while index < text.endIndex, text[index].isNumber { index = text.index(after: index) }
            }
        }
        guard let value = Double(sign + text[digitsStart..<index]) else { return nil }
        text = text[index...]
        return value
    }

    /// Reads a label set in PromQL series syntax.
    private struct Scanner {
        let bytes: [UInt8]
        var at = 0

        init(_ bytes: [UInt8]) { self.bytes = bytes }

        var rest: ArraySlice<UInt8> { bytes[min(at, bytes.count)...] }

        mutating func skipSpace() {
            while at < bytes.count, bytes[at] == UInt8(ascii: " ") || bytes[at] == UInt8(ascii: "\t") { at += 1 }
        }

        mutating func identifier() -> String? {
            let start = at
            while at < bytes.count {
                let b = bytes[at]
                let ok = b == UInt8(ascii: "_") || b == UInt8(ascii: ":") || (b | 0x20) >= UInt8(ascii: "a") && (b | 0x20) <= UInt8(ascii: "z")
                    || (at > start && b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9"))
                if !ok { break }
                at += 1
            }
            return at > start ? String(decoding: bytes[start..<at], as: UTF8.self) : nil
        }

        mutating func quoted() throws(NotationError) -> String {
            guard at < bytes.count else { throw NotationError(description: "expected string") }
            let quote = bytes[at]
            at += 1
            var out: [UInt8] = []
            while at < bytes.count, bytes[at] != quote {
                if bytes[at] == UInt8(ascii: "\\") && quote != UInt8(ascii: "`") && at + 1 < bytes.count {
                    at += 1
                    switch bytes[at] {
                    case UInt8(ascii: "n"): out.append(10)
                    case UInt8(ascii: "t"): out.append(9)
                    case UInt8(ascii: "r"): out.append(13)
                    case UInt8(ascii: "x"):
                        if at + 2 < bytes.count, let v = UInt8(String(decoding: bytes[(at + 1)...(at + 2)], as: UTF8.self), radix: 16) {
                            out.append(v)
                            at += 2
                        }
                    case UInt8(ascii: "u"):
                        if at + 4 < bytes.count, let v = UInt32(String(decoding: bytes[(at + 1)...(at + 4)], as: UTF8.self), radix: 16),
                           let scalar = Unicode.Scalar(v) {
                            out.append(contentsOf: Array(String(scalar).utf8))
                            at += 4
                        }
                    default: out.append(bytes[at])
                    }
                } else {
                    out.append(bytes[at])
                }
                at += 1
            }
            guard at < bytes.count else { throw NotationError(description: "unterminated string") }
            at += 1
            return String(decoding: out, as: UTF8.self)
        }

        mutating func labelSet() throws(NotationError) -> Labels {
            skipSpace()
            var labels: [Label] = []
            if let name = identifier() { labels.append(Label(LabelName.metric, name)) }
            skipSpace()
            guard at < bytes.count, bytes[at] == UInt8(ascii: "{") else { return Labels(labels) }
            at += 1
            while true {
                skipSpace()
                guard at < bytes.count else { throw NotationError(description: "unterminated label set") }
                if bytes[at] == UInt8(ascii: "}") { at += 1; break }
                if bytes[at] == UInt8(ascii: ",") { at += 1; continue }
                let name: String
                if bytes[at] == UInt8(ascii: "\"") || bytes[at] == UInt8(ascii: "'") {
                    name = try quoted()
                } else if let id = identifier() {
                    name = id
                } else {
                    throw NotationError(description: "bad label name")
                }
                skipSpace()
                if at < bytes.count, bytes[at] == UInt8(ascii: "=") {
                    at += 1
                    skipSpace()
                    labels.append(Label(name, try quoted()))
                } else {
                    // A lone quoted string is the metric name.
                    labels.append(Label(LabelName.metric, name))
                }
            }
            return Labels(labels)
        }
    }
}
