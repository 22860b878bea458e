import VigilModel

/// The demo service's state behind `vigil demo`: the server answers `GET /metrics` on
/// localhost:8000 with `metrics()`, and pushes `qualityPush()` to Vigil's push API every
/// few minutes, as the walkthrough's batch jobs would.
public actor DemoService {
    private var workload: DemoWorkload
    private let clock: any WallClock

    /// - Parameters:
    ///   - seed: the simulation's seed (the same seed replays the same traffic).
    ///   - clock: wall time (a manual clock in tests).
    public init(seed: UInt64 = 42, clock: any WallClock = SystemWallClock()) {
        self.clock = clock
        workload = DemoWorkload(seed: seed, start: clock.now())
    }

    /// The `/metrics` body now (Content-Type `DemoWorkload.contentType`). The scrape
    /// itself is counted afterwards, as the walkthrough's middleware counts it.
    public func metrics() -> String {
        workload.advance(to: clock.now())
        let text = workload.exposition()
        workload.recordScrape()
        return text
    }

    /// The model-quality group to push now: the push API path and the text body.
    public func qualityPush() -> (path: String, body: String) {
        workload.advance(to: clock.now())
        return (DemoWorkload.qualityPushPath, workload.qualityExposition())
    }

    /// The 5xx bursts planned so far (for the CLI to announce them).
    public func bursts() -> [DemoWorkload.Burst] {
        workload.bursts
    }
}
