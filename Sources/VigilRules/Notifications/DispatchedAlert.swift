import VigilModel

/// An alert held by the built-in dispatcher (Alertmanager's `types.Alert`).
public struct DispatchedAlert: Sendable, Hashable {
    public var labels: Labels
    public var annotations: [String: String]
    public var startsAt: Timestamp
    /// When the alert resolves (or resolved); for alerts sent without an end, now plus
    /// `resolve_timeout`.
    public var endsAt: Timestamp
    public var generatorURL: String
    /// When the alert was last received.
    public var updatedAt: Timestamp
    /// Whether `endsAt` was made up from `resolve_timeout`.
    public var timeout: Bool
    public var fingerprint: AlertFingerprint

    /// Takes in an alert as Alertmanager's API does at `now`: no start means now (or the
    /// end), no end means `now + resolveTimeout` (a timeout).
    public init(_ alert: OutgoingAlert, now: Timestamp, resolveTimeout: Int64) {
        labels = alert.labels
        annotations = alert.annotations
        generatorURL = alert.generatorURL
        updatedAt = now
        startsAt = alert.startsAt ?? alert.endsAt ?? now
        if let endsAt = alert.endsAt {
            self.endsAt = endsAt
            timeout = false
        } else {
            endsAt = now + resolveTimeout
            timeout = true
        }
        fingerprint = AlertFingerprint(alert.labels)
    }

    public func isResolved(at now: Timestamp) -> Bool { endsAt <= now }

    /// Alertmanager's `Alert.Merge`: `newer` is the alert received later; the earliest start
    /// wins, and an explicit end from before beats a made-up one.
    func merged(with newer: DispatchedAlert, now: Timestamp) -> DispatchedAlert {
        var result = newer
        if startsAt < newer.startsAt { result.startsAt = startsAt }
        if newer.isResolved(at: now) {
            if isResolved(at: now) && endsAt > newer.endsAt { result.endsAt = endsAt }
        } else if endsAt > newer.endsAt && !timeout {
            result.endsAt = endsAt
        }
        return result
    }

    /// Whether an update overlaps this alert's active range, so the two are merged rather
    /// than the update replacing it (Alertmanager's in-memory provider).
    func overlaps(_ update: DispatchedAlert) -> Bool {
        (update.endsAt > startsAt && update.endsAt < endsAt) || (update.startsAt > startsAt && update.startsAt < endsAt)
    }
}

/// Alertmanager's label-set fingerprint: FNV-1a over sorted names and values, each
/// followed by 0xff.
public struct AlertFingerprint: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var value: UInt64

    public init(_ labels: Labels) {
        var hash: UInt64 = 14_695_981_039_346_656_037
        func add(_ byte: UInt8) {
            hash ^= UInt64(byte)
            hash = hash &* 1_099_511_628_211
        }
        for label in labels {
            for byte in label.name.utf8 { add(byte) }
            add(0xFF)
            for byte in label.value.utf8 { add(byte) }
            add(0xFF)
        }
        value = hash
    }

    /// 16 hex digits, as Alertmanager prints fingerprints.
    public var hex: String { String(value, radix: 16).leftPadded(to: 16) }
    public var description: String { hex }
    public static func < (a: AlertFingerprint, b: AlertFingerprint) -> Bool { a.value < b.value }
}
