import Foundation
import Hummingbird
import VigilStorage

/// `POST|PUT /api/v1/admin/tsdb/snapshot`, as Prometheus' admin API: writes a consistent
/// copy of the store to `<data>/snapshots/<name>/vigil.db` while Vigil keeps running, and
/// answers `{"name": "<name>"}`. The copy is a complete data directory: start a Vigil with
/// `--data` pointing at it, or copy it off the machine.
struct SnapshotAPI {
    let storage: Storage
    let dataDirectory: String

    func register(on router: Router<some RequestContext>) {
        for method in [HTTPRequest.Method.post, .put] {
            router.on("/api/v1/admin/tsdb/snapshot", method: method) { _, _ in
                let name = Self.snapshotName(at: Date())
                let directory = "\(dataDirectory)/snapshots/\(name)"
                do {
                    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
                } catch {
                    return APIResponse.error(APIError(.internal, "cannot create \(directory): \(error.localizedDescription)"))
                }
                do {
                    try await storage.backup(to: directory + "/vigil.db")
                } catch {
                    try? FileManager.default.removeItem(atPath: directory)
                    return APIResponse.error(APIError(.internal, "create snapshot: \(error)"))
                }
                return APIResponse.success("{\"name\":\(JSONString.quoted(name))}")
            }
        }
    }

    /// Prometheus' snapshot names: UTC time and a random suffix, `20261124T120000Z-1a2b3c4d5e6f7a8b`.
    static func snapshotName(at date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
        let suffix = String(UInt64.random(in: 0...UInt64.max), radix: 16)
        return formatter.string(from: date) + "-" + String(repeating: "0", count: 16 - suffix.count) + suffix
    }
}
