import Foundation
import Testing
import VigilModel
@testable import VigilServer

struct FormattingTests {
    /// As Go's encoder (Prometheus' API): quotes, backslashes and controls escaped, and
    /// `<`, `>`, `&` as \u escapes; everything else, non-ASCII included, as is.
    @Test(arguments: [
        ("plain", "\"plain\""), ("", "\"\""), ("/api/users", "\"/api/users\""), ("é ☃", "\"é ☃\""),
        ("a\"b", #""a\"b""#), ("a\\b", #""a\\b""#), ("x\ny\tz", #""x\ny\tz""#), ("\u{01}", #""\u0001""#),
        ("<b>&", #""\u003cb\u003e\u0026""#), ("ü<", #""ü\u003c""#),
    ])
    func jsonStrings(_ value: String, _ expected: String) {
        #expect(JSONString.quoted(value) == expected)
    }

    /// As Prometheus' jsonutil.MarshalFloat: positional from 1e-6 to below 1e21.
    @Test(arguments: [
        (1.0, "1"), (0.0, "0"), (-0.0, "-0"), (1.5, "1.5"), (-2.25, "-2.25"), (1e-05, "0.00001"), (1e-06, "0.000001"),
        (1e-07, "1e-07"), (-2.5e-9, "-2.5e-09"), (1.5e+20, "150000000000000000000"), (1e21, "1e+21"), (123456.789, "123456.789"),
        (0.1, "0.1"), (Double.nan, "NaN"), (Double.infinity, "+Inf"), (-Double.infinity, "-Inf"),
        (Double.greatestFiniteMagnitude, "1.7976931348623157e+308"), (Double.leastNonzeroMagnitude, "5e-324"),
    ])
    func sampleValues(_ value: Double, _ expected: String) {
        #expect(QueryResultJSON.sampleValue(value) == expected)
    }

    /// The fast paths (integers, Swift's shortest positional digits) spell every value as
    /// the general GoFloat path does, over magnitudes from 1e-9 to 1e23.
    @Test func fastPathsAgreeWithGoFloat() {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next() -> Double {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Double(state >> 11) / Double(1 << 53)
        }
        func reference(_ v: Double) -> String {
            let magnitude = abs(v)
            return magnitude != 0 && (magnitude < 1e-6 || magnitude >= 1e21) ? GoFloat.g(v) : GoFloat.f(v)
        }
        for exponent in -9...23 {
            for _ in 0..<300 {
                let scale = (1 + 9 * next()) * pow(10, Double(exponent))
                for v in [scale, -scale, scale.rounded(), (scale * 1000).rounded() / 1000] {
                    #expect(QueryResultJSON.sampleValue(v) == reference(v), "\(v)")
                }
            }
        }
    }

    @Test(arguments: [
        (Int64(0), "0"), (1_435_781_451_781, "1435781451.781"), (1_435_781_451_780, "1435781451.78"),
        (1_435_781_451_000, "1435781451"), (5, "0.005"), (-1500, "-1.5"),
    ])
    func timestamps(_ t: Int64, _ expected: String) {
        #expect(TimestampFormat.seconds(t) == expected)
    }

    @Test(arguments: [
        ("query=up&time=1", [("query", "up"), ("time", "1")]),
        ("match%5B%5D=%7Bjob%3D%22a%22%7D&match[]=b", [("match[]", #"{job="a"}"#), ("match[]", "b")]),
        ("q=a+b%20c", [("q", "a b c")]),
        ("flag&x=", [("flag", ""), ("x", "")]),
        ("bad=%zz", [("bad", "%zz")]),
    ])
    func formParameters(_ text: String, _ expected: [(String, String)]) {
        let parsed = RequestParameters.parseForm(text)
        #expect(parsed.map(\.0) == expected.map(\.0))
        #expect(parsed.map(\.1) == expected.map(\.1))
    }

    @Test(arguments: [
        ("0.0.0.0:3000", "0.0.0.0", 3000), (":9090", "0.0.0.0", 9090), ("[::1]:80", "::1", 80),
        ("localhost:0", "localhost", 0),
    ])
    func listenAddresses(_ text: String, _ host: String, _ port: Int) {
        #expect(ListenAddress(text) == ListenAddress(host: host, port: port))
    }

    @Test(arguments: ["3000", "host:", "host:70000", "host:-1", ""])
    func badListenAddresses(_ text: String) {
        #expect(ListenAddress(text) == nil)
    }

    @Test func logfmtQuotesOnlyWhatNeedsIt() {
        let line = LineLogHandler.logfmt([("level", "info"), ("msg", "Server is ready"), ("path", "/a=b"), ("empty", "")])
        #expect(line == #"level=info msg="Server is ready" path="/a=b" empty="""#)
    }

    @Test func jsonLogLinesEscape() {
        let line = LineLogHandler.json([("msg", "a \"quoted\"\nline")])
        #expect(line == #"{"msg":"a \"quoted\"\nline"}"#)
    }
}
