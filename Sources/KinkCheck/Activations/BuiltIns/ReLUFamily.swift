import BigFloat
import KinkCheckSupport

extension Activations {
    /// ReLU(x) = max(0, x). Autodiff derivative at 0: `grad0` (0 by default, as PyTorch and JAX).
    public struct ReLU: Activation {
        /// ReLU′(0) as the autodiff code chooses it: 0, ½ or 1.
        public enum GradientAtZero: String, Sendable, CaseIterable { case zero = "0", half = "0.5", one = "1" }
        public var gradientAtZero: GradientAtZero
        public init(gradientAtZero: GradientAtZero = .zero) { self.gradientAtZero = gradientAtZero }

        public var name: String { "relu" }
        public var formula: String { "max(0, x)" }
        public var parameters: [ActivationParameter] {
            [ActivationParameter("grad0", .word(gradientAtZero.rawValue), default: .word("0"), "autodiff derivative chosen at 0: 0, 0.5 or 1")]
        }
        public func evaluate<T: ActivationScalar>(_ x: T) -> T {
            if x > 0 { return x }
            if x < 0 { return 0 }
            switch gradientAtZero {
            case .zero: return 0                                   // mask x > 0
            case .one: return x >= 0 ? x : 0                       // mask x ≥ 0 (x is ±0 here)
            case .half: return T.choosingDerivative(0, slope: T.constant(ReLU.half, like: x), of: x)
            }
        }
        package static let half: DecimalConstant = "0.5"
        public var kinks: [DeclaredKink] {
            [DeclaredKink(at: 0, autodiffDerivative: DecimalConstant(stringLiteral: gradientAtZero.rawValue), note: "corner: D⁻ = 0, D⁺ = 1")]
        }
        public var claims: ActivationClaims { ActivationClaims(continuous: true, convex: true, monotone: true, lipschitz: 1) }
        public var tails: ActivationTails? { ActivationTails(negative: .constant(0), positive: .linear(slope: 1)) }
    }

    /// Leaky ReLU: x for x > 0, slope·x otherwise (PyTorch `negative_slope`, default 0.01).
    /// `prelu` is the same function with parameter `a` (default 0.25).
    public struct LeakyReLU: ParameterDifferentiable {
        public var slope: DecimalConstant
        public var convention: KinkConvention
        public var isPReLU: Bool
        public init(slope: DecimalConstant = LeakyReLU.defaultSlope, convention: KinkConvention = .pytorch, prelu: Bool = false) {
            self.slope = slope; self.convention = convention; self.isPReLU = prelu
        }
        public static let defaultSlope: DecimalConstant = "0.01"
        public static let defaultPReLU: DecimalConstant = "0.25"

        public var name: String { isPReLU ? "prelu" : "leaky_relu" }
        public var formula: String { isPReLU ? "x if x > 0 else a·x" : "x if x > 0 else slope·x" }
        public var parameters: [ActivationParameter] {
            [ActivationParameter(isPReLU ? "a" : "slope", .number(slope), default: .number(isPReLU ? LeakyReLU.defaultPReLU : LeakyReLU.defaultSlope), "slope for x < 0"),
             ActivationParameter("convention", .word(convention.rawValue), default: .word("pytorch"), "autodiff choice at 0: pytorch (slope) or jax (1)")]
        }
        public func evaluate<T: ActivationScalar>(_ x: T) -> T { leaky(x, slope: T.constant(slope, like: x)) }
        public var differentiableParameters: [String] { [isPReLU ? "a" : "slope"] }
        public var parameterNonSmoothSets: [NonSmoothSet] { [.coordinate(0, 0)] }
        public func evaluate<T: ActivationScalar>(_ x: T, parameters θ: [T]) -> T { leaky(x, slope: θ[0]) }
        private func leaky<T: ActivationScalar>(_ x: T, slope s: T) -> T {
            switch convention {
            case .pytorch: return x > 0 ? x : s * x
            case .jax: return x >= 0 ? x : s * x
            }
        }
        public var kinks: [DeclaredKink] {
            [DeclaredKink(at: 0, autodiffDerivative: convention == .pytorch ? slope : 1, note: "corner: D⁻ = slope, D⁺ = 1")]
        }
        public var claims: ActivationClaims {
            let s = slope.double
            return ActivationClaims(continuous: true, convex: s <= 1, monotone: s >= 0,
                                    lipschitz: s.magnitude <= 1 ? 1 : (try? DecimalConstant(slope.text.hasPrefix("-") ? String(slope.text.dropFirst()) : slope.text)))
        }
        public var tails: ActivationTails? { ActivationTails(negative: .linear(slope: slope), positive: .linear(slope: 1)) }
    }

    /// ReLU6(x) = min(max(0, x), 6), PyTorch's hardtanh(x, 0, 6): derivative 0 at both corners.
    public struct ReLU6: Activation {
        public init() {}
        public var name: String { "relu6" }
        public var formula: String { "min(max(0, x), 6)" }
        public func evaluate<T: ActivationScalar>(_ x: T) -> T {
            if x <= 0 { return 0 }
            if x >= 6 { return 6 }
            return x
        }
        public var kinks: [DeclaredKink] {
            [DeclaredKink(at: 0, autodiffDerivative: 0, note: "convex corner"),
             DeclaredKink(at: 6, autodiffDerivative: 0, note: "concave corner")]
        }
        public var claims: ActivationClaims { ActivationClaims(continuous: true, convex: false, monotone: true, lipschitz: 1) }
        public var tails: ActivationTails? { ActivationTails(negative: .constant(0), positive: .constant(6)) }
    }

    /// Hardtanh(x) = min(max(x, min), max). PyTorch: derivative 0 at both corners; JAX: 1.
    public struct Hardtanh: ParameterDifferentiable {
        public var lower: DecimalConstant
        public var upper: DecimalConstant
        public var convention: KinkConvention
        public init(min lower: DecimalConstant = -1, max upper: DecimalConstant = 1, convention: KinkConvention = .pytorch) {
            self.lower = lower; self.upper = upper; self.convention = convention
        }
        public var name: String { "hardtanh" }
        public var formula: String { "min(max(x, min), max)" }
        public var parameters: [ActivationParameter] {
            [ActivationParameter("min", .number(lower), default: .number(-1), "lower clamp"),
             ActivationParameter("max", .number(upper), default: .number(1), "upper clamp"),
             ActivationParameter("convention", .word(convention.rawValue), default: .word("pytorch"), "autodiff choice at the corners: pytorch (0) or jax (1)")]
        }
        public func evaluate<T: ActivationScalar>(_ x: T) -> T { clamp(x, T.constant(lower, like: x), T.constant(upper, like: x)) }
        public var differentiableParameters: [String] { ["min", "max"] }
        public var parameterNonSmoothSets: [NonSmoothSet] { [.tie([0, 1]), .tie([0, 2])] }
        public func evaluate<T: ActivationScalar>(_ x: T, parameters θ: [T]) -> T { clamp(x, θ[0], θ[1]) }
        private func clamp<T: ActivationScalar>(_ x: T, _ lo: T, _ hi: T) -> T {
            switch convention {
            case .pytorch:
                if x <= lo { return lo }
                if x >= hi { return hi }
                return x
            case .jax:
                if x < lo { return lo }
                if x > hi { return hi }
                return x
            }
        }
        public var kinks: [DeclaredKink] {
            let d: DecimalConstant = convention == .pytorch ? 0 : 1
            return [DeclaredKink(at: lower, autodiffDerivative: d, note: "convex corner"),
                    DeclaredKink(at: upper, autodiffDerivative: d, note: "concave corner")]
        }
        public var claims: ActivationClaims { ActivationClaims(continuous: true, convex: false, monotone: true, lipschitz: 1) }
        public var tails: ActivationTails? { ActivationTails(negative: .constant(lower), positive: .constant(upper)) }
    }

    /// |x|. PyTorch: derivative sgn(0) = 0 at 0; JAX convention: 1.
    public struct AbsoluteValue: Activation {
        public var convention: KinkConvention
        public init(convention: KinkConvention = .pytorch) { self.convention = convention }
        public var name: String { "abs" }
        public var formula: String { "|x|" }
        public var parameters: [ActivationParameter] {
            [ActivationParameter("convention", .word(convention.rawValue), default: .word("pytorch"), "autodiff choice at 0: pytorch (0) or jax (1)")]
        }
        public func evaluate<T: ActivationScalar>(_ x: T) -> T {
            switch convention {
            case .pytorch: return T.abs(x)
            case .jax:
                if x > 0 { return x }
                if x < 0 { return -x }
                return T.choosingDerivative(T.abs(x), slope: 1, of: x)   // |±0| = +0, derivative 1
            }
        }
        public var kinks: [DeclaredKink] {
            [DeclaredKink(at: 0, autodiffDerivative: convention == .pytorch ? 0 : 1, note: "convex corner: D⁻ = −1, D⁺ = 1")]
        }
        public var claims: ActivationClaims { ActivationClaims(continuous: true, convex: true, monotone: false, lipschitz: 1) }
        public var tails: ActivationTails? { ActivationTails(negative: .linear(slope: -1), positive: .linear(slope: 1)) }
    }
}
