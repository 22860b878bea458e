import Foundation
import Testing

/// The pages in a real browser: headless Chromium loads each one against the real binary,
/// takes a screenshot and dumps the DOM after the page's script ran. Checks that the
/// screenshot is a full-size, non-blank PNG, that the DOM holds what the page promises
/// (panels, drawn lines, legends) and that the console shows no script error or CSP
/// violation. Screenshots go to `VIGIL_SCREENSHOTS` (a folder) or a temporary folder,
/// and their paths are printed: look at them.
@Suite(
    .serialized, .timeLimit(.minutes(5)), .runningVigil,
    .enabled(if: Chromium.path != nil, "chromium is not installed (apt-get install chromium); the browser tests did not run")
)
struct BrowserTests {
    /// Pages, with markup the loaded DOM must contain (and how often at least).
    static let pages: [(name: String, path: String, expected: [(String, Int)])] = [
        ("home", "/", [("class=\"card\"", 3), ("href=\"/d/vigil\"", 1)]),
        ("dashboard", "/d/vigil?from=now-5m&to=now", [("<section class=\"panel ", 16), ("<path class=\"ln\"", 8), ("class=\"lg\"", 8), ("class=\"vtip\"", 1)]),
        ("explore", "/explore?query=sum%20by%20(job)%20(rate(scrape_samples_scraped%5B1m%5D))&from=now-5m", [("<path class=\"ln\"", 1), ("class=\"lg\"", 1)]),
        ("targets", "/targets", [("badge ok", 1), ("badge bad", 1), ("connection refused", 1)]),
        ("alerts", "/alerts", [("HighErrorRate", 1), ("Timeline", 1)]),
    ]

    @Test(arguments: pages.indices)
    func page(_ index: Int) async throws {
        let (name, path, expected) = Self.pages[index]
        let vigil = try RunningVigil.vigil()
        try await vigil.waitForData(samples: 6)
        let chromium = try #require(Chromium.path)
        let folder = try Self.screenshotFolder()
        let url = vigil.baseURL + path

        let png = folder + "/\(name).png"
        let shot = try await Chromium.run(chromium, ["--screenshot=\(png)", "--window-size=1280,900", "--hide-scrollbars", url])
        #expect(shot.status == 0, "chromium failed on \(path):\n\(shot.stderr)")
        let image = try #require(FileManager.default.contents(atPath: png), "no screenshot of \(path)")
        print("screenshot of \(path): \(png)")
        #expect(image.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]), "not a PNG")
        #expect(Self.pngSize(image).map { $0 == (1280, 900) } == true, "size \(String(describing: Self.pngSize(image)))")
        // A blank 1280×900 page compresses to a few kilobytes; a rendered one does not.
        #expect(image.count > 20_000, "\(path): screenshot is nearly empty (\(image.count) bytes)")

        let dump = try await Chromium.run(
            chromium, ["--enable-logging=stderr", "--v=0", "--virtual-time-budget=3000", "--window-size=1280,900", "--dump-dom", url])
        #expect(dump.status == 0, "chromium --dump-dom failed on \(path):\n\(dump.stderr)")
        for (markup, count) in expected {
            let found = dump.stdout.components(separatedBy: markup).count - 1
            #expect(found >= count, "\(path): \(found) × \(markup) in the DOM, expected at least \(count)")
        }
        let problems = dump.stderr.split(separator: "\n").filter { $0.contains(":CONSOLE") && ($0.contains("Uncaught") || $0.contains("Refused to")) }
        #expect(problems.isEmpty, "\(path): console errors:\n\(problems.joined(separator: "\n"))")
    }

    /// The width and height of a PNG from its IHDR chunk.
    static func pngSize(_ data: Data) -> (Int, Int)? {
        guard data.count >= 24 else { return nil }
        let bytes = [UInt8](data.prefix(24))
        func be(_ offset: Int) -> Int { bytes[offset..<offset + 4].reduce(0) { $0 << 8 | Int($1) } }
        return (be(16), be(20))
    }

    static func screenshotFolder() throws -> String {
        if let folder = ProcessInfo.processInfo.environment["VIGIL_SCREENSHOTS"], !folder.isEmpty {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            return folder
        }
        return try TemporaryDirectory.make()
    }
}

/// Debian's headless Chromium, run as a child process with a time limit and its own profile.
enum Chromium {
    /// `VIGIL_CHROMIUM`, or the first browser installed in the usual places.
    static let path: String? = {
        let candidates = [ProcessInfo.processInfo.environment["VIGIL_CHROMIUM"]].compactMap { $0 }
            + ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
    }()

    struct Outcome {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs chromium headless with `arguments`; kills it by PID after `timeout`.
    static func run(_ path: String, _ arguments: [String], timeout: Duration = .seconds(60)) async throws -> Outcome {
        let profile = try TemporaryDirectory.make()
        defer { try? FileManager.default.removeItem(atPath: profile) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        // --no-sandbox: tests may run as root, where Chromium's sandbox refuses to start.
        process.arguments = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--user-data-dir=\(profile)"] + arguments
        let stdout = Pipe(), stderr = Pipe()
        process.standardOutput = stdout
        process.standardError = stderr
        let out = OutputBuffer(), err = OutputBuffer()
        stdout.fileHandleForReading.readabilityHandler = { handle in
            let data = handle.availableData
            if !data.isEmpty { out.append(String(decoding: data, as: UTF8.self)) }
        }
        stderr.fileHandleForReading.readabilityHandler = { handle in
            let data = handle.availableData
            if !data.isEmpty { err.append(String(decoding: data, as: UTF8.self)) }
        }
        try process.run()
        let deadline = ContinuousClock.now + timeout
        while process.isRunning, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(50))
        }
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            throw E2EError("chromium did not finish within \(timeout): \(arguments.last ?? "")\n\(err.text)")
        }
        // Let the pipes drain what the process wrote last.
        try await Task.sleep(for: .milliseconds(100))
        stdout.fileHandleForReading.readabilityHandler = nil
        stderr.fileHandleForReading.readabilityHandler = nil
        let rest = stdout.fileHandleForReading.readDataToEndOfFile()
        if !rest.isEmpty { out.append(String(decoding: rest, as: UTF8.self)) }
        return Outcome(status: process.terminationStatus, stdout: out.text, stderr: err.text)
    }
}
