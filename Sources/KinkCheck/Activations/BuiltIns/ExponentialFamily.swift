import BigFloat
import KinkCheckSupport

extension Activations {
    /// ELU(x) = x for x > 0, α·(eˣ − 1) otherwise. Autodiff derivative at 0: α (PyTorch and JAX).
    public struct ELU: ParameterDifferentiable {
        public var alpha: DecimalConstant
        public init(alpha: DecimalConstant = 1) { self.alpha = alpha }
        public var name: String { "elu" }
        public var formula: String { "x if x > 0 else α·(exp(x) − 1)" }
        public var parameters: [ActivationParameter] { [ActivationParameter("alpha", .number(alpha), default: .number(1), "α: saturation value −α for x → −∞")] }
        public func evaluate<T: ActivationScalar>(_ x: T) -> T { ELU.elu(x, alpha: T.constant(alpha, like: x)) }
        public func evaluate<T: ActivationScalar>(_ x: T, parameters θ: [T]) -> T { ELU.elu(x, alpha: θ[0]) }
        private static func elu<T: ActivationScalar>(_ x: T, alpha: T) -> T { x > 0 ? x : alpha * T.expm1(x) }
        public var differentiableParameters: [String] { ["alpha"] }
        public var parameterNonSmoothSets: [NonSmoothSet] { [.coordinate(0, 0)] }
        public var kinks: [DeclaredKink] { [DeclaredKink(at: 0, autodiffDerivative: alpha, note: "D⁻ = α, D⁺ = 1 (smooth when α = 1)")] }
        public var claims: ActivationClaims {
            let a = alpha.double
            return ActivationClaims(continuous: true, convex: a >= 0 && a <= 1, monotone: a >= 0,
                                    lipschitz: a >= 0 && a <= 1 ? 1 : (a > 1 ? alpha : nil))
        }
        public var tails: ActivationTails? {
            ActivationTails(negative: .constant(DecimalConstant.exactProduct(alpha, -1) ?? -1), positive: .linear(slope: 1))
        }
    }

    /// SELU(x) = λ·(x if x > 0 else α·(eˣ − 1)) with the published 32-digit constants.
    /// Autodiff derivative at 0: λα.
    public struct SELU: ParameterDifferentiable {
        public static let alpha: DecimalConstant = "1.6732632423543772848170429916717"
        public static let lambda: DecimalConstant = "1.0507009873554804934193349852946"
        public static let lambdaAlpha: DecimalConstant = DecimalConstant.exactProduct(alpha, lambda)!
        public init() {}
        public var name: String { "selu" }
        public var formula: String { "λ·(x if x > 0 else α·(exp(x) − 1)), α ≈ 1.6733, λ ≈ 1.0507" }
        public func evaluate<T: ActivationScalar>(_ x: T) -> T {
            SELU.selu(x, lambda: T.constant(SELU.lambda, like: x), lambdaAlpha: T.constant(SELU.lambdaAlpha, like: x))
        }
        /// θ = (α, λ): the same definition with λα computed from them.
        public func evaluate<T: ActivationScalar>(_ x: T, parameters θ: [T]) -> T { SELU.selu(x, lambda: θ[1], lambdaAlpha: θ[1] * θ[0]) }
        public var differentiableParameters: [String] { ["alpha", "lambda"] }
        /// The published constants (not spec parameters: `selu` takes none).
        public func parameterValue(_ name: String) -> DecimalConstant { name == "alpha" ? SELU.alpha : SELU.lambda }
        public var parameterNonSmoothSets: [NonSmoothSet] { [.coordinate(0, 0)] }
        private static func selu<T: ActivationScalar>(_ x: T, lambda: T, lambdaAlpha c: T) -> T {
            if x > 0 { return lambda * x }
            // λα as one constant: one rounding, not two (λ·(α·y) rounds twice, which in the
            // subnormal range is more than half an ulp). Far left, λα·eˣ = e^(x + ln λα): one exp,
            // never a subnormal eˣ scaled up by λα (whose rounding would then be 0.88 ulp of the
            // derivative); the same function.
            return x < -20 ? T.exp(x + T.log(c)) - c : c * T.expm1(x)
        }
        public var kinks: [DeclaredKink] { [DeclaredKink(at: 0, autodiffDerivative: SELU.lambdaAlpha, note: "concave corner: D⁻ = λα, D⁺ = λ")] }
        public var claims: ActivationClaims { ActivationClaims(continuous: true, convex: false, monotone: true, lipschitz: SELU.lambdaAlpha) }
        public var tails: ActivationTails? {
            ActivationTails(negative: .constant(DecimalConstant.exactProduct(SELU.lambdaAlpha, -1)!), positive: .linear(slope: SELU.lambda))
        }
    }

    /// CELU(x) = x for x > 0, α·(e^(x/α) − 1) otherwise: C¹ for every α > 0 (derivative 1 at 0).
    public struct CELU: ParameterDifferentiable {
        public var alpha: DecimalConstant
        public init(alpha: DecimalConstant = 1) { self.alpha = alpha }
        public var name: String { "celu" }
        public var formula: String { "x if x > 0 else α·(exp(x/α) − 1)" }
        public var parameters: [ActivationParameter] { [ActivationParameter("alpha", .number(alpha), default: .number(1), "α > 0")] }
        public func evaluate<T: ActivationScalar>(_ x: T) -> T { CELU.celu(x, alpha: T.constant(alpha, like: x)) }
        public var differentiableParameters: [String] { ["alpha"] }
        public var parameterNonSmoothSets: [NonSmoothSet] { [.coordinate(0, 0)] }
        public func evaluate<T: ActivationScalar>(_ x: T, parameters θ: [T]) -> T { CELU.celu(x, alpha: θ[0]) }
        private static func celu<T: ActivationScalar>(_ x: T, alpha a: T) -> T {
            if x > 0 { return x }
            let z = x / a
            // x/α overflows (α < 1, x near the bottom of Float or Double; never in MPFR's exponent
            // range) only where e^(x/α) underflowed long before: f = −α exactly, with derivative 0
            // (autodiff of the quotient would give ∞·0 = NaN).
            if z.isInfinite { return -a }
            return a * T.expm1(z)
        }
        public var kinks: [DeclaredKink] { [DeclaredKink(at: 0, autodiffDerivative: 1, note: "branch switch; C¹ (D⁻ = D⁺ = 1)")] }
        public var claims: ActivationClaims {
            ActivationClaims(continuous: true, convex: alpha.double > 0, monotone: alpha.double > 0, lipschitz: 1)
        }
        public var tails: ActivationTails? {
            ActivationTails(negative: .constant(DecimalConstant.exactProduct(alpha, -1) ?? -1), positive: .linear(slope: 1))
        }
    }

    /// Softplus(x) = log(1 + e^(βx))/β. With `threshold` t (PyTorch's default 20), x is returned
    /// for βx > t, which makes a small jump at x = t/β.
    public struct Softplus: ParameterDifferentiable {
        public var beta: DecimalConstant
        public var threshold: DecimalConstant?
        public init(beta: DecimalConstant = 1, threshold: DecimalConstant? = nil) { self.beta = beta; self.threshold = threshold }
        public var name: String { "softplus" }
        public var formula: String { threshold == nil ? "log(1 + exp(βx))/β" : "x if βx > threshold else log(1 + exp(βx))/β" }
        public var parameters: [ActivationParameter] {
            [ActivationParameter("beta", .number(beta), default: .number(1), "β > 0"),
             ActivationParameter("threshold", threshold.map { .number($0) } ?? .none, default: .none,
                                 "none, or t: return x when βx > t (PyTorch uses 20)")]
        }
        public func evaluate<T: ActivationScalar>(_ x: T) -> T { softplus(x, beta: T.constant(beta, like: x)) }
        public var differentiableParameters: [String] { ["beta"] }
        /// β·x = threshold, where the implementation switches to x (none without a threshold).
        public var parameterNonSmoothSets: [NonSmoothSet] { threshold == nil ? [] : [.described("β·x = threshold")] }
        public func evaluate<T: ActivationScalar>(_ x: T, parameters θ: [T]) -> T { softplus(x, beta: θ[0]) }
        private func softplus<T: ActivationScalar>(_ x: T, beta b: T) -> T {
            let z = b * x
            if let threshold, z > T.constant(threshold, like: x) { return x }
            // Two algebraically identical branches; each avoids overflow of e^z. The switch at 0
            // is smooth, so autodiff sees no kink there. For z > 0, x + log(1 + e^(−z))/β rather
            // than (z + log(1 + e^(−z)))/β: z = βx may overflow where x does not (β > 1). For β = 1
            // and powers of two the two forms are the same number.
            return z > 0 ? x + T.log1p(T.exp(-z)) / b : T.log1p(T.exp(z)) / b
        }
        public var kinks: [DeclaredKink] {
            guard let threshold else { return [] }
            return [DeclaredKink(.quotient(threshold, beta), note: "implementation switch to x: a jump of log1p(e^(−t))/β")]
        }
        public var claims: ActivationClaims {
            threshold == nil
                ? ActivationClaims(continuous: true, convex: true, monotone: true, lipschitz: 1)
                : ActivationClaims(continuous: false, convex: false, monotone: false, lipschitz: nil)
        }
        public var tails: ActivationTails? { ActivationTails(negative: .constant(0), positive: .linear(slope: 1)) }
    }
}
