import Foundation

/// The checked-in query corpus (`Corpus/queries.txt`) and its known, justified exclusions
/// (`Corpus/exclusions.txt`), read from this folder.
struct QueryCorpus: Sendable {
    /// Where a query is left out: instant queries, range queries, or both.
    enum Scope: String, Sendable {
        case instant, range, all
    }

    /// One known difference that is not a Vigil bug, with the reason that names it.
    struct Exclusion: Sendable {
        var query: String
        var scope: Scope
        var reason: String
    }

    /// Queries in file order, each once.
    var queries: [String]
    var exclusions: [Exclusion]

    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Corpus")

    static func load() throws -> QueryCorpus {
        let queries = try parseQueries(String(contentsOf: directory.appendingPathComponent("queries.txt"), encoding: .utf8))
        let exclusions = try parseExclusions(String(contentsOf: directory.appendingPathComponent("exclusions.txt"), encoding: .utf8))
        return QueryCorpus(queries: queries, exclusions: exclusions)
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
    static func parseExclusions(_ text: String) throws -> [Exclusion] {
        var result: [Exclusion] = []
        var current: [String: String] = [:]
        var startLine = 0
        func finish() throws {
            defer { current = [:] }
            guard !current.isEmpty else { return }
            guard let query = current["query"], let reason = current["reason"], !reason.isEmpty else {
                throw HarnessError("exclusions.txt:\(startLine): an exclusion needs query: and reason:")
            }
            guard let scope = Scope(rawValue: current["scope"] ?? "all") else {
                throw HarnessError("exclusions.txt:\(startLine): scope is instant, range or all")
            }
            result.append(Exclusion(query: query, scope: scope, reason: reason))
        }
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("#") { continue }
            if trimmed.isEmpty { try finish(); continue }
            guard let colon = trimmed.firstIndex(of: ":") else {
                throw HarnessError("exclusions.txt:\(number + 1): expected key: value")
            }
            let key = String(trimmed[..<colon])
            guard ["query", "scope", "reason"].contains(key) else {
                throw HarnessError("exclusions.txt:\(number + 1): unknown key \(key)")
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
}
