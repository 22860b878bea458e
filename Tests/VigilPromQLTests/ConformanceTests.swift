import Foundation
import Testing
import VigilModel
@testable import VigilPromQL

/// Runs every upstream PromQL test script (Tests/Conformance/promql/*.test) and reports
/// pass/fail/skip per file. Native-histogram evals and unimplemented experimental features
/// are skipped; any failure outside `ConformanceKnownFailures` fails the test.
@Suite("PromQL conformance")
struct ConformanceTests {
    static let folder: URL = {
        var url = URL(fileURLWithPath: #filePath)
        while url.lastPathComponent != "Tests" { url.deleteLastPathComponent() }
        return url.appendingPathComponent("Conformance/promql")
    }()

    static let files: [String] = {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasSuffix(".test") }.sorted()
    }()

    static let index: [String: [Int: ConformanceRunner.IndexEntry]] =
        (try? ConformanceRunner.index(folder.appendingPathComponent("evals.tsv"))) ?? [:]

    @Test func scriptsArePresent() {
        #expect(Self.files.count == 21)
        #expect(!Self.index.isEmpty)
    }

    @Test(arguments: files)
    func script(_ name: String) throws {
        let text = try String(contentsOf: Self.folder.appendingPathComponent(name), encoding: .utf8)
        let script = try ConformanceScript(text)
        let runner = ConformanceRunner(parse: { query in try Parser.parse(query) })
        let reports = runner.run(script, index: Self.index[name] ?? [:])

        var passed = 0
        var failed = 0
        var skipped = 0
        var reasons: [String: Int] = [:]
        for report in reports {
            let key = "\(name):\(report.line)"
            let known = ConformanceKnownFailures.evals[key]
            switch report.outcome {
            case .passed:
                passed += 1
                if known != nil { Issue.record("\(key) passes now: remove it from ConformanceKnownFailures") }
            case .skipped(let reason):
                skipped += 1
                reasons[reason, default: 0] += 1
                if known != nil { Issue.record("\(key) is skipped: remove it from ConformanceKnownFailures") }
            case .failed(let message):
                failed += 1
                if known == nil { Issue.record("\(key) \(report.expr): \(message)") }
            }
        }
        let why = reasons.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
        print("conformance \(name): \(passed) passed, \(failed) failed, \(skipped) skipped" + (why.isEmpty ? "" : " (\(why))"))
    }
}
