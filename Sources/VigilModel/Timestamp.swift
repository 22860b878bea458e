#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Milliseconds since the Unix epoch, as Prometheus stores and exchanges time.
public typealias Timestamp = Int64

extension Timestamp {
    /// The wall-clock time now, in milliseconds since the epoch.
    public static func now() -> Timestamp {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Timestamp(spec.tv_sec) * 1000 + Timestamp(spec.tv_nsec) / 1_000_000
    }

    /// Seconds since the epoch with millisecond precision, as the HTTP API prints time.
    public var seconds: Double { Double(self) / 1000 }

    /// Milliseconds from seconds since the epoch, rounded to the nearest millisecond.
    public init(seconds: Double) {
        self = Timestamp((seconds * 1000).rounded())
    }
}

/// Where wall-clock time comes from. Tests pass a manual one.
public protocol WallClock: Sendable {
    /// The current time in milliseconds since the epoch.
    func now() -> Timestamp
}

/// The real wall clock (`CLOCK_REALTIME`).
public struct SystemWallClock: WallClock {
    public init() {}
    public func now() -> Timestamp { Timestamp.now() }
}
