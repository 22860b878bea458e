import Synchronization

/// Whether Vigil serves: set once storage is open and the first config is applied
/// (`/-/ready` answers 503 before), cleared again when shutdown begins.
public final class Readiness: Sendable {
    private let ready = Atomic<Bool>(false)

    public init() {}

    public var isReady: Bool { ready.load(ordering: .acquiring) }

    public func markReady() { ready.store(true, ordering: .releasing) }
    public func markNotReady() { ready.store(false, ordering: .releasing) }
}
