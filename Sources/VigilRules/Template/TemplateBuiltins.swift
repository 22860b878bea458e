import VigilModel

/// Go's `text/template` builtin functions: `and`, `or`, `not`, `len`, `index`, `slice`,
/// `print`, `printf`, `println`, `html`, `js`, `urlquery`, `call` and the comparisons
/// `eq`, `ne`, `lt`, `le`, `gt`, `ge`, with Go's error messages.
enum TemplateBuiltins {
    static let names: Set<String> = Set(functions.keys)

    static let functions: TemplateFunctions = [
        // and/or short-circuit inside the executor; these bodies are never reached there.
        "and": TemplateFunction([.any], variadic: .any) { args in args.first { !$0.isTrue } ?? args[args.count - 1] },
        "or": TemplateFunction([.any], variadic: .any) { args in args.first { $0.isTrue } ?? args[args.count - 1] },
        "not": TemplateFunction([.any]) { args in .bool(!args[0].isTrue) },
        "len": TemplateFunction([.any]) { args throws(TemplateFunctionError) in try length(args[0]) },
        "index": TemplateFunction([.any], variadic: .any) { args throws(TemplateFunctionError) in
            try index(args[0], Array(args.dropFirst()))
        },
        "slice": TemplateFunction([.any], variadic: .any) { args throws(TemplateFunctionError) in
            try slice(args[0], Array(args.dropFirst()))
        },
        "print": TemplateFunction([], variadic: .any) { args in .string(GoFormat.sprint(args)) },
        "println": TemplateFunction([], variadic: .any) { args in .string(GoFormat.sprintln(args)) },
        "printf": TemplateFunction([.string], variadic: .any) { args in
            .string(GoFormat.sprintf(args[0].stringValue ?? "", Array(args.dropFirst())))
        },
        "html": TemplateFunction([], variadic: .any) { args in .string(htmlEscape(textOf(args))) },
        "js": TemplateFunction([], variadic: .any) { args in .string(jsEscape(textOf(args))) },
        "urlquery": TemplateFunction([], variadic: .any) { args in .string(queryEscape(textOf(args))) },
        "call": TemplateFunction([.any], variadic: .any) { args throws(TemplateFunctionError) in
            throw TemplateFunctionError("non-function of type \(args[0].typeName)")
        },
        "eq": TemplateFunction([.any], variadic: .any) { args throws(TemplateFunctionError) in
            guard args.count > 1 else { throw TemplateFunctionError("missing argument for comparison") }
            for other in args.dropFirst() {
                if try equal(args[0], other) { return .bool(true) }
            }
            return .bool(false)
        },
        "ne": TemplateFunction([.any, .any]) { args throws(TemplateFunctionError) in .bool(!(try equal(args[0], args[1]))) },
        "lt": TemplateFunction([.any, .any]) { args throws(TemplateFunctionError) in .bool(try less(args[0], args[1])) },
        "le": TemplateFunction([.any, .any]) { args throws(TemplateFunctionError) in
            if try less(args[0], args[1]) { return .bool(true) }
            return .bool(try equal(args[0], args[1]))
        },
        "gt": TemplateFunction([.any, .any]) { args throws(TemplateFunctionError) in
            if try less(args[0], args[1]) { return .bool(false) }
            return .bool(!(try equal(args[0], args[1])))
        },
        "ge": TemplateFunction([.any, .any]) { args throws(TemplateFunctionError) in .bool(!(try less(args[0], args[1]))) },
    ]

    // MARK: - Comparison

    private enum BasicKind: Equatable {
        case bool, int, uint, float, string
    }

    private static func basicKind(_ value: TemplateValue) -> BasicKind? {
        switch value {
        case .bool: return .bool
        case .int: return .int
        case .uint: return .uint
        case .float: return .float
        case .string, .html: return .string
        default: return nil
        }
    }

    private static func isNil(_ value: TemplateValue) -> Bool {
        switch value {
        case .missing, .null: return true
        case .object(let object): return object.isNil
        default: return false
        }
    }

    private static func text(_ value: TemplateValue) -> String {
        switch value {
        case .string(let s), .html(let s): return s
        default: return ""
        }
    }

    /// Go's `eq` for two values: basic kinds compare by value (int and uint across signs);
    /// different kinds are an error unless one side is nil.
    static func equal(_ a: TemplateValue, _ b: TemplateValue) throws(TemplateFunctionError) -> Bool {
        let k1 = basicKind(a)
        let k2 = basicKind(b)
        if k1 != k2 {
            switch (a, b) {
            case (.int(let x), .uint(let y)): return x >= 0 && UInt64(x) == y
            case (.uint(let x), .int(let y)): return y >= 0 && x == UInt64(y)
            default:
                if !isNil(a) && !isNil(b) {
                    throw TemplateFunctionError("incompatible types for comparison: \(a.typeName) and \(b.typeName)")
                }
                return false
            }
        }
        switch (a, b) {
        case (.bool(let x), .bool(let y)): return x == y
        case (.int(let x), .int(let y)): return x == y
        case (.uint(let x), .uint(let y)): return x == y
        case (.float(let x), .float(let y)): return x == y
        case _ where k1 == .string: return text(a) == text(b)
        default:
            if isNil(a) || isNil(b) { return isNil(a) == isNil(b) }
            switch b {
            case .list, .map: throw TemplateFunctionError("non-comparable type \(GoFormat.print(b)): \(b.typeName)")
            default: return a.typeName == b.typeName && GoFormat.print(a) == GoFormat.print(b)
            }
        }
    }

    /// Go's `lt`: only basic kinds other than bool are ordered.
    static func less(_ a: TemplateValue, _ b: TemplateValue) throws(TemplateFunctionError) -> Bool {
        guard let k1 = basicKind(a), let k2 = basicKind(b) else {
            throw TemplateFunctionError("invalid type for comparison")
        }
        if k1 != k2 {
            switch (a, b) {
            case (.int(let x), .uint(let y)): return x < 0 || UInt64(x) < y
            case (.uint(let x), .int(let y)): return y >= 0 && x < UInt64(y)
            default: throw TemplateFunctionError("incompatible types for comparison")
            }
        }
        switch (a, b) {
        case (.int(let x), .int(let y)): return x < y
        case (.uint(let x), .uint(let y)): return x < y
        case (.float(let x), .float(let y)): return x < y
        case _ where k1 == .string: return text(a).utf8Precedes(text(b))
        default: throw TemplateFunctionError("invalid type for comparison")
        }
    }

    // MARK: - Collections

    private static func length(_ value: TemplateValue) throws(TemplateFunctionError) -> TemplateValue {
        switch value {
        case .string(let s), .html(let s): return .int(Int64(s.utf8.count))
        case .null: throw TemplateFunctionError("len of nil pointer")
        case .object(let object) where object.isNil: throw TemplateFunctionError("len of nil pointer")
        default:
            if let elements = value.elements { return .int(Int64(elements.count)) }
            if let map = value.mapValue { return .int(Int64(map.entries.count)) }
            throw TemplateFunctionError("len of type \(value.typeName)")
        }
    }

    private static func indexArgument(_ index: TemplateValue, bound: Int) throws(TemplateFunctionError) -> Int {
        let x: Int64
        switch index {
        case .int(let i): x = i
        case .uint(let u): x = u > UInt64(Int64.max) ? -1 : Int64(u)
        case .missing, .null: throw TemplateFunctionError("cannot index slice/array with nil")
        default: throw TemplateFunctionError("cannot index slice/array with type \(index.typeName)")
        }
        guard x >= 0, x <= Int64(bound) else { throw TemplateFunctionError("index out of range: \(x)") }
        return Int(x)
    }

    private static func index(_ item: TemplateValue, _ indices: [TemplateValue]) throws(TemplateFunctionError) -> TemplateValue {
        var value = item
        for index in indices {
            if isNil(value) { throw TemplateFunctionError("index of untyped nil") }
            if case .string(let s) = value {
                let bytes = Array(s.utf8)
                let i = try indexArgument(index, bound: bytes.count)
                guard i < bytes.count else { throw TemplateFunctionError("index out of range: \(i)") }
                value = .uint(UInt64(bytes[i]))
            } else if let elements = value.elements {
                let i = try indexArgument(index, bound: elements.count)
                guard i < elements.count else { throw TemplateFunctionError("index out of range: \(i)") }
                value = elements[i]
            } else if let map = value.mapValue {
                guard let key = index.stringValue else {
                    if isNil(index) { value = map.zero; continue }
                    throw TemplateFunctionError("value has type \(index.typeName); should be string")
                }
                value = map.entries[key] ?? map.zero
            } else {
                throw TemplateFunctionError("can't index item of type \(value.typeName)")
            }
        }
        return value
    }

    private static func slice(_ item: TemplateValue, _ indexes: [TemplateValue]) throws(TemplateFunctionError) -> TemplateValue {
        if isNil(item) { throw TemplateFunctionError("slice of untyped nil") }
        guard indexes.count <= 3 else { throw TemplateFunctionError("too many slice indexes: \(indexes.count)") }
        let count: Int
        switch item {
        case .string(let s):
            guard indexes.count < 3 else { throw TemplateFunctionError("cannot 3-index slice a string") }
            count = s.utf8.count
        default:
            guard let elements = item.elements else { throw TemplateFunctionError("can't slice item of type \(item.typeName)") }
            count = elements.count
        }
        var bounds = [0, count, count]
        for (i, index) in indexes.enumerated() { bounds[i] = try indexArgument(index, bound: count) }
        guard bounds[0] <= bounds[1] else { throw TemplateFunctionError("invalid slice index: \(bounds[0]) > \(bounds[1])") }
        if indexes.count == 3, bounds[1] > bounds[2] {
            throw TemplateFunctionError("invalid slice index: \(bounds[1]) > \(bounds[2])")
        }
        if case .string(let s) = item {
            return .string(String(decoding: Array(s.utf8)[bounds[0]..<bounds[1]], as: UTF8.self))
        }
        let elementType: String
        if case .list(_, let type) = item { elementType = type } else { elementType = "interface {}" }
        return .list(Array(item.elements![bounds[0]..<bounds[1]]), elementType: elementType)
    }

    // MARK: - Escaping

    /// The text of the arguments as `html`, `js` and `urlquery` see it (`fmt.Sprint`).
    private static func textOf(_ args: [TemplateValue]) -> String {
        if args.count == 1, let s = args[0].stringValue { return s }
        return GoFormat.sprint(args)
    }

    /// Go's `template.HTMLEscapeString`.
    static func htmlEscape(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "&#34;"
            case "'": out += "&#39;"
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\0": out += "\u{FFFD}"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// Go's `template.JSEscapeString`.
    static func jsEscape(_ s: String) -> String {
        var out = ""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "'": out += "\\'"
            case "\"": out += "\\\""
            case "<": out += "\\u003C"
            case ">": out += "\\u003E"
            case "&": out += "\\u0026"
            case "=": out += "\\u003D"
            case _ where scalar.value < 0x20:
                out += "\\u00" + String(scalar.value, radix: 16, uppercase: true).leftPadded(to: 2)
            case _ where scalar.value >= 0x80 && !GoQuote.isPrintable(scalar):
                out += "\\u" + String(scalar.value, radix: 16, uppercase: true).leftPadded(to: 4)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// Go's `url.QueryEscape`: unreserved bytes kept, space as `+`, the rest `%XX`.
    static func queryEscape(_ s: String) -> String {
        var out = ""
        for byte in s.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            case UInt8(ascii: " "): out += "+"
            default: out += "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
            }
        }
        return out
    }
}

extension String {
    /// The string with leading zeros up to `width` characters.
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
