import BigFloat
import KinkCheckSupport

/// The arithmetic an activation definition may use. `Float`, `Double`, `BigFloat`, the
/// forward-mode ``Dual`` and the enclosure type ``MPFRInterval`` conform, so one generic
/// definition runs as real float32/float64 code, as exact-ish MPFR code, as autodiff, and as a
/// rigorous enclosure (which is how BigFloat results are correctly rounded).
///
/// Rules for definitions:
/// - Use integer literals freely in arithmetic with `x` (they are exact in every conforming type:
///   64 bits in BigFloat, and results take the larger precision). Never apply a function to a
///   bare literal: `T.sqrt(2)` is computed at the literal's 64 bits, not at the working precision;
///   write `T.sqrt(T.constant(2, like: x))`. Write every other constant as a ``DecimalConstant``
///   and call `constant(_:like:)`, so it is rounded once at the working precision, never via Double.
/// - Branch with comparisons (`x > 0 ? x : 0`): in `Dual` they look only at the value, so the
///   branch taken at a kink decides the autodiff derivative, as in framework kernels.
/// - Where a convention needs a derivative no branch produces (ReLU′(0) = ½), use
///   `choosingDerivative(_:slope:of:)`.
public protocol ActivationScalar: Comparable, ExpressibleByIntegerLiteral, Sendable {
    static func + (lhs: Self, rhs: Self) -> Self
    static func - (lhs: Self, rhs: Self) -> Self
    static func * (lhs: Self, rhs: Self) -> Self
    static func / (lhs: Self, rhs: Self) -> Self
    static prefix func - (x: Self) -> Self
    /// `n` exactly (small integers only are used by definitions).
    init(exactInteger n: Int)

    static func exp(_ x: Self) -> Self
    static func expm1(_ x: Self) -> Self
    static func log(_ x: Self) -> Self
    static func log1p(_ x: Self) -> Self
    static func tanh(_ x: Self) -> Self
    static func erf(_ x: Self) -> Self
    static func erfc(_ x: Self) -> Self
    /// erfcx(x) = e^(x²)·erfc(x), the scaled complementary error function: about 1/(x√π) for
    /// large x, where erfc(x) itself is subnormal or 0 in Float and Double (x > 9.2 and 26.5).
    /// A definition that needs erfc(x) far out as part of a product writes it as e^(−x²)·erfcx(x)
    /// and folds e^(−x²) into its one last exponential.
    static func erfcx(_ x: Self) -> Self
    static func sqrt(_ x: Self) -> Self
    static func sin(_ x: Self) -> Self
    static func cos(_ x: Self) -> Self
    static func atan(_ x: Self) -> Self
    /// |x|. In `Dual`, the derivative at 0 is 0 (PyTorch's sgn(0) = 0).
    static func abs(_ x: Self) -> Self
    /// The smaller value; NaN if either is NaN; on a tie the value `a`, and in ``Dual`` the mean
    /// of both sides' derivatives (torch.minimum's convention) — the same as a formula's `min`,
    /// so a Swift definition and its formula agree at ties (min(x, 6)′ = ½ at x = 6).
    static func min(_ a: Self, _ b: Self) -> Self
    /// The larger value; NaN if either is NaN; on a tie `a`, and in ``Dual`` the mean of both
    /// sides' derivatives (torch.maximum): max(x, 0)′ = ½ at 0, as a formula's `max` gives.
    static func max(_ a: Self, _ b: Self) -> Self

    /// `c` correctly rounded in this type, at the precision of `x` where that applies.
    static func constant(_ c: DecimalConstant, like x: Self) -> Self
    /// π at the precision of `x`.
    static func pi(like x: Self) -> Self

    /// `value`, with autodiff derivative `slope · x′` in ``Dual`` (value unchanged elsewhere):
    /// the hook for derivative conventions that no branch structure expresses.
    static func choosingDerivative(_ value: Self, slope: Self, of x: Self) -> Self

    /// `a` at a tie a = b, with autodiff derivative (a′ + b′)/2 in ``Dual`` (value `a` everywhere
    /// else): how `torch.maximum` and `jax.numpy.maximum` split the gradient at a tie.
    static func splittingTie(_ a: Self, _ b: Self) -> Self

    var isNaN: Bool { get }
    var isInfinite: Bool { get }
    /// True for the sign bit set (−0, negative numbers, −∞).
    var signBit: Bool { get }
}

extension ActivationScalar {
    /// The plain types carry no derivative: the tie's value is `a`.
    @inlinable public static func splittingTie(_ a: Self, _ b: Self) -> Self { a }

    /// xⁿ for an integer n by repeated squaring (exact where the products are; 1/x^|n| for n < 0,
    /// and x⁰ = 1). In ``Dual`` the derivative follows the products: n·xⁿ⁻¹.
    @inlinable public static func pow(_ x: Self, _ n: Int) -> Self {
        if n == 0 { return 1 }
        var base = x, result: Self = 1, e = n.magnitude
        var first = true
        while e > 0 {
            if e & 1 == 1 { result = first ? base : result * base; first = false }
            e >>= 1
            if e > 0 { base = base * base }
        }
        return n < 0 ? 1 / result : result
    }

    /// x² (one multiplication).
    @inlinable public static func square(_ x: Self) -> Self { x * x }
    /// x·σ(t) for x of t's sign (SiLU, GELU-tanh). Far left σ(t) is subnormal (t < −87 in
    /// Float, −708 in Double) and x·σ(t) would scale its rounding error up by |x|: there it is
    /// −e^(t + ln(−x))/(1 + eᵗ), the same function with one exponential.
    @inlinable public static func times(_ x: Self, sigmoidOf t: Self) -> Self {
        if t < -32 { return -exp(t + log(-x)) / (1 + exp(t)) }
        return x * sigmoid(t)
    }

    /// The logistic function 1/(1 + e^(−x)), written once for every type. Two algebraically
    /// identical branches keep e^(±x) from overflowing, so autodiff stays finite for large |x|
    /// (the switch at 0 is smooth: no kink).
    @inlinable public static func sigmoid(_ x: Self) -> Self {
        if x >= 0 { return 1 / (1 + exp(-x)) }
        let e = exp(x)
        return e / (1 + e)
    }
}
