import Synchronization
import VigilModel
@testable import VigilScrape

/// A fetcher answering from a script: per URL, a body (200) or a failure.
final class FakeFetcher: TargetFetcher, Sendable {
    private let responses = Mutex<[String: Result<ScrapeResponse, ScrapeFailure>]>([:])
    private let requests = Mutex<[ScrapeRequest]>([])

    func set(_ url: String, body: String) {
        responses.withLock { $0[url] = .success(ScrapeResponse(body: Array(body.utf8), contentType: "text/plain; version=0.0.4")) }
    }

    func set(_ url: String, failure: ScrapeFailure) {
        responses.withLock { $0[url] = .failure(failure) }
    }

    var received: [ScrapeRequest] { requests.withLock { $0 } }

    func fetch(_ request: ScrapeRequest) async -> Result<ScrapeResponse, ScrapeFailure> {
        requests.withLock { $0.append(request) }
        return responses.withLock { $0[request.url] } ?? .failure(ScrapeFailure(.connection, "Get \"\(request.url)\": connection refused"))
    }
}
