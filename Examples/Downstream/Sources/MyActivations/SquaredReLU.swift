import KinkCheck

/// Squared ReLU: max(0, x)², C¹ at 0 (both one-sided derivatives are 0).
public struct SquaredReLU: Activation {
    public init() {}
    public var name: String { "squared_relu" }
    public func evaluate<T: ActivationScalar>(_ x: T) -> T { x > 0 ? x * x : 0 }
    public var kinks: [DeclaredKink] { [DeclaredKink(at: 0, autodiffDerivative: 0)] }
    public var claims: ActivationClaims { ActivationClaims(continuous: true, convex: true, monotone: true) }
}

/// A user's own type named like a built-in: no clash, the built-ins are `Activations.GELUTanh`.
public struct GELUTanh: Activation {
    public init() {}
    public var name: String { "my_gelu_tanh" }
    public func evaluate<T: ActivationScalar>(_ x: T) -> T {
        let c = T.constant("0.7978845608028654", like: x), k = T.constant("0.044715", like: x)
        return x * (1 + T.tanh(c * (x + k * x * x * x))) / 2
    }
}
