/// The unit of a panel's values, which decides how numbers are scaled and labelled.
///
/// Written in YAML either as Grafana's unit id (`s`, `ms`, `bytes`, `decbytes`,
/// `percentunit`, `reqps`, …) or as one of Vigil's readable aliases (`seconds`,
/// `bytes_si`, `ratio`, `req/s`, …); anything else is shown as a suffix, as Grafana does.
public enum ValueUnit: Sendable, Hashable {
    /// Plain numbers with Grafana's automatic precision (`none`).
    case none
    /// Numbers scaled by thousands: `1.20k`, `3.40M` (`short`).
    case short
    /// Values already in percent, 0–100 (`percent`).
    case percent
    /// Ratios 0–1 shown in percent (`percentunit`).
    case percentUnit
    /// Durations: `250 ms`, `1.50 s`, `2 min`, `3 h`.
    case seconds, milliseconds, microseconds, nanoseconds
    /// Bytes with binary prefixes, KiB = 1024 B (`bytes`).
    case bytesIEC
    /// Bytes with decimal prefixes, kB = 1000 B (`decbytes`).
    case bytesSI
    /// Bits with binary (`bits`) or decimal (`decbits`) prefixes.
    case bitsIEC, bitsSI
    /// Data rates with decimal prefixes (`Bps`, `bps`).
    case bytesPerSecond, bitsPerSecond
    /// Rates with thousands scaling: `12.3 req/s`, `1.20k ops/s`.
    case requestsPerSecond, operationsPerSecond, countsPerSecond
    /// A symbol with decimal SI prefixes from nano to exa (`si:W` → `1.50 kW`).
    case si(String)
    /// A fixed text after (`suffix:x`) or before (`prefix:$`) the number.
    case suffix(String)
    case prefix(String)

    /// The unit named by `id` (Grafana id or Vigil alias); unknown ids become a suffix.
    public init(id: String) {
        let trimmed = id.trimmingSpaces
        if let known = ValueUnit.byID[trimmed] {
            self = known
        } else if trimmed.hasPrefix("suffix:") {
            self = .suffix(String(trimmed.dropFirst(7)))
        } else if trimmed.hasPrefix("prefix:") {
            self = .prefix(String(trimmed.dropFirst(7)))
        } else if trimmed.hasPrefix("si:") {
            self = .si(String(trimmed.dropFirst(3)))
        } else if trimmed.isEmpty {
            self = .none
        } else {
            self = .suffix(trimmed)
        }
    }

    /// Whether `id` names a known unit (a check for `vigil check config` hints).
    public static func isKnown(_ id: String) -> Bool {
        byID[id] != nil || id.hasPrefix("suffix:") || id.hasPrefix("prefix:") || id.hasPrefix("si:")
    }

    /// Every accepted id, for error messages and docs.
    public static var knownIDs: [String] { byID.keys.sorted() }

    private static let byID: [String: ValueUnit] = [
        "none": .none, "": .none,
        "short": .short,
        "percent": .percent, "percent_0_100": .percent,
        "percentunit": .percentUnit, "ratio": .percentUnit, "percent_0_1": .percentUnit,
        "s": .seconds, "seconds": .seconds, "dtdurations": .seconds,
        "ms": .milliseconds, "milliseconds": .milliseconds,
        "µs": .microseconds, "us": .microseconds, "microseconds": .microseconds,
        "ns": .nanoseconds, "nanoseconds": .nanoseconds,
        "bytes": .bytesIEC, "bytes_iec": .bytesIEC,
        "decbytes": .bytesSI, "bytes_si": .bytesSI,
        "bits": .bitsIEC, "bits_iec": .bitsIEC,
        "decbits": .bitsSI, "bits_si": .bitsSI,
        "Bps": .bytesPerSecond, "bytes/s": .bytesPerSecond,
        "bps": .bitsPerSecond, "bits/s": .bitsPerSecond,
        "reqps": .requestsPerSecond, "req/s": .requestsPerSecond, "rps": .requestsPerSecond,
        "ops": .operationsPerSecond, "ops/s": .operationsPerSecond, "opsps": .operationsPerSecond,
        "cps": .countsPerSecond, "/s": .countsPerSecond,
        "hertz": .si("Hz"), "watt": .si("W"), "volt": .si("V"), "amp": .si("A"),
        "celsius": .suffix("°C"),
    ]

    /// The unit's canonical id (Grafana's where one exists).
    public var id: String {
        switch self {
        case .none: return "none"
        case .short: return "short"
        case .percent: return "percent"
        case .percentUnit: return "percentunit"
        case .seconds: return "s"
        case .milliseconds: return "ms"
        case .microseconds: return "µs"
        case .nanoseconds: return "ns"
        case .bytesIEC: return "bytes"
        case .bytesSI: return "decbytes"
        case .bitsIEC: return "bits"
        case .bitsSI: return "decbits"
        case .bytesPerSecond: return "Bps"
        case .bitsPerSecond: return "bps"
        case .requestsPerSecond: return "reqps"
        case .operationsPerSecond: return "ops"
        case .countsPerSecond: return "cps"
        case .si(let symbol): return "si:" + symbol
        case .suffix(let text): return "suffix:" + text
        case .prefix(let text): return "prefix:" + text
        }
    }

    /// The factor from a value in this unit to seconds, for duration units.
    var secondsPerUnit: Double? {
        switch self {
        case .seconds: return 1
        case .milliseconds: return 1e-3
        case .microseconds: return 1e-6
        case .nanoseconds: return 1e-9
        default: return nil
        }
    }
}

extension String {
    /// The string without leading and trailing spaces, tabs and newlines.
    var trimmingSpaces: String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(self[first...last])
    }
}
