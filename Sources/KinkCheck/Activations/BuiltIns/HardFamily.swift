import BigFloat
import KinkCheckSupport

extension Activations {
    /// Hardsigmoid(x) = relu6(x + 3)/6. Autodiff derivative 0 at ±3 (PyTorch's mask −3 < x < 3).
    public struct Hardsigmoid: Activation {
        public init() {}
        public var name: String { "hardsigmoid" }
        public var formula: String { "relu6(x + 3)/6" }
        public func evaluate<T: ActivationScalar>(_ x: T) -> T {
            if x <= -3 { return 0 }
            if x >= 3 { return 1 }
            return (x + 3) / 6
        }
        public var kinks: [DeclaredKink] {
            [DeclaredKink(at: -3, autodiffDerivative: 0, note: "convex corner: D⁻ = 0, D⁺ = 1/6"),
             DeclaredKink(at: 3, autodiffDerivative: 0, note: "concave corner: D⁻ = 1/6, D⁺ = 0")]
        }
        public var claims: ActivationClaims { ActivationClaims(continuous: true, convex: false, monotone: true, lipschitz: Hardsigmoid.sixth) }
        package static let sixth: DecimalConstant = "0.16666666666666667"
        public var tails: ActivationTails? { ActivationTails(negative: .constant(0), positive: .constant(1)) }
    }

    /// Hardswish(x) = x·relu6(x + 3)/6. Autodiff derivative 0 at −3 and 1 at 3 (PyTorch).
    public struct Hardswish: Activation {
        public init() {}
        public var name: String { "hardswish" }
        public var formula: String { "x·relu6(x + 3)/6" }
        public func evaluate<T: ActivationScalar>(_ x: T) -> T {
            if x <= -3 { return 0 }
            if x >= 3 { return x }
            return x * (x + 3) / 6
        }
        public var kinks: [DeclaredKink] {
            [DeclaredKink(at: -3, autodiffDerivative: 0, note: "corner: D⁻ = 0, D⁺ = −1/2"),
             DeclaredKink(at: 3, autodiffDerivative: 1, note: "corner: D⁻ = 3/2, D⁺ = 1")]
        }
        public var claims: ActivationClaims { ActivationClaims(continuous: true, convex: false, monotone: false, lipschitz: Hardswish.bound) }
        package static let bound: DecimalConstant = "1.5"
        public var tails: ActivationTails? { ActivationTails(negative: .constant(0), positive: .linear(slope: 1)) }
    }

    /// Heaviside step: 0 for x < 0, 1 for x > 0, h0 at 0 (NumPy's `heaviside(x, h0)`).
    /// A discontinuous control: its distributional derivative is the Dirac δ.
    public struct Heaviside: Activation {
        public var h0: DecimalConstant
        public init(h0: DecimalConstant = Heaviside.defaultH0) { self.h0 = h0 }
        public static let defaultH0: DecimalConstant = "0.5"
        public var name: String { "heaviside" }
        public var formula: String { "0 if x < 0, h0 if x = 0, 1 if x > 0" }
        public var parameters: [ActivationParameter] { [ActivationParameter("h0", .number(h0), default: .number(Heaviside.defaultH0), "value at 0")] }
        public func evaluate<T: ActivationScalar>(_ x: T) -> T {
            if x > 0 { return 1 }
            if x < 0 { return 0 }
            return T.constant(h0, like: x)
        }
        public var kinks: [DeclaredKink] { [DeclaredKink(at: 0, autodiffDerivative: 0, note: "jump of 1")] }
        public var claims: ActivationClaims {
            let h = h0.double
            return ActivationClaims(continuous: false, convex: false, monotone: h >= 0 && h <= 1, lipschitz: nil)
        }
        public var tails: ActivationTails? { ActivationTails(negative: .constant(0), positive: .constant(1)) }
    }

    /// sign(x): −1, 0, 1. A discontinuous control (jump 2 at 0).
    public struct Sign: Activation {
        public init() {}
        public var name: String { "sign" }
        public var formula: String { "−1 if x < 0, 0 if x = 0, 1 if x > 0" }
        public func evaluate<T: ActivationScalar>(_ x: T) -> T {
            if x > 0 { return 1 }
            if x < 0 { return -1 }
            return 0
        }
        public var kinks: [DeclaredKink] { [DeclaredKink(at: 0, autodiffDerivative: 0, note: "jump of 2")] }
        public var claims: ActivationClaims { ActivationClaims(continuous: false, convex: false, monotone: true, lipschitz: nil) }
        public var tails: ActivationTails? { ActivationTails(negative: .constant(-1), positive: .constant(1)) }
    }
}
