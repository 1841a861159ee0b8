import BigFloat
import KinkCheck
import KinkCheckSupport

/// How a ``LimitEstimate`` was obtained (the raw value is what reports print). Only
/// `certified` is a proof; every other method is an estimate, and is labelled so.
package enum LimitMethod: String, Sendable {
    /// A rigorous enclosure from the open side's branch (``CertifiedLimit``).
    case certified
    /// The sampled sequence is constant (an estimate: finitely many samples).
    case exact = "constant samples"
    /// Richardson extrapolation converged to the target.
    case richardson
    /// The sequence is not analytic in h (it oscillates, or has a fractional power): the deepest
    /// sample, with the spread of the last samples as the bound.
    case sequenceTail = "sequence tail (Richardson did not converge)"
    /// Neither converged; the bound is large and honest.
    case unconverged = "richardson (unconverged)"
    /// The steps shrink by a steady ratio (g ≈ L + C·h^β with β fractional, as √h): Aitken's Δ²
    /// extrapolation, cross-checked on a second step sequence.
    case powerLaw = "power-law extrapolation"
    /// g grows without bound (h^−γ, or log h): the limit is ±∞ (`value`), not a number.
    case divergent = "diverges"
    /// g keeps moving over a range that does not shrink: there is no limit (`range`).
    case oscillating = "oscillates: no limit"
    /// Not defined: a one-sided derivative where f itself has no one-sided limit.
    case undefined = "undefined: f has no one-sided limit here"
}

/// A one-sided limit with its error bound: a certified enclosure, or an extrapolation whose
/// bound survived a cross-check (an estimate, and labelled so).
package struct LimitEstimate: Sendable {
    /// The limit (rounded to the requested precision when certified; at the working precision
    /// of the cross-check otherwise).
    package var value: BigFloat
    /// |value − limit| ≤ errorBound: proven when `isCertified`; otherwise as estimated and then
    /// checked at a second precision with a second step sequence (the larger of the two
    /// estimates and their disagreement).
    package var errorBound: BigFloat
    /// Observed order p̂ = log₂(e(h)/e(h/2)) of the raw sequence in its truncation regime;
    /// nil when the sequence is exactly constant (`method == "exact"`).
    package var order: Double?
    /// How the limit was obtained.
    package var method: LimitMethod
    /// True when the second computation landed within the first's bound.
    package var verified: Bool
    /// Levels of the h-sequence used (0 when certified).
    package var levels: Int
    /// For an oscillation: the range of the samples seen (an estimate of the cluster set's hull).
    package var range: (BigFloat, BigFloat)? = nil

    package init(value: BigFloat, errorBound: BigFloat, order: Double?, method: LimitMethod, verified: Bool, levels: Int,
                range: (BigFloat, BigFloat)? = nil) {
        self.value = value; self.errorBound = errorBound; self.order = order; self.method = method
        self.verified = verified; self.levels = levels; self.range = range
    }

    /// True when `errorBound` is proven (an enclosure), not estimated.
    package var isCertified: Bool { method == .certified }
    /// True when the limit exists and is a number (as far as the samples tell): not divergent,
    /// oscillating or unconverged.
    package var isNumber: Bool { ![.divergent, .oscillating, .unconverged, .undefined].contains(method) }

    /// The derivative on a side where f has no one-sided limit (divergent or oscillating).
    package static var undefined: LimitEstimate {
        LimitEstimate(value: .nan(precision: 64), errorBound: .infinity(precision: 64), order: nil, method: .undefined, verified: false, levels: 0)
    }
}
