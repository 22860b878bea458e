import VigilModel
import VigilPromQL

/// Writes query results in the JSON shape of Prometheus' HTTP API, by hand: results can
/// hold millions of points, and this is the hottest path of every dashboard.
enum QueryResultJSON {
    /// `{"resultType":…,"result":…}`.
    static func data(_ value: QueryValue) -> String {
        var out = #"{"resultType":""# + value.type.rawValue + #"","result":"#
        switch value {
        case .scalar(let t, let v):
            appendPoint(t, v, to: &out)
        case .string(let t, let s):
            out += "["
            appendTimestamp(t, to: &out)
            out += ","
            out += JSONString.quoted(s)
            out += "]"
        case .vector(let samples):
            out += "["
            for (index, sample) in samples.enumerated() {
                if index > 0 { out += "," }
                out += #"{"metric":"#
                appendLabels(sample.labels, to: &out)
                out += #","value":"#
                appendPoint(sample.t, sample.v, to: &out)
                out += "}"
            }
            out += "]"
        case .matrix(let series):
            out += "["
            for (index, one) in series.enumerated() {
                if index > 0 { out += "," }
                out += #"{"metric":"#
                appendLabels(one.labels, to: &out)
                out += #","values":["#
                for (i, sample) in one.samples.enumerated() {
                    if i > 0 { out += "," }
                    appendPoint(sample.t, sample.v, to: &out)
                }
                out += "]}"
            }
            out += "]"
        }
        out += "}"
        return out
    }

    /// `{"a":"1","b":"2"}` in label order.
    static func appendLabels(_ labels: Labels, to out: inout String) {
        out += "{"
        for (index, label) in labels.enumerated() {
            if index > 0 { out += "," }
            out += "\""
            JSONString.append(label.name, to: &out)
            out += "\":\""
            JSONString.append(label.value, to: &out)
            out += "\""
        }
        out += "}"
    }

    /// `[1435781451.781,"1"]`.
    static func appendPoint(_ t: Timestamp, _ v: Double, to out: inout String) {
        out += "["
        appendTimestamp(t, to: &out)
        out += ",\""
        out += sampleValue(v)
        out += "\"]"
    }

    /// A sample value as Prometheus' `jsonutil.MarshalFloat` writes it: positional, but the
    /// exponent form below 1e-6 and from 1e21 on (`1e-07`, `1.5e+308`).
    static func sampleValue(_ v: Double) -> String {
        let magnitude = abs(v)
        if magnitude < 1e15, v.isFinite {
            // The common cases without GoFloat's digit work: integers and Swift's shortest
            // positional digits, which are Go's (both print the shortest round-trip form).
            if v == v.rounded(.towardZero) {
                return v == 0 && v.sign == .minus ? "-0" : String(Int64(v))
            }
            if magnitude >= 1e-4 { return v.description }
        }
        if magnitude != 0, magnitude < 1e-6 || magnitude >= 1e21 {
            // Go's shortest %g is the exponent form in exactly these ranges.
            return GoFloat.g(v)
        }
        return GoFloat.f(v)
    }

    /// Seconds with up to three decimals, trailing zeros dropped (`1435781451.78`).
    static func appendTimestamp(_ t: Timestamp, to out: inout String) {
        out += TimestampFormat.seconds(t)
    }
}

/// Timestamps as the API prints them: seconds, milliseconds as a trimmed fraction.
enum TimestampFormat {
    static func seconds(_ t: Timestamp) -> String {
        let negative = t < 0
        let magnitude = t.magnitude
        var text = negative ? "-" : ""
        text += String(magnitude / 1000)
        var millis = magnitude % 1000
        guard millis != 0 else { return text }
        // Up to three decimals, trailing zeros dropped: 780 -> ".78", 5 -> ".005".
        var digits = 3
        while millis % 10 == 0 {
            millis /= 10
            digits -= 1
        }
        let fraction = String(millis)
        text += "."
        if fraction.count < digits { text += String(repeating: "0", count: digits - fraction.count) }
        text += fraction
        return text
    }
}
