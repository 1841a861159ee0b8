import BigFloat
import KinkCheckSupport

/// A 1-D activation whose numeric parameters can be variables: written once as f(x; θ) with θ
/// as scalars, and `evaluate(x)` is that definition at the parameters' values. Training computes
/// ∂f/∂θ (PReLU's slope, ELU's α, softplus's β); ``ParameterView`` makes f a function of x and θ
/// so that gradient is checked like any other, kinks included.
public protocol ParameterDifferentiable: Activation {
    /// The numeric parameters θ, in the order `evaluate(_:parameters:)` takes them.
    var differentiableParameters: [String] { get }
    /// f(x; θ), `θ.count == differentiableParameters.count`.
    func evaluate<T: ActivationScalar>(_ x: T, parameters θ: [T]) -> T
    /// The surfaces of (x, θ) where f(x; θ) switches branch, in the view's input order: index 0
    /// is x, index 1 + i is θᵢ (ELU: x = 0; hardtanh: x = min and x = max).
    var parameterNonSmoothSets: [NonSmoothSet] { get }
    /// The value of the numeric parameter `name` (default: from ``Activation/parameters``).
    func parameterValue(_ name: String) -> DecimalConstant
}

extension ParameterDifferentiable {
    /// The current value of the numeric parameter `name`.
    public func parameterValue(_ name: String) -> DecimalConstant {
        for p in parameters where p.name == name {
            if case .number(let c) = p.value { return c }
        }
        preconditionFailure("\(self.name) has no numeric parameter '\(name)'")
    }
}

/// A parameterized activation as a function of the variables `--wrt` names: x and/or some of θ.
/// The others stay at their values — x at the point given, θ at the spec's values — so
/// `elu --at -1 --wrt alpha` is α ↦ α·(e⁻¹ − 1) and `--wrt all` is (x, α) ↦ elu(x; α).
public struct ParameterView: MultiInputActivation {
    public let base: any ParameterDifferentiable
    /// The variables, in input order: "x" first when it is one, then parameters in spec order.
    public let inputNames: [String]
    /// x where it is not a variable.
    public let fixedX: DecimalConstant?

    /// The view of `base` in `variables` (names from "x" and its differentiable parameters;
    /// "all" is every one). x is needed, as `fixedX`, when it is not a variable.
    public init(_ base: any ParameterDifferentiable, variables: [String], fixedX: DecimalConstant?) throws {
        let names = ["x"] + base.differentiableParameters
        let wanted = variables == ["all"] ? names : variables
        for v in wanted where !names.contains(v) {
            let valid = base.differentiableParameters.isEmpty ? "it has no numeric parameters" : "valid: " + (names + ["all"]).joined(separator: ", ")
            throw SpecError("--wrt \(v): \(base.name) has no variable '\(v)'; \(valid)")
        }
        guard !wanted.isEmpty, Set(wanted).count == wanted.count else { throw SpecError("--wrt: name each variable once") }
        guard wanted.contains("x") || fixedX != nil else { throw SpecError("--wrt: x is needed where it is not a variable") }
        self.base = base
        self.inputNames = names.filter { wanted.contains($0) }
        self.fixedX = wanted.contains("x") ? nil : fixedX
    }

    /// `elu[x,alpha]`; its spec adds the base's changed parameters (`softplus[x,beta]:threshold=20`).
    public var name: String { base.name + "[" + inputNames.joined(separator: ",") + "]" }
    public var parameters: [ActivationParameter] { base.parameters }
    public var formula: String { base.formula }

    public func evaluate<T: ActivationScalar>(_ v: [T]) -> T {
        let like = v[0]
        var k = 0
        let x: T
        if let fixedX { x = T.constant(fixedX, like: like) } else { x = v[0]; k = 1 }
        let θ = base.differentiableParameters.map { name -> T in
            guard k < v.count, inputNames[k] == name else { return T.constant(base.parameterValue(name), like: like) }
            defer { k += 1 }
            return v[k]
        }
        return base.evaluate(x, parameters: θ)
    }

    /// The base's surfaces in the variables: x = θᵢ with x fixed becomes θᵢ = x, with θᵢ fixed
    /// x = θᵢ's value; other surfaces through a fixed parameter are dropped.
    public var nonSmoothSets: [NonSmoothSet] {
        let all = ["x"] + base.differentiableParameters
        let index = Dictionary(uniqueKeysWithValues: inputNames.enumerated().map { (all.firstIndex(of: $1)!, $0) })
        return base.parameterNonSmoothSets.compactMap { s in
            switch s {
            case .coordinate(let i, let c): index[i].map { .coordinate($0, c) }
            case .tie(let ix) where ix.allSatisfy({ index[$0] != nil }): .tie(ix.map { index[$0]! })
            case .tie(let ix) where ix.count == 2 && ix.contains(0) && fixedX != nil:
                // x = θᵢ with x fixed: θᵢ = x.
                index[ix.first { $0 != 0 }!].map { .coordinate($0, fixedX!) }
            case .tie(let ix) where ix.count == 2 && ix.contains(0) && index[0] != nil:
                // x = θᵢ with θᵢ fixed: x = θᵢ's value.
                .coordinate(index[0]!, base.parameterValue(all[ix.first { $0 != 0 }!]))
            case .tie: nil
            case .described(let text): .described(text)
            }
        }
    }
    public var claimsContinuous: Bool? { base.claims.continuous }
    /// x anywhere; each parameter near its value, on its side of 0 (the domains α > 0, β > 0,
    /// min < max hold for the draws).
    public var inputScales: [DecimalConstant?] { inputNames.map { $0 == "x" ? nil : base.parameterValue($0) } }
}
