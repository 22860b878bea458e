import Foundation
import VigilModel

extension DatasetGenerator {
    // MARK: - Queues and workers: series that start, stop, pause and wander

    static func queueFamilies(_ root: SeededRandom) -> [Dataset.Family] {
        var depth: [Dataset.Metric] = []
        // (queue, schedule, extra labels): each queue is one shape of presence over time.
        let shapes: [(String, Schedule, [Label])] = [
            ("q0", scrape(), [Label("priority", "high")]),
            ("q1", scrape(60, 180), [Label("priority", "high")]),               // starts late
            ("q2", scrape(0, 90), []),                                           // stops early
            ("q3", Schedule(from: at(0), until: at(180), gaps: [at(50)..<at(70)]), []),     // 20 m gap
            ("q4", Schedule(from: at(0), until: at(180), gaps: [at(100)..<at(106.5)]), []), // gap just over 5 m
            ("q5", Schedule(from: at(0), until: at(180), gaps: [at(30)..<at(34)]), []),     // gap under 5 m
            ("q6", Schedule(from: at(0), until: at(180), irregular: 1_000...90_000), []),   // irregular
            ("q7", Schedule(from: at(20), until: at(140), interval: 40 * minute), []),      // three samples
            ("q8", scrape(), []),                                                // constant
            ("q9", scrape(45, 135), [Label("priority", "low")]),                 // late and early
        ]
        for (queue, schedule, extra) in shapes {
            let labels = [Label("queue", queue)] + extra
            var level = 10.0
            depth.append(gauge(labels, schedule, root.derived("queue\(queue)")) { _, random in
                if queue == "q8" { return 7 }
                level = max(0, level + Double(random.integer(-3...3)))
                return level
            })
        }

        var processed: [Dataset.Metric] = []
        for worker in ["w0", "w1", "w2", "w3", "w4", "w5"] {
            let labels = [Label("worker", worker)]
            let random = root.derived("worker\(worker)")
            switch worker {
            case "w1": // resets to zero every 20 minutes
                processed.append(counter(labels, scrape(), random, initial: 1_234, resets: stride(from: 20.0, to: 180, by: 20).map { at($0) }) { s, r in
                    (s * r.uniform(0...2)).rounded()
                })
            case "w2": // a reset that does not go to zero
                processed.append(counter(labels, scrape(), random, initial: 20_000, resets: [at(66.6), at(150)], restartValue: 3) { s, r in
                    (s * r.uniform(0...1)).rounded()
                })
            case "w3": // irregular scrapes
                processed.append(counter(labels, Schedule(from: at(0), until: at(180), irregular: 5_000...60_000), random, initial: 777) { s, r in
                    (s * r.uniform(0...3)).rounded()
                })
            case "w4": // fractional increments
                processed.append(counter(labels, scrape(), random, initial: 98_765.4321) { s, r in s * r.uniform(0.1...0.9) })
            case "w5": // never moves
                processed.append(counter(labels, scrape(), random, initial: 500) { _, _ in 0 })
            default:
                processed.append(counter(labels, scrape(), random, initial: 54_321) { s, r in (s * r.uniform(0.5...1.5)).rounded() })
            }
        }

        var sparse: [Dataset.Metric] = []
        for (id, range) in [("e1", Int64(3)...Int64(10)), ("e2", 6...15), ("e3", 1...4)] {
            let schedule = Schedule(from: at(5), until: at(175), irregular: (range.lowerBound * minute)...(range.upperBound * minute))
            sparse.append(counter([Label("id", id)], schedule, root.derived("sparse\(id)"), initial: 1_000) { _, r in Double(r.integer(1...5)) })
        }

        var lastSuccess: [Dataset.Metric] = []
        for (job, every) in [("hourly", 60.0), ("nightly", 170.0)] {
            lastSuccess.append(gauge([Label("job", job)], scrape(), root.derived("batch\(job)")) { t, _ in
                let done = floor(Double(t - start) / (every * 60_000)) * every * 60 + 1_704_060_000
                return done
            })
        }

        return [
            .init(name: "queue_depth", type: .gauge, help: "Items waiting.", metrics: depth),
            .init(name: "jobs_processed", type: .counter, help: "Jobs done per worker.", metrics: processed),
            .init(name: "sparse_events", type: .counter, help: "Rare events.", metrics: sparse),
            .init(name: "batch_last_success_timestamp_seconds", type: .gauge, help: "Last success.", metrics: lastSuccess),
        ]
    }

    // MARK: - Values and labels that break naive implementations

    /// Label values a naive encoder, regex or parser gets wrong. No value is empty:
    /// Prometheus' backfill keeps `a=""` as a stored label while every scrape drops it,
    /// so an empty value tests the importer, not PromQL.
    static let oddLabelValues: [(String, String)] = [
        ("quote", #"say "hi""#),
        ("backslash", #"C:\path\to"#),
        ("trailing_backslash", #"ends\"#),
        ("newline", "line1\nline2"),
        ("tab", "a\tb"),
        ("unicode", "ünïcödé"),
        ("cjk", "日本語"),
        ("emoji", "rocket 🚀"),
        ("space", " "),
        ("null", "null"),
        ("zero", "0"),
        ("quotes_only", #""""#),
        ("braces", "{}"),
        ("comma_equals", "a=b,c=d"),
        ("regex_chars", ".*+?()[]|^$"),
        ("dots", "..."),
    ]

    static func edgeCaseFamilies(_ root: SeededRandom) -> [Dataset.Family] {
        var odd: [Dataset.Metric] = []
        for (index, (kind, value)) in oddLabelValues.enumerated() {
            odd.append(gauge([Label("kind", kind), Label("value", value)], scrape(), root.derived("odd\(kind)")) { _, _ in
                Double(index + 1)
            })
        }

        var special: [Dataset.Metric] = []
        let cycle: [Double] = [1, .nan, .infinity, -.infinity, -1, 0, 2.5]
        let cases: [(String, (Timestamp, inout SeededRandom) -> Double)] = [
            ("nan", { _, _ in .nan }),
            ("pos_inf", { _, _ in .infinity }),
            ("neg_inf", { _, _ in -.infinity }),
            ("mixed", { t, _ in cycle[Int((t - start) / 15_000) % cycle.count] }),
            ("zero", { _, _ in 0 }),
            ("neg_zero", { _, _ in -0.0 }),
            ("tiny", { _, r in Double.leastNonzeroMagnitude * Double(r.integer(1...3)) }),
            ("huge", { _, r in 1.5e308 + Double(r.integer(0...1)) * 1e307 }),
            ("fraction", { _, r in Double(r.integer(1...1000)) / 7 }),
        ]
        for (name, value) in cases {
            special.append(gauge([Label("case", name)], scrape(), root.derived("special\(name)"), value: value))
        }

        var temperature: [Dataset.Metric] = []
        for room in ["attic", "kitchen", "lab", "server_room"] {
            for sensor in ["a", "b"] {
                let labels = [Label("room", room), Label("sensor", sensor)]
                temperature.append(gauge(labels, scrape(), root.derived("temp\(labels)")) { t, r in
                    let hours = Double(t - start) / Double(hour)
                    if room == "lab", sensor == "b", r.chance(0.05) { return .nan }
                    if room == "attic", sensor == "a", r.chance(0.02) { return r.chance(0.5) ? .infinity : -.infinity }
                    if room == "server_room", sensor == "a" { return 21.5 }
                    let base = room == "attic" ? -2.0 : room == "kitchen" ? 22 : 19
                    return (base + 4 * sin(hours * 1.3) + r.uniform(-0.5...0.5) * 100).rounded() / 100
                })
            }
        }

        var labelSource: [Dataset.Metric] = []
        for (index, src) in ["foo-bar-123", "alpha_beta", "a.b.c", "x:y:z", "UPPER-lower", "ünï-cödé"].enumerated() {
            labelSource.append(gauge([Label("id", "\(index)"), Label("src", src)], scrape(), root.derived("src\(src)")) { _, _ in
                Double(index * 10)
            })
        }

        // Buckets that are not a proper histogram: no +Inf bucket, or not monotonic.
        var legacy: [Dataset.Metric] = []
        for (kind, bounds) in [("no_inf", ["0.1", "0.5", "1.0"]), ("nonmonotonic", ["0.1", "0.5", "1.0", "+Inf"])] {
            for bound in bounds {
                let labels = [Label("kind", kind), Label("le", bound)]
                let rank = Double(bounds.firstIndex(of: bound)!)
                legacy.append(gauge(labels, scrape(), root.derived("legacy\(labels)")) { t, r in
                    let minutes = Double(t - start) / Double(minute)
                    if kind == "nonmonotonic", bound == "0.5", Int(minutes) % 7 == 0 { return minutes * 10 - 5 }
                    return (minutes * 10 * (rank + 1)).rounded() + Double(r.integer(0...1))
                })
            }
        }

        // Two metrics whose label sets collide once the name is dropped.
        let dupA = gauge([Label("x", "1")], scrape(), root.derived("dup_a")) { _, _ in 1 }
        let dupB = gauge([Label("x", "1")], scrape(), root.derived("dup_b")) { _, _ in 2 }

        // Many labels, some with leading underscores and digits in the name.
        var wide: [Dataset.Metric] = []
        for index in 0..<4 {
            let labels = [Label("_leading", "u\(index)"), Label("a", "\(index % 2)"), Label("b", "\(index % 3)"),
                          Label("c9", "c"), Label("d", "d\(index)"), Label("e", "same"), Label("f", index == 3 ? "x" : "y")]
            wide.append(gauge(labels, scrape(), root.derived("wide\(index)")) { _, r in Double(r.integer(0...100)) })
        }

        return [
            .init(name: "odd_labels", type: .gauge, help: "Label values with quotes, \\ and unicode.", metrics: odd),
            .init(name: "special_values", type: .gauge, help: "NaN, infinities, signed zero, extremes.", metrics: special),
            .init(name: "temperature_celsius", type: .gauge, help: "Temperatures, some broken.", metrics: temperature),
            .init(name: "label_source", type: .gauge, help: "Values to take apart with label_replace.", metrics: labelSource),
            .init(name: "legacy_latency_bucket", type: .unknown, help: "Buckets without a histogram type.", metrics: legacy),
            .init(name: "dup_a", type: .gauge, help: "Collides with dup_b.", metrics: [dupA]),
            .init(name: "dup_b", type: .gauge, help: "Collides with dup_a.", metrics: [dupB]),
            .init(name: "wide_labels", type: .gauge, help: "Many labels.", metrics: wide),
        ]
    }
}
