import Testing
import VigilModel

struct MatcherTests {
    @Test(arguments: [
        // kind, name, value, label value (nil = absent), matches
        (LabelMatcher.Kind.equal, "a", "x", "x", true),
        (.equal, "a", "", nil, true),                 // absent equals ""
        (.equal, "a", "", "x", false),
        (.notEqual, "a", "x", nil, true),
        (.notEqual, "a", "", nil, false),
        (.regexMatch, "a", ".*", nil, true),         // matches series without the label
        (.regexMatch, "a", ".+", nil, false),
        (.regexMatch, "a", "fo+", "foo", true),
        (.regexMatch, "a", "fo+", "xfoo", false),    // anchored at both ends
        (.regexMatch, "a", "fo+", "foox", false),
        (.regexMatch, "a", "a|b|c", "b", true),
        (.regexMatch, "a", "api/.*", "api/v1", true),
        (.regexMatch, "a", "5..", "503", true),
        (.regexMatch, "a", "(?i)GET", "get", true),
        (.regexMatch, "a", "a.c", "a\nc", true),     // `.` matches newline (Prometheus 3.x)
        (.regexMatch, "a", "foo", "foo\n", false),   // no match before a trailing newline
        (.regexNoMatch, "a", ".+", nil, true),
        (.regexNoMatch, "a", "x|y", "y", false),
    ] as [(LabelMatcher.Kind, String, String, String?, Bool)])
    func matching(_ kind: LabelMatcher.Kind, _ name: String, _ value: String, _ label: String?, _ expected: Bool) throws {
        let matcher = try LabelMatcher(kind, name, value)
        let labels = label.map { Labels([Label(name, $0)]) } ?? .empty
        #expect(matcher.matches(labels) == expected, "\(matcher) on \(labels)")
    }

    @Test(arguments: ["(", "a{2,1}", "(?=x)", "(?!x)", "(?<=x)y", #"(a)\1"#])
    func rejectsWhatRE2Rejects(_ pattern: String) {
        #expect(throws: RegexError.self) { try LabelRegex(pattern) }
    }

    @Test(arguments: [
        ("(.*)", "abc", "$1", "abc"),
        ("(a)(b)?", "a", "[$2]", "[]"),
        ("(?P<host>[^:]+):(\\d+)", "h:80", "${host}-$2", "h-80"),
        ("(.+)", "x", "$1y", ""),           // $1y names group "1y", which does not exist
        ("(.+)", "x", "${1}y", "xy"),
        ("(.+)", "x", "$$1", "$1"),
        ("(.+)", "x", "cost $", "cost $"),
    ])
    func expansionFollowsGo(_ pattern: String, _ value: String, _ template: String, _ expected: String) throws {
        #expect(try LabelRegex(pattern).expand(template, matching: value) == expected)
    }

    /// The simple shapes skip ICU; spelled with a non-capturing group they go through it,
    /// and both must match and capture alike.
    @Test(arguments: [
        ("foo", ["foo", "fo", "foox", ""]),
        (".*", ["", "x", "a\nb"]),
        (".+", ["", "x", "\n"]),
        ("api_.*", ["api_", "api_x", "ap", "xapi_"]),
        ("GET|POST|", ["GET", "POST", "", "PUT", "GETPOST"]),
        ("/api/v1", ["/api/v1", "/api/v2"]),
    ])
    func simpleShapesAgreeWithTheRegexEngine(_ pattern: String, _ values: [String]) throws {
        let simple = try LabelRegex(pattern)
        let general = try LabelRegex("(?:" + pattern + ")")
        for value in values {
            #expect(simple.matches(value) == general.matches(value), "\(pattern) on \(value)")
            #expect(simple.captures(value) == general.captures(value), "\(pattern) on \(value)")
            #expect(simple.expand("<$0|$1>", matching: value) == general.expand("<$0|$1>", matching: value))
        }
    }

    @Test func printing() throws {
        #expect(try LabelMatcher(.regexMatch, "job", #"a"b"#).description == #"job=~"a\"b""#)
    }
}
