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
                // Far left σ(b) = e^b/(1 + e^b) is tiny (subnormal in Float from b ≈ −87).
                if b < -32, T.abs(a) > 1 { return GatedUnit.fold(a, into: b, over: 1 + T.exp(b), positive: true) }
                return a * T.sigmoid(b)
            case .reglu: return ReLU()(a) * b
            case .geglu:
                // Far left gelu(a) = −e^(−a²/2 + ln(−a·erfcx(z)/2)), z = −a/√2: the gate's own
                // far-left form (subnormal in Float from a ≈ −13).
                if GELU.farLeft(a), T.abs(b) > 1 {
                    let z = -a / T.sqrt(T.constant(2, like: a))
                    return GatedUnit.fold(b, into: -(a * a) / 2 + T.log(-a * T.erfcx(z) / 2), over: 1, positive: false)
                }
                return GELU()(a) * b
            case .swiglu:
                // Far left silu(a) = a·σ(a) = −e^(a + ln(−a))/(1 + eᵃ).
                if a < -32, T.abs(b) > 1 { return GatedUnit.fold(b, into: a + T.log(-a), over: 1 + T.exp(a), positive: false) }
                return SiLU()(a) * b
            }
        }

        /// c·g where the gate g = ±e^L/d is tiny: ±sgn(c)·e^(L + ln|c|)/d, one last exponential,
        /// so a large factor c does not scale up the rounding of a subnormal g — nor of its
        /// derivative. Callers fold only for |c| > 1: a smaller |c| shrinks that rounding, and
        /// folded in, the exponential would underflow where ∂f/∂c = g does not (and ∂f/∂c,
        /// e^(L + ln|c|)/(|c|·d), would divide a subnormal's rounding by |c|).
        static func fold<T: ActivationScalar>(_ c: T, into L: T, over d: T, positive: Bool) -> T {
            let m = T.exp(L + T.log(T.abs(c))) / d
            return (c < 0) == positive ? -m : m
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
