import Foundation

/// The checked-in query corpus (`Corpus/queries.txt`), its known, justified exclusions
/// (`Corpus/exclusions.txt`: Prometheus 2.42 vs 3.x) and the Vigil bugs known and reported
/// but not fixed yet (`Corpus/known-bugs.txt`).
struct QueryCorpus: Sendable {
    /// Where a query is left out: instant queries, range queries, or both.
    enum Scope: String, Sendable {
        case instant, range, all
    }

    /// One known difference with the reason that names it: an exclusion (not a Vigil bug)
    /// or a known Vigil bug.
    struct Exclusion: Sendable {
        var query: String
        var scope: Scope
        var reason: String
    }

    /// Queries in file order, each once.
    var queries: [String]
    var exclusions: [Exclusion]
    /// Differences that are Vigil bugs, reported and awaiting a fix: still compared, and
    /// recorded as known issues; one that stops reproducing is an error until removed.
    var knownBugs: [Exclusion] = []

    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Corpus")

    static func load() throws -> QueryCorpus {
        let queries = try parseQueries(String(contentsOf: directory.appendingPathComponent("queries.txt"), encoding: .utf8))
        let exclusions = try parseExclusions(String(contentsOf: directory.appendingPathComponent("exclusions.txt"), encoding: .utf8))
        let knownBugs = try parseExclusions(
            String(contentsOf: directory.appendingPathComponent("known-bugs.txt"), encoding: .utf8), file: "known-bugs.txt")
        return QueryCorpus(queries: queries, exclusions: exclusions, knownBugs: knownBugs)
    }

    /// One query per line; blank lines and lines starting with `#` are comments.
    static func parseQueries(_ text: String) throws -> [String] {
        var seen: Set<String> = []
        var queries: [String] = []
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let query = line.trimmingCharacters(in: .whitespaces)
            if query.isEmpty || query.hasPrefix("#") { continue }
            guard seen.insert(query).inserted else { throw HarnessError("queries.txt:\(number + 1): duplicate query \(query)") }
            queries.append(query)
        }
        return queries
    }

    /// Blocks of `query:`, optional `scope:` and `reason:` lines, separated by blank lines;
    /// `#` lines are comments.
    static func parseExclusions(_ text: String, file: String = "exclusions.txt") throws -> [Exclusion] {
        var result: [Exclusion] = []
        var current: [String: String] = [:]
        var startLine = 0
        func finish() throws {
            defer { current = [:] }
            guard !current.isEmpty else { return }
            guard let query = current["query"], let reason = current["reason"], !reason.isEmpty else {
                throw HarnessError("\(file):\(startLine): an entry needs query: and reason:")
            }
            guard let scope = Scope(rawValue: current["scope"] ?? "all") else {
                throw HarnessError("\(file):\(startLine): scope is instant, range or all")
            }
            result.append(Exclusion(query: query, scope: scope, reason: reason))
        }
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("#") { continue }
            if trimmed.isEmpty { try finish(); continue }
            guard let colon = trimmed.firstIndex(of: ":") else {
                throw HarnessError("\(file):\(number + 1): expected key: value")
            }
            let key = String(trimmed[..<colon])
            guard ["query", "scope", "reason"].contains(key) else {
                throw HarnessError("\(file):\(number + 1): unknown key \(key)")
            }
            if current.isEmpty { startLine = number + 1 }
            current[key] = trimmed[trimmed.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        try finish()
        return result
    }

    /// The exclusion that applies to `query` run as `scope`, if any.
    func exclusion(for query: String, scope: Scope) -> Exclusion? {
        exclusions.first { $0.query == query && ($0.scope == .all || $0.scope == scope) }
    }

    /// The known bug that covers `request` (by its query, or its description for
    /// metadata requests), if any.
    func knownBug(for request: APIRequest) -> Exclusion? {
        let key = request.query ?? request.description
        let scope: Scope = if case .range = request { .range } else { .instant }
        return knownBugs.first { $0.query == key && ($0.scope == .all || $0.scope == scope) }
    }
}
