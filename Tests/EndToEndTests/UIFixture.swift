import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import Testing

/// A running `vigil` for the web UI tests: the shipped `config/` (vigil.yml, its rules and
/// dashboards) copied to a temporary folder, scraping itself every second, plus one inline
/// dashboard whose title and text carry markup that must come out escaped.
struct UIVigil: Sendable {
    let process: VigilProcess
    var baseURL: String { process.baseURL }

    /// The inline dashboard's uid and hostile title.
    static let probeUID = "e2e-probe"
    static let probeTitle = #"Probe <script>alert(1)</script> & "quotes""#

    static func start() async throws -> UIVigil {
        let directory = try TemporaryDirectory.make()
        let source = VigilProcess.packageRoot.appendingPathComponent("config")
        for folder in ["rules", "dashboards"] {
            try FileManager.default.copyItem(atPath: source.appendingPathComponent(folder).path, toPath: directory + "/" + folder)
        }
        let port = try FreePort.find()
        var config = try String(contentsOf: source.appendingPathComponent("vigil.yml"), encoding: .utf8)
        // Scrape itself on the test port, and fast enough to have data within seconds.
        config = config.replacingOccurrences(of: "\"localhost:3000\"", with: "\"127.0.0.1:\(port)\"")
        config = config.replacingOccurrences(of: "scrape_interval: 15s", with: "scrape_interval: 1s")
        config = config.replacingOccurrences(of: "evaluation_interval: 15s", with: "evaluation_interval: 1s")
        #expect(config.contains("127.0.0.1:\(port)"), "config/vigil.yml no longer scrapes localhost:3000")
        config += """

            dashboards:
              - uid: \(probeUID)
                title: '\(probeTitle)'
                rows:
                  - panels:
                      - title: Up by job
                        type: timeseries
                        expr: up
                        legend_format: "{{job}} <b>"
                      - title: Notes
                        type: text
                        content: "<script>alert(2)</script> **bold** & more"

            """
        try config.write(toFile: directory + "/vigil.yml", atomically: true, encoding: .utf8)
        let process = try await VigilProcess.launch(
            arguments: ["run", "--config", directory + "/vigil.yml", "--data", directory + "/data", "--listen", "127.0.0.1:\(port)"],
            dataDirectory: directory + "/data", timeout: .seconds(30))
        return UIVigil(process: process)
    }

    /// Waits (at most 30 s) until the self-scrape has stored a few samples of `query`.
    func waitForData(_ query: String = "vigil_storage_samples_appended_total", samples: Int = 4) async throws {
        let deadline = ContinuousClock.now + .seconds(30)
        let encoded = query.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? query
        while ContinuousClock.now < deadline {
            let reply = try await JSONReply.get(baseURL + "/api/v1/query?query=count_over_time(\(encoded)%5B1m%5D)")
            if let value = reply.vector.first.flatMap({ Double($0.value) }), value >= Double(samples) { return }
            try await Task.sleep(for: .milliseconds(250))
        }
        throw E2EError("no \(samples) samples of \(query) within 30 s:\n\(process.log)")
    }

    /// A request with optional cookies, answered without following redirects.
    func fetch(_ path: String, method: HTTPMethod = .GET, cookie: String? = nil, headers: [(String, String)] = []) async throws -> HTTP.Reply {
        var request = HTTPClientRequest(url: baseURL + path)
        request.method = method
        if let cookie { request.headers.add(name: "Cookie", value: cookie) }
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        let response = try await UIVigil.client.execute(request, timeout: .seconds(60))
        let body = try await response.body.collect(upTo: 64 << 20)
        return HTTP.Reply(status: Int(response.status.code), body: String(buffer: body), headers: response.headers)
    }

    /// A client that reports redirects instead of following them.
    static let client: HTTPClient = {
        var configuration = HTTPClient.Configuration()
        configuration.redirectConfiguration = .disallow
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }()
}

/// Starts one `UIVigil` for a whole suite and stops it after the suite's last test;
/// tests read it from `RunningVigil.current`.
struct RunningVigil: SuiteTrait, TestScoping {
    @TaskLocal static var current: UIVigil?

    var isRecursive: Bool { false }

    func provideScope(for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void) async throws {
        let vigil = try await UIVigil.start()
        do {
            try await RunningVigil.$current.withValue(vigil) { try await function() }
        } catch {
            await vigil.process.stop()
            throw error
        }
        await vigil.process.stop()
    }

    /// The suite's Vigil (fails the test when it did not start).
    static func vigil() throws -> UIVigil {
        try #require(current, "the suite's vigil did not start")
    }
}

extension Trait where Self == RunningVigil {
    /// Runs the suite against one real `vigil` with the shipped config.
    static var runningVigil: Self { RunningVigil() }
}

/// Pulls links out of served HTML.
enum HTMLLinks {
    /// Every `href`, `src` and form `action` value, entity-decoded, in document order.
    static func all(in html: String) -> [String] {
        var links: [String] = []
        for attribute in ["href=\"", "src=\"", "action=\""] {
            var rest = html[...]
            while let start = rest.range(of: attribute) {
                rest = rest[start.upperBound...]
                guard let end = rest.firstIndex(of: "\"") else { break }
                links.append(decode(String(rest[..<end])))
                rest = rest[end...]
            }
        }
        return links
    }

    static func decode(_ text: String) -> String {
        text.replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
            .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&amp;", with: "&")
    }

    /// The panels of a dashboard page as (title, markup).
    static func panels(in html: String) -> [(title: String, markup: String)] {
        html.components(separatedBy: "<section class=\"panel ").dropFirst().map { chunk in
            let title = chunk.range(of: "<h2 title=\"").flatMap { start in
                chunk[start.upperBound...].firstIndex(of: "\"").map { String(chunk[start.upperBound..<$0]) }
            }
            return (decode(title ?? ""), chunk)
        }
    }
}
