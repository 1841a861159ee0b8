import BigFloat
import KinkCheck
import KinkCheckSupport

extension NumberFormat {
    /// The format's special values in a fixed order, each with its provenance: ±0, the least and
    /// largest subnormals, the least normal, the largest finite, ±∞, NaN, ±1, ±(1 ± ulp), and
    /// both neighbours of the three exp thresholds (overflow, drop below the least normal,
    /// rounding to zero) with both signs.
    ///
    /// Edge cases: MPFR has no subnormals (those entries are left out; "least normal" is MPFR's
    /// least positive value) and no subnormal exp threshold; duplicates are kept (a format is
    /// free to have, say, leastNormal == an exp neighbour).
    package var specials: [GeneratedInput] {
        var out: [GeneratedInput] = []
        let p = precision
        func add(_ v: BigFloat, _ s: SpecialValue, signed: Bool = true) {
            out.append(GeneratedInput(v, format: self, provenance: .special(s, negative: false)))
            if signed { out.append(GeneratedInput(-v, format: self, provenance: .special(s, negative: true))) }
        }
        let one = BigFloat(1, precision: p)
        add(.zero(precision: p), .zero)
        if let ieee {
            add(BigFloat.leastSubnormal(ieee), .leastSubnormal)
            add(BigFloat.largestSubnormal(ieee), .largestSubnormal)
            add(BigFloat.leastNormal(ieee), .leastNormal)
            add(BigFloat.largestFinite(ieee), .largestFinite)
        } else {
            add(one.timesPowerOfTwo(NumberFormat.mpfrMinExponent - 1), .leastNormal)
            add(one.timesPowerOfTwo(NumberFormat.mpfrMaxExponent).nextDown, .largestFinite)
        }
        add(.infinity(precision: p), .infinity)
        add(.nan(precision: p), .nan, signed: false)
        add(one, .one)
        add(one.nextUp, .onePlusUlp)
        add(one.nextDown, .oneMinusUlp)
        for (threshold, below, above) in expThresholds {
            let w = threshold.precision
            // The format's neighbours of the exact threshold (rounded at w ≫ p bits first).
            add(BigFloat(threshold, precision: w).rounded(toPrecision: p, rounding: .down), below)
            add(BigFloat(threshold, precision: w).rounded(toPrecision: p, rounding: .up), above)
        }
        return out
    }

    /// ln of the exp thresholds, at p + 64 bits: overflow (exp(x) ≥ max + ½ulp rounds to ∞),
    /// the least normal, and half the least subnormal (exp(x) ≤ that rounds to 0).
    package var expThresholds: [(BigFloat, SpecialValue, SpecialValue)] {
        let w = precision + 64
        let ln2 = BigFloat.ln2(precision: w)
        let p = precision
        let tail = BigFloat.log1p(-BigFloat(1, precision: w).timesPowerOfTwo(-(p + 1)))
        if let ieee {
            let overflow = ln2 * (ieee.maxExponent + 1) + tail
            let subnormal = ln2 * ieee.minExponent
            let zero = ln2 * (ieee.minExponent - p)
            return [(overflow, .expOverflowBelow, .expOverflowAbove),
                    (subnormal, .expSubnormalBelow, .expSubnormalAbove),
                    (zero, .expZeroBelow, .expZeroAbove)]
        }
        let overflow = ln2 * NumberFormat.mpfrMaxExponent + tail
        let zero = ln2 * (NumberFormat.mpfrMinExponent - 2)
        return [(overflow, .expOverflowBelow, .expOverflowAbove), (zero, .expZeroBelow, .expZeroAbove)]
    }
}
