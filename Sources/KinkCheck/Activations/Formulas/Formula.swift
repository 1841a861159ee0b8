import BigFloat
import KinkCheckSupport

/// An activation written as a formula in `x` — the spec `expr:FORMULA`, or a named variant.
///
/// ```swift
/// let twoSlope = try Formula(name: "two_slope", formula: "where(x < 0, a*x, b*x)",
///                            parameters: [("a", "0.1"), ("b", "1.5")])
/// try Catalogue.activation("expr:x*sigmoid(x)")      // SiLU, bit for bit
/// ```
/// The language (see ``FormulaParser`` for the grammar): exact numbers, `x`, `pi`, `e`,
/// parameters, `+ - * /`, unary minus, `^` with an integer exponent; `exp expm1 log log1p sqrt
/// erf erfc tanh sin cos atan abs`; `max(a, b)`, `min(a, b)`; `where(COND, A, B)` with one
/// comparison `< <= > >=`; and every catalogue built-in, `elu(x; alpha=0.5)`.
///
/// Edge cases: `where` evaluates only the branch its condition selects, so at a kink the branch
/// taken decides the autodiff derivative (`where(x < 0, 0.1*x, 1.5*x)` gives 1.5 at 0, `<=` gives
/// 0.1); a NaN condition is false. `max`/`min` split the derivative equally at a tie (½ each,
/// as torch.maximum), so `max(x, 0)` has autodiff derivative ½ at 0. NaN input gives NaN.
///
/// Kinks: those the structure shows (constants compared with `x` in `where`, `max`, `min`;
/// 0 for `abs(±x)`; a built-in's own kinks when applied to ±x) are declared with the note
/// "from the formula"; everything else is left to discovery (``declaresEveryKink`` is false)
/// unless kinks are given, which then must be all of them.
package struct Formula: Activation {
    /// The spec prefix: `expr:` followed by the whole formula.
    package static let specPrefix = "expr:"

    package let name: String
    /// The formula as written.
    package let formula: String
    /// The hand-written derivative formula, if any.
    package let derivativeFormula: String?
    package let claims: ActivationClaims
    package let kinks: [DeclaredKink]
    /// The formula's parameters (name → value), in the order given.
    package let formulaParameters: [(name: String, value: DecimalConstant)]
    package let givenName: String?
    package let givenKinks: [DeclaredKink]?
    package let defaults: [String: DecimalConstant]
    package let tree: FormulaTree
    package let derivativeTree: FormulaTree?

    /// Parses `formula` (and `derivative`, the hand-written f′ in the same language) with
    /// `parameters` as named constants. `name` nil names the activation `expr:` + formula.
    /// `kinks` are merged into the derived ones (a given kink at the same location wins).
    /// A parameter name is a word not otherwise used (`x`, `pi`, `e`, function names); its value
    /// is in the catalogue's range (``Catalogue/parameterRange``).
    package init(name: String? = nil, formula: String, parameters: [(name: String, value: DecimalConstant)] = [],
                derivative: String? = nil, kinks: [DeclaredKink]? = nil, claims: ActivationClaims = ActivationClaims()) throws(FormulaError) {
        try self.init(name: name, formula: formula, parameters: parameters, defaults: nil,
                      derivative: derivative, kinks: kinks, claims: claims)
    }

    package init(name: String?, formula: String, parameters: [(name: String, value: DecimalConstant)], defaults: [String: DecimalConstant]?,
         derivative: String?, kinks: [DeclaredKink]?, claims: ActivationClaims) throws(FormulaError) {
        var values: [String: DecimalConstant] = [:]
        for (key, value) in parameters {
            try Self.checkParameter(key, value)
            guard values[key] == nil else { throw FormulaError(.parameters, column: 0, "parameter '\(key)' given twice") }
            values[key] = value
        }
        self.tree = try FormulaParser.parse(formula, field: .formula, parameters: values)
        self.derivativeTree = try derivative.map { text throws(FormulaError) in
            try FormulaParser.parse(text, field: .derivative, parameters: values)
        }
        self.givenName = name
        self.name = name ?? Self.specPrefix + formula
        self.formula = formula
        self.derivativeFormula = derivative
        self.formulaParameters = parameters
        self.defaults = defaults ?? values
        self.givenKinks = kinks
        self.claims = claims
        self.kinks = Self.merged(derived: tree.derivedKinks, given: kinks ?? [])
    }

    package static func checkParameter(_ key: String, _ value: DecimalConstant) throws(FormulaError) {
        let isWord = key.first.map { $0.isASCII && ($0.isLetter || $0 == "_") } == true
            && key.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }
        guard isWord else { throw FormulaError(.parameters, column: 0, "parameter name '\(key)' is not a word (letters, digits, '_')") }
        guard !["x", "pi", "e"].contains(key), !FormulaParser.isFunction(key) else {
            throw FormulaError(.parameters, column: 0, "parameter name '\(key)' is taken by the language (x, pi, e, functions)")
        }
        guard Catalogue.hasParameterMagnitude(value) else {
            throw FormulaError(.parameters, column: 0, "parameter \(key)=\(value) is out of range: a parameter is \(Catalogue.parameterRange)")
        }
    }

    /// Derived kinks (deduplicated at 256 bits) with the given ones merged in: a given kink at
    /// the same location replaces the derived one.
    package static func merged(derived: [KinkLocation], given: [DeclaredKink]) -> [DeclaredKink] {
        func same(_ a: KinkLocation, _ b: KinkLocation) -> Bool { a.value(precision: 256) == b.value(precision: 256) }
        var out: [DeclaredKink] = []
        for k in derived where !out.contains(where: { same($0.location, k) }) {
            out.append(DeclaredKink(k, note: "from the formula"))
        }
        for k in given {
            if let i = out.firstIndex(where: { same($0.location, k.location) }) { out[i] = k } else { out.append(k) }
        }
        return out
    }

    /// The parameters, when the formula is named (so `name:key=value` specs can override them).
    package var parameters: [ActivationParameter] {
        guard givenName != nil else { return [] }
        return Self.listing(formulaParameters, defaults: defaults)
    }

    /// `parameters` as a listing, each with its default (the value first given).
    package static func listing(_ parameters: [(name: String, value: DecimalConstant)],
                                defaults: [String: DecimalConstant]) -> [ActivationParameter] {
        parameters.map { ActivationParameter($0.name, .number($0.value), default: .number(defaults[$0.name] ?? $0.value), "formula parameter") }
    }

    /// `parameters` with `overrides` (`["a": "0.2"]`) applied, for the variant `name`: an unknown
    /// key, or a malformed or out-of-range value, is a ``SpecError`` naming it.
    package static func overriding(_ parameters: [(name: String, value: DecimalConstant)], with overrides: [String: String],
                                   of name: String) throws -> [(name: String, value: DecimalConstant)] {
        _ = try Catalogue.parameterValues(overrides.sorted { $0.key < $1.key }.map { ($0.key, $0.value) },
                                          keys: parameters.map(\.name), of: name)
        var changed: [(name: String, value: DecimalConstant)] = []
        for (key, value) in parameters {
            do { changed.append((key, try Catalogue.number(overrides, key, value))) }
            catch let e as SpecError { throw SpecError("\(name): \(e.message)") }
        }
        return changed
    }

    /// The same formula with some parameters changed (`["a": "0.2"]`); an unknown key or a
    /// malformed or out-of-range value is a ``SpecError``. Defaults stay those first given.
    package func withParameters(_ overrides: [String: String]) throws -> Formula {
        let changed = try Self.overriding(formulaParameters, with: overrides, of: name)
        return try Formula(name: givenName, formula: formula, parameters: changed, defaults: defaults,
                           derivative: derivativeFormula, kinks: givenKinks, claims: claims)
    }

    package func evaluate<T: ActivationScalar>(_ x: T) -> T {
        if x.isNaN { return T.choosingDerivative(x, slope: x, of: x) }
        return tree.evaluate(x)
    }

    /// The derivative formula when one was given; otherwise autodiff of the formula.
    package func derivative<T: ActivationScalar>(_ x: T) -> T {
        guard let derivativeTree else { return self(Dual(x, derivative: 1)).derivative }
        if x.isNaN { return x }
        return derivativeTree.evaluate(x)
    }

    package var hasHandWrittenDerivative: Bool { derivativeTree != nil }
    /// True when kinks were given (a variant file's `kinks = [...]`): a variant that lists its
    /// kinks promises to list them all, and one discovery finds beyond them is a defect. Without
    /// them, kinks are left to discovery.
    package var declaresEveryKink: Bool { !(givenKinks ?? []).isEmpty }
}
