import CMPFR

/// An exact rational number n/d (GMP's `mpq_t`, always in lowest terms with d > 0), immutable.
///
/// It is how KinkCheck keeps a typed decimal (`0.7` is 7/10) or a quotient of constants (20/3)
/// exact: a value that no binary precision holds exactly can still be compared exactly with
/// another, and rounded correctly (``BigFloat/init(_:precision:rounding:)``) at any precision.
///
/// Size: every value is limited to ``maximumBits`` bits of numerator plus denominator; an
/// operation whose result would be larger returns nil (callers then fall back to enclosures),
/// so repeated squaring or a decimal like 1e−400000000 never costs unbounded memory.
///
/// Edge cases: division by zero returns nil; there is no NaN or infinity.
package final class Rational: @unchecked Sendable, Equatable, CustomStringConvertible {
    // Sendable: never mutated after init.
    let storage: UnsafeMutablePointer<__mpq_struct>

    /// The largest size accepted, in bits of numerator plus denominator.
    package static let maximumBits = 1 << 16

    private init() {
        storage = .allocate(capacity: 1)
        cmpq_init(storage)
    }

    deinit {
        cmpq_clear(storage)
        storage.deallocate()
    }

    /// The integer n.
    package convenience init(_ n: Int) {
        self.init()
        _ = String(n).withCString { cmpq_set_str(storage, $0) }
    }

    /// The exact value of a finite `x`; nil for NaN, ±∞, or a value larger than ``maximumBits``
    /// (2^(10^6) has a million-bit numerator).
    package convenience init?(exactly x: BigFloat) {
        guard x.isFinite else { return nil }
        if !x.isZero {
            let e = x.exponent!, p = x.significantBits
            guard Swift.abs(e) + p <= Rational.maximumBits else { return nil }
        }
        self.init()
        mpfr_get_q(storage, x.ptr)
    }

    /// A decimal number: `digits` (ASCII digits, at least one) × 10^`exponent`, negated when
    /// asked; nil beyond ``maximumBits``.
    package convenience init?(decimalDigits digits: String, exponent: Int, negative: Bool) {
        // 3.33 bits per decimal digit bounds both parts.
        let size = Double(digits.count + Swift.abs(exponent)) * 3.33
        guard size <= Double(Rational.maximumBits), !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        let power = String(repeating: "0", count: Swift.abs(exponent))
        let text = (negative ? "-" : "") + (exponent >= 0 ? digits + power : digits + "/1" + power)
        self.init()
        guard text.withCString({ cmpq_set_str(storage, $0) }) == 0 else { return nil }
    }

    private static func make(_ body: (UnsafeMutablePointer<__mpq_struct>) -> Void) -> Rational? {
        let r = Rational()
        body(r.storage)
        return cmpq_bits(r.storage) <= maximumBits ? r : nil
    }

    package static func + (a: Rational, b: Rational) -> Rational? { make { cmpq_add($0, a.storage, b.storage) } }
    package static func - (a: Rational, b: Rational) -> Rational? { make { cmpq_sub($0, a.storage, b.storage) } }
    package static func * (a: Rational, b: Rational) -> Rational? { make { cmpq_mul($0, a.storage, b.storage) } }
    /// a/b, nil when b = 0.
    package static func / (a: Rational, b: Rational) -> Rational? {
        b.signum == 0 ? nil : make { cmpq_div($0, a.storage, b.storage) }
    }
    package static prefix func - (a: Rational) -> Rational { make { cmpq_neg($0, a.storage) }! }
    package var magnitude: Rational { Rational.make { cmpq_abs($0, storage) }! }

    /// −1, 0 or 1.
    package var signum: Int { Int(cmpq_sgn(storage)) }
    package var isZero: Bool { signum == 0 }
    /// True when the denominator is a power of two: some binary precision holds the value exactly.
    package var isDyadic: Bool { cmpq_is_dyadic(storage) != 0 }
    /// Bits of numerator plus denominator.
    package var bits: Int { Int(cmpq_bits(storage)) }

    /// −1, 0 or 1 as a < b, a = b, a > b.
    package static func compare(_ a: Rational, _ b: Rational) -> Int {
        let c = cmpq_cmp(a.storage, b.storage)
        return c < 0 ? -1 : c > 0 ? 1 : 0
    }
    package static func == (a: Rational, b: Rational) -> Bool { cmpq_equal(a.storage, b.storage) != 0 }

    /// "n/d", or "n" for an integer.
    package var description: String {
        guard let s = cmpq_get_str(storage) else { return "?" }
        defer { cmpq_free_str(s) }
        return String(cString: s)
    }
}

extension BigFloat {
    /// `q` correctly rounded to `precision` bits (in the current exponent range).
    package init(_ q: Rational, precision: Int, rounding: Rounding = .nearestEven) {
        self.init(nanWithPrecision: precision)
        mpfr_set_q(ptr, q.storage, rounding.mpfr)
    }

    /// `q` rounded to `precision` bits, with the ternary of that rounding.
    package static func rounding(_ q: Rational, precision: Int, rounding: Rounding = .nearestEven) -> (BigFloat, Ternary) {
        var r = BigFloat(nanWithPrecision: precision)
        let t = mpfr_set_q(r.mutablePtr(), q.storage, rounding.mpfr)
        return (r, Ternary(t))
    }

    /// −1, 0 or 1 as self < q, self = q, self > q (exact); 0 for NaN.
    package func compare(to q: Rational) -> Int {
        if isNaN { return 0 }
        let c = mpfr_cmp_q(ptr, q.storage)
        return c < 0 ? -1 : c > 0 ? 1 : 0
    }
}
