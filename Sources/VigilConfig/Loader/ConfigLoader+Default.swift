extension ConfigLoader {
    /// The name the built-in configuration is reported under.
    public static let builtInFile = "<built-in>"

    /// The configuration built into the binary, used when no config file is given or found:
    /// the same scraping and rules as the repository's `config/vigil.yml`, with the seed's
    /// rule groups inline (there is no folder to find rule files in).
    public static let builtInYAML = #"""
    # Vigil's built-in configuration (see docs/configuration.md).
    global:
      scrape_interval: 15s
      evaluation_interval: 15s

    scrape_configs:
      - job_name: vigil
        static_configs:
          - targets: ["localhost:3000"]
      - job_name: ml-service
        metrics_path: /metrics
        static_configs:
          - targets: ["localhost:8000"]

    rule_groups:
      - name: mlops-recording
        rules:
          - record: job:http_request_duration_seconds:p90
            expr: histogram_quantile(0.90, sum(rate(http_request_latency_seconds_bucket[5m])) by (le))
      - name: mlops-alerts
        rules:
          - alert: HighErrorRate
            expr: |
              (sum(rate(http_requests_total{status=~"5.."}[5m])) /
              sum(rate(http_requests_total[5m]))) > 0.05
            for: 5m
            labels:
              severity: critical
            annotations:
              summary: 5xx‑Fehlerrate über 5 %
              description: Die 5xx/s‑Rate der letzten 5 Minuten hat den Grenzwert überschritten.

    storage:
      retention:
        time: 15d
    """#

    /// Loads `builtInYAML` (reported as `<built-in>`).
    public static func loadDefault() throws(ConfigError) -> LoadedConfig {
        try parse(yaml: builtInYAML, file: builtInFile, environment: [:])
    }
}
