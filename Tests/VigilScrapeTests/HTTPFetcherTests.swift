import Foundation
import NIOSSL
import Testing
import VigilConfig
import VigilModel
@testable import VigilScrape

@Suite(.serialized, .timeLimit(.minutes(1))) struct HTTPFetcherTests {
    static let gzipBody: [UInt8] = [
        31, 139, 8, 0, 0, 0, 0, 0, 2, 3, 171, 202, 44, 40, 72, 77, 81, 48, 228, 170, 2, 51, 226, 243, 75, 50, 82, 139,
        20, 140, 184, 0, 116, 51, 22, 24, 24, 0, 0, 0,
    ]

    func body(_ result: Result<ScrapeResponse, ScrapeFailure>) -> String? {
        if case .success(let response) = result { return String(decoding: response.body, as: UTF8.self) }
        return nil
    }

    func failure(_ result: Result<ScrapeResponse, ScrapeFailure>) -> ScrapeFailure? {
        if case .failure(let failure) = result { return failure }
        return nil
    }

    @Test func sendsPrometheusHeaders() async throws {
        let server = try await TestHTTPServer(routes: ["/metrics": .echoHeaders])
        let fetcher = HTTPFetcher(userAgent: "Vigil/1.2.3")
        let result = await fetcher.fetch(ScrapeRequest(url: "http://127.0.0.1:\(server.port)/metrics", timeout: .milliseconds(2500)))
        await fetcher.shutdown()
        await server.stop()
        #expect(body(result) == """
            # Accept: application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1
            # Accept-Encoding: gzip
            # User-Agent: Vigil/1.2.3
            # X-Prometheus-Scrape-Timeout-Seconds: 2.5
            echo 1

            """)
    }

    @Test func hostileTargetsFailClearlyAndInTime() async throws {
        let server = try await TestHTTPServer(routes: [
            "/slow": .slow(.seconds(3), "x 1\n"),
            "/500": .status(500),
            "/big": .ok(String(repeating: "x 1\n", count: 1000)),
            "/endless": .endless(String(repeating: "y 1\n", count: 256)),
            "/gzip": .gzip(Self.gzipBody),
            "/notgzip": .gzip(Array("not gzip at all".utf8)),
        ])
        let down = try await TestHTTPServer.closedPort()
        let base = "http://127.0.0.1:\(server.port)"
        let fetcher = HTTPFetcher(userAgent: "Vigil/test")
        func fetch(_ url: String, limit: Int64 = 0) async -> (Result<ScrapeResponse, ScrapeFailure>, Duration) {
            let start = ContinuousClock.now
            let result = await fetcher.fetch(ScrapeRequest(url: url, timeout: .milliseconds(500), bodySizeLimitBytes: limit))
            return (result, ContinuousClock.now - start)
        }

        let (refused, _) = await fetch("http://127.0.0.1:\(down)/metrics")
        #expect(failure(refused) == ScrapeFailure(.connection, "Get \"http://127.0.0.1:\(down)/metrics\": dial tcp 127.0.0.1:\(down): connect: connection refused"))

        let (slow, slowTime) = await fetch(base + "/slow")
        #expect(failure(slow) == ScrapeFailure(.timeout, "Get \"\(base)/slow\": context deadline exceeded"))
        #expect(slowTime < .seconds(2))

        let (status, _) = await fetch(base + "/500")
        #expect(failure(status) == ScrapeFailure(.httpStatus, "server returned HTTP status 500 Internal Server Error"))

        let (big, _) = await fetch(base + "/big", limit: 1000)
        #expect(failure(big) == ScrapeFailure(.bodySizeLimit, "body size limit exceeded"))
        let (fits, _) = await fetch(base + "/big", limit: 4001)
        #expect(body(fits)?.utf8.count == 4000)
        // As Prometheus, a body exactly at the limit fails too.
        let (atLimit, _) = await fetch(base + "/big", limit: 4000)
        #expect(failure(atLimit)?.kind == .bodySizeLimit)

        let (endless, endlessTime) = await fetch(base + "/endless", limit: 100_000)
        #expect(failure(endless) == ScrapeFailure(.bodySizeLimit, "body size limit exceeded"))
        #expect(endlessTime < .seconds(2))
        let (endlessNoLimit, noLimitTime) = await fetch(base + "/endless")
        #expect(failure(endlessNoLimit)?.kind == .timeout)
        #expect(noLimitTime < .seconds(2))

        let (zipped, _) = await fetch(base + "/gzip")
        #expect(body(zipped) == "zipped 1\nzipped_other 2\n")
        let (zippedLimited, _) = await fetch(base + "/gzip", limit: 10)
        #expect(failure(zippedLimited)?.kind == .bodySizeLimit)
        let (badZip, _) = await fetch(base + "/notgzip")
        #expect(failure(badZip)?.kind == .decoding)

        await fetcher.shutdown()
        await server.stop()
    }

    @Test func authorizationAndParamsAndRedirects() async throws {
        let directory = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        write("s3cret\n", to: directory + "/password")
        write("tok\n", to: directory + "/token")
        let server = try await TestHTTPServer(routes: [
            "/basic": .authorized(expected: "Basic " + Data("user:s3cret".utf8).base64EncodedString(), body: "ok 1\n"),
            "/bearer": .authorized(expected: "Bearer tok", body: "ok 1\n"),
            "/moved": .redirect("/basic"),
        ])
        let base = "http://127.0.0.1:\(server.port)"
        let fetcher = HTTPFetcher(userAgent: "Vigil/test")
        var basic = HTTPClientConfig()
        basic.basicAuth = BasicAuth(username: "user", passwordFile: directory + "/password")
        var bearer = HTTPClientConfig()
        bearer.authorization = Authorization(credentialsFile: directory + "/token")
        var inline = HTTPClientConfig()
        inline.authorization = Authorization(credentials: "tok")

        #expect(body(await fetcher.fetch(ScrapeRequest(url: base + "/basic", timeout: .seconds(2), http: basic))) == "ok 1\n")
        #expect(failure(await fetcher.fetch(ScrapeRequest(url: base + "/basic", timeout: .seconds(2))))?.message
            == "server returned HTTP status 401 Unauthorized")
        #expect(body(await fetcher.fetch(ScrapeRequest(url: base + "/bearer", timeout: .seconds(2), http: bearer))) == "ok 1\n")
        #expect(body(await fetcher.fetch(ScrapeRequest(url: base + "/bearer?x=1", timeout: .seconds(2), http: inline))) == "ok 1\n")
        #expect(body(await fetcher.fetch(ScrapeRequest(url: base + "/moved", timeout: .seconds(2), http: basic))) == "ok 1\n")
        var noRedirects = basic
        noRedirects.followRedirects = false
        #expect(failure(await fetcher.fetch(ScrapeRequest(url: base + "/moved", timeout: .seconds(2), http: noRedirects)))?.message
            == "server returned HTTP status 302 Found")
        #expect(server.requests.contains("/bearer?x=1"))
        await fetcher.shutdown()
        await server.stop()
    }

    @Test func tlsWithCAFileOrInsecureSkipVerify() async throws {
        let directory = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/openssl") else {
            Issue.record("openssl is not installed: the TLS scrape test needs it to make a certificate")
            return
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        process.arguments = [
            "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
            "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", directory + "/key.pem", "-out", directory + "/cert.pem",
        ]
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let certificate = try NIOSSLCertificate.fromPEMFile(directory + "/cert.pem")
        let key = try NIOSSLPrivateKey(file: directory + "/key.pem", format: .pem)
        let context = try NIOSSLContext(configuration: .makeServerConfiguration(certificateChain: certificate.map { .certificate($0) }, privateKey: .privateKey(key)))
        let server = try await TestHTTPServer(routes: ["/metrics": .ok("secure 1\n")], tls: context)
        let url = "https://127.0.0.1:\(server.port)/metrics"
        let fetcher = HTTPFetcher(userAgent: "Vigil/test")

        // Room for the handshake on a loaded machine: the TLS error must win over the deadline.
        let untrusted = await fetcher.fetch(ScrapeRequest(url: url, timeout: .seconds(15)))
        #expect(failure(untrusted)?.kind == .connection)
        #expect(failure(untrusted)?.message == "Get \"\(url)\": tls: failed to verify certificate: certificate signed by unknown authority or invalid")
        var withCA = HTTPClientConfig()
        withCA.tls.caFile = directory + "/cert.pem"
        #expect(body(await fetcher.fetch(ScrapeRequest(url: url, timeout: .seconds(2), http: withCA))) == "secure 1\n")
        var insecure = HTTPClientConfig()
        insecure.tls.insecureSkipVerify = true
        #expect(body(await fetcher.fetch(ScrapeRequest(url: url, timeout: .seconds(2), http: insecure))) == "secure 1\n")
        await fetcher.shutdown()
        await server.stop()
    }
}
