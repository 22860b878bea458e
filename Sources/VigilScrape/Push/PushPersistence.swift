import Foundation
import VigilModel

/// Saves and restores pushed groups as one JSON file, replaced atomically (written beside
/// it, then renamed), so a crash leaves either the old or the new file.
struct PushPersistence: Sendable {
    let path: String

    private struct File: Codable {
        var version = 1
        var groups: [Group]
    }

    private struct Group: Codable {
        var labels: [String: String]
        var pushTime: Int64?
        var pushFailureTime: Int64?
        var ttlMilliseconds: Int64?
        var families: [Family]
    }

    private struct Family: Codable {
        var name: String
        var type: String
        var help: String
        var unit: String
        var samples: [Sample]
    }

    private struct Sample: Codable {
        var labels: [String: String]
        /// Text, so infinities survive JSON.
        var value: String
        /// A NaN's exact bits (Prometheus distinguishes its NaNs).
        var nanBits: UInt64?

        init(labels: [String: String], value: Double) {
            self.labels = labels
            self.value = String(value)
            nanBits = value.isNaN ? value.bitPattern : nil
        }

        var double: Double {
            if let nanBits { return Double(bitPattern: nanBits) }
            return Double(value) ?? .nan
        }
    }

    /// The stored groups; none when the file does not exist.
    func load() throws -> [PushGroup] {
        guard FileManager.default.fileExists(atPath: path) else { return [] }
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        let file = try JSONDecoder().decode(File.self, from: data)
        return file.groups.map { stored in
            var group = PushGroup(groupingKey: stored.labels)
            group.pushTime = stored.pushTime
            group.pushFailureTime = stored.pushFailureTime
            group.ttl = stored.ttlMilliseconds.map { .milliseconds($0) }
            for family in stored.families {
                group.families[family.name] = PushedFamily(
                    name: family.name, type: MetricType(rawValue: family.type) ?? .unknown, help: family.help, unit: family.unit,
                    samples: family.samples.map { PushedSample(labels: Labels($0.labels), value: $0.double) })
            }
            return group
        }
    }

    /// Replaces the file with `groups`. Blocking file I/O (a small file).
    func save(_ groups: [PushGroup]) throws {
        let file = File(groups: groups.map { group in
            Group(
                labels: group.groupingKey, pushTime: group.pushTime, pushFailureTime: group.pushFailureTime,
                ttlMilliseconds: group.ttl?.inMilliseconds,
                families: group.families.keys.sorted().map { name in
                    let family = group.families[name]!
                    return Family(
                        name: family.name, type: family.type.rawValue, help: family.help, unit: family.unit,
                        samples: family.samples.map { sample in
                            Sample(labels: Dictionary(uniqueKeysWithValues: sample.labels.pairs.map { ($0.name, $0.value) }), value: sample.value)
                        })
                })
        })
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data = try encoder.encode(file)
        let url = URL(fileURLWithPath: path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try data.write(to: url, options: .atomic)
    }
}
