import Foundation
import Testing
import VigilExposition

/// Every case of the OpenMetrics 1.0 parser conformance suite (`Tests/Conformance/openmetrics`):
/// a strict parse must succeed exactly when `test.json` says `shouldParse`.
@Suite struct OpenMetricsConformanceTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var metrics: [UInt8]
        var shouldParse: Bool
        var testDescription: String { name }
    }

    static let cases: [Case] = {
        let root = "Conformance/openmetrics/parsers"
        guard let names = try? TestFiles.list(root) else { return [] }
        return names.compactMap { name in
            guard let json = try? TestFiles.bytes("\(root)/\(name)/test.json"),
                let object = try? JSONSerialization.jsonObject(with: Data(json)) as? [String: Any],
                let shouldParse = object["shouldParse"] as? Bool,
                let metrics = try? TestFiles.bytes("\(root)/\(name)/metrics")
            else { return nil }
            return Case(name: name, metrics: metrics, shouldParse: shouldParse)
        }
    }()

    @Test func suiteIsComplete() {
        // The copied suite has 211 cases: 44 that parse and 167 that must be rejected.
        #expect(Self.cases.count == 211)
        #expect(Self.cases.filter(\.shouldParse).count == 44)
    }

    @Test(arguments: cases)
    func strictParse(_ testCase: Case) {
        do {
            _ = try MetricFamily.parse(testCase.metrics, format: .openMetrics)
            #expect(testCase.shouldParse, "accepted, but the suite says it must be rejected")
        } catch {
            #expect(!testCase.shouldParse, "rejected: \(error)")
        }
    }

    /// Prometheus' own OpenMetrics parser accepts every case the suite accepts, so the
    /// lenient scrape parser must too.
    @Test(arguments: cases.filter(\.shouldParse))
    func lenientParseAcceptsEveryValidCase(_ testCase: Case) throws {
        var parser = ExpositionParser(bytes: testCase.metrics, format: .openMetrics)
        var last: ExpositionEntry?
        while let entry = try parser.next() { last = entry }
        #expect(last == .eof)
    }
}
