import Synchronization
import VigilModel

/// A clock tests advance by hand; `wall` is a wall clock moving with it.
public final class ManualClock: Clock, @unchecked Sendable {
    // @unchecked: every mutable field is behind `state`'s lock.
    public struct Instant: InstantProtocol {
        public var offset: Duration
        public init(offset: Duration) { self.offset = offset }
        public func advanced(by duration: Duration) -> Instant { Instant(offset: offset + duration) }
        public func duration(to other: Instant) -> Duration { other.offset - offset }
        public static func < (a: Instant, b: Instant) -> Bool { a.offset < b.offset }
    }

    private struct Sleeper {
        var deadline: Instant
        var continuation: CheckedContinuation<Void, any Error>
    }

    private struct State {
        var now = Instant(offset: .zero)
        var sleepers: [Int: Sleeper] = [:]
        var nextID = 0
        /// Sleeps registered so far (to tell when woken tasks went back to sleep).
        var registrations = 0
    }

    private let state = Mutex(State())
    public let epochStart: Timestamp
    public var minimumResolution: Duration { .milliseconds(1) }

    public init(epochStart: Timestamp = 1_700_000_000_000) {
        self.epochStart = epochStart
    }

    public var now: Instant { state.withLock { $0.now } }

    /// Epoch milliseconds moving with the clock.
    public var epochMilliseconds: Timestamp { epochStart + now.offset.inMilliseconds }

    /// The wall clock that follows this clock.
    public var wall: ManualWallClock { ManualWallClock(clock: self) }

    /// How many tasks are sleeping on the clock.
    public var sleeperCount: Int { state.withLock { $0.sleepers.count } }

    public func sleep(until deadline: Instant, tolerance: Duration? = nil) async throws {
        let id = state.withLock { s -> Int in
            s.nextID += 1
            return s.nextID
        }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                // Registering and checking cancellation under one lock: `onCancel` may
                // have run before the sleeper existed.
                let outcome = state.withLock { s -> Bool? in
                    if Task.isCancelled { return false }
                    if deadline <= s.now { return true }
                    s.sleepers[id] = Sleeper(deadline: deadline, continuation: continuation)
                    s.registrations += 1
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

    /// Moves time forward, waking sleepers whose deadline passed (in deadline order).
    public func advance(by duration: Duration) {
        let woken = state.withLock { s -> [Sleeper] in
            s.now = s.now.advanced(by: duration)
            let due = s.sleepers.filter { $0.value.deadline <= s.now }
            for id in due.keys { s.sleepers[id] = nil }
            return due.values.sorted { $0.deadline < $1.deadline }
        }
        for sleeper in woken { sleeper.continuation.resume() }
    }

    /// The earliest deadline of a sleeping task.
    public var nextDeadline: Instant? { state.withLock { $0.sleepers.values.map(\.deadline).min() } }

    /// Moves to `end`, stopping at every sleeper's deadline on the way (so woken tasks see
    /// exactly their deadline) and letting the woken tasks run until they sleep again.
    public func run(until end: Instant) async {
        while let next = nextDeadline, next <= end {
            advance(by: now.duration(to: next))
            await settle()
        }
        if now < end { advance(by: now.duration(to: end)) }
        await settle()
    }

    /// Waits (in real time, at most 5 s) until no sleep was registered for a while.
    public func settle() async {
        var last = -1
        var quiet = 0
        let start = ContinuousClock.now
        while quiet < 4 && ContinuousClock.now - start < .seconds(5) {
            try? await Task.sleep(for: .milliseconds(3))
            let registrations = state.withLock { $0.registrations }
            quiet = registrations == last ? quiet + 1 : 0
            last = registrations
        }
    }

    /// Waits (briefly, in real time) until `count` tasks sleep on the clock.
    public func waitForSleepers(_ count: Int, timeout: Duration = .seconds(10)) async -> Bool {
        let start = ContinuousClock.now
        while sleeperCount < count {
            if ContinuousClock.now - start > timeout { return false }
            try? await Task.sleep(for: .milliseconds(2))
        }
        return true
    }
}

/// Wall-clock time of a `ManualClock`.
public struct ManualWallClock: WallClock {
    public let clock: ManualClock
    public func now() -> Timestamp { clock.epochMilliseconds }
}
