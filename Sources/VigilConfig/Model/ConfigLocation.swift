/// Where a value was written: file, 1-based line and column. Errors and checks that run
/// after parsing (PromQL in rule files, templates) report through it.
public struct ConfigLocation: Sendable, Hashable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int

    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    /// `file:line:column`.
    public var description: String { "\(file):\(line):\(column)" }
}
