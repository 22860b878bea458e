import Foundation
import Logging
import Metrics
import VigilConfig
import VigilModel

/// Watches the files of one `file_sd_configs` entry and reports their target groups.
///
/// As Prometheus' file discovery: files are re-read when they change and every
/// `refresh_interval` regardless; a file that fails to read or parse keeps its previous
/// groups (and the error is logged); a file that disappears loses its groups. Changes are
/// noticed by polling each matched file's size, modification time and inode every
/// `watchInterval` (portable, and reliable on bind mounts where inotify is not).
public struct FileDiscovery: Sendable {
    public let config: FileSDConfig
    /// Directory relative globs resolve against (the config file's folder).
    public let baseDirectory: String
    public let watchInterval: Duration
    let logger: Logger

    public init(config: FileSDConfig, baseDirectory: String, watchInterval: Duration = .seconds(1), logger: Logger) {
        self.config = config
        self.baseDirectory = baseDirectory
        self.watchInterval = watchInterval
        self.logger = logger
    }

    /// What the discovery remembers between reads.
    public struct State: Sendable {
        /// Groups of each file as last read successfully.
        var groups: [String: [TargetGroup]] = [:]
        var stamps: [String: FileStamp] = [:]
        public init() {}

        /// Every group of every file, in file then group order.
        public var allGroups: [TargetGroup] {
            groups.keys.sorted().flatMap { groups[$0]! }
        }
    }

    /// What identifies a version of a file without reading it.
    struct FileStamp: Sendable, Hashable {
        var size: Int64
        var modified: Double
        var inode: UInt64
    }

    /// Paths matching the configured globs now.
    public func matchedFiles() -> [String] {
        var seen = Set<String>()
        var files: [String] = []
        for pattern in config.files {
            do {
                files += try Glob.expand(pattern, relativeTo: baseDirectory)
            } catch {
                logger.error("file_sd: error expanding glob", metadata: ["glob": "\(pattern)", "error": "\(error)"])
            }
        }
        return files.filter { FileSDParser.isSupported($0) && seen.insert($0).inserted }
    }

    /// Whether any matched file was added, removed or changed since `state` was taken.
    public func changed(since state: State) -> Bool {
        let files = matchedFiles()
        if Set(files) != Set(state.stamps.keys) { return true }
        return files.contains { Self.stamp($0) != state.stamps[$0] }
    }

    /// Reads every matched file into `state`; returns whether the groups changed.
    @discardableResult
    public func refresh(_ state: inout State) -> Bool {
        let before = state.groups
        let files = matchedFiles()
        var stamps: [String: FileStamp] = [:]
        var groups: [String: [TargetGroup]] = [:]
        for file in files {
            stamps[file] = Self.stamp(file)
            do {
                guard let data = FileManager.default.contents(atPath: file) else {
                    throw FileSDError(file: file, message: "cannot read file")
                }
                groups[file] = try FileSDParser.parse(Array(data), path: file)
            } catch {
                Self.readErrors.increment()
                logger.error("file_sd: error reading file", metadata: ["path": "\(file)", "error": "\(error)"])
                // As Prometheus: keep the file's previous groups rather than dropping its targets.
                if let previous = state.groups[file] { groups[file] = previous }
            }
        }
        state.groups = groups
        state.stamps = stamps
        return groups != before
    }

    /// Reads the files, reports the groups, then re-reads on change or every
    /// `refresh_interval` until the task is cancelled. `update` receives the complete
    /// list of this discovery's groups (first call always, later calls only on change).
    public func run(clock: some Clock<Duration>, update: @Sendable ([TargetGroup]) async -> Void) async {
        var state = State()
        refresh(&state)
        await update(state.allGroups)
        var sinceRefresh: Duration = .zero
        while !Task.isCancelled {
            do { try await clock.sleep(for: watchInterval) } catch { return }
            sinceRefresh += watchInterval
            guard sinceRefresh >= config.refreshInterval || changed(since: state) else { continue }
            sinceRefresh = .zero
            if refresh(&state) { await update(state.allGroups) }
        }
    }

    static let readErrors = Counter(label: "vigil_sd_file_read_errors_total")

    static func stamp(_ path: String) -> FileStamp? {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path) else { return nil }
        return FileStamp(
            size: (attributes[.size] as? NSNumber)?.int64Value ?? -1,
            modified: (attributes[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0,
            inode: (attributes[.systemFileNumber] as? NSNumber)?.uint64Value ?? 0)
    }
}
