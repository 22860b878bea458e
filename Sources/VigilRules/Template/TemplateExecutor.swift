import VigilModel

/// Runs a parsed template over data, as Go's `text/template` `state` does: walking nodes,
/// evaluating pipelines, fields, methods and function calls, and reporting errors at the
/// node Go would name (`template: NAME:LINE:COL: executing "NAME" at <NODE>: …`).
struct TemplateExecutor {
    /// Non-local exits: an error, or `{{break}}`/`{{continue}}` unwinding to their range.
    enum Interrupt: Error {
        case failure(TemplateError)
        case breakLoop
        case continueLoop
    }

    /// Nested `{{template}}` calls allowed before execution stops (Go allows 100000; the
    /// threads templates run on have small stacks, and no sane template nests this deep).
    static let maxDepth = 100

    let trees: [String: TemplateTree]
    let functions: TemplateFunctions
    let missingKey: TemplateMissingKey
    private(set) var output = ""
    private var tree: TemplateTree
    private var vars: [(name: String, value: TemplateValue)] = []
    private var current: TemplateNode?
    private var depth = 0
    private var steps = 0
    /// Nodes walked before execution stops: a template loops over query results at most,
    /// and a runaway one must not hold a rule evaluation forever.
    static let maxSteps = 1_000_000

    init(tree: TemplateTree, trees: [String: TemplateTree], functions: TemplateFunctions, missingKey: TemplateMissingKey) {
        self.tree = tree
        self.trees = trees
        self.functions = functions
        self.missingKey = missingKey
    }

    /// Executes the tree over `data`; the output so far stays in `output` after an error.
    mutating func run(_ data: TemplateValue) throws(TemplateError) {
        vars = [("$", data)]
        do {
            try walk(data, .list(tree.root))
        } catch .failure(let error) {
            throw error
        } catch {
            // break/continue outside a range cannot parse; nothing to do.
        }
    }

    // MARK: - Errors

    func fail(_ message: String) -> Interrupt {
        guard let node = current else {
            return .failure(TemplateError(kind: .execution, description: "template: \(tree.name): \(message)", line: 1))
        }
        let position = node.pos
        let prefix = tree.text.utf8.prefix(position)
        let line = 1 + prefix.lazy.filter { $0 == UInt8(ascii: "\n") }.count
        let lastNewline = prefix.lastIndex(of: UInt8(ascii: "\n")).map { prefix.distance(from: prefix.startIndex, to: $0) }
        let column = lastNewline.map { position - $0 - 1 } ?? position
        let description = "template: \(tree.parseName):\(line):\(column): executing \(GoQuote.string(tree.name)) at <\(node.description)>: \(message)"
        return .failure(TemplateError(kind: .execution, description: description, line: line, column: column))
    }

    mutating func at(_ node: TemplateNode) { current = node }

    // MARK: - Variables

    private mutating func push(_ name: String, _ value: TemplateValue) { vars.append((name, value)) }

    private mutating func pop(to mark: Int) { vars.removeLast(vars.count - mark) }

    private mutating func setVar(_ name: String, _ value: TemplateValue) throws(Interrupt) {
        guard let index = vars.lastIndex(where: { $0.name == name }) else { throw fail("undefined variable: \(name)") }
        vars[index].value = value
    }

    private mutating func setTopVar(_ n: Int, _ value: TemplateValue) { vars[vars.count - n].value = value }

    private func varValue(_ name: String) throws(Interrupt) -> TemplateValue {
        guard let variable = vars.last(where: { $0.name == name }) else { throw fail("undefined variable: \(name)") }
        return variable.value
    }

    // MARK: - Walking

    private mutating func walk(_ dot: TemplateValue, _ node: TemplateNode) throws(Interrupt) {
        at(node)
        steps += 1
        guard steps <= Self.maxSteps else { throw fail("template execution exceeded \(Self.maxSteps) steps") }
        switch node {
        case .action(let pipe, _):
            let value = try evalPipeline(dot, pipe)
            if pipe.declarations.isEmpty { try printValue(node, value) }
        case .ifBlock(let branch):
            try walkIfOrWith(isWith: false, dot, branch)
        case .withBlock(let branch):
            try walkIfOrWith(isWith: true, dot, branch)
        case .list(let nodes):
            for node in nodes { try walk(dot, node) }
        case .rangeBlock(let branch):
            try walkRange(dot, node, branch)
        case .template(let name, let pipe, _):
            try walkTemplate(dot, node, name: name, pipe: pipe)
        case .text(let text, _):
            output += text
        case .breakLoop:
            throw .breakLoop
        case .continueLoop:
            throw .continueLoop
        default:
            throw fail("unknown node: \(node.description)")
        }
    }

    private mutating func walkIfOrWith(isWith: Bool, _ dot: TemplateValue, _ branch: TemplateBranch) throws(Interrupt) {
        let mark = vars.count
        defer { pop(to: mark) }
        let value = try evalPipeline(dot, branch.pipe)
        if value.isTrue {
            try walk(isWith ? value : dot, .list(branch.list))
        } else if let elseList = branch.elseList {
            try walk(dot, .list(elseList))
        }
    }

    private mutating func walkRange(_ dot: TemplateValue, _ node: TemplateNode, _ branch: TemplateBranch) throws(Interrupt) {
        at(node)
        let outerMark = vars.count
        defer { pop(to: outerMark) }
        let value = try evalPipeline(dot, branch.pipe)
        let mark = vars.count
        let declarations = branch.pipe.declarations
        // Returns false when the loop is to stop ({{break}}).
        func iteration(_ executor: inout TemplateExecutor, index: TemplateValue, element: TemplateValue) throws(Interrupt) -> Bool {
            if !declarations.isEmpty {
                if branch.pipe.isAssign {
                    try executor.setVar(declarations[0], declarations.count > 1 ? index : element)
                } else {
                    executor.setTopVar(1, element)
                }
            }
            if declarations.count > 1 {
                if branch.pipe.isAssign { try executor.setVar(declarations[1], element) } else { executor.setTopVar(2, index) }
            }
            defer { executor.pop(to: mark) }
            do {
                try executor.walk(element, .list(branch.list))
            } catch .continueLoop {
                return true
            } catch .breakLoop {
                return false
            }
            return true
        }
        var iterated = false
        switch value {
        case .int(let count):
            guard declarations.count < 2 else { throw fail("can't use \(count) to iterate over more than one variable") }
            for i in 0..<max(count, 0) {
                iterated = true
                guard try iteration(&self, index: .int(i), element: .int(i)) else { break }
            }
        case .missing, .null:
            break
        default:
            if let elements = value.elements {
                for (i, element) in elements.enumerated() {
                    iterated = true
                    guard try iteration(&self, index: .int(Int64(i)), element: element) else { break }
                }
            } else if let map = value.mapValue {
                for key in map.sortedKeys {
                    iterated = true
                    guard try iteration(&self, index: .string(key), element: map.entries[key]!) else { break }
                }
            } else {
                throw fail("range can't iterate over \(GoFormat.print(value))")
            }
        }
        if !iterated, let elseList = branch.elseList {
            try walk(dot, .list(elseList))
        }
    }

    private mutating func walkTemplate(_ dot: TemplateValue, _ node: TemplateNode, name: String, pipe: TemplatePipe?) throws(Interrupt) {
        at(node)
        guard let target = trees[name] else { throw fail("template \(GoQuote.string(name)) not defined") }
        guard depth < Self.maxDepth else { throw fail("exceeded maximum template depth (\(Self.maxDepth))") }
        let newDot = try evalPipeline(dot, pipe)
        // No dynamic scoping: the invoked template sees only `$`.
        let saved = (tree, vars, current)
        tree = target
        vars = [("$", newDot)]
        depth += 1
        defer {
            depth -= 1
            (tree, vars, current) = saved
        }
        try walk(newDot, .list(target.root))
    }

    private mutating func printValue(_ node: TemplateNode, _ value: TemplateValue) throws(Interrupt) {
        at(node)
        switch value {
        case .missing: output += "<no value>"
        case .object(let object) where object.isNil: output += "<nil>"
        default: output += GoFormat.print(value)
        }
    }

    // MARK: - Pipelines and commands

    mutating func evalPipeline(_ dot: TemplateValue, _ pipe: TemplatePipe?) throws(Interrupt) -> TemplateValue {
        guard let pipe else { return .missing }
        at(.pipe(pipe))
        var value: TemplateValue?
        for command in pipe.commands {
            value = try evalCommand(dot, command, final: value)
        }
        let result = value ?? .missing
        for name in pipe.declarations {
            if pipe.isAssign { try setVar(name, result) } else { push(name, result) }
        }
        return result
    }

    private func notAFunction(_ args: [TemplateNode], _ final: TemplateValue?) throws(Interrupt) {
        if args.count > 1 || final != nil {
            throw fail("can't give argument to non-function \(args[0].description)")
        }
    }

    private mutating func evalCommand(_ dot: TemplateValue, _ command: TemplateCommand, final: TemplateValue?) throws(Interrupt) -> TemplateValue {
        let first = command.args[0]
        switch first {
        case .field(let idents, _):
            at(first)
            return try evalFieldChain(dot, receiver: dot, node: first, idents: idents, args: command.args, final: final)
        case .chain:
            return try evalChain(dot, first, args: command.args, final: final)
        case .identifier(let name, _):
            return try evalFunction(dot, name: name, identifier: first, node: .command(command), args: command.args, final: final)
        case .pipe(let pipe):
            try notAFunction(command.args, final)
            return try evalPipeline(dot, pipe)
        case .variable:
            return try evalVariable(dot, first, args: command.args, final: final)
        default:
            break
        }
        at(first)
        try notAFunction(command.args, final)
        switch first {
        case .bool(let b, _): return .bool(b)
        case .dot: return dot
        case .nilLiteral: throw fail("nil is not a command")
        case .number(let number, _): return try idealConstant(first, number)
        case .string(_, let value, _): return .string(value)
        default: throw fail("can't evaluate command \(GoQuote.string(first.description))")
        }
    }

    /// An untyped number where no type is known: `float64` when written like a float,
    /// else `int`, as Go's `idealConstant`.
    mutating func idealConstant(_ node: TemplateNode, _ number: TemplateNumber) throws(Interrupt) -> TemplateValue {
        at(node)
        let text = number.text.lowercased()
        let isHexInt = text.count > 2 && text.hasPrefix("0x") && !text.contains("p")
        if let f = number.float, !isHexInt, !text.hasPrefix("'"), text.contains(where: { ".ep".contains($0) }) {
            return .float(f)
        }
        if let i = number.int { return .int(i) }
        if number.uint != nil { throw fail("\(number.text) overflows int") }
        return .missing
    }

    mutating func evalChain(_ dot: TemplateValue, _ node: TemplateNode, args: [TemplateNode]?, final: TemplateValue?) throws(Interrupt) -> TemplateValue {
        at(node)
        guard case .chain(let base, let fields, _) = node else { preconditionFailure("BUG: not a chain") }
        if case .nilLiteral = base { throw fail("indirection through explicit nil in \(node.description)") }
        let receiver = try evalArg(dot, .any, base)
        return try evalFieldChain(dot, receiver: receiver, node: node, idents: fields, args: args, final: final)
    }

    mutating func evalVariable(_ dot: TemplateValue, _ node: TemplateNode, args: [TemplateNode]?, final: TemplateValue?) throws(Interrupt) -> TemplateValue {
        at(node)
        guard case .variable(let idents, _) = node else { preconditionFailure("BUG: not a variable") }
        let value = try varValue(idents[0])
        if idents.count == 1 {
            try notAFunction(args ?? [node], final)
            return value
        }
        return try evalFieldChain(dot, receiver: value, node: node, idents: Array(idents.dropFirst()), args: args, final: final)
    }

    mutating func evalFieldChain(
        _ dot: TemplateValue, receiver: TemplateValue, node: TemplateNode, idents: [String], args: [TemplateNode]?, final: TemplateValue?
    ) throws(Interrupt) -> TemplateValue {
        var receiver = receiver
        for ident in idents.dropLast() {
            receiver = try evalField(dot, ident, node: node, args: nil, final: nil, receiver: receiver)
        }
        return try evalField(dot, idents[idents.count - 1], node: node, args: args, final: final, receiver: receiver)
    }

    private mutating func evalField(
        _ dot: TemplateValue, _ name: String, node: TemplateNode, args: [TemplateNode]?, final: TemplateValue?, receiver: TemplateValue
    ) throws(Interrupt) -> TemplateValue {
        switch receiver {
        case .missing:
            if missingKey == .error { throw fail("nil data; no entry for key \(GoQuote.string(name))") }
            return .missing
        case .null:
            throw fail("nil pointer evaluating interface {}.\(name)")
        case .object(let object):
            if let method = object.method(name) {
                return try evalCall(dot, method, isBuiltin: false, node: node, name: name, args: args, final: final)
            }
            if object.isNil { throw fail("nil pointer evaluating \(object.typeName).\(name)") }
        default:
            break
        }
        let hasArgs = (args?.count ?? 0) > 1 || final != nil
        if case .object(let object) = receiver, let value = object.field(name) {
            if hasArgs { throw fail("\(name) has arguments but cannot be invoked as function") }
            return value
        }
        if let map = receiver.mapValue {
            if hasArgs { throw fail("\(name) is not a method but has arguments") }
            if let value = map.entries[name] { return value }
            switch missingKey {
            case .invalid: return .missing
            case .zero: return map.zero
            case .error: throw fail("map has no entry for key \(GoQuote.string(name))")
            }
        }
        throw fail("can't evaluate field \(name) in type \(receiver.typeName)")
    }

    mutating func evalFunction(
        _ dot: TemplateValue, name: String, identifier: TemplateNode, node: TemplateNode, args: [TemplateNode]?, final: TemplateValue?
    ) throws(Interrupt) -> TemplateValue {
        at(identifier)
        if let function = functions[name] {
            return try evalCall(dot, function, isBuiltin: false, node: node, name: name, args: args, final: final)
        }
        if let function = TemplateBuiltins.functions[name] {
            return try evalCall(dot, function, isBuiltin: true, node: node, name: name, args: args, final: final)
        }
        throw fail("\(GoQuote.string(name)) is not a defined function")
    }

    /// Calls a function or bound method. `args`, when given, includes the function's own
    /// node first (as Go's); `final` is the value piped in from the previous command.
    private mutating func evalCall(
        _ dot: TemplateValue, _ function: TemplateFunction, isBuiltin: Bool, node: TemplateNode, name: String,
        args: [TemplateNode]?, final: TemplateValue?
    ) throws(Interrupt) -> TemplateValue {
        let argNodes = Array((args ?? []).dropFirst())
        let count = argNodes.count + (final == nil ? 0 : 1)
        let fixed = function.parameters.count
        if function.variadic != nil {
            if count < fixed { throw fail("wrong number of args for \(name): want at least \(fixed) got \(argNodes.count)") }
        } else if count != fixed {
            throw fail("wrong number of args for \(name): want \(fixed) got \(count)")
        }
        // `and` and `or` stop at the first argument that decides the result.
        if isBuiltin && (name == "and" || name == "or") {
            var value = TemplateValue.missing
            for arg in argNodes {
                value = try evalArg(dot, .any, arg)
                if value.isTrue == (name == "or") { return value }
            }
            if let final { value = try validateType(final, .any) }
            return value
        }
        var argv: [TemplateValue] = []
        argv.reserveCapacity(count)
        for (i, arg) in argNodes.enumerated() {
            let parameter = i < fixed ? function.parameters[i] : function.variadic!
            argv.append(try evalArg(dot, parameter, arg))
        }
        if let final {
            let position = count - 1
            let parameter = position < fixed ? function.parameters[position] : function.variadic!
            argv.append(try validateType(final, parameter))
        }
        do {
            return try function.body(argv)
        } catch {
            at(node)
            throw fail("error calling \(name): \(error.message)")
        }
    }
}
