import Testing
import VigilModel
@testable import VigilPromQL

/// Successful parses: Prometheus' own inputs, the canonical printing of each construct, and
/// the tree shapes that precedence and associativity give.
@Suite struct ParserTests {
    /// Every input that Prometheus 3.x `promql/parser/parse_test.go` parses successfully.
    static let upstreamInputs: [String] = [
        "1",
        "+Inf",
        "-Inf",
        ".5",
        "5.",
        "123.4567",
        "5e-3",
        "5e3",
        "0xc",
        "0755",
        "+5.5e-3",
        "-0755",
        "1 + 1",
        "1 - 1",
        "1 * 1",
        "1 % 1",
        "1 / 1",
        "1 == bool 1",
        "1 != bool 1",
        "1 > bool 1",
        "1 >= bool 1",
        "1 < bool 1",
        "1 <= bool 1",
        "-1^2",
        "-1*2",
        "-1+2",
        "-1^-2",
        "+1 + -2 * 1",
        "1 + 2/(3*1)",
        "1 < bool 2 - 1 * 2",
        "-some_metric",
        "+some_metric",
        " +some_metric",
        " +{\"some_metric\"}",
        "offset{step=\"1s\"}[5m]",
        "step{offset=\"1s\"}[5m]",
        "anchored{job=\"test\"}",
        "smoothed{job=\"test\"}",
        "foo * bar",
        "foo * sum",
        "foo == 1",
        "foo == bool 1",
        "2.5 / bar",
        "foo and bar",
        "foo or bar",
        "foo unless bar",
        "foo + bar or bla and blub",
        "foo and bar unless baz or qux",
        "bar + on(foo) bla / on(baz, buz) group_right(test) blub",
        "foo * on(test,blub) bar",
        "foo * on(test,blub) group_left bar",
        "foo and on(test,blub) bar",
        "foo and on() bar",
        "foo and ignoring(test,blub) bar",
        "foo and ignoring() bar",
        "foo unless on(bar) baz",
        "foo / on(test,blub) group_left(bar) bar",
        "foo / ignoring(test,blub) group_left(blub) bar",
        "foo / ignoring(test,blub) group_left(bar) bar",
        "foo - on(test,blub) group_right(bar,foo) bar",
        "foo - ignoring(test,blub) group_right(bar,foo) bar",
        "foo",
        "min",
        "foo offset 5m",
        "foo offset -7m",
        "foo offset +(5)",
        "foo offset -(5)",
        "foo offset (5)",
        "foo[(5s)]",
        "foo OFFSET 1h30m",
        "foo OFFSET 1m30ms",
        "foo @ 1603774568",
        "foo @ -100",
        "foo @ .3",
        "foo @ 3.",
        "foo @ 3.33",
        "foo @ 3e2",
        "foo @ 3e-1",
        "foo @ 0xA",
        "foo @ -3.3e1",
        "foo:bar{a=\"bc\"}",
        "{\"foo\"}",
        "{'foo\\'bar', 'a\\\\dos\\\\path'='boo\\\\urns'}",
        "{'foo\\'bar', `a\\dos\\path`=\"boo\"}",
        "{\"foo\", a=\"bc\"}",
        "foo{NaN='bc'}",
        "foo{bar='}'}",
        "foo{a=\"b\", foo!=\"bar\", test=~\"test\", bar!~\"baz\"}",
        "{a=\"b\", foo!=\"bar\", \"foo\", test=~\"test\", bar!~\"baz\"}",
        "foo{a=\"b\", foo!=\"bar\", test=~\"test\", bar!~\"baz\",}",
        "{__name__=~\"bar\", __name__!~\"baz\"}",
        "{__name__=\"bar\", __name__=\"baz\"}",
        "{\"bar\", __name__=\"baz\"}",
        "test[1000ms]",
        "test[1001ms]",
        "test[1002ms]",
        "test[5s]",
        "test[5m]",
        "foo[5m30s]",
        "test[5h] OFFSET 5m",
        "test[5d] OFFSET 10s",
        "test[5w] offset 2w",
        "test{a=\"b\"}[5y] OFFSET 3d",
        "test{a=\"b\"}[5m] OFFSET 3600",
        "foo[3ms] @ 2.345",
        "foo[4s180ms] @ 2.345",
        "foo[4.18] @ 2.345",
        "foo[4s18ms] @ 2.345",
        "foo[4.018] @ 2.345",
        "test{a=\"b\"}[5y] @ 1603774699",
        "test[5]",
        "some_metric[5m] @ 1m",
        "sum by (foo)(some_metric)",
        "sum by (anchored)(some_metric)",
        "sum by (smoothed)(some_metric)",
        "sum by (\"foo bar\")({\"some.metric\"})",
        "sum by (\"foo\", bar, 'baz')({\"some.metric\"})",
        "avg by (foo)(some_metric)",
        "max by (foo)(some_metric)",
        "sum without (foo) (some_metric)",
        "sum (some_metric) without (foo)",
        "stddev(some_metric)",
        "stdvar by (foo)(some_metric)",
        "sum by ()(some_metric)",
        "sum by (foo,bar,)(some_metric)",
        "sum by (foo,)(some_metric)",
        "topk(5, some_metric)",
        "count_values(\"value\", some_metric)",
        "sum without(and, by, avg, count, alert, annotations)(some_metric)",
        "time()",
        "floor(some_metric{foo!=\"bar\"})",
        "rate(some_metric[5m])",
        "round(some_metric)",
        "round(some_metric, 5)",
        "sum(sum)",
        "a + sum",
        "\"double-quoted string \\\" with escaped quote\"",
        "'single-quoted string \\' with escaped quote'",
        "`backtick-quoted string`",
        "\"\\a\\b\\f\\n\\r\\t\\v\\\\\\\" - \\xFF\\377\\u1234\\U00010111\\U0001011111☺\"",
        "'\\a\\b\\f\\n\\r\\t\\v\\\\\\' - \\xFF\\377\\u1234\\U00010111\\U0001011111☺'",
        "foo{bar=\"baz\"}[10m:6s]",
        "foo{bar=\"baz\"}[10m5s:1h6ms]",
        "foo[10m:]",
        "min_over_time(rate(foo{bar=\"baz\"}[2s])[5m:5s])",
        "min_over_time(rate(foo{bar=\"baz\"}[2s])[5m:])[4m:3s]",
        "min_over_time(rate(foo{bar=\"baz\"}[2s])[5m:] offset 4m)[4m:3s]",
        "min_over_time(rate(foo{bar=\"baz\"}[2s])[5m:] @ 1603775091)[4m:3s]",
        "min_over_time(rate(foo{bar=\"baz\"}[2s])[5m:] @ -160377509)[4m:3s]",
        "sum without(and, by, avg, count, alert, annotations)(some_metric) [30m:10s]",
        "some_metric OFFSET 1m [10m:5s]",
        "some_metric @ 123 [10m:5s]",
        "some_metric @ 123 offset 1m [10m:5s]",
        "some_metric offset 1m @ 123 [10m:5s]",
        "some_metric[10m:5s] offset 1m @ 123",
        "(foo + bar{nm=\"val\"})[5m:]",
        "(foo + bar{nm=\"val\"})[5m:] offset 10m",
        "(foo + bar{nm=\"val\"} @ 1234)[5m:] @ 1603775019",
        "foo @ start()",
        "foo @ end()",
        "test[5y] @ start()",
        "test[5y] @ end()",
        "foo[10m:6s] @ start()",
        "foo[10m:6s] @ end()",
        "start()",
        "end()",
        "start",
        "end",
        "start{end=\"foo\"}",
        "end{start=\"foo\"}",
        "foo unless on(start) bar",
        "foo unless on(end) bar",
        "info(rate(http_request_counter_total{}[5m]))",
        "info(http_request_counter_total{namespace=\"zzz\"}, {foo=\"bar\", bar=\"baz\"})",
        "foo[11s+10s-5*2^2]",
        "foo[-(10s-5s)+20s]",
        "foo[-10s+15s]",
        "foo[step()]",
        "foo[  -  step  (  )  ]",
        "foo[   step  (  )  ]",
        "foo[-step()]",
        "foo offset step()",
        "foo offset -step()",
        "foo[max_of(step(),5s)]",
        "foo offset max_of(step(),5s)",
        "foo offset -min_of(5s,step()+8s)",
        "foo[range()]",
        "foo[2m/range()]",
        "foo[-range()]",
        "foo offset range()",
        "foo offset -range()",
        "foo[max_of(range(),5s)]",
        "foo[4s+4s:1s*2] offset (5s-8)",
        "foo offset 5s-8",
        "rate(foo[2m+2m])",
        "foo offset -1^1",
        "foo offset -(1^2)",
        "foo offset (-1^2)",
        "foo[-2^2]",
        "foo[0+-2^2]",
        "(sum(foo))",
        "(sum(foo) )",
        "(sum(foo) by (bar))",
        "(sum by (bar) (foo))",
        "sum by (job)(rate(http_requests_total[30m]))",
    ]

    @Test(arguments: upstreamInputs)
    func upstreamInputParses(_ query: String) throws {
        let expr = try Parser.parse(query, options: .prometheusTestOptions)
        let reparsed = try Parser.parse(expr.description, options: .prometheusTestOptions)
        #expect(reparsed.withoutRanges == expr.withoutRanges, "printed: \(expr.description)")
    }

    /// Query → canonical text (Prometheus' `String()`).
    static let printed: [(String, String)] = [
        // Number literals.
        ("1", "1"), ("0x1F", "31"), ("0X1f", "31"), ("1e-3", "0.001"), (".5", "0.5"), ("5.", "5"),
        ("1e3", "1000"), ("1E+2", "100"), ("017", "15"), ("08", "8"), ("1_000", "1000"), ("0x_1F", "31"),
        ("Inf", "+Inf"), ("+inf", "+Inf"), ("-Inf", "-Inf"), ("NaN", "NaN"), ("nan", "NaN"), ("-1", "-1"),
        ("1e21", "1000000000000000000000"), ("0.000001", "0.000001"), ("--1", "1"), ("+-+1", "-1"),
        // Durations as numbers.
        ("5m", "5m"), ("1h30m", "1h30m"), ("90m", "1h30m"), ("-5m", "-5m"), ("1y", "1y"), ("2w", "2w"),
        ("500ms", "500ms"), ("1d12h", "1d12h"),
        // Strings in all three quotings.
        (#""a\"b""#, #""a\"b""#), ("'it\"s'", #""it\"s""#), ("`raw\\n`", #""raw\\n""#), (#""\u00e9\x41""#, #""éA""#),
        (#""tab\there""#, #""tab\there""#),
        // Selectors.
        ("foo", "foo"), ("foo{}", "foo"), (#"foo{a="b"}"#, #"foo{a="b"}"#), (#"foo{b="1",a="2"}"#, #"foo{a="2",b="1"}"#),
        (#"{__name__="foo"}"#, #"{__name__="foo"}"#), (#"{__name__=~"foo.*"}"#, #"{__name__=~"foo.*"}"#),
        (#"{"weird.name"}"#, #"{__name__="weird.name"}"#), (#"{"weird.name", "a"="b"}"#, #"{__name__="weird.name",a="b"}"#),
        (#"{"a.b"="c", x!~"y"}"#, #"{"a.b"="c",x!~"y"}"#), (#"foo{a="b",}"#, #"foo{a="b"}"#),
        ("job:rate5m", "job:rate5m"), (":a:b", ":a:b"), (#"foo{a='b'}"#, #"foo{a="b"}"#),
        (#"foo{a=`\d+`}"#, #"foo{a="\\d+"}"#),
        // Keywords usable as metric names and label names.
        ("sum", "sum"), ("by", "by"), ("offset", "offset"), ("start", "start"), ("step", "step"), ("and", "and"),
        (#"avg{a="b"}"#, #"avg{a="b"}"#), ("fill + fill", "fill + fill"), ("anchored", "anchored"),
        ("sum by (on, by, offset, bool, group_left) (x)", "sum by (on, by, offset, bool, group_left) (x)"),
        (#"foo{on="1", by="2", offset="3"}"#, #"foo{by="2",offset="3",on="1"}"#),
        ("SUM BY (a) (x)", "sum by (a) (x)"), ("foo OFFSET 5m", "foo offset 5m"),
        // Ranges, offsets and @.
        ("foo[5m]", "foo[5m]"), ("foo[1.5]", "foo[1s500ms]"), ("foo[90]", "foo[1m30s]"), ("foo[1h30m]", "foo[1h30m]"),
        ("foo offset 5m", "foo offset 5m"), ("foo offset -5m", "foo offset -5m"), ("foo offset 0s", "foo"),
        ("foo offset 1.5", "foo offset 1s500ms"), ("foo offset +5m", "foo offset 5m"),
        ("foo @ 10", "foo @ 10.000"), ("foo @ 1.5", "foo @ 1.500"), ("foo @ -1", "foo @ -1.000"), ("foo @ 1m", "foo @ 60.000"),
        ("foo @ start()", "foo @ start()"), ("foo @ end()", "foo @ end()"),
        ("foo offset 5m @ 10", "foo @ 10.000 offset 5m"), ("foo @ 10 offset 5m", "foo @ 10.000 offset 5m"),
        ("foo[5m] offset -1h @ end()", "foo[5m] @ end() offset -1h"), ("foo[5m] @ 100 offset 1m", "foo[5m] @ 100.000 offset 1m"),
        // Subqueries.
        ("foo[5m:]", "foo[5m:]"), ("foo[5m:1m]", "foo[5m:1m]"), ("rate(foo[5m])[30m:1m] @ start() offset 1m", "rate(foo[5m])[30m:1m] @ start() offset 1m"),
        ("(foo + bar)[5m:]", "(foo + bar)[5m:]"), ("foo offset 5m[5m:]", "foo offset 5m[5m:]"), ("sum(x)[1h:]", "sum(x)[1h:]"),
        // Calls and aggregations.
        ("rate(foo[5m])", "rate(foo[5m])"), ("time()", "time()"), (#"label_join(x, "a", "-", "b", "c")"#, #"label_join(x, "a", "-", "b", "c")"#),
        ("sum(x) by (job)", "sum by (job) (x)"), ("sum by (job) (x)", "sum by (job) (x)"), ("sum by () (x)", "sum(x)"),
        ("sum without () (x)", "sum without () (x)"), ("sum without (a, b) (x)", "sum without (a, b) (x)"),
        (#"sum by ("a.b", c) (x)"#, #"sum by ("a.b", c) (x)"#), ("topk(3, x)", "topk(3, x)"), ("bottomk by (a) (3, x)", "bottomk by (a) (3, x)"),
        ("quantile(0.9, x)", "quantile(0.9, x)"), (#"count_values("v", x)"#, #"count_values("v", x)"#),
        ("limitk(2, x)", "limitk(2, x)"), ("limit_ratio(0.5, x)", "limit_ratio(0.5, x)"), ("group(x)", "group(x)"),
        ("stddev(x)", "stddev(x)"), ("stdvar(x)", "stdvar(x)"), ("start()", "start()"), ("step()", "step()"),
        // Binary operators and modifiers.
        ("a + b", "a + b"), ("a > bool b", "a > bool b"), ("1 > bool 2", "1 > bool 2"), ("a and on() b", "a and on () b"),
        ("a + on(x) b", "a + on (x) b"), ("a + ignoring(x) b", "a + ignoring (x) b"), ("a + ignoring() b", "a + b"),
        ("a * on(x) group_left(y) b", "a * on (x) group_left (y) b"), ("a * ignoring(x) group_right b", "a * ignoring (x) group_right () b"),
        ("a + fill(0) b", "a + fill (0) b"), ("a + fill_left(1) fill_right(-2) b", "a + fill_left (1) fill_right (-2) b"),
        ("a + fill_right(2) fill_left(1) b", "a + fill_left (1) fill_right (2) b"), ("a + on(x) fill(1e6) b", "a + on (x) fill (1e+06) b"),
        ("a + fill_left(1) fill_right(1) b", "a + fill (1) b"), ("a atan2 b", "a atan2 b"), ("a unless b", "a unless b"),
        ("h </ 0.5", "h </ 0.5"), ("h >/ 0.5", "h >/ 0.5"),
        // Duration expressions.
        ("foo[5m * 2]", "foo[5m * 2]"), ("foo[(5m)]", "foo[(5m)]"), ("foo[5m:step() * 2]", "foo[5m:step() * 2]"),
        ("foo offset step()", "foo offset step()"), ("foo offset -step()", "foo offset -step()"), ("foo offset (1m) * 2", "foo offset (1m) * 2"),
        ("foo[max_of(step(), 5s)]", "foo[max_of(step(), 5s)]"), ("foo[-10s+15s]", "foo[-10s + 15s]"), ("foo offset 5s-8", "foo offset 5s - 8"),
        ("foo offset -(1^2)", "foo offset -(1 ^ 2)"), ("foo offset (-1^2)", "foo offset (-1 ^ 2)"), ("foo[range()]", "foo[range()]"),
        // Extended range selectors.
        ("foo[5m] anchored", "foo[5m] anchored"), ("foo smoothed", "foo smoothed"), ("foo[5m] smoothed offset 1m", "foo[5m] smoothed offset 1m"),
        // Comments and whitespace.
        ("foo # comment", "foo"), ("foo\n+\nbar", "foo + bar"), ("sum(\n  x # c\n)", "sum(x)"),
    ]

    @Test(arguments: printed)
    func printing(_ query: String, _ expected: String) throws {
        let expr = try Parser.parse(query)
        #expect(expr.description == expected)
        #expect(try Parser.parse(expr.description).withoutRanges == expr.withoutRanges)
    }

    /// Query → its tree with every binary and unary node in brackets.
    static let shapes: [(String, String)] = [
        ("-2^2", "(-(2 ^ 2))"), ("-2 * 3", "(-2 * 3)"), ("2 ^ 3 ^ 2", "(2 ^ (3 ^ 2))"), ("1 + 2 * 3", "(1 + (2 * 3))"),
        ("1 * 2 + 3", "((1 * 2) + 3)"), ("1 - 2 - 3", "((1 - 2) - 3)"), ("a or b and c", "(a or (b and c))"),
        ("a and b unless c", "((a and b) unless c)"), ("a == b + c", "(a == (b + c))"), ("a > b == c", "((a > b) == c)"),
        ("a + b > c or d", "(((a + b) > c) or d)"), ("-a ^ b", "(-(a ^ b))"), ("a ^ -b", "(a ^ (-b))"), ("2 * -3 + 1", "((2 * -3) + 1)"),
        ("a atan2 b * c", "((a atan2 b) * c)"), ("a % b ^ c", "(a % (b ^ c))"), ("a + b offset 5m", "(a + b offset 5m)"),
        ("-a offset 5m", "(-a offset 5m)"), ("a + -b @ 5", "(a + (-b @ 5.000))"), ("h </ 1 + 2", "(h </ (1 + 2))"),
        ("foo offset 5s - 8", "(foo offset 5s - 8)"), ("foo offset -1^1", "(foo offset -1s ^ 1)"), ("a - -b", "(a - (-b))"),
    ]

    @Test(arguments: shapes)
    func shape(_ query: String, _ expected: String) throws {
        #expect(try Parser.parse(query).bracketed == expected)
    }

    /// Expressions whose values are decided by the parser.
    @Test func literalValues() throws {
        #expect(try Parser.parse("0x1F") == .number(NumberLiteral(value: 31, range: 0..<4)))
        #expect(try Parser.parse("5m") == .number(NumberLiteral(value: 300, isDuration: true, range: 0..<2)))
        #expect(try Parser.parse("-2") == .number(NumberLiteral(value: -2, range: 0..<2)))
        guard case .vectorSelector(let selector) = try Parser.parse("foo offset -1m30s @ 1.5") else {
            Issue.record("not a selector")
            return
        }
        #expect(selector.offset == .literal(-90_000))
        #expect(selector.at == .timestamp(1500))
        #expect(selector.matchers == [.equal("__name__", "foo")])
        guard case .matrixSelector(let matrix) = try Parser.parse("foo[1.5]") else { return }
        #expect(matrix.window == .literal(1500))
        guard case .subquery(let subquery) = try Parser.parse("foo[1h:]") else { return }
        #expect(subquery.window == .literal(3_600_000) && subquery.step == nil)
        guard case .binary(let binary) = try Parser.parse("a and b") else { return }
        #expect(binary.matching?.cardinality == .manyToMany)
        guard case .binary(let scalar) = try Parser.parse("a + 1") else { return }
        #expect(scalar.matching == nil)
        guard case .binary(let grouped) = try Parser.parse("a / on(x) group_left(y) b") else { return }
        #expect(grouped.matching == VectorMatching(cardinality: .manyToOne, matchingLabels: ["x"], on: true, include: ["y"]))
    }

    /// Source ranges of nodes (UTF-8 offsets), as Prometheus' position ranges.
    @Test func ranges() throws {
        guard case .binary(let binary) = try Parser.parse("sum(rate(foo[5m])) by (a) + -1") else { return }
        #expect(binary.range == 0..<30)
        #expect(binary.lhs.range == 0..<25)
        #expect(binary.rhs.range == 28..<30)
        guard case .call(let call) = try Parser.parse(" rate( foo[5m] offset 1m )") else { return }
        #expect(call.range == 1..<26)
        #expect(call.args[0].range == 7..<24)
    }
}

extension Expr {
    /// The tree as text with every binary and unary node in brackets, to show its shape.
    var bracketed: String {
        switch self {
        case .binary(let b): return "(\(b.lhs.bracketed) \(b.op.rawValue) \(b.rhs.bracketed))"
        case .unary(let u): return "(\(u.op.rawValue)\(u.expr.bracketed))"
        case .paren(let p): return "[\(p.expr.bracketed)]"
        default: return description
        }
    }
}
