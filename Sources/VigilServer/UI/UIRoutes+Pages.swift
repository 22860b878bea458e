import Foundation
import Hummingbird
import VigilConfig
import VigilDashboard
import VigilModel
import VigilPromQL

extension UIRoutes {
    // MARK: - Home, Explore

    /// `/`: dashboards, target health and firing alerts at a glance.
    func home(_ request: PageRequest) async -> Response {
        let state = dashboards.current
        let targets = await StateViews.targetPools(scrape.manager).flatMap(\.targets)
        let rules = StateViews.alertRules(await alerting.rules.status())
        let alerts = rules.flatMap(\.alerts)
        var notices: [String] = []
        if let error = await configManager.lastReloadError {
            notices.append("The last configuration reload failed; the previous configuration is still running: \(error)")
        }
        if !state.problems.isEmpty {
            notices.append("Dashboards did not load (the previous ones are shown): " + state.problems.joined(separator: "; "))
        }
        let page = HomePage(
            dashboards: state.catalog.dashboards, targetsUp: targets.filter { $0.health == .up }.count,
            targetsDown: targets.filter { $0.health != .up }.count, downTargets: targets.filter { $0.health != .up },
            firingAlerts: alerts.filter { $0.state == .firing }.sorted { ($0.activeSince ?? 0) < ($1.activeSince ?? 0) },
            pendingAlerts: alerts.filter { $0.state == .pending }.count, notices: notices)
        return await render(request) { page.render(context: $0) }
    }

    /// `/explore`: the query as a graph (range query) or table (instant query).
    func explore(_ request: PageRequest) async -> Response {
        let state = dashboards.current
        let exploreRequest = ExploreRequest(url: request.url, now: request.context.now, offsetSeconds: request.context.offsetSeconds)
        let view = await ExploreView.load(exploreRequest, querier: querier, scrapeInterval: state.scrapeInterval, timeout: state.queryTimeout)
        return await render(request) { ExplorePage(view: view).render(context: $0) }
    }

    /// Prometheus' `/graph?g0.expr=…&g0.tab=1&g0.range_input=1h` (the links rules, alerts
    /// and notifications carry) lands on Explore with the same query, tab and range.
    func graphRedirect(_ request: PageRequest) -> Response {
        let explore = ExploreRequest(url: request.url, now: request.context.now, offsetSeconds: request.context.offsetSeconds)
        var url = PageURL(path: Routes.explore)
        if !explore.query.isEmpty { url = url.setting("query", explore.query) }
        if explore.tab == .table { url = url.setting("tab", ExploreRequest.Tab.table.rawValue) }
        if explore.range != .last(3_600_000) {
            url = url.setting([("from", explore.range.from.text), ("to", explore.range.to.text)])
        }
        return PageResponse.redirect(to: url.description)
    }

    // MARK: - Alerts, targets, rules

    /// `/alerts`: alerting rules with their alerts, and the timeline from `ALERTS` (default: 6 h).
    func alerts(_ request: PageRequest) async -> Response {
        let state = dashboards.current
        let dashboardRequest = DashboardRequest(url: request.url, now: request.context.now, offsetSeconds: request.context.offsetSeconds)
        let range = (dashboardRequest.range ?? .last(6 * 3_600_000)).resolve(now: request.context.now, offsetSeconds: request.context.offsetSeconds)
        var rules = StateViews.alertRules(await alerting.rules.status())
        // Notifications link to `/alerts?receiver=NAME`: the alerts routed there.
        let receiver = request.url["receiver"].flatMap { $0.isEmpty ? nil : $0 }
        if let receiver {
            for index in rules.indices {
                var routed: [AlertView] = []
                for alert in rules[index].alerts where await alerting.receivers(of: alert.labels).contains(receiver) {
                    routed.append(alert)
                }
                rules[index].alerts = routed
            }
            rules.removeAll { $0.alerts.isEmpty }
        }
        let timeline = await AlertTimeline.load(
            querier: querier, range: range, evaluationInterval: state.evaluationInterval, timeout: min(state.queryTimeout, .seconds(30)))
        let deliveries = StateViews.deliveries(await alerting.notifications.status(), alertmanagers: await alerting.alertmanagers.status())
        let page = AlertsPage(rules: rules, timeline: timeline, range: range, receiver: receiver, deliveries: deliveries)
        return await render(request) { page.render(context: $0) }
    }

    /// `/targets`: every pool and target, with samples per scrape from the store.
    func targets(_ request: PageRequest) async -> Response {
        let pools = await StateViews.targetPools(scrape.manager, samplesScraped: await samplesScraped(at: request.context.now))
        return await render(request) { TargetsPage(pools: pools).render(context: $0) }
    }

    /// The stored `scrape_samples_scraped` of every target, by job and instance: the
    /// Targets page shows it and warns about an empty /metrics.
    private func samplesScraped(at now: Timestamp) async -> [Labels: Int] {
        guard let outcome = try? await queries.evaluateKeepingPosition("scrape_samples_scraped", .instant(now)),
            case .success(let result) = outcome, case .vector(let samples) = result.value
        else { return [:] }
        var counts: [Labels: Int] = [:]
        for sample in samples where sample.v.isFinite {
            counts[StateViews.jobAndInstance(sample.labels)] = Int(sample.v)
        }
        return counts
    }

    /// `/rules`: rule groups with each rule's health and last evaluation.
    func rules(_ request: PageRequest) async -> Response {
        let groups = StateViews.ruleGroups(await alerting.rules.status())
        return await render(request) { RulesPage(groups: groups).render(context: $0) }
    }

    // MARK: - Status

    /// `/status`: build, runtime, flags, storage figures and the config with secrets hidden.
    func status(_ request: PageRequest) async -> Response {
        let config = await configManager.current
        let reload = await configManager.lastReload
        let reloadError = await configManager.lastReloadError
        let now = request.context.now
        let build: [(name: String, value: String)] = [
            ("Version", BuildInfo.version), ("Revision", BuildInfo.revision), ("Branch", BuildInfo.branch), ("Swift", BuildInfo.swiftVersion),
        ]
        var runtime: [(name: String, value: String)] = [
            ("Start time", RFC3339.format(startTime)),
            ("Uptime", PromDuration.format(max(0, now - startTime) / 1000 * 1000)),
            ("Working directory", FileManager.default.currentDirectoryPath),
            ("Data directory", options.dataDirectory),
            ("Listen address", options.listen.description),
            ("External URL", externalURL),
            ("Configuration reload", reload.successful ? "successful, " + RFC3339.format(reload.lastSuccess) : "failed"),
            ("CPU cores", String(ProcessInfo.processInfo.activeProcessorCount)),
        ]
        if let stats = ProcessStats.current() {
            runtime.append(("Resident memory", ValueFormatter(unit: .bytesIEC).format(stats.residentBytes)))
        }
        let flags = options.flags.sorted { $0.key < $1.key }.map { (name: $0.key, value: $0.value) }
        let file = config.file
        let yaml = file == ConfigLoader.builtInFile ? ConfigLoader.builtInYAML : (try? String(contentsOfFile: file, encoding: .utf8)) ?? ""
        let retention = config.storage.retentionTime
        let storage = self.storage
        let page: StatusPage
        do {
            let storageStatus = try await queries.offload { StateViews.storageStatus(storage, retention: retention) }
            page = StatusPage(
                build: build, runtime: runtime, flags: flags, storage: storageStatus, config: ConfigRedaction.redact(yaml),
                configFile: file == ConfigLoader.builtInFile ? "built-in default configuration" : file, lastReloadError: reloadError,
                remoteWrite: remoteWrite.status)
        } catch {
            return await unavailable(request)
        }
        return await render(request) { page.render(context: $0) }
    }
}
