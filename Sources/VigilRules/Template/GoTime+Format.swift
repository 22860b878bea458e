/// Go's `Time.Format`: the reference time `Mon Jan 2 15:04:05 MST 2006` spelled in the
/// layout names each element (`2006-01-02T15:04:05Z07:00`, `.000`, `.999`, `PM`, …).
extension GoTime {
    private enum Element {
        case literal(String)
        case longMonth, month, numMonth, zeroMonth
        case longWeekDay, weekDay
        case day, underDay, zeroDay, underYearDay, zeroYearDay
        case hour, hour12, zeroHour12, minute, zeroMinute, second, zeroSecond
        case longYear, year, pm, lowerPM, zoneName
        /// Numeric zone: `z` prints `Z` for UTC; `colon` separates; `seconds`/`minutes` included.
        case numericZone(z: Bool, colon: Bool, minutes: Bool, seconds: Bool)
        /// Fractional seconds with `digits` digits; `trim` drops trailing zeros (`.999`).
        case fraction(separator: Character, digits: Int, trim: Bool)
    }

    private static let monthNames = ["January", "February", "March", "April", "May", "June", "July", "August",
                                     "September", "October", "November", "December"]
    private static let dayNames = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]

    private static func elements(of layout: String) -> [Element] {
        let s = Array(layout.unicodeScalars)
        var out: [Element] = []
        var literal = ""
        var i = 0
        func has(_ text: String) -> Bool {
            let t = Array(text.unicodeScalars)
            return i + t.count <= s.count && Array(s[i..<i + t.count]) == t
        }
        func emit(_ element: Element, length: Int) {
            if !literal.isEmpty { out.append(.literal(literal)); literal = "" }
            out.append(element)
            i += length
        }
        // Longest spellings first, as Go's nextStdChunk tries them.
        let table: [(String, Element)] = [
            ("January", .longMonth), ("Jan", .month), ("Monday", .longWeekDay), ("Mon", .weekDay), ("MST", .zoneName),
            ("002", .zeroYearDay), ("01", .zeroMonth), ("02", .zeroDay), ("03", .zeroHour12), ("04", .zeroMinute),
            ("05", .zeroSecond), ("06", .year), ("15", .hour), ("1", .numMonth), ("2006", .longYear), ("2", .day),
            ("__2", .underYearDay), ("_2006", .literal("_")), ("_2", .underDay), ("3", .hour12), ("4", .minute), ("5", .second),
            ("PM", .pm), ("pm", .lowerPM),
            ("-070000", .numericZone(z: false, colon: false, minutes: true, seconds: true)),
            ("-07:00:00", .numericZone(z: false, colon: true, minutes: true, seconds: true)),
            ("-0700", .numericZone(z: false, colon: false, minutes: true, seconds: false)),
            ("-07:00", .numericZone(z: false, colon: true, minutes: true, seconds: false)),
            ("-07", .numericZone(z: false, colon: false, minutes: false, seconds: false)),
            ("Z070000", .numericZone(z: true, colon: false, minutes: true, seconds: true)),
            ("Z07:00:00", .numericZone(z: true, colon: true, minutes: true, seconds: true)),
            ("Z0700", .numericZone(z: true, colon: false, minutes: true, seconds: false)),
            ("Z07:00", .numericZone(z: true, colon: true, minutes: true, seconds: false)),
            ("Z07", .numericZone(z: true, colon: false, minutes: false, seconds: false)),
        ]
        outer: while i < s.count {
            let c = s[i]
            if (c == "." || c == ","), i + 1 < s.count, s[i + 1] == "0" || s[i + 1] == "9" {
                let digit = s[i + 1]
                var j = i + 1
                while j < s.count, s[j] == digit { j += 1 }
                if j >= s.count || !(s[j].properties.numericType != nil && s[j].isASCII) {
                    emit(.fraction(separator: Character(c), digits: j - i - 1, trim: digit == "9"), length: j - i)
                    continue
                }
            }
            for (text, element) in table where has(text) {
                if case .literal(let prefix) = element {
                    // "_2006" is a literal underscore followed by the year.
                    literal += prefix
                    i += 1
                    emit(.longYear, length: 4)
                    continue outer
                }
                // "Jan"/"Mon" followed by a lower-case letter are text ("Month"), as in Go.
                if text == "Jan" || text == "Mon", i + 3 < s.count, s[i + 3].properties.isLowercase { continue }
                emit(element, length: text.unicodeScalars.count)
                continue outer
            }
            literal.unicodeScalars.append(c)
            i += 1
        }
        if !literal.isEmpty { out.append(.literal(literal)) }
        return out
    }

    /// The time formatted with Go layout `layout`.
    public func format(_ layout: String) -> String {
        let c = civil
        var out = ""
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        for element in Self.elements(of: layout) {
            switch element {
            case .literal(let text): out += text
            case .longMonth: out += Self.monthNames[c.month - 1]
            case .month: out += String(Self.monthNames[c.month - 1].prefix(3))
            case .numMonth: out += "\(c.month)"
            case .zeroMonth: out += two(c.month)
            case .longWeekDay: out += Self.dayNames[c.weekday]
            case .weekDay: out += String(Self.dayNames[c.weekday].prefix(3))
            case .day: out += "\(c.day)"
            case .underDay: out += c.day < 10 ? " \(c.day)" : "\(c.day)"
            case .zeroDay: out += two(c.day)
            case .underYearDay: out += String(repeating: " ", count: 3 - "\(c.yearDay)".count) + "\(c.yearDay)"
            case .zeroYearDay: out += String(repeating: "0", count: 3 - "\(c.yearDay)".count) + "\(c.yearDay)"
            case .hour: out += two(c.hour)
            case .hour12: out += "\(c.hour % 12 == 0 ? 12 : c.hour % 12)"
            case .zeroHour12: out += two(c.hour % 12 == 0 ? 12 : c.hour % 12)
            case .minute: out += "\(c.minute)"
            case .zeroMinute: out += two(c.minute)
            case .second: out += "\(c.second)"
            case .zeroSecond: out += two(c.second)
            case .longYear:
                let y = abs(c.year)
                out += (c.year < 0 ? "-" : "") + String(repeating: "0", count: max(0, 4 - "\(y)".count)) + "\(y)"
            case .year: out += two(abs(c.year) % 100)
            case .pm: out += c.hour >= 12 ? "PM" : "AM"
            case .lowerPM: out += c.hour >= 12 ? "pm" : "am"
            case .zoneName:
                if !zoneName.isEmpty {
                    out += zoneName
                } else {
                    let minutes = offsetSeconds / 60
                    out += (minutes < 0 ? "-" : "+") + two(abs(minutes) / 60)
                    if minutes % 60 != 0 { out += two(abs(minutes) % 60) }
                }
            case .numericZone(let z, let colon, let withMinutes, let withSeconds):
                if z && offsetSeconds == 0 {
                    out += "Z"
                    continue
                }
                let magnitude = abs(offsetSeconds)
                out += (offsetSeconds < 0 ? "-" : "+") + two(magnitude / 3600)
                if withMinutes { out += (colon ? ":" : "") + two(magnitude / 60 % 60) }
                if withSeconds { out += (colon ? ":" : "") + two(magnitude % 60) }
            case .fraction(let separator, let digits, let trim):
                var text = String(c.nanosecond)
                text = String(repeating: "0", count: 9 - text.count) + text
                text = String(text.prefix(digits))
                if trim {
                    while text.last == "0" { text.removeLast() }
                    if text.isEmpty { continue }
                }
                out += String(separator) + text
            }
        }
        return out
    }
}
