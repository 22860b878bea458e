/// A problem in a config or rule file, placed at `file:line:column` (1-based; the column
/// counts Unicode scalars, as Yams does), with the key path that leads to it.
///
/// Loading collects every problem it can find in one pass: the first is this error's own
/// fields and the rest are in `additional`, all in file order. `description` prints one
/// `file:line:column: message` line per problem.
public struct ConfigError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The file as it was named to the loader.
    public var file: String
    /// 0 when the problem has no position (the file could not be read).
    public var line: Int
    /// 1-based, in Unicode scalars.
    public var column: Int
    /// Where in the document the problem is, e.g. `scrape_configs[0].scrape_timeout`
    /// (empty at the top).
    public var keyPath: String
    /// What is wrong, worded as Prometheus, promtool or Alertmanager word it where they can.
    public var message: String
    /// Further problems found in the same pass, in file order.
    public var additional: [ConfigError] = []

    /// One problem at `file:line:column`.
    public init(file: String, line: Int, column: Int, keyPath: String = "", message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.keyPath = keyPath
        self.message = message
    }

    /// One problem at `location`.
    public init(at location: ConfigLocation, keyPath: String = "", message: String) {
        self.init(file: location.file, line: location.line, column: location.column, keyPath: keyPath, message: message)
    }

    /// Several problems as one error; nil when `errors` is empty. Sorted by file, then
    /// position (stable, so problems at one place keep the order they were found in).
    public init?(combining errors: [ConfigError]) {
        let flat = errors.flatMap(\.all)
        var fileRank: [String: Int] = [:]
        for error in flat where fileRank[error.file] == nil { fileRank[error.file] = fileRank.count }
        let sorted = flat.enumerated().sorted { a, b in
            let x = (fileRank[a.element.file]!, a.element.line, a.element.column, a.offset)
            let y = (fileRank[b.element.file]!, b.element.line, b.element.column, b.offset)
            return x < y
        }.map(\.element)
        guard var first = sorted.first else { return nil }
        first.additional = Array(sorted.dropFirst())
        self = first
    }

    /// `file`, `line` and `column` together.
    public var location: ConfigLocation { ConfigLocation(file: file, line: line, column: column) }

    /// This problem and the additional ones, each without `additional`.
    public var all: [ConfigError] {
        var first = self
        first.additional = []
        return [first] + additional.flatMap(\.all)
    }

    /// `file:line:column: message` for one problem (`file: message` without a position).
    public var headline: String {
        line > 0 ? "\(file):\(line):\(column): \(message)" : "\(file): \(message)"
    }

    /// One `file:line:column: message` line per problem.
    public var description: String {
        all.map(\.headline).joined(separator: "\n")
    }
}

/// Something accepted but worth telling the user, e.g. a Prometheus key Vigil ignores.
public struct ConfigWarning: Sendable, Hashable, CustomStringConvertible {
    public var location: ConfigLocation
    public var keyPath: String
    public var message: String

    public init(at location: ConfigLocation, keyPath: String = "", message: String) {
        self.location = location
        self.keyPath = keyPath
        self.message = message
    }

    /// `file:line:column: warning: message` (`file: warning: message` without a position).
    public var description: String {
        location.line > 0 ? "\(location): warning: \(message)" : "\(location.file): warning: \(message)"
    }
}
