import BigFloat
import KinkCheckSupport
import Synchronization

/// Roundings of ``DecimalConstant``s already computed, shared by every thread.
///
/// A definition calls `T.constant("1.6732632423543772848170429916717", like: x)` on every
/// evaluation, and parsing the text (validation, then MPFR's decimal conversion) cost more than
/// the rest of SELU's evaluation at 192 bits: ~70% of `check selu` went there. Parsing is
/// deterministic (one correct rounding), so the cached value is the value parsing would give —
/// outputs do not change. Bounded: precisions above ``maximumPrecision`` are not kept, and the
/// table is emptied when it reaches ``capacity`` entries (a long Ziv loop climbs through many
/// precisions; the common ones come back at once). Zero, ∞, NaN and values with an exponent
/// beyond ±2²⁰ are never kept: their parse can depend on MPFR's current exponent range.
package enum DecimalConstantCache {
    package struct Key: Hashable {
        package var text: String
        package var precision: Int
        package var rounding: Rounding
    }

    package static let maximumPrecision = 16384
    package static let capacity = 4096
    private static let table = Mutex<[Key: BigFloat]>([:])

    /// `text` correctly rounded at `precision` bits (from the table when it is there).
    package static func value(_ text: String, precision: Int, rounding: Rounding) -> BigFloat {
        guard precision <= maximumPrecision else { return parse(text, precision: precision, rounding: rounding) }
        let key = Key(text: text, precision: precision, rounding: rounding)
        if let hit = table.withLock({ $0[key] }) { return hit }
        let v = parse(text, precision: precision, rounding: rounding)
        // Only values that no exponent range can change: a constant near MPFR's exponent limits
        // parses differently inside `withWidestExponentRange`, so it is parsed each time.
        guard let e = v.exponent, abs(e) <= 1 << 20 else { return v }
        table.withLock { t in
            if t.count >= capacity { t.removeAll(keepingCapacity: true) }
            t[key] = v
        }
        return v
    }

    /// Exact values of constant texts (nil: too large for a ``Rational``), kept like the roundings.
    private static let rationals = Mutex<[String: Rational?]>([:])

    /// `text` as an exact rational (see ``DecimalConstant/rational``).
    package static func rational(_ text: String) -> Rational? {
        if let hit = rationals.withLock({ $0[text] }) { return hit }
        let q = exactRational(text)
        rationals.withLock { t in
            if t.count >= capacity { t.removeAll(keepingCapacity: true) }
            t[text] = q
        }
        return q
    }

    package static func exactRational(_ text: String) -> Rational? {
        let constant = try? DecimalConstant(text)
        if let (digits, exponent, negative) = constant?.decimalParts {
            return Rational(decimalDigits: digits, exponent: exponent, negative: negative)
        }
        // A hex-float is dyadic: read at enough bits to hold every digit, it is exact.
        guard text.lowercased().contains("0x"), text.count < Rational.maximumBits / 4,
              let v = BigFloat.withWidestExponentRange({ try? BigFloat(parsing: text, precision: 4 * text.count + 8) }) else { return nil }
        return Rational(exactly: v)
    }

    package static func parse(_ text: String, precision: Int, rounding: Rounding) -> BigFloat {
        // The text was validated when the constant was built, so parsing cannot fail here.
        (try? BigFloat(parsing: text, precision: precision, rounding: rounding)) ?? .nan(precision: precision)
    }
}
