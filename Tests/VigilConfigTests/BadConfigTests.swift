import Testing
@testable import VigilConfig

/// Broken configs: each row is the YAML and the exact `file:line:column: message` lines.
struct BadConfigTests {
    static let rows: [(String, String)] = [
        // Scrape configs.
        ("""
        scrape_configs:
          - job_name: a
          - job_name: a
        """, #"vigil.yml:3:15: found multiple scrape configs with job name "a""#),
        ("""
        scrape_configs:
          - job_name: a
            scrape_interval: 5s
            scrape_timeout: 10s
        """, #"vigil.yml:4:21: scrape timeout greater than scrape interval for scrape config with job name "a""#),
        ("""
        global:
          scrape_timeout: 2m
        scrape_configs:
          - job_name: a
            scrape_interval: 1m
            scrape_timeout: 2m
        """, """
        vigil.yml:2:19: global scrape timeout greater than scrape interval
        vigil.yml:6:21: scrape timeout greater than scrape interval for scrape config with job name "a"
        """),
        ("scrape_configs:\n  - scrape_interval: 5s\n", "vigil.yml:2:5: job_name is empty"),
        ("scrape_configs:\n  - job_name: a\n    scrape_interval: 15\n", #"vigil.yml:3:22: not a valid duration string: "15""#),
        ("scrape_configs:\n  - job_name: a\n    scrape_interval: 1h1d\n", #"vigil.yml:3:22: not a valid duration string: "1h1d""#),
        ("scrape_configs:\n  - job_name: a\n    scrape_intervall: 5s\n",
         #"vigil.yml:3:5: unknown key "scrape_intervall" in scrape_configs[0] (did you mean "scrape_interval"?)"#),
        ("scrape_configs:\n  - job_name: a\n    kubernetes_sd_configs:\n      - role: pod\n",
         "vigil.yml:3:5: kubernetes_sd_configs is not supported yet by Vigil (supported service discovery: static_configs, file_sd_configs)"),
        ("scrape_configs:\n  - job_name: a\n    static_configs:\n      - targets: ['http://a:9090/metrics']\n",
         #"vigil.yml:4:20: "http://a:9090/metrics" is not a valid hostname"#),
        ("scrape_configs:\n  - job_name: a\n    static_configs:\n      - targets: [a:1]\n        labels: {1x: y}\n",
         #"vigil.yml:5:18: "1x" is not a valid label name"#),
        ("scrape_configs:\n  - job_name: a\n    scheme: ftp\n", #"vigil.yml:3:13: scheme must be "http" or "https", got "ftp""#),
        ("scrape_configs:\n  - job_name: a\n    honor_labels: maybe\n",
         #"vigil.yml:3:19: expected a boolean (true or false), got "maybe""#),
        ("scrape_configs:\n  - job_name: a\n    sample_limit: -1\n", "vigil.yml:3:19: expected a non-negative integer, got -1"),
        ("scrape_configs:\n  - job_name: a\n    body_size_limit: 10XB\n", "vigil.yml:3:22: units: unknown unit XB in 10XB"),
        ("scrape_configs:\n  - job_name: a\n    body_size_limit: 10kB\n", "vigil.yml:3:22: units: unknown unit kB in 10kB"),
        ("scrape_configs:\n  - job_name: a\n    file_sd_configs:\n      - files: [targets.txt]\n",
         #"vigil.yml:4:17: path name "targets.txt" is not valid for file discovery"#),
        ("scrape_configs:\n  - job_name: a\n    file_sd_configs:\n      - refresh_interval: 1m\n",
         "vigil.yml:4:9: file service discovery config must contain at least one path name"),
        ("scrape_configs: {job_name: a}\n", "vigil.yml:1:17: expected a list, got a mapping"),
        ("scrape_configs:\n  - job_name: a\n    params: {module: http_2xx}\n", "vigil.yml:3:22: expected a list, got a string"),
        ("scrape_configs:\n  -\n", "vigil.yml:2:4: empty or null scrape config section"),

        // HTTP client settings.
        ("scrape_configs:\n  - job_name: a\n    bearer_token: x\n    bearer_token_file: y\n",
         "vigil.yml:4:24: at most one of bearer_token & bearer_token_file must be configured"),
        ("scrape_configs:\n  - job_name: a\n    basic_auth: {username: u}\n    authorization: {credentials: c}\n",
         "vigil.yml:4:20: at most one of basic_auth & authorization must be configured"),
        ("scrape_configs:\n  - job_name: a\n    basic_auth: {username: u}\n    bearer_token: t\n",
         "vigil.yml:4:19: at most one of basic_auth, bearer_token & bearer_token_file must be configured"),
        ("scrape_configs:\n  - job_name: a\n    authorization: {type: Basic, credentials: c}\n",
         #"vigil.yml:3:27: authorization type cannot be set to "basic", use "basic_auth" instead"#),
        ("scrape_configs:\n  - job_name: a\n    tls_config: {cert_file: c.pem}\n",
         "vigil.yml:3:17: key_file must be configured when a client certificate is configured"),
        ("scrape_configs:\n  - job_name: a\n    oauth2: {client_id: x}\n", "vigil.yml:3:5: oauth2 is not supported yet by Vigil"),
        ("scrape_configs:\n  - job_name: a\n    proxy_url: http://proxy:3128\n", "vigil.yml:3:5: proxy_url is not supported yet by Vigil"),
        ("scrape_configs:\n  - job_name: a\n    tls_config: {ca: PEM}\n", "vigil.yml:3:18: ca is not supported yet by Vigil (use ca_file)"),

        // Relabeling, as model/relabel validates it.
        ("scrape_configs:\n  - job_name: a\n    relabel_configs:\n      - source_labels: [a]\n",
         "vigil.yml:4:9: relabel configuration for replace action requires 'target_label' value"),
        ("scrape_configs:\n  - job_name: a\n    relabel_configs:\n      - {action: hashmod, target_label: t}\n",
         "vigil.yml:4:9: relabel configuration for hashmod requires non-zero modulus"),
        ("scrape_configs:\n  - job_name: a\n    relabel_configs:\n      - {action: labeldrop, source_labels: [a], regex: x}\n",
         "vigil.yml:4:18: labeldrop action requires only 'regex', and no other fields"),
        ("scrape_configs:\n  - job_name: a\n    relabel_configs:\n      - {action: keepequal, source_labels: [a], target_label: b, regex: x}\n",
         "vigil.yml:4:18: keepequal action requires only 'source_labels' and `target_label`, and no other fields"),
        ("scrape_configs:\n  - job_name: a\n    relabel_configs:\n      - {action: lowercase, source_labels: [a]}\n",
         "vigil.yml:4:9: relabel configuration for lowercase action requires 'target_label' value"),
        ("scrape_configs:\n  - job_name: a\n    relabel_configs:\n      - {action: uppercase, source_labels: [a], target_label: b, replacement: x}\n",
         "vigil.yml:4:79: 'replacement' can not be set for uppercase action"),
        ("scrape_configs:\n  - job_name: a\n    relabel_configs:\n      - {action: labelmap, regex: '__meta_(.+)', replacement: '1$1'}\n",
         #"vigil.yml:4:64: "1$1" is invalid 'replacement' for labelmap action"#),
        ("scrape_configs:\n  - job_name: a\n    relabel_configs:\n      - {target_label: 'a-b'}\n",
         #"vigil.yml:4:25: "a-b" is invalid 'target_label' for replace action"#),
        ("scrape_configs:\n  - job_name: a\n    metric_relabel_configs:\n      - {action: delete}\n",
         #"vigil.yml:4:18: unknown relabel action "delete""#),
        ("scrape_configs:\n  - job_name: a\n    metric_relabel_configs:\n      - {source_labels: [a], regex: 'a(b', action: drop}\n",
         "vigil.yml:4:38: error parsing regexp: invalid regular expression: `a(b`"),
        ("scrape_configs:\n  - job_name: a\n    relabel_configs:\n      - {source_labels: [a], regex: '(?=x)', action: drop}\n",
         "vigil.yml:4:38: error parsing regexp: invalid or unsupported Perl syntax: `(?=`: `(?=x)`"),
        ("scrape_configs:\n  - job_name: a\n    relabel_configs:\n      - {source_labels: [a.b], action: drop}\n",
         #"vigil.yml:4:26: "a.b" is not a valid label name"#),
        ("scrape_configs:\n  - job_name: a\n    relabel_configs:\n      -\n", "vigil.yml:4:8: empty or null relabeling rule"),

        // global.
        ("global:\n  external_labels:\n    1site: a\n", #"vigil.yml:3:5: "1site" is not a valid label name"#),
        ("global:\n  scrape_intervall: 15s\n",
         #"vigil.yml:2:3: unknown key "scrape_intervall" in global (did you mean "scrape_interval"?)"#),
        ("global:\n  evaluation_interval: soon\n", #"vigil.yml:2:24: not a valid duration string: "soon""#),
        ("global:\n  scrape_protocols: [PrometheusProto]\n",
         "vigil.yml:2:3: scrape_protocols is not supported yet by Vigil (Vigil negotiates the Prometheus text format and OpenMetrics itself)"),
        ("global:\n  metric_name_validation_scheme: utf8\n",
         "vigil.yml:2:3: metric_name_validation_scheme is not supported yet by Vigil (Vigil accepts classic metric and label names only)"),

        // Top level, rule files, YAML itself.
        ("remote_read:\n  - url: http://x\n", "vigil.yml:1:1: remote_read is not supported yet by Vigil"),
        ("scrape_config_files: [a.yml]\n",
         "vigil.yml:1:1: scrape_config_files is not supported yet by Vigil (write the scrape configs into scrape_configs)"),
        ("scrape_config:\n  - job_name: a\n", #"vigil.yml:1:1: unknown key "scrape_config" (did you mean "scrape_configs"?)"#),
        ("rule_file: [a.yml]\n", #"vigil.yml:1:1: unknown key "rule_file" (did you mean "rule_files"?)"#),
        ("colour: blue\n", #"vigil.yml:1:1: unknown key "colour""#),
        ("rule_files: ['rules/*/x.yml']\n", #"vigil.yml:1:15: invalid rule file path "rules/*/x.yml""#),
        ("- a\n- b\n", "vigil.yml:1:1: expected a mapping at the top of the config file, got a list"),
        ("global: [1, 2\n", "vigil.yml:2:1: yaml: did not find expected ',' or ']' (while parsing a flow sequence at 1:9)"),
        ("global:\n  scrape_interval: 1s\n  scrape_interval: 2s\n",
         #"vigil.yml:2:3: yaml: mapping key "scrape_interval" is defined more than once"#),
        ("global:\n\tscrape_interval: 1s\n",
         "vigil.yml:2:1: yaml: found character that cannot start any token (while scanning for the next token at 2:1)"),

        // alerting and remote_write.
        ("alerting:\n  alertmanagers:\n    - api_version: v1\n",
         "vigil.yml:3:20: expected Alertmanager api version to be one of [v2] but got v1"),
        ("alerting:\n  alertmanagers:\n    - consul_sd_configs: [{server: x}]\n",
         "vigil.yml:3:7: consul_sd_configs is not supported yet by Vigil (supported service discovery: static_configs, file_sd_configs)"),
        ("remote_write:\n  - name: a\n", "vigil.yml:2:5: url for remote_write is empty"),
        ("remote_write:\n  - url: http://a/api/v1/write\n    headers: {Authorization: x}\n",
         "vigil.yml:3:15: authorization header must be changed via the basic_auth or authorization parameter"),
        ("remote_write:\n  - url: http://a/w\n    queue_config: {min_shards: 10, max_shards: 5}\n",
         "vigil.yml:3:32: remote write queue min_shards must not be greater than max_shards"),
        ("remote_write:\n  - url: http://a/w\n    name: x\n  - url: http://b/w\n    name: x\n",
         #"vigil.yml:5:11: found multiple remote write configs with job name "x""#),
        ("remote_write:\n  - url: http://a/w\n    sigv4: {region: eu}\n", "vigil.yml:3:5: sigv4 is not supported yet by Vigil"),

        // Vigil's sections.
        ("storage:\n  retention:\n    time: 0s\n", "vigil.yml:3:11: storage.retention.time must be greater than 0"),
        ("storage:\n  retention:\n    size: 1.5XB\n", "vigil.yml:3:11: units: unknown unit XB in 1.5XB"),
        ("storage:\n  retention_time: 15d\n", #"vigil.yml:2:3: unknown key "retention_time" in storage"#),
        ("storage:\n  tsdb: {out_of_order_time_window: 1h}\n",
         "vigil.yml:2:3: tsdb is not supported yet by Vigil (use storage.retention)"),
        ("storage:\n  series_retention:\n    - selector: '{job=\"batch\"'\n      retention: 90d\n",
         #"vigil.yml:3:30: invalid selector "{job="batch"": unexpected end of selector inside braces"#),
        ("storage:\n  series_retention:\n    - selector: '{job=~\".*\"}'\n      retention: 90d\n",
         #"vigil.yml:3:18: invalid selector "{job=~".*"}": vector selector must contain at least one non-empty matcher"#),
        ("storage:\n  series_retention:\n    - selector: 'up{job=batch}'\n      retention: 90d\n",
         #"vigil.yml:3:25: invalid selector "up{job=batch}": expected a quoted string as label value"#),
        ("storage:\n  series_retention:\n    - selector: up\n", "vigil.yml:3:7: series_retention needs a retention, e.g. 90d"),
        ("web:\n  listen: 3000\n", #"vigil.yml:2:11: invalid listen address "3000": expected host:port, e.g. 0.0.0.0:3000"#),
        ("web:\n  external_url: vigil.example.com\n",
         #"vigil.yml:2:17: invalid external_url "vigil.example.com": expected an absolute http or https URL"#),
        ("dashboards:\n  - just a title\n", "vigil.yml:2:5: expected a mapping, got a string"),
        ("dashboard_files: 'dashboards/*.yml'\n", "vigil.yml:1:19: expected a list, got a string"),

        // notifications, as alertmanager.yml.
        ("notifications:\n  receivers:\n    - name: a\n", "vigil.yml:2:3: no route provided in config"),
        ("notifications:\n  route:\n    group_by: [job]\n  receivers:\n    - name: a\n",
         "vigil.yml:3:5: root route must specify a default receiver"),
        ("notifications:\n  route:\n    receiver: b\n  receivers:\n    - name: a\n",
         #"vigil.yml:3:15: undefined receiver "b" used in route"#),
        ("notifications:\n  route:\n    receiver: a\n    routes:\n      - receiver: c\n  receivers:\n    - name: a\n",
         #"vigil.yml:5:19: undefined receiver "c" used in route"#),
        ("notifications:\n  route: {receiver: a}\n  receivers:\n    - name: a\n    - name: a\n",
         #"vigil.yml:5:13: notification config name "a" is not unique"#),
        ("notifications:\n  route: {receiver: a, matchers: ['x=\"y\"']}\n  receivers:\n    - name: a\n",
         "vigil.yml:2:34: root route must not have any matchers"),
        ("notifications:\n  route: {receiver: a, continue: true}\n  receivers:\n    - name: a\n",
         "vigil.yml:2:34: cannot have continue in root route"),
        ("notifications:\n  route:\n    receiver: a\n    routes:\n      - matchers: ['severity=\"critical']\n  receivers:\n    - name: a\n",
         #"vigil.yml:5:21: matcher value contains unescaped double quote: "critical"#),
        ("notifications:\n  route:\n    receiver: a\n    routes:\n      - matchers: ['severity']\n  receivers:\n    - name: a\n",
         "vigil.yml:5:21: bad matcher format: severity"),
        ("notifications:\n  route: {receiver: a, group_by: ['...', job]}\n  receivers:\n    - name: a\n",
         "vigil.yml:2:36: cannot have wildcard group_by (`...`) and other labels at the same time"),
        ("notifications:\n  route: {receiver: a, group_interval: 0s}\n  receivers:\n    - name: a\n",
         "vigil.yml:2:40: group_interval cannot be zero"),
        ("notifications:\n  route: {receiver: a}\n  receivers:\n    - name: a\n      email_configs:\n        - to: ops@example.com\n",
         "vigil.yml:5:7: email_configs is not supported yet by Vigil (supported receivers: webhook_configs, slack_configs, msteams_configs, msteamsv2_configs)"),
        ("notifications:\n  route: {receiver: a}\n  receivers:\n    - name: a\n      slack_configs:\n        - channel: '#x'\n",
         "vigil.yml:6:11: no Slack API URL nor App token set either inline or in a file"),
        ("notifications:\n  route: {receiver: a}\n  receivers:\n    - name: a\n      webhook_configs:\n        - send_resolved: true\n",
         "vigil.yml:6:11: one of url or url_file must be configured"),
        ("notifications:\n  route: {receiver: a}\n  receivers:\n    - name: a\n      msteamsv2_configs:\n        - webhook_url_file: /secret\n",
         "vigil.yml:6:11: webhook_url_file is not supported yet by Vigil (use webhook_url)"),
        ("notifications:\n  route: {receiver: a}\n  receivers: [{name: a}]\n  inhibit_rules:\n    - equal: ['1x']\n",
         #"vigil.yml:5:16: invalid label name "1x" in equal list"#),
        ("notifications:\n  route: {receiver: a}\n  receivers: [{name: a}]\n  inhibit_rules:\n    - source_match_re: {a: '(x'}\n",
         "vigil.yml:5:29: error parsing regexp: invalid regular expression: `(x`"),
        ("notifications:\n  route: {receiver: a}\n  receivers: [{name: a}]\n  time_intervals: []\n",
         "vigil.yml:4:3: time_intervals is not supported yet by Vigil"),

        // Inline rule groups.
        ("rule_groups:\n  - name: g\n    rules:\n      - record: 'a b'\n        expr: up\n",
         #"vigil.yml:4:18: group "g", rule 1, "a b": invalid recording rule name: a b"#),

        // Several problems are reported together, in file order.
        ("""
        global:
          scrape_interval: fast
        scrape_configs:
          - job_name: a
            metrics_pth: /m
          - job_name: a
        """, """
        vigil.yml:2:20: not a valid duration string: "fast"
        vigil.yml:5:5: unknown key "metrics_pth" in scrape_configs[0] (did you mean "metrics_path"?)
        vigil.yml:6:15: found multiple scrape configs with job name "a"
        """),
    ]

    @Test(arguments: rows)
    func rejected(_ yaml: String, _ expected: String) {
        do {
            _ = try ConfigLoader.parse(yaml: yaml, file: "vigil.yml", environment: [:])
            Issue.record("accepted, expected: \(expected)")
        } catch {
            #expect(error.description == expected)
        }
    }

    /// Each bad file in Testdata/bad starts with `# expect: ` lines giving its errors.
    @Test(arguments: Testdata.files(in: "bad"))
    func badFile(_ name: String) throws {
        let text = try Testdata.text("bad/\(name)")
        let expected = text.split(separator: "\n").filter { $0.hasPrefix("# expect: ") }
            .map { $0.dropFirst("# expect: ".count) }.joined(separator: "\n")
        #expect(!expected.isEmpty, "bad/\(name) has no `# expect:` line")
        do {
            _ = try ConfigLoader.parse(yaml: text, file: name, environment: [:])
            Issue.record("bad/\(name) was accepted")
        } catch {
            #expect(error.description == expected)
        }
    }

    @Test func errorCarriesKeyPathAndPosition() {
        do {
            _ = try ConfigLoader.parse(yaml: "scrape_configs:\n  - job_name: a\n    scrape_interval: x\n", file: "v.yml")
            Issue.record("accepted")
        } catch {
            #expect(error.keyPath == "scrape_configs[0].scrape_interval")
            #expect(error.location == ConfigLocation(file: "v.yml", line: 3, column: 22))
            #expect(error.all.count == 1)
        }
    }

    @Test func unreadableFile() {
        do {
            _ = try ConfigLoader.load(file: Testdata.path("does-not-exist.yml"))
            Issue.record("accepted")
        } catch {
            #expect(error.line == 0)
            #expect(error.description.hasSuffix("does-not-exist.yml: cannot read file: no such file"))
        }
    }
}

/// Hostile input gets an error, never a crash.
struct HostileInputTests {
    @Test(arguments: [500, 999, 5000])
    func deepNesting(_ depth: Int) async {
        let yaml = "dashboards: " + String(repeating: "[", count: depth) + String(repeating: "]", count: depth) + "\n"
        // Run off the main thread, as a reload would.
        let task = Task.detached { () -> String in
            do {
                _ = try ConfigLoader.parse(yaml: yaml, file: "deep.yml", environment: [:])
                return "accepted"
            } catch {
                return String(describing: error)
            }
        }
        let outcome = await task.value
        #expect(outcome != "accepted")
    }

    @Test(arguments: ["\u{0}", "a: \"\\x\"", "a: b: c", ": x", "? [a]\n: b\n", "a: !!binary x\n", "&a [*a]"])
    func garbage(_ yaml: String) {
        #expect(throws: ConfigError.self) { try ConfigLoader.parse(yaml: yaml, file: "g.yml", environment: [:]) }
    }
}
