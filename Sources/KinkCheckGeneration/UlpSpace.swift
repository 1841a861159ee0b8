import BigFloat
import KinkCheck
import KinkCheckSupport

/// The values of a format numbered in order: ordinal 0 is ±0, ±1 the least positive/negative
/// values, and each step is one ulp (nextUp/nextDown). Shrinking, interval growth and "x0 ± n
/// ulp" reports all work on these ordinals, held as exact integer `BigFloat`s so one code path
/// serves binary16 through MPFR.
///
/// For MPFR at precision p, x = m·2^(e−p) with 2^(p−1) ≤ m < 2^p has ordinal
/// (e − emin)·2^(p−1) + (m − 2^(p−1)) + 1 over MPFR's default exponent range.
///
/// Edge cases: NaN has no ordinal (callers keep it out); both zeros map to 0 and ordinal 0 maps
/// back to +0; ordinals beyond ±∞ clamp to ±∞.
package struct UlpSpace {
    package let format: NumberFormat
    package let codec: IEEECodec?
    /// Precision of the ordinal integers (exact for every difference of two ordinals).
    package let ordinalPrecision: Int

    package init(_ format: NumberFormat) {
        self.format = format
        self.codec = format.codec
        self.ordinalPrecision = format.codec == nil ? format.precision + 40 : 72
    }

    private var p: Int { format.precision }

    /// The ordinal of +∞.
    package var infinityOrdinal: BigFloat {
        if let codec { return BigFloat(Int(codec.infinityBits), precision: ordinalPrecision) }
        let binades = NumberFormat.mpfrMaxExponent - NumberFormat.mpfrMinExponent + 1
        return BigFloat(binades, precision: ordinalPrecision).timesPowerOfTwo(p - 1) + 1
    }

    package func ordinal(of x: GeneratedInput) -> BigFloat {
        precondition(!x.isNaN, "NaN has no ordinal")
        if let codec { return BigFloat(Int(codec.ordinal(x.bits)), precision: ordinalPrecision) }
        let v = x.bigFloat
        if v.isZero { return .zero(precision: ordinalPrecision) }
        if v.isInfinite { return v.signBit ? -infinityOrdinal : infinityOrdinal }
        let e = v.exponent!
        let magnitude = BigFloat.abs(v)
        var o = BigFloat(e - NumberFormat.mpfrMinExponent, precision: ordinalPrecision).timesPowerOfTwo(p - 1)
        let m = BigFloat(magnitude, precision: ordinalPrecision).timesPowerOfTwo(p - e)
        o.formSum(with: m)
        o.formDifference(with: BigFloat(1, precision: 2).timesPowerOfTwo(p - 1))
        o += 1
        return v.signBit ? -o : o
    }

    package func input(atOrdinal ordinal: BigFloat, provenance: Provenance) -> GeneratedInput {
        let inf = infinityOrdinal
        if ordinal >= inf { return GeneratedInput(.infinity(precision: p), format: format, provenance: provenance) }
        if ordinal <= -inf { return GeneratedInput(.infinity(precision: p, negative: true), format: format, provenance: provenance) }
        if let codec {
            let o = Int64(Int(ordinal, rounding: .towardZero)!)
            return GeneratedInput(bits: codec.bits(ordinal: o), format: format, provenance: provenance)
        }
        if ordinal.isZero { return GeneratedInput(.zero(precision: p), format: format, provenance: provenance) }
        let negative = ordinal.signum < 0
        let q = BigFloat.abs(ordinal) - 1
        let t = Int(q.timesPowerOfTwo(-(p - 1)), rounding: .down)!
        var r = BigFloat(q, precision: ordinalPrecision)
        r.formDifference(with: BigFloat(t, precision: 64).timesPowerOfTwo(p - 1))
        let e = NumberFormat.mpfrMinExponent + t
        var m = r + BigFloat(1, precision: 2).timesPowerOfTwo(p - 1)
        m = m.timesPowerOfTwo(e - p)
        var v = BigFloat(m, precision: p)
        if negative { v.negate() }
        return GeneratedInput(v, format: format, provenance: provenance)
    }

    /// A point strictly between ordinals `a` and `b` (the one nearer `a` when the gap is odd);
    /// nil when they are adjacent or equal.
    package func midpoint(_ a: BigFloat, _ b: BigFloat) -> BigFloat? {
        let d = BigFloat(b, precision: ordinalPrecision + 2) - a
        if BigFloat.abs(d) <= 1 { return nil }
        var half = d.timesPowerOfTwo(-1)
        if !half.isInteger { half = half.signum > 0 ? half - BigFloat(1, precision: 2).timesPowerOfTwo(-1) : half + BigFloat(1, precision: 2).timesPowerOfTwo(-1) }
        return BigFloat(a + half, precision: ordinalPrecision)
    }
}
