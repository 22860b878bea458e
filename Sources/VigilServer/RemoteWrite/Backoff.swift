/// The wait before each retry of a failed remote-write request, as Prometheus' queue
/// manager waits: `min_backoff` first, doubling after each failure up to `max_backoff`;
/// a success starts over. A `Retry-After` the receiver sends on 429 or 5xx is used
/// instead when it is longer (Prometheus 2.42 honours it with `retry_on_http_429`).
struct Backoff: Sendable, Equatable {
    let min: Duration
    let max: Duration
    private(set) var next: Duration

    init(min: Duration, max: Duration) {
        self.min = min
        self.max = Swift.max(min, max)
        self.next = min
    }

    /// The wait before the next attempt; each call doubles the following one.
    mutating func wait(retryAfter: Duration? = nil) -> Duration {
        let current = next
        next = Swift.min(next * 2, max)
        if let retryAfter, retryAfter > current { return retryAfter }
        return current
    }

    /// After a success.
    mutating func reset() { next = min }
}
