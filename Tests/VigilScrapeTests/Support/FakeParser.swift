import Foundation
import VigilModel
@testable import VigilScrape

/// A tiny Prometheus-text parser standing in for VigilExposition in unit tests: sample
/// lines `name{a="b",c="d"} value [timestamp]`, `# TYPE`, `# HELP`, `# UNIT`; no escapes.
struct FakeParser: ScrapeParser {
    let bytes: [UInt8]
    var position = 0
    var currentLabels = Labels()

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    mutating func next() throws(ScrapeParseError) -> ScrapeEntry? {
        while position < bytes.count {
            let start = position
            while position < bytes.count && bytes[position] != UInt8(ascii: "\n") { position += 1 }
            let end = position
            position += 1
            let line = String(decoding: bytes[start..<end], as: UTF8.self)
            if line.trimmingCharacters(in: .whitespaces).isEmpty { continue }
            if line.hasPrefix("#") {
                let parts = line.split(separator: " ", maxSplits: 3).map(String.init)
                guard parts.count >= 3 else { return .other }
                switch parts[1] {
                case "TYPE": return .type(family: parts[2], MetricType(rawValue: parts.count > 3 ? parts[3] : "") ?? .unknown)
                case "HELP": return .help(family: parts[2], parts.count > 3 ? parts[3] : "")
                case "UNIT": return .unit(family: parts[2], parts.count > 3 ? parts[3] : "")
                default: return .other
                }
            }
            let seriesEnd: Int
            if let brace = line.firstIndex(of: "}") {
                seriesEnd = line.utf8.distance(from: line.utf8.startIndex, to: brace) + 1
            } else {
                seriesEnd = line.utf8.firstIndex(of: UInt8(ascii: " ")).map { line.utf8.distance(from: line.utf8.startIndex, to: $0) } ?? line.utf8.count
            }
            let series = String(line.utf8.prefix(seriesEnd))!
            let rest = String(line.utf8.dropFirst(seriesEnd))!.split(separator: " ")
            guard let valueText = rest.first, let value = Self.number(String(valueText)) else {
                throw ScrapeParseError("expected value after metric, got \(line)")
            }
            let timestamp = rest.count > 1 ? Timestamp(rest[1]) : nil
            currentLabels = try Self.labels(series)
            return .sample(series: start..<(start + seriesEnd), value: value, timestamp: timestamp)
        }
        return nil
    }

    mutating func labels() -> Labels { currentLabels }

    static func number(_ text: String) -> Double? {
        switch text {
        case "+Inf": return .infinity
        case "-Inf": return -.infinity
        case "NaN": return .nan
        default: return Double(text)
        }
    }

    static func labels(_ series: String) throws(ScrapeParseError) -> Labels {
        guard let brace = series.firstIndex(of: "{") else { return [LabelName.metric: series] }
        var pairs = [Label(LabelName.metric, String(series[..<brace]))]
        let inner = series[series.index(after: brace)..<series.index(before: series.endIndex)]
        for part in inner.split(separator: ",") where !part.isEmpty {
            let kv = part.split(separator: "=", maxSplits: 1)
            guard kv.count == 2, kv[1].hasPrefix("\""), kv[1].hasSuffix("\"") else { throw ScrapeParseError("bad label \(part)") }
            pairs.append(Label(String(kv[0]), String(kv[1].dropFirst().dropLast())))
        }
        return Labels(pairs)
    }
}

struct FakeParsers: ScrapeParserFactory {
    func withParser<R>(_ bytes: [UInt8], contentType: String?, _ body: (inout any ScrapeParser) -> R) -> R {
        var parser: any ScrapeParser = FakeParser(bytes)
        return body(&parser)
    }
}
