import VigilModel

/// Remote write 1.0's protobuf `prometheus.WriteRequest`, encoded and decoded by hand
/// (the few messages it needs): `timeseries` (1) of `labels` (1: name 1, value 2) and
/// `samples` (2: value 1 as double, timestamp 2 as int64). Metadata, exemplars and
/// histograms are skipped when decoding.
public struct WriteRequest: Sendable, Equatable {
    public struct Series: Sendable, Equatable {
        public var labels: Labels
        public var samples: [Sample]

        public init(labels: Labels, samples: [Sample]) {
            self.labels = labels
            self.samples = samples
        }
    }

    public var series: [Series]

    public init(series: [Series]) {
        self.series = series
    }

    /// A malformed protobuf body.
    public struct DecodingError: Error, Sendable, Equatable, CustomStringConvertible {
        public let message: String
        public var description: String { message }
    }

    // MARK: - Encoding

    /// The protobuf bytes (not yet snappy-compressed).
    public func encoded() -> [UInt8] {
        var out: [UInt8] = []
        for one in series {
            var body: [UInt8] = []
            for label in one.labels {
                var pair: [UInt8] = []
                Protobuf.appendString(label.name, field: 1, to: &pair)
                Protobuf.appendString(label.value, field: 2, to: &pair)
                Protobuf.appendBytes(pair, field: 1, to: &body)
            }
            for sample in one.samples {
                var encodedSample: [UInt8] = []
                Protobuf.appendTag(field: 1, wireType: 1, to: &encodedSample)
                Protobuf.appendFixed64(sample.v.bitPattern, to: &encodedSample)
                Protobuf.appendTag(field: 2, wireType: 0, to: &encodedSample)
                Protobuf.appendVarint(UInt64(bitPattern: sample.t), to: &encodedSample)
                Protobuf.appendBytes(encodedSample, field: 2, to: &body)
            }
            Protobuf.appendBytes(body, field: 1, to: &out)
        }
        return out
    }

    // MARK: - Decoding

    /// Decodes protobuf bytes, checking every length and wire type.
    public init(decoding bytes: [UInt8]) throws(DecodingError) {
        var reader = Protobuf.Reader(bytes: bytes[...])
        var series: [Series] = []
        while let (field, wireType) = try reader.nextTag() {
            if field == 1, wireType == 2 {
                series.append(try Self.decodeSeries(try reader.readBytes()))
            } else {
                try reader.skip(wireType: wireType)
            }
        }
        self.series = series
    }

    private static func decodeSeries(_ bytes: ArraySlice<UInt8>) throws(DecodingError) -> Series {
        var reader = Protobuf.Reader(bytes: bytes)
        var labels: [Label] = []
        var samples: [Sample] = []
        while let (field, wireType) = try reader.nextTag() {
            switch (field, wireType) {
            case (1, 2):
                var pair = Protobuf.Reader(bytes: try reader.readBytes())
                var name = "", value = ""
                while let (f, w) = try pair.nextTag() {
                    switch (f, w) {
                    case (1, 2): name = try pair.readString()
                    case (2, 2): value = try pair.readString()
                    default: try pair.skip(wireType: w)
                    }
                }
                labels.append(Label(name, value))
            case (2, 2):
                var encoded = Protobuf.Reader(bytes: try reader.readBytes())
                var sample = Sample(t: 0, v: 0)
                while let (f, w) = try encoded.nextTag() {
                    switch (f, w) {
                    case (1, 1): sample.v = Double(bitPattern: try encoded.readFixed64())
                    case (2, 0): sample.t = Int64(bitPattern: try encoded.readVarint())
                    default: try encoded.skip(wireType: w)
                    }
                }
                samples.append(sample)
            default:
                try reader.skip(wireType: wireType)
            }
        }
        // Senders should sort labels, but nothing guarantees it: sort, refuse a name given
        // twice (Prometheus' `labels.Labels.IsValid`), and drop empty values (unset).
        labels.sort()
        for index in labels.indices.dropFirst() where labels[index].name == labels[index - 1].name {
            throw DecodingError(message: "duplicate label name \"\(labels[index].name)\" in a series")
        }
        return Series(labels: Labels(labels), samples: samples)
    }
}

/// The protobuf wire format primitives remote write needs.
enum Protobuf {
    static func appendVarint(_ value: UInt64, to out: inout [UInt8]) {
        var value = value
        while value >= 0x80 {
            out.append(UInt8(value & 0x7F) | 0x80)
            value >>= 7
        }
        out.append(UInt8(value))
    }

    static func appendTag(field: Int, wireType: Int, to out: inout [UInt8]) {
        appendVarint(UInt64(field << 3 | wireType), to: &out)
    }

    static func appendFixed64(_ value: UInt64, to out: inout [UInt8]) {
        for shift in stride(from: 0, to: 64, by: 8) { out.append(UInt8((value >> UInt64(shift)) & 0xFF)) }
    }

    static func appendBytes(_ bytes: [UInt8], field: Int, to out: inout [UInt8]) {
        appendTag(field: field, wireType: 2, to: &out)
        appendVarint(UInt64(bytes.count), to: &out)
        out.append(contentsOf: bytes)
    }

    static func appendString(_ string: String, field: Int, to out: inout [UInt8]) {
        appendBytes(Array(string.utf8), field: field, to: &out)
    }

    struct Reader {
        var bytes: ArraySlice<UInt8>

        mutating func nextTag() throws(WriteRequest.DecodingError) -> (Int, Int)? {
            guard !bytes.isEmpty else { return nil }
            let key = try readVarint()
            let field = Int(key >> 3)
            guard field > 0 else { throw WriteRequest.DecodingError(message: "invalid field number 0") }
            return (field, Int(key & 7))
        }

        mutating func readVarint() throws(WriteRequest.DecodingError) -> UInt64 {
            var value: UInt64 = 0
            var shift: UInt64 = 0
            while let byte = bytes.first, shift < 64 {
                bytes = bytes.dropFirst()
                value |= UInt64(byte & 0x7F) << shift
                if byte & 0x80 == 0 { return value }
                shift += 7
            }
            throw WriteRequest.DecodingError(message: "truncated varint")
        }

        mutating func readFixed64() throws(WriteRequest.DecodingError) -> UInt64 {
            guard bytes.count >= 8 else { throw WriteRequest.DecodingError(message: "truncated fixed64") }
            var value: UInt64 = 0
            for (index, byte) in bytes.prefix(8).enumerated() { value |= UInt64(byte) << UInt64(8 * index) }
            bytes = bytes.dropFirst(8)
            return value
        }

        mutating func readBytes() throws(WriteRequest.DecodingError) -> ArraySlice<UInt8> {
            let length = try readVarint()
            guard length <= UInt64(bytes.count) else { throw WriteRequest.DecodingError(message: "truncated length-delimited field") }
            let value = bytes.prefix(Int(length))
            bytes = bytes.dropFirst(Int(length))
            return value
        }

        mutating func readString() throws(WriteRequest.DecodingError) -> String {
            let raw = try readBytes()
            guard let text = String(validating: raw, as: UTF8.self) else {
                throw WriteRequest.DecodingError(message: "invalid UTF-8 in string field")
            }
            return text
        }

        mutating func skip(wireType: Int) throws(WriteRequest.DecodingError) {
            switch wireType {
            case 0: _ = try readVarint()
            case 1: _ = try readFixed64()
            case 2: _ = try readBytes()
            case 5:
                guard bytes.count >= 4 else { throw WriteRequest.DecodingError(message: "truncated fixed32") }
                bytes = bytes.dropFirst(4)
            default: throw WriteRequest.DecodingError(message: "unsupported wire type \(wireType)")
            }
        }
    }
}
