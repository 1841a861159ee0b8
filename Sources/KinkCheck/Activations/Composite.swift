import BigFloat
import KinkCheckSupport

/// A program built from activations: sums, differences, scalings, products, compositions and
/// argument negation — the shape of the papers' autodiff examples. It is itself an
/// ``Activation``, so every check applies to it.
///
/// ```swift
/// let identity = Composite(name: "identity", .difference(.apply(ReLU(), .x), .apply(ReLU(), .negated(.x))))   // relu(x) − relu(−x) = x
/// ```
/// Declared kinks are derived where the inner argument is ±x (a kink x0 of f becomes ±x0);
/// elsewhere kinks are left to discovery.
package indirect enum CompositeExpression: Sendable {
    case x
    case constant(DecimalConstant)
    case apply(any Activation, CompositeExpression)
    case negated(CompositeExpression)
    case sum(CompositeExpression, CompositeExpression)
    case difference(CompositeExpression, CompositeExpression)
    case product(CompositeExpression, CompositeExpression)
    case scaled(DecimalConstant, CompositeExpression)

    package func evaluate<T: ActivationScalar>(_ x: T) -> T {
        switch self {
        case .x: return x
        case .constant(let c): return T.constant(c, like: x)
        case .apply(let f, let inner): return f(inner.evaluate(x))
        case .negated(let e): return -e.evaluate(x)
        case .sum(let a, let b): return a.evaluate(x) + b.evaluate(x)
        case .difference(let a, let b): return a.evaluate(x) - b.evaluate(x)
        case .product(let a, let b): return a.evaluate(x) * b.evaluate(x)
        case .scaled(let c, let e): return T.constant(c, like: x) * e.evaluate(x)
        }
    }

    /// Kinks known from the structure: those of f(±x).
    package var derivedKinks: [KinkLocation] {
        switch self {
        case .x, .constant: return []
        case .apply(let f, .x): return f.kinks.map(\.location)
        case .apply(let f, .negated(.x)):
            return f.kinks.compactMap { k in
                if case .at(let c) = k.location { return DecimalConstant.exactProduct(c, -1).map { .at($0) } }
                return nil
            }
        case .apply(_, let inner), .negated(let inner), .scaled(_, let inner): return inner.derivedKinks
        case .sum(let a, let b), .difference(let a, let b), .product(let a, let b): return a.derivedKinks + b.derivedKinks
        }
    }

    package var text: String {
        switch self {
        case .x: return "x"
        case .constant(let c): return c.description
        case .apply(let f, let inner): return "\(f.name)(\(inner.text))"
        case .negated(let e): return "−\(e.atomText)"
        case .sum(let a, let b): return "\(a.text) + \(b.text)"
        case .difference(let a, let b): return "\(a.text) − \(b.atomText)"
        case .product(let a, let b): return "\(a.atomText)·\(b.atomText)"
        case .scaled(let c, let e): return "\(c)·\(e.atomText)"
        }
    }
    package var atomText: String {
        switch self {
        case .x, .constant, .apply: return text
        default: return "(\(text))"
        }
    }
}

/// A named composite activation.
package struct Composite: Activation {
    package var name: String
    package var expression: CompositeExpression
    package var claims: ActivationClaims
    package var parameters: [ActivationParameter]
    /// What the program equals and what autodiff gives at its kink, for listings and reports.
    package var expectation: String

    package init(name: String, _ expression: CompositeExpression, claims: ActivationClaims = ActivationClaims(),
                parameters: [ActivationParameter] = [], expectation: String = "") {
        self.name = name; self.expression = expression; self.claims = claims
        self.parameters = parameters; self.expectation = expectation
    }
    package var formula: String { expression.text + (expectation.isEmpty ? "" : "   [\(expectation)]") }
    package func evaluate<T: ActivationScalar>(_ x: T) -> T { expression.evaluate(x) }
    package var kinks: [DeclaredKink] {
        var seen: [KinkLocation] = []
        for k in expression.derivedKinks where !seen.contains(where: { $0.value(precision: 256) == k.value(precision: 256) }) {
            seen.append(k)
        }
        return seen.map { DeclaredKink($0, note: "from the composite's structure") }
    }
}

/// x²·sin(1/x) (0 at 0): differentiable at 0 with derivative 0, yet f′ oscillates in [−1, 1]
/// arbitrarily close to 0 — the control for the `nonsmooth` classification (Clarke set [−1, 1]).
package struct OscillatingControl: Activation {
    package init() {}
    package var name: String { "x2_sin_inv_x" }
    package var formula: String { "x²·sin(1/x), 0 at x = 0   [differentiable at 0, f′(0) = 0; Clarke set [−1, 1]]" }
    package func evaluate<T: ActivationScalar>(_ x: T) -> T {
        x == 0 ? x * x : x * x * T.sin(1 / x)
    }
    package var kinks: [DeclaredKink] { [DeclaredKink(at: 0, autodiffDerivative: 0, note: "oscillating derivative")] }
    package var claims: ActivationClaims { ActivationClaims(continuous: true, convex: false, monotone: false) }
}

extension Composite {
    package static func relu(_ s: Activations.ReLU.GradientAtZero) -> any Activation { Activations.ReLU(gradientAtZero: s) }
    package static func grad0Parameter(_ s: Activations.ReLU.GradientAtZero) -> [ActivationParameter] {
        [ActivationParameter("grad0", .word(s.rawValue), default: .word("0"), "ReLU′(0) = s used inside: 0, 0.5 or 1")]
    }

    /// relu(x) − relu(−x) = x; autodiff gives 2s at 0 (0 in PyTorch, JAX and TensorFlow).
    package static func reluMinusReluOfNegative(_ s: Activations.ReLU.GradientAtZero = .zero) -> Composite {
        Composite(name: "relu_minus_relu_neg", .difference(.apply(relu(s), .x), .apply(relu(s), .negated(.x))),
                  claims: ActivationClaims(continuous: true, convex: true, monotone: true, lipschitz: 1),
                  parameters: grad0Parameter(s), expectation: "= x; autodiff at 0 gives 2s")
    }
    /// relu(x) + relu(−x) = |x|; autodiff gives 0 at 0 for every s.
    package static func reluPlusReluOfNegative(_ s: Activations.ReLU.GradientAtZero = .zero) -> Composite {
        Composite(name: "relu_plus_relu_neg", .sum(.apply(relu(s), .x), .apply(relu(s), .negated(.x))),
                  claims: ActivationClaims(continuous: true, convex: true, monotone: false, lipschitz: 1),
                  parameters: grad0Parameter(s), expectation: "= |x|; autodiff at 0 gives 0")
    }
    /// relu(−x) + x = relu(x); autodiff gives 1 − s at 0.
    package static func reluOfNegativePlusX(_ s: Activations.ReLU.GradientAtZero = .zero) -> Composite {
        Composite(name: "relu_neg_plus_x", .sum(.apply(relu(s), .negated(.x)), .x),
                  claims: ActivationClaims(continuous: true, convex: true, monotone: true, lipschitz: 1),
                  parameters: grad0Parameter(s), expectation: "= relu(x); autodiff at 0 gives 1 − s")
    }
    /// ½(relu(x) + relu(−x) + x) = relu(x); autodiff gives ½ at 0 for every s.
    package static func halfSymmetricReLU(_ s: Activations.ReLU.GradientAtZero = .zero) -> Composite {
        Composite(name: "relu_half_sym", .scaled("0.5", .sum(.sum(.apply(relu(s), .x), .apply(relu(s), .negated(.x))), .x)),
                  claims: ActivationClaims(continuous: true, convex: true, monotone: true, lipschitz: 1),
                  parameters: grad0Parameter(s), expectation: "= relu(x); autodiff at 0 gives ½ for every s")
    }
    /// x·relu(x): differentiable at 0 with derivative 0.
    package static func xTimesReLU(_ s: Activations.ReLU.GradientAtZero = .zero) -> Composite {
        Composite(name: "x_relu", .product(.x, .apply(relu(s), .x)),
                  claims: ActivationClaims(continuous: true, convex: true, monotone: true),
                  parameters: grad0Parameter(s), expectation: "differentiable at 0, derivative 0")
    }
}
