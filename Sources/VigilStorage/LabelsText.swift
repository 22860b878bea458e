import VigilModel

/// The canonical text of a label set as the `series` table stores it: Prometheus'
/// `Labels.String()` form, `{__name__="up", job="node"}`, readable in any SQLite shell.
enum LabelsText {
    static func format(_ labels: Labels) -> String { labels.description }

    /// Parses text written by `format`; nil when it is not in that form.
    static func parse(_ text: String) -> Labels? {
        var bytes = Array(text.utf8)[...]
        guard bytes.popFirst() == UInt8(ascii: "{"), bytes.popLast() == UInt8(ascii: "}") else { return nil }
        var pairs: [Label] = []
        while !bytes.isEmpty {
            if !pairs.isEmpty {
                guard bytes.popFirst() == UInt8(ascii: ","), bytes.popFirst() == UInt8(ascii: " ") else { return nil }
            }
            guard let equals = bytes.firstIndex(of: UInt8(ascii: "=")) else { return nil }
            let name = String(decoding: bytes[..<equals], as: UTF8.self)
            bytes = bytes[(equals + 1)...]
            guard bytes.popFirst() == UInt8(ascii: "\"") else { return nil }
            var value: [UInt8] = []
            var closed = false
            while let byte = bytes.popFirst() {
                if byte == UInt8(ascii: "\"") {
                    closed = true
                    break
                }
                if byte == UInt8(ascii: "\\") {
                    switch bytes.popFirst() {
                    case UInt8(ascii: "n"): value.append(UInt8(ascii: "\n"))
                    case UInt8(ascii: "\\"): value.append(UInt8(ascii: "\\"))
                    case UInt8(ascii: "\""): value.append(UInt8(ascii: "\""))
                    default: return nil
                    }
                } else {
                    value.append(byte)
                }
            }
            guard closed, !name.isEmpty else { return nil }
            pairs.append(Label(name, String(decoding: value, as: UTF8.self)))
        }
        let labels = Labels(pairs)
        return labels.count == pairs.count ? labels : nil
    }
}
