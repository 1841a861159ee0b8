import CMPFR

// MARK: - Classification and special values

extension BigFloat {
    @inlinable package var isNaN: Bool { cmpfr_is_nan(ptr) != 0 }
    @inlinable package var isInfinite: Bool { cmpfr_is_inf(ptr) != 0 }
    @inlinable package var isFinite: Bool { !isNaN && !isInfinite }
    @inlinable package var isZero: Bool { cmpfr_is_zero(ptr) != 0 }
    /// True for the sign bit set, including −0 and −∞ (and a NaN with its sign set).
    @inlinable package var signBit: Bool { cmpfr_signbit(ptr) != 0 }
    /// −1, 0 or 1 (0 for ±0 and NaN).
    @inlinable package var signum: Int { isNaN ? 0 : Int(mpfr_sgn(ptr)) }
    /// The MPFR exponent e with x = m·2^e, ½ ≤ |m| < 1; nil for zero, ∞ and NaN.
    @inlinable package var exponent: Int? {
        cmpfr_is_regular(ptr) != 0 ? Int(mpfr_get_exp(ptr)) : nil
    }
    /// True when the value is an integer (false for ∞ and NaN).
    @inlinable package var isInteger: Bool { mpfr_integer_p(ptr) != 0 }

    /// The next representable value above, at this precision (NaN stays NaN; +∞ stays +∞).
    package var nextUp: BigFloat { var r = self; mpfr_nextabove(r.mutablePtr()); return r }
    /// The next representable value below, at this precision.
    package var nextDown: BigFloat { var r = self; mpfr_nextbelow(r.mutablePtr()); return r }
    @inlinable package mutating func formNextUp() { mpfr_nextabove(mutablePtr()) }
    @inlinable package mutating func formNextDown() { mpfr_nextbelow(mutablePtr()) }

    /// The unit in the last place at this precision: 2^(e − p) for x = m·2^e; for ±0 the
    /// smallest positive value MPFR can hold; NaN for NaN and ±∞ (as `Double.ulp`).
    package var ulp: BigFloat {
        let p = precision
        if isNaN || isInfinite { return .nan(precision: p) }
        let r = BigFloat(1, precision: p)
        if isZero {
            mpfr_set_zero(r.ptr, 1)
            mpfr_nextabove(r.ptr)
            return r
        }
        mpfr_mul_2si(r.ptr, r.ptr, Int(mpfr_get_exp(ptr)) - p, MPFR_RNDN)
        return r
    }

    /// 2^k · self, exactly (barring overflow or underflow).
    @inlinable
    package func timesPowerOfTwo(_ k: Int) -> BigFloat {
        var r = BigFloat(nanWithPrecision: precision)
        mpfr_mul_2si(r.mutablePtr(), ptr, k, MPFR_RNDN)
        return r
    }
}

// MARK: - Arithmetic

extension BigFloat {
    @inlinable
    static func binary(
        _ a: BigFloat, _ b: BigFloat,
        _ op: (UnsafeMutablePointer<__mpfr_struct>, UnsafePointer<__mpfr_struct>, UnsafePointer<__mpfr_struct>, mpfr_rnd_t) -> Int32
    ) -> BigFloat {
        var r = BigFloat(nanWithPrecision: Swift.max(a.precision, b.precision))
        _ = op(r.mutablePtr(), a.ptr, b.ptr, MPFR_RNDN)
        return r
    }

    @inlinable package static func + (a: BigFloat, b: BigFloat) -> BigFloat { binary(a, b, mpfr_add) }
    @inlinable package static func - (a: BigFloat, b: BigFloat) -> BigFloat { binary(a, b, mpfr_sub) }
    @inlinable package static func * (a: BigFloat, b: BigFloat) -> BigFloat { binary(a, b, mpfr_mul) }
    @inlinable package static func / (a: BigFloat, b: BigFloat) -> BigFloat { binary(a, b, mpfr_div) }

    @inlinable package static prefix func - (a: BigFloat) -> BigFloat {
        var r = BigFloat(nanWithPrecision: a.precision)
        mpfr_neg(r.mutablePtr(), a.ptr, MPFR_RNDN)
        return r
    }
    @inlinable package static prefix func + (a: BigFloat) -> BigFloat { a }

    // Compound assignment: in place, allocation-free when the storage is not shared.
    @inlinable package static func += (a: inout BigFloat, b: BigFloat) { a.formSum(with: b) }
    @inlinable package static func -= (a: inout BigFloat, b: BigFloat) { a.formDifference(with: b) }
    @inlinable package static func *= (a: inout BigFloat, b: BigFloat) { a.formProduct(with: b) }
    @inlinable package static func /= (a: inout BigFloat, b: BigFloat) { a.formQuotient(with: b) }

    /// self ← self + b, rounded to self's precision.
    @inlinable @discardableResult
    package mutating func formSum(with b: BigFloat, rounding: Rounding = .nearestEven) -> Ternary {
        Ternary(mpfr_add(mutablePtr(), ptr, b.ptr, rounding.mpfr))
    }
    /// self ← self − b, rounded to self's precision.
    @inlinable @discardableResult
    package mutating func formDifference(with b: BigFloat, rounding: Rounding = .nearestEven) -> Ternary {
        Ternary(mpfr_sub(mutablePtr(), ptr, b.ptr, rounding.mpfr))
    }
    /// self ← self × b, rounded to self's precision.
    @inlinable @discardableResult
    package mutating func formProduct(with b: BigFloat, rounding: Rounding = .nearestEven) -> Ternary {
        Ternary(mpfr_mul(mutablePtr(), ptr, b.ptr, rounding.mpfr))
    }
    /// self ← self ÷ b, rounded to self's precision.
    @inlinable @discardableResult
    package mutating func formQuotient(with b: BigFloat, rounding: Rounding = .nearestEven) -> Ternary {
        Ternary(mpfr_div(mutablePtr(), ptr, b.ptr, rounding.mpfr))
    }
    /// self ← self², rounded to self's precision (the aliasing-free way to write `x *= x`).
    @inlinable @discardableResult
    package mutating func formSquare(rounding: Rounding = .nearestEven) -> Ternary {
        let p = mutablePtr()
        return Ternary(mpfr_sqr(p, p, rounding.mpfr))
    }
    /// self ← −self (exact).
    @inlinable package mutating func negate() { let p = mutablePtr(); mpfr_neg(p, p, MPFR_RNDN) }
    /// self ← |self| (exact).
    @inlinable package mutating func formMagnitude() { let p = mutablePtr(); mpfr_abs(p, p, MPFR_RNDN) }

    /// self ← a + b at self's precision (self may be a or b).
    @inlinable @discardableResult
    package mutating func setSum(_ a: BigFloat, _ b: BigFloat, rounding: Rounding = .nearestEven) -> Ternary {
        Ternary(mpfr_add(mutablePtr(), a.ptr, b.ptr, rounding.mpfr))
    }
    /// self ← a − b at self's precision.
    @inlinable @discardableResult
    package mutating func setDifference(_ a: BigFloat, _ b: BigFloat, rounding: Rounding = .nearestEven) -> Ternary {
        Ternary(mpfr_sub(mutablePtr(), a.ptr, b.ptr, rounding.mpfr))
    }
    /// self ← a × b at self's precision.
    @inlinable @discardableResult
    package mutating func setProduct(_ a: BigFloat, _ b: BigFloat, rounding: Rounding = .nearestEven) -> Ternary {
        Ternary(mpfr_mul(mutablePtr(), a.ptr, b.ptr, rounding.mpfr))
    }
    /// self ← a ÷ b at self's precision.
    @inlinable @discardableResult
    package mutating func setQuotient(_ a: BigFloat, _ b: BigFloat, rounding: Rounding = .nearestEven) -> Ternary {
        Ternary(mpfr_div(mutablePtr(), a.ptr, b.ptr, rounding.mpfr))
    }

    /// a × b + c with one rounding, at the largest precision of the three.
    package static func fma(_ a: BigFloat, _ b: BigFloat, _ c: BigFloat, rounding: Rounding = .nearestEven) -> BigFloat {
        var r = BigFloat(nanWithPrecision: Swift.max(a.precision, b.precision, c.precision))
        mpfr_fma(r.mutablePtr(), a.ptr, b.ptr, c.ptr, rounding.mpfr)
        return r
    }
    /// self ← self + a × b with one rounding (fused multiply-add).
    @inlinable @discardableResult
    package mutating func formFusedMultiplyAdd(_ a: BigFloat, _ b: BigFloat, rounding: Rounding = .nearestEven) -> Ternary {
        let p = mutablePtr()
        return Ternary(mpfr_fma(p, a.ptr, b.ptr, p, rounding.mpfr))
    }

    /// |self| > |other|, compared without making either magnitude (false when either is NaN).
    @inlinable package func isMagnitude(greaterThan other: BigFloat) -> Bool {
        !isNaN && !other.isNaN && mpfr_cmpabs(ptr, other.ptr) > 0
    }

    /// |x|, exact.
    @inlinable package static func abs(_ x: BigFloat) -> BigFloat {
        var r = BigFloat(nanWithPrecision: x.precision)
        mpfr_abs(r.mutablePtr(), x.ptr, MPFR_RNDN)
        return r
    }
    /// The smaller of a and b; a NaN operand yields the other (IEEE minNum), and −0 < +0.
    package static func minimum(_ a: BigFloat, _ b: BigFloat) -> BigFloat { binary(a, b, mpfr_min) }
    /// The larger of a and b; a NaN operand yields the other (IEEE maxNum), and +0 > −0.
    package static func maximum(_ a: BigFloat, _ b: BigFloat) -> BigFloat { binary(a, b, mpfr_max) }
}

// MARK: - Mixed arithmetic with Int and Double (the machine number is used exactly)

extension BigFloat {
    @inlinable package static func + (a: BigFloat, b: Int) -> BigFloat { var r = BigFloat(nanWithPrecision: a.precision); mpfr_add_si(r.mutablePtr(), a.ptr, b, MPFR_RNDN); return r }
    @inlinable package static func - (a: BigFloat, b: Int) -> BigFloat { var r = BigFloat(nanWithPrecision: a.precision); mpfr_sub_si(r.mutablePtr(), a.ptr, b, MPFR_RNDN); return r }
    @inlinable package static func * (a: BigFloat, b: Int) -> BigFloat { var r = BigFloat(nanWithPrecision: a.precision); mpfr_mul_si(r.mutablePtr(), a.ptr, b, MPFR_RNDN); return r }
    @inlinable package static func / (a: BigFloat, b: Int) -> BigFloat { var r = BigFloat(nanWithPrecision: a.precision); mpfr_div_si(r.mutablePtr(), a.ptr, b, MPFR_RNDN); return r }
    @inlinable package static func + (a: Int, b: BigFloat) -> BigFloat { b + a }
    @inlinable package static func - (a: Int, b: BigFloat) -> BigFloat { var r = BigFloat(nanWithPrecision: b.precision); mpfr_si_sub(r.mutablePtr(), a, b.ptr, MPFR_RNDN); return r }
    @inlinable package static func * (a: Int, b: BigFloat) -> BigFloat { b * a }
    @inlinable package static func / (a: Int, b: BigFloat) -> BigFloat { var r = BigFloat(nanWithPrecision: b.precision); mpfr_si_div(r.mutablePtr(), a, b.ptr, MPFR_RNDN); return r }

    @inlinable package static func + (a: BigFloat, b: Double) -> BigFloat { var r = BigFloat(nanWithPrecision: a.precision); mpfr_add_d(r.mutablePtr(), a.ptr, b, MPFR_RNDN); return r }
    @inlinable package static func - (a: BigFloat, b: Double) -> BigFloat { var r = BigFloat(nanWithPrecision: a.precision); mpfr_sub_d(r.mutablePtr(), a.ptr, b, MPFR_RNDN); return r }
    @inlinable package static func * (a: BigFloat, b: Double) -> BigFloat { var r = BigFloat(nanWithPrecision: a.precision); mpfr_mul_d(r.mutablePtr(), a.ptr, b, MPFR_RNDN); return r }
    @inlinable package static func / (a: BigFloat, b: Double) -> BigFloat { var r = BigFloat(nanWithPrecision: a.precision); mpfr_div_d(r.mutablePtr(), a.ptr, b, MPFR_RNDN); return r }
    @inlinable package static func + (a: Double, b: BigFloat) -> BigFloat { b + a }
    @inlinable package static func - (a: Double, b: BigFloat) -> BigFloat { var r = BigFloat(nanWithPrecision: b.precision); mpfr_d_sub(r.mutablePtr(), a, b.ptr, MPFR_RNDN); return r }
    @inlinable package static func * (a: Double, b: BigFloat) -> BigFloat { b * a }
    @inlinable package static func / (a: Double, b: BigFloat) -> BigFloat { var r = BigFloat(nanWithPrecision: b.precision); mpfr_d_div(r.mutablePtr(), a, b.ptr, MPFR_RNDN); return r }

    @inlinable package static func += (a: inout BigFloat, b: Int) { let p = a.mutablePtr(); mpfr_add_si(p, p, b, MPFR_RNDN) }
    @inlinable package static func -= (a: inout BigFloat, b: Int) { let p = a.mutablePtr(); mpfr_sub_si(p, p, b, MPFR_RNDN) }
    @inlinable package static func *= (a: inout BigFloat, b: Int) { let p = a.mutablePtr(); mpfr_mul_si(p, p, b, MPFR_RNDN) }
    @inlinable package static func /= (a: inout BigFloat, b: Int) { let p = a.mutablePtr(); mpfr_div_si(p, p, b, MPFR_RNDN) }
    @inlinable package static func += (a: inout BigFloat, b: Double) { let p = a.mutablePtr(); mpfr_add_d(p, p, b, MPFR_RNDN) }
    @inlinable package static func -= (a: inout BigFloat, b: Double) { let p = a.mutablePtr(); mpfr_sub_d(p, p, b, MPFR_RNDN) }
    @inlinable package static func *= (a: inout BigFloat, b: Double) { let p = a.mutablePtr(); mpfr_mul_d(p, p, b, MPFR_RNDN) }
    @inlinable package static func /= (a: inout BigFloat, b: Double) { let p = a.mutablePtr(); mpfr_div_d(p, p, b, MPFR_RNDN) }
}

// MARK: - Comparison (IEEE: NaN is unordered, −0 == +0)

extension BigFloat: Equatable, Comparable {
    @inlinable package static func == (a: BigFloat, b: BigFloat) -> Bool { mpfr_equal_p(a.ptr, b.ptr) != 0 }
    @inlinable package static func != (a: BigFloat, b: BigFloat) -> Bool { !(a == b) }
    @inlinable package static func < (a: BigFloat, b: BigFloat) -> Bool { mpfr_less_p(a.ptr, b.ptr) != 0 }
    @inlinable package static func <= (a: BigFloat, b: BigFloat) -> Bool { mpfr_lessequal_p(a.ptr, b.ptr) != 0 }
    @inlinable package static func > (a: BigFloat, b: BigFloat) -> Bool { mpfr_greater_p(a.ptr, b.ptr) != 0 }
    @inlinable package static func >= (a: BigFloat, b: BigFloat) -> Bool { mpfr_greaterequal_p(a.ptr, b.ptr) != 0 }

    /// True when the two values are the same MPFR datum: equal numbers with equal sign of zero,
    /// or both NaN. Precision is not compared.
    package func isIdentical(to other: BigFloat) -> Bool {
        if isNaN || other.isNaN { return isNaN && other.isNaN }
        return self == other && signBit == other.signBit
    }

    /// Compares with a Double without rounding either (NaN unordered: returns nil).
    package func compare(_ d: Double) -> Int? {
        if isNaN || d.isNaN { return nil }
        return Int(mpfr_cmp_d(ptr, d)).signum()
    }
}
