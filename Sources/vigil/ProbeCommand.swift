import ArgumentParser
import AsyncHTTPClient

/// `vigil probe URL`: exits 0 when the URL answers 200 within the timeout. The container's
/// HEALTHCHECK uses it on `/-/ready`, so the image needs no curl.
struct ProbeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "probe",
        abstract: "Exit 0 when a URL answers 200 (for container health checks)."
    )

    @Argument(help: "The URL to request, e.g. http://127.0.0.1:3000/-/ready.")
    var url: String

    @Option(help: "Seconds to wait for the answer.")
    var timeout: Int = 5

    func run() async throws {
        do {
            let response = try await HTTPClient.shared.execute(HTTPClientRequest(url: url), timeout: .seconds(Int64(timeout)))
            guard response.status == .ok else {
                printError("vigil probe: \(url) answered \(response.status.code)")
                throw ExitCode.failure
            }
        } catch let exit as ExitCode {
            throw exit
        } catch {
            printError("vigil probe: \(url): \(error)")
            throw ExitCode.failure
        }
    }
}
