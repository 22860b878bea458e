import Testing
import VigilDashboard
import VigilModel
import VigilPromQL
import VigilTestSupport

@testable import VigilServer

/// The pieces between the server and the pages: the panel querier over the query
/// service, and hiding secrets on the Status page.
struct UIServingTests {
    static func querier() -> (EnginePanelQuerier, QueryService) {
        let store = InMemoryStore([
            (["__name__": "up", "job": "vigil", "instance": "a"], (0..<10).map { Sample(t: Int64($0) * 15_000, v: 1) }),
            (["__name__": "up", "job": "ml", "instance": "b"], (0..<10).map { Sample(t: Int64($0) * 15_000, v: 0) }),
        ])
        let queries = QueryService(engine: Engine(options: Engine.Options()), queryable: store, threads: 1)
        return (EnginePanelQuerier(queries: queries), queries)
    }

    @Test func rangeInstantAndLabelValues() async throws {
        let (querier, queries) = Self.querier()
        defer { Task { await queries.shutdown() } }
        guard case .matrix(let series) = try await querier.range("up", start: 0, end: 135_000, step: 15_000) else {
            Issue.record("not a matrix")
            return
        }
        #expect(series.count == 2)
        guard case .vector(let samples) = try await querier.instant("sum(up)", at: 135_000) else {
            Issue.record("not a vector")
            return
        }
        #expect(samples.first?.v == 1)
        #expect(try await querier.labelValues("job", matching: nil, start: 0, end: 135_000) == ["ml", "vigil"])
        #expect(try await querier.labelValues("instance", matching: #"up{job="ml"}"#, start: 0, end: 135_000) == ["b"])
    }

    /// Errors keep their kind and position (Explore marks the spot), without the
    /// position in the message (the page prints it from the range).
    @Test(arguments: [
        ("sum(rate(up[5m])", PanelQueryError.Kind.syntax, "unclosed left parenthesis", 16),
        ("rate(up)", .syntax, "expected type range vector in call to function \"rate\", got instant vector", 5),
        ("up{job=}", .syntax, "unexpected \"}\" in label matching, expected string", 7),
    ])
    func errors(_ query: String, _ kind: PanelQueryError.Kind, _ message: String, _ offset: Int) async throws {
        let (querier, queries) = Self.querier()
        defer { Task { await queries.shutdown() } }
        do {
            _ = try await querier.instant(query, at: 0)
            Issue.record("\(query) did not fail")
        } catch let error as PanelQueryError {
            #expect(error.kind == kind)
            #expect(error.message == message)
            #expect(error.range?.lowerBound == offset)
        }
    }

    @Test func tooManyPoints() async throws {
        let (querier, queries) = Self.querier()
        defer { Task { await queries.shutdown() } }
        await #expect(throws: PanelQueryError.self) { try await querier.range("up", start: 0, end: 12_000_000, step: 1) }
        await #expect(throws: PanelQueryError.self) { try await querier.range("up", start: 0, end: 1, step: 0) }
    }

    @Test(arguments: [
        ("    password: hunter2", "    password: <secret>"),
        ("  - api_url: https://hooks.slack.com/services/T/B/X", "  - api_url: <secret>"),
        ("        webhook_url: 'https://example.webhook.office.com/x'", "        webhook_url: <secret>"),
        ("  bearer_token: abc # comment", "  bearer_token: <secret>"),
        ("  password_file: /etc/secret", "  password_file: /etc/secret"),
        ("  basic_auth:", "  basic_auth:"),
        ("  credentials:", "  credentials:"),
        ("  \"token\": x", "  \"token\": <secret>"),
        ("  url: http://alertmanager:9093", "  url: http://alertmanager:9093"),
        ("# password: in a comment", "# password: in a comment"),
        ("job_name: password", "job_name: password"),
    ])
    func redaction(_ line: String, _ shown: String) {
        #expect(ConfigRedaction.redact(line) == shown)
        #expect(ConfigRedaction.redact("a: 1\n" + line + "\nb: 2") == "a: 1\n" + shown + "\nb: 2")
    }
}
