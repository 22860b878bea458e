/// A range of UTF-8 byte offsets into some source text (a query, a config file).
public typealias SourceRange = Range<Int>

/// A 1-based line and column (in bytes), computed from an offset when an error is printed.
public struct SourcePosition: Sendable, Hashable, CustomStringConvertible {
    public var line: Int
    public var column: Int

    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    /// The position of UTF-8 offset `offset` in `text` (an offset past the end counts as
    /// the end).
    public init(of offset: Int, in text: String) {
        let offset = min(max(offset, 0), text.utf8.count)
        var line = 1
        var lineStart = 0
        for (index, byte) in text.utf8.prefix(offset).enumerated() where byte == UInt8(ascii: "\n") {
            line += 1
            lineStart = index + 1
        }
        self.init(line: line, column: offset - lineStart + 1)
    }

    public var description: String { "\(line):\(column)" }
}
