import Testing
import VigilModel

@testable import VigilPromQL

/// Label sets are told apart by their labels, not their hash: with the real hash and with
/// one that makes every set collide, the same sequence gives the same positions.
struct LabelSetIndexTests {
    // An empty value is no label, so `{a="b", c=""}` is `{a="b"}`.
    static let sequence: [Labels] = [
        ["a": "bc"], ["ab": "c"], ["a": "bc"], [:], ["a": "b", "c": ""], ["a": "b"],
        ["__name__": "x", "job": "api"], [:], ["job": "api", "__name__": "x"], ["a": "bc", "d": "e"],
    ]
    static let expected: [(Int, Bool)] = [
        (0, true), (1, true), (0, false), (2, true), (3, true), (3, false),
        (4, true), (2, false), (4, false), (5, true),
    ]

    @Test(arguments: [false, true])
    func positionsFollowFirstInsertion(collide: Bool) {
        var index = collide ? LabelSetIndex(hash: { _ in 7 }) : LabelSetIndex()
        for (labels, (position, inserted)) in zip(Self.sequence, Self.expected) {
            let result = index.insert(labels)
            #expect(result.index == position && result.inserted == inserted, "\(labels)")
        }
        #expect(index.sets.count == 6)
    }
}
