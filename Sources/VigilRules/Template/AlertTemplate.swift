import VigilModel

/// Expansion of alerting-rule labels and annotations, as Prometheus' `AlertingRule.Eval`
/// does it: the text is prefixed with `$labels`, `$externalLabels`, `$externalURL` and
/// `$value` definitions, named `__alert_NAME`, and a failure becomes the text
/// `<error expanding template: …>` rather than an error, so the alert is still sent.
public struct AlertTemplate: Sendable {
    /// Prometheus' convenience variables, prepended to every label and annotation.
    static let definitions =
        "{{$labels := .Labels}}{{$externalLabels := .ExternalLabels}}{{$externalURL := .ExternalURL}}{{$value := .Value}}"

    public var externalLabels: Labels
    public var externalURL: String
    public var query: PrometheusTemplate.QueryFunction?

    public init(externalLabels: Labels = .empty, externalURL: String = "", query: PrometheusTemplate.QueryFunction? = nil) {
        self.externalLabels = externalLabels
        self.externalURL = externalURL
        self.query = query
    }

    /// Expands `text` for one alert instance of rule `alertName`: `labels` are the labels
    /// of the sample that triggered it (metric name included, as Prometheus passes them).
    public func expand(_ text: String, alertName: String, labels: Labels, value: Double, time: Timestamp) -> String {
        let data = AlertTemplateData(
            labels: Dictionary(labels.map { ($0.name, $0.value) }, uniquingKeysWith: { $1 }),
            externalLabels: Dictionary(externalLabels.map { ($0.name, $0.value) }, uniquingKeysWith: { $1 }),
            externalURL: externalURL, value: value)
        let expander = PrometheusTemplate(time: time, externalURL: externalURL, query: query)
        do {
            return try expander.expand(Self.definitions + text, name: "__alert_" + alertName, data: .object(data))
        } catch {
            return "<error expanding template: \(error.message)>"
        }
    }

    /// Parses `text` as Prometheus' rule checks do, without executing it.
    public static func check(_ text: String, alertName: String) throws(TemplateError) {
        try PrometheusTemplate(time: 0).check(definitions + text, name: "__alert_" + alertName)
    }
}

/// Prometheus' `template.AlertTemplateData`: `.Labels`, `.ExternalLabels`,
/// `.ExternalURL` and `.Value`.
struct AlertTemplateData: TemplateObject {
    var labels: [String: String]
    var externalLabels: [String: String]
    var externalURL: String
    var value: Double

    var typeName: String {
        "struct { Labels map[string]string; ExternalLabels map[string]string; ExternalURL string; Value interface {} }"
    }

    func field(_ name: String) -> TemplateValue? {
        switch name {
        case "Labels": return .stringMap(labels)
        case "ExternalLabels": return .stringMap(externalLabels)
        case "ExternalURL": return .string(externalURL)
        case "Value": return .float(value)
        default: return nil
        }
    }

    var plainDescription: String {
        "{\(GoFormat.print(.stringMap(labels))) \(GoFormat.print(.stringMap(externalLabels))) \(externalURL) \(GoFormat.print(.float(value)))}"
    }
}
