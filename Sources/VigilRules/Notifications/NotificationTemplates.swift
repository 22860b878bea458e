import Foundation
import VigilConfig
import VigilModel

/// The templates of notifications: Alertmanager's function set and default definitions
/// (`slack.default.title`, `msteams.default.text`, …, written here to produce the same
/// text), plus the user's own template files, all in one set as Alertmanager keeps them.
public struct NotificationTemplates: Sendable {
    private var set: TextTemplate

    /// The defaults plus the definitions in `files` (contents, in order; later ones win).
    public init(files: [(name: String, text: String)] = []) throws(TemplateError) {
        set = try TextTemplate(Self.defaults, name: "", functions: Self.functions, missingKey: .zero)
        for file in files { try set.parse(file.text, name: file.name) }
    }

    /// Expands one configured field (e.g. a Slack title) over the notification data.
    /// An empty text stays empty, as Alertmanager's `ExecuteTextString`.
    public func expand(_ text: String, data: NotificationData) throws(TemplateError) -> String {
        if text.isEmpty { return "" }
        var copy = set
        try copy.parse(text, name: "__field")
        return try copy.execute(data.templateValue, template: "__field")
    }

    // MARK: - Alertmanager's functions

    static let functions: TemplateFunctions = {
        var f: TemplateFunctions = [:]
        f["toUpper"] = TemplateFunction([.string]) { .string(GoText.toUpper($0[0].stringValue ?? "")) }
        f["toLower"] = TemplateFunction([.string]) { .string(GoText.toLower($0[0].stringValue ?? "")) }
        f["title"] = TemplateFunction([.string]) { .string(GoText.title($0[0].stringValue ?? "", lowerRest: true)) }
        f["trimSpace"] = TemplateFunction([.string]) { .string(($0[0].stringValue ?? "").trimmingCharacters(in: .whitespacesAndNewlines)) }
        f["join"] = TemplateFunction([.string, .stringList]) { args in
            .string((args[1].elements ?? []).compactMap(\.stringValue).joined(separator: args[0].stringValue ?? ""))
        }
        f["match"] = TemplateFunction([.string, .string]) { args throws(TemplateFunctionError) in
            .bool(try GoRegex(args[0].stringValue ?? "").matches(args[1].stringValue ?? ""))
        }
        f["safeHtml"] = TemplateFunction([.string]) { .html($0[0].stringValue ?? "") }
        f["safeUrl"] = TemplateFunction([.string]) { .string($0[0].stringValue ?? "") }
        f["urlUnescape"] = TemplateFunction([.string]) { args throws(TemplateFunctionError) in
            let text = (args[0].stringValue ?? "").replacingOccurrences(of: "+", with: " ")
            guard let decoded = text.removingPercentEncoding else {
                throw TemplateFunctionError("invalid URL escape in \(GoQuote.string(args[0].stringValue ?? ""))")
            }
            return .string(decoded)
        }
        f["reReplaceAll"] = TemplateFunction([.string, .string, .string]) { args throws(TemplateFunctionError) in
            let pattern = args[0].stringValue ?? ""
            let regex: GoRegex
            do throws(TemplateFunctionError) { regex = try GoRegex(pattern) } catch {
                throw TemplateFunctionError("regexp: Compile(`\(pattern)`): \(error.message)")
            }
            return .string(regex.replaceAll(in: args[2].stringValue ?? "", with: args[1].stringValue ?? ""))
        }
        f["stringSlice"] = TemplateFunction([], variadic: .string) { .strings($0.compactMap(\.stringValue)) }
        f["date"] = TemplateFunction([.string, .typed("time.Time")]) { args in
            guard case .object(let time as GoTime) = args[1] else { return .string("") }
            return .string(time.format(args[0].stringValue ?? ""))
        }
        f["tz"] = TemplateFunction([.string, .typed("time.Time")]) { args throws(TemplateFunctionError) in
            guard case .object(var time as GoTime) = args[1] else { return args[1] }
            let name = args[0].stringValue ?? ""
            guard let zone = name == "UTC" || name.isEmpty ? TimeZone(identifier: "UTC") : TimeZone(identifier: name) else {
                throw TemplateFunctionError("unknown time zone \(name)")
            }
            let date = Date(timeIntervalSince1970: Double(time.unixNanos) / 1e9)
            time.offsetSeconds = zone.secondsFromGMT(for: date)
            time.zoneName = zone.abbreviation(for: date) ?? name
            time.isPointer = false
            return .object(time)
        }
        f["since"] = TemplateFunction([.typed("time.Time")]) { args in
            guard case .object(let time as GoTime) = args[0] else { return .missing }
            return .object(GoDuration(nanoseconds: Timestamp.now() * 1_000_000 - time.unixNanos))
        }
        f["humanizeDuration"] = TemplateFunction([.any]) { args throws(TemplateFunctionError) in
            .string(Humanize.duration(try Humanize.float(args[0])))
        }
        f["toJson"] = TemplateFunction([.any]) { args in .string(GoJSON.encode(args[0])) }
        f["base64encode"] = TemplateFunction([.string]) { args in
            .string(Data((args[0].stringValue ?? "").utf8).base64EncodedString()
                .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_"))
        }
        f["base64decode"] = TemplateFunction([.string]) { args throws(TemplateFunctionError) in
            let text = (args[0].stringValue ?? "").replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
            guard let data = Data(base64Encoded: text) else {
                throw TemplateFunctionError("illegal base64 data at input byte 0")
            }
            return .string(String(decoding: data, as: UTF8.self))
        }
        f["list"] = TemplateFunction([], variadic: .any) { .list($0) }
        f["append"] = TemplateFunction([.list("[]interface {}")], variadic: .any) { args in
            .list((args[0].elements ?? []) + args.dropFirst())
        }
        f["dict"] = TemplateFunction([], variadic: .any) { args throws(TemplateFunctionError) in
            guard args.count % 2 == 0 else { throw TemplateFunctionError("dict requires an even number of arguments") }
            var map: [String: TemplateValue] = [:]
            for i in stride(from: 0, to: args.count, by: 2) {
                guard let key = args[i].stringValue else { throw TemplateFunctionError("dict keys must be strings") }
                map[key] = args[i + 1]
            }
            return .map(TemplateMap(map))
        }
        return f
    }()

    // MARK: - Default definitions

    /// Equivalent to Alertmanager's `template/default.tmpl` for the receivers Vigil has:
    /// the same subject line, alert lists and Slack/Teams fields. Links point at Vigil's
    /// alerts page instead of Alertmanager's.
    static let defaults = #"""
        {{ define "__alertmanager" }}Vigil{{ end }}
        {{ define "__alertmanagerURL" }}{{ .ExternalURL }}/alerts?receiver={{ urlquery .Receiver }}{{ end }}
        {{ define "__subject" -}}
        [{{ toUpper .Status }}{{ if eq .Status "firing" }}:{{ len .Alerts.Firing }}{{ end }}] {{ join " " .GroupLabels.SortedPairs.Values }} {{ if gt (len .CommonLabels) (len .GroupLabels) }}({{ with .CommonLabels.Remove .GroupLabels.Names }}{{ join " " .Values }}{{ end }}){{ end }}
        {{- end }}
        {{ define "__description" }}{{ end }}
        {{ define "__text_alert_list" }}{{ range . -}}
        Labels:
        {{ range .Labels.SortedPairs }} - {{ .Name }} = {{ .Value }}
        {{ end -}}
        Annotations:
        {{ range .Annotations.SortedPairs }} - {{ .Name }} = {{ .Value }}
        {{ end -}}
        Source: {{ .GeneratorURL }}
        {{ end }}{{ end }}
        {{ define "__text_alert_list_markdown" }}{{ range . }}
        Labels:
        {{ range .Labels.SortedPairs }}  - {{ .Name }} = {{ .Value }}
        {{ end }}
        Annotations:
        {{ range .Annotations.SortedPairs }}  - {{ .Name }} = {{ .Value }}
        {{ end }}
        Source: {{ .GeneratorURL }}
        {{ end }}
        {{ end }}
        {{ define "__alert_sections_markdown" }}
        {{ if .Alerts.Firing }}
        # Alerts Firing:
        {{ template "__text_alert_list_markdown" .Alerts.Firing }}
        {{ end }}
        {{ if .Alerts.Resolved }}
        # Alerts Resolved:
        {{ template "__text_alert_list_markdown" .Alerts.Resolved }}
        {{ end }}
        {{ end }}
        {{ define "slack.default.title" }}{{ template "__subject" . }}{{ end }}
        {{ define "slack.default.username" }}{{ template "__alertmanager" . }}{{ end }}
        {{ define "slack.default.fallback" }}{{ template "slack.default.title" . }} | {{ template "slack.default.titlelink" . }}{{ end }}
        {{ define "slack.default.callbackid" }}{{ end }}
        {{ define "slack.default.pretext" }}{{ end }}
        {{ define "slack.default.titlelink" }}{{ template "__alertmanagerURL" . }}{{ end }}
        {{ define "slack.default.iconemoji" }}{{ end }}
        {{ define "slack.default.iconurl" }}{{ end }}
        {{ define "slack.default.text" }}{{ end }}
        {{ define "slack.default.footer" }}{{ end }}
        {{ define "slack.default.color" }}{{ if eq .Status "firing" }}danger{{ else }}good{{ end }}{{ end }}
        {{ define "msteams.default.summary" }}{{ template "__subject" . }}{{ end }}
        {{ define "msteams.default.title" }}{{ template "__subject" . }}{{ end }}
        {{ define "msteams.default.text" }}{{ template "__alert_sections_markdown" . }}{{ end }}
        {{ define "msteamsv2.default.title" }}{{ template "__subject" . }}{{ end }}
        {{ define "msteamsv2.default.text" }}{{ template "__alert_sections_markdown" . }}{{ end }}
        """#
}

extension NotificationTemplates {
    /// Reads the template files of `notifications.templates` (globs, relative to the config's
    /// `directory`), in pattern order, for `NotificationDispatcher`. A pattern matching
    /// nothing is fine (as Alertmanager's `FromGlob`); an unreadable file is an error.
    public static func readFiles(_ config: NotificationsConfig, relativeTo directory: String) throws(NotificationConfigError) -> [(name: String, text: String)] {
        var files: [(name: String, text: String)] = []
        for pattern in config.templates {
            let paths: [String]
            do {
                paths = try Glob.expand(pattern, relativeTo: directory)
            } catch {
                throw NotificationConfigError("templates: \(error.description)")
            }
            for path in paths {
                guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
                    throw NotificationConfigError("templates: cannot read \(path)")
                }
                files.append((name: (path as NSString).lastPathComponent, text: text))
            }
        }
        return files
    }
}
