import BigFloat
import KinkCheckSupport

/// A formula in several named inputs — the spec `expr:relu(a)*b` — in the language of
/// ``Formula``: every word that is not a parameter, `pi`, `e` or a function is an input, in order
/// of first appearance, so `--at 0.5,1.5` is a = 0.5, b = 1.5.
///
/// Non-smooth sets: those the structure shows (an input compared with a constant or with another
/// input in `where`, `max`, `min`; `abs` of an input; a built-in's kinks when applied to an
/// input), deduplicated. Other kinks (of `relu(a − b)`, say) are left to the analyses at the
/// points they are asked about.
package struct MultiInputFormula: MultiInputActivation {
    package let name: String
    package let formula: String
    package let inputNames: [String]
    package let tree: FormulaTree

    /// Parses `formula`; nil when its only input is `x`, or it has none (a formula of one
    /// variable: ``Formula``).
    package init?(formula: String, name: String? = nil, parameters: [String: DecimalConstant] = [:]) throws(FormulaError) {
        let (tree, inputs) = try FormulaParser.parseNamedInputs(formula, parameters: parameters)
        if inputs.isEmpty || inputs == ["x"] { return nil }
        self.name = name ?? Formula.specPrefix + formula
        self.formula = formula
        self.inputNames = inputs
        self.tree = tree
    }

    package func evaluate<T: ActivationScalar>(_ inputs: [T]) -> T { tree.evaluate(inputs: inputs) }

    package var nonSmoothSets: [NonSmoothSet] {
        var out: [NonSmoothSet] = []
        func add(_ s: NonSmoothSet) { if !out.contains(s) { out.append(s) } }
        let nodes = tree.nodes
        func input(_ i: Int) -> Int? { if case .input(let k) = nodes[i] { k } else { nil } }
        func negatedInput(_ i: Int) -> Int? { if case .negated(let a) = nodes[i] { input(a) } else { nil } }
        func constant(_ i: Int) -> DecimalConstant? { if case .constant(let c) = nodes[i] { c } else { nil } }
        for node in nodes {
            switch node {
            case .comparison(_, let a, let b), .maximum(let a, let b), .minimum(let a, let b):
                if let i = input(a), let j = input(b), i != j { add(.tie([Swift.min(i, j), Swift.max(i, j)])) }
                if let i = input(a), let c = constant(b) { add(.coordinate(i, c)) }
                if let i = input(b), let c = constant(a) { add(.coordinate(i, c)) }
            case .function(.abs, let a):
                if let k = input(a) ?? negatedInput(a) { add(.coordinate(k, 0)) }
            case .apply(let f, let a):
                for kink in f.kinks {
                    guard case .at(let c) = kink.location else { continue }
                    if let k = input(a) { add(.coordinate(k, c)) }
                    if let k = negatedInput(a) { add(.coordinate(k, FormulaTree.negated(c))) }
                }
            default: break
            }
        }
        return out
    }
}
