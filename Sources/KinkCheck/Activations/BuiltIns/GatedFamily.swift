import BigFloat
import KinkCheckSupport

extension Activations {
    /// The gated linear units of transformer MLPs, f(a, b) = g(a)·b with a 1-D gate g (ReGLU,
    /// GeGLU, SwiGLU), and GLU itself, a·σ(b) (PyTorch `F.glu`: first half times the sigmoid of
    /// the second). The gate is the catalogue's own definition, so the value and the autodiff
    /// gradient follow it exactly: ∂f/∂a = g′(a)·b, ∂f/∂b = g(a).
    public struct GatedUnit: MultiInputActivation {
        public enum Kind: String, Sendable, CaseIterable {
            case glu, reglu, geglu, swiglu
        }
        public var kind: Kind
        public init(_ kind: Kind) { self.kind = kind }
        public var name: String { kind.rawValue }
        public var inputNames: [String] { ["a", "b"] }
        public var formula: String {
            switch kind {
            case .glu: "a·σ(b)"
            case .reglu: "relu(a)·b"
            case .geglu: "gelu(a)·b (erf GELU)"
            case .swiglu: "silu(a)·b"
            }
        }
        public func evaluate<T: ActivationScalar>(_ v: [T]) -> T {
            let a = v[0], b = v[1]
            switch kind {
            case .glu:
                // Far left σ(b) is tiny (subnormal in Float from b ≈ −87): |a|·σ(b) as one
                // exponential, e^(b + ln|a|)/(1 + eᵇ), so a large |a| does not scale up the
                // rounding of a subnormal. a = 0 keeps the plain product (∂f/∂a = σ(b) there).
                if b < -32, a != 0 {
                    let m = T.exp(b + T.log(T.abs(a))) / (1 + T.exp(b))
                    return a < 0 ? -m : m
                }
                return a * T.sigmoid(b)
            case .reglu: return ReLU()(a) * b
            case .geglu:
                // Far left gelu(a) is tiny (subnormal in Float from a ≈ −13): gelu(a)·b as one
                // exponential, −sgn(b)·e^(−a²/2 + ln(−a·erfcx(z)/2) + ln|b|) with z = −a/√2 (the
                // gate's own far-left form, with ln|b| folded in), so |b| does not scale up the
                // rounding of a subnormal gate — nor of its derivative. Only for |b| > 1: a
                // smaller |b| shrinks that rounding, and folded in it would underflow ∂f/∂b = gelu(a).
                if GELU.farLeft(a), T.abs(b) > 1 {
                    let z = -a / T.sqrt(T.constant(2, like: a))
                    let m = T.exp(-(a * a) / 2 + T.log(-a * T.erfcx(z) / 2) + T.log(T.abs(b)))
                    return b < 0 ? m : -m
                }
                return GELU()(a) * b
            case .swiglu:
                // Far left silu(a) = a·σ(a) = −e^(a + ln(−a))/(1 + eᵃ): ln|b| folded in likewise
                // (for |b| > 1 only, as for GeGLU).
                if a < -32, T.abs(b) > 1 {
                    let m = T.exp(a + T.log(-a) + T.log(T.abs(b))) / (1 + T.exp(a))
                    return b < 0 ? m : -m
                }
                return SiLU()(a) * b
            }
        }
        /// ReGLU's relu(a) has its corner at a = 0; the others are smooth (GELU and SiLU switch
        /// implementation branches far left, smoothly, which is not a kink of f).
        public var nonSmoothSets: [NonSmoothSet] { kind == .reglu ? [.coordinate(0, 0)] : [] }
        public var claimsContinuous: Bool? { true }
        public var claimsConvex: Bool? { false }
    }

    /// Maxout over k inputs: max(x₁, …, x_k). The gradient goes to the first largest input, as
    /// `torch.max(x, dim)` routes it (a strict `>` scan), so at a k-way tie autodiff gives e₁ —
    /// one vertex of the Clarke set, the hull of e₁ … e_k.
    public struct Maxout: MultiInputActivation {
        public var k: Int
        public init(k: Int = 2) { self.k = k }
        public static let arities = 2...8
        public var name: String { "maxout" }
        public var inputNames: [String] { (1...k).map { "x\($0)" } }
        public var parameters: [ActivationParameter] {
            [ActivationParameter("k", .number(DecimalConstant(integerLiteral: k)), default: .number(2), "inputs, 2 to 8")]
        }
        public var formula: String { "max(" + inputNames.joined(separator: ", ") + ")" }
        public func evaluate<T: ActivationScalar>(_ v: [T]) -> T {
            var best = v[0]
            for x in v.dropFirst() where x > best { best = x }
            return best
        }
        public var nonSmoothSets: [NonSmoothSet] { [.tie(Array(0..<k))] }
        public var claimsContinuous: Bool? { true }
        public var claimsConvex: Bool? { true }
    }
}
