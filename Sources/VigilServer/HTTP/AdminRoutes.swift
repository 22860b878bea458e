import Hummingbird

/// `/-/healthy`, `/-/ready`, `/-/reload` and `/metrics`, with Prometheus' bodies.
struct AdminRoutes {
    let readiness: Readiness
    let configManager: ConfigManager
    let metrics: SelfMetrics

    func register(on router: Router<some RequestContext>) {
        router.get("/-/healthy") { _, _ in
            APIResponse.text("Vigil is Healthy.\n")
        }
        router.head("/-/healthy") { _, _ in APIResponse.text("") }
        router.get("/-/ready") { _, _ in
            readiness.isReady
                ? APIResponse.text("Vigil is Ready.\n")
                : APIResponse.text("Service Unavailable\n", status: .serviceUnavailable)
        }
        router.head("/-/ready") { _, _ in
            APIResponse.text("", status: readiness.isReady ? .ok : .serviceUnavailable)
        }
        // As Prometheus: POST or PUT; the error of a rejected config in the body.
        for method in [HTTPRequest.Method.post, .put] {
            router.on("/-/reload", method: method) { _, _ in
                switch await configManager.reload() {
                case .applied:
                    return APIResponse.text("")
                case .rejected(let message):
                    return APIResponse.text("failed to reload config: \(message)\n", status: .internalServerError)
                }
            }
        }
        router.get("/metrics") { _, _ in
            APIResponse.text(metrics.exposition(), contentType: "text/plain; version=0.0.4; charset=utf-8")
        }
    }
}
