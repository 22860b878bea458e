import Testing
import VigilModel

@testable import VigilScrape

@Suite struct SeriesTextTableTests {
    static func text(_ i: Int) -> RawSeriesKey {
        RawSeriesKey("bench_latency_seconds_bucket{route=\"r\(i / 10)\",le=\"\(i % 10)\"}")
    }

    static func filled(_ count: Int) -> SeriesTextTable {
        var table = SeriesTextTable()
        for i in 0..<count { table.insert(text(i), ref: SeriesRef(i + 1), labelsHash: i, seenMark: 0, appendedMark: 0) }
        return table
    }

    /// Whatever order texts come in (the target's own, reversed, shuffled, with unknown
    /// texts between), each finds its own entry and unknown texts find none.
    @Test(arguments: ["same", "reversed", "shuffled", "interleaved"])
    func findsEveryTextInAnyOrder(_ order: String) {
        var table = Self.filled(1000)
        var indices = Array(0..<1000)
        switch order {
        case "reversed": indices.reverse()
        case "shuffled":
            var generator = SystemRandomNumberGenerator()
            indices.shuffle(using: &generator)
        case "interleaved": indices = indices.flatMap { [$0, 5000 + $0] }
        default: break
        }
        for round in 0..<2 {
            table.rewind()
            for i in indices {
                let position = table.find(Self.text(i))
                if i >= 5000 {
                    #expect(position == nil)
                } else {
                    #expect(position.map { table[$0].ref } == SeriesRef(i + 1), "round \(round) text \(i)")
                }
            }
        }
    }

    /// Texts in the order they were inserted are found by comparing bytes alone; any other
    /// text (one skipped ahead, a prefix, an unknown one) is not, and leaves the cursor.
    @Test func theExpectedTextIsFoundWithoutHashing() {
        var table = Self.filled(100)
        for round in 0..<2 {
            table.rewind()
            for i in 0..<100 {
                if i == 50 {
                    #expect(table.findExpected(Self.text(51).bytes) == nil)
                    #expect(table.findExpected(Self.text(i).bytes.dropLast()) == nil)
                    #expect(table.findExpected(ArraySlice("other{}".utf8)) == nil)
                }
                #expect(table.findExpected(Self.text(i).bytes) == i, "round \(round) text \(i)")
            }
            #expect(table.findExpected(Self.text(0).bytes) == nil)
        }
        // After a lookup out of order, the cursor follows the text found.
        table.rewind()
        #expect(table.find(Self.text(70)) == 70)
        #expect(table.findExpected(Self.text(71).bytes) == 71)
    }

    @Test func removingKeepsTheRestFindableAndInOrder() {
        var table = Self.filled(300)
        table.removeAll { $0.labelsHash % 3 == 0 }
        #expect(table.count == 200)
        #expect(table.entries.map(\.labelsHash) == (0..<300).filter { $0 % 3 != 0 })
        for i in 0..<300 {
            #expect(table.find(Self.text(i)).map { table[$0].labelsHash } == (i % 3 == 0 ? nil : i))
        }
        table.insert(Self.text(0), ref: 99, labelsHash: 0, seenMark: 1, appendedMark: 1)
        #expect(table.find(Self.text(0)).map { table[$0].ref } == 99)
    }

    @Test func anEmptyTableFindsNothing() {
        var table = SeriesTextTable()
        #expect(table.find(Self.text(1)) == nil)
        table.removeAll()
        #expect(table.find(RawSeriesKey("")) == nil)
    }
}
