import BigFloat
import KinkCheckSupport

extension Catalogue {
    /// The built-ins of several inputs, in listing order.
    package static let multiInputEntries: [(name: String, summary: String, keys: [String])] = [
        ("glu", "gated linear unit a·σ(b) (torch F.glu)", []),
        ("reglu", "ReLU-gated unit relu(a)·b", []),
        ("geglu", "GELU-gated unit gelu(a)·b", []),
        ("swiglu", "SiLU-gated unit silu(a)·b", []),
        ("maxout", "max of k inputs (k=2..8, gradient to the first largest)", ["k"]),
    ]

    /// Every multi-input built-in with its default parameters, in listing order.
    package static var allMultiInput: [any MultiInputActivation] {
        multiInputEntries.map { try! multiInputActivation($0.name)! }
    }

    /// A parameter view by its spec, `NAME[VARS]` with optional `:key=value,…` after (what
    /// ``ParameterView`` prints: `prelu[x,a]`, `softplus[x,beta]:threshold=20`); nil for any
    /// other spec.
    package static func parameterView(_ spec: String) throws -> ParameterView? {
        guard let open = spec.firstIndex(of: "["), let close = spec.firstIndex(of: "]"), open < close,
              !spec.hasPrefix(Formula.specPrefix) else { return nil }
        let name = String(spec[..<open])
        let variables = spec[spec.index(after: open)..<close].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        let rest = spec[spec.index(after: close)...]
        guard rest.isEmpty || rest.hasPrefix(":") else { throw SpecError("\(spec): write NAME[VARIABLES] or NAME[VARIABLES]:key=value") }
        let base = try activation(name + rest)
        guard let p = base as? any ParameterDifferentiable, !p.differentiableParameters.isEmpty else {
            throw SpecError("\(spec): \(name) has no parameters to differentiate")
        }
        guard variables.contains("x") || variables == ["all"] else { throw SpecError("\(spec): x must be one of the variables") }
        return try ParameterView(p, variables: variables, fixedX: nil)
    }

    /// The activation of several inputs `spec` names — a built-in (`reglu`, `maxout:k=3`), a
    /// parameter view (`prelu[x,a]`) or an `expr:` formula with named inputs other than `x`
    /// alone — or nil when `spec` names a 1-D
    /// activation (or nothing: ``activation(_:)`` then says why).
    package static func multiInputActivation(_ spec: String) throws -> (any MultiInputActivation)? {
        if spec.hasPrefix(Formula.specPrefix) {
            let text = String(spec.dropFirst(Formula.specPrefix.count))
            do { return try MultiInputFormula(formula: text) }
            catch { throw SpecError("\(spec.count > 60 ? spec.prefix(57) + "..." : spec): \(error)") }
        }
        if let view = try parameterView(spec) { return view }
        let parts = spec.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
        let name = String(parts[0])
        guard let entry = multiInputEntries.first(where: { $0.name == name }) else { return nil }
        let values = try parameterValues(parameterPairs(parts.count == 2 ? parts[1] : nil, of: name), keys: entry.keys, of: name)
        if name == "maxout" {
            let text = values["k"] ?? "2"
            guard let k = Int(text), Activations.Maxout.arities.contains(k) else {
                throw SpecError("maxout: k must be an integer from \(Activations.Maxout.arities.lowerBound) to \(Activations.Maxout.arities.upperBound) (got '\(text)')")
            }
            return Activations.Maxout(k: k)
        }
        return Activations.GatedUnit(Activations.GatedUnit.Kind(rawValue: name)!)
    }
}
