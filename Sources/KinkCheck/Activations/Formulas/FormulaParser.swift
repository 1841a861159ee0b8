import BigFloat
import KinkCheckSupport

/// Turns formula text into a ``FormulaTree`` by operator-precedence parsing over explicit stacks
/// (no recursion), so neither a long chain nor deep nesting can overflow the call stack.
///
/// Grammar, loosest first: `where`'s one comparison (`< <= > >=`, only as its first argument);
/// `+ -` and `* /`, left-associative; unary `- +`; `^` with an integer literal exponent
/// (`x^2`, `x^-1`, `x^(-2)`), so `-x^2` is −(x²). Operands: numbers (exact decimal or hex-float),
/// `x`, `pi`, `e`, parameters, parentheses, and calls — elementary functions, `max`/`min`,
/// `where(COND, A, B)`, and every catalogue built-in with optional parameters after `;`
/// (`elu(x; alpha=0.5)`). Nesting (parentheses and calls) is limited to ``maximumDepth`` levels
/// and the text to ``FormulaLexer/maximumLength`` characters.
package struct FormulaParser {
    package static let maximumDepth = 200
    /// The largest |n| in `x^n`.
    package static let maximumExponent = 1 << 20
    /// The most named inputs a formula may have.
    package static let maximumInputs = 16

    /// Names callable as elementary functions or with two or three arguments.
    package static let specialFunctions = ["max", "min", "where"]

    private let tokens: [FormulaToken]
    private let field: FormulaError.Field
    private let parameters: [String: DecimalConstant]
    private var nodes: [FormulaNode] = []
    private var operands: [Int] = []
    private var operators: [Pending] = []
    private var depth = 0
    private var position = 0
    /// In a formula of named inputs: the inputs met so far, in order of first appearance (nil:
    /// a formula in `x`, where any other name is an error).
    private var inputs: [String]? = nil

    private enum Pending {
        case unary(negative: Bool)
        case binary(FormulaNode.BinaryOperator)
        case comparison(FormulaNode.Comparison)
        case group(Group)

        /// Binding strength of an operator waiting on the stack (groups are barriers).
        var precedence: Int {
            switch self {
            case .comparison: 0
            case .binary(.add), .binary(.subtract): 1
            case .binary: 2
            case .unary: 3
            case .group: -1
            }
        }
    }

    private struct Group {
        enum Kind {
            case parenthesis
            case function(FormulaNode.Function)
            case maximum, minimum, select
            case builtIn(Catalogue.Entry)
        }
        var kind: Kind
        /// The function's name ("" for parentheses).
        var name: String
        /// Where the name (or the parenthesis) starts.
        var column: Int
        /// `operands.count` when the group opened.
        var base: Int
        var arguments = 0
        var argumentColumn: Int
        var hasComparison = false

        var arity: Int {
            switch kind {
            case .parenthesis, .function, .builtIn: 1
            case .maximum, .minimum: 2
            case .select: 3
            }
        }
    }

    package init(tokens: [FormulaToken], field: FormulaError.Field, parameters: [String: DecimalConstant]) {
        self.tokens = tokens; self.field = field; self.parameters = parameters
    }

    /// Parses `text` (with `parameters` as named constants).
    package static func parse(_ text: String, field: FormulaError.Field = .formula,
                      parameters: [String: DecimalConstant] = [:]) throws(FormulaError) -> FormulaTree {
        var parser = FormulaParser(tokens: try FormulaLexer.tokens(text, field: field), field: field, parameters: parameters)
        return try parser.parse()
    }

    /// Parses `text` as a formula of named inputs: every word that is not a parameter, a
    /// constant (`pi`, `e`) or a function is an input, numbered in order of first appearance
    /// (`relu(a)*b`: a, b), `x` included.
    package static func parseNamedInputs(_ text: String, field: FormulaError.Field = .formula,
                                        parameters: [String: DecimalConstant] = [:]) throws(FormulaError) -> (tree: FormulaTree, inputs: [String]) {
        var parser = FormulaParser(tokens: try FormulaLexer.tokens(text, field: field), field: field, parameters: parameters)
        parser.inputs = []
        let tree = try parser.parse()
        return (tree, parser.inputs ?? [])
    }

    private func error(_ column: Int, _ message: String) -> FormulaError { FormulaError(field, column: column, message) }

    package mutating func parse() throws(FormulaError) -> FormulaTree {
        if case .end = tokens[0].kind { throw error(1, "empty formula") }
        var expectOperand = true
        while true {
            let t = tokens[position]
            if expectOperand {
                switch t.kind {
                case .number(let text):
                    guard let c = try? DecimalConstant(text) else { throw error(t.column, "malformed number '\(text)'") }
                    push(.constant(c))
                    position += 1
                    expectOperand = false
                case .identifier(let name):
                    if case .symbol("(") = tokens[position + 1].kind {
                        try open(call: name, at: t.column)
                        position += 2
                    } else {
                        push(try variable(name, at: t.column))
                        position += 1
                        expectOperand = false
                    }
                case .symbol("("):
                    try open(Group(kind: .parenthesis, name: "", column: t.column, base: operands.count,
                                   argumentColumn: tokens[position + 1].column))
                    position += 1
                case .symbol("-"), .symbol("+"):
                    operators.append(.unary(negative: t.kind == .symbol("-")))
                    position += 1
                default:
                    throw missingOperand(t)
                }
                continue
            }
            switch t.kind {
            case .symbol(let s) where FormulaNode.BinaryOperator(rawValue: s) != nil:
                let op = Pending.binary(FormulaNode.BinaryOperator(rawValue: s)!)
                reduce(whileAtLeast: op.precedence)
                operators.append(op)
                position += 1
                expectOperand = true
            case .symbol("^"):
                try power()
            case .symbol(let s) where FormulaNode.Comparison(rawValue: s) != nil:
                try comparison(FormulaNode.Comparison(rawValue: s)!, at: t)
                position += 1
                expectOperand = true
            case .symbol(","):
                try comma(at: t)
                position += 1
                expectOperand = true
            case .symbol(";"):
                try builtInParameters(at: t)
            case .symbol(")"):
                try close(at: t)
                position += 1
            case .end:
                reduce(whileAtLeast: 0)
                if case .group(let g) = operators.last {
                    let what = g.name.isEmpty ? "'('" : "'(' of '\(g.name)'"
                    throw error(g.column, "unclosed \(what): add ')'")
                }
                return FormulaTree(nodes: nodes, root: operands[0])
            default:
                throw error(t.column, "expected an operator (+ - * / ^) before \(t.quoted)")
            }
        }
    }

    // MARK: Operands

    private mutating func push(_ node: FormulaNode) {
        nodes.append(node)
        operands.append(nodes.count - 1)
    }

    private mutating func variable(_ name: String, at column: Int) throws(FormulaError) -> FormulaNode {
        if var named = inputs, !["pi", "e"].contains(name), parameters[name] == nil, !Self.isFunction(name) {
            if let k = named.firstIndex(of: name) { return .input(k) }
            guard named.count < Self.maximumInputs else { throw error(column, "more than \(Self.maximumInputs) inputs") }
            named.append(name)
            inputs = named
            return .input(named.count - 1)
        }
        switch name {
        case "x": return .x
        case "pi": return .pi
        case "e": return .e
        default: break
        }
        if let c = parameters[name] { return .constant(c) }
        if Self.isFunction(name) { throw error(column, "'\(name)' is a function: write \(name)(…)") }
        throw error(column, "unknown name '\(name)'; closest: \(closest(to: name, among: variableNames + Self.functionNames))")
    }

    private var variableNames: [String] { ["x", "pi", "e"] + parameters.keys.sorted() }

    package static let functionNames: [String] = FormulaNode.Function.allCases.map(\.rawValue) + specialFunctions
        + (Catalogue.entries + Catalogue.composites).map(\.name).filter { FormulaNode.Function(rawValue: $0) == nil }
    package static func isFunction(_ name: String) -> Bool { functionNames.contains(name) }

    /// The three names closest to `name` by edit distance (ties in the given order).
    private func closest(to name: String, among names: [String]) -> String {
        names.enumerated().map { (Catalogue.editDistance($0.element, name), $0.offset, $0.element) }
            .sorted { ($0.0, $0.1) < ($1.0, $1.1) }.prefix(3).map(\.2).joined(separator: ", ")
    }

    private func missingOperand(_ t: FormulaToken) -> FormulaError {
        guard position > 0 else { return error(t.column, "expected an operand at the start, found \(t.quoted)") }
        let previous = tokens[position - 1]
        if case .group(let g) = operators.last, t.kind == .symbol(")"), previous.kind == .symbol("(") {
            return g.name.isEmpty ? error(previous.column, "empty parentheses")
                                  : error(g.column, "'\(g.name)' takes \(Self.arguments(g.arity)), got 0")
        }
        if previous.kind == .symbol("*"), t.kind == .symbol("*") {
            return error(t.column, "'**' is not an operator: write x^2 for a power")
        }
        return error(t.column, "expected an operand after \(previous.quoted)" + (t.kind == .end ? "" : ", found \(t.quoted)"))
    }

    package static func arguments(_ n: Int) -> String { n == 1 ? "1 argument" : "\(n) arguments" }

    // MARK: Operators

    /// Applies waiting operators (down to the innermost group) that bind at least as tightly.
    private mutating func reduce(whileAtLeast precedence: Int) {
        while let top = operators.last, top.precedence >= precedence {
            operators.removeLast()
            let b = operands.removeLast()
            switch top {
            case .unary(let negative):
                if !negative { operands.append(b); continue }
                if case .constant(let c) = nodes[b] {
                    nodes[b] = .constant(FormulaTree.negated(c))   // −literal is a literal (kinks read it)
                    operands.append(b)
                } else {
                    push(.negated(b))
                }
            case .binary(let op):
                let a = operands.removeLast()
                push(.binary(op, a, b))
            case .comparison(let cmp):
                let a = operands.removeLast()
                push(.comparison(cmp, a, b))
            case .group: preconditionFailure("groups have precedence −1")
            }
        }
    }

    /// `^` and its integer exponent, applied to the operand just read (so `-x^2` is −(x²)).
    private mutating func power() throws(FormulaError) {
        var i = position + 1
        let parenthesized = tokens[i].kind == .symbol("(")
        if parenthesized { i += 1 }
        var sign = ""
        if case .symbol(let s) = tokens[i].kind, s == "-" || s == "+" { sign = s; i += 1 }
        guard case .number(let text) = tokens[i].kind else {
            throw error(tokens[i].column, "the exponent after '^' must be an integer (x^2, x^-1, x^(-2)), found \(tokens[i].quoted)")
        }
        guard text.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            let hint = text == "0.5" || text == ".5" ? "; write sqrt(…) for a square root" : "; write exp(y*log(x)) for other powers"
            throw error(tokens[i].column, "the exponent after '^' must be an integer, got \(sign)\(text)\(hint)")
        }
        // |n| ≤ 2²⁰: xⁿ by repeated squaring stays cheap and its derivative n·xⁿ⁻¹ finite
        // wherever xⁿ is (2^(−2⁶³) is beyond even MPFR's exponent range).
        guard let n = Int(sign == "-" ? "-" + text : text), n.magnitude <= Self.maximumExponent else {
            throw error(tokens[i].column, "exponent \(sign)\(text) is too large (at most \(Self.maximumExponent) in magnitude)")
        }
        i += 1
        if parenthesized {
            guard tokens[i].kind == .symbol(")") else { throw error(tokens[i].column, "expected ')' after the exponent, found \(tokens[i].quoted)") }
            i += 1
        }
        if tokens[i].kind == .symbol("^") {
            throw error(tokens[i].column, "chained '^' is ambiguous: add parentheses, e.g. (x^2)^3")
        }
        let base = operands.removeLast()
        push(.power(base, n))
        position = i
    }

    private mutating func comparison(_ cmp: FormulaNode.Comparison, at t: FormulaToken) throws(FormulaError) {
        reduce(whileAtLeast: 0)
        guard case .group(var g) = operators.last, case .select = g.kind, g.arguments == 0 else {
            throw error(t.column, "a comparison (\(cmp.rawValue)) can only be the condition of where(COND, A, B)")
        }
        guard !g.hasComparison else {
            throw error(t.column, "the condition of where is one comparison; nest where(…) for more")
        }
        g.hasComparison = true
        operators[operators.count - 1] = .group(g)
        operators.append(.comparison(cmp))
    }

    // MARK: Groups

    private mutating func open(_ g: Group) throws(FormulaError) {
        guard depth < Self.maximumDepth else {
            throw error(g.column, "nesting deeper than \(Self.maximumDepth) levels (parentheses and calls)")
        }
        depth += 1
        operators.append(.group(g))
    }

    private mutating func open(call name: String, at column: Int) throws(FormulaError) {
        let kind: Group.Kind
        if let f = FormulaNode.Function(rawValue: name) { kind = .function(f) }
        else if name == "max" { kind = .maximum }
        else if name == "min" { kind = .minimum }
        else if name == "where" { kind = .select }
        else if let entry = Catalogue.entry(named: name) { kind = .builtIn(entry) }
        else if variableNames.contains(name) { throw error(column, "'\(name)' is not a function (write \(name)*(…) for a product)") }
        else { throw error(column, "unknown function '\(name)'; closest: \(closest(to: name, among: Self.functionNames))") }
        try open(Group(kind: kind, name: name, column: column, base: operands.count, argumentColumn: tokens[position + 2].column))
    }

    /// Ends the current argument of the innermost call (after reducing to it) and returns the call.
    private mutating func endArgument(at t: FormulaToken) throws(FormulaError) -> Group {
        reduce(whileAtLeast: 0)
        guard case .group(var g) = operators.last else { throw error(t.column, "unbalanced \(t.quoted): nothing to close") }
        g.arguments += 1
        if case .select = g.kind, g.arguments == 1 {
            guard case .comparison = nodes[operands[operands.count - 1]] else {
                throw error(g.argumentColumn, "the condition of where must be a comparison (<, <=, >, >=), as in where(x < 0, A, B)")
            }
        }
        if g.arguments > g.arity {
            throw error(g.column, "'\(g.name)' takes \(Self.arguments(g.arity)), got \(g.arguments) or more")
        }
        operators[operators.count - 1] = .group(g)
        return g
    }

    private mutating func comma(at t: FormulaToken) throws(FormulaError) {
        reduce(whileAtLeast: 0)
        guard case .group(let open) = operators.last else { throw error(t.column, "',' outside a function call") }
        if case .parenthesis = open.kind {
            throw error(t.column, "',' inside parentheses: only function calls take several arguments")
        }
        var g = try endArgument(at: t)
        if g.arguments == g.arity {
            let hint = if case .builtIn = g.kind { "; parameters go after ';', as in elu(x; alpha=0.5)" } else { "" }
            throw error(g.column, "'\(g.name)' takes \(Self.arguments(g.arity))\(hint)")
        }
        g.argumentColumn = tokens[position + 1].column
        operators[operators.count - 1] = .group(g)
    }

    private mutating func close(at t: FormulaToken) throws(FormulaError) {
        reduce(whileAtLeast: 0)
        guard case .group(let open) = operators.last else { throw error(t.column, "unbalanced ')': no '(' to close") }
        if case .parenthesis = open.kind {
            operators.removeLast()
            depth -= 1
            return
        }
        let g = try endArgument(at: t)
        guard g.arguments == g.arity else {
            throw error(g.column, "'\(g.name)' takes \(Self.arguments(g.arity)), got \(g.arguments)")
        }
        try finish(g, pairs: [])
    }

    /// Replaces the group's arguments by its node and pops it.
    private mutating func finish(_ g: Group, pairs: [(key: String, value: String)]) throws(FormulaError) {
        operators.removeLast()
        depth -= 1
        let args = Array(operands[g.base...])
        operands.removeLast(args.count)
        switch g.kind {
        case .parenthesis: preconditionFailure("parentheses are not calls")
        case .function(let f): push(.function(f, args[0]))
        case .maximum: push(.maximum(args[0], args[1]))
        case .minimum: push(.minimum(args[0], args[1]))
        case .select: push(.select(condition: args[0], args[1], args[2]))
        case .builtIn(let entry):
            do { push(.apply(try Catalogue.make(entry, pairs: pairs), args[0])) }
            catch {
                let message = "\(error)"
                throw self.error(g.column, message.hasPrefix(entry.name + ":") ? message : "\(entry.name): \(message)")
            }
        }
    }

    /// `; key=value, …)` after a built-in's argument: each value a signed number, a word, or a
    /// formula parameter (replaced by its decimal text).
    private mutating func builtInParameters(at t: FormulaToken) throws(FormulaError) {
        reduce(whileAtLeast: 0)
        guard case .group(var g) = operators.last, g.arguments == 0 else {
            throw error(t.column, "';' starts a built-in's parameters, as in elu(x; alpha=0.5)")
        }
        if case .function(let f) = g.kind, let entry = Catalogue.entry(named: f.rawValue) {
            g.kind = .builtIn(entry)   // abs(x; convention=jax) is the built-in
            operators[operators.count - 1] = .group(g)
        }
        guard case .builtIn = g.kind else {
            throw error(t.column, "';' starts a built-in's parameters, and '\(g.name.isEmpty ? "(" : g.name)' takes none")
        }
        g = try endArgument(at: t)
        var pairs: [(key: String, value: String)] = []
        var i = position + 1
        while true {
            guard case .identifier(let key) = tokens[i].kind else {
                throw error(tokens[i].column, "expected a parameter name (key=value), found \(tokens[i].quoted)")
            }
            guard tokens[i + 1].kind == .symbol("=") else {
                throw error(tokens[i + 1].column, "expected '=' after parameter '\(key)', found \(tokens[i + 1].quoted)")
            }
            i += 2
            var sign = ""
            if case .symbol(let s) = tokens[i].kind, s == "-" || s == "+" { sign = s; i += 1 }
            let value: String
            switch tokens[i].kind {
            case .number(let text): value = sign + text
            case .identifier(let word):
                if let c = parameters[word] { value = sign == "-" ? FormulaTree.negated(c).text : c.text }
                else if sign.isEmpty { value = word }
                else { throw error(tokens[i].column, "'\(sign)' before the word '\(word)': only numbers and parameters take a sign") }
            default:
                throw error(tokens[i].column, "expected a value for '\(key)' (a number or a word), found \(tokens[i].quoted)")
            }
            pairs.append((key, value))
            i += 1
            if tokens[i].kind == .symbol(",") { i += 1; continue }
            guard tokens[i].kind == .symbol(")") else {
                throw error(tokens[i].column, "expected ',' or ')' after the value of '\(key)', found \(tokens[i].quoted)")
            }
            break
        }
        try finish(g, pairs: pairs)
        position = i + 1
    }
}
