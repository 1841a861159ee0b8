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
    /// Surfaces declared (a variant file's `non_smooth`), merged with the derived ones.
    package var declaredSets: [NonSmoothSet] = []
    /// The hand-written gradient, one tree per input (a variant file's `gradient`).
    package var gradientTrees: [FormulaTree]? = nil
    package var claimsContinuous: Bool? = nil
    package var claimsConvex: Bool? = nil
    /// The parameters, as the variant file gives them (constants in the formula).
    package var formulaParameters: [(name: String, value: DecimalConstant)] = []
    /// The values the file gives, when a spec overrides some (`name:key=value`).
    package var defaults: [String: DecimalConstant] = [:]
    /// The hand-written gradient's formulas, as given (kept to re-read them with new parameters).
    package var gradientTexts: [String]? = nil

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

    /// A variant's formula in the inputs `inputs`, in that order (every word of the formula that
    /// is not a parameter, a constant or a function must be one of them), with `gradient`
    /// (one formula per input, same language) as the hand-written backward.
    package init(name: String, formula: String, inputs: [String], parameters: [(name: String, value: DecimalConstant)],
                 gradient: [String]?, declaredSets: [NonSmoothSet]) throws(FormulaError) {
        let values = Dictionary(parameters.map { ($0.name, $0.value) }, uniquingKeysWith: { a, _ in a })
        func parse(_ text: String, _ field: FormulaError.Field) throws(FormulaError) -> FormulaTree {
            let (tree, used) = try FormulaParser.parseNamedInputs(text, field: field, parameters: values)
            for word in used where !inputs.contains(word) {
                throw FormulaError(field, column: 0, "'\(word)' is used but is not an input (\(inputs.joined(separator: ", "))) nor a parameter")
            }
            // Renumber the inputs from order of appearance to the declared order.
            var t = tree
            t.nodes = t.nodes.map { node in
                if case .input(let k) = node { return .input(inputs.firstIndex(of: used[k])!) }
                if case .x = node { return .input(inputs.firstIndex(of: "x")!) }
                return node
            }
            return t
        }
        self.name = name
        self.formula = formula
        self.inputNames = inputs
        self.tree = try parse(formula, .formula)
        self.gradientTrees = try gradient.map { texts throws(FormulaError) in
            guard texts.count == inputs.count else {
                throw FormulaError(.derivative, column: 0, "give one gradient formula per input (\(inputs.count)), got \(texts.count)")
            }
            var trees: [FormulaTree] = []
            for text in texts { trees.append(try parse(text, .derivative)) }
            return trees
        }
        self.declaredSets = declaredSets
        self.formulaParameters = parameters
        self.defaults = values
        self.gradientTexts = gradient
    }

    /// The parameters of a variant, with the file's values as defaults (so a spec
    /// `name:key=value` shows what it changed).
    package var parameters: [ActivationParameter] { Formula.listing(formulaParameters, defaults: defaults) }

    /// The same variant with some parameters changed (`["t": "0.5"]`): the formula and the
    /// gradient re-read with them, so sets the structure shows move with them; the declared sets
    /// and claims stay as the file gives them. An unknown key or a malformed or out-of-range
    /// value is a ``SpecError``.
    package func withParameters(_ overrides: [String: String]) throws -> MultiInputFormula {
        let changed = try Formula.overriding(formulaParameters, with: overrides, of: name)
        var f = try MultiInputFormula(name: name, formula: formula, inputs: inputNames, parameters: changed,
                                      gradient: gradientTexts, declaredSets: declaredSets)
        f.defaults = defaults
        f.claimsContinuous = claimsContinuous
        f.claimsConvex = claimsConvex
        return f
    }

    package func evaluate<T: ActivationScalar>(_ inputs: [T]) -> T { tree.evaluate(inputs: inputs) }

    package func gradient<T: ActivationScalar>(_ inputs: [T]) -> [T] {
        guard let gradientTrees else { return inputs.indices.map { partialDerivative($0, at: inputs) } }
        return gradientTrees.map { $0.evaluate(inputs: inputs) }
    }
    package var hasHandWrittenGradient: Bool { gradientTrees != nil }

    package var nonSmoothSets: [NonSmoothSet] {
        var out: [NonSmoothSet] = declaredSets
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
