import Testing
import VigilExposition
import VigilModel

/// Bad input never crashes the parser, and borrowed memory parses like an array.
@Suite struct RobustnessTests {
    /// Every prefix-truncation and many random byte changes of real inputs, in both formats,
    /// strict and lenient: each run ends in entries or an error, never a trap.
    @Test(arguments: ["Conformance/textparse/alltypes.5mfs.om.txt", "VigilExpositionTests/Testdata/node-exporter.prom"])
    func mutatedInputsNeverTrap(_ path: String) throws {
        let original = Array(try TestFiles.bytes(path).prefix(4000))
        var generator = SplitMix(seed: 42)
        let alphabet = Array(" \t\n#{}=,\"\\.eE+-_0123456789aInN".utf8) + [0, 0xff, 0xc3]
        var inputs: [[UInt8]] = stride(from: 0, to: original.count, by: 97).map { Array(original.prefix($0)) }
        for _ in 0..<300 {
            var bytes = original
            for _ in 0..<Int(generator.next() % 4 + 1) {
                bytes[Int(generator.next() % UInt64(bytes.count))] = alphabet[Int(generator.next() % UInt64(alphabet.count))]
            }
            inputs.append(bytes)
        }
        for bytes in inputs {
            for format in ExpositionFormat.allCases {
                for strict in [false, true] {
                    var parser = ExpositionParser(bytes: bytes, format: format, options: .init(strict: strict, skipCreatedSeries: strict))
                    var entries = 0
                    do {
                        while let entry = try parser.next(), entries < 100_000 {
                            entries += 1
                            if case .sample = entry {
                                _ = parser.labels()
                                _ = parser.exemplar()
                                _ = parser.startTimestamp()
                            }
                        }
                    } catch {
                        #expect(error.position.line >= 1)
                    }
                }
            }
        }
    }

    @Test func borrowedMemoryParsesLikeAnArray() throws {
        let bytes = try TestFiles.bytes("VigilExpositionTests/Testdata/node-exporter.prom")
        func collect(_ parser: inout ExpositionParser) throws -> [String] {
            var out: [String] = []
            while let entry = try parser.next() {
                if case .sample(let s) = entry { out.append("\(parser.labels()) \(s.value)") }
            }
            return out
        }
        var fromArray = ExpositionParser(bytes: bytes, format: .prometheusText)
        let expected = try collect(&fromArray)
        let borrowed = try bytes.withUnsafeBytes { buffer in
            var parser = ExpositionParser(unsafeBytes: buffer, format: .prometheusText)
            return try collect(&parser)
        }
        #expect(borrowed == expected)
        #expect(expected.count == 507)
    }
}

/// A small deterministic generator, so failures reproduce.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9e37_79b9_7f4a_7c15
        var z = state
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }
}
