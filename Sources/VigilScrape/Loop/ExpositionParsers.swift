import VigilExposition
import VigilModel

/// Scrape bodies parsed by VigilExposition: the format chosen from the response's
/// `Content-Type` as Prometheus does (OpenMetrics or the text format; anything else falls
/// back to the text format, as Prometheus 2.x did).
public struct ExpositionParsers: ScrapeParserFactory {
    public init() {}

    public func withParser<R>(_ bytes: [UInt8], contentType: String?, _ body: (inout any ScrapeParser) -> R) -> R {
        let format = (try? ExpositionFormat.negotiate(contentType: contentType, fallback: .prometheusText).format) ?? .prometheusText
        var parser: any ScrapeParser = Adapter(parser: ExpositionParser(bytes: bytes, format: format))
        return body(&parser)
    }

    private struct Adapter: ScrapeParser {
        var parser: ExpositionParser

        mutating func next() throws(ScrapeParseError) -> ScrapeEntry? {
            let entry: ExpositionEntry?
            do {
                entry = try parser.next()
            } catch {
                throw ScrapeParseError(error.description)
            }
            switch entry {
            case nil: return nil
            case .sample(let sample)?: return .sample(series: sample.series, value: sample.value, timestamp: sample.timestamp)
            case .type(let family, let type)?: return .type(family: family, type)
            case .help(let family, let text)?: return .help(family: family, text)
            case .unit(let family, let unit)?: return .unit(family: family, unit)
            case .comment?, .eof?: return .other
            }
        }

        mutating func labels() -> Labels { parser.labels() }
    }
}
