import VigilModel

extension DemoWorkload {
    /// The Content-Type of `exposition()`, as prometheus_client's `CONTENT_TYPE_LATEST`.
    public static let contentType = "text/plain; version=0.0.4; charset=utf-8"

    /// The service's `/metrics` as prometheus_client's `generate_latest` writes it: the
    /// walkthrough's HELP texts, labels sorted, `_created` series, Go-style floats.
    public func exposition() -> String {
        var out = ""
        out.reserveCapacity(16_384)
        let processStart = Double(start) / 1000
        out += """
            # HELP python_info Python platform information
            # TYPE python_info gauge
            python_info{implementation="CPython",major="3",minor="11",patchlevel="7",version="3.11.7"} 1.0
            # HELP process_virtual_memory_bytes Virtual memory size in bytes.
            # TYPE process_virtual_memory_bytes gauge
            process_virtual_memory_bytes \(Self.goFloat(1_482_752_000))
            # HELP process_resident_memory_bytes Resident memory size in bytes.
            # TYPE process_resident_memory_bytes gauge
            process_resident_memory_bytes \(Self.goFloat(Double(412_000_000 + Int(cpuSeconds * 1000) % 9_000_000)))
            # HELP process_start_time_seconds Start time of the process since unix epoch in seconds.
            # TYPE process_start_time_seconds gauge
            process_start_time_seconds \(Self.goFloat(processStart))
            # HELP process_cpu_seconds_total Total user and system CPU time spent in seconds.
            # TYPE process_cpu_seconds_total counter
            process_cpu_seconds_total \(Self.goFloat((cpuSeconds * 100).rounded() / 100))
            # HELP process_open_fds Number of open file descriptors.
            # TYPE process_open_fds gauge
            process_open_fds 23.0
            # HELP process_max_fds Maximum number of open file descriptors.
            # TYPE process_max_fds gauge
            process_max_fds 1.048576e+06

            """
        let requestKeys = requests.keys.sorted()
        out += "# HELP http_requests_total Gesamtanzahl HTTP‑Anfragen\n# TYPE http_requests_total counter\n"
        for key in requestKeys {
            out += "http_requests_total{method=\"\(key.method)\",path=\"\(key.path)\",status=\"\(key.status)\"} \(Self.goFloat(requests[key]!.count))\n"
        }
        out += "# HELP http_requests_created Gesamtanzahl HTTP‑Anfragen\n# TYPE http_requests_created gauge\n"
        for key in requestKeys {
            out += "http_requests_created{method=\"\(key.method)\",path=\"\(key.path)\",status=\"\(key.status)\"} \(Self.goFloat(requests[key]!.created))\n"
        }
        let endpointKeys = latencies.keys.sorted()
        out += "# HELP http_request_latency_seconds Anfrage‑Latenz (s)\n# TYPE http_request_latency_seconds histogram\n"
        for key in endpointKeys {
            let histogram = latencies[key]!
            let labels = "method=\"\(key.method)\",path=\"\(key.path)\""
            for (index, bound) in Self.buckets.enumerated() {
                out += "http_request_latency_seconds_bucket{le=\"\(Self.goFloat(bound))\",\(labels)} \(Self.goFloat(histogram.counts[index]))\n"
            }
            out += "http_request_latency_seconds_bucket{le=\"+Inf\",\(labels)} \(Self.goFloat(histogram.count))\n"
            out += "http_request_latency_seconds_count{\(labels)} \(Self.goFloat(histogram.count))\n"
            out += "http_request_latency_seconds_sum{\(labels)} \(Self.goFloat(histogram.sum))\n"
        }
        out += "# HELP http_request_latency_seconds_created Anfrage‑Latenz (s)\n# TYPE http_request_latency_seconds_created gauge\n"
        for key in endpointKeys {
            out += "http_request_latency_seconds_created{method=\"\(key.method)\",path=\"\(key.path)\"} \(Self.goFloat(latencies[key]!.created))\n"
        }
        return out
    }

    /// The group the evaluation job pushes (to `/metrics/job/model-evaluation` on the
    /// Pushgateway-compatible API): its latest results (it runs at start, then every 5m).
    public func qualityExposition() -> String {
        let labels = "model=\"fraud-detector\",version=\"3\""
        return """
            # HELP model_accuracy Accuracy on the labelled evaluation set.
            # TYPE model_accuracy gauge
            model_accuracy{\(labels)} \(Self.goFloat((quality.accuracy * 10_000).rounded() / 10_000))
            # HELP model_recall Recall on the labelled evaluation set.
            # TYPE model_recall gauge
            model_recall{\(labels)} \(Self.goFloat((quality.recall * 10_000).rounded() / 10_000))
            # HELP model_evaluation_samples Samples in the last evaluation.
            # TYPE model_evaluation_samples gauge
            model_evaluation_samples{\(labels)} \(Self.goFloat(quality.samples))
            # HELP model_last_evaluation_timestamp_seconds When the last evaluation finished.
            # TYPE model_last_evaluation_timestamp_seconds gauge
            model_last_evaluation_timestamp_seconds{\(labels)} \(Self.goFloat(Double(quality.evaluatedAt) / 1000))

            """
    }

    /// The push path of `qualityExposition()`.
    public static let qualityPushPath = "/metrics/job/model-evaluation"

    /// Counts a scrape of `/metrics` itself, which the walkthrough's middleware also sees.
    public mutating func recordScrape(latency: Double = 0.0021) {
        record(path: "/metrics", method: "GET", status: "200", latency: latency)
    }

    /// prometheus_client's `floatToGoString`: Python's shortest repr (`3.0`, `0.12`), but
    /// Go's exponent form once there are more than six integer digits (`1.7e+09`).
    static func goFloat(_ value: Double) -> String {
        if value == .infinity { return "+Inf" }
        if value == -.infinity { return "-Inf" }
        if value.isNaN { return "NaN" }
        let text = value.description
        guard value > 0, let dot = text.firstIndex(of: "."), !text.contains("e") else { return text }
        let integerDigits = text.distance(from: text.startIndex, to: dot)
        guard integerDigits > 6 else { return text }
        let digits = text.replacingAll(".", with: "")
        var mantissa = String(digits.prefix(1)) + "." + String(digits.dropFirst())
        while mantissa.hasSuffix("0") || mantissa.hasSuffix(".") { mantissa.removeLast() }
        let exponent = integerDigits - 1
        return mantissa + "e+" + (exponent < 10 ? "0" : "") + String(exponent)
    }
}

extension String {
    /// The string with every `target` replaced.
    func replacingAll(_ target: String, with replacement: String) -> String {
        components(separatedByMarker: target).joined(separator: replacement)
    }
}
