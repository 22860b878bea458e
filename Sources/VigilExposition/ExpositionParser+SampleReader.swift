import VigilModel

/// The parser as a `SampleReader`, for bulk imports (`vigil import openmetrics`): samples
/// only, with their series text, label set and position errors as `next()` gives them.
/// `labels()` and `bytesConsumed` are the parser's own.
extension ExpositionParser: SampleReader {
    /// The next sample line, skipping metadata, comments and `# EOF`; nil at the end.
    public mutating func nextSample() throws(SampleReadError) -> ReadSample? {
        while true {
            let entry: ExpositionEntry?
            do {
                entry = try next()
            } catch {
                throw SampleReadError(error.kind == .syntax ? .syntax : .invalid, error.message, position: error.position)
            }
            guard let entry else { return nil }
            if case .sample(let sample) = entry {
                return ReadSample(series: sample.series, timestamp: sample.timestamp, value: sample.value)
            }
        }
    }
}
