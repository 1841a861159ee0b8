import CMPFR

/// An IEEE 754 binary interchange format (or bfloat16), for emulating what hardware computes.
public enum IEEEFormat: String, Sendable, CaseIterable, Hashable {
    case binary16, bfloat16, binary32, binary64

    /// Significand bits, the hidden bit included.
    public var precision: Int {
        switch self { case .binary16: 11; case .bfloat16: 8; case .binary32: 24; case .binary64: 53 }
    }
    /// IEEE's largest exponent E (max finite = (2 − 2^(1−p)) · 2^E).
    public var maxExponent: Int {
        switch self { case .binary16: 15; case .bfloat16: 127; case .binary32: 127; case .binary64: 1023 }
    }
    /// IEEE's smallest normal exponent (1 − E_max).
    public var minExponent: Int { 1 - maxExponent }
    /// The least subnormal is 2 to this power (E_min − p + 1).
    package var leastSubnormalExponent: Int { minExponent - precision + 1 }
    /// Total width in bits.
    public var bitWidth: Int {
        switch self { case .binary16, .bfloat16: 16; case .binary32: 32; case .binary64: 64 }
    }
}

extension BigFloat {
    /// This value rounded to `format` exactly as IEEE 754 hardware rounds: to the format's
    /// precision, with gradual underflow (subnormals lose precision) and overflow to ±∞ or the
    /// largest finite value as the rounding direction dictates. The result holds the rounded value
    /// exactly at the format's precision; the ternary compares it with `self`.
    ///
    /// Uses MPFR's documented recipe: round, shrink the exponent range to the format's, then
    /// `mpfr_check_range` and `mpfr_subnormalize` with the running ternary (no double rounding).
    /// The exponent range is MPFR's per-thread state and is restored before returning.
    package func rounded(to format: IEEEFormat, rounding: Rounding = .nearestEven) -> (value: BigFloat, ternary: Ternary) {
        var result = BigFloat(nanWithPrecision: format.precision)
        let r = result.mutablePtr()
        let rnd = rounding.mpfr
        var t = mpfr_set(r, ptr, rnd)
        let savedMin = mpfr_get_emin(), savedMax = mpfr_get_emax()
        // MPFR: x = m·2^e with ½ ≤ m < 1, so IEEE exponent E corresponds to e = E + 1.
        mpfr_set_emin(mpfr_exp_t(format.minExponent - format.precision + 2))
        mpfr_set_emax(mpfr_exp_t(format.maxExponent + 1))
        t = mpfr_check_range(r, t, rnd)
        t = mpfr_subnormalize(r, t, rnd)
        mpfr_set_emin(savedMin)
        mpfr_set_emax(savedMax)
        return (result, Ternary(t))
    }

    /// Specials of an IEEE format, as exact BigFloats at the format's precision.
    package static func largestFinite(_ f: IEEEFormat) -> BigFloat {
        // (2 − 2^(1−p)) · 2^E
        var x = BigFloat(1, precision: f.precision)
        x = x.timesPowerOfTwo(f.maxExponent + 1)   // 2^(E+1)
        return x.nextDown
    }
    /// 2^(E_min), the smallest positive normal number of `f`.
    package static func leastNormal(_ f: IEEEFormat) -> BigFloat {
        BigFloat(1, precision: f.precision).timesPowerOfTwo(f.minExponent)
    }
    /// 2^(E_min − p + 1), the smallest positive subnormal number of `f`.
    package static func leastSubnormal(_ f: IEEEFormat) -> BigFloat {
        BigFloat(1, precision: f.precision).timesPowerOfTwo(f.leastSubnormalExponent)
    }
    /// The largest subnormal number of `f`: leastNormal − leastSubnormal.
    package static func largestSubnormal(_ f: IEEEFormat) -> BigFloat {
        leastNormal(f) - leastSubnormal(f)
    }
}

// MARK: - Exponent range

/// MPFR's exponent range, which is per-thread state: captured on one thread and applied on
/// another (a parallel worker), so that work spread over threads rounds as it would on the
/// thread that started it.
package struct MPFRExponentRange: Sendable, Equatable {
    package var minimum: Int
    package var maximum: Int

    /// This thread's range.
    package static var current: MPFRExponentRange {
        MPFRExponentRange(minimum: Int(mpfr_get_emin()), maximum: Int(mpfr_get_emax()))
    }

    /// Runs `body` with this range on the calling thread, restoring the thread's own afterwards.
    package func apply<R>(_ body: () throws -> R) rethrows -> R {
        let saved = MPFRExponentRange.current
        if saved == self { return try body() }
        mpfr_set_emin(mpfr_exp_t(minimum))
        mpfr_set_emax(mpfr_exp_t(maximum))
        defer { mpfr_set_emin(mpfr_exp_t(saved.minimum)); mpfr_set_emax(mpfr_exp_t(saved.maximum)) }
        return try body()
    }
}

extension BigFloat {
    /// Runs `body` with MPFR's exponent range widened to the largest it supports (about
    /// ±4.6·10¹⁸ for the binary exponent), so intermediate results neither underflow nor
    /// overflow in practice; the previous (per-thread) range is restored afterwards. Values made
    /// inside may lie outside the normal range: pass results through
    /// ``fittedToCurrentRange(ternary:rounding:)`` after the scope ends.
    package static func withWidestExponentRange<R>(_ body: () throws -> R) rethrows -> R {
        let savedMin = mpfr_get_emin(), savedMax = mpfr_get_emax()
        mpfr_set_emin(mpfr_get_emin_min())
        mpfr_set_emax(mpfr_get_emax_max())
        defer { mpfr_set_emin(savedMin); mpfr_set_emax(savedMax) }
        return try body()
    }

    /// Sets this thread's exponent range to the widest MPFR supports, for good: for a program
    /// (the command-line tool) that wants every value it computes and prints in that range.
    /// Library code uses ``withWidestExponentRange(_:)`` instead, which restores the range.
    package static func useWidestExponentRange() {
        mpfr_set_emin(mpfr_get_emin_min())
        mpfr_set_emax(mpfr_get_emax_max())
    }

    /// `self` (the correctly rounded value of some real y, with `ternary` = sign(self − y))
    /// brought into the current exponent range as MPFR rounds out-of-range results:
    /// overflow to ±∞ or the largest value, underflow to ±0 or the smallest, per `rounding`.
    package func fittedToCurrentRange(ternary: Ternary, rounding: Rounding) -> BigFloat {
        var r = self
        let p = r.mutablePtr()
        _ = mpfr_check_range(p, ternary.rawValue, rounding.mpfr)
        return r
    }

    /// `self` rounded to `precision`, with the ternary of that rounding.
    package func roundedWithTernary(toPrecision precision: Int, rounding: Rounding) -> (BigFloat, Ternary) {
        var r = BigFloat(nanWithPrecision: precision)
        let t = mpfr_set(r.mutablePtr(), ptr, rounding.mpfr)
        return (r, Ternary(t))
    }
}
