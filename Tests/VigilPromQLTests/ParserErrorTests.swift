import Testing
@testable import VigilPromQL

/// Error rows: query → Prometheus' exact error text (`line:col: parse error: message`), taken from
/// Prometheus 3.x `promql/parser/parse_test.go` and its documented behaviour.
@Suite struct ParserErrorTests {
    /// Every failing input of Prometheus 3.x `promql/parser/parse_test.go` with its first error.
    static let upstreamRows: [(String, String)] = [
        ("", "unknown position: parse error: no expression found in input"),
        ("# just a comment\n\n", "1:1: parse error: no expression found in input"),
        ("1+", "1:3: parse error: unexpected end of input"),
        (".", "1:1: parse error: unexpected character: '.'"),
        ("2.5.", "1:1: parse error: bad number or duration syntax: \"2.5.\""),
        ("100..4", "1:1: parse error: bad number or duration syntax: \"100..\""),
        ("0deadbeef", "1:1: parse error: bad number or duration syntax: \"0de\""),
        ("1 /", "1:4: parse error: unexpected end of input"),
        ("*1", "1:1: parse error: unexpected <op:*>"),
        ("(1))", "1:5: parse error: unexpected right parenthesis ')'"),
        ("((1)", "1:5: parse error: unclosed left parenthesis"),
        ("999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999", "1:1: parse error: error parsing number: strconv.ParseFloat: parsing \"999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999\": value out of range"),
        ("(", "1:2: parse error: unclosed left parenthesis"),
        ("1 and 1", "1:1: parse error: set operator \"and\" not allowed in binary scalar expression"),
        ("1 == 1", "1:3: parse error: comparisons between scalars must use BOOL modifier"),
        ("1 or 1", "1:1: parse error: set operator \"or\" not allowed in binary scalar expression"),
        ("1 unless 1", "1:1: parse error: set operator \"unless\" not allowed in binary scalar expression"),
        ("1 !~ 1", "1:3: parse error: unexpected character after '!': '~'"),
        ("1 =~ 1", "1:3: parse error: unexpected character after '=': '~'"),
        ("-\"string\"", "1:1: parse error: unary expression only allowed on expressions of type scalar or instant vector, got \"string\""),
        ("-test[5m]", "1:1: parse error: unary expression only allowed on expressions of type scalar or instant vector, got \"range vector\""),
        ("*test", "1:1: parse error: unexpected <op:*>"),
        ("@@", "1:1: parse error: unexpected <op:@>"),
        ("1 offset 1d", "1:1: parse error: offset modifier must be preceded by an instant vector selector or range vector selector or a subquery"),
        ("foo offset 1s offset 2s", "1:1: parse error: offset may not be set multiple times"),
        ("a - on(b) ignoring(c) d", "1:11: parse error: unexpected <ignoring>"),
        ("foo and 1", "1:1: parse error: set operator \"and\" not allowed in binary scalar expression"),
        ("1 and foo", "1:1: parse error: set operator \"and\" not allowed in binary scalar expression"),
        ("foo or 1", "1:1: parse error: set operator \"or\" not allowed in binary scalar expression"),
        ("1 or foo", "1:1: parse error: set operator \"or\" not allowed in binary scalar expression"),
        ("foo unless 1", "1:1: parse error: set operator \"unless\" not allowed in binary scalar expression"),
        ("1 unless foo", "1:1: parse error: set operator \"unless\" not allowed in binary scalar expression"),
        ("1 or on(bar) foo", "1:1: parse error: vector matching only allowed between instant vectors"),
        ("foo == on(bar) 10", "1:1: parse error: vector matching only allowed between instant vectors"),
        ("foo + group_left(baz) bar", "1:7: parse error: unexpected <group_left>"),
        ("foo and on(bar) group_left(baz) bar", "1:1: parse error: no grouping allowed for \"and\" operation"),
        ("foo and on(bar) group_right(baz) bar", "1:1: parse error: no grouping allowed for \"and\" operation"),
        ("foo or on(bar) group_left(baz) bar", "1:1: parse error: no grouping allowed for \"or\" operation"),
        ("foo or on(bar) group_right(baz) bar", "1:1: parse error: no grouping allowed for \"or\" operation"),
        ("foo unless on(bar) group_left(baz) bar", "1:1: parse error: no grouping allowed for \"unless\" operation"),
        ("foo unless on(bar) group_right(baz) bar", "1:1: parse error: no grouping allowed for \"unless\" operation"),
        ("http_requests{group=\"production\"} + on(instance) group_left(job,instance) cpu_count{type=\"smp\"}", "1:35: parse error: label \"instance\" must not occur in ON and GROUP clause at once"),
        ("foo + bool bar", "1:5: parse error: bool modifier can only be used on comparison operators"),
        ("foo + bool 10", "1:5: parse error: bool modifier can only be used on comparison operators"),
        ("foo and bool 10", "1:5: parse error: bool modifier can only be used on comparison operators"),
        ("http_requests{group=\"production\"} + on(instance) group_left(job,instance) cpu_count{type=\"smp\"}", "1:35: parse error: label \"instance\" must not occur in ON and GROUP clause at once"),
        ("foo @ +Inf", "1:1: parse error: timestamp out of bounds for @ modifier: +Inf"),
        ("foo @ -Inf", "1:1: parse error: timestamp out of bounds for @ modifier: -Inf"),
        ("foo @ NaN", "1:1: parse error: timestamp out of bounds for @ modifier: NaN"),
        ("{", "1:2: parse error: unexpected end of input inside braces"),
        ("}", "1:1: parse error: unexpected character: '}'"),
        ("some{", "1:6: parse error: unexpected end of input inside braces"),
        ("some}", "1:5: parse error: unexpected character: '}'"),
        ("some_metric{a=b}", "1:15: parse error: unexpected identifier \"b\" in label matching, expected string"),
        ("some_metric{a:b=\"b\"}", "1:14: parse error: unexpected character inside braces: ':'"),
        ("foo{a*\"b\"}", "1:6: parse error: unexpected character inside braces: '*'"),
        ("foo{a>=\"b\"}", "1:6: parse error: unexpected character inside braces: '>'"),
        ("foo{gibberish}", "1:14: parse error: unexpected \"}\" in label matching, expected label matching operator"),
        ("foo{1}", "1:5: parse error: unexpected character inside braces: '1'"),
        ("{}", "1:1: parse error: vector selector must contain at least one non-empty matcher"),
        ("{x=\"\"}", "1:1: parse error: vector selector must contain at least one non-empty matcher"),
        ("{x=~\".*\"}", "1:1: parse error: vector selector must contain at least one non-empty matcher"),
        ("{x!~\".+\"}", "1:1: parse error: vector selector must contain at least one non-empty matcher"),
        ("{x!=\"a\"}", "1:1: parse error: vector selector must contain at least one non-empty matcher"),
        ("foo{__name__=\"bar\"}", "1:1: parse error: metric name must not be set twice: \"foo\" or \"bar\""),
        ("foo{__name__= =}", "1:15: parse error: unexpected \"=\" in label matching, expected string"),
        ("foo{,}", "1:5: parse error: unexpected \",\" in label matching, expected identifier or \"}\""),
        ("foo{__name__ == \"bar\"}", "1:15: parse error: unexpected \"=\" in label matching, expected string"),
        ("foo{__name__=\"bar\" lol}", "1:20: parse error: unexpected identifier \"lol\" in label matching, expected \",\" or \"}\""),
        ("foo{\"a\"=}", "1:9: parse error: unexpected \"}\" in label matching, expected string"),
        ("foo[5mm]", "1:5: parse error: bad number or duration syntax: \"5mm\""),
        ("foo[5m1]", "1:5: parse error: bad number or duration syntax: \"5m1\""),
        ("foo[5m:1m1]", "1:8: parse error: bad number or duration syntax: \"1m1\""),
        ("foo[5y1hs]", "1:5: parse error: unknown unit \"hs\" in duration \"5y1hs\""),
        ("foo[5m1h]", "1:5: parse error: not a valid duration string: \"5m1h\""),
        ("foo[5m1m]", "1:5: parse error: not a valid duration string: \"5m1m\""),
        ("foo[0m]", "1:5: parse error: duration must be greater than 0"),
        ("foo[\"5m\"]", "1:5: parse error: unexpected character in duration expression: '\"'"),
        ("foo[]", "1:5: parse error: unexpected \"]\" in subquery or range selector, expected number, duration, step(), or range()"),
        ("foo[-1]", "1:5: parse error: duration must be greater than 0"),
        ("some_metric[5m] OFFSET 1mm", "1:24: parse error: bad number or duration syntax: \"1mm\""),
        ("some_metric[5m] OFFSET", "1:23: parse error: unexpected end of input in offset, expected number, duration, step(), or range()"),
        ("some_metric OFFSET 1m[5m]", "1:22: parse error: no offset modifiers allowed before range"),
        ("some_metric[5m] @", "1:18: parse error: unexpected end of input in @, expected timestamp"),
        ("some_metric @ 1234 [5m]", "1:20: parse error: no @ modifiers allowed before range"),
        ("some_metric @ start() [5m]", "1:23: parse error: no @ modifiers allowed before range"),
        ("some_metric @ end()[5m]", "1:20: parse error: no @ modifiers allowed before range"),
        ("some_metric offset step()[5m]", "1:26: parse error: no offset modifiers allowed before range"),
        ("(foo + bar)[5m]", "1:12: parse error: ranges only allowed for vector selectors"),
        ("sum by (\"foo)(some_metric{})", "1:9: parse error: unterminated quoted string"),
        ("sum without(==)(some_metric)", "1:13: parse error: unexpected <op:==> in grouping opts, expected label"),
        ("sum without(,)(some_metric)", "1:13: parse error: unexpected \",\" in grouping opts, expected label"),
        ("sum without(foo,,)(some_metric)", "1:17: parse error: unexpected \",\" in grouping opts, expected label"),
        ("sum some_metric by (test)", "1:5: parse error: unexpected identifier \"some_metric\""),
        ("sum (some_metric) by test", "1:22: parse error: unexpected identifier \"test\" in grouping opts, expected \"(\""),
        ("sum () by (test)", "1:1: parse error: no arguments for aggregate expression provided"),
        ("MIN keep_common (some_metric)", "1:5: parse error: unexpected identifier \"keep_common\""),
        ("MIN (some_metric) keep_common", "1:19: parse error: unexpected identifier \"keep_common\""),
        ("sum (some_metric) without (test) by (test)", "1:34: parse error: unexpected <by>"),
        ("sum without (test) (some_metric) by (test)", "1:34: parse error: unexpected <by>"),
        ("topk(some_metric)", "1:1: parse error: wrong number of arguments for aggregate expression provided, expected 2, got 1"),
        ("topk(some_metric,)", "1:17: parse error: trailing commas not allowed in function call args"),
        ("topk(some_metric, other_metric)", "1:6: parse error: expected type scalar in aggregation parameter, got instant vector"),
        ("count_values(5, other_metric)", "1:14: parse error: expected type string in aggregation parameter, got scalar"),
        ("rate(some_metric[5m]) @ 1234", "1:1: parse error: @ modifier must be preceded by an instant vector selector or range vector selector or a subquery"),
        ("floor()", "1:1: parse error: expected 1 argument(s) in call to \"floor\", got 0"),
        ("floor(some_metric, other_metric)", "1:1: parse error: expected 1 argument(s) in call to \"floor\", got 2"),
        ("floor(some_metric, 1)", "1:1: parse error: expected 1 argument(s) in call to \"floor\", got 2"),
        ("floor(1)", "1:7: parse error: expected type instant vector in call to function \"floor\", got scalar"),
        ("hour(some_metric, some_metric, some_metric)", "1:1: parse error: expected at most 1 argument(s) in call to \"hour\", got 3"),
        ("time(some_metric)", "1:1: parse error: expected 0 argument(s) in call to \"time\", got 1"),
        ("non_existent_function_far_bar()", "1:1: parse error: unknown function with name \"non_existent_function_far_bar\""),
        ("rate(some_metric)", "1:6: parse error: expected type range vector in call to function \"rate\", got instant vector"),
        ("*1", "1:1: parse error: unexpected <op:*>"),
        ("-=", "1:2: parse error: unexpected \"=\""),
        ("++-++-+-+-<", "1:11: parse error: unexpected <op:<>"),
        ("e-+=/(0)", "1:4: parse error: unexpected \"=\""),
        ("a>b()", "1:3: parse error: unknown function with name \"b\""),
        ("rate(avg)", "1:6: parse error: expected type range vector in call to function \"rate\", got instant vector"),
        ("`\\``", "1:4: parse error: unterminated raw string"),
        ("\"\\", "1:1: parse error: escape sequence not terminated"),
        ("\"\\c\"", "1:1: parse error: unknown escape sequence U+0063 'c'"),
        ("\"\\x.\"", "1:1: parse error: illegal character U+002E '.' in escape sequence"),
        ("foo{bar=\"baz\"}[", "1:16: parse error: unexpected end of input in duration expression"),
        ("test[5d] OFFSET 10s [10m:5s]", "1:1: parse error: subquery is only allowed on instant vector, got matrix instead"),
        ("(foo + bar{nm=\"val\"})[5m:][10m:5s]", "1:1: parse error: subquery is only allowed on instant vector, got matrix instead"),
        ("rate(food[1m])[1h] offset 1h", "1:15: parse error: ranges only allowed for vector selectors"),
        ("rate(food[1m])[1h] @ 100", "1:15: parse error: ranges only allowed for vector selectors"),
        ("info(rate(http_request_counter_total{}[5m]), target_info{foo=\"bar\"})", "1:46: parse error: expected label selectors only, got vector selector instead"),
        ("info(http_request_counter_total{namespace=\"zzz\"}, {foo=\"bar\"} == 1)", "1:51: parse error: expected label selectors only"),
        ("foo[step]", "1:9: parse error: unexpected \"]\" in subquery or range selector, expected number, duration, step(), or range()"),
        ("foo[step()/0d]", "1:11: parse error: division by zero"),
        ("foo[5s/0d]", "1:7: parse error: division by zero"),
        ("foo offset (4d/0)", "1:15: parse error: division by zero"),
        ("foo[5s%0d]", "1:7: parse error: modulo by zero"),
        ("foo offset 9.5e10", "1:12: parse error: duration out of range"),
        ("foo[9.5e10]", "1:5: parse error: duration out of range"),
        ("sum(", "1:5: parse error: unclosed left parenthesis"),
        ("sum(rate(", "1:10: parse error: unclosed left parenthesis"),
        ("foo[5s x 5s]", "1:8: parse error: unexpected character: 'x', expected ':'"),
        ("foo[5s s 5s]", "1:8: parse error: unexpected character: 's', expected ':'"),
        ("1[5m] smoothed", "1:2: parse error: ranges only allowed for vector selectors"),
        ("1[5m] anchored", "1:2: parse error: ranges only allowed for vector selectors"),
    ]

    @Test(arguments: upstreamRows)
    func upstreamError(_ query: String, _ expected: String) {
        expectFailure(query, expected)
    }

    /// Further errors: the contexts of Prometheus' error rules, type checks and modifiers.
    static let additionalRows: [(String, String)] = [
        ("sum by (a) x", #"1:12: parse error: unexpected identifier "x" in aggregation"#),
        ("sum by (a)", "1:11: parse error: unexpected end of input in aggregation"),
        ("sum(1 +)", #"1:8: parse error: unexpected ")" in aggregation"#),
        ("sum(foo bar)", #"1:9: parse error: unexpected identifier "bar" in aggregation"#),
        ("sum(rate(x[5m] 3))", #"1:16: parse error: unexpected number "3" in aggregation"#),
        ("rate(foo bar)", #"1:10: parse error: unexpected identifier "bar""#),
        ("rate(sum(x) +)", #"1:14: parse error: unexpected ")""#),
        ("foo[5m 5m]", #"1:8: parse error: unexpected duration "5m" in subquery or range, expected ":" or "]""#),
        ("foo[5m +]", #"1:9: parse error: unexpected "]" in subquery or range selector, expected number, duration, step(), or range()"#),
        ("foo[5m:1m 1m]", #"1:11: parse error: unexpected duration "1m" in subquery selector, expected "]""#),
        ("foo[5m:1m +]", #"1:12: parse error: unexpected "]" in subquery selector, expected number, duration, step(), range(), or "]""#),
        ("foo offset (5m +)", #"1:17: parse error: unexpected ")" in offset, expected number, duration, step(), or range()"#),
        ("foo offset bar", #"1:12: parse error: unexpected identifier "bar" in offset, expected number, duration, step(), or range()"#),
        ("foo @ bar", #"1:7: parse error: unexpected identifier "bar" in @, expected timestamp"#),
        ("foo @ start", "1:12: parse error: unexpected end of input in @, expected timestamp"),
        ("foo @ - bar", #"1:9: parse error: unexpected identifier "bar" in @, expected timestamp"#),
        (#"foo{a="b",,}"#, #"1:11: parse error: unexpected "," in label matching, expected identifier or "}""#),
        (#"foo{"a" "b"}"#, #"1:9: parse error: unexpected string "\"b\"" in label matching, expected "," or "}""#),
        ("sum by (a", "1:10: parse error: unclosed left parenthesis"),
        ("sum by (a b) (x)", #"1:11: parse error: unexpected identifier "b" in grouping opts, expected "," or ")""#),
        (#"sum by ("") (x)"#, #"1:9: parse error: invalid label name for grouping: """#),
        ("sum by (without) (x)", "1:9: parse error: unexpected <without> in grouping opts, expected label"),
        ("foo + on bar", #"1:10: parse error: unexpected identifier "bar" in grouping opts, expected "(""#),
        ("foo + on(a) bool bar", "1:13: parse error: unexpected <bool>"),
        ("foo[5m] anchored smoothed", "1:1: parse error: anchored and smoothed modifiers cannot be used together"),
        ("foo[5m:] anchored", "1:1: parse error: anchored modifier is not supported for subqueries"),
        ("sum(x) smoothed", "1:1: parse error: smoothed modifier not implemented"),
        ("1 + fill(0) 2", "1:1: parse error: filling in missing series only allowed between instant vectors"),
        ("a and fill(0) b", "1:1: parse error: filling in missing series not allowed for set operators"),
        ("foo @ 1 @ 2", "1:1: parse error: @ <timestamp> may not be set multiple times"),
        ("1 @ 2", "1:1: parse error: @ modifier must be preceded by an instant vector selector or range vector selector or a subquery"),
        ("1[5m:]", "1:1: parse error: subquery is only allowed on instant vector, got scalar instead"),
        (#""a"[5m:]"#, "1:1: parse error: subquery is only allowed on instant vector, got string instead"),
        ("rate(x[5m])[5m]", "1:12: parse error: ranges only allowed for vector selectors"),
        (#"label_join(x, "a")"#, #"1:1: parse error: expected at least 3 argument(s) in call to "label_join", got 2"#),
        ("round(x, 1, 2)", #"1:1: parse error: expected at most 2 argument(s) in call to "round", got 3"#),
        ("histogram_quantile(x, 0.9)", #"1:20: parse error: expected type scalar in call to function "histogram_quantile", got instant vector"#),
        ("sort_by_label(x, 1)", #"1:18: parse error: expected type string in call to function "sort_by_label", got scalar"#),
        (#"count_values("a", 1)"#, "1:19: parse error: expected type instant vector in aggregation expression, got scalar"),
        ("sum(x[5m])", "1:5: parse error: expected type instant vector in aggregation expression, got range vector"),
        ("x[5m] + 1", "1:1: parse error: binary expression must contain only scalar and instant vector types"),
        ("1 + x[5m]", "1:5: parse error: binary expression must contain only scalar and instant vector types"),
        ("x > bool", "1:9: parse error: unexpected end of input"),
        ("RATE(x[5m])", #"1:1: parse error: unknown function with name "RATE""#),
        ("foo offset 1000y", "1:12: parse error: duration out of range"),
        ("foo[1.5m]", #"1:5: parse error: unknown unit "." in duration "1.5m""#),
        ("1 +\n  * 2", "2:3: parse error: unexpected <op:*>"),
        ("foo[step():1m]", "1:12: parse error: unexpected colon before duration in duration expression"),
        ("0x1.8", #"1:1: parse error: bad number or duration syntax: "0x1.""#),
        ("1 != ", "1:6: parse error: unexpected end of input"),
        ("!", "1:1: parse error: unexpected character after '!': '\u{FFFD}'"),
    ]

    @Test(arguments: additionalRows)
    func additionalError(_ query: String, _ expected: String) {
        expectFailure(query, expected, options: .default)
    }

    /// A bad regular expression fails where the matcher is; the wording is the regex engine's.
    @Test func badRegex() {
        do {
            _ = try Parser.parse(#"foo{a=~"("}"#)
            Issue.record("parsed")
        } catch {
            #expect(error.description.hasPrefix("1:5: parse error: error parsing regexp: "))
        }
    }

    /// Experimental features refused with Prometheus' default options.
    static let disabledFeatureRows: [(String, String)] = [
        ("limitk(2, x)", "1:1: parse error: limitk() is experimental and must be enabled with --enable-feature=promql-experimental-functions"),
        ("mad_over_time(x[5m])", #"1:1: parse error: function "mad_over_time" is not enabled"#),
        ("foo[5m * 2]", "1:5: parse error: experimental duration expression is not enabled"),
        ("foo offset step()", "1:12: parse error: experimental duration expression is not enabled"),
        ("foo anchored", "1:1: parse error: anchored modifier is experimental and not enabled"),
        ("foo[5m] smoothed", "1:1: parse error: smoothed modifier is experimental and not enabled"),
        ("a + fill(0) b", "1:1: parse error: binop fill modifiers are experimental and not enabled"),
    ]

    @Test(arguments: disabledFeatureRows)
    func disabledFeature(_ query: String, _ expected: String) throws {
        do {
            _ = try Parser.parse(query, options: .prometheusDefaults)
            Issue.record("parsed \(query)")
        } catch {
            #expect(error.description == expected)
        }
        _ = try Parser.parse(query)
    }

    private func expectFailure(_ query: String, _ expected: String, options: ParserOptions = .prometheusTestOptions) {
        do {
            let expr = try Parser.parse(query, options: options)
            Issue.record("parsed \(query) as \(expr)")
        } catch {
            #expect(error.description == expected, "query: \(query)")
        }
    }
}

extension ParserOptions {
    /// The options of Prometheus' parser tests: everything but fill modifiers.
    static let prometheusTestOptions = ParserOptions(
        experimentalFunctions: true, durationExpressions: true, extendedRangeSelectors: true,
        binaryFillModifiers: false)
}

/// Hostile nesting is refused with an error instead of exhausting the stack.
@Suite struct ParserDepthTests {
    static let tooDeep = "parse error: query is nested too deeply (more than 1000 levels)"

    @Test(arguments: [
        (Array(repeating: "a", count: 1000).joined(separator: " + "), true),
        (Array(repeating: "a", count: 1001).joined(separator: " or "), false),
        (Array(repeating: "a", count: 100_000).joined(separator: "*"), false),
        (String(repeating: "(", count: 999) + "a" + String(repeating: ")", count: 999), true),
        (String(repeating: "(", count: 100_000) + "a" + String(repeating: ")", count: 100_000), false),
        (String(repeating: "-", count: 50_000) + "1", false),
        (Array(repeating: "2", count: 5000).joined(separator: "^"), false),
        ("foo[" + String(repeating: "(", count: 5000) + "5m" + String(repeating: ")", count: 5000) + "]", false),
        (String(repeating: "abs(", count: 3000) + "a" + String(repeating: ")", count: 3000), false),
        ("x" + String(repeating: "[1m:]", count: 100_000), false),
        (String(repeating: "sum(", count: 2000) + "a" + String(repeating: ")", count: 2000), false),
    ])
    func nesting(_ query: String, _ accepted: Bool) {
        do {
            let expr = try Parser.parse(query)
            #expect(accepted)
            #expect(!expr.description.isEmpty)
        } catch {
            #expect(!accepted)
            #expect(error.description.hasSuffix(Self.tooDeep), "\(error.description.prefix(200))")
        }
    }
}
