import VigilModel

/// One parsed template: its body and the text it came from (for error positions).
struct TemplateTree: Sendable {
    var name: String
    /// The name of the top-level template of the parse that produced this tree.
    var parseName: String
    /// The full text of that parse; node positions index into it.
    var text: String
    var root: [TemplateNode]

    /// Go's `parse.IsEmptyTree`: nothing but white space.
    var isEmpty: Bool {
        root.allSatisfy { node in
            if case .text(let text, _) = node { return text.allSatisfy(\.isWhitespace) }
            return false
        }
    }
}

/// Go's `text/template/parse` parser: builds the trees of one text (the top-level template
/// and every `{{define}}`), checking that functions exist and variables are declared.
/// Errors read as Go's: `template: NAME:LINE: MESSAGE`.
struct TemplateParser {
    private let tokens: [TemplateToken]
    private var index = 0
    /// The furthest token read; Go reports the line of the last token taken from the lexer.
    private var furthest = 0
    private let name: String
    private let text: String
    private let functions: Set<String>
    private var vars: [String] = ["$"]
    private var rangeDepth = 0
    /// Nesting of pipelines and control structures, bounded so that hostile input cannot
    /// exhaust the stack.
    private var nesting = 0
    static let maxNesting = 200
    private var trees: [String: TemplateTree] = [:]

    /// Parses `text` as the template `name`; returns every tree it defines, `name` included.
    static func parse(_ text: String, name: String, functions: Set<String>) throws(TemplateError) -> [String: TemplateTree] {
        var parser = TemplateParser(text: text, name: name, functions: functions)
        do {
            let root = try parser.parseTop()
            try parser.add(TemplateTree(name: name, parseName: name, text: text, root: root))
        } catch {
            let line = parser.tokens[min(parser.furthest, parser.tokens.count - 1)].line
            throw TemplateError(kind: .parse, description: "template: \(name):\(line): \(error.message)", line: line)
        }
        return parser.trees
    }

    private init(text: String, name: String, functions: Set<String>) {
        self.tokens = TemplateLexer.tokens(of: text)
        self.text = text
        self.name = name
        self.functions = functions.union(TemplateBuiltins.names)
    }

    // MARK: - Token stream

    private mutating func next() -> TemplateToken {
        let current = min(index, tokens.count - 1)
        furthest = max(furthest, current)
        index += 1
        return tokens[current]
    }

    private mutating func backup() { index -= 1 }

    private mutating func peek() -> TemplateToken {
        let token = next()
        backup()
        return token
    }

    private mutating func nextNonSpace() -> TemplateToken {
        var token = next()
        while token.kind == .space { token = next() }
        return token
    }

    private mutating func peekNonSpace() -> TemplateToken {
        let token = nextNonSpace()
        backup()
        return token
    }

    private func unexpected(_ token: TemplateToken, _ context: String) -> TemplateSyntaxError {
        if token.kind == .error { return TemplateSyntaxError(token.value) }
        return TemplateSyntaxError("unexpected \(token.description) in \(context)")
    }

    private mutating func expect(_ kind: TemplateToken.Kind, _ context: String) throws(TemplateSyntaxError) -> TemplateToken {
        let token = nextNonSpace()
        guard token.kind == kind else { throw unexpected(token, context) }
        return token
    }

    private mutating func add(_ tree: TemplateTree) throws(TemplateSyntaxError) {
        if let existing = trees[tree.name], !existing.isEmpty {
            guard tree.isEmpty else {
                throw TemplateSyntaxError("template: multiple definition of template \(GoQuote.string(tree.name))")
            }
            return
        }
        trees[tree.name] = tree
    }

    // MARK: - Lists and actions

    /// What ends an item list.
    private enum Terminator {
        case end
        /// `{{else}}`, or `{{else if …}}`/`{{else with …}}` with the keyword still unread.
        case elseClause(chained: TemplateToken.Kind?)
    }

    private mutating func parseTop() throws(TemplateSyntaxError) -> [TemplateNode] {
        var root: [TemplateNode] = []
        while peek().kind != .eof {
            if peek().kind == .error { throw TemplateSyntaxError(peek().value) }
            if peek().kind == .leftDelim {
                let delimIndex = index
                _ = next()
                if nextNonSpace().kind == .define {
                    try parseDefinition()
                    continue
                }
                index = delimIndex
            }
            switch try textOrAction() {
            case .node(let node): root.append(node)
            case .terminator(.end): throw TemplateSyntaxError("unexpected {{end}}")
            case .terminator(.elseClause): throw TemplateSyntaxError("unexpected {{else}}")
            }
        }
        return root
    }

    private mutating func parseDefinition() throws(TemplateSyntaxError) {
        let context = "define clause"
        let token = nextNonSpace()
        guard token.kind == .string || token.kind == .rawString else { throw unexpected(token, context) }
        let definedName = try unquote(token)
        _ = try expect(.rightDelim, context)
        let savedVars = vars
        vars = ["$"]
        let (list, terminator) = try itemList()
        vars = savedVars
        guard case .end = terminator else { throw TemplateSyntaxError("unexpected {{else}} in \(context)") }
        try add(TemplateTree(name: definedName, parseName: name, text: text, root: list))
    }

    private mutating func itemList() throws(TemplateSyntaxError) -> ([TemplateNode], Terminator) {
        var list: [TemplateNode] = []
        while peekNonSpace().kind != .eof {
            switch try textOrAction() {
            case .node(let node): list.append(node)
            case .terminator(let terminator): return (list, terminator)
            }
        }
        throw TemplateSyntaxError("unexpected EOF")
    }

    private enum Item {
        case node(TemplateNode)
        case terminator(Terminator)
    }

    private mutating func textOrAction() throws(TemplateSyntaxError) -> Item {
        let token = nextNonSpace()
        switch token.kind {
        case .text: return .node(.text(token.value, pos: token.pos))
        case .leftDelim: return try action()
        default: throw unexpected(token, "input")
        }
    }

    private mutating func action() throws(TemplateSyntaxError) -> Item {
        let token = nextNonSpace()
        switch token.kind {
        case .block: return .node(try blockControl())
        case .elseKeyword:
            let following = peekNonSpace().kind
            if following == .ifKeyword || following == .with { return .terminator(.elseClause(chained: following)) }
            _ = try expect(.rightDelim, "else")
            return .terminator(.elseClause(chained: nil))
        case .end:
            _ = try expect(.rightDelim, "end")
            return .terminator(.end)
        case .ifKeyword: return .node(.ifBlock(try parseControl(context: "if")))
        case .range:
            rangeDepth += 1
            defer { rangeDepth -= 1 }
            return .node(.rangeBlock(try parseControl(context: "range")))
        case .with: return .node(.withBlock(try parseControl(context: "with")))
        case .template: return .node(try templateControl())
        case .breakKeyword, .continueKeyword:
            let keyword = token.kind == .breakKeyword ? "break" : "continue"
            guard rangeDepth > 0 else { throw TemplateSyntaxError("{{\(keyword)}} outside {{range}}") }
            let close = nextNonSpace()
            guard close.kind == .rightDelim else { throw TemplateSyntaxError("unexpected \(close.description) in {{\(keyword)}}") }
            return .node(token.kind == .breakKeyword ? .breakLoop(pos: token.pos) : .continueLoop(pos: token.pos))
        default:
            backup()
            let first = peek()
            return .node(.action(try pipeline(context: "command"), pos: first.pos))
        }
    }

    private mutating func parseControl(context: String) throws(TemplateSyntaxError) -> TemplateBranch {
        nesting += 1
        defer { nesting -= 1 }
        guard nesting <= Self.maxNesting else { throw TemplateSyntaxError("template nesting too deep") }
        let mark = vars.count
        defer { vars.removeLast(vars.count - mark) }
        let pipe = try pipeline(context: context)
        let (list, terminator) = try itemList()
        var elseList: [TemplateNode]?
        if case .elseClause(let chained) = terminator {
            // `{{else if x}}` is `{{else}}{{if x}}…{{end}}{{end}}` sharing one {{end}}; the
            // same for `{{else with x}}` inside `with`.
            if chained == .ifKeyword && context == "if" {
                _ = nextNonSpace()
                elseList = [.ifBlock(try parseControl(context: "if"))]
            } else if chained == .with && context == "with" {
                _ = nextNonSpace()
                elseList = [.withBlock(try parseControl(context: "with"))]
            } else {
                let (list, next) = try itemList()
                guard case .end = next else { throw TemplateSyntaxError("expected end; found {{else}}") }
                elseList = list
            }
        }
        return TemplateBranch(pos: pipe.pos, pipe: pipe, list: list, elseList: elseList)
    }

    private mutating func templateControl() throws(TemplateSyntaxError) -> TemplateNode {
        let context = "template clause"
        let token = nextNonSpace()
        let name = try templateName(token, context)
        var pipe: TemplatePipe?
        if nextNonSpace().kind != .rightDelim {
            backup()
            pipe = try pipeline(context: context)
        }
        return .template(name: name, pipe: pipe, pos: token.pos)
    }

    private mutating func blockControl() throws(TemplateSyntaxError) -> TemplateNode {
        let context = "block clause"
        let token = nextNonSpace()
        let name = try templateName(token, context)
        let pipe = try pipeline(context: context)
        let savedVars = vars
        vars = ["$"]
        let (list, terminator) = try itemList()
        vars = savedVars
        guard case .end = terminator else { throw TemplateSyntaxError("unexpected {{else}} in \(context)") }
        try add(TemplateTree(name: name, parseName: self.name, text: text, root: list))
        return .template(name: name, pipe: pipe, pos: token.pos)
    }

    private func templateName(_ token: TemplateToken, _ context: String) throws(TemplateSyntaxError) -> String {
        guard token.kind == .string || token.kind == .rawString else { throw unexpected(token, context) }
        return try unquote(token)
    }

    private func unquote(_ token: TemplateToken) throws(TemplateSyntaxError) -> String {
        if token.kind == .rawString { return String(token.value.dropFirst().dropLast()) }
        guard let value = GoFormat.unquote(token.value) else { throw TemplateSyntaxError("invalid syntax") }
        return value
    }

    // MARK: - Pipelines and operands

    private mutating func pipeline(context: String) throws(TemplateSyntaxError) -> TemplatePipe {
        nesting += 1
        defer { nesting -= 1 }
        guard nesting <= Self.maxNesting else { throw TemplateSyntaxError("template nesting too deep") }
        var pipe = TemplatePipe(pos: peekNonSpace().pos)
        declarations: while peekNonSpace().kind == .variable {
            let start = index
            let variable = nextNonSpace()
            let following = peekNonSpace()
            switch following.kind {
            case .assign, .declare:
                pipe.isAssign = following.kind == .assign
                _ = nextNonSpace()
                pipe.declarations.append(variable.value)
                vars.append(variable.value)
            case .char where following.value == ",":
                _ = nextNonSpace()
                pipe.declarations.append(variable.value)
                vars.append(variable.value)
                if context == "range" && pipe.declarations.count < 2 {
                    switch peekNonSpace().kind {
                    case .variable, .rightDelim, .rightParen: continue declarations
                    default: throw TemplateSyntaxError("range can only initialize variables")
                    }
                }
                throw TemplateSyntaxError("too many declarations in \(context)")
            default:
                index = start
            }
            break
        }
        while true {
            let token = nextNonSpace()
            switch token.kind {
            case .rightDelim, .rightParen:
                if pipe.commands.isEmpty { throw TemplateSyntaxError("missing value for \(context)") }
                for (offset, command) in pipe.commands.dropFirst().enumerated() {
                    switch command.args[0] {
                    case .bool, .dot, .nilLiteral, .number, .string:
                        throw TemplateSyntaxError("non executable command in pipeline stage \(offset + 2)")
                    default: break
                    }
                }
                if token.kind == .rightParen { backup() }
                return pipe
            case .bool, .charConstant, .complex, .dot, .field, .identifier, .number, .nilKeyword,
                .rawString, .string, .variable, .leftParen:
                backup()
                pipe.commands.append(try command())
            default:
                throw unexpected(token, context)
            }
        }
    }

    private mutating func command() throws(TemplateSyntaxError) -> TemplateCommand {
        var command = TemplateCommand(pos: peekNonSpace().pos)
        loop: while true {
            _ = peekNonSpace()
            if let operand = try operand() { command.args.append(operand) }
            let token = next()
            switch token.kind {
            case .space: continue loop
            case .error: throw TemplateSyntaxError(token.value)
            case .rightDelim, .rightParen: backup()
            case .pipe: break
            default: throw TemplateSyntaxError("unexpected \(token.description) in operand")
            }
            break
        }
        if command.args.isEmpty { throw TemplateSyntaxError("empty command") }
        return command
    }

    private mutating func operand() throws(TemplateSyntaxError) -> TemplateNode? {
        guard let node = try term() else { return nil }
        guard peek().kind == .field else { return node }
        let chainPos = peek().pos
        var fields: [String] = []
        while peek().kind == .field { fields.append(String(next().value.dropFirst())) }
        switch node {
        // As Go: the combined node takes the position of the first chained field.
        case .field(let idents, _): return .field(idents + fields, pos: chainPos)
        case .variable(let idents, _): return .variable(idents + fields, pos: chainPos)
        case .bool, .string, .number, .nilLiteral, .dot:
            throw TemplateSyntaxError("unexpected . after term \(GoQuote.string(node.description))")
        default: return .chain(node, fields, pos: chainPos)
        }
    }

    private mutating func term() throws(TemplateSyntaxError) -> TemplateNode? {
        let token = nextNonSpace()
        switch token.kind {
        case .error: throw TemplateSyntaxError(token.value)
        case .identifier:
            guard functions.contains(token.value) else {
                throw TemplateSyntaxError("function \(GoQuote.string(token.value)) not defined")
            }
            return .identifier(token.value, pos: token.pos)
        case .dot: return .dot(pos: token.pos)
        case .nilKeyword: return .nilLiteral(pos: token.pos)
        case .variable:
            let idents = token.value.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
            guard vars.contains(idents[0]) else { throw TemplateSyntaxError("undefined variable \(GoQuote.string(idents[0]))") }
            return .variable(idents, pos: token.pos)
        case .field: return .field([String(token.value.dropFirst())], pos: token.pos)
        case .bool: return .bool(token.value == "true", pos: token.pos)
        case .charConstant, .number:
            guard let number = try TemplateNumber(text: token.value, isChar: token.kind == .charConstant) else {
                throw TemplateSyntaxError("complex constants are not supported: \(token.value)")
            }
            return .number(number, pos: token.pos)
        case .complex:
            throw TemplateSyntaxError("complex constants are not supported: \(token.value)")
        case .leftParen:
            let pipe = try pipeline(context: "parenthesized pipeline")
            let close = next()
            guard close.kind == .rightParen else { throw TemplateSyntaxError("unclosed right paren: unexpected \(close.description)") }
            return .pipe(pipe)
        case .string, .rawString:
            return .string(quoted: token.value, value: try unquote(token), pos: token.pos)
        default:
            backup()
            return nil
        }
    }
}
