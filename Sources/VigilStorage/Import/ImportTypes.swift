import VigilModel

/// How far an import has come, reported while it runs.
public struct ImportProgress: Sendable, Hashable {
    public var bytesRead: Int
    public var totalBytes: Int
    public var samples: Int
    public var series: Int
    /// Seconds since the import started.
    public var seconds: Double

    /// The fraction of the input read, 0...1.
    public var fraction: Double { totalBytes > 0 ? min(1, Double(bytesRead) / Double(totalBytes)) : 1 }

    /// A one-line progress bar for a terminal, `width` characters for the bar itself:
    /// `[#########.........]  48%  27,648,000 samples  10,000 series  12.3 s`.
    public func bar(width: Int = 30) -> String {
        let filled = Int((fraction * Double(width)).rounded(.down))
        let percent = Int((fraction * 100).rounded(.down))
        let padded = String(repeating: " ", count: max(0, 3 - String(percent).count)) + "\(percent)%"
        return "[" + String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled) + "] " + padded
            + "  \(TSDBStatus.grouped(samples)) samples  \(TSDBStatus.grouped(series)) series  \(TSDBStatus.fixed(seconds, 1)) s"
    }
}

/// What an import stored.
public struct ImportSummary: Sendable, Hashable, CustomStringConvertible {
    /// Series in the input, and how many of them the store did not have before.
    public var series = 0
    public var newSeries = 0
    /// Samples stored.
    public var samples = 0
    /// Samples left out because the store already had a sample at their timestamp
    /// (the stored one is kept), or the input repeated one.
    public var duplicates = 0
    /// Samples older than the retention period (counted from the newest sample): the next
    /// upkeep deletes them.
    public var beyondRetention = 0
    /// Oldest and newest imported timestamps; nil when nothing was imported.
    public var minTime: Timestamp?
    public var maxTime: Timestamp?
    public var bytesRead = 0
    public var seconds = 0.0

    public init() {}

    /// The summary `vigil import openmetrics` prints.
    public var description: String {
        var lines = [
            "Imported \(TSDBStatus.grouped(samples)) samples of \(TSDBStatus.grouped(series)) series (\(TSDBStatus.grouped(newSeries)) new) in \(TSDBStatus.fixed(seconds, 1)) s"
        ]
        if let minTime, let maxTime {
            lines.append("Time range: \(UTCTime.format(minTime)) to \(UTCTime.format(maxTime))")
        }
        if seconds > 0 {
            lines.append("Rate: \(TSDBStatus.grouped(Int(Double(samples) / seconds))) samples/s, \(TSDBStatus.fixed(Double(bytesRead) / seconds / 1_048_576, 1)) MiB/s of input")
        }
        if duplicates > 0 { lines.append("Skipped \(TSDBStatus.grouped(duplicates)) samples at timestamps already stored") }
        if beyondRetention > 0 {
            lines.append("Warning: \(TSDBStatus.grouped(beyondRetention)) samples are older than the retention period; the next upkeep deletes them")
        }
        return lines.joined(separator: "\n")
    }
}

/// Why an import failed. The store is left as it was: an import commits all or nothing.
public struct ImportError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Kind: String, Sendable, Hashable {
        /// The input is not well formed in its format (OpenMetrics for `vigil import openmetrics`).
        case syntax
        /// Well-formed, but not importable (a sample without a timestamp, a bad label set).
        case invalid
        /// The input file could not be read.
        case input
        /// The store could not be written (full disk, closed store, …).
        case storage
    }

    public var kind: Kind
    public var message: String
    /// The input file, if any.
    public var file: String?
    /// Where in the input the problem is (1-based line and byte column).
    public var position: SourcePosition?

    public init(_ kind: Kind, _ message: String, file: String? = nil, position: SourcePosition? = nil) {
        self.kind = kind
        self.message = message
        self.file = file
        self.position = position
    }

    /// `data.om:3:14: parse error: expected equal, got "}"`; the store was left unchanged.
    public var description: String {
        var out = file.map { $0 + ":" } ?? ""
        if let position { out += "\(position): " } else if file != nil { out += " " }
        switch kind {
        case .syntax: out += "parse error: "
        case .invalid: out += "invalid input: "
        case .input, .storage: break
        }
        return out + message
    }
}
