import Testing
import VigilModel

@testable import VigilStorage

@Suite struct LabelPoolTests {
    @Test func rollbackForgetsTheNewPairsAndKeepsIdsDense() {
        var pool = LabelPool()
        let job = pool.intern(Label("job", "a"))
        pool.commit()
        let pod = pool.intern(Label("pod", "p-1"))
        #expect(pool.unpersisted(among: [job, pod, pod]).map(\.id) == [pod])
        pool.rollback()
        #expect(pool.ids(of: ["job": "a", "pod": "p-1"]) == nil)
        #expect(pool.ids(of: ["job": "a"]) == [job])
        // The next new pair takes the forgotten id: no id is left unused in label_pairs.
        #expect(pool.intern(Label("pod", "p-2")) == pod)
        pool.commit()
        #expect(pool.unpersisted(among: [job, pod]).isEmpty)
        #expect(pool.labels([job, pod]) == ["job": "a", "pod": "p-2"])
    }

    /// Ranks order pairs as `Label.<` does, across updates that merge new pairs in and a
    /// rollback that hands forgotten ids to other pairs.
    @Test func ranksFollowLabelOrder() {
        var pool = LabelPool()
        func expectRanksInOrder() {
            pool.updateOrder()
            let ids = (1..<UInt32(pool.pairs.count)).map { $0 }
            let byRank = ids.sorted { pool.rank[Int($0)] < pool.rank[Int($1)] }
            #expect(byRank.map { pool.pairs[Int($0)] } == ids.map { pool.pairs[Int($0)] }.sorted())
        }
        for label in [Label("job", "b"), Label("a", "z"), Label("job", "B")] { _ = pool.intern(label) }
        pool.commit()
        expectRanksInOrder()
        for label in [Label("job", "a"), Label("jo", "zz"), Label("job", "é"), Label("job", "bb")] { _ = pool.intern(label) }
        expectRanksInOrder()
        pool.rollback()
        for label in [Label("zone", "1"), Label("a", "a")] { _ = pool.intern(label) }
        expectRanksInOrder()
    }

    typealias Row = (id: Int64, label: Label)
    static let job = Label("job", "a")
    static let pod = Label("pod", "p")
    static let tables: [(rows: [Row], valid: Bool)] = [
        ([(1, job), (2, pod)], true),
        ([(2, job), (1, pod)], true),
        ([(1, job), (3, pod)], false),
        ([(0, job)], false),
        ([(1, Label("job", ""))], false),
        ([(1, Label("", "a"))], false),
        ([(1, job), (2, job)], false),
    ]

    @Test(arguments: tables.indices)
    func loadingAcceptsOnlyDenseValidRows(_ index: Int) {
        let table = Self.tables[index]
        #expect((LabelPool(loading: table.rows) != nil) == table.valid)
    }

    @Test(arguments: [
        ([UInt32(1), 2], ["job": "a", "pod": "p"] as Labels?),
        ([2, 1], nil),
        ([1, 1], nil),
        ([1, 3], nil),
        ([0], nil),
        ([], nil),
    ])
    func labelsReadFromAFileMustBeKnownAndSorted(_ ids: [UInt32], _ expected: Labels?) {
        let pool = LabelPool(loading: [(1, Self.job), (2, Self.pod)])!
        #expect(pool.validLabels(ids) == expected)
    }
}
