import Foundation
import Testing
import VigilModel
@testable import VigilConfig

/// The small parsers behind the loader: sizes, selectors, Alertmanager matchers, globs,
/// environment expansion, did-you-mean.
struct ParsingPiecesTests {
    static let sizes: [(String, Int64)] = [
        ("0", 0), ("1024", 1024), ("1B", 1), ("1KB", 1024), ("1KiB", 1024), ("10MB", 10_485_760),
        ("1.5GB", 1_610_612_736), ("1GB512MB", 1_610_612_736), ("2TiB", 2_199_023_255_552), (".5KB", 512),
    ]

    @Test(arguments: sizes)
    func byteSizes(_ text: String, _ bytes: Int64) {
        #expect((try? ByteSize.parse(text).get()) == bytes)
    }

    @Test(arguments: [(String, String)]([
        ("10kB", "units: unknown unit kB in 10kB"), ("MB", "units: invalid MB"), ("", "units: invalid "),
        ("-1MB", "a size must not be negative"), ("1..5MB", "units: invalid 1..5MB"),
    ]))
    func badByteSizes(_ text: String, _ message: String) {
        switch ByteSize.parse(text) {
        case .success(let bytes): Issue.record("parsed as \(bytes)")
        case .failure(let failure): #expect(failure.text == message)
        }
    }

    @Test(arguments: [
        (#"{job="batch"}"#, [#"job="batch""#]),
        ("up", [#"__name__="up""#]),
        (#"job:rate5m{ env =~ 'dev|test' , team!=`a\b`, }"#, [#"__name__="job:rate5m""#, #"env=~"dev|test""#, #"team!="a\\b""#]),
        (#"{a="\u00e4\x41\n\"", b!~"x"}"#, [#"a="äA\n\"""#, #"b!~"x""#]),
    ])
    func selectors(_ text: String, _ matchers: [String]) throws {
        #expect(try SeriesSelectorParser.parse(text).map(\.description) == matchers)
    }

    @Test(arguments: [
        ("", 0, "empty selector"),
        ("{}", 0, "vector selector must contain at least one non-empty matcher"),
        (#"{a=""}"#, 0, "vector selector must contain at least one non-empty matcher"),
        (#"up{__name__="x"}"#, 3, #"metric name must not be set twice: "up" or "x""#),
        (#"{a:b="x"}"#, 2, #"expected a label matching operator (=, !=, =~, !~)"#),
        (#"{a=="x"}"#, 3, "expected a quoted string as label value"),
        (#"{a="x}"#, 3, "unterminated quoted string"),
        (#"{a="x" b="y"}"#, 7, #"unexpected character "b" inside braces, expected "," or "}""#),
        (#"{a="\q"}"#, 4, "unknown escape sequence"),
        (#"{a=~"("}"#, 4, "error parsing regexp: invalid regular expression: `(`"),
        (#"up[5m]"#, 2, #"unexpected character "[" after the selector"#),
    ])
    func badSelectors(_ text: String, _ offset: Int, _ message: String) {
        do {
            _ = try SeriesSelectorParser.parse(text)
            Issue.record("parsed")
        } catch {
            #expect(error.offset == offset)
            #expect(error.message == message)
        }
    }

    @Test(arguments: [
        (#"severity="critical""#, [#"severity="critical""#]),
        ("severity=critical", [#"severity="critical""#]),
        (#"{foo = "bar", dings != "bums", }"#, [#"foo="bar""#, #"dings!="bums""#]),
        ("foo=bar,dings!=bums", [#"foo="bar""#, #"dings!="bums""#]),
        (#"{quote="She said: \"Hi, ladies!\""}"#, [#"quote="She said: \"Hi, ladies!\"""#]),
        (#"statuscode=~"5..""#, [#"statuscode=~"5..""#]),
        ("instance!~ 'db.*'", [#"instance!~"'db.*'""#]),
        ("  empty =   ", [#"empty="""#]),
    ])
    func alertmanagerMatchers(_ line: String, _ expected: [String]) throws {
        #expect(try AlertmanagerMatchers.parse(line).get().map(\.description) == expected)
    }

    @Test(arguments: [
        ("severity", "bad matcher format: severity"),
        ("1a=b", "bad matcher format: 1a=b"),
        (#"a="b"c""#, #"matcher value contains unescaped double quote: "b"c""#),
        (#"a="b"#, #"matcher value contains unescaped double quote: "b"#),
        ("a=b,,c=d", "bad matcher format: "),
    ])
    func badAlertmanagerMatchers(_ line: String, _ message: String) {
        switch AlertmanagerMatchers.parse(line) {
        case .success(let matchers): Issue.record("parsed as \(matchers)")
        case .failure(let failure): #expect(failure.message == message)
        }
    }

    @Test(arguments: [
        ("*.yml", "a.yml", true), ("*.yml", ".hidden.yml", true), ("*.yml", "a.yaml", false),
        ("rule?.yml", "rule1.yml", true), ("rule?.yml", "rule10.yml", false),
        ("[a-c]*.yml", "b.yml", true), ("[^a-c]*.yml", "b.yml", false), ("[^a-c]*.yml", "d.yml", true),
        (#"\*.yml"#, "*.yml", true), (#"\*.yml"#, "a.yml", false), ("*", "a/b", false),
    ])
    func globMatching(_ pattern: String, _ name: String, _ matches: Bool) throws {
        #expect(try Glob.matches(pattern, name: name) == matches)
    }

    @Test(arguments: ["[", "[]", "a[", "[-a]", "x\\"])
    func badGlobs(_ pattern: String) {
        #expect(throws: GlobError(pattern: pattern)) { try Glob.matches(pattern, name: "a") }
    }

    @Test func globExpansion() throws {
        try Testdata.withTemporaryFolder { folder in
            for name in ["rules/b.yml", "rules/a.yml", "rules/c.yaml", "rules/sub/d.yml", "other/e.yml"] {
                let path = folder + "/" + name
                try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                try "groups: []\n".write(toFile: path, atomically: true, encoding: .utf8)
            }
            #expect(try Glob.expand("rules/*.yml", relativeTo: folder) == [folder + "/rules/a.yml", folder + "/rules/b.yml"])
            #expect(try Glob.expand("rules/[bc].*", relativeTo: folder) == [folder + "/rules/b.yml", folder + "/rules/c.yaml"])
            #expect(try Glob.expand("*/?.yml", relativeTo: folder) == [folder + "/other/e.yml", folder + "/rules/a.yml", folder + "/rules/b.yml"])
            #expect(try Glob.expand(folder + "/rules/a.yml", relativeTo: "/elsewhere") == [folder + "/rules/a.yml"])
            #expect(try Glob.expand("rules/none.yml", relativeTo: folder) == [])
            #expect(try Glob.expand("missing/*.yml", relativeTo: folder) == [])
            #expect(throws: GlobError.self) { try Glob.expand("rules/[.yml", relativeTo: folder) }
        }
    }

    @Test(arguments: [
        ("rules/*.yml", true), ("*.yml", true), ("rules/*/x.yml", false), ("a/b/c.yml", true), ("*/*.yml", false),
    ])
    func ruleFilePatterns(_ pattern: String, _ valid: Bool) {
        #expect(Glob.isValidPattern(pattern) == valid)
    }

    @Test(arguments: [
        ("targets/*.json", true), ("t.yml", true), ("t.YAML", true), ("t.Yml", false), ("t.txt", false), ("*/t.json", false),
    ])
    func fileSDPatterns(_ pattern: String, _ valid: Bool) {
        #expect(Glob.isValidFileSDPattern(pattern) == valid)
    }

    @Test(arguments: [
        ("$A-${B}", "a-b"), ("$$", "$"), ("$", "$"), ("a$", "a$"), ("${}", ""), ("${A", "A"), ("$A_B", "ab"),
        ("${A}_B", "a_B"), ("x$-y", "x-y"), ("$1", ""), ("${$}", "$"),
    ])
    func environmentExpansion(_ text: String, _ expanded: String) {
        let environment = ["A": "a", "B": "b", "A_B": "ab", "-": "-"]
        #expect(EnvironmentExpansion.expand(text) { name in name == "$" ? "$" : environment[name] ?? "" } == expanded)
    }

    @Test(arguments: [
        ("scrape_intervall", "scrape_interval"), ("scrapeInterval", "scrape_interval"), ("metric_path", "metrics_path"),
        ("JOB_NAME", "job_name"), ("targetz", "targets"), ("colour", nil), ("x", nil),
    ])
    func didYouMean(_ word: String, _ suggestion: String?) {
        let keys = ["scrape_interval", "scrape_timeout", "metrics_path", "job_name", "targets", "labels"]
        #expect(EditDistance.suggestion(for: word, among: keys) == suggestion)
    }

    @Test(arguments: [
        ("0.0.0.0:3000", true), (":3000", true), ("localhost:9090", true), ("[::1]:3000", true),
        ("3000", false), ("host:99999", false), ("::1:3000", false), ("host:", false),
    ])
    func listenAddresses(_ address: String, _ valid: Bool) {
        #expect(ConfigDecoder.isListenAddress(address) == valid)
    }

    @Test(arguments: [
        ("a", true), ("${1}", true), ("$1_suffix", true), ("pre_${name}", true), ("a-b", false), ("1a", false),
        ("$", false), ("${}", false), ("${a", false), ("", false),
    ])
    func templatedLabelNames(_ name: String, _ valid: Bool) {
        #expect(ConfigDecoder.isValidTemplatedLabelName(name) == valid)
    }
}
