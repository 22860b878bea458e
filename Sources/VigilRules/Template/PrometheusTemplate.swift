import Synchronization
import VigilModel
import VigilPromQL

/// Prometheus' template expander (`template.Expander`): Go text/template with Prometheus'
/// functions (`humanize*`, `query`, `first`, `label`, `value`, `reReplaceAll`, …) and the
/// `missingkey=zero` option, as used for alert labels and annotations.
public struct PrometheusTemplate: Sendable {
    /// Runs a PromQL instant query for the `query` function. Blocking.
    public typealias QueryFunction = @Sendable (_ expr: String, _ time: Timestamp) throws -> [VectorSample]

    /// The evaluation time (`now`, and the time `query` runs at).
    public var time: Timestamp
    /// The external URL (`externalURL`, `pathPrefix`).
    public var externalURL: String
    public var query: QueryFunction?

    public init(time: Timestamp, externalURL: String = "", query: QueryFunction? = nil) {
        self.time = time
        self.externalURL = externalURL
        self.query = query
    }

    /// Expands `text` named `name` over `data`; errors read as Prometheus' do
    /// (`error parsing template NAME: …`, `error executing template NAME: …`).
    public func expand(_ text: String, name: String, data: TemplateValue) throws(PrometheusTemplateError) -> String {
        let functions = self.functions
        let template: TextTemplate
        let key = name + "\u{0}" + text
        if let trees = Self.parsed.withLock({ $0[key] }) {
            template = TextTemplate(name: name, trees: trees, functions: functions, missingKey: .zero)
        } else {
            do {
                template = try TextTemplate(text, name: name, functions: functions)
            } catch {
                throw PrometheusTemplateError(message: "error parsing template \(name): \(error.description)", underlying: error)
            }
            Self.parsed.withLock { cache in
                // Rules have few distinct templates; a bound keeps odd inputs from growing it.
                if cache.count >= 4096 { cache.removeAll() }
                cache[key] = template.parsedTrees
            }
        }
        do {
            return try template.execute(data)
        } catch {
            throw PrometheusTemplateError(message: "error executing template \(name): \(error.description)", underlying: error)
        }
    }

    /// Parsed templates by name and text: alert templates are expanded for every alert at
    /// every evaluation, and the function set (which parsing checks names against) is fixed.
    private static let parsed = Mutex<[String: [String: TemplateTree]]>([:])

    /// Parses `text` without executing it (`ParseTest`), for `vigil check rules`.
    public func check(_ text: String, name: String) throws(TemplateError) {
        _ = try TextTemplate(text, name: name, functions: functions)
    }

    /// The names of Prometheus' template functions.
    public static let functionNames: Set<String> = Set(PrometheusTemplate(time: 0).functions.keys)

    /// Prometheus' function map bound to this expander's time, URL and query.
    public var functions: TemplateFunctions {
        let time = self.time
        let externalURL = self.externalURL
        let query = self.query
        var f: TemplateFunctions = [:]
        f["query"] = TemplateFunction([.string]) { args throws(TemplateFunctionError) in
            guard let query else { throw TemplateFunctionError("query is not available here") }
            do {
                let vector = try query(args[0].stringValue ?? "", time)
                return .list(vector.map { .object(TemplateSample($0)) }, elementType: "*template.sample").queryResult
            } catch {
                throw TemplateFunctionError("\(error)")
            }
        }
        f["first"] = TemplateFunction([.list("template.queryResult")]) { args throws(TemplateFunctionError) in
            guard let first = args[0].elements?.first else {
                throw TemplateFunctionError("first() called on vector with no elements")
            }
            return first
        }
        f["label"] = TemplateFunction([.string, .typed("*template.sample")]) { args in
            guard case .object(let sample as TemplateSample) = args[1] else { return .string("") }
            return .string(sample.labels[args[0].stringValue ?? ""] ?? "")
        }
        f["value"] = TemplateFunction([.typed("*template.sample")]) { args in
            guard case .object(let sample as TemplateSample) = args[0] else { return .missing }
            return .float(sample.value)
        }
        f["strvalue"] = TemplateFunction([.typed("*template.sample")]) { args in
            guard case .object(let sample as TemplateSample) = args[0] else { return .string("") }
            return .string(sample.labels["__value__"] ?? "")
        }
        f["args"] = TemplateFunction([], variadic: .any) { args in
            var map: [String: TemplateValue] = [:]
            for (i, arg) in args.enumerated() { map["arg\(i)"] = arg }
            return .map(TemplateMap(map))
        }
        f["reReplaceAll"] = TemplateFunction([.string, .string, .string]) { args throws(TemplateFunctionError) in
            let pattern = args[0].stringValue ?? ""
            let regex: GoRegex
            do throws(TemplateFunctionError) { regex = try GoRegex(pattern) } catch {
                // regexp.MustCompile panics; text/template reports the panic as the call's error.
                throw TemplateFunctionError("regexp: Compile(`\(pattern)`): \(error.message)")
            }
            return .string(regex.replaceAll(in: args[2].stringValue ?? "", with: args[1].stringValue ?? ""))
        }
        f["match"] = TemplateFunction([.string, .string]) { args throws(TemplateFunctionError) in
            .bool(try GoRegex(args[0].stringValue ?? "").matches(args[1].stringValue ?? ""))
        }
        f["safeHtml"] = TemplateFunction([.string]) { args in .html(args[0].stringValue ?? "") }
        f["title"] = TemplateFunction([.string]) { args in .string(GoText.title(args[0].stringValue ?? "", lowerRest: false)) }
        f["toUpper"] = TemplateFunction([.string]) { args in .string(GoText.toUpper(args[0].stringValue ?? "")) }
        f["toLower"] = TemplateFunction([.string]) { args in .string(GoText.toLower(args[0].stringValue ?? "")) }
        f["graphLink"] = TemplateFunction([.string]) { args in
            .string("/graph?g0.expr=\(TemplateBuiltins.queryEscape(args[0].stringValue ?? ""))&g0.tab=0")
        }
        f["tableLink"] = TemplateFunction([.string]) { args in
            .string("/graph?g0.expr=\(TemplateBuiltins.queryEscape(args[0].stringValue ?? ""))&g0.tab=1")
        }
        f["sortByLabel"] = TemplateFunction([.string, .list("template.queryResult")]) { args in
            let label = args[0].stringValue ?? ""
            let items = args[1].elements ?? []
            // A stable sort, as Go's sort.Stable.
            let sorted = items.enumerated().sorted { a, b in
                let x = Self.labelOf(a.element, label), y = Self.labelOf(b.element, label)
                return x == y ? a.offset < b.offset : x.utf8Precedes(y)
            }.map(\.element)
            return .list(sorted, elementType: "*template.sample").queryResult
        }
        f["stripPort"] = TemplateFunction([.string]) { args in
            let text = args[0].stringValue ?? ""
            return .string(GoText.splitHostPort(text)?.host ?? text)
        }
        f["stripDomain"] = TemplateFunction([.string]) { args in .string(GoText.stripDomain(args[0].stringValue ?? "")) }
        f["humanize"] = TemplateFunction([.any]) { args throws(TemplateFunctionError) in
            .string(Humanize.humanize(try Humanize.float(args[0])))
        }
        f["humanize1024"] = TemplateFunction([.any]) { args throws(TemplateFunctionError) in
            .string(Humanize.humanize1024(try Humanize.float(args[0])))
        }
        f["humanizeDuration"] = TemplateFunction([.any]) { args throws(TemplateFunctionError) in
            .string(Humanize.duration(try Humanize.float(args[0])))
        }
        f["humanizePercentage"] = TemplateFunction([.any]) { args throws(TemplateFunctionError) in
            .string(GoFormat.formatFloat(try Humanize.float(args[0]) * 100, verb: "g", precision: 4) + "%")
        }
        f["humanizeTimestamp"] = TemplateFunction([.any]) { args throws(TemplateFunctionError) in
            .string(try Humanize.timestamp(try Humanize.float(args[0])))
        }
        f["toTime"] = TemplateFunction([.any]) { args throws(TemplateFunctionError) in
            var t = try Humanize.time(try Humanize.float(args[0]))
            t.isPointer = true
            return .object(t)
        }
        f["toDuration"] = TemplateFunction([.any]) { args throws(TemplateFunctionError) in
            let seconds = try Humanize.float(args[0])
            let nanos = seconds * 1e9
            let clamped = nanos.isNaN ? Int64.min : nanos >= 9.2233720368547758e18 ? Int64.max : nanos <= -9.2233720368547758e18 ? Int64.min : Int64(nanos)
            return .object(GoDuration(nanoseconds: clamped, isPointer: true))
        }
        f["now"] = TemplateFunction([]) { _ in .float(Double(time) / 1000) }
        f["pathPrefix"] = TemplateFunction([]) { _ in .string(GoText.urlPath(externalURL)) }
        f["externalURL"] = TemplateFunction([]) { _ in .string(externalURL) }
        f["parseDuration"] = TemplateFunction([.string]) { args throws(TemplateFunctionError) in
            var text = Substring(args[0].stringValue ?? "")
            let negative = text.hasPrefix("-")
            if negative { text = text.dropFirst() }
            do throws(DurationError) {
                let ms = try PromDuration.parse(String(text))
                return .float(Double(negative ? -ms : ms) / 1000)
            } catch {
                // prometheus/common model.ParseDuration's wording.
                if error.text.isEmpty { throw TemplateFunctionError("empty duration string") }
                throw TemplateFunctionError("not a valid duration string: \(GoQuote.string(error.text))")
            }
        }
        f["urlQueryEscape"] = TemplateFunction([.string]) { args in .string(TemplateBuiltins.queryEscape(args[0].stringValue ?? "")) }
        return f
    }

    private static func labelOf(_ value: TemplateValue, _ label: String) -> String {
        guard case .object(let sample as TemplateSample) = value else { return "" }
        return sample.labels[label] ?? ""
    }
}

/// A Prometheus template expansion that failed; `message` is Prometheus' error text.
public struct PrometheusTemplateError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public var underlying: TemplateError

    public var description: String { message }
}

/// Prometheus' `*template.sample`: one element of a `query` result.
struct TemplateSample: TemplateObject {
    var labels: [String: String]
    var value: Double

    init(_ sample: VectorSample) {
        labels = Dictionary(uniqueKeysWithValues: sample.labels.map { ($0.name, $0.value) })
        value = sample.v
    }

    var typeName: String { "*template.sample" }

    func field(_ name: String) -> TemplateValue? {
        switch name {
        case "Labels": return .stringMap(labels)
        case "Value": return .float(value)
        default: return nil
        }
    }

    var plainDescription: String {
        "&{\(GoFormat.print(.stringMap(labels))) \(GoFormat.print(.float(value)))}"
    }
}

extension TemplateValue {
    /// The list as Prometheus' named `queryResult` type (so errors name it as Go does).
    var queryResult: TemplateValue {
        guard case .list(let items, _) = self else { return self }
        return .object(QueryResult(items: items))
    }
}

/// Prometheus' `queryResult` (`[]*sample`).
struct QueryResult: TemplateObject {
    var items: [TemplateValue]
    var typeName: String { "template.queryResult" }
    var elements: [TemplateValue]? { items }
}
