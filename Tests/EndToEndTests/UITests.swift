import Foundation
import NIOHTTP1
import Testing

/// The web UI as a user meets it, through the real binary with the shipped config:
/// every page, the self-monitoring dashboard filled from Vigil's own metrics, panel SVGs,
/// Explore errors, a crawl of every link, cookies, headers and 404s.
@Suite(.serialized, .timeLimit(.minutes(5)), .runningVigil)
struct UITests {
    /// Pages and what a user expects to read on them.
    static let pages: [(path: String, expected: [String])] = [
        ("/", ["Targets", "Alerts", "Dashboards", "Vigil", "ML service", "Run in Explore"]),
        ("/dashboards", ["ML service", "Vigil", "self-monitoring"]),
        ("/d/vigil", ["Self-monitoring of this Vigil instance", "Samples appended per second", "Query latency", "Rule evaluations"]),
        ("/d/vigil/some-slug", ["Samples appended per second"]),
        ("/d/ml-service", ["ML service", "P90 latency"]),
        ("/d/vigil/panel/7", ["Samples appended per second", "Queries", "$__rate_interval"]),
        ("/explore", ["Run query"]),
        ("/explore?query=up&tab=table", ["127.0.0.1", "job=&quot;vigil&quot;"]),
        ("/explore?query=up", ["<svg", "<path"]),
        ("/alerts", ["HighErrorRate", "Timeline", "from the ALERTS series"]),
        ("/alerts?receiver=team", ["receiver: team", "No alerts for team"]),
        ("/targets", ["vigil", "ml-service", "/metrics", "up"]),
        ("/rules", ["HighErrorRate", "mlops"]),
        ("/status", ["Build", "Runtime", "Storage", "Configuration", "scrape_configs", "Metrics with most series"]),
    ]

    @Test(arguments: pages)
    func page(_ path: String, _ expected: [String]) async throws {
        let vigil = try RunningVigil.vigil()
        try await vigil.waitForData()
        let reply = try await vigil.fetch(path)
        #expect(reply.status == 200, "\(path): \(reply.status)")
        #expect(reply.headers.first(name: "Content-Type") == "text/html; charset=utf-8")
        #expect(reply.headers.first(name: "Content-Security-Policy")?.contains("script-src 'self'") == true)
        #expect(reply.headers.first(name: "Cache-Control") == "no-store")
        #expect(reply.body.hasPrefix("<!doctype html>"))
        for text in expected {
            #expect(reply.body.contains(text), "\(path) lacks \(text)")
        }
        // The page's own script and styles are linked with a version for caching.
        #expect(reply.body.contains("/static/vigil.js?v="))
    }

    /// Every panel of the self-monitoring dashboard shows data from the self-scrape: the
    /// metric names the dashboard queries are the ones Vigil exposes.
    @Test func selfMonitoringDashboardHasData() async throws {
        let vigil = try RunningVigil.vigil()
        try await vigil.waitForData()
        // Rates need two scrapes inside $__rate_interval, and query latency needs queries.
        _ = try await vigil.fetch("/d/vigil?from=now-5m")
        try await vigil.waitForData("vigil_query_duration_seconds_count", samples: 4)
        var panels: [(title: String, markup: String)] = []
        for _ in 0..<40 {
            let reply = try await vigil.fetch("/d/vigil?from=now-5m&to=now")
            #expect(reply.status == 200)
            panels = HTMLLinks.panels(in: reply.body)
            if !panels.isEmpty && panels.allSatisfy({ !$0.markup.contains("No data") && !$0.markup.contains("role=\"alert\"") }) { break }
            try await Task.sleep(for: .milliseconds(500))
        }
        #expect(panels.count == 16)
        for panel in panels {
            #expect(!panel.markup.contains("No data"), "panel \"\(panel.title)\" shows no data")
            #expect(!panel.markup.contains("role=\"alert\""), "panel \"\(panel.title)\" shows an error")
        }
    }

    @Test func panelSVGHasDataFromTheSelfScrape() async throws {
        let vigil = try RunningVigil.vigil()
        try await vigil.waitForData()
        // Panel 7 of the Vigil dashboard: samples appended per second.
        let reply = try await vigil.fetch("/d/vigil/panel/7.svg?from=now-2m&width=640&height=240&theme=dark")
        #expect(reply.status == 200)
        #expect(reply.headers.first(name: "Content-Type") == "image/svg+xml; charset=utf-8")
        #expect(reply.headers.first(name: "Content-Security-Policy")?.hasPrefix("default-src 'none'") == true)
        #expect(reply.body.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\""))
        #expect(reply.body.contains(" width=\"640\" height=\"240\" viewBox=\"0 0 640 240\""))
        #expect(reply.body.contains("Samples appended per second"))
        // A drawn line: a series path with at least two points.
        let lines = reply.body.components(separatedBy: "<path class=\"ln\"").dropFirst()
        #expect(lines.contains { $0.prefix { $0 != ">" }.contains("l") }, "no line drawn:\n\(reply.body)")
        #expect(!reply.body.contains("<script"))
    }

    /// Explore shows parse errors with their position, as the API reports them.
    @Test(arguments: [
        ("sum(rate(up[5m])", "1:17: parse error: unclosed left parenthesis"),
        ("up{job=}", "1:8: parse error: unexpected \"}\" in label matching, expected string"),
        ("rate(up)", "1:6: parse error: expected type range vector in call to function \"rate\", got instant vector"),
    ])
    func exploreError(_ query: String, _ message: String) async throws {
        let vigil = try RunningVigil.vigil()
        let encoded = query.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
        let api = try await JSONReply.get(vigil.baseURL + "/api/v1/query?query=" + encoded)
        #expect((api.raw["error"] as? String)?.hasSuffix(message) == true, "API: \(api.raw)")
        let page = try await vigil.fetch("/explore?query=" + encoded)
        #expect(page.status == 200)
        let escaped = message.replacingOccurrences(of: "\"", with: "&quot;")
        #expect(page.body.contains("<div class=\"qerr\" role=\"alert\"><div class=\"msg\">\(escaped)</div>"), "\(page.body)")
        #expect(page.body.contains("<mark>"))
    }

    /// A crawl from Home over every same-origin link finds no broken one, and reaches
    /// every kind of page.
    @Test func crawlFindsNoBrokenLinks() async throws {
        let vigil = try RunningVigil.vigil()
        try await vigil.waitForData()
        var queue = ["/"]
        var seen: Set<String> = ["/"]
        var perShape: [String: Int] = [:]
        var fetched: [String] = []
        var broken: [String] = []
        while !queue.isEmpty, fetched.count < 300 {
            let path = queue.removeFirst()
            let reply = try await vigil.fetch(path)
            fetched.append(path)
            guard reply.status == 200 || reply.status == 302 else {
                broken.append("\(reply.status) \(path)")
                continue
            }
            if reply.status == 302, let location = reply.headers.first(name: "Location"), seen.insert(location).inserted {
                queue.append(location)
            }
            guard reply.headers.first(name: "Content-Type")?.hasPrefix("text/html") == true else { continue }
            for link in HTMLLinks.all(in: reply.body) {
                guard link.hasPrefix("/"), !link.hasPrefix("//") else {
                    // External links only to scrape targets; fragments and script-free forms stay here.
                    #expect(link.hasPrefix("http://") || link.hasPrefix("#") || link.isEmpty, "odd link \(link) on \(path)")
                    continue
                }
                // Time shifts and zooms make endless distinct URLs: a few of each shape suffice.
                let shape = Self.shape(of: link)
                guard seen.insert(link).inserted, perShape[shape, default: 0] < 3 else { continue }
                perShape[shape, default: 0] += 1
                queue.append(link)
            }
        }
        #expect(fetched.count > 50, "the crawl fetched only \(fetched.count) pages")
        #expect(broken.isEmpty, "broken links: \(broken)")
        let reached = Set(fetched.map { Self.shape(of: $0).split(separator: "?").first.map(String.init) ?? "" })
        for route in ["/", "/dashboards", "/d/*", "/d/*/panel/*", "/d/*/panel/*.svg", "/explore", "/alerts", "/targets", "/rules", "/status", "/static/*"] {
            #expect(reached.contains(route), "the crawl never reached \(route): \(reached.sorted())")
        }
    }

    /// `/d/ml/panel/3?from=…` → `/d/*/panel/*?from&…`: the route and the parameter names.
    static func shape(of link: String) -> String {
        let parts = link.split(separator: "?", maxSplits: 1)
        var segments = parts[0].split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        if segments.count > 2, segments[1] == "d" { segments[2] = "*" }
        if segments.count > 4, segments[3] == "panel" { segments[4] = segments[4].hasSuffix(".svg") ? "*.svg" : "*" }
        if segments.count > 2, segments[1] == "static" { segments[2] = "*" }
        var shape = segments.joined(separator: "/")
        if shape.isEmpty { shape = "/" }
        if parts.count > 1 {
            let names = parts[1].split(separator: "&").map { $0.split(separator: "=").first.map(String.init) ?? "" }
            shape += "?" + Set(names).sorted().joined(separator: "&")
        }
        return shape
    }

    @Test func themeCookie() async throws {
        let vigil = try RunningVigil.vigil()
        let chosen = try await vigil.fetch("/targets?theme=dark")
        #expect(chosen.headers.first(name: "Set-Cookie")?.hasPrefix("vigil_theme=dark; Path=/;") == true)
        #expect(chosen.body.contains("<html lang=\"en\" data-theme=\"dark\">"))
        let remembered = try await vigil.fetch("/targets", cookie: "vigil_theme=dark")
        #expect(remembered.headers.first(name: "Set-Cookie") == nil)
        #expect(remembered.body.contains("<html lang=\"en\" data-theme=\"dark\">"))
        let light = try await vigil.fetch("/targets?theme=light", cookie: "vigil_theme=dark")
        #expect(light.body.contains("data-theme=\"light\""))
        let reset = try await vigil.fetch("/targets?theme=auto", cookie: "vigil_theme=dark")
        #expect(reset.headers.first(name: "Set-Cookie")?.contains("Max-Age=0") == true)
        #expect(!reset.body.contains("data-theme="))
        let standalone = try await vigil.fetch("/d/vigil/panel/7.svg", cookie: "vigil_theme=dark")
        #expect(standalone.body.contains("dark"))
    }

    /// Times show in the viewer's zone from the `vigil_tz` cookie (seconds east of UTC).
    @Test(arguments: [(nil, "2023-11-14 22:13 to 2023-11-14 23:13"), ("3600", "2023-11-14 23:13 to 2023-11-15 00:13"), ("-19800", "2023-11-14 16:43 to 2023-11-14 17:43"), ("junk", "2023-11-14 22:13 to 2023-11-14 23:13")])
    func timeZoneCookie(_ offset: String?, _ label: String) async throws {
        let vigil = try RunningVigil.vigil()
        let reply = try await vigil.fetch("/alerts?from=1700000000000&to=1700003600000", cookie: offset.map { "vigil_tz=\($0)" })
        #expect(reply.body.contains("from the ALERTS series, \(label)"))
    }

    @Test(arguments: [
        ("/nope", "Page not found"),
        ("/d/nope", "Dashboard not found"),
        ("/d/nope/panel/1", "Dashboard not found"),
        ("/d/vigil/panel/999", "Panel not found"),
        ("/d/vigil/panel/abc.svg", "Panel not found"),
        ("/static/../Package.swift", "not found"),
        ("/static/nope.css", "File not found"),
    ])
    func notFound(_ path: String, _ title: String) async throws {
        let vigil = try RunningVigil.vigil()
        let reply = try await vigil.fetch(path)
        #expect(reply.status == 404)
        #expect(reply.headers.first(name: "Content-Type") == "text/html; charset=utf-8")
        #expect(reply.body.contains(title))
        // The API keeps Prometheus' plain 404.
        let api = try await vigil.fetch("/api/v1/nope")
        #expect(api.status == 404)
        #expect(!api.body.contains("<html"))
    }

    @Test(arguments: ["/", "/d/vigil", "/d/vigil/panel/7.svg", "/explore?query=up", "/static/vigil.css"])
    func head(_ path: String) async throws {
        let vigil = try RunningVigil.vigil()
        let get = try await vigil.fetch(path)
        let head = try await vigil.fetch(path, method: .HEAD)
        #expect(head.status == 200)
        #expect(head.body.isEmpty)
        #expect(head.headers.first(name: "Content-Type") == get.headers.first(name: "Content-Type"))
    }

    @Test func staticAssetsAreCached() async throws {
        let vigil = try RunningVigil.vigil()
        let home = try await vigil.fetch("/")
        let link = try #require(HTMLLinks.all(in: home.body).first { $0.hasPrefix("/static/vigil.css?v=") })
        let versioned = try await vigil.fetch(link)
        #expect(versioned.status == 200)
        #expect(versioned.headers.first(name: "Content-Type") == "text/css; charset=utf-8")
        #expect(versioned.headers.first(name: "Cache-Control") == "public, max-age=31536000, immutable")
        let etag = try #require(versioned.headers.first(name: "ETag"))
        let bare = try await vigil.fetch("/static/vigil.css")
        #expect(bare.headers.first(name: "Cache-Control") == "public, max-age=0, must-revalidate")
        let revalidated = try await vigil.fetch("/static/vigil.css", headers: [("If-None-Match", etag)])
        #expect(revalidated.status == 304)
        #expect(revalidated.body.isEmpty)
        let script = try await vigil.fetch("/static/vigil.js")
        #expect(script.headers.first(name: "Content-Type") == "text/javascript; charset=utf-8")
    }

    /// Prometheus' /graph links (rules' generator URLs, `query` template links) land on Explore.
    @Test(arguments: [
        ("/graph?g0.expr=up&g0.tab=1", "/explore?query=up&tab=table"),
        ("/graph?g0.expr=rate(x%5B5m%5D)&g0.tab=0", "/explore?query=rate%28x%5B5m%5D%29"),
        ("/graph?g0.expr=up&g0.range_input=6h", "/explore?query=up&from=now-6h&to=now"),
        ("/graph", "/explore"),
    ])
    func graphRedirects(_ path: String, _ location: String) async throws {
        let vigil = try RunningVigil.vigil()
        let reply = try await vigil.fetch(path)
        #expect(reply.status == 302)
        #expect(reply.headers.first(name: "Location") == location)
    }

    /// Titles, legends and text from the config come out escaped on every page.
    @Test func userTextIsEscaped() async throws {
        let vigil = try RunningVigil.vigil()
        for path in ["/", "/dashboards", "/d/\(UIVigil.probeUID)", "/d/\(UIVigil.probeUID)/panel/1", "/d/\(UIVigil.probeUID)/panel/2.svg"] {
            let reply = try await vigil.fetch(path)
            #expect(reply.status == 200, "\(path)")
            #expect(!reply.body.contains("<script>alert"), "\(path) lets markup through")
            #expect(!reply.body.contains("<b>\""), "\(path) lets a legend's markup through")
        }
        let page = try await vigil.fetch("/d/\(UIVigil.probeUID)")
        #expect(page.body.contains("Probe &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot;"))
        #expect(page.body.contains("<strong>bold</strong>"))
    }

    /// Dashboards follow config reloads; dashboards that do not load keep the previous
    /// ones serving and show their problem with its position.
    @Test func dashboardsReloadWithTheConfig() async throws {
        let vigil = try RunningVigil.vigil()
        let folder = (vigil.process.dataDirectory as NSString).deletingLastPathComponent + "/dashboards"
        let added = folder + "/reloaded.yml"
        let broken = folder + "/broken.yml"
        defer {
            try? FileManager.default.removeItem(atPath: added)
            try? FileManager.default.removeItem(atPath: broken)
        }
        #expect(try await vigil.fetch("/d/reloaded").status == 404)
        try "uid: reloaded\ntitle: Reloaded\nrows:\n  - panels:\n      - title: Up\n        expr: up\n".write(toFile: added, atomically: true, encoding: .utf8)
        #expect(try await HTTP.post(vigil.baseURL + "/-/reload").status == 200)
        #expect(try await vigil.fetch("/d/reloaded").status == 200)

        try "uid: broken\ntitle: Broken\nrows:\n  - panels:\n      - title: Bad\n        expr: sum(up\n".write(toFile: broken, atomically: true, encoding: .utf8)
        #expect(try await HTTP.post(vigil.baseURL + "/-/reload").status == 200)
        #expect(try await vigil.fetch("/d/reloaded").status == 200, "the previous dashboards stop serving")
        let list = try await vigil.fetch("/dashboards")
        #expect(list.body.contains("broken.yml:6:"), "no problem with its position:\n\(list.body)")
        let home = try await vigil.fetch("/")
        #expect(home.body.contains("Dashboards did not load"))

        try FileManager.default.removeItem(atPath: broken)
        try FileManager.default.removeItem(atPath: added)
        #expect(try await HTTP.post(vigil.baseURL + "/-/reload").status == 200)
        #expect(try await vigil.fetch("/d/reloaded").status == 404)
        #expect(!(try await vigil.fetch("/dashboards")).body.contains("broken.yml"))
    }
}
