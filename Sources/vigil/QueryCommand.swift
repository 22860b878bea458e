import ArgumentParser
import AsyncHTTPClient
import Foundation

/// `vigil query EXPR`: asks a running Vigil (or any Prometheus) and prints the result the
/// way `promtool query` does, for quick checks from a shell.
struct QueryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "query",
        abstract: "Run a PromQL query against a running server and print the result.",
        discussion: "Instant at --time (default now), or a range query with --range START END STEP. Times are RFC 3339 or Unix seconds; STEP is a duration (15s) or seconds."
    )

    @Argument(help: "The PromQL expression.")
    var expression: String

    @Option(help: "Evaluation time for an instant query.")
    var time: String?

    @Option(parsing: .upToNextOption, help: ArgumentHelp("START END STEP of a range query.", valueName: "start end step"))
    var range: [String] = []

    @Option(help: "The server to ask.")
    var server: String = "http://localhost:3000"

    func validate() throws {
        guard range.isEmpty || range.count == 3 else { throw ValidationError("--range takes START END STEP") }
        guard range.isEmpty || time == nil else { throw ValidationError("--time and --range exclude each other") }
    }

    func run() async throws {
        var form = [("query", expression)]
        let path: String
        if range.count == 3 {
            path = "/api/v1/query_range"
            form += [("start", range[0]), ("end", range[1]), ("step", range[2])]
        } else {
            path = "/api/v1/query"
            if let time { form.append(("time", time)) }
        }
        var request = HTTPClientRequest(url: server.trimmingCharacters(in: CharacterSet(charactersIn: "/")) + path)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
        request.body = .bytes(Array(Self.formEncode(form).utf8))
        let body: Data
        do {
            let response = try await HTTPClient.shared.execute(request, timeout: .seconds(130))
            body = Data(buffer: try await response.body.collect(upTo: 256 << 20))
        } catch {
            printError("vigil query: \(server): \(error)")
            throw ExitCode.failure
        }
        guard let reply = try? JSONSerialization.jsonObject(with: body) as? [String: Any] else {
            printError("vigil query: not a Prometheus API answer: \(String(decoding: body.prefix(200), as: UTF8.self))")
            throw ExitCode.failure
        }
        if reply["status"] as? String != "success" {
            printError("vigil query: \(reply["errorType"] ?? "error"): \(reply["error"] ?? "")")
            throw ExitCode.failure
        }
        for warning in reply["warnings"] as? [String] ?? [] { printError("warning: \(warning)") }
        guard let data = reply["data"] as? [String: Any] else { return }
        print(Self.render(data), terminator: "")
    }

    /// `metric{labels} => value @[time]` lines, as promtool prints.
    static func render(_ data: [String: Any]) -> String {
        func point(_ pair: Any?) -> String {
            guard let pair = pair as? [Any], pair.count == 2 else { return "?" }
            return "\(pair[1]) @[\(pair[0])]"
        }
        func metric(_ object: Any?) -> String {
            let labels = (object as? [String: String]) ?? [:]
            let name = labels["__name__"] ?? ""
            let rest = labels.filter { $0.key != "__name__" }.sorted { $0.key < $1.key }
                .map { "\($0.key)=\"\($0.value)\"" }.joined(separator: ", ")
            return rest.isEmpty && !name.isEmpty ? name : "\(name){\(rest)}"
        }
        var out = ""
        switch data["resultType"] as? String {
        case "vector":
            for sample in data["result"] as? [[String: Any]] ?? [] {
                out += "\(metric(sample["metric"])) => \(point(sample["value"]))\n"
            }
        case "matrix":
            for series in data["result"] as? [[String: Any]] ?? [] {
                out += "\(metric(series["metric"])) =>\n"
                for value in series["values"] as? [Any] ?? [] { out += point(value) + "\n" }
            }
        default:
            out += point(data["result"]) + "\n"
        }
        return out
    }

    static func formEncode(_ pairs: [(String, String)]) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return pairs.map { key, value in
            "\(key)=\(value.addingPercentEncoding(withAllowedCharacters: allowed) ?? value)"
        }.joined(separator: "&")
    }
}
