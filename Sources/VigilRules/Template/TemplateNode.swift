import VigilModel

/// A node of a parsed template, the counterpart of Go's `text/template/parse.Node`.
/// Positions are UTF-8 offsets into the text of the parse that produced the node.
indirect enum TemplateNode: Sendable {
    case list([TemplateNode])
    case text(String, pos: Int)
    case action(TemplatePipe, pos: Int)
    case ifBlock(TemplateBranch)
    case rangeBlock(TemplateBranch)
    case withBlock(TemplateBranch)
    case template(name: String, pipe: TemplatePipe?, pos: Int)
    case breakLoop(pos: Int)
    case continueLoop(pos: Int)
    // Operands.
    case pipe(TemplatePipe)
    case command(TemplateCommand)
    case field([String], pos: Int)
    case chain(TemplateNode, [String], pos: Int)
    case variable([String], pos: Int)
    case identifier(String, pos: Int)
    case dot(pos: Int)
    case nilLiteral(pos: Int)
    case bool(Bool, pos: Int)
    case number(TemplateNumber, pos: Int)
    case string(quoted: String, value: String, pos: Int)

    var pos: Int {
        switch self {
        case .list(let nodes): return nodes.first?.pos ?? 0
        case .text(_, let pos), .action(_, let pos), .template(_, _, let pos), .breakLoop(let pos),
            .continueLoop(let pos), .field(_, let pos), .chain(_, _, let pos), .variable(_, let pos),
            .identifier(_, let pos), .dot(let pos), .nilLiteral(let pos), .bool(_, let pos),
            .number(_, let pos), .string(_, _, let pos):
            return pos
        case .ifBlock(let b), .rangeBlock(let b), .withBlock(let b): return b.pos
        case .pipe(let p): return p.pos
        case .command(let c): return c.pos
        }
    }

    /// Go's `Node.String()`, used in error contexts (`at <.Labels.foo>`).
    var description: String {
        switch self {
        case .list(let nodes): return nodes.map(\.description).joined()
        case .text(let text, _): return text
        case .action(let pipe, _): return "{{\(pipe.description)}}"
        case .ifBlock(let b): return b.description(keyword: "if")
        case .rangeBlock(let b): return b.description(keyword: "range")
        case .withBlock(let b): return b.description(keyword: "with")
        case .template(let name, let pipe, _):
            if let pipe { return "{{template \(GoQuote.string(name)) \(pipe.description)}}" }
            return "{{template \(GoQuote.string(name))}}"
        case .breakLoop: return "{{break}}"
        case .continueLoop: return "{{continue}}"
        case .pipe(let pipe): return pipe.description
        case .command(let command): return command.description
        case .field(let idents, _): return idents.map { "." + $0 }.joined()
        case .chain(let node, let fields, _):
            let base: String
            if case .pipe = node { base = "(\(node.description))" } else { base = node.description }
            return base + fields.map { "." + $0 }.joined()
        case .variable(let idents, _): return idents.joined(separator: ".")
        case .identifier(let name, _): return name
        case .dot: return "."
        case .nilLiteral: return "nil"
        case .bool(let b, _): return b ? "true" : "false"
        case .number(let n, _): return n.text
        case .string(let quoted, _, _): return quoted
        }
    }
}

/// `decl := cmd | cmd …`.
struct TemplatePipe: Sendable {
    var pos: Int
    /// `=` rather than `:=`.
    var isAssign = false
    var declarations: [String] = []
    var commands: [TemplateCommand] = []

    var description: String {
        var out = ""
        if !declarations.isEmpty {
            out = declarations.joined(separator: ", ") + (isAssign ? " = " : " := ")
        }
        return out + commands.map(\.description).joined(separator: " | ")
    }
}

/// One command of a pipeline: operands separated by spaces.
struct TemplateCommand: Sendable {
    var pos: Int
    var args: [TemplateNode] = []

    var description: String {
        args.map { arg in
            if case .pipe = arg { return "(\(arg.description))" }
            return arg.description
        }.joined(separator: " ")
    }
}

/// `if`, `range` and `with`: a pipeline, a body and an optional else body.
struct TemplateBranch: Sendable {
    var pos: Int
    var pipe: TemplatePipe
    var list: [TemplateNode]
    var elseList: [TemplateNode]?

    func description(keyword: String) -> String {
        var out = "{{\(keyword) \(pipe.description)}}" + list.map(\.description).joined()
        if let elseList { out += "{{else}}" + elseList.map(\.description).joined() }
        return out + "{{end}}"
    }
}

/// A number literal with every Go type it can be read as (`1` is int, uint and float).
struct TemplateNumber: Sendable {
    var text: String
    var int: Int64?
    var uint: UInt64?
    var float: Double?

    /// Go's `parse.newNumber`: character constants, integers in any base, floats; nil when
    /// the text is no number (complex constants are not supported).
    init?(text: String, isChar: Bool) throws(TemplateSyntaxError) {
        self.text = text
        if isChar {
            guard let scalar = GoFormat.unquoteChar(text) else {
                throw TemplateSyntaxError("malformed character constant: \(text)")
            }
            int = Int64(scalar.value)
            uint = UInt64(scalar.value)
            float = Double(scalar.value)
            return
        }
        if text.hasSuffix("i") { return nil }
        let parsed = Self.parseInteger(text)
        uint = parsed.flatMap { $0.negative ? ($0.magnitude == 0 ? 0 : nil) : $0.magnitude }
        if let parsed {
            if parsed.negative {
                if parsed.magnitude <= UInt64(Int64.max) + 1 { int = parsed.magnitude == UInt64(Int64.max) + 1 ? Int64.min : -Int64(parsed.magnitude) }
            } else if parsed.magnitude <= UInt64(Int64.max) {
                int = Int64(parsed.magnitude)
            }
        }
        if let int {
            float = Double(int)
        } else if let uint {
            float = Double(uint)
        } else if let f = Self.parseFloat(text) {
            guard text.contains(where: { ".eEpP".contains($0) }) else {
                throw TemplateSyntaxError("integer overflow: \(GoQuote.string(text))")
            }
            float = f
            if f.rounded(.towardZero) == f, f >= -9.223372036854775808e18, f < 9.223372036854775808e18 { int = Int64(f) }
            if f.rounded(.towardZero) == f, f >= 0, f < 1.8446744073709551616e19 { uint = UInt64(f) }
        }
        if int == nil && uint == nil && float == nil {
            throw TemplateSyntaxError("illegal number syntax: \(GoQuote.string(text))")
        }
    }

    /// `strconv.ParseInt(text, 0, 64)`'s grammar: sign, base prefix, underscores between digits.
    private static func parseInteger(_ text: String) -> (negative: Bool, magnitude: UInt64)? {
        var s = Substring(text)
        var negative = false
        if s.first == "+" || s.first == "-" {
            negative = s.first == "-"
            s = s.dropFirst()
        }
        var radix: UInt64 = 10
        var prefixed = false
        let lower = s.lowercased()
        if lower.hasPrefix("0x") { radix = 16; s = s.dropFirst(2); prefixed = true }
        else if lower.hasPrefix("0o") { radix = 8; s = s.dropFirst(2); prefixed = true }
        else if lower.hasPrefix("0b") { radix = 2; s = s.dropFirst(2); prefixed = true }
        else if s.count > 1 && s.first == "0" { radix = 8; s = s.dropFirst(); prefixed = true }
        guard !s.isEmpty else { return nil }
        if s.contains("_") {
            // Go literal syntax: an underscore separates digits (or follows a base prefix).
            guard !s.hasSuffix("_"), !s.contains("__"), prefixed || !s.hasPrefix("_") else { return nil }
        }
        var value: UInt64 = 0
        for c in s where c != "_" {
            guard let digit = c.hexDigitValue, UInt64(digit) < radix else { return nil }
            let (m, o1) = value.multipliedReportingOverflow(by: radix)
            let (a, o2) = m.addingReportingOverflow(UInt64(digit))
            guard !o1, !o2 else { return nil }
            value = a
        }
        return (negative, value)
    }

    private static func parseFloat(_ text: String) -> Double? {
        Double(String(text.filter { $0 != "_" }))
    }
}

/// A parse problem before the `template: NAME:LINE:` prefix is added.
struct TemplateSyntaxError: Error, Sendable {
    var message: String
    init(_ message: String) { self.message = message }
}
