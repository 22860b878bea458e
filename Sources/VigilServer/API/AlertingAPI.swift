import Hummingbird
import VigilModel
import VigilPromQL
import VigilRules

/// `/api/v1/rules`, `/api/v1/alerts` and `/api/v1/alertmanagers` in Prometheus' shapes.
struct AlertingAPI {
    let alerting: AlertingServices

    func register(on router: Router<some RequestContext>) {
        router.get("/api/v1/rules") { request, _ in
            do {
                let parameters = try await RequestParameters.read(request)
                let filter = try Self.filter(parameters)
                return APIResponse.success(RulesAPI.rulesData(await alerting.rules.status(), filter: filter))
            } catch let error as APIError {
                return APIResponse.error(error)
            }
        }
        router.get("/api/v1/alerts") { _, _ in
            APIResponse.success(RulesAPI.alertsData(await alerting.rules.status()))
        }
        router.get("/api/v1/alertmanagers") { _, _ in
            let active = await alerting.alertmanagers.status().map { #"{"url":"# + JSONString.quoted($0.url) + "}" }
            return APIResponse.success(#"{"activeAlertmanagers":["# + active.joined(separator: ",") + #"],"droppedAlertmanagers":[]}"#)
        }
    }

    private static func filter(_ parameters: RequestParameters) throws(APIError) -> RulesAPI.Filter {
        var matcherSets: [[LabelMatcher]] = []
        for text in parameters.all("match[]") {
            do {
                matcherSets.append(try Parser.parseSelector(text))
            } catch {
                throw APIError(.badData, "invalid parameter \"match[]\": \(error)")
            }
        }
        do {
            return try RulesAPI.Filter(
                type: parameters["type"], ruleNames: parameters.all("rule_name[]"), ruleGroups: parameters.all("rule_group[]"),
                files: parameters.all("file[]"), matcherSets: matcherSets, excludeAlerts: parameters["exclude_alerts"])
        } catch {
            throw APIError(.badData, error.description)
        }
    }
}
