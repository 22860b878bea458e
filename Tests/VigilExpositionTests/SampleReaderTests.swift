import Testing
import VigilExposition
import VigilModel

/// `ExpositionParser` as a `SampleReader`: samples only, series text located in the input,
/// errors with the parser's message and position.
@Suite struct SampleReaderTests {
    /// Reads every sample as `series text|timestamp|value|labels`, or the error.
    static func read(_ text: String, _ format: ExpositionFormat) -> [String] {
        let bytes = Array(text.utf8)
        var reader = ExpositionParser(bytes: bytes, format: format)
        var out: [String] = []
        do {
            while let sample = try reader.nextSample() {
                let series = String(decoding: bytes[sample.series], as: UTF8.self)
                out.append("\(series)|\(sample.timestamp.map(String.init) ?? "-")|\(sample.value)|\(reader.labels())")
            }
        } catch {
            out.append("\(error.kind) \(error)")
        }
        return out
    }

    @Test(arguments: [
        (
            "# HELP a_total Help.\n# TYPE a_total counter\na_total{b=\"c\"} 1 1700000000.5\n# UNIT x_seconds seconds\nx_seconds 2\n# EOF\n",
            ExpositionFormat.openMetrics,
            [#"a_total{b="c"}|1700000000500|1.0|{__name__="a_total", b="c"}"#, #"x_seconds|-|2.0|{__name__="x_seconds"}"#]
        ),
        ("# a comment\n\nup 1 5\n", .prometheusText, [#"up|5|1.0|{__name__="up"}"#]),
        ("up 1\nup{a=} 2\n# EOF\n", .openMetrics, [#"up|-|1.0|{__name__="up"}"#, #"syntax 2:6: expected label value, got "}""#]),
        ("up 1\n", .openMetrics, [#"up|-|1.0|{__name__="up"}"#, "syntax 2:1: data does not end with # EOF"]),
        ("up{a=\"1\",a=\"2\"} 1\n", .prometheusText, [#"invalid 1:10: label name "a" is not unique"#]),
    ])
    func readsSamplesOnly(_ text: String, _ format: ExpositionFormat, _ expected: [String]) {
        #expect(Self.read(text, format) == expected)
    }

    @Test func errorsRepeatAndBytesConsumedAdvances() {
        var reader = ExpositionParser(bytes: Array("a 1\nb x\n".utf8), format: .prometheusText)
        #expect((try? reader.nextSample()) != nil)
        #expect(reader.bytesConsumed == 4)
        #expect(throws: SampleReadError.self) { try reader.nextSample() }
        #expect(throws: SampleReadError.self) { try reader.nextSample() }
    }
}
