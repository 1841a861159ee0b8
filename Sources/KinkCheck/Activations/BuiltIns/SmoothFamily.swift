import BigFloat
import KinkCheckSupport

extension Activations {
    /// The logistic sigmoid 1/(1 + e^(−x)).
    public struct Sigmoid: Activation {
        public init() {}
        public var name: String { "sigmoid" }
        public var formula: String { "1/(1 + exp(−x))" }
        public func evaluate<T: ActivationScalar>(_ x: T) -> T { T.sigmoid(x) }
        public var claims: ActivationClaims { ActivationClaims(continuous: true, convex: false, monotone: true, lipschitz: Sigmoid.quarter) }
        package static let quarter: DecimalConstant = "0.25"
        public var tails: ActivationTails? { ActivationTails(negative: .constant(0), positive: .constant(1)) }
    }

    /// tanh x.
    public struct Tanh: Activation {
        public init() {}
        public var name: String { "tanh" }
        public var formula: String { "tanh(x)" }
        public func evaluate<T: ActivationScalar>(_ x: T) -> T { T.tanh(x) }
        public var claims: ActivationClaims { ActivationClaims(continuous: true, convex: false, monotone: true, lipschitz: 1) }
        public var tails: ActivationTails? { ActivationTails(negative: .constant(-1), positive: .constant(1)) }
    }

    /// GELU, exact (erf) form: x·Φ(x) = x·erfc(−x/√2)/2 (JAX's formulation; the erfc form keeps
    /// full relative accuracy for x ≪ 0 where 1 + erf(x/√2) cancels).
    public struct GELU: Activation {
        public init() {}
        public var name: String { "gelu" }
        public var formula: String { "x·Φ(x) = x·erfc(−x/√2)/2" }
        /// Far left (−64 < x < −10) f is subnormal in Float from x ≈ −13 and in Double from
        /// x ≈ −37.5, and x·erfc(z)/2 would scale the rounding of a subnormal erfc(z) by |x|/2
        /// (6 ulps at x = −38 in Double). There it is −e^(−x²/2 + ln(−x·erfcx(z)/2)) with
        /// z = −x/√2 — the same function, erfc(z) = e^(−z²)·erfcx(z), with one exponential last.
        /// Beyond −64 f is below every format's least subnormal and the erfc form is exact in MPFR.
        public func evaluate<T: ActivationScalar>(_ x: T) -> T {
            let z = -x / T.sqrt(T.constant(2, like: x))
            if GELU.farLeft(x) { return -T.exp(-(x * x) / 2 + T.log(-x * T.erfcx(z) / 2)) }
            let e = T.erfc(z)
            // For x > 0, erfc(−x/√2) ∈ (1, 2]: halve it first, so x·Φ(x) does not overflow in Float and
            // Double for x near the top of the range (x·erfc would reach 2x). Halving is exact there,
            // so the result is the same number wherever the product does not overflow. For x ≤ 0
            // erfc may be subnormal, and halving it first would round twice.
            return x > 0 ? x * (e / 2) : x * e / 2
        }
        /// The backward, written by hand as PyTorch's gelu backward is: f′ = Φ(x) + x·φ(x) with
        /// φ(x) = e^(−x²/2)/√(2π). Far left (−64 < x < −10), where f′ is subnormal in Float and
        /// Double, it is one exponential: f′ = φ(x)·(x + M) with M = Φ/φ = √(π/2)·erfcx(z), so
        /// f′ = −e^(−x²/2 − ln √(2π) + ln(−x − M)); autodiff's e^(−z²)·(…) would scale a subnormal
        /// (4 ulps at x = −14 in Float).
        public func derivative<T: ActivationScalar>(_ x: T) -> T {
            let pi = T.pi(like: x)
            let z = -x / T.sqrt(T.constant(2, like: x))
            if GELU.farLeft(x) {
                let m = T.sqrt(pi / 2) * T.erfcx(z)
                return -T.exp(-(x * x) / 2 - T.log(2 * pi) / 2 + T.log(-x - m))
            }
            return T.erfc(z) / 2 + x * (T.exp(-(x * x) / 2) / T.sqrt(2 * pi))
        }
        public var hasHandWrittenDerivative: Bool { true }
        /// −64 < x < −10: the branch of the one-exponential forms (a smooth switch: the same function).
        @inlinable package static func farLeft<T: ActivationScalar>(_ x: T) -> Bool { x < -10 && x > -64 }
        public var claims: ActivationClaims { ActivationClaims(continuous: true, convex: false, monotone: false, lipschitz: GELU.bound) }
        package static let bound: DecimalConstant = "1.13"
        public var tails: ActivationTails? { ActivationTails(negative: .constant(0), positive: .linear(slope: 1)) }
    }

    /// GELU, tanh approximation: x/2·(1 + tanh(√(2/π)(x + 0.044715x³))), evaluated as
    /// x·σ(2u) with u the tanh argument (the same function; no cancellation for x ≪ 0).
    public struct GELUTanh: Activation {
        public init() {}
        public var name: String { "gelu_tanh" }
        public var formula: String { "x/2·(1 + tanh(√(2/π)·(x + 0.044715·x³)))" }
        package static let cubic: DecimalConstant = "0.044715"
        public func evaluate<T: ActivationScalar>(_ x: T) -> T {
            let cubic = T.constant(GELUTanh.cubic, like: x) * x * x * x
            // Where the cubic overflows (|x| > 1.9e13 in Float, 1.6e103 in Double; never in MPFR's
            // exponent range), σ(2u) is exactly 1 or 0 in the type, but autodiff would multiply the
            // infinite u by the constants' zero derivatives (NaN). x·σ(x) is the same value there and
            // has the asymptote's derivative, 1 or 0.
            if cubic.isInfinite { return x * T.sigmoid(x) }
            let t = 2 * T.sqrt(2 / T.pi(like: x)) * (x + cubic)
            return T.times(x, sigmoidOf: t)
        }
        /// The backward, written by hand as PyTorch's gelu tanh backward is:
        /// f′ = σ(t)·(1 + x·t′·σ(−t)) with t = 2√(2/π)(x + 0.044715x³), t′ = 2√(2/π)(1 + 3·0.044715x²).
        /// Far left (t < −32), where f′ may be subnormal in Float, it is one exponential,
        /// −e^(t − ln(1 + eᵗ) + ln(−x·t′·σ(−t) − 1)): autodiff's eᵗ·t′ would scale the rounding of a
        /// subnormal by t′ (about 12 ulps at x = −10.4).
        public func derivative<T: ActivationScalar>(_ x: T) -> T {
            let a = T.constant(GELUTanh.cubic, like: x)
            let cubic = a * x * x * x
            if cubic.isInfinite { return x > 0 ? 1 : 0 }
            let c = 2 * T.sqrt(2 / T.pi(like: x))
            let t = c * (x + cubic), slope = c * (1 + 3 * a * x * x)
            // ln(−x·t′·σ(−t) − 1) as ln(−x) + ln(t′·σ(−t) + 1/x): −x·t′ alone overflows Float near −1e13.
            if t < -32 { return -T.exp(t - T.log1p(T.exp(t)) + T.log(-x) + T.log(slope * T.sigmoid(-t) + 1 / x)) }
            // slope·σ(−t) first: x·slope alone overflows Float for x ≈ 1e13, where σ(−t) is 0.
            return T.sigmoid(t) * (1 + x * (slope * T.sigmoid(-t)))
        }
        public var hasHandWrittenDerivative: Bool { true }
        public var claims: ActivationClaims { ActivationClaims(continuous: true, convex: false, monotone: false, lipschitz: GELU.bound) }
        public var tails: ActivationTails? { ActivationTails(negative: .constant(0), positive: .linear(slope: 1)) }
    }

    /// SiLU (swish): x·σ(βx).
    public struct SiLU: ParameterDifferentiable {
        public var beta: DecimalConstant
        public init(beta: DecimalConstant = 1) { self.beta = beta }
        public var name: String { "silu" }
        public var formula: String { "x·σ(βx)" }
        public var parameters: [ActivationParameter] { [ActivationParameter("beta", .number(beta), default: .number(1), "β > 0")] }
        public func evaluate<T: ActivationScalar>(_ x: T) -> T { T.times(x, sigmoidOf: T.constant(beta, like: x) * x) }
        public var differentiableParameters: [String] { ["beta"] }
        public var parameterNonSmoothSets: [NonSmoothSet] { [] }
        /// The same definition with β a scalar.
        public func evaluate<T: ActivationScalar>(_ x: T, parameters θ: [T]) -> T { T.times(x, sigmoidOf: θ[0] * x) }
        /// The backward, written by hand as PyTorch's silu backward is: f′ = σ(t)·(1 + t·σ(−t)) with
        /// t = βx (σ(−t) rather than 1 − σ(t), which cancels where σ(t) is near 1). Far left
        /// (t < −32), where f′ may be subnormal in Float, it is one exponential,
        /// −e^(t − ln(1 + eᵗ) + ln(−t·σ(−t) − 1)), so no subnormal is scaled by a factor afterwards.
        public func derivative<T: ActivationScalar>(_ x: T) -> T {
            let t = T.constant(beta, like: x) * x
            if t.isInfinite { return t > 0 ? 1 : 0 }   // βx overflowed: the asymptotes' slopes
            if t < -32 { return -T.exp(t - T.log1p(T.exp(t)) + T.log(-t * T.sigmoid(-t) - 1)) }
            return T.sigmoid(t) * (1 + t * T.sigmoid(-t))
        }
        public var hasHandWrittenDerivative: Bool { true }
        public var claims: ActivationClaims {
            ActivationClaims(continuous: true, convex: false, monotone: false, lipschitz: beta == 1 ? SiLU.bound : nil)
        }
        package static let bound: DecimalConstant = "1.1"
        public var tails: ActivationTails? { ActivationTails(negative: .constant(0), positive: .linear(slope: 1)) }
    }

    /// Mish: x·tanh(softplus(x)).
    public struct Mish: Activation {
        public init() {}
        public var name: String { "mish" }
        public var formula: String { "x·tanh(log(1 + exp(x)))" }
        public func evaluate<T: ActivationScalar>(_ x: T) -> T {
            // Far left tanh(log(1 + y)) = y(2 + y)/(2 + 2y + y²) with y = eˣ subnormal-bound, and x·y
            // = −e^(x + ln(−x)) keeps full accuracy where y·x would scale y's rounding up by |x|.
            if x < -32 {
                let y = T.exp(x)
                return -T.exp(x + T.log(-x)) * (2 + y) / (2 + 2 * y + y * y)
            }
            return x * T.tanh(Softplus().evaluate(x))
        }
        /// The backward, written by hand as PyTorch's mish backward is: f′ = τ + x·sech²(s)·σ(x) with
        /// s = softplus(x), τ = tanh(s), sech²s = 4e/(1 + e)², e = e^(−2s) (1 − τ² cancels once τ
        /// rounds to 1). Far left (x < −32), where f′ may be subnormal in Float, it is one
        /// exponential, −e^(x + ln(−(r + x·sech²(s)/(1 + y)))) with y = eˣ and τ = y·r.
        public func derivative<T: ActivationScalar>(_ x: T) -> T {
            let s = Softplus().evaluate(x)
            let e = T.exp(-2 * s), d = 1 + e
            let sech2 = 4 * e / (d * d)
            if x < -32 {
                let y = T.exp(x)
                let r = (2 + y) / (2 + 2 * y + y * y)
                return -T.exp(x + T.log(-(r + x * sech2 / (1 + y))))
            }
            return T.tanh(s) + x * sech2 * T.sigmoid(x)
        }
        public var hasHandWrittenDerivative: Bool { true }
        public var claims: ActivationClaims { ActivationClaims(continuous: true, convex: false, monotone: false, lipschitz: SiLU.bound) }
        public var tails: ActivationTails? { ActivationTails(negative: .constant(0), positive: .linear(slope: 1)) }
    }

    /// Softsign: x/(1 + |x|). C¹ (derivative 1 at 0), not C² there; no kink.
    public struct Softsign: Activation {
        public init() {}
        public var name: String { "softsign" }
        public var formula: String { "x/(1 + |x|)" }
        public func evaluate<T: ActivationScalar>(_ x: T) -> T {
            // For |x| ≥ 1, ±(1 − 1/(1 + |x|)): the same function, whose autodiff derivative
            // 1/(1 + |x|)² has no cancellation (x/(1 + |x|) differentiates to ((1 + |x|) − |x|)/…,
            // which is 0 in Float beyond 2²⁴ and in Double beyond 2⁵³). The switch at ±1 is smooth.
            if x >= 1 { return 1 - 1 / (1 + x) }
            if x <= -1 { return 1 / (1 - x) - 1 }
            return x / (1 + T.abs(x))
        }
        public var claims: ActivationClaims { ActivationClaims(continuous: true, convex: false, monotone: true, lipschitz: 1) }
        public var tails: ActivationTails? { ActivationTails(negative: .constant(-1), positive: .constant(1)) }
    }
}
