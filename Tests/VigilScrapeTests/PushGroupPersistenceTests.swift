import Foundation
import Testing
import VigilModel
@testable import VigilScrape
import VigilTestSupport

/// Pushed groups written to their file and read back by a new store. Nothing here waits on
/// a clock: the generous limit is only a backstop against a hang, so a test run that
/// starves this suite of threads for a while (a loaded machine, the whole package's tests
/// at once) does not fail it, as the one-minute limit of `PushGroupStoreTests` could.
@Suite(.timeLimit(.minutes(10))) struct PushGroupPersistenceTests {
    let clock = ManualClock()
    let store = MemoryAppender()

    func makeStore(file: String) -> PushGroupStore {
        PushGroupStore(appender: store, file: file, interval: .seconds(15), wallClock: clock.wall, clock: clock)
    }

    @Test func groupsSurviveARestart() async throws {
        let directory = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let file = directory + "/push/groups.json"
        let first = makeStore(file: file)
        let pushed = await first.handle(
            method: "PUT", path: "/metrics/job/train/model@base64/=",
            body: Array("# HELP acc Accuracy.\n# TYPE acc gauge\nacc NaN\nrecall +Inf\n".utf8), contentType: nil)
        let other = await first.handle(method: "PUT", path: "/metrics/job/other?ttl=1h", body: Array("x 1\n".utf8), contentType: nil)
        #expect(pushed.status == 200)
        #expect(other.status == 200)
        let before = await first.snapshot()
        #expect(before.count == 2)
        let second = makeStore(file: file)
        let after = await second.snapshot()
        #expect(after == before)
        #expect(after.first { $0.groupingKey["job"] == "train" }?.families["acc"]?.help == "Accuracy.")
        #expect(after.first { $0.groupingKey["job"] == "other" }?.ttl == .seconds(3600))
        #expect(await second.metadata()["acc"] == [MetricMetadata(type: .gauge, help: "Accuracy.")])
    }
}
