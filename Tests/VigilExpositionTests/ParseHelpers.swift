import VigilExposition
import VigilModel

/// Every entry of `text` as a line of readable text, for table-driven tests:
/// `{__name__="a", b="c"} 1 @123`, `HELP a text`, `TYPE a counter`, `UNIT a s`,
/// `COMMENT # x`, `EOF`; an exemplar follows a sample as ` # {…} 0.5 @1`.
func entries(
    _ text: String, _ format: ExpositionFormat, options: ExpositionParser.Options = .init()
) throws(ExpositionError) -> [String] {
    var parser = ExpositionParser(bytes: Array(text.utf8), format: format, options: options)
    var out: [String] = []
    while let entry = try parser.next() {
        switch entry {
        case .sample(let sample):
            var line = "\(parser.labels()) \(FloatText.format(sample.value))"
            if let t = sample.timestamp { line += " @\(t)" }
            if let e = parser.exemplar() {
                line += " # \(e.labels) \(FloatText.format(e.value))"
                if let t = e.timestamp { line += " @\(t)" }
            }
            out.append(line)
        case .help(let family, let help): out.append("HELP \(family) \(help)")
        case .type(let family, let type): out.append("TYPE \(family) \(type.rawValue)")
        case .unit(let family, let unit): out.append("UNIT \(family) \(unit)")
        case .comment(let text): out.append("COMMENT \(text)")
        case .eof: out.append("EOF")
        }
    }
    return out
}

/// The error `text` fails with, as printed, or nil when it parses.
func failure(_ text: String, _ format: ExpositionFormat, options: ExpositionParser.Options = .init()) -> String? {
    do {
        _ = try entries(text, format, options: options)
        return nil
    } catch {
        return error.description
    }
}
