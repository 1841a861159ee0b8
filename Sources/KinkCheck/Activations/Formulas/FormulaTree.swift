import BigFloat
import KinkCheckSupport

/// A parsed formula: an arena of ``FormulaNode``s and the index of the root. Evaluation and the
/// kink scan are loops over explicit stacks, so a formula as deep as the parser allows (a chain of
/// thousands of `+`, or 200 levels of parentheses) never deepens the Swift call stack.
package struct FormulaTree: Sendable {
    package var nodes: [FormulaNode]
    package var root: Int

    /// One step of the evaluation: visit a node (push its operands' work), finish it (combine the
    /// operand values on top of the value stack), or choose a `where` branch (the condition's two
    /// sides are on top; only the chosen branch is visited — lazy, like a ternary).
    private enum Step { case visit(Int), finish(Int), choose(Int) }

    /// The formula at `x`. Comparisons use the type's own operators (so in ``Dual`` the branch taken
    /// at a kink decides the derivative, and ``SideProbe`` proves them for a side of a point), in a fixed
    /// order: a `where` compares once, `max`/`min` compare with `>`/`<` at most twice.
    package func evaluate<T: ActivationScalar>(_ x: T) -> T { evaluate(like: x) { _ in x } }

    /// The formula of named inputs at `inputs` (``FormulaNode/input(_:)`` k is `inputs[k]`).
    package func evaluate<T: ActivationScalar>(inputs: [T]) -> T { evaluate(like: inputs[0]) { inputs[$0] } }

    /// The evaluation loop; constants are made `like` the given scalar.
    private func evaluate<T: ActivationScalar>(like x: T, input: (Int) -> T) -> T {
        var values: [T] = []
        var steps: [Step] = [.visit(root)]
        while let step = steps.popLast() {
            switch step {
            case .visit(let i):
                switch nodes[i] {
                case .x: values.append(input(0))
                case .input(let k): values.append(input(k))
                case .constant(let c): values.append(T.constant(c, like: x))
                case .pi: values.append(T.pi(like: x))
                case .e: values.append(T.exp(T.constant(1, like: x)))
                case .negated(let a), .power(let a, _), .function(_, let a), .apply(_, let a):
                    steps.append(.finish(i)); steps.append(.visit(a))
                case .binary(_, let a, let b), .maximum(let a, let b), .minimum(let a, let b):
                    steps.append(.finish(i)); steps.append(.visit(b)); steps.append(.visit(a))
                case .select(let condition, _, _):
                    guard case .comparison(_, let a, let b) = nodes[condition] else { preconditionFailure("where without a comparison") }
                    steps.append(.choose(i)); steps.append(.visit(b)); steps.append(.visit(a))
                case .comparison: preconditionFailure("a comparison outside where")
                }
            case .finish(let i):
                let last = values.removeLast()
                switch nodes[i] {
                case .negated: values.append(-last)
                case .power(_, let n): values.append(T.pow(last, n))
                case .function(let f, _): values.append(f(last))
                case .apply(let f, _): values.append(f(last))
                case .binary(let op, _, _):
                    let a = values.removeLast()
                    switch op {
                    case .add: values.append(a + last)
                    case .subtract: values.append(a - last)
                    case .multiply: values.append(a * last)
                    case .divide: values.append(a / last)
                    }
                case .maximum:
                    let a = values.removeLast()
                    values.append(Self.maximum(a, last))
                case .minimum:
                    let a = values.removeLast()
                    values.append(Self.minimum(a, last))
                default: preconditionFailure("finish of a leaf")
                }
            case .choose(let i):
                guard case .select(let condition, let then, let otherwise) = nodes[i],
                      case .comparison(let cmp, _, _) = nodes[condition] else { preconditionFailure("choose without where") }
                let b = values.removeLast(), a = values.removeLast()
                let holds: Bool
                switch cmp {
                case .less: holds = a < b
                case .lessOrEqual: holds = a <= b
                case .greater: holds = a > b
                case .greaterOrEqual: holds = a >= b
                }
                steps.append(.visit(holds ? then : otherwise))
            }
        }
        return values[0]
    }

    /// max(u, v): the strictly larger one; NaN if either is NaN; at a tie `splittingTie`, so
    /// autodiff gives half of each side's derivative (as torch.maximum). Compares with `>` only.
    package static func maximum<T: ActivationScalar>(_ u: T, _ v: T) -> T {
        if u > v { return u }
        if v > u { return v }
        if u.isNaN { return u }
        if v.isNaN { return v }
        return T.splittingTie(u, v)
    }

    /// min(u, v), the mirror of ``maximum(_:_:)`` (compares with `<` only).
    package static func minimum<T: ActivationScalar>(_ u: T, _ v: T) -> T {
        if u < v { return u }
        if v < u { return v }
        if u.isNaN { return u }
        if v.isNaN { return v }
        return T.splittingTie(u, v)
    }

    /// Kink locations read off the structure, in node order (duplicates kept): c in
    /// `where(x CMP c, …)` / `where(c CMP x, …)`, `max(x, c)`, `min(x, c)` (either order), 0 for
    /// `abs(±x)`, and the declared kinks of a built-in applied to x (negated for −x).
    package var derivedKinks: [KinkLocation] {
        var out: [KinkLocation] = []
        for node in nodes {
            switch node {
            case .comparison(_, let a, let b), .maximum(let a, let b), .minimum(let a, let b):
                if let c = constantAgainstX(a, b) { out.append(.at(c)) }
            case .function(.abs, let a) where isX(a) || isNegatedX(a):
                out.append(.at(0))
            case .apply(let f, let a) where isX(a):
                out += f.kinks.map(\.location)
            case .apply(let f, let a) where isNegatedX(a):
                out += f.kinks.map { k in
                    switch k.location {
                    case .at(let c): .at(Self.negated(c))
                    case .quotient(let p, let q): .quotient(Self.negated(p), q)
                    }
                }
            default: break
            }
        }
        return out
    }

    private func isX(_ i: Int) -> Bool { if case .x = nodes[i] { true } else { false } }
    private func isNegatedX(_ i: Int) -> Bool { if case .negated(let a) = nodes[i] { isX(a) } else { false } }
    private func constantAgainstX(_ a: Int, _ b: Int) -> DecimalConstant? {
        if isX(a), case .constant(let c) = nodes[b] { return c }
        if isX(b), case .constant(let c) = nodes[a] { return c }
        return nil
    }

    /// −c, exactly (on the text).
    package static func negated(_ c: DecimalConstant) -> DecimalConstant {
        let text = c.text.hasPrefix("-") ? String(c.text.dropFirst()) : "-" + c.text
        return (try? DecimalConstant(text)) ?? c
    }
}
