import Hummingbird
import Logging
import NIOCore
import VigilModel
import VigilStorage

/// `POST /api/v1/write`: the remote-write 1.0 receiver (Prometheus'
/// `storage/remote/write_handler.go`). Off unless `web.enable_remote_write_receiver` is
/// true, then 404 as Prometheus without `--web.enable-remote-write-receiver`.
///
/// A request is all or nothing: a body that is not snappy-compressed protobuf, a series
/// with invalid labels, or a sample the store would reject as out of order, a duplicate
/// with another value or out of bounds gets 400 and appends nothing (Prometheus rolls the
/// request back and answers 400 so the sender does not retry it). Success is 204. A store
/// that cannot write (full disk) answers 500, which senders retry.
struct RemoteWriteReceiver: Sendable {
    let storage: Storage
    let configManager: ConfigManager
    let logger: Logger
    /// Compressed bodies above this are refused; a sender's batch is far smaller.
    static let bodyLimitBytes = 32 << 20
    /// Decompressed bodies above this are refused (snappy can expand ~6x at most usefully).
    static let decodedLimitBytes = 256 << 20

    func register(on router: Router<some RequestContext>) {
        router.post("/api/v1/write") { request, _ in
            guard await configManager.current.web.enableRemoteWriteReceiver else {
                return APIResponse.text(
                    "remote write receiver needs to be enabled with web.enable_remote_write_receiver: true\n", status: .notFound)
            }
            let body: ByteBuffer
            do {
                body = try await request.body.collect(upTo: Self.bodyLimitBytes)
            } catch {
                return APIResponse.text("request body too large\n", status: .contentTooLarge)
            }
            let outcome = await receive(Array(buffer: body))
            return APIResponse.text(outcome.message.isEmpty ? "" : outcome.message + "\n", status: outcome.status)
        }
    }

    /// What a write request came to: a status and, for errors, a message.
    struct Outcome: Sendable, Equatable {
        var status: HTTPResponse.Status
        var message: String
    }

    /// Decodes, validates and appends one compressed `WriteRequest`.
    func receive(_ compressed: [UInt8]) async -> Outcome {
        let batch: AppendBatch
        switch Self.decode(compressed) {
        case .success(let decoded): batch = decoded
        case .failure(let rejection):
            logger.error("Error decoding remote write request", metadata: ["err": "\(rejection.message)"])
            return Outcome(status: .badRequest, message: rejection.message)
        }
        if let conflict = storage.firstConflict(in: batch) {
            logger.error("Out of order sample from remote write", metadata: ["err": "\(conflict)"])
            return Outcome(status: .badRequest, message: conflict.description)
        }
        do {
            _ = try await storage.append(batch)
        } catch {
            logger.error("Error appending remote write", metadata: ["err": "\(error)"])
            return Outcome(status: .internalServerError, message: error.description)
        }
        return Outcome(status: .noContent, message: "")
    }

    /// Why a request is refused with 400.
    struct Rejection: Error, Sendable, Equatable {
        var message: String
    }

    /// The samples of a snappy-compressed `WriteRequest`, or why it is refused.
    static func decode(_ compressed: [UInt8]) -> Result<AppendBatch, Rejection> {
        let request: WriteRequest
        do {
            request = try WriteRequest(decoding: try Snappy.decompress(compressed, maxLength: decodedLimitBytes))
        } catch let error as Snappy.Error {
            return .failure(Rejection(message: error.description))
        } catch {
            return .failure(Rejection(message: "\(error)"))
        }
        var batch = AppendBatch()
        batch.entries.reserveCapacity(request.series.reduce(0) { $0 + $1.samples.count })
        for series in request.series {
            if let problem = invalidity(of: series.labels) { return .failure(Rejection(message: problem)) }
            for sample in series.samples { batch.append(series.labels, t: sample.t, v: sample.v) }
        }
        return .success(batch)
    }

    /// Why a series' labels cannot be stored, or nil: every name valid, a valid metric name.
    static func invalidity(of labels: Labels) -> String? {
        guard let name = labels.metricName, LabelName.isValidMetricName(name) else {
            return "invalid metric name or labels: series \(labels.description) has no valid __name__"
        }
        for label in labels where !LabelName.isValid(label.name) {
            return "invalid metric name or labels: invalid label name \"\(label.name)\" in series \(labels.seriesDescription)"
        }
        return nil
    }
}
