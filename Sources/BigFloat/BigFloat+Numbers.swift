import CMPFR

// MARK: - Construction from machine numbers

extension BigFloat {
    /// `value` rounded to `precision` bits.
    @inlinable
    package init(_ value: Int, precision: Int, rounding: Rounding = .nearestEven) {
        self.init(nanWithPrecision: precision)
        mpfr_set_si(ptr, value, rounding.mpfr)
    }

    /// `value` rounded to `precision` bits.
    @inlinable
    package init(_ value: UInt64, precision: Int, rounding: Rounding = .nearestEven) {
        self.init(nanWithPrecision: precision)
        mpfr_set_ui(ptr, UInt(value), rounding.mpfr)
    }

    /// `value` rounded to `precision` bits (±0, ±∞ and NaN carried over).
    @inlinable
    package init(_ value: Double, precision: Int, rounding: Rounding = .nearestEven) {
        self.init(nanWithPrecision: precision)
        mpfr_set_d(ptr, value, rounding.mpfr)
    }

    /// `value` rounded to `precision` bits (±0, ±∞ and NaN carried over).
    @inlinable
    package init(_ value: Float, precision: Int, rounding: Rounding = .nearestEven) {
        self.init(nanWithPrecision: precision)
        mpfr_set_flt(ptr, value, rounding.mpfr)
    }

    /// `value` rounded to `precision` bits.
    @inlinable
    package init(_ value: BigFloat, precision: Int, rounding: Rounding = .nearestEven) {
        self.init(nanWithPrecision: precision)
        mpfr_set(ptr, value.ptr, rounding.mpfr)
    }

    /// Exactly `value`, at 64 bits.
    @inlinable package init(exactly value: Int) { self.init(value, precision: 64) }
    /// Exactly `value`, at 64 bits.
    @inlinable package init(exactly value: Int64) { self.init(Int(value), precision: 64) }
    /// Exactly `value`, at 64 bits.
    @inlinable package init(exactly value: UInt64) { self.init(value, precision: 64) }
    /// Exactly `value`, at 53 bits.
    @inlinable package init(exactly value: Double) { self.init(value, precision: 53) }
    /// Exactly `value`, at 24 bits.
    @inlinable package init(exactly value: Float) { self.init(value, precision: 24) }

    /// ±0 at `precision`.
    @inlinable
    package static func zero(precision: Int, negative: Bool = false) -> BigFloat {
        var r = BigFloat(nanWithPrecision: precision)
        mpfr_set_zero(r.mutablePtr(), negative ? -1 : 1)
        return r
    }

    /// ±∞ at `precision`.
    @inlinable
    package static func infinity(precision: Int, negative: Bool = false) -> BigFloat {
        var r = BigFloat(nanWithPrecision: precision)
        mpfr_set_inf(r.mutablePtr(), negative ? -1 : 1)
        return r
    }

    /// NaN at `precision`.
    @inlinable
    package static func nan(precision: Int) -> BigFloat { BigFloat(nanWithPrecision: precision) }

    /// Overwrites the value with `other` rounded to this value's precision.
    @inlinable @discardableResult
    package mutating func set(_ other: BigFloat, rounding: Rounding = .nearestEven) -> Ternary {
        Ternary(mpfr_set(mutablePtr(), other.ptr, rounding.mpfr))
    }

    /// Overwrites the value with `value` rounded to this value's precision.
    @inlinable @discardableResult
    package mutating func set(_ value: Double, rounding: Rounding = .nearestEven) -> Ternary {
        Ternary(mpfr_set_d(mutablePtr(), value, rounding.mpfr))
    }

    /// Overwrites the value with `value` rounded to this value's precision.
    @inlinable @discardableResult
    package mutating func set(_ value: Int, rounding: Rounding = .nearestEven) -> Ternary {
        Ternary(mpfr_set_si(mutablePtr(), value, rounding.mpfr))
    }

    /// This value rounded to `precision` bits.
    @inlinable
    package func rounded(toPrecision precision: Int, rounding: Rounding = .nearestEven) -> BigFloat {
        BigFloat(self, precision: precision, rounding: rounding)
    }

    /// The fewest bits that hold this value exactly (MPFR's `mpfr_min_prec`; at least
    /// ``minimumPrecision``, which is also the answer for zeros, infinities and NaN).
    @inlinable package var significantBits: Int { Swift.max(Int(mpfr_min_prec(ptr)), BigFloat.minimumPrecision) }

    /// This value exactly, at the fewest bits that hold it (``significantBits``): a wide exact
    /// result (a midpoint of two binary64 numbers is kept at 2200 bits) need not make everything
    /// computed from it run at its width.
    @inlinable package var trimmed: BigFloat { BigFloat(self, precision: significantBits) }
}

// MARK: - Literals (exact: integers at 64 bits, floats at 53)

extension BigFloat: ExpressibleByIntegerLiteral {
    /// The literal exactly, at 64 bits. Swift types a literal next to a BigFloat as a BigFloat, so
    /// `x * (4 + 1)` adds two literals as BigFloats: at 64 bits that sum is exact for any Int.
    /// (`x + 1` with x above 64 bits keeps x's precision; below, the result has 64 bits.)
    @usableFromInline package init(integerLiteral value: Int) {
        self.init(value, precision: 64)
    }
}

extension BigFloat: ExpressibleByFloatLiteral {
    /// The literal's `Double` value exactly, at 53 bits. Beware: `0.1` is the double nearest 1/10;
    /// parse decimal strings for exact decimals.
    @usableFromInline package init(floatLiteral value: Double) {
        self.init(value, precision: 53)
    }
}

// MARK: - Conversion to machine numbers

extension Double {
    /// `x` correctly rounded to binary64 (subnormals and overflow as hardware does).
    @usableFromInline package init(_ x: BigFloat, rounding: Rounding = .nearestEven) {
        self = mpfr_get_d(x.ptr, rounding.mpfr)
    }
}

extension Float {
    /// `x` correctly rounded to binary32 (subnormals and overflow as hardware does).
    @usableFromInline package init(_ x: BigFloat, rounding: Rounding = .nearestEven) {
        self = mpfr_get_flt(x.ptr, rounding.mpfr)
    }
}

extension Int {
    /// `x` rounded to an integer; nil for NaN, ±∞, or out of range.
    package init?(_ x: BigFloat, rounding: Rounding = .towardZero) {
        guard x.isFinite, mpfr_fits_slong_p(x.ptr, rounding.mpfr) != 0 else { return nil }
        self = mpfr_get_si(x.ptr, rounding.mpfr)
    }
}
