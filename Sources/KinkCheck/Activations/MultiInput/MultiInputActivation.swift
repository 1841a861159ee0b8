import BigFloat
import KinkCheckSupport

/// An activation of several inputs, f: ℝⁿ → ℝ — a gated unit (`swiglu(a, b) = silu(a)·b`),
/// maxout, a formula in named inputs, or a parameterized 1-D activation seen as f(x, θ) — written
/// once, generically, like ``Activation``:
/// ```swift
/// struct GatedReLU: MultiInputActivation {
///     var name: String { "gated_relu" }
///     var inputNames: [String] { ["a", "b"] }
///     func evaluate<T: ActivationScalar>(_ v: [T]) -> T { (v[0] > 0 ? v[0] : 0) * v[1] }
///     var nonSmoothSets: [NonSmoothSet] { [.coordinate(0, 0)] }
/// }
/// ```
/// The gradient is autodiff of `evaluate` (one ``Dual`` pass per input), so at a non-smooth
/// point the branches taken decide it, as in the frameworks. `evaluate` sees the inputs as
/// given, NaN and ±∞ included; its comparisons and operations decide what they give (the
/// commands refuse ±∞ inputs, outside the documented domain, and give NaN for a NaN input).
public protocol MultiInputActivation: Sendable {
    /// The name used in specs and reports.
    var name: String { get }
    /// The inputs' names, in the order points are given (`--at a,b`).
    var inputNames: [String] { get }
    /// Parameters with their current values, in spec order.
    var parameters: [ActivationParameter] { get }
    /// A one-line formula for listings and reports.
    var formula: String { get }
    /// The definition, `inputs.count == inputNames.count`. Branch on comparisons.
    func evaluate<T: ActivationScalar>(_ inputs: [T]) -> T
    /// Where the definition switches branch: the surfaces of ℝⁿ its kinks lie on.
    var nonSmoothSets: [NonSmoothSet] { get }
    /// True when f is claimed continuous everywhere (nil: no claim); `check` verifies it.
    var claimsContinuous: Bool? { get }
    /// True when f is claimed convex on ℝⁿ (nil: no claim); then f′(x; d) = max ⟨g, d⟩ over the
    /// Clarke set, which `check` verifies.
    var claimsConvex: Bool? { get }
    /// Per input: nil to draw it anywhere on the line (the default), or a typical value c to
    /// draw it near c, on c's side of 0 (c·2ᵘ, |u| ≤ 2): a parameter's domain (α > 0, min < max).
    var inputScales: [DecimalConstant?] { get }
    /// The backward pass: ∇f as the code that trains with this activation computes it. The
    /// default is autodiff of `evaluate`; write it by hand (generically) when the framework's
    /// backward is hand-written, and set ``hasHandWrittenGradient``: `check` then verifies it
    /// against the definition's gradient almost everywhere and in the Clarke set at kinks.
    func gradient<T: ActivationScalar>(_ inputs: [T]) -> [T]
    /// True when ``gradient(_:)`` is written by hand.
    var hasHandWrittenGradient: Bool { get }
}

extension MultiInputActivation {
    public var parameters: [ActivationParameter] { [] }
    public var formula: String { name }
    public var nonSmoothSets: [NonSmoothSet] { [] }
    public var claimsContinuous: Bool? { nil }
    public var claimsConvex: Bool? { nil }
    public var inputScales: [DecimalConstant?] { inputNames.map { _ in nil } }
    public func gradient<T: ActivationScalar>(_ inputs: [T]) -> [T] { inputs.indices.map { partialDerivative($0, at: inputs) } }
    public var hasHandWrittenGradient: Bool { false }
    /// The number of inputs.
    public var arity: Int { inputNames.count }

    /// The spec that recreates this activation: `name` or `name:key=value,…`.
    public var spec: String {
        let changed = parameters.filter { $0.value != $0.defaultValue }
        return changed.isEmpty ? name : name + ":" + changed.map { "\($0.name)=\($0.value)" }.joined(separator: ",")
    }

    /// f at `inputs`: NaN when an input is NaN (value and every derivative), else `evaluate`.
    @inlinable
    public func callAsFunction<T: ActivationScalar>(_ inputs: [T]) -> T {
        if let nan = inputs.first(where: \.isNaN) { return nan }
        return evaluate(inputs)
    }

    /// The value and the backward gradient: ``gradient(_:)`` (autodiff, one forward pass with
    /// seed eᵢ per input, unless written by hand); NaN in any input gives NaN throughout.
    package func valueAndGradient<T: ActivationScalar>(at inputs: [T]) -> (value: T, gradient: [T]) {
        let value = self(inputs)
        if let nan = inputs.first(where: \.isNaN) { return (value, inputs.map { _ in nan }) }
        return (value, gradient(inputs))
    }

    /// ∂f/∂xᵢ by autodiff of `evaluate` (seed eᵢ), whatever ``gradient(_:)`` says: the truth a
    /// hand-written gradient is checked against.
    @inlinable
    package func partialDerivative<T: ActivationScalar>(_ i: Int, at inputs: [T]) -> T {
        self(inputs.enumerated().map { j, v in Dual(v, derivative: j == i ? 1 : 0) }).derivative
    }
}

/// A surface of ℝⁿ on which a multi-input definition may not be smooth.
public enum NonSmoothSet: Sendable, Hashable {
    /// xᵢ = c (ReGLU's a = 0).
    case coordinate(Int, DecimalConstant)
    /// Two or more inputs equal (maxout's ties xᵢ = xⱼ); `.tie([i, j, k])` is every pair of them.
    case tie([Int])
    /// A surface only named ("β·x = threshold"): the analyses find its points, the generator
    /// does not aim at it.
    case described(String)

    /// The surface in the inputs' names: "a = 0", "x1 = x2 = x3".
    public func description(names: [String]) -> String {
        switch self {
        case .coordinate(let i, let c): "\(names[i]) = \(c)"
        case .tie(let ix): ix.map { names[$0] }.joined(separator: " = ")
        case .described(let text): text
        }
    }
}

extension MultiInputActivation {
    /// f at the exact point `xs` correctly rounded to `precision` bits (Ziv's loop over
    /// ``MPFRInterval``s, as for one input). NaN in any input gives NaN.
    package func correctlyRounded(at xs: [ExactPoint], precision: Int, rounding: Rounding = .nearestEven) -> CorrectlyRounded {
        if xs.contains(where: \.isNaN) { return CorrectlyRounded(value: .nan(precision: precision), certified: true, workingPrecision: precision, attempts: 0) }
        return zivLoop(at: xs, precision: precision, rounding: rounding, cap: nil, enclosure: { self($0) }, point: { self($0) })
    }

    /// The backward's i-th component (``gradient(_:)``) correctly rounded to `precision` bits:
    /// the hand-written one's exact value, or autodiff's (as ``correctlyRoundedPartial``).
    package func correctlyRoundedBackward(_ i: Int, at xs: [ExactPoint], precision: Int, rounding: Rounding = .nearestEven) -> CorrectlyRounded {
        guard hasHandWrittenGradient else { return correctlyRoundedPartial(i, at: xs, precision: precision, rounding: rounding) }
        if xs.contains(where: \.isNaN) { return CorrectlyRounded(value: .nan(precision: precision), certified: true, workingPrecision: precision, attempts: 0) }
        return zivLoop(at: xs, precision: precision, rounding: rounding, cap: nil,
                       enclosure: { self.gradient($0)[i] }, point: { self.gradient($0)[i] })
    }

    /// The autodiff partial derivative ∂f/∂xᵢ (the branches the definition takes at `xs`)
    /// correctly rounded to `precision` bits, over `Dual<MPFRInterval>`.
    package func correctlyRoundedPartial(_ i: Int, at xs: [ExactPoint], precision: Int, rounding: Rounding = .nearestEven) -> CorrectlyRounded {
        if xs.contains(where: \.isNaN) { return CorrectlyRounded(value: .nan(precision: precision), certified: true, workingPrecision: precision, attempts: 0) }
        return zivLoop(at: xs, precision: precision, rounding: rounding, cap: nil,
                       enclosure: { self.partialDerivative(i, at: $0) }, point: { self.partialDerivative(i, at: $0) })
    }
}
