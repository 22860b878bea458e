/// Sends every request to both servers, a few at a time, and compares the answers.
struct DifferentialRun {
    /// The result of one request: agreement, a difference, or a failure to get an answer.
    struct Outcome: Sendable {
        var request: APIRequest
        /// Nil when the answers agree.
        var difference: String?
        /// What the reference answered, in a few words ("vector of 12", "error bad_data: …").
        var referenceSummary = ""

        static let unusablePrefix = "no usable answer from "

        /// No answer to compare: a server failed, timed out or answered something undecodable.
        var isUnusable: Bool { difference?.hasPrefix(Self.unusablePrefix) ?? false }
    }

    var reference: QueryServer
    var candidate: QueryServer
    /// Requests in flight at once (both servers together see twice as many): enough to keep
    /// two cores busy while answers travel, few enough not to queue inside the servers.
    var concurrency = 4
    /// After this many answers in a row without a usable answer (a server that died or
    /// hangs), the rest are not sent: each would only wait for its timeout.
    var giveUpAfter = 24

    /// Outcomes in the order of `requests`.
    func run(_ requests: [APIRequest]) async -> [Outcome] {
        let comparator = ResultComparator(referenceName: reference.name, candidateName: candidate.name)
        var outcomes = [Outcome?](repeating: nil, count: requests.count)
        var unusableInARow = 0
        await withTaskGroup(of: (Int, Outcome).self) { group in
            var next = 0
            func submit() {
                guard next < requests.count, unusableInARow < giveUpAfter else { return }
                let index = next
                let request = requests[index]
                next += 1
                group.addTask { [reference, candidate] in
                    (index, await Self.compare(request, reference, candidate, comparator))
                }
            }
            for _ in 0..<concurrency { submit() }
            while let (index, outcome) = await group.next() {
                outcomes[index] = outcome
                unusableInARow = outcome.isUnusable ? unusableInARow + 1 : 0
                submit()
            }
        }
        return zip(requests, outcomes).map { request, outcome in
            outcome ?? Outcome(request: request, difference: "not sent: \(giveUpAfter) answers in a row were unusable")
        }
    }

    private static func compare(
        _ request: APIRequest, _ reference: QueryServer, _ candidate: QueryServer, _ comparator: ResultComparator
    ) async -> Outcome {
        async let expected = answer(request, reference)
        async let got = answer(request, candidate)
        switch (await expected, await got) {
        case (.success(let a), .success(let b)):
            return Outcome(
                request: request, difference: comparator.difference(request, reference: a, candidate: b), referenceSummary: a.summary)
        case (.failure(let error), _):
            return Outcome(request: request, difference: "\(Outcome.unusablePrefix)\(reference.name): \(error)")
        case (_, .failure(let error)):
            return Outcome(request: request, difference: "\(Outcome.unusablePrefix)\(candidate.name): \(error)")
        }
    }

    private static func answer(_ request: APIRequest, _ server: QueryServer) async -> Result<APIResponse, HarnessError> {
        // A server that died would make every later request wait for its connect timeout.
        guard server.process.isRunning else { return .failure(HarnessError("\(server.name) is not running")) }
        do {
            return .success(try await APIClient.send(request, to: server))
        } catch let error as HarnessError {
            return .failure(error)
        } catch {
            return .failure(HarnessError("\(String(reflecting: type(of: error))): \(String(reflecting: error))"))
        }
    }
}
