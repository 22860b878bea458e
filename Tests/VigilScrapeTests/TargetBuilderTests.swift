import Testing
import VigilConfig
import VigilModel
@testable import VigilScrape

func scrapeConfig(
    _ job: String = "node", interval: Duration = .seconds(15), timeout: Duration = .seconds(10),
    relabel: [RelabelConfig] = [], configure: (inout ScrapeConfig) -> Void = { _ in }
) -> ScrapeConfig {
    var config = ScrapeConfig(jobName: job, scrapeInterval: interval, scrapeTimeout: timeout)
    config.relabelConfigs = relabel
    configure(&config)
    return config
}

@Suite struct TargetBuilderTests {
    @Test func defaultsAndInstance() throws {
        let config = scrapeConfig { $0.params = ["module": ["if_mib"], "x": ["1", "2"]] }
        let outcomes = TargetBuilder.targets(from: TargetGroup(source: "0", addresses: ["h:9100"], labels: ["env": "prod"]), config: config)
        guard case .active(let target) = try #require(outcomes.first) else { Issue.record("not active"); return }
        #expect(target.discoveredLabels == [
            "__address__": "h:9100", "__metrics_path__": "/metrics", "__param_module": "if_mib", "__param_x": "1",
            "__scheme__": "http", "__scrape_interval__": "15s", "__scrape_timeout__": "10s", "env": "prod", "job": "node",
        ])
        #expect(target.publicLabels == ["env": "prod", "instance": "h:9100", "job": "node"])
        #expect(target.url == "http://h:9100/metrics?module=if_mib&x=1&x=2")
        #expect(target.interval == .seconds(15))
    }

    @Test func targetLabelsWinOverGroupLabels() {
        let group = TargetGroup(source: "0", targets: [["__address__": "h:1", "env": "dev"]], labels: ["env": "prod", "team": "a"])
        let outcomes = TargetBuilder.targets(from: group, config: scrapeConfig())
        guard case .active(let target) = outcomes.first else { Issue.record("not active"); return }
        #expect(target.publicLabels["env"] == "dev")
        #expect(target.publicLabels["team"] == "a")
    }

    @Test func relabelingSetsMetaLabels() {
        let config = scrapeConfig(relabel: [
            step(source: ["__address__"], regex: "(.*):.*", target: "__param_target"),
            step(target: "__address__", replacement: "exporter:9115"),
            step(target: "__metrics_path__", replacement: "/probe"),
            step(target: "__scheme__", replacement: "https"),
            step(target: "__scrape_interval__", replacement: "1m"),
            step(target: "__scrape_timeout__", replacement: "30s"),
            step(source: ["__param_target"], target: "instance"),
            step(source: ["__meta_filepath"], regex: ".*/(.*)", target: "file"),
        ])
        let group = TargetGroup(source: "f:0", addresses: ["example.org:80"], labels: ["__meta_filepath": "/etc/sd/web.json"])
        guard case .active(let target) = TargetBuilder.targets(from: group, config: config).first else { Issue.record("not active"); return }
        #expect(target.url == "https://exporter:9115/probe?target=example.org")
        #expect(target.publicLabels == ["file": "web.json", "instance": "example.org", "job": "node"])
        #expect(target.interval == .seconds(60))
        #expect(target.timeout == .seconds(30))
        #expect(target.labels["__meta_filepath"] == nil)
    }

    @Test(arguments: [
        ([step(.drop, source: ["__address__"], regex: "h:.*")], "dropped"),
        ([step(target: "__address__", replacement: "")], "instance 0 in group g: no address"),
        ([step(target: "__address__", replacement: "h/x")], "instance 0 in group g: \"h/x\" is not a valid hostname"),
        ([step(target: "__scrape_interval__", replacement: "soon")], "instance 0 in group g: error parsing scrape interval: not a valid duration string \"soon\""),
        ([step(target: "__scrape_interval__", replacement: "0")], "instance 0 in group g: scrape interval cannot be 0"),
        ([step(target: "__scrape_timeout__", replacement: "0")], "instance 0 in group g: scrape timeout cannot be 0"),
        ([step(target: "__scrape_timeout__", replacement: "20s")],
         "instance 0 in group g: scrape timeout cannot be greater than scrape interval (\"20s\" > \"15s\")"),
    ])
    func invalidOrDropped(_ relabel: [RelabelConfig], _ expected: String) {
        let outcomes = TargetBuilder.targets(from: TargetGroup(source: "g", addresses: ["h:1"]), config: scrapeConfig(relabel: relabel))
        switch outcomes.first {
        case .dropped(let labels)?: #expect(expected == "dropped" && labels["__address__"] == "h:1")
        case .failed(_, let message)?: #expect(message == expected)
        default: Issue.record("expected \(expected)")
        }
    }

    @Test func offsetsAreStableAndWithinTheInterval() {
        let target = Target(scrapePool: "j", labels: ["__address__": "a:1", "job": "j"], discoveredLabels: .empty, params: [:],
                            interval: .seconds(15), timeout: .seconds(10))
        let first = target.offset(now: 1_700_000_000_000, seed: 7)
        #expect((0...15_000).contains(first))
        // Pinned to wall-clock slots: 1 s later the next scrape is 1 s nearer.
        let later = target.offset(now: 1_700_000_001_000, seed: 7)
        #expect((first - later + 15_000) % 15_000 == 1000)
        #expect(target.offset(now: 1_700_000_000_000, seed: 8) != first || target.identity ^ 7 == target.identity ^ 8)
    }

    @Test(arguments: [
        ("/metrics", [String: [String]](), "http://h:1/metrics"),
        ("metrics", [:], "http://h:1/metrics"),
        ("/a b", ["q": ["x y&z"]], "http://h:1/a%20b?q=x+y%26z"),
    ])
    func urls(_ path: String, _ params: [String: [String]], _ url: String) {
        #expect(Target.url(labels: ["__address__": "h:1", "__metrics_path__": path, "__scheme__": "http"], params: params) == url)
    }
}
