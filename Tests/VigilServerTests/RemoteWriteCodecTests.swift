import Testing
import VigilModel
@testable import VigilServer

struct SnappyTests {
    @Test func knownEncodings() throws {
        #expect(Snappy.compress(Array("hello".utf8)) == [0x05, 0x10] + Array("hello".utf8))
        #expect(try Snappy.decompress([0x00]) == [])
        // "aaaaaaaaaa": literal "a" then a copy of 9 with offset 1 (overlapping copy).
        #expect(try Snappy.decompress([0x0A, 0x00, 0x61, 0x22, 0x01, 0x00]) == Array(repeating: 0x61, count: 10))
    }

    @Test(arguments: [0, 1, 3, 4, 17, 100, 1000, 70_000, 300_000])
    func roundTrips(_ size: Int) throws {
        var generator = SystemRandomNumberGenerator()
        let text = (0..<size).map { _ in UInt8.random(in: 97...100, using: &generator) }
        let repetitive = (0..<size).map { UInt8(truncatingIfNeeded: $0 % 37) }
        for input in [text, repetitive] {
            let compressed = Snappy.compress(input)
            #expect(try Snappy.decompress(compressed) == input)
            if size > 1000 && input == repetitive { #expect(compressed.count < size / 4) }
        }
    }

    @Test(arguments: [
        [UInt8](), [0x05, 0x10, 0x68], [0x04, 0x01], [0x03, 0x00, 0x61, 0x02, 0x05, 0x00], [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F],
    ] as [[UInt8]])
    func rejectsCorruptInput(_ input: [UInt8]) {
        #expect(throws: Snappy.Error.self) { try Snappy.decompress(input) }
    }
}

struct WriteRequestTests {
    @Test func encodesLikeProtobuf() {
        let request = WriteRequest(series: [.init(labels: ["__name__": "up"], samples: [Sample(t: 1, v: 1)])])
        let expected: [UInt8] = [
            0x0A, 0x1D,  // timeseries, 29 bytes
            0x0A, 0x0E, 0x0A, 0x08] + Array("__name__".utf8) + [0x12, 0x02] + Array("up".utf8) + [
            0x12, 0x0B, 0x09, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xF0, 0x3F, 0x10, 0x01,
        ]
        #expect(request.encoded() == expected)
    }

    @Test func roundTripsValuesExactly() throws {
        let request = WriteRequest(series: [
            .init(labels: ["__name__": "a", "job": "x"], samples: [
                Sample(t: -5, v: .nan), Sample(t: 0, v: StaleMarker.value), Sample(t: 1_700_000_000_000, v: -0.0),
                Sample(t: 2, v: .infinity),
            ]),
            .init(labels: ["__name__": "b", "ü": "ö"], samples: []),
        ])
        let decoded = try WriteRequest(decoding: request.encoded())
        #expect(decoded == request)
        #expect(StaleMarker.isStale(decoded.series[0].samples[1].v))
    }

    @Test func skipsUnknownFieldsAndRejectsTruncation() throws {
        var bytes = WriteRequest(series: [.init(labels: ["__name__": "a"], samples: [Sample(t: 1, v: 2)])]).encoded()
        // An unknown metadata field (3) with a nested message, as newer senders write.
        bytes += [0x1A, 0x02, 0x08, 0x01]
        #expect(try WriteRequest(decoding: bytes).series.count == 1)
        #expect(throws: WriteRequest.DecodingError.self) { try WriteRequest(decoding: Array(bytes.dropLast(3))) }
        #expect(throws: WriteRequest.DecodingError.self) { try WriteRequest(decoding: [0x0A, 0x05, 0x0A]) }
    }
}
