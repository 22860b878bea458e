import VigilModel

/// Why an exposition could not be read. As in Prometheus, one broken line fails the whole
/// scrape (or push, or import): the error names the first problem and where it is.
public struct ExpositionError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The bounded classification, for metrics and HTTP status mapping.
    public enum Kind: String, Sendable, Hashable {
        /// A line that is not well formed in the format (`a{b=1} 1`, a missing `# EOF`).
        case syntax
        /// Well-formed text that breaks a rule of the format's families (strict parsing
        /// only: clashing or repeated families, negative counters, unordered buckets, …)
        /// or of label sets (a repeated label name).
        case invalid
        /// The response's `Content-Type` named no format Vigil reads.
        case contentType
    }

    public var kind: Kind
    /// What is wrong, worded close to Prometheus' message
    /// (`expected label value, got "'"`).
    public var message: String
    /// The UTF-8 byte offset into the input where the problem was found (0 when the
    /// problem is not about the body, as for `.contentType`).
    public var offset: Int
    /// 1-based line and column (in bytes) of `offset`; `0:0` when there is no input position.
    public var position: SourcePosition

    public init(_ kind: Kind, _ message: String, offset: Int = 0, position: SourcePosition = SourcePosition(line: 0, column: 0)) {
        self.kind = kind
        self.message = message
        self.offset = offset
        self.position = position
    }

    /// `3:14: parse error: expected equal, got "}"`; without a position just the message.
    public var description: String {
        guard position.line > 0 else { return message }
        return "\(position): parse error: \(message)"
    }

    /// An error at `offset` of `buffer`, with its line and column counted there.
    static func at(_ offset: Int, in buffer: UnsafeRawBufferPointer, _ kind: Kind, _ message: String) -> ExpositionError {
        let clamped = min(max(offset, 0), buffer.count)
        var line = 1
        var lineStart = 0
        var index = 0
        while index < clamped {
            if buffer[index] == UInt8(ascii: "\n") {
                line += 1
                lineStart = index + 1
            }
            index += 1
        }
        return ExpositionError(kind, message, offset: clamped, position: SourcePosition(line: line, column: clamped - lineStart + 1))
    }
}
