import BigFloat
import KinkCheckSupport

/// A point exactly as written: a typed decimal (`0.7` is 7/10, not the nearest binary number), a
/// binary number, a rational (a kink at threshold/β = 20/3), or a decimal too large for a
/// ``Rational`` (1e−400000000), known by its enclosures.
///
/// Analyses take their point as an `ExactPoint`, so that their bounds are about the number the
/// user typed: at 0.7 a kink declared at 0.7 is the point itself, whatever the precision. Where a
/// computation needs a binary number (a finite-difference sweep at p bits), it asks for one
/// with ``rounded(toPrecision:rounding:)`` and says so.
///
/// Edge cases: ±0, ±∞ and NaN are binary points (−0 keeps its sign); a decimal with a huge
/// exponent is enclosed in MPFR's widest exponent range, never overflowed to ∞.
package struct ExactPoint: Sendable, CustomStringConvertible {
    package enum Value: Sendable {
        /// Exactly this binary number.
        case binary(BigFloat)
        /// Exactly this rational, which no binary precision holds.
        case rational(Rational)
        /// A decimal whose rational is too large to keep: enclosures only.
        case decimal(DecimalConstant)
    }

    package let value: Value
    /// The text typed or given, when there is one (a binary point made from a number has none:
    /// its text is made when asked for, never on the hot path of an evaluation).
    package let given: String?
    /// How the point is shown: the text typed, or a short exact form.
    package var text: String {
        if let given { return given }
        if case .binary(let x) = value { return x.description }
        return "?"
    }

    /// Exactly `x`.
    package init(_ x: BigFloat) {
        value = .binary(x)
        given = nil
    }

    /// Exactly `q`, shown as `text` (default: "n/d").
    package init(_ q: Rational, text: String? = nil) {
        if q.isDyadic {
            value = .binary(BigFloat(q, precision: Swift.max(q.bits + 2, BigFloat.minimumPrecision)))
        } else {
            value = .rational(q)
        }
        given = text ?? q.description
    }

    /// The constant's exact value, shown as written.
    package init(_ c: DecimalConstant) {
        given = c.text
        if let q = c.rational, !q.isZero {
            value = q.isDyadic ? .binary(BigFloat(q, precision: Swift.max(q.bits + 2, BigFloat.minimumPrecision))) : .rational(q)
        } else if let special = BigFloat(c.text, precision: 2), !special.isFinite || special.isZero {
            value = .binary(special)   // ±0 (with its sign), ±∞, NaN
        } else {
            value = .decimal(c)
        }
    }

    /// A typed number: decimal or hex-float, `inf`, `nan` (see ``BigFloat/init(parsing:precision:rounding:)``).
    package init(parsing text: String) throws {
        self.init(try DecimalConstant(text))
        // Keep a leading '+' or the spelling as typed.
        if text != self.text { self = ExactPoint(value: value, text: text) }
    }

    /// A declared kink's location: its constant, or the exact quotient of two (softplus's
    /// threshold/β), rational when both are.
    package init(_ location: KinkLocation) {
        switch location {
        case .at(let c):
            self.init(c)
        case .quotient(let a, let b):
            if let p = a.rational, let q = b.rational, let r = p / q {
                // A binary quotient (20/1, 3/4) is shown as its number; another as "a/b".
                self.init(r, text: r.isDyadic ? BigFloat(r, precision: Swift.max(r.bits + 2, 2)).description : location.description)
            } else {
                self.init(ExactPoint.decimalQuotient(a, b), text: location.description)
            }
        }
    }

    package init(value: Value, text: String) {
        self.value = value
        self.given = text
    }

    /// A quotient too large to keep exactly, held as a wide binary number (correctly rounded at
    /// 4096 bits): not exact, so reported through its enclosure only.
    private static func decimalQuotient(_ a: DecimalConstant, _ b: DecimalConstant) -> Rational {
        // Only reached for constants beyond Rational.maximumBits, which the catalogue's parameter
        // range excludes; the nearest 4096-bit number stands in.
        let q = BigFloat.withWidestExponentRange { a.bigFloat(precision: 4096) / b.bigFloat(precision: 4096) }
        return Rational(exactly: q) ?? Rational(0)
    }

    package var description: String { text }

    /// The binary number this point is, when it is one.
    package var binary: BigFloat? {
        if case .binary(let x) = value { return x }
        return nil
    }

    /// The exact rational value, when known (binary points and rationals; not huge decimals).
    package var rational: Rational? {
        switch value {
        case .binary(let x): return Rational(exactly: x)
        case .rational(let q): return q
        case .decimal: return nil
        }
    }

    /// True when the point is a binary number (no rounding ever needed to hold it).
    package var isBinary: Bool { binary != nil }

    /// The point correctly rounded to `precision` bits (in MPFR's widest exponent range, then
    /// brought into the current one).
    package func rounded(toPrecision precision: Int, rounding: Rounding = .nearestEven) -> BigFloat {
        switch value {
        case .binary(let x): return x.rounded(toPrecision: precision, rounding: rounding)
        case .rational(let q): return BigFloat(q, precision: precision, rounding: rounding)
        case .decimal(let c):
            let (v, t) = BigFloat.withWidestExponentRange { () -> (BigFloat, Ternary) in
                var t = Ternary(0)
                let v = (try? BigFloat(parsing: c.text, precision: precision, rounding: rounding, ternary: &t)) ?? .nan(precision: precision)
                return (v, t)
            }
            return v.fittedToCurrentRange(ternary: t, rounding: rounding)
        }
    }

    /// The point correctly rounded to an IEEE format (subnormals and overflow as hardware
    /// rounds): exactly once — a non-binary point is first rounded to odd at 256 bits, which
    /// makes the second rounding correct.
    package func rounded(to format: IEEEFormat) -> BigFloat {
        if let x = binary { return x.rounded(to: format).value }
        let odd = BigFloat.withWidestExponentRange { () -> BigFloat in
            let down = rounded(toPrecision: 256, rounding: .towardZero)
            let away = rounded(toPrecision: 256, rounding: .awayFromZero)
            guard down.isFinite, !down.isZero, !(down == away) else { return down }
            // Inexact: of the two neighbours, the one whose last bit is 1.
            let m = down / down.ulp   // an integer, exactly
            return BigFloat.rint(m.timesPowerOfTwo(-1)).timesPowerOfTwo(1) == m ? away : down
        }
        return odd.rounded(to: format).value
    }

    /// The tightest enclosure at `precision` bits, carrying the exact value when it is a rational
    /// that no binary number at that precision holds. A binary point is held at its own
    /// precision when that is larger (it is never rounded).
    package func enclosure(precision: Int) -> MPFRInterval {
        switch value {
        case .binary(let x): return MPFRInterval(x.precision >= precision ? x : BigFloat(x, precision: precision))
        case .rational(let q): return BigFloat.withWidestExponentRange { MPFRInterval(exactly: q, precision: precision) }
        case .decimal(let c):
            return BigFloat.withWidestExponentRange {
                MPFRInterval(lower: c.bigFloat(precision: precision, rounding: .down), upper: c.bigFloat(precision: precision, rounding: .up))
            }
        }
    }

    /// The bits a binary point needs (its own precision); for other points, 0.
    package var bits: Int { binary?.precision ?? 0 }

    package var isFinite: Bool { binary.map(\.isFinite) ?? true }
    package var isNaN: Bool { binary?.isNaN ?? false }
    /// −1, 0 or 1 (0 for ±0 and NaN).
    package var signum: Int {
        switch value {
        case .binary(let x): return x.signum
        case .rational(let q): return q.signum
        case .decimal(let c): return c.bigFloat(precision: 2).signum
        }
    }
    package var isZero: Bool { binary?.isZero ?? false }

    /// The MPFR exponent of the point (x = m·2^e, ½ ≤ |m| < 1); nil for 0 and the specials.
    package var exponent: Int? {
        switch value {
        case .binary(let x): return x.exponent
        default: return BigFloat.withWidestExponentRange { rounded(toPrecision: 64, rounding: .towardZero).exponent }
        }
    }

    /// True when both are the same number (decided exactly; two huge decimals by their text).
    package func isSame(as other: ExactPoint) -> Bool {
        if let a = rational, let b = other.rational { return a == b }
        if case .decimal(let a) = value, case .decimal(let b) = other.value { return a.text == b.text }
        return false
    }

    /// −1, 0, 1 as this point is below, at or above `x`, when that is decided (exactly for
    /// binary and rational points; by a 4096-bit enclosure for huge decimals — nil if it holds x).
    package func compare(to x: BigFloat) -> Int? {
        if let q = rational { return -x.compare(to: q) }
        let e = enclosure(precision: 4096)
        if e.upper < x { return -1 }
        if e.lower > x { return 1 }
        return nil
    }
}
