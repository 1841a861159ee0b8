import CMPFR

/// A value the in-place operations of ``UniqueBigFloat`` read: a `BigFloat` or another
/// `UniqueBigFloat`, borrowed for the duration of one operation.
@usableFromInline package protocol BigFloatOperand: ~Copyable {
    /// The MPFR value, valid only while `self` is borrowed. Not for use outside BigFloat: call
    /// ``BigFloat/withUnsafeMPFRPointer(_:)`` instead.
    var _mpfrPointer: UnsafePointer<__mpfr_struct> { get }
}

extension BigFloat: BigFloatOperand {
    @inlinable package var _mpfrPointer: UnsafePointer<__mpfr_struct> { UnsafePointer(storage.pointer) }
}

/// A BigFloat that owns its storage outright: accumulators and scratch values of hot loops.
///
/// It cannot be copied (`~Copyable`), so no other value can share its storage, and its in-place
/// operations write straight into it without asking whether the storage is shared — the compiler
/// guarantees what `BigFloat`'s copy-on-write has to check at run time before every mutation.
/// (Rust's `rug::Float` works the same way: not `Copy`, `x *= &y` in place.) The
/// operations are `BigFloat`'s in-place ones (`formSum(with:)`, `setProduct(_:_:)`,
/// `formFusedMultiplyAdd(_:_:)`, `set(_:of:)`, …), with the same rounding and ternary results;
/// operands are `BigFloat`s or other `UniqueBigFloat`s.
///
/// Getting a `BigFloat` out: ``value`` copies (one allocation); `BigFloat(consume u)` moves the
/// storage, ending `u`; ``withValue(_:)`` lends it to a function that takes a `BigFloat` (an
/// integrand, say) and checks uniqueness once afterwards, in case the function kept a copy.
///
/// Edge cases: an operation whose output is also an operand (`x.formSum(with: x)`) is an
/// exclusivity error at compile time; write `x.formProduct(with: 2)` or `x.formSquare()`.
@frozen
@usableFromInline package struct UniqueBigFloat: ~Copyable, BigFloatOperand {
    @usableFromInline
    var storage: MPFRStorage

    /// A NaN of the given precision.
    @inlinable
    package init(nanWithPrecision precision: Int) {
        BigFloat.checkPrecision(precision)
        storage = MPFRStorage.make(precision: precision)
    }

    /// `value` rounded to `precision` bits.
    @inlinable
    package init(_ value: Int, precision: Int) {
        self.init(nanWithPrecision: precision)
        mpfr_set_si(storage.pointer, value, MPFR_RNDN)
    }

    /// `value` at its own precision: its storage when no other value shares it (nothing is
    /// copied), else a copy.
    @inlinable
    package init(_ value: consuming BigFloat) {
        var storage = (consume value).storage
        if !isKnownUniquelyReferenced(&storage) { storage = storage.copy() }
        self.storage = storage
    }

    @inlinable package var _mpfrPointer: UnsafePointer<__mpfr_struct> { UnsafePointer(storage.pointer) }

    /// The precision in bits.
    @inlinable package var precision: Int { Int(mpfr_get_prec(storage.pointer)) }

    /// A copy as a `BigFloat` (one allocation; `self` keeps its storage).
    @inlinable package var value: BigFloat { BigFloat(storage: storage.copy()) }

    /// The value rounded to `precision` bits, as a new `BigFloat`.
    @inlinable
    package func rounded(toPrecision precision: Int, rounding: Rounding = .nearestEven) -> BigFloat {
        var r = BigFloat(nanWithPrecision: precision)
        mpfr_set(r.mutablePtr(), storage.pointer, rounding.mpfr)
        return r
    }

    /// Runs `body` on the value as a `BigFloat` sharing this storage, then makes the storage
    /// unique again if `body` kept a copy (one `isKnownUniquelyReferenced` per call).
    @inlinable
    package mutating func withValue<R>(_ body: (BigFloat) throws -> R) rethrows -> R {
        defer { if !isKnownUniquelyReferenced(&storage) { storage = storage.copy() } }
        return try body(BigFloat(storage: storage))
    }

    @inlinable package var isNaN: Bool { cmpfr_is_nan(storage.pointer) != 0 }
    @inlinable package var isInfinite: Bool { cmpfr_is_inf(storage.pointer) != 0 }
    @inlinable package var isFinite: Bool { !isNaN && !isInfinite }
    @inlinable package var isZero: Bool { cmpfr_is_zero(storage.pointer) != 0 }
    /// −1, 0 or 1 (0 for ±0 and NaN).
    @inlinable package var signum: Int { isNaN ? 0 : Int(mpfr_sgn(storage.pointer)) }
    /// The MPFR exponent e with x = m·2^e, ½ ≤ |m| < 1; nil for zero, ∞ and NaN.
    @inlinable package var exponent: Int? {
        cmpfr_is_regular(storage.pointer) != 0 ? Int(mpfr_get_exp(storage.pointer)) : nil
    }
}

extension BigFloat {
    /// The value of `unique`, taking over its storage (nothing is copied).
    @inlinable
    package init(_ unique: consuming UniqueBigFloat) {
        self.init(storage: unique.storage)
    }
}

// MARK: - In-place arithmetic (no uniqueness check: the storage is owned)

extension UniqueBigFloat {
    /// self ← x rounded to self's precision.
    @inlinable @discardableResult
    package mutating func set<X: BigFloatOperand & ~Copyable>(_ x: borrowing X, rounding: Rounding = .nearestEven) -> Ternary {
        Ternary(mpfr_set(storage.pointer, x._mpfrPointer, rounding.mpfr))
    }
    /// self ← value rounded to self's precision.
    @inlinable @discardableResult
    package mutating func set(_ value: Int, rounding: Rounding = .nearestEven) -> Ternary {
        Ternary(mpfr_set_si(storage.pointer, value, rounding.mpfr))
    }
    /// self ← value rounded to self's precision.
    @inlinable @discardableResult
    package mutating func set(_ value: Double, rounding: Rounding = .nearestEven) -> Ternary {
        Ternary(mpfr_set_d(storage.pointer, value, rounding.mpfr))
    }

    /// self ← self + b, rounded to self's precision.
    @inlinable @discardableResult
    package mutating func formSum<B: BigFloatOperand & ~Copyable>(with b: borrowing B, rounding: Rounding = .nearestEven) -> Ternary {
        let p = storage.pointer
        return Ternary(mpfr_add(p, p, b._mpfrPointer, rounding.mpfr))
    }
    /// self ← self − b, rounded to self's precision.
    @inlinable @discardableResult
    package mutating func formDifference<B: BigFloatOperand & ~Copyable>(with b: borrowing B, rounding: Rounding = .nearestEven) -> Ternary {
        let p = storage.pointer
        return Ternary(mpfr_sub(p, p, b._mpfrPointer, rounding.mpfr))
    }
    /// self ← self × b, rounded to self's precision.
    @inlinable @discardableResult
    package mutating func formProduct<B: BigFloatOperand & ~Copyable>(with b: borrowing B, rounding: Rounding = .nearestEven) -> Ternary {
        let p = storage.pointer
        return Ternary(mpfr_mul(p, p, b._mpfrPointer, rounding.mpfr))
    }
    /// self ← self ÷ b, rounded to self's precision.
    @inlinable @discardableResult
    package mutating func formQuotient<B: BigFloatOperand & ~Copyable>(with b: borrowing B, rounding: Rounding = .nearestEven) -> Ternary {
        let p = storage.pointer
        return Ternary(mpfr_div(p, p, b._mpfrPointer, rounding.mpfr))
    }
    /// self ← self × k, rounded to self's precision.
    @inlinable @discardableResult
    package mutating func formProduct(with k: Int, rounding: Rounding = .nearestEven) -> Ternary {
        let p = storage.pointer
        return Ternary(mpfr_mul_si(p, p, k, rounding.mpfr))
    }
    /// self ← self ÷ k, rounded to self's precision.
    @inlinable @discardableResult
    package mutating func formQuotient(with k: Int, rounding: Rounding = .nearestEven) -> Ternary {
        let p = storage.pointer
        return Ternary(mpfr_div_si(p, p, k, rounding.mpfr))
    }
    /// self ← self + k, rounded to self's precision.
    @inlinable @discardableResult
    package mutating func formSum(with k: Int, rounding: Rounding = .nearestEven) -> Ternary {
        let p = storage.pointer
        return Ternary(mpfr_add_si(p, p, k, rounding.mpfr))
    }
    /// self ← self − k, rounded to self's precision.
    @inlinable @discardableResult
    package mutating func formDifference(with k: Int, rounding: Rounding = .nearestEven) -> Ternary {
        let p = storage.pointer
        return Ternary(mpfr_sub_si(p, p, k, rounding.mpfr))
    }
    /// self ← 2^k · self, exactly (barring overflow or underflow).
    @inlinable package mutating func formTimesPowerOfTwo(_ k: Int) {
        let p = storage.pointer
        mpfr_mul_2si(p, p, k, MPFR_RNDN)
    }
    /// self ← self², rounded to self's precision.
    @inlinable @discardableResult
    package mutating func formSquare(rounding: Rounding = .nearestEven) -> Ternary {
        let p = storage.pointer
        return Ternary(mpfr_sqr(p, p, rounding.mpfr))
    }
    /// self ← −self (exact).
    @inlinable package mutating func negate() { let p = storage.pointer; mpfr_neg(p, p, MPFR_RNDN) }
    /// self ← |self| (exact).
    @inlinable package mutating func formMagnitude() { let p = storage.pointer; mpfr_abs(p, p, MPFR_RNDN) }

    /// self ← a + b at self's precision.
    @inlinable @discardableResult
    package mutating func setSum<A: BigFloatOperand & ~Copyable, B: BigFloatOperand & ~Copyable>(
        _ a: borrowing A, _ b: borrowing B, rounding: Rounding = .nearestEven
    ) -> Ternary {
        Ternary(mpfr_add(storage.pointer, a._mpfrPointer, b._mpfrPointer, rounding.mpfr))
    }
    /// self ← a − b at self's precision.
    @inlinable @discardableResult
    package mutating func setDifference<A: BigFloatOperand & ~Copyable, B: BigFloatOperand & ~Copyable>(
        _ a: borrowing A, _ b: borrowing B, rounding: Rounding = .nearestEven
    ) -> Ternary {
        Ternary(mpfr_sub(storage.pointer, a._mpfrPointer, b._mpfrPointer, rounding.mpfr))
    }
    /// self ← a × b at self's precision.
    @inlinable @discardableResult
    package mutating func setProduct<A: BigFloatOperand & ~Copyable, B: BigFloatOperand & ~Copyable>(
        _ a: borrowing A, _ b: borrowing B, rounding: Rounding = .nearestEven
    ) -> Ternary {
        Ternary(mpfr_mul(storage.pointer, a._mpfrPointer, b._mpfrPointer, rounding.mpfr))
    }
    /// self ← a ÷ b at self's precision.
    @inlinable @discardableResult
    package mutating func setQuotient<A: BigFloatOperand & ~Copyable, B: BigFloatOperand & ~Copyable>(
        _ a: borrowing A, _ b: borrowing B, rounding: Rounding = .nearestEven
    ) -> Ternary {
        Ternary(mpfr_div(storage.pointer, a._mpfrPointer, b._mpfrPointer, rounding.mpfr))
    }
    /// self ← self + a × b with one rounding (fused multiply-add).
    @inlinable @discardableResult
    package mutating func formFusedMultiplyAdd<A: BigFloatOperand & ~Copyable, B: BigFloatOperand & ~Copyable>(
        _ a: borrowing A, _ b: borrowing B, rounding: Rounding = .nearestEven
    ) -> Ternary {
        let p = storage.pointer
        return Ternary(mpfr_fma(p, a._mpfrPointer, b._mpfrPointer, p, rounding.mpfr))
    }

    /// self ← f(self), in place.
    @inlinable @discardableResult
    package mutating func form(_ f: ElementaryFunction, rounding: Rounding = .nearestEven) -> Ternary {
        let p = storage.pointer
        return Ternary(f.mpfr(p, p, rounding.mpfr))
    }
    /// self ← f(x) at self's precision.
    @inlinable @discardableResult
    package mutating func set<X: BigFloatOperand & ~Copyable>(_ f: ElementaryFunction, of x: borrowing X,
                                                              rounding: Rounding = .nearestEven) -> Ternary {
        Ternary(f.mpfr(storage.pointer, x._mpfrPointer, rounding.mpfr))
    }
    /// self ← e^self, in place.
    @inlinable @discardableResult
    package mutating func formExp(rounding: Rounding = .nearestEven) -> Ternary { form(.exp, rounding: rounding) }
}

// MARK: - Comparison (IEEE: NaN is unordered, −0 == +0)

extension UniqueBigFloat {
    @inlinable package static func == <B: BigFloatOperand & ~Copyable>(a: borrowing UniqueBigFloat, b: borrowing B) -> Bool {
        mpfr_equal_p(a.storage.pointer, b._mpfrPointer) != 0
    }
    @inlinable package static func < <B: BigFloatOperand & ~Copyable>(a: borrowing UniqueBigFloat, b: borrowing B) -> Bool {
        mpfr_less_p(a.storage.pointer, b._mpfrPointer) != 0
    }
    @inlinable package static func <= <B: BigFloatOperand & ~Copyable>(a: borrowing UniqueBigFloat, b: borrowing B) -> Bool {
        mpfr_lessequal_p(a.storage.pointer, b._mpfrPointer) != 0
    }
    @inlinable package static func > <B: BigFloatOperand & ~Copyable>(a: borrowing UniqueBigFloat, b: borrowing B) -> Bool {
        mpfr_greater_p(a.storage.pointer, b._mpfrPointer) != 0
    }
    @inlinable package static func >= <B: BigFloatOperand & ~Copyable>(a: borrowing UniqueBigFloat, b: borrowing B) -> Bool {
        mpfr_greaterequal_p(a.storage.pointer, b._mpfrPointer) != 0
    }
}
