import Foundation
import Logging
import Testing
import VigilConfig
import VigilModel
@testable import VigilScrape
import VigilTestSupport

/// A fresh temporary directory per test.
func temporaryDirectory() -> String {
    let path = NSTemporaryDirectory() + "vigil-scrape-\(UUID().uuidString)"
    try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

func write(_ text: String, to path: String) {
    try! Data(text.utf8).write(to: URL(fileURLWithPath: path))
}

@Suite(.timeLimit(.minutes(1))) struct FileDiscoveryTests {
    @Test(arguments: [
        ("t.json", #"[{"targets": ["a:1", "b:2"], "labels": {"env": "prod"}}, {"targets": ["c:3"]}]"#),
        ("t.yml", "- targets: ['a:1', 'b:2']\n  labels:\n    env: prod\n- targets:\n  - c:3\n"),
        ("t.yaml", "- targets: [a:1, b:2]\n  labels: {env: prod}\n- targets: [c:3]\n  labels:\n"),
    ])
    func parsesBothFormats(_ name: String, _ content: String) throws {
        let groups = try FileSDParser.parse(Array(content.utf8), path: "/sd/" + name)
        #expect(groups == [
            TargetGroup(source: "/sd/\(name):0", addresses: ["a:1", "b:2"], labels: ["env": "prod", "__meta_filepath": "/sd/\(name)"]),
            TargetGroup(source: "/sd/\(name):1", addresses: ["c:3"], labels: ["__meta_filepath": "/sd/\(name)"]),
        ])
    }

    @Test(arguments: [
        ("t.json", #"[{"targets": ["a:1"], "lables": {}}]"#, "/sd/t.json: unknown field \"lables\" in target group (expected \"targets\" or \"labels\")"),
        ("t.json", #"[{"targets": "a:1"}]"#, "/sd/t.json: \"targets\" must be a list of strings"),
        ("t.json", #"[null]"#, "/sd/t.json: nil target group item found"),
        ("t.json", #"{"targets": []}"#, "/sd/t.json: expected a list of target groups"),
        ("t.json", #"[{"targets": ["a:1"], "labels": {"n": 1}}]"#, "/sd/t.json: the value of label \"n\" must be a string"),
        ("t.yml", "- targets: [a:1]\n  labels:\n    env: [x]\n", "/sd/t.yml:3: the value of label \"env\" must be a string"),
        ("t.yml", "- targets: [a:1\n", nil),
    ])
    func rejectsBadFiles(_ name: String, _ content: String, _ message: String?) {
        do {
            _ = try FileSDParser.parse(Array(content.utf8), path: "/sd/" + name)
            Issue.record("parsed")
        } catch {
            if let message { #expect(error.description == message) } else { #expect(error.message.hasPrefix("invalid YAML")) }
        }
    }

    @Test func globsChangesAndKeepingGroupsOfBrokenFiles() throws {
        let directory = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        write(#"[{"targets": ["a:1"]}]"#, to: directory + "/one.json")
        write("- targets: [b:2]\n", to: directory + "/two.yml")
        write("ignored", to: directory + "/notes.txt")
        var config = FileSDConfig(files: ["*.json", "*.yml"])
        config.refreshInterval = .seconds(300)
        let discovery = FileDiscovery(config: config, baseDirectory: directory, logger: Logger(label: "test"))
        var state = FileDiscovery.State()
        #expect(discovery.refresh(&state))
        #expect(state.allGroups.flatMap(\.targets).map { $0["__address__"]! } == ["a:1", "b:2"])
        #expect(!discovery.changed(since: state))

        // A broken file keeps its previous groups.
        write(#"[{"targets": ["a:1"#, to: directory + "/one.json")
        #expect(discovery.changed(since: state))
        #expect(!discovery.refresh(&state))
        #expect(state.allGroups.flatMap(\.targets).map { $0["__address__"]! } == ["a:1", "b:2"])

        // A fixed file replaces them; a removed file takes its groups away.
        write(#"[{"targets": ["a:9"]}]"#, to: directory + "/one.json")
        try FileManager.default.removeItem(atPath: directory + "/two.yml")
        #expect(discovery.refresh(&state))
        #expect(state.allGroups.flatMap(\.targets).map { $0["__address__"]! } == ["a:9"])
    }

    @Test func runReportsChangesWithoutWaitingForTheRefreshInterval() async throws {
        let directory = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        write(#"[{"targets": ["a:1"]}]"#, to: directory + "/t.json")
        let clock = ManualClock()
        let updates = AsyncStream<[TargetGroup]>.makeStream()
        let discovery = FileDiscovery(config: FileSDConfig(files: ["t.json"]), baseDirectory: directory, watchInterval: .seconds(1), logger: Logger(label: "t"))
        let task = Task { await discovery.run(clock: clock) { updates.continuation.yield($0) } }
        defer { task.cancel() }
        var iterator = updates.stream.makeAsyncIterator()
        #expect(await iterator.next()?.first?.targets == [["__address__": "a:1"]])
        write(#"[{"targets": ["a:1", "b:2"]}]"#, to: directory + "/t.json")
        #expect(await clock.waitForSleepers(1))
        clock.advance(by: .seconds(1))
        #expect(await iterator.next()?.first?.targets.count == 2)
    }
}
