import CMPFR

/// A correctly rounded MPFR function of one argument.
@usableFromInline package typealias MPFRUnaryFunction = (UnsafeMutablePointer<__mpfr_struct>, UnsafePointer<__mpfr_struct>, mpfr_rnd_t) -> Int32

/// The elementary functions MPFR provides, correctly rounded. Each has three spellings:
/// `BigFloat.exp(x)` (new value at x's precision, or `precision:`), `x.form(.exp)` (in place;
/// the common ones also as `x.formExp()`, `formTanh()`, …) and `y.set(.exp, of: x)` (into y at
/// y's precision); the last two return the ``Ternary``.
@usableFromInline package enum ElementaryFunction: String, Sendable, CaseIterable {
    case sqrt, exp, expm1, log, log1p, exp2, log2, sinh, cosh, tanh, erf, erfc, sin, cos, atan

    @usableFromInline package var mpfr: MPFRUnaryFunction {
        switch self {
        case .sqrt: return mpfr_sqrt
        case .exp: return mpfr_exp
        case .expm1: return mpfr_expm1
        case .log: return mpfr_log
        case .log1p: return mpfr_log1p
        case .exp2: return mpfr_exp2
        case .log2: return mpfr_log2
        case .sinh: return mpfr_sinh
        case .cosh: return mpfr_cosh
        case .tanh: return mpfr_tanh
        case .erf: return mpfr_erf
        case .erfc: return mpfr_erfc
        case .sin: return mpfr_sin
        case .cos: return mpfr_cos
        case .atan: return mpfr_atan
        }
    }
}

extension BigFloat {
    /// f(x) correctly rounded at `precision` (default: x's precision).
    @inlinable
    package static func apply(_ f: ElementaryFunction, _ x: BigFloat, precision: Int? = nil,
                             rounding: Rounding = .nearestEven) -> BigFloat {
        var r = BigFloat(nanWithPrecision: precision ?? x.precision)
        _ = f.mpfr(r.mutablePtr(), x.ptr, rounding.mpfr)
        return r
    }
    /// self ← f(self), in place.
    @inlinable @discardableResult
    package mutating func form(_ f: ElementaryFunction, rounding: Rounding = .nearestEven) -> Ternary {
        let p = mutablePtr()
        return Ternary(f.mpfr(p, p, rounding.mpfr))
    }
    /// self ← f(x) at self's precision.
    @inlinable @discardableResult
    package mutating func set(_ f: ElementaryFunction, of x: BigFloat, rounding: Rounding = .nearestEven) -> Ternary {
        Ternary(f.mpfr(mutablePtr(), x.ptr, rounding.mpfr))
    }

    @inlinable package static func sqrt(_ x: BigFloat, precision: Int? = nil, rounding: Rounding = .nearestEven) -> BigFloat { apply(.sqrt, x, precision: precision, rounding: rounding) }
    @inlinable package static func exp(_ x: BigFloat, precision: Int? = nil, rounding: Rounding = .nearestEven) -> BigFloat { apply(.exp, x, precision: precision, rounding: rounding) }
    @inlinable package static func expm1(_ x: BigFloat, precision: Int? = nil, rounding: Rounding = .nearestEven) -> BigFloat { apply(.expm1, x, precision: precision, rounding: rounding) }
    @inlinable package static func log(_ x: BigFloat, precision: Int? = nil, rounding: Rounding = .nearestEven) -> BigFloat { apply(.log, x, precision: precision, rounding: rounding) }
    @inlinable package static func log1p(_ x: BigFloat, precision: Int? = nil, rounding: Rounding = .nearestEven) -> BigFloat { apply(.log1p, x, precision: precision, rounding: rounding) }
    @inlinable package static func exp2(_ x: BigFloat, precision: Int? = nil, rounding: Rounding = .nearestEven) -> BigFloat { apply(.exp2, x, precision: precision, rounding: rounding) }
    @inlinable package static func log2(_ x: BigFloat, precision: Int? = nil, rounding: Rounding = .nearestEven) -> BigFloat { apply(.log2, x, precision: precision, rounding: rounding) }
    @inlinable package static func sinh(_ x: BigFloat, precision: Int? = nil, rounding: Rounding = .nearestEven) -> BigFloat { apply(.sinh, x, precision: precision, rounding: rounding) }
    @inlinable package static func cosh(_ x: BigFloat, precision: Int? = nil, rounding: Rounding = .nearestEven) -> BigFloat { apply(.cosh, x, precision: precision, rounding: rounding) }
    @inlinable package static func tanh(_ x: BigFloat, precision: Int? = nil, rounding: Rounding = .nearestEven) -> BigFloat { apply(.tanh, x, precision: precision, rounding: rounding) }
    @inlinable package static func erf(_ x: BigFloat, precision: Int? = nil, rounding: Rounding = .nearestEven) -> BigFloat { apply(.erf, x, precision: precision, rounding: rounding) }
    @inlinable package static func erfc(_ x: BigFloat, precision: Int? = nil, rounding: Rounding = .nearestEven) -> BigFloat { apply(.erfc, x, precision: precision, rounding: rounding) }
    @inlinable package static func sin(_ x: BigFloat, precision: Int? = nil, rounding: Rounding = .nearestEven) -> BigFloat { apply(.sin, x, precision: precision, rounding: rounding) }
    @inlinable package static func cos(_ x: BigFloat, precision: Int? = nil, rounding: Rounding = .nearestEven) -> BigFloat { apply(.cos, x, precision: precision, rounding: rounding) }
    @inlinable package static func atan(_ x: BigFloat, precision: Int? = nil, rounding: Rounding = .nearestEven) -> BigFloat { apply(.atan, x, precision: precision, rounding: rounding) }

    @inlinable @discardableResult package mutating func formSquareRoot(rounding: Rounding = .nearestEven) -> Ternary { form(.sqrt, rounding: rounding) }
    @inlinable @discardableResult package mutating func formExp(rounding: Rounding = .nearestEven) -> Ternary { form(.exp, rounding: rounding) }
    @inlinable @discardableResult package mutating func formExpMinusOne(rounding: Rounding = .nearestEven) -> Ternary { form(.expm1, rounding: rounding) }
    @inlinable @discardableResult package mutating func formLog(rounding: Rounding = .nearestEven) -> Ternary { form(.log, rounding: rounding) }
    @inlinable @discardableResult package mutating func formLogOnePlus(rounding: Rounding = .nearestEven) -> Ternary { form(.log1p, rounding: rounding) }
    @inlinable @discardableResult package mutating func formTanh(rounding: Rounding = .nearestEven) -> Ternary { form(.tanh, rounding: rounding) }
    @inlinable @discardableResult package mutating func formErf(rounding: Rounding = .nearestEven) -> Ternary { form(.erf, rounding: rounding) }

    /// x^y correctly rounded (IEEE/C99 `pow` special cases), at the larger precision.
    package static func pow(_ x: BigFloat, _ y: BigFloat, rounding: Rounding = .nearestEven) -> BigFloat {
        var r = BigFloat(nanWithPrecision: Swift.max(x.precision, y.precision))
        mpfr_pow(r.mutablePtr(), x.ptr, y.ptr, rounding.mpfr)
        return r
    }
    /// x^n correctly rounded, at x's precision.
    package static func pow(_ x: BigFloat, _ n: Int, rounding: Rounding = .nearestEven) -> BigFloat {
        var r = BigFloat(nanWithPrecision: x.precision)
        mpfr_pow_si(r.mutablePtr(), x.ptr, n, rounding.mpfr)
        return r
    }

    /// π correctly rounded at `precision`.
    @usableFromInline package static func pi(precision: Int, rounding: Rounding = .nearestEven) -> BigFloat {
        var r = BigFloat(nanWithPrecision: precision)
        mpfr_const_pi(r.mutablePtr(), rounding.mpfr)
        return r
    }
    /// ln 2 correctly rounded at `precision`.
    package static func ln2(precision: Int, rounding: Rounding = .nearestEven) -> BigFloat {
        var r = BigFloat(nanWithPrecision: precision)
        mpfr_const_log2(r.mutablePtr(), rounding.mpfr)
        return r
    }
    /// e correctly rounded at `precision`.
    package static func e(precision: Int, rounding: Rounding = .nearestEven) -> BigFloat {
        var one = BigFloat(1, precision: 2)
        var r = BigFloat(nanWithPrecision: precision)
        mpfr_exp(r.mutablePtr(), one.mutablePtr(), rounding.mpfr)
        return r
    }
}

extension BigFloat {
    /// x rounded to an integer, ties to even (exact).
    package static func rint(_ x: BigFloat) -> BigFloat {
        var r = BigFloat(nanWithPrecision: x.precision)
        mpfr_rint(r.mutablePtr(), x.ptr, MPFR_RNDN)
        return r
    }
}
