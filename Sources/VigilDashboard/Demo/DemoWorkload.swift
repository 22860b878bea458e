#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import VigilModel

/// The synthetic ML inference service behind `vigil demo`: the walkthrough's FastAPI app
/// with realistic traffic, simulated second by second.
///
/// - Traffic by path and method that swells and ebbs (a 40-minute cycle plus noise).
/// - Log-normal latencies per endpoint, observed into prometheus_client's default buckets.
/// - 4xx from bad inputs, a trickle of 5xx, and 5xx bursts lasting minutes: the first
///   starts 3 minutes in and lasts 9 (20 % errors), so `HighErrorRate` (5xx ratio > 5 %
///   for 5m) fires and then resolves; later bursts come every 20–40 minutes.
/// - Model accuracy and recall from an evaluation job every 5 minutes, with slow drift.
///
/// Pure and deterministic for a seed: tests drive it with simulated time.
public struct DemoWorkload: Sendable {
    /// One endpoint of the service.
    struct Endpoint: Sendable {
        var path: String
        var method: String
        /// Requests per second at normal load.
        var rate: Double
        var latencyMedian: Double
        var latencySigma: Double
        /// Client errors: status and probability.
        var clientErrors: [(String, Double)]
        /// Whether 5xx bursts hit it (the model-serving endpoints).
        var servesModel: Bool
    }

    static let endpoints: [Endpoint] = [
        Endpoint(path: "/predict", method: "POST", rate: 12, latencyMedian: 0.085, latencySigma: 0.45, clientErrors: [("422", 0.012), ("400", 0.003)], servesModel: true),
        Endpoint(path: "/predict/batch", method: "POST", rate: 0.6, latencyMedian: 0.7, latencySigma: 0.5, clientErrors: [("422", 0.02), ("413", 0.002)], servesModel: true),
        Endpoint(path: "/health", method: "GET", rate: 1, latencyMedian: 0.0015, latencySigma: 0.25, clientErrors: [], servesModel: false),
        Endpoint(path: "/model/info", method: "GET", rate: 0.2, latencyMedian: 0.004, latencySigma: 0.3, clientErrors: [("404", 0.01)], servesModel: false),
    ]

    /// prometheus_client's default histogram buckets.
    static let buckets: [Double] = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10]

    /// A stretch of elevated 5xx responses on the model endpoints.
    public struct Burst: Sendable, Hashable {
        public var start: Timestamp
        public var end: Timestamp
        /// Probability of a 5xx response on model endpoints during the burst.
        public var errorRatio: Double
    }

    struct RequestKey: Hashable, Comparable {
        var path: String
        var method: String
        var status: String
        static func < (a: RequestKey, b: RequestKey) -> Bool {
            (a.method, a.path, a.status) < (b.method, b.path, b.status)
        }
    }

    struct EndpointKey: Hashable, Comparable {
        var path: String
        var method: String
        static func < (a: EndpointKey, b: EndpointKey) -> Bool { (a.method, a.path) < (b.method, b.path) }
    }

    struct Histogram: Sendable {
        var counts = [Double](repeating: 0, count: DemoWorkload.buckets.count)
        var count = 0.0
        var sum = 0.0
        var created: Double

        mutating func observe(_ value: Double) {
            for (index, bound) in DemoWorkload.buckets.enumerated() where value <= bound { counts[index] += 1 }
            count += 1
            sum += value
        }
    }

    /// When the service started (ms).
    public let start: Timestamp
    /// The simulated time, in whole seconds since the epoch (ms).
    public private(set) var time: Timestamp
    var random: DemoRandom
    var requests: [RequestKey: (count: Double, created: Double)] = [:]
    var latencies: [EndpointKey: Histogram] = [:]
    /// Bursts planned so far, in time order; more are planned as time advances.
    public private(set) var bursts: [Burst] = []
    var cpuSeconds = 0.0
    var quality: (accuracy: Double, recall: Double, evaluatedAt: Timestamp, samples: Double) = (0, 0, 0, 0)

    public init(seed: UInt64 = 42, start: Timestamp) {
        self.start = start - start % 1000
        time = self.start
        random = DemoRandom(seed: seed)
        bursts = [Burst(start: self.start + 180_000, end: self.start + 720_000, errorRatio: 0.2)]
        evaluateModel()
    }

    /// The burst active at `t`, if any.
    public func burst(at t: Timestamp) -> Burst? {
        bursts.first { $0.start <= t && t < $0.end }
    }

    /// The load factor at `t`: a 40-minute swell and a 7-minute ripple around 1.
    func load(at t: Timestamp) -> Double {
        let seconds = Double(t - start) / 1000
        return 1 + 0.35 * sin(2 * .pi * seconds / 2400) + 0.12 * sin(2 * .pi * seconds / 420 + 1)
    }

    /// Simulates every second up to `now`. A gap of more than an hour is skipped over
    /// (counters keep their values, as a paused process would).
    public mutating func advance(to now: Timestamp) {
        let target = now - now % 1000
        if target - time > 3_600_000 { time = target - 3_600_000 }
        while time < target {
            time += 1000
            simulateSecond()
        }
    }

    private mutating func simulateSecond() {
        planBursts()
        let load = max(0.2, self.load(at: time) + 0.05 * random.normal())
        let burst = self.burst(at: time)
        for endpoint in Self.endpoints {
            let arrivals = endpoint.path == "/health" ? 1 : random.poisson(endpoint.rate * load)
            for _ in 0..<arrivals { serve(endpoint, load: load, burst: burst) }
        }
        cpuSeconds += 0.02 + 0.004 * load * 12
        if time - quality.evaluatedAt >= 300_000 { evaluateModel() }
    }

    private mutating func serve(_ endpoint: Endpoint, load: Double, burst: Burst?) {
        var status = "200"
        var latencyScale = 1 + 0.4 * (load - 1) + (burst != nil && endpoint.servesModel ? 0.8 : 0)
        let errorRatio = endpoint.servesModel ? (burst?.errorRatio ?? 0.002) : (burst.map { $0.errorRatio > 0.18 ? 0.01 : 0 } ?? 0)
        let roll = random.unit()
        if roll < errorRatio {
            let kind = random.unit()
            if kind < 0.6 {
                status = "500"
                latencyScale = 0.3
            } else if kind < 0.9 {
                status = "503"
                latencyScale = 0.1
            } else {
                status = "504"
                latencyScale = 60
            }
        } else {
            var threshold = errorRatio
            for (code, probability) in endpoint.clientErrors {
                threshold += probability
                if roll < threshold {
                    status = code
                    latencyScale = 0.2
                    break
                }
            }
        }
        let latency = min(30, random.logNormal(median: endpoint.latencyMedian * latencyScale, sigma: endpoint.latencySigma))
        record(path: endpoint.path, method: endpoint.method, status: status, latency: latency)
    }

    /// Counts one request, as the walkthrough's middleware does.
    mutating func record(path: String, method: String, status: String, latency: Double) {
        let seconds = Double(time) / 1000
        requests[RequestKey(path: path, method: method, status: status), default: (0, seconds)].count += 1
        latencies[EndpointKey(path: path, method: method), default: Histogram(created: seconds)].observe(latency)
    }

    private mutating func planBursts() {
        guard let last = bursts.last, last.end <= time + 3_600_000 else { return }
        let gap = Int64(random.uniform(20 * 60...40 * 60) * 1000)
        let duration = Int64(random.uniform(3 * 60...10 * 60) * 1000)
        let start = last.end + gap
        bursts.append(Burst(start: start, end: start + duration, errorRatio: random.uniform(0.06...0.25)))
    }

    /// The evaluation job: accuracy and recall with a slow drift that a retrain resets
    /// every 100 minutes.
    private mutating func evaluateModel() {
        let minutes = Double(time - start) / 60_000
        let phase = minutes.truncatingRemainder(dividingBy: 100)
        let drift = phase < 70 ? 0.03 * phase / 70 : 0.03 * (100 - phase) / 30 * 0.2
        let accuracy = min(0.999, 0.94 - drift + 0.003 * random.normal())
        let recall = min(0.999, 0.89 - 1.3 * drift + 0.005 * random.normal())
        quality = (accuracy, recall, time, Double(Int(random.uniform(4800...5200))))
    }
}
