import Testing
import VigilModel

@testable import VigilStorage

/// Shapes of series the codec must round-trip bit-exact.
enum SeriesShape: String, CaseIterable, Sendable {
    case regularCounter, counterWithResets, twoDecimalGauge, jitteredTimestamps, irregularTimestamps
    case specialValues, staleMarkers, negativeZero, subnormals, extremeMagnitudes, randomBits
    case longMantissas, mixedExponents, constant, nearMantissaLimit, extremeTimestamps

    func samples(count: Int, seed: UInt64) -> [Sample] {
        var random = SeededRandom(seed: seed)
        var t: Int64 = 1_700_000_000_000 + Int64.random(in: 0..<1000, using: &random)
        var counter = Double(Int.random(in: 0...1_000_000, using: &random))
        var out: [Sample] = []
        let specials: [Double] = [
            .nan, -.nan, .infinity, -.infinity, StaleMarker.value, -0.0, 0, 1, -1,
            Double(bitPattern: 0x7ff8_0000_0000_0001), .leastNonzeroMagnitude, .greatestFiniteMagnitude,
        ]
        for index in 0..<count {
            var step: Int64 = 15_000
            var v: Double
            switch self {
            case .regularCounter:
                counter += Double(Int.random(in: 0...40, using: &random))
                v = counter
            case .counterWithResets:
                counter = Int.random(in: 0..<50, using: &random) == 0 ? 0 : counter + Double(Int.random(in: 0...500, using: &random))
                v = counter
            case .twoDecimalGauge:
                v = Double(Int.random(in: -100_000...100_000, using: &random)) / 100
            case .jitteredTimestamps:
                step += Int64.random(in: -25...25, using: &random)
                v = Double(Int.random(in: 0...10, using: &random))
            case .irregularTimestamps:
                step = Int64.random(in: 1...10_000_000, using: &random)
                v = Double(index)
            case .specialValues:
                v = Bool.random(using: &random) ? specials.randomElement(using: &random)! : Double(index) / 4
            case .staleMarkers:
                v = index % 7 == 6 ? StaleMarker.value : Double(index % 3)
            case .negativeZero:
                v = index % 2 == 0 ? -0.0 : 0.0
            case .subnormals:
                v = Double(bitPattern: UInt64.random(in: 1..<(1 << 52), using: &random))
            case .extremeMagnitudes:
                let exponent = Int.random(in: -300...300, using: &random)
                v = Double.random(in: 1..<10, using: &random) * Self.power(exponent)
            case .randomBits:
                v = Double(bitPattern: random.next())
            case .longMantissas:
                v = Double.random(in: -1e6...1e6, using: &random)
            case .mixedExponents:
                let decimals = Int.random(in: 0...6, using: &random)
                v = Double(Int.random(in: -99_999...99_999, using: &random)) / Self.power(decimals)
            case .constant:
                v = 42.5
            case .nearMantissaLimit:
                v = Double((1 << 53) - Int64.random(in: 1...1000, using: &random)) * (Bool.random(using: &random) ? 1 : -1)
            case .extremeTimestamps:
                step = Int64.random(in: 1...(Int64.max / Int64(max(count, 1))), using: &random)
                if index == 0 { t = Int64.min + 5 }
                v = Double(index)
            }
            if index > 0 { t += step }
            out.append(Sample(t: t, v: v))
        }
        return out
    }

    private static func power(_ exponent: Int) -> Double {
        var result = 1.0
        for _ in 0..<exponent.magnitude { result = exponent < 0 ? result / 10 : result * 10 }
        return result
    }
}

@Suite struct ChunkCodecTests {
    static let counts = [1, 2, 3, 31, 32, 33, 64, 65, 100, 240, 480]

    @Test(arguments: SeriesShape.allCases)
    func roundTripsBitExact(_ shape: SeriesShape) throws {
        for count in Self.counts {
            for seed in UInt64(1)...3 {
                let samples = shape.samples(count: count, seed: seed &* 7919 &+ UInt64(count))
                let chunk = ChunkEncoder(samples: samples)
                #expect(chunk.count == samples.count)
                #expect(chunk.maxT == samples.last!.t)
                var decoded: [Sample] = []
                try ChunkDecoder.decode(chunk.bytes(), minT: samples[0].t, into: &decoded)
                #expect(decoded == samples, "\(shape) count \(count) seed \(seed)")
            }
        }
    }

    @Test(arguments: SeriesShape.allCases)
    func decodesTimeRanges(_ shape: SeriesShape) throws {
        let samples = shape.samples(count: 200, seed: 99)
        let bytes = ChunkEncoder(samples: samples).bytes()
        var random = SeededRandom(seed: 5)
        for _ in 0..<20 {
            let a = samples.randomElement(using: &random)!.t
            let b = samples.randomElement(using: &random)!.t
            let (lower, upper) = (min(a, b), max(a, b))
            var decoded: [Sample] = []
            try ChunkDecoder.decode(bytes, minT: samples[0].t, from: lower, through: upper, into: &decoded)
            #expect(decoded == samples.filter { $0.t >= lower && $0.t <= upper })
        }
    }

    /// Groups before the lower bound only advance the decoder's state (an instant query
    /// reads a chunk's last samples): every suffix must still come out bit-exact.
    @Test(arguments: SeriesShape.allCases)
    func decodesEverySuffix(_ shape: SeriesShape) throws {
        let samples = shape.samples(count: 480, seed: 17)
        let bytes = ChunkEncoder(samples: samples).bytes()
        for (index, sample) in samples.enumerated() {
            for lower in [sample.t, sample.t &+ 1] {
                var decoded: [Sample] = []
                try ChunkDecoder.decode(bytes, minT: samples[0].t, from: lower, into: &decoded)
                let expected = samples[(lower == sample.t ? index : index + 1)...]
                #expect(decoded[...] == expected, "\(shape) from sample \(index)")
            }
        }
    }

    @Test func openChunkSnapshotsDoNotDisturbAppending() throws {
        let samples = SeriesShape.specialValues.samples(count: 300, seed: 11)
        var encoder = ChunkEncoder(first: samples[0])
        for (index, sample) in samples.enumerated().dropFirst() {
            encoder.append(sample)
            if index % 17 == 0 {
                var decoded: [Sample] = []
                try ChunkDecoder.decode(encoder.bytes(), minT: samples[0].t, into: &decoded)
                #expect(decoded == Array(samples[...index]))
            }
        }
    }

    @Test func regularSeriesCompressWell() throws {
        // A counter scraped every 15 s that grows by 0...40 per scrape: timestamps cost
        // about nothing, values about 6 bits.
        let samples = SeriesShape.regularCounter.samples(count: 480, seed: 3)
        let bytes = ChunkEncoder(samples: samples).bytes()
        #expect(Double(bytes.count) / 480 < 0.9)
        let constant = ChunkEncoder(samples: SeriesShape.constant.samples(count: 480, seed: 3)).bytes()
        #expect(constant.count < 64)
    }

    @Test func damagedChunksThrowInsteadOfCrashing() {
        var random = SeededRandom(seed: 77)
        var failures = 0
        for shape in SeriesShape.allCases {
            let samples = shape.samples(count: 97, seed: 1)
            let bytes = ChunkEncoder(samples: samples).bytes()
            for _ in 0..<200 {
                var damaged = bytes
                switch Int.random(in: 0..<3, using: &random) {
                case 0: damaged.removeLast(Int.random(in: 1...damaged.count, using: &random))
                case 1:
                    let index = Int.random(in: 0..<damaged.count, using: &random)
                    damaged[index] ^= UInt8.random(in: 1...255, using: &random)
                default:
                    damaged = (0..<Int.random(in: 0...64, using: &random)).map { _ in UInt8.random(in: 0...255, using: &random) }
                }
                var decoded: [Sample] = []
                do {
                    try ChunkDecoder.decode(damaged, minT: 0, into: &decoded)
                    // Undetected damage is allowed; disorder is not.
                    #expect(zip(decoded, decoded.dropFirst()).allSatisfy { $0.t < $1.t })
                } catch {
                    failures += 1
                }
            }
        }
        #expect(failures > 0)
    }

    @Test(arguments: [
        (0.1, DecimalForm(mantissa: 1, exponent: 1)),
        (123.45, DecimalForm(mantissa: 12345, exponent: 2)),
        (-7.0, DecimalForm(mantissa: -7, exponent: 0)),
        (0.0, DecimalForm(mantissa: 0, exponent: 0)),
        (1e-20, DecimalForm(mantissa: 1, exponent: 20)),
        (9_007_199_254_740_991.0, DecimalForm(mantissa: 9_007_199_254_740_991, exponent: 0)),
    ])
    func decimalForms(_ value: Double, _ form: DecimalForm) {
        #expect(DecimalForm.of(value) == form)
        #expect(DecimalForm.value(mantissa: form.mantissa, exponent: form.exponent).bitPattern == value.bitPattern)
    }

    @Test(arguments: [Double.nan, -0.0, .infinity, StaleMarker.value, 0.1 + 0.2, 9_007_199_254_740_992.0, 1e300])
    func valuesWithoutDecimalForm(_ value: Double) {
        #expect(DecimalForm.of(value) == nil)
    }
}

/// Runs of fields read at once: `readFields` without per-field bounds checks when the run
/// lies inside the buffer, and `sumFields` by bit plane for narrow widths.
@Suite struct BitReaderTests {
    @Test(arguments: 0...24)
    func fieldRunsMatchSingleReads(_ width: Int) {
        var random = SeededRandom(seed: UInt64(width) + 1)
        for count in [1, 7, 11, 31, 32] {
            for (lead, tail) in [(0, 0), (3, 0), (9, 63), (61, 5)] {
                let codes = (0..<count).map { _ in width == 0 ? 0 : random.next() & ((1 << UInt64(width)) - 1) }
                var writer = BitWriter()
                // The writer takes values that fit their width.
                writer.write(random.next() & ((1 << UInt64(lead)) - 1), width: lead)
                for code in codes { writer.write(code, width: width) }
                writer.write(random.next() & ((1 << UInt64(tail)) - 1), width: tail)
                writer.bytes.withUnsafeBytes { buffer in
                    var fields = BitReader(buffer, position: lead)
                    var read: [UInt64] = []
                    fields.readFields(count, width: width) { _, code in read.append(code) }
                    var summed = BitReader(buffer, position: lead)
                    let sum = summed.sumFields(count, width: width)
                    #expect(read == codes, "width \(width), \(count) fields after \(lead) bits")
                    #expect(sum == codes.reduce(0, &+), "width \(width), \(count) fields after \(lead) bits")
                    #expect(fields.position == lead + count * width && summed.position == fields.position)
                    #expect(!summed.overrun)
                }
            }
        }
    }
}

/// What the head keeps per series is counted in bytes: these layouts are part of the
/// memory budget (docs/performance.md), so a field that adds padding fails here.
@Suite struct HeadLayoutTests {
    @Test func perSeriesValuesStayNarrow() {
        #expect(MemoryLayout<NewestSample>.stride == 48)
        #expect(MemoryLayout<GroupCodec>.size <= 40)
        #expect(MemoryLayout<BitWriter>.size <= 25)
        #expect(MemoryLayout<ChunkEncoder?>.size <= 120)
    }
}
