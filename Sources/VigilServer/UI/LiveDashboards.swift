import Synchronization
import VigilConfig
import VigilDashboard
import VigilModel
import VigilPromQL

/// The dashboards of the running configuration and the settings pages need from it,
/// rebuilt on every config reload. Dashboards that do not load never reject a reload:
/// the previous catalog keeps serving and the problems show on the Dashboards and Home pages.
final class LiveDashboards: ConfigSubscriber {
    /// What one configuration gives the pages.
    struct State: Sendable {
        var catalog = DashboardCatalog()
        /// Why the latest dashboards did not load (file:line:col: message), empty when they did.
        var problems: [String] = []
        /// Harmless findings (a `dashboard_files` glob that matches nothing).
        var warnings: [String] = []
        /// `global.scrape_interval` in ms: the smallest step and the base of `$__rate_interval`.
        var scrapeInterval: Int64 = 15_000
        /// `global.evaluation_interval` in ms: the step of the alert timeline.
        var evaluationInterval: Int64 = 15_000
        /// `web.query_timeout`: how long a page waits for its queries.
        var queryTimeout: Duration = .seconds(120)
    }

    private let state = Mutex(State())

    /// The current state (a copy).
    var current: State { state.withLock { $0 } }

    func apply(_ config: VigilConfiguration) async {
        var next = current
        next.scrapeInterval = max(1, config.global.scrapeInterval.inMilliseconds)
        next.evaluationInterval = max(1, config.global.evaluationInterval.inMilliseconds)
        next.queryTimeout = config.web.queryTimeout
        do {
            let loaded = try DashboardFileLoader.load(config, checkQuery: Self.checkQuery)
            next.catalog = loaded.catalog
            next.problems = []
            next.warnings = loaded.warnings
        } catch {
            // As a bad rule file on reload: the previous dashboards stay.
            next.problems = error.problems.map(\.description)
        }
        let applied = next
        state.withLock { $0 = applied }
    }

    /// Panel queries are checked with the PromQL parser, so problems carry their position.
    static let checkQuery: QueryCheck = { query in
        do throws(PromQLError) {
            _ = try Parser.parse(query)
            return nil
        } catch {
            return QueryIssue(message: error.message, offset: error.range.lowerBound)
        }
    }
}
