import BigFloat
import KinkCheck
import KinkCheckSupport

/// The arithmetic a test function's program uses: BigFloat (the quadrature rules' nodes),
/// ``MPFRInterval`` (rigorous enclosures at nodes and over real sub-intervals) and ``ComplexBox``
/// (the analytic continuation on a rectangle in ℂ, for Gauss–Legendre error bounds). One
/// definition per test function (``TestFunction/profile(t:x:order:)``) runs in all three.
package protocol TestFunctionScalar: Sendable {
    static func + (a: Self, b: Self) -> Self
    static func - (a: Self, b: Self) -> Self
    static func * (a: Self, b: Self) -> Self
    static func / (a: Self, b: Self) -> Self
    /// The real number `c` exactly (a BigFloat is a dyadic number), in this type.
    static func real(_ c: BigFloat, like x: Self) -> Self
    /// The integer `n` exactly, in this type.
    static func integer(_ n: Int, like x: Self) -> Self
    static func exp(_ x: Self) -> Self
    /// The bump's factors e^(−1/s)·(1, s⁻², s⁻⁴) — value, and (for `order` ≥ 1, ≥ 2) the two
    /// factors of φ′ and φ″ — for s = 1 − t² on the support. Where s ≤ 0 (outside the open
    /// support) they are 0, as φ is.
    static func bumpFactors(_ s: Self, order: Int) -> (Self, Self?, Self?)
}

extension TestFunctionScalar {
    /// e^(−1/s)·(1, s⁻², s⁻⁴) by the type's own arithmetic: exact for a point, an enclosure for
    /// a narrow interval, and unbounded for a box holding 0 (the essential singularity at a
    /// support end).
    package static func plainBumpFactors(_ s: Self, order: Int) -> (Self, Self?, Self?) {
        let negativeInverse = integer(-1, like: s) / s
        let e = exp(negativeInverse)
        guard order >= 1 else { return (e, nil, nil) }
        let i2 = negativeInverse * negativeInverse
        let first = e * i2
        return (e, first, order >= 2 ? first * i2 : nil)
    }

    /// xⁿ for n ≥ 0 by repeated squaring (x⁰ = 1).
    package static func power(_ x: Self, _ n: Int) -> Self {
        precondition(n >= 0)
        var result = integer(1, like: x), base = x, k = n
        while k > 0 {
            if k & 1 == 1 { result = result * base }
            k >>= 1
            if k > 0 { base = base * base }
        }
        return result
    }
}

extension BigFloat: TestFunctionScalar {
    /// c rounded to x's precision: the rules' node arithmetic stays at the node's precision.
    package static func real(_ c: BigFloat, like x: BigFloat) -> BigFloat { BigFloat(c, precision: x.precision) }
    package static func integer(_ n: Int, like x: BigFloat) -> BigFloat { BigFloat(n, precision: x.precision) }
    package static func bumpFactors(_ s: BigFloat, order: Int) -> (BigFloat, BigFloat?, BigFloat?) {
        guard s.signum > 0 else {
            let z = BigFloat.zero(precision: s.precision)
            return (z, order >= 1 ? z : nil, order >= 2 ? z : nil)
        }
        return plainBumpFactors(s, order: order)
    }
}

extension MPFRInterval: TestFunctionScalar {
    package static func real(_ c: BigFloat, like x: MPFRInterval) -> MPFRInterval { MPFRInterval(c) }
    package static func integer(_ n: Int, like x: MPFRInterval) -> MPFRInterval { MPFRInterval(exactInteger: n) }

    /// Each factor gⱼ(s) = e^(−1/s)/sʲ (j = 0, 2, 4) over the whole interval s, tightly: gⱼ rises
    /// on (0, 1/j] and falls beyond (g₀ rises everywhere), so its range over [s₀, s₁] is spanned by
    /// its values at the ends and, when 1/j lies inside, its maximum gⱼ(1/j); it tends to 0 as
    /// s → 0⁺, which is its value for s ≤ 0 (outside the support, where φ is 0). Plain interval
    /// arithmetic would multiply the largest e^(−1/s) by the largest s⁻ʲ, from opposite ends — a
    /// bound off by many orders of magnitude beside a support end, where it matters.
    package static func bumpFactors(_ s: MPFRInterval, order: Int) -> (MPFRInterval, MPFRInterval?, MPFRInterval?) {
        let p = Swift.max(s.lower.precision, s.upper.precision)
        let zero = BigFloat.zero(precision: p)
        // A node's s is a few ulps wide: plain interval arithmetic loses nothing there and costs
        // one exponential instead of one per end and factor.
        let width = s.upper - s.lower
        if s.lower.signum > 0, let e0 = s.lower.exponent, width.isZero || (width.exponent ?? .max) < e0 - p / 2 {
            return plainBumpFactors(s, order: order)
        }
        let lo = s.lower.signum > 0 ? s.lower : zero, hi = s.upper
        func g(_ u: BigFloat, _ j: Int) -> MPFRInterval {
            guard u.signum > 0 else { return MPFRInterval(zero) }
            let x = MPFRInterval(u)
            let e = MPFRInterval.exp(MPFRInterval(exactInteger: -1) / x)
            return j == 0 ? e : e / MPFRInterval.power(x, j)
        }
        func factor(_ j: Int) -> MPFRInterval {
            guard hi.signum > 0 else { return MPFRInterval(zero) }
            let atLo = g(lo, j), atHi = g(hi, j)
            guard j > 0 else { return MPFRInterval(lower: atLo.lower, upper: atHi.upper) }
            let peak = BigFloat(1, precision: 64).timesPowerOfTwo(j == 2 ? -1 : -2)   // 1/j, exact
            if hi <= peak { return MPFRInterval(lower: atLo.lower, upper: atHi.upper) }
            if lo >= peak { return MPFRInterval(lower: atHi.lower, upper: atLo.upper) }
            return MPFRInterval(lower: BigFloat.minimum(atLo.lower, atHi.lower), upper: g(peak, j).upper)
        }
        return (factor(0), order >= 1 ? factor(2) : nil, order >= 2 ? factor(4) : nil)
    }
}

extension ComplexBox: TestFunctionScalar {
    /// c rounded outward to the box's precision (a box far narrower than the support needs more
    /// bits: the caller sizes the precision).
    package static func real(_ c: BigFloat, like x: ComplexBox) -> ComplexBox {
        ComplexBox(real: MPFRInterval(c).roundedOutward(toPrecision: x.precision))
    }
    package static func integer(_ n: Int, like x: ComplexBox) -> ComplexBox { ComplexBox(real: MPFRInterval(exactInteger: n)) }
    /// By complex arithmetic (``plainBumpFactors(_:order:)``): unbounded when the box holds 0.
    package static func bumpFactors(_ s: ComplexBox, order: Int) -> (ComplexBox, ComplexBox?, ComplexBox?) {
        plainBumpFactors(s, order: order)
    }
}
