import Foundation
import Testing

/// Turns outcomes into test issues, one per query (or metadata request) that differs
/// anywhere, naming its first difference, plus one summary line printed either way.
struct DifferentialReport {
    var outcomes: [DifferentialRun.Outcome]
    var corpus: QueryCorpus
    var prepared: DifferentialFixture.Prepared
    var title: String

    /// The key under which differences in how values are written are reported, all queries
    /// together (one bug, one issue); `known-bugs.txt` can name it.
    static let spellingKey = "value spelling"

    /// The differing outcomes grouped by query, in corpus order; differences in spelling
    /// only are grouped under `spellingKey`.
    var failuresByQuery: [(key: String, outcomes: [DifferentialRun.Outcome])] {
        var groups: [String: [DifferentialRun.Outcome]] = [:]
        var order: [String] = []
        for outcome in outcomes where outcome.difference != nil {
            let spelling = ResultComparator.isSpellingOnly(outcome.difference!)
            let key = spelling ? Self.spellingKey : outcome.request.query ?? outcome.request.description
            if groups[key] == nil { order.append(key) }
            groups[key, default: []].append(outcome)
        }
        return order.map { ($0, groups[$0]!) }
    }

    /// Writes one line per request with the reference's answer in a few words to the file
    /// named by `VIGIL_DIFFERENTIAL_LISTING`, for reviewing what the corpus exercises.
    func writeListing() {
        guard let path = ProcessInfo.processInfo.environment["VIGIL_DIFFERENTIAL_LISTING"] else { return }
        let lines = outcomes.map {
            "\($0.difference == nil ? "same" : "DIFF")\t\($0.request)\t\($0.referenceSummary)\t\($0.difference ?? "")"
        }
        try? (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
    }

    func record() {
        writeListing()
        let failures = failuresByQuery
        let failed = failures.reduce(0) { $0 + $1.outcomes.count }
        print("""
            [differential] \(title): \(prepared.seriesCount) series, \(prepared.sampleCount) samples; \
            \(corpus.queries.count) queries (\(corpus.exclusions.count) excluded, \(corpus.knownBugs.count) known bugs listed); \
            \(outcomes.count) comparisons, \(outcomes.count - failed) agree, \(failed) differ \
            (grouped in \(failures.count) reports)
            """)
        var reproduced: Set<String> = []
        for (key, outcomes) in failures {
            let first = outcomes[0]
            var text = Comment(rawValue: """
                \(title): \(key)
                  \(outcomes.count) of its evaluations differ; first: \(first.request)
                  \(first.difference!)
                """)
            var known = [QueryCorpus.Exclusion]()
            if key != Self.spellingKey {
                known = outcomes.compactMap { corpus.knownBug(for: $0.request) }
            } else {
                let queries = Set(outcomes.map { $0.request.query ?? $0.request.description })
                text = Comment(rawValue: """
                    \(title): values spelled unlike Prometheus in \(outcomes.count) evaluations of \(queries.count) queries; first: \(first.request)
                      \(first.difference!)
                    """)
                if let bug = corpus.knownBugs.first(where: { $0.query == Self.spellingKey }) {
                    known = Array(repeating: bug, count: outcomes.count)
                }
            }
            reproduced.formUnion(known.map(\.query))
            if let bug = known.first, known.count == outcomes.count {
                withKnownIssue(Comment(rawValue: bug.reason)) { Issue.record(text) }
            } else {
                Issue.record(text)
            }
        }
        for bug in corpus.knownBugs where !reproduced.contains(bug.query) {
            Issue.record("known bug no longer differs, remove it from known-bugs.txt: \(bug.query)")
        }
    }
}
