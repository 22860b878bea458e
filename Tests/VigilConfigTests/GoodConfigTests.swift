import Foundation
import Testing
import VigilModel
@testable import VigilConfig

/// Configs that load, with the values and defaults Prometheus would give them.
struct GoodConfigTests {
    private func load(_ yaml: String, environment: [String: String] = [:]) throws -> LoadedConfig {
        try ConfigLoader.parse(yaml: yaml, file: "config/vigil.yml", environment: environment)
    }

    @Test func seedPrometheusYAMLLoadsUnchanged() throws {
        let loaded = try ConfigLoader.load(file: Testdata.path("seed/prometheus.yml"))
        let config = loaded.config
        #expect(loaded.warnings.isEmpty)
        #expect(config.global.scrapeInterval == .seconds(15))
        #expect(config.global.scrapeTimeout == .seconds(10))
        #expect(config.global.evaluationInterval == .seconds(60))
        #expect(config.scrapeConfigs.count == 1)
        let job = try #require(config.scrapeConfigs.first)
        #expect(job.jobName == "ml-service")
        #expect(job.metricsPath == "/metrics")
        #expect(job.scheme == "http")
        #expect(job.scrapeInterval == .seconds(15))
        #expect(job.scrapeTimeout == .seconds(10))
        #expect(job.honorTimestamps && !job.honorLabels)
        #expect(job.staticConfigs == [StaticConfig(targets: ["host.docker.internal:8000"])])
        #expect(job.location == ConfigLocation(file: Testdata.path("seed/prometheus.yml"), line: 5, column: 5))
    }

    @Test func defaultConfigLoadsWithItsRules() throws {
        let file = Testdata.repositoryRoot + "/config/vigil.yml"
        let loaded = try ConfigLoader.load(file: file)
        #expect(loaded.warnings.isEmpty)
        let config = loaded.config
        #expect(config.scrapeConfigs.map(\.jobName) == ["vigil", "ml-service"])
        #expect(config.scrapeConfigs.map(\.staticConfigs) == [
            [StaticConfig(targets: ["localhost:3000"])], [StaticConfig(targets: ["localhost:8000"])],
        ])
        #expect(config.scrapeConfigs.allSatisfy { $0.scrapeInterval == .seconds(15) })
        #expect(config.ruleFiles == ["rules/*.yml"])
        let rules = try RuleFileLoader.loadAll(for: config)
        let groups = rules.files.flatMap(\.groups).map(\.name).sorted()
        #expect(groups == ["mlops-alerts", "mlops-recording"])
        #expect(config.storage.retentionTime == .seconds(15 * 86_400))
    }

    @Test func defaultsFollowPrometheus() throws {
        let config = try load("scrape_configs:\n  - job_name: a\n").config
        #expect(config.global == GlobalConfig())
        let job = try #require(config.scrapeConfigs.first)
        #expect(job.scrapeInterval == .seconds(60))
        #expect(job.scrapeTimeout == .seconds(10))
        #expect(job.metricsPath == "/metrics")
        #expect(job.http == HTTPClientConfig())
        #expect(try load("").config == VigilConfiguration(file: "config/vigil.yml"))
        #expect(try load("global:\n").config.global == GlobalConfig())
    }

    /// As Prometheus: the timeout defaults to 10s, capped to the interval when smaller.
    @Test(arguments: [
        ("global: {scrape_interval: 5s}", "", Duration.seconds(5), Duration.seconds(5)),
        ("global: {scrape_interval: 15s}", "", .seconds(15), .seconds(10)),
        ("global: {scrape_interval: 1m, scrape_timeout: 30s}", "", .seconds(60), .seconds(30)),
        ("global: {scrape_interval: 1m, scrape_timeout: 30s}", "scrape_interval: 20s", .seconds(20), .seconds(20)),
        ("global: {scrape_interval: 1m}", "scrape_interval: 2s", .seconds(2), .seconds(2)),
        ("global: {scrape_interval: 1m}", "scrape_timeout: 50s", .seconds(60), .seconds(50)),
        ("global: {scrape_interval: 0s}", "", .seconds(60), .seconds(10)),
        ("global: {scrape_interval: 1h30m}", "", .seconds(5400), .seconds(10)),
        ("global: {scrape_interval: 500ms}", "", .milliseconds(500), .milliseconds(500)),
    ])
    func intervalInheritance(_ global: String, _ job: String, _ interval: Duration, _ timeout: Duration) throws {
        let yaml = "\(global)\nscrape_configs:\n  - job_name: a\n    \(job)\n"
        let scrape = try #require(try load(yaml).config.scrapeConfigs.first)
        #expect(scrape.scrapeInterval == interval)
        #expect(scrape.scrapeTimeout == timeout)
    }

    @Test func limitsInheritFromGlobal() throws {
        let yaml = """
        global: {sample_limit: 100, label_limit: 30, body_size_limit: 10MB}
        scrape_configs:
          - job_name: a
          - job_name: b
            sample_limit: 5
            body_size_limit: 1GiB512MB
        """
        let jobs = try load(yaml).config.scrapeConfigs
        #expect(jobs.map(\.sampleLimit) == [100, 5])
        #expect(jobs.map(\.labelLimit) == [30, 30])
        #expect(jobs.map(\.bodySizeLimitBytes) == [10_485_760, 1_610_612_736])
    }

    @Test func bearerTokensBecomeAuthorizationAndPathsJoinTheConfigFolder() throws {
        let yaml = """
        scrape_configs:
          - job_name: a
            bearer_token_file: secrets/token
            tls_config: {ca_file: ca.pem, cert_file: /abs/cert.pem, key_file: key.pem, insecure_skip_verify: true}
          - job_name: b
            bearer_token: s3cret
          - job_name: c
            basic_auth: {username: u, password_file: pw}
          - job_name: d
            authorization: {type: Token, credentials: abc}
        """
        let jobs = try load(yaml).config.scrapeConfigs
        #expect(jobs[0].http.authorization == Authorization(credentialsFile: "config/secrets/token"))
        #expect(jobs[0].http.tls.caFile == "config/ca.pem")
        #expect(jobs[0].http.tls.certFile == "/abs/cert.pem")
        #expect(jobs[0].http.tls.insecureSkipVerify)
        #expect(jobs[1].http.authorization == Authorization(credentials: "s3cret"))
        #expect(jobs[2].http.basicAuth == BasicAuth(username: "u", passwordFile: "config/pw"))
        #expect(jobs[3].http.authorization == Authorization(type: "Token", credentials: "abc"))
    }

    @Test func relabelConfigsKeepPrometheusDefaults() throws {
        let yaml = """
        scrape_configs:
          - job_name: a
            relabel_configs:
              - source_labels: [__address__]
                target_label: instance
              - {action: labelmap, regex: '__meta_(.+)'}
              - {action: hashmod, source_labels: [__address__], modulus: 8, target_label: __tmp_hash}
              - {action: Keep, source_labels: [__tmp_hash], regex: '0|1'}
              - {action: replace, source_labels: [a], target_label: '${1}_x', regex: '(.*)'}
              - {action: dropequal, source_labels: [a], target_label: b}
        """
        let relabel = try #require(try load(yaml).config.scrapeConfigs.first?.relabelConfigs)
        #expect(relabel.map(\.action) == [.replace, .labelmap, .hashmod, .keep, .replace, .dropequal])
        #expect(relabel[0].separator == ";" && relabel[0].replacement == "$1" && relabel[0].regex.pattern == "(.*)")
        #expect(relabel[2].modulus == 8)
        #expect(relabel[3].regex.matches("1") && !relabel[3].regex.matches("10"))
        #expect(relabel[0].location == ConfigLocation(file: "config/vigil.yml", line: 4, column: 9))
    }

    @Test func externalLabelsExpandTheEnvironment() throws {
        let yaml = "global:\n  external_labels: {region: '$REGION', id: '${ID}-x', cost: '$$5', empty: '$UNSET'}\n"
        let loaded = try load(yaml, environment: ["REGION": "eu", "ID": "7"])
        #expect(loaded.config.global.externalLabels == ["region": "eu", "id": "7-x", "cost": "$5"])
        #expect(loaded.warnings.map(\.description) == [
            #"config/vigil.yml:2:76: warning: empty environment variable "UNSET" in external label "empty""#,
        ])
    }

    @Test func ignoredKeysWarn() throws {
        let yaml = "global:\n  query_log_file: q.log\nruntime: {gogc: 50}\nscrape_configs:\n  - job_name: a\n    enable_http2: false\n    track_timestamps_staleness: false\n"
        let loaded = try load(yaml)
        #expect(loaded.config.global.queryLogFile == "q.log")
        #expect(loaded.warnings.map(\.description) == [
            "config/vigil.yml:2:3: warning: query_log_file is ignored by Vigil (queries are not logged to a file)",
            "config/vigil.yml:3:1: warning: runtime is ignored by Vigil (Go runtime settings do not apply)",
        ])
    }

    @Test func yamlAnchorsAndMergeKeys() throws {
        let yaml = """
        scrape_configs:
          - &base
            job_name: a
            scrape_interval: 5s
            metrics_path: /m
          - <<: *base
            job_name: b
        """
        let jobs = try load(yaml).config.scrapeConfigs
        #expect(jobs.map(\.jobName) == ["a", "b"])
        #expect(jobs.map(\.metricsPath) == ["/m", "/m"])
        #expect(jobs.map(\.scrapeInterval) == [.seconds(5), .seconds(5)])
    }

    @Test func vigilSections() throws {
        let yaml = """
        storage:
          path: /var/lib/vigil
          retention: {time: 30d, size: 10GB}
          series_retention:
            - selector: '{job="batch"}'
              retention: 90d
            - selector: 'up{env=~"dev|test", team!=""}'
              retention: 1w
        web:
          listen: 127.0.0.1:9000
          external_url: https://vigil.example.com/
          enable_remote_write_receiver: true
          query_timeout: 30s
        push: {default_ttl: 1h}
        dashboards:
          - title: Overview
            panels: []
        dashboard_files: ['dashboards/*.yml']
        """
        let config = try load(yaml).config
        #expect(config.storage.path == "/var/lib/vigil")
        #expect(config.storage.retentionTime == .seconds(30 * 86_400))
        #expect(config.storage.retentionSizeBytes == 10 << 30)
        #expect(config.storage.seriesRetention.map(\.retention) == [.seconds(90 * 86_400), .seconds(7 * 86_400)])
        #expect(config.storage.seriesRetention[0].matchers == [.equal("job", "batch")])
        #expect(config.storage.seriesRetention[1].matchers.map(\.description) == [
            #"__name__="up""#, #"env=~"dev|test""#, #"team!="""#,
        ])
        #expect(config.web.listen == "127.0.0.1:9000")
        #expect(config.web.externalURL == "https://vigil.example.com/")
        #expect(config.web.enableRemoteWriteReceiver)
        #expect(config.web.queryTimeout == .seconds(30))
        #expect(config.push.defaultTTL == .seconds(3600))
        #expect(config.dashboards.count == 1)
        #expect(config.dashboards[0]["title"]?.text == "Overview")
        #expect(config.dashboardFiles == ["dashboards/*.yml"])
        #expect(config.directory == "config")
    }

    @Test func notificationsAsAlertmanager() throws {
        let yaml = """
        notifications:
          global:
            slack_api_url: https://hooks.slack.com/services/T/B/X
            smtp_smarthost: localhost:25
          route:
            receiver: team
            group_by: [alertname, job]
            routes:
              - matchers: ['severity="critical"', 'team=~"ml|ops"']
                receiver: on-call
                continue: true
                group_wait: 10s
              - match: {env: prod}
                match_re: {service: 'api|web'}
                receiver: team
          receivers:
            - name: team
              slack_configs:
                - channel: '#alerts'
            - name: on-call
              webhook_configs:
                - url: http://127.0.0.1:5001/hook
              msteams_configs:
                - webhook_url: https://example.webhook.office.com/x
              msteamsv2_configs:
                - webhook_url: https://example.webhook.office.com/y
          inhibit_rules:
            - source_matchers: ['severity = critical']
              target_matchers: ['{severity="warning", team!=ops}']
              equal: [alertname]
            - source_match: {severity: critical}
              target_match_re: {severity: 'warn.*'}
        """
        let loaded = try load(yaml)
        #expect(loaded.warnings.map(\.message) == ["smtp_smarthost is ignored by Vigil (email notifications are not supported yet)"])
        let notifications = try #require(loaded.config.notifications)
        let root = notifications.route
        #expect(root.receiver == "team")
        #expect(root.groupBy == ["alertname", "job"])
        #expect(root.groupWait == .seconds(30) && root.groupInterval == .seconds(300) && root.repeatInterval == .seconds(14_400))
        #expect(root.routes[0].matchers.map(\.description) == [#"severity="critical""#, #"team=~"ml|ops""#])
        #expect(root.routes[0].continue && root.routes[0].groupWait == .seconds(10) && root.routes[0].groupInterval == nil)
        #expect(root.routes[1].matchers.map(\.description) == [#"env="prod""#, #"service=~"api|web""#])
        #expect(notifications.receivers.map(\.name) == ["team", "on-call"])
        #expect(notifications.receivers[0].slackConfigs.first?.apiURL == nil)
        #expect(notifications.global.slackAPIURL == "https://hooks.slack.com/services/T/B/X")
        #expect(notifications.receivers[1].webhookConfigs.first?.url == "http://127.0.0.1:5001/hook")
        #expect(notifications.receivers[1].msteamsConfigs.first?.title == #"{{ template "msteams.default.title" . }}"#)
        #expect(notifications.receivers[1].msteamsV2Configs.first?.title == #"{{ template "msteamsv2.default.title" . }}"#)
        #expect(notifications.inhibitRules[0].sourceMatchers.map(\.description) == [#"severity="critical""#])
        #expect(notifications.inhibitRules[0].targetMatchers.map(\.description) == [#"severity="warning""#, #"team!="ops""#])
        #expect(notifications.inhibitRules[0].equal == ["alertname"])
        #expect(notifications.inhibitRules[1].targetMatchers.map(\.description) == [#"severity=~"warn.*""#])
    }

    @Test func alertingAndRemoteWrite() throws {
        let yaml = """
        alerting:
          alert_relabel_configs:
            - {action: labeldrop, regex: replica}
          alertmanagers:
            - static_configs: [{targets: ['127.0.0.1:9093']}]
              path_prefix: /am
              timeout: 5s
              api_version: v2
        remote_write:
          - url: https://mimir.example.com/api/v1/push
            name: mimir
            headers: {X-Scope-OrgID: team-a}
            queue_config: {max_shards: 10, capacity: 2500}
            basic_auth: {username: u, password: p}
            write_relabel_configs:
              - {source_labels: [__name__], regex: 'go_.*', action: drop}
        """
        let config = try load(yaml).config
        #expect(config.alerting.alertRelabelConfigs.map(\.action) == [.labeldrop])
        let am = try #require(config.alerting.alertmanagers.first)
        #expect(am.staticConfigs == [StaticConfig(targets: ["127.0.0.1:9093"])])
        #expect(am.pathPrefix == "/am" && am.timeout == .seconds(5) && am.scheme == "http")
        let rw = try #require(config.remoteWrite.first)
        #expect(rw.name == "mimir" && rw.headers == ["X-Scope-OrgID": "team-a"])
        #expect(rw.queue.maxShards == 10 && rw.queue.capacity == 2500 && rw.queue.minShards == 1)
        #expect(rw.http.basicAuth == BasicAuth(username: "u", password: "p"))
        #expect(rw.writeRelabelConfigs.map(\.action) == [.drop])
    }

    @Test(arguments: Testdata.files(in: "good"))
    func goodFile(_ name: String) throws {
        let loaded = try ConfigLoader.load(file: Testdata.path("good/\(name)"), environment: [:])
        #expect(loaded.config.file.hasSuffix(name))
        _ = try RuleFileLoader.loadAll(for: loaded.config)
    }

    /// The YAML examples of docs/configuration.md load, so the reference cannot drift.
    @Test func documentationExamplesLoad() throws {
        let doc = try String(contentsOfFile: Testdata.repositoryRoot + "/docs/configuration.md", encoding: .utf8)
        let blocks = doc.components(separatedBy: "```yaml\n").dropFirst().map { $0.components(separatedBy: "```")[0] }
        #expect(blocks.count >= 5)
        for block in blocks {
            do {
                _ = try ConfigLoader.parse(yaml: block, file: "docs/configuration.md", environment: [:])
            } catch {
                Issue.record("example does not load: \(error)\n\(block)")
            }
        }
    }
}

/// docs/configuration.md names every key the loader accepts.
struct DocumentationCoverageTests {
    static let keyLists: [(String, [String])] = [
        ("top level", ConfigDecoder.topLevelKeys), ("global", ConfigDecoder.globalKeys),
        ("scrape config", ConfigDecoder.scrapeKeys), ("relabel config", ConfigDecoder.relabelKeys),
        ("alertmanager", ConfigDecoder.alertmanagerKeys), ("remote write", ConfigDecoder.remoteWriteKeys),
        ("queue config", ConfigDecoder.queueKeys), ("web", ConfigDecoder.webKeys),
        ("rule group", ConfigDecoder.ruleGroupKeys), ("rule", ConfigDecoder.ruleKeys),
        ("route", ConfigDecoder.routeKeys), ("receiver", ConfigDecoder.receiverKeys),
        ("storage", ["path", "retention.time", "retention.size", "series_retention", "selector"]),
        ("push", ["default_ttl", "interval"]),
        ("static/file sd", ["targets", "labels", "files", "refresh_interval"]),
        ("http", ["username", "password", "password_file", "type", "credentials", "credentials_file", "ca_file",
                  "cert_file", "key_file", "server_name", "insecure_skip_verify"]),
        ("notifications", ["global.resolve_timeout", "global.slack_api_url", "global.http_config", "inhibit_rules", "templates",
                           "source_matchers", "target_matchers", "equal", "source_match_re", "target_match_re",
                           "url", "send_resolved", "max_alerts", "timeout", "http_config", "api_url", "channel", "username",
                           "title", "title_link", "text", "color", "icon_emoji", "icon_url", "webhook_url", "summary"]),
    ]

    @Test(arguments: keyLists)
    func everyKeyIsDocumented(_ section: String, _ keys: [String]) throws {
        let doc = try String(contentsOfFile: Testdata.repositoryRoot + "/docs/configuration.md", encoding: .utf8)
        for key in keys {
            #expect(doc.contains("`\(key)`"), "\(section) key \(key) is not in docs/configuration.md")
        }
    }
}

struct DocumentWarningTests {
    @Test func laterDocumentsAreIgnoredWithAWarning() throws {
        let loaded = try ConfigLoader.parse(yaml: "global:\n  query_log_file: q\n---\nglobal: {scrape_interval: 1s}\n", file: "v.yml")
        #expect(loaded.config.global.scrapeInterval == .seconds(60))
        #expect(loaded.warnings.map(\.description) == [
            "v.yml:2:3: warning: query_log_file is ignored by Vigil (queries are not logged to a file)",
            "v.yml:4:1: warning: only the first YAML document of a file is read; the others are ignored",
        ])
    }
}

/// The configuration built into the binary matches config/vigil.yml and its rule files.
struct BuiltInConfigTests {
    private func withoutLocations(_ groups: [RuleGroupConfig]) -> [RuleGroupConfig] {
        groups.map { group in
            var group = group
            group.location = nil
            group.rules = group.rules.map { rule in
                var rule = rule
                rule.location = nil
                rule.exprLocation = nil
                return rule
            }
            return group
        }
    }

    @Test func builtInMatchesTheDefaultFile() throws {
        let builtIn = try ConfigLoader.loadDefault()
        #expect(builtIn.warnings.isEmpty)
        #expect(builtIn.config.file == "<built-in>")
        let file = try ConfigLoader.load(file: Testdata.repositoryRoot + "/config/vigil.yml", environment: [:]).config
        #expect(builtIn.config.global == file.global)
        #expect(builtIn.config.scrapeConfigs.map { var c = $0; c.location = nil; return c }
            == file.scrapeConfigs.map { var c = $0; c.location = nil; return c })
        #expect(builtIn.config.storage == file.storage)
        let fileGroups = try RuleFileLoader.loadAll(for: file).files.flatMap(\.groups).sorted { $0.name < $1.name }
        #expect(withoutLocations(builtIn.config.ruleGroups).sorted { $0.name < $1.name } == withoutLocations(fileGroups))
    }
}
