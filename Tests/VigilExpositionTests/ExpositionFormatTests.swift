import Testing
import VigilExposition

/// Choosing a parser from a response's Content-Type, as Prometheus' `textparse.New`.
@Suite struct ExpositionFormatTests {
    @Test(arguments: [
        ("application/openmetrics-text; version=1.0.0; charset=utf-8", ExpositionFormat.openMetrics),
        ("application/openmetrics-text;version=0.0.1", .openMetrics),
        ("Application/OpenMetrics-Text", .openMetrics),
        ("text/plain; version=0.0.4; charset=utf-8", .prometheusText),
        ("text/plain;version=1.0.0;escaping=allow-utf-8", .prometheusText),
        ("text/plain", .prometheusText),
    ])
    func supported(_ contentType: String, _ format: ExpositionFormat) throws {
        #expect(ExpositionFormat(contentType: contentType) == format)
        #expect(try ExpositionFormat.negotiate(contentType: contentType) == .init(format: format, warning: nil))
    }

    @Test(arguments: [
        (nil, "non-compliant scrape target sending blank Content-Type"),
        ("", "non-compliant scrape target sending blank Content-Type"),
        ("invalid/", #"could not parse received Content-Type "invalid/""#),
        ("/", #"could not parse received Content-Type "/""#),
        ("text/plain; version=1; version=2", #"could not parse received Content-Type "text/plain; version=1; version=2""#),
        ("text/html", #"received unsupported Content-Type "text/html""#),
        ("application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=delimited",
         #"received unsupported Content-Type "application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=delimited""#),
    ] as [(String?, String)])
    func fallback(_ contentType: String?, _ problem: String) throws {
        let negotiated = try ExpositionFormat.negotiate(contentType: contentType)
        #expect(negotiated == .init(format: .prometheusText, warning: problem + ", using fallback format prometheusText"))
        let error = #expect(throws: ExpositionError.self) { try ExpositionFormat.negotiate(contentType: contentType, fallback: nil) }
        #expect(error?.kind == .contentType)
        #expect(error?.description == problem + " and no fallback_scrape_protocol specified for target")
    }

    @Test func acceptHeadersAreWhatPrometheusSends() {
        #expect(ExpositionFormat.acceptHeader == "application/openmetrics-text;version=1.0.0;escaping=allow-utf-8;q=0.6,application/openmetrics-text;version=0.0.1;q=0.5,text/plain;version=1.0.0;escaping=allow-utf-8;q=0.4,text/plain;version=0.0.4;q=0.3,*/*;q=0.2")
        #expect(ExpositionFormat.legacyAcceptHeader == "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1")
    }
}
