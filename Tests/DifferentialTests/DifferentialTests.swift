// Differential tests against the reference Prometheus: see README.md in this folder.
import Foundation
import Testing

/// The corpus and the metadata endpoints, asked of two servers loaded with the same dataset.
/// First Prometheus against a second Prometheus on a copy of the same blocks (proving the
/// dataset, the comparison and its tolerances), then Vigil against Prometheus.
@Suite(
    .serialized,
    .enabled(if: ReferencePrometheus.isInstalled, "prometheus and promtool are not installed (apt-get install prometheus)")
)
struct DifferentialTests {
    @Test(.timeLimit(.minutes(10)))
    func prometheusAgreesWithItself() async throws {
        let prepared = try await DifferentialFixture.prepared.value
        let corpus = try QueryCorpus.load()
        let first = try DifferentialFixture.copyOfBlocks(prepared, for: "prometheus-a")
        let second = try DifferentialFixture.copyOfBlocks(prepared, for: "prometheus-b")
        defer { removeParents(of: [first, second]) }
        // Every query, excluded or not: the reference must at least agree with itself. At
        // fewer times than Vigil is asked: this proves the harness, not an engine.
        let everything = QueryCorpus(queries: corpus.queries, exclusions: [], knownBugs: [])
        let requests = EvaluationPlan.requests(
            for: everything, instants: EvaluationPlan.referenceInstants, ranges: EvaluationPlan.referenceRanges)
            + EvaluationPlan.metadataRequests + EvaluationPlan.apiRequests
        let outcomes = try await withServers { servers in
            let reference = servers.add(try await ReferencePrometheus.start(name: "prometheus", dataDirectory: first))
            let copy = servers.add(try await ReferencePrometheus.start(name: "prometheus-copy", dataDirectory: second))
            return await DifferentialRun(reference: reference, candidate: copy).run(requests)
        }
        DifferentialReport(outcomes: outcomes, corpus: everything, prepared: prepared, title: "prometheus vs prometheus").record()
    }

    @Test(.timeLimit(.minutes(10)))
    func vigilAgreesWithPrometheus() async throws {
        let prepared = try await DifferentialFixture.prepared.value
        let corpus = try QueryCorpus.load()
        let blocks = try DifferentialFixture.copyOfBlocks(prepared, for: "prometheus")
        let vigilData = try Environment.temporaryDirectory("vigil") + "/data"
        defer { removeParents(of: [blocks, vigilData]) }
        try await VigilInstance.importOpenMetrics(prepared.openMetricsFile, into: vigilData)
        // Requests of known bugs go last: one that crashes Vigil then spoils nothing else.
        let all = EvaluationPlan.requests(for: corpus) + EvaluationPlan.metadataRequests + EvaluationPlan.apiRequests
        let requests = all.filter { corpus.knownBug(for: $0) == nil } + all.filter { corpus.knownBug(for: $0) != nil }
        let outcomes = try await withServers { servers in
            let reference = servers.add(try await ReferencePrometheus.start(name: "prometheus", dataDirectory: blocks))
            let vigil = servers.add(try await VigilInstance.start(dataDirectory: vigilData))
            let outcomes = await DifferentialRun(reference: reference, candidate: vigil).run(requests)
            if !vigil.process.isRunning {
                Issue.record("vigil exited during the run; its log ends:\n\(vigil.process.log.suffix(6000))")
            }
            return outcomes
        }
        DifferentialReport(outcomes: outcomes, corpus: corpus, prepared: prepared, title: "vigil vs prometheus").record()
    }

    private func removeParents(of paths: [String]) {
        for path in paths {
            try? FileManager.default.removeItem(atPath: URL(fileURLWithPath: path).deletingLastPathComponent().path)
        }
    }
}
