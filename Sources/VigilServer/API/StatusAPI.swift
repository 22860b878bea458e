import Foundation
import Hummingbird
import VigilConfig
import VigilModel
import VigilStorage

/// `/api/v1/status/{buildinfo,runtimeinfo,flags,config,tsdb}` in Prometheus' shapes.
struct StatusAPI {
    let storage: Storage
    let configManager: ConfigManager
    let startTime: Timestamp
    /// The command line as Prometheus' flags endpoint shows it (`--name` → value).
    let flags: [String: String]

    func register(on router: Router<some RequestContext>) {
        router.get("/api/v1/status/buildinfo") { _, _ in
            APIResponse.success(Self.object([
                ("version", BuildInfo.version), ("revision", BuildInfo.revision), ("branch", BuildInfo.branch),
                ("buildUser", ""), ("buildDate", ""), ("goVersion", "swift" + BuildInfo.swiftVersion),
            ]))
        }
        router.get("/api/v1/status/flags") { _, _ in
            APIResponse.success(Self.object(flags.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }))
        }
        router.get("/api/v1/status/config") { _, _ in
            let file = await configManager.current.file
            let yaml = file == ConfigLoader.builtInFile ? ConfigLoader.builtInYAML : (try? String(contentsOfFile: file, encoding: .utf8)) ?? ""
            return APIResponse.success(#"{"yaml":"# + JSONString.quoted(yaml) + "}")
        }
        router.get("/api/v1/status/runtimeinfo") { _, _ in
            let reload = await configManager.lastReload
            let config = await configManager.current
            let retention = PromDuration.format(config.storage.retentionTime.inMilliseconds)
            var out = "{"
            out += #""startTime":"# + JSONString.quoted(RFC3339.format(startTime))
            out += #","CWD":"# + JSONString.quoted(FileManager.default.currentDirectoryPath)
            out += #","reloadConfigSuccess":"# + (reload.successful ? "true" : "false")
            out += #","lastConfigTime":"# + JSONString.quoted(RFC3339.format(reload.lastSuccess))
            out += #","corruptionCount":0,"goroutineCount":0"#
            out += #","GOMAXPROCS":"# + String(ProcessInfo.processInfo.activeProcessorCount)
            out += #","GOGC":"","GODEBUG":"","storageRetention":"# + JSONString.quoted(retention) + "}"
            return APIResponse.success(out)
        }
        router.get("/api/v1/status/tsdb") { request, _ in
            let limitText = request.uri.queryParameters.get("limit") ?? "10"
            guard let limit = Int(limitText), limit > 0 else {
                return APIResponse.error(APIError(.badData, "limit must be a positive number"))
            }
            return APIResponse.success(Self.tsdb(storage.stats(limit: limit)))
        }
    }

    static func object(_ pairs: [(String, String)]) -> String {
        "{" + pairs.map { JSONString.quoted($0.0) + ":" + JSONString.quoted($0.1) }.joined(separator: ",") + "}"
    }

    static func tsdb(_ status: TSDBStatus) -> String {
        func entries(_ list: [TSDBStatus.Entry]) -> String {
            "[" + list.map { #"{"name":"# + JSONString.quoted($0.name) + #","value":"# + String($0.value) + "}" }.joined(separator: ",") + "]"
        }
        let head = status.headStats
        var out = #"{"headStats":{"numSeries":"# + String(head.numSeries)
        out += #","numLabelPairs":"# + String(head.numLabelPairs)
        out += #","chunkCount":"# + String(head.chunkCount)
        out += #","minTime":"# + String(head.minTime ?? 0)
        out += #","maxTime":"# + String(head.maxTime ?? 0) + "}"
        out += #","seriesCountByMetricName":"# + entries(status.seriesCountByMetricName)
        out += #","labelValueCountByLabelName":"# + entries(status.labelValueCountByLabelName)
        out += #","memoryInBytesByLabelName":"# + entries(status.memoryInBytesByLabelName)
        out += #","seriesCountByLabelValuePair":"# + entries(status.seriesCountByLabelValuePair)
        return out + "}"
    }
}
