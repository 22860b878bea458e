/// Evals of the upstream scripts that fail today, as `file:line` with the reason. The
/// conformance test fails on any failure not listed here, and on any listed eval that no
/// longer fails: keep the list honest and short.
enum ConformanceKnownFailures {
    static let evals: [String: String] = [:]
}
