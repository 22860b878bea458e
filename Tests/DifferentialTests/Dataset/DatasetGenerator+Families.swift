import Foundation
import VigilModel

extension DatasetGenerator {
    /// Four API instances: one steady, one restarting at 77 m (counter reset, new version),
    /// one gone at 130 m, one arriving at 40 m.
    struct Instance {
        var name: String
        var from: Double
        var until: Double
        var restarts: [Double] = []
    }

    static let apiInstances = [
        Instance(name: "10.0.0.1:8080", from: 0, until: 180),
        Instance(name: "10.0.0.2:8080", from: 0, until: 180, restarts: [77.25]),
        Instance(name: "10.0.0.3:8080", from: 0, until: 130),
        Instance(name: "10.0.0.4:8080", from: 40, until: 180),
    ]

    static let latencyBounds = ["0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1.0", "2.5", "5.0", "10.0", "+Inf"]

    // MARK: - Web service

    static func webFamilies(_ root: SeededRandom) -> [Dataset.Family] {
        var requests: [Dataset.Metric] = []
        var latency: [Dataset.Metric] = []
        var up: [Dataset.Metric] = []
        var buildInfo: [Dataset.Metric] = []
        for instance in apiInstances {
            let schedule = scrape(instance.from, instance.until)
            let resets = instance.restarts.map { at($0) }
            for method in ["GET", "POST", "DELETE"] {
                for path in ["/api/v1/users", "/api/v1/orders", "/healthz"] {
                    for status in ["200", "404", "500"] {
                        let labels = [Label("instance", instance.name), Label("job", "api"), Label("method", method),
                                      Label("path", path), Label("status", status)]
                        var random = root.derived("requests\(labels)")
                        let share = status == "200" ? 1.0 : status == "404" ? 0.1 : 0.02
                        let base = random.uniform(0.05...12) * share * (method == "GET" ? 3 : 1)
                        let initial = instance.from == 0 ? (base * random.uniform(3_600...90_000)).rounded(.down) : 0
                        requests.append(counter(labels, schedule, random, initial: initial, resets: resets) { seconds, random in
                            (base * seconds * random.uniform(0.5...1.5)).rounded(.down)
                        })
                    }
                }
            }
            for path in ["/api/v1/users", "/api/v1/orders"] {
                let labels = [Label("instance", instance.name), Label("job", "api"), Label("path", path)]
                var random = root.derived("latency\(labels)")
                let rate = random.uniform(0.5...4)
                let mu = path == "/api/v1/users" ? -3.0 : -1.5
                let warmUp = instance.from == 0 ? random.uniform(1_800...7_200) : 0
                latency.append(histogram(labels, bounds: latencyBounds, schedule, random, warmUp: warmUp, resets: resets) { seconds, random in
                    let n = Int((rate * seconds * random.uniform(0.5...1.5)).rounded())
                    return (0..<n).map { _ in logNormal(mu: mu, sigma: 1.1, &random) }
                })
            }
            let upLabels = [Label("instance", instance.name), Label("job", "api")]
            up.append(gauge(upLabels, schedule, root.derived("up\(instance.name)")) { t, _ in
                // Instance 3 fails its scrapes for the 20 minutes before it disappears;
                // instance 2 is down for a minute around its restart.
                if instance.name == "10.0.0.3:8080", t >= at(110) { return 0 }
                if let restart = instance.restarts.first, t >= at(restart - 1), t < at(restart) { return 0 }
                return 1
            })
            // A restart brings a new version: one build_info series ends, another begins.
            var versions = [(instance.from, instance.restarts.first ?? instance.until, "1.4.2")]
            if let restart = instance.restarts.first { versions.append((restart, instance.until, "1.5.0")) }
            for (from, until, version) in versions {
                let labels = [Label("goversion", "go1.21.5"), Label("instance", instance.name), Label("job", "api"),
                              Label("version", version)]
                buildInfo.append(gauge(labels, scrape(from, until), root.derived("build\(labels)")) { _, _ in 1 })
            }
        }
        for (job, instances) in [("node", ["node-a:9100", "node-b:9100"]), ("batch", ["batch-1:9091", "batch-2:9091"])] {
            for name in instances {
                let labels = [Label("instance", name), Label("job", job)]
                up.append(gauge(labels, scrape(), root.derived("up\(name)")) { t, _ in
                    name == "batch-2:9091" && t > at(95) && t < at(125) ? 0 : 1
                })
            }
        }

        var rpc: [Dataset.Metric] = []
        for service in ["auth", "billing", "search"] {
            let labels = [Label("service", service)]
            var random = root.derived("rpc\(service)")
            let schedule = scrape()
            // Running for a while already, except `auth`, which starts with nothing.
            var count = service == "auth" ? 0 : Double(random.integer(10_000...50_000))
            let base = random.uniform(0.01...0.2)
            var sum = count * base
            let points = schedule.timestamps(&random).map { t -> Dataset.Point in
                // `auth` serves nothing in its first 10 minutes: its quantiles are NaN.
                let idle = service == "auth" && t < at(10)
                let n = idle ? 0 : Double(random.integer(5...60))
                count += n
                sum += n * base * random.uniform(0.8...1.3)
                var lines = [("0.5", 1.0), ("0.9", 2.5), ("0.99", 6.0)].map { quantile, factor in
                    Dataset.Line(suffix: "", extraLabel: Label(LabelName.quantile, quantile),
                                 value: idle ? .nan : base * factor * random.uniform(0.9...1.1))
                }
                lines.append(.init(suffix: "_count", value: count))
                lines.append(.init(suffix: "_sum", value: sum))
                return Dataset.Point(timestamp: t, lines: lines)
            }
            rpc.append(Dataset.Metric(labels: labels, points: points))
        }

        var recorded: [Dataset.Metric] = []
        for job in ["api", "batch"] {
            recorded.append(gauge([Label("job", job)], scrape(), root.derived("recorded\(job)")) { t, random in
                let phase = Double(t - start) / Double(hour)
                return (50 + 30 * sin(phase * 2) + random.uniform(-2...2)).rounded() / 4
            })
        }

        return [
            .init(name: "http_requests", type: .counter, help: "Requests served, by method, path and status.", metrics: requests),
            .init(name: "http_request_duration_seconds", type: .histogram, help: "Request latency.", metrics: latency),
            .init(name: "rpc_duration_seconds", type: .summary, help: "RPC latency \"quantiles\" \\ per service.", metrics: rpc),
            .init(name: "up", type: .gauge, help: "Whether the last scrape succeeded.", metrics: up),
            .init(name: "build_info", type: .gauge, help: "Build of the running binary.", metrics: buildInfo),
            .init(name: "app:request_rate:5m", type: .gauge, help: "A recording-rule style name.", metrics: recorded),
        ]
    }

    // MARK: - Nodes

    static func nodeFamilies(_ root: SeededRandom) -> [Dataset.Family] {
        var cpu: [Dataset.Metric] = []
        var memory: [Dataset.Metric] = []
        var filesystem: [Dataset.Metric] = []
        for node in ["node-a:9100", "node-b:9100"] {
            // node-b reboots at 150 m: its CPU counters restart from zero.
            let resets = node == "node-b:9100" ? [at(150.5)] : []
            for core in ["0", "1"] {
                for (mode, share) in [("idle", 0.7), ("user", 0.2), ("system", 0.07), ("iowait", 0.03)] {
                    let labels = [Label("cpu", core), Label("instance", node), Label("job", "node"), Label("mode", mode)]
                    let uptime = node == "node-a:9100" ? 864_000.0 : 123_456.0
                    cpu.append(counter(labels, scrape(), root.derived("cpu\(labels)"), initial: uptime * share, resets: resets) { seconds, random in
                        seconds * share * random.uniform(0.7...1.3)
                    })
                }
            }
            let memoryLabels = [Label("instance", node), Label("job", "node")]
            var level = 4.0e9
            memory.append(gauge(memoryLabels, scrape(), root.derived("memory\(node)")) { _, random in
                level = max(1e8, level + (random.uniform(-5e7...5e7)).rounded())
                return level
            })
            for (mount, drain) in [("/", 2.0e5), ("/var", 4.0e6), ("/home", 0.0)] {
                let labels = [Label("fstype", "ext4"), Label("instance", node), Label("job", "node"), Label("mountpoint", mount)]
                filesystem.append(gauge(labels, scrape(), root.derived("fs\(labels)")) { t, random in
                    (1.2e11 - drain * Double(t - start) / 1000 + random.uniform(-1e6...1e6)).rounded()
                })
            }
        }
        return [
            .init(name: "node_cpu_seconds", type: .counter, help: "CPU time per mode.", metrics: cpu),
            .init(name: "node_memory_available_bytes", type: .gauge, help: "Available memory.", metrics: memory),
            .init(name: "node_filesystem_avail_bytes", type: .gauge, help: "Free bytes per filesystem.", metrics: filesystem),
        ]
    }
}
