import Testing
import VigilModel

@testable import VigilPromQL

/// Groups by a subset of labels: `by`, `without` (with the metric name dropped), and the
/// key labels built for each group.
struct LabelGroupingTests {
    static let input: [Labels] = [
        ["__name__": "x", "job": "api", "instance": "a"],
        ["__name__": "y", "job": "api", "instance": "b"],
        ["__name__": "x", "job": "web", "instance": "a"],
        ["__name__": "x", "instance": "c"],
        ["__name__": "z", "job": "web", "instance": "d"],
    ]

    @Test(arguments: [
        (LabelGrouping.Selection.only(["job"]), [0, 0, 1, 2, 1], [#"{job="api"}"#, #"{job="web"}"#, "{}"]),
        (.allBut(["instance"], dropName: true), [0, 0, 1, 2, 1], [#"{job="api"}"#, #"{job="web"}"#, "{}"]),
        (.allBut(["instance"], dropName: false), [0, 1, 2, 3, 4],
         [#"{__name__="x", job="api"}"#, #"{__name__="y", job="api"}"#, #"{__name__="x", job="web"}"#, #"{__name__="x"}"#,
          #"{__name__="z", job="web"}"#]),
        (.only(["instance", "job"]), [0, 1, 2, 3, 4],
         [#"{instance="a", job="api"}"#, #"{instance="b", job="api"}"#, #"{instance="a", job="web"}"#, #"{instance="c"}"#,
          #"{instance="d", job="web"}"#]),
    ] as [(LabelGrouping.Selection, [Int], [String])])
    func groupsAndKeys(_ selection: LabelGrouping.Selection, _ groups: [Int], _ keys: [String]) {
        var grouping = LabelGrouping(selection)
        #expect(Self.input.map { grouping.group(of: $0) } == groups)
        #expect(grouping.count == keys.count)
        #expect(grouping.keys.map(\.description) == keys)
    }
}
