import Synchronization
import VigilModel

/// A clock tests move by hand, with a wall clock (`wall`) that moves with it: what a rule
/// group sleeps on and reads its evaluation times from. Nothing waits on real time.
final class ManualClock: Clock, Sendable {
    struct Instant: InstantProtocol {
        var offset: Duration
        func advanced(by duration: Duration) -> Instant { Instant(offset: offset + duration) }
        func duration(to other: Instant) -> Duration { other.offset - offset }
        static func < (a: Instant, b: Instant) -> Bool { a.offset < b.offset }
    }

    private struct Sleeper {
        var deadline: Instant
        var continuation: CheckedContinuation<Void, any Error>
    }

    private struct State {
        var now = Instant(offset: .zero)
        var sleepers: [Int: Sleeper] = [:]
        var nextID = 0
    }

    private let state = Mutex(State())
    /// Wall-clock time (ms) at the clock's zero.
    let epochStart: Timestamp
    var minimumResolution: Duration { .milliseconds(1) }

    init(epochStart: Timestamp) {
        self.epochStart = epochStart
    }

    var now: Instant { state.withLock { $0.now } }

    /// The wall clock that moves with this clock.
    var wall: Wall { Wall(clock: self) }

    /// How many tasks sleep on the clock.
    var sleeperCount: Int { state.withLock { $0.sleepers.count } }

    func sleep(until deadline: Instant, tolerance: Duration? = nil) async throws {
        let id = state.withLock { s -> Int in
            s.nextID += 1
            return s.nextID
        }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                // Registering and checking cancellation under one lock: `onCancel` may have
                // run before the sleeper existed.
                let outcome = state.withLock { s -> Bool? in
                    if Task.isCancelled { return false }
                    if deadline <= s.now { return true }
                    s.sleepers[id] = Sleeper(deadline: deadline, continuation: continuation)
                    return nil
                }
                switch outcome {
                case true?: continuation.resume()
                case false?: continuation.resume(throwing: CancellationError())
                case nil: break
                }
            }
        } onCancel: {
            let sleeper = state.withLock { $0.sleepers.removeValue(forKey: id) }
            sleeper?.continuation.resume(throwing: CancellationError())
        }
    }

    /// Moves time forward and wakes the sleepers whose deadline passed.
    func advance(by duration: Duration) {
        let woken = state.withLock { s -> [Sleeper] in
            s.now = s.now.advanced(by: duration)
            let due = s.sleepers.filter { $0.value.deadline <= s.now }
            for id in due.keys { s.sleepers[id] = nil }
            return due.values.sorted { $0.deadline < $1.deadline }
        }
        for sleeper in woken { sleeper.continuation.resume() }
    }

    /// Wall-clock time of the clock.
    struct Wall: WallClock {
        let clock: ManualClock
        func now() -> Timestamp { clock.epochStart + clock.now.offset.inMilliseconds }
    }
}

/// Polls `condition` until it holds, yielding 1 ms between tries, at most `tries` times:
/// waits for other tasks to reach a state without betting on how long they take.
func pollUntil(tries: Int = 30_000, _ condition: () async -> Bool) async -> Bool {
    for _ in 0..<tries {
        if await condition() { return true }
        try? await Task.sleep(for: .milliseconds(1))
    }
    return await condition()
}
