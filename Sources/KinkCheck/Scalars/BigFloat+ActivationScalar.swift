import BigFloat
import KinkCheckSupport

extension BigFloat: ActivationScalar {
    /// `n` exactly, at the fewest bits that hold it (as integer literals).
    @inlinable package init(exactInteger n: Int) { self.init(integerLiteral: n) }
    @inlinable package static func exp(_ x: BigFloat) -> BigFloat { apply(.exp, x) }
    @inlinable package static func expm1(_ x: BigFloat) -> BigFloat { apply(.expm1, x) }
    @inlinable package static func log(_ x: BigFloat) -> BigFloat { apply(.log, x) }
    @inlinable package static func log1p(_ x: BigFloat) -> BigFloat { apply(.log1p, x) }
    @inlinable package static func tanh(_ x: BigFloat) -> BigFloat { apply(.tanh, x) }
    @inlinable package static func erf(_ x: BigFloat) -> BigFloat { apply(.erf, x) }
    @inlinable package static func atan(_ x: BigFloat) -> BigFloat { apply(.atan, x) }
    @inlinable package static func erfc(_ x: BigFloat) -> BigFloat { apply(.erfc, x) }
    /// erfc(x)·e^(x²) at p + 2e + 16 bits (2^e > |x|: x² and e^(x²) then keep p + 16 bits), rounded
    /// to x's precision p. MPFR's exponent range holds both factors for |x| < 27,000.
    /// Edge cases: +∞ → 0, −∞ → +∞, NaN → NaN.
    @usableFromInline package static func erfcx(_ x: BigFloat) -> BigFloat {
        if x.isInfinite { return x.signBit ? .infinity(precision: x.precision) : .zero(precision: x.precision) }
        let w = x.precision + 2 * Swift.max(0, x.exponent ?? 0) + 16
        let wide = BigFloat(x, precision: w)
        let e = BigFloat.erfc(wide) * BigFloat.exp(wide * wide)
        return e.rounded(toPrecision: x.precision)
    }
    @inlinable package static func sqrt(_ x: BigFloat) -> BigFloat { apply(.sqrt, x) }
    /// sin x correctly rounded; NaN for an argument beyond ``CostLimit/trigonometryExponentLimit``.
    @usableFromInline package static func sin(_ x: BigFloat) -> BigFloat {
        CostLimit.refusesTrigonometry(of: x) ? .nan(precision: x.precision) : apply(.sin, x)
    }
    /// cos x correctly rounded; NaN for an argument beyond ``CostLimit/trigonometryExponentLimit``.
    @usableFromInline package static func cos(_ x: BigFloat) -> BigFloat {
        CostLimit.refusesTrigonometry(of: x) ? .nan(precision: x.precision) : apply(.cos, x)
    }
    @inlinable package static func min(_ a: BigFloat, _ b: BigFloat) -> BigFloat { b < a || (b.isNaN && !a.isNaN) ? b : a }
    @inlinable package static func max(_ a: BigFloat, _ b: BigFloat) -> BigFloat { b > a || (b.isNaN && !a.isNaN) ? b : a }
    @inlinable package static func constant(_ c: DecimalConstant, like x: BigFloat) -> BigFloat {
        c.bigFloat(precision: x.precision)
    }
    @inlinable package static func pi(like x: BigFloat) -> BigFloat { .pi(precision: x.precision) }
    @inlinable package static func choosingDerivative(_ value: BigFloat, slope: BigFloat, of x: BigFloat) -> BigFloat { value }
}
