import Testing
import VigilConfig

/// The decoding helper other modules reuse (VigilDashboard decodes `dashboards:` with it),
/// through the public API only.
struct ConfigDecoderTests {
    private func dashboards(_ yaml: String) throws -> [ConfigNode] {
        try ConfigLoader.parse(yaml: yaml, file: "d.yml", environment: [:]).config.dashboards
    }

    @Test func decodesAPanelAndReportsEveryProblem() throws {
        let yaml = """
        dashboards:
          - title: Overview
            panels:
              - titel: Rate
                expr: sum(rate(x[5m]))
                height: tall
                refresh: 30s
        """
        let node = try #require(try dashboards(yaml).first)
        let decoder = ConfigDecoder(file: node.location.file)
        let dashboard = try #require(decoder.mapping(node, path: "dashboards[0]", keys: ["title", "panels"]))
        #expect(dashboard.string("title") == "Overview")
        var panels: [(String?, String?, Int?, Duration?)] = []
        for item in dashboard.list("panels") ?? [] {
            guard let panel = decoder.mapping(item.node, path: item.path, keys: ["title", "expr", "height", "refresh"]) else { continue }
            panels.append((panel.string("title"), panel.string("expr"), panel.int("height"), panel.duration("refresh")))
        }
        #expect(panels.count == 1)
        #expect(panels[0].1 == "sum(rate(x[5m]))" && panels[0].3 == .seconds(30))
        do {
            try decoder.finish()
            Issue.record("no problems reported")
        } catch {
            #expect(error.description == """
            d.yml:4:9: unknown key "titel" in dashboards[0].panels[0] (did you mean "title"?)
            d.yml:6:17: expected an integer, got "tall"
            """)
            #expect(error.all.map(\.keyPath) == ["dashboards[0].panels[0].titel", "dashboards[0].panels[0].height"])
        }
    }

    @Test func nodeAccessorsAndPositions() throws {
        let yaml = """
        dashboards:
          - title: "Quoted"
            note: |
              first line
              second
            empty:
            list: [a, 'b']
            number: 12
            nested: {k: v}
        """
        let node = try #require(try dashboards(yaml).first)
        #expect(node.location == ConfigLocation(file: "d.yml", line: 2, column: 5))
        #expect(node["title"] == .scalar("Quoted", ConfigLocation(file: "d.yml", line: 2, column: 13)))
        #expect(node["note"]?.text == "first line\nsecond\n")
        #expect(node["note"]?.location == ConfigLocation(file: "d.yml", line: 4, column: 7))
        #expect(node["empty"]?.isNull == true)
        #expect(node["list"]?.items?.compactMap(\.text) == ["a", "b"])
        #expect(node["list"]?.items?[1].location.column == 16)
        #expect(node["number"]?.text == "12")
        #expect(node["nested"]?["k"]?.text == "v")
        #expect(node.keyLocation("nested") == ConfigLocation(file: "d.yml", line: 9, column: 5))
        #expect(node["missing"] == nil)
        #expect(node.entries?.map(\.key) == ["title", "note", "empty", "list", "number", "nested"])
        #expect(node["nested"]?.kindDescription == "a mapping")
    }

    @Test func wrongTypesAreReported() throws {
        let node = try #require(try dashboards("dashboards:\n  - {title: [x], rows: 3, on: maybe}\n").first)
        let decoder = ConfigDecoder(file: "d.yml")
        let m = try #require(decoder.mapping(node, path: "dashboards[0]", keys: ["title", "rows", "on"]))
        #expect(m.string("title") == nil)
        #expect(m.list("rows") == nil)
        #expect(m.bool("on") == nil)
        #expect(decoder.errors.map(\.description) == [
            "d.yml:2:13: expected a string, got a list",
            "d.yml:2:24: expected a list, got a string",
            "d.yml:2:31: expected a boolean (true or false), got \"maybe\"",
        ])
    }
}
