import Foundation
import Testing
@testable import VigilConfig

/// Vigil and the reference promtool (Debian's `prometheus` package) agree on what is a valid
/// prometheus.yml or rule file. Skipped, visibly, when promtool is not installed.
@Suite(.enabled(if: Promtool.path != nil, "promtool is not installed (apt-get install prometheus); differential checks skipped"))
struct PromtoolDifferentialTests {
    @Test(arguments: ["seed/prometheus.yml", "good/prometheus-style.yml"])
    func bothAcceptConfig(_ file: String) throws {
        let result = try Promtool.run(["check", "config", Testdata.path(file)])
        #expect(result.status == 0, "promtool: \(result.output)")
        _ = try ConfigLoader.load(file: Testdata.path(file), environment: [:])
    }

    @Test(arguments: ["seed/recording-rules.yml", "seed/alert-rules.yml"])
    func bothAcceptRules(_ file: String) throws {
        let result = try Promtool.run(["check", "rules", Testdata.path(file)])
        #expect(result.status == 0, "promtool: \(result.output)")
        _ = try RuleFileLoader.load(file: Testdata.path(file))
    }

    /// Broken prometheus.yml files that Prometheus 2.x rejects too. (`api_version: v1` is
    /// left out: Prometheus 2.42 still accepts it, Vigil refuses it as Prometheus 3 does.)
    static let badConfigs: [String] = [
        "scrape_configs:\n  - job_name: a\n  - job_name: a\n",
        "scrape_configs:\n  - job_name: a\n    scrape_interval: 5s\n    scrape_timeout: 10s\n",
        "global:\n  scrape_interval: 15\n",
        "global:\n  scrape_intervall: 15s\n",
        "global:\n  external_labels: {1x: y}\n",
        "scrape_configs:\n  - job_name: a\n    bearer_token: x\n    bearer_token_file: y\n",
        "scrape_configs:\n  - job_name: a\n    relabel_configs:\n      - {action: hashmod, target_label: t}\n",
        "scrape_configs:\n  - job_name: a\n    relabel_configs:\n      - {source_labels: [a], regex: 'a(b', action: drop}\n",
        "scrape_configs:\n  - job_name: a\n    relabel_configs:\n      - {action: labeldrop, source_labels: [a]}\n",
        "scrape_configs:\n  - job_name: a\n    relabel_configs:\n      - {source_labels: [a]}\n",
        "scrape_configs:\n  - job_name: a\n    static_configs: [{targets: ['http://a:1/x']}]\n",
        "scrape_configs:\n  - job_name: a\n    file_sd_configs: [{files: [a.txt]}]\n",
        "rule_files: ['rules/*/x.yml']\n",
        "remote_write:\n  - name: x\n",
    ]

    @Test(arguments: badConfigs)
    func bothRejectConfig(_ yaml: String) throws {
        try Testdata.withTemporaryFolder { folder in
            let file = folder + "/prometheus.yml"
            try yaml.write(toFile: file, atomically: true, encoding: .utf8)
            let result = try Promtool.run(["check", "config", file])
            #expect(result.status != 0, "promtool accepted:\n\(yaml)")
            #expect(throws: ConfigError.self) { try ConfigLoader.load(file: file, environment: [:]) }
        }
    }

    static let badRules: [String] = [
        "groups:\n  - name: g\n    rules:\n      - record: a\n        alert: b\n        expr: up\n",
        "groups:\n  - name: g\n    rules:\n      - expr: up\n",
        "groups:\n  - name: g\n    rules:\n      - record: 1abc\n        expr: up\n",
        "groups:\n  - name: g\n    rules:\n      - record: a\n        expr: up\n        for: 5m\n",
        "groups:\n  - name: g\n    rules: []\n  - name: g\n    rules: []\n",
        "groups:\n  - name: g\n    rules:\n      - alert: A\n        expr: up\n        labels: {1x: y}\n",
        "groups:\n  - name: g\n    rules:\n      - alert: A\n        exp: up\n",
    ]

    @Test(arguments: badRules)
    func bothRejectRules(_ yaml: String) throws {
        try Testdata.withTemporaryFolder { folder in
            let file = folder + "/rules.yml"
            try yaml.write(toFile: file, atomically: true, encoding: .utf8)
            let result = try Promtool.run(["check", "rules", file])
            #expect(result.status != 0, "promtool accepted:\n\(yaml)")
            #expect(throws: ConfigError.self) { try RuleFileLoader.load(file: file) }
        }
    }
}

/// Runs the reference promtool with a time limit.
enum Promtool {
    static let path: String? = ["/usr/bin/promtool", "/usr/local/bin/promtool"].first {
        FileManager.default.isExecutableFile(atPath: $0)
    }

    static func run(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path!)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        let deadline = Date().addingTimeInterval(30)
        while process.isRunning, Date() < deadline { usleep(10_000) }
        if process.isRunning {
            process.terminate()
            return (-1, "promtool timed out")
        }
        return (process.terminationStatus, String(decoding: output, as: UTF8.self))
    }
}
