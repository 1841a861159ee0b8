import BigFloat
import KinkCheck
import KinkCheckAnalysis
import KinkCheckGeneration
import KinkCheckSupport

/// The tolerance a flagged number was held to, in ulps of the dtype at the truth, with its three
/// parts — or, where no ulp count applies, what was due instead.
///
/// The accuracy rule (``Accuracy``) is |y − f| ≤ k·u·|f| + k·u·c + n·λ/2: `rounding` is the first
/// term (the result's own roundings), `conditioning` the second (c = |x·f′(x)| for a value,
/// |x·f″(x)| for a derivative: the input's relative errors carried through the function), and
/// `underflow` the third (λ the least subnormal; n = k, except n = 1 for `flush_to_zero`, whose
/// rule allows one underflowing rounding).
///
/// Edge cases: a NaN or ±∞ on either side has no tolerance in ulps (`expected` says what was
/// due: `a finite number`, `nan`, `inf`); an overflow to ±∞ where f lies within tolerance of the
/// overflow threshold is measured as a number (its error the gap to the threshold). At a kink
/// the derivative is held to the Clarke set widened by k ulps at each end, at a jump to nothing.
package struct SampleTolerance: Sendable, Equatable {
    /// The whole tolerance and its parts, in ulps (nil where no ulp count applies).
    package var ulps: Double?
    package var rounding: Double?
    package var conditioning: Double?
    package var underflow: Double?
    /// What would have passed, in words: `within 10 ulps of the truth`, `a finite number`, `nan`,
    /// `in the Clarke set widened by 8 ulps at each end`.
    package var expected: String

    /// The rule every tolerance comes from, in words (the legend under a table of them).
    package static let rule = "k·u·|f| + k·u·|x·f′| + n·λ/2 (rounding + conditioning + underflow; |x·f″| for a derivative;"
        + " u the unit roundoff, λ the least subnormal, n = k, 1 for flush_to_zero)"

    /// What was due where the comparison is not in ulps.
    package init(expected: String) {
        self.expected = expected
    }

    /// The tolerance `m` was held to (`underflows`: n of the rule, k when nil).
    package init(_ m: AccuracyMeasurement, condition: BigFloat, underflows: Double? = nil) {
        guard m.ulps.isFinite, m.exact.isFinite else {
            self.init(expected: Self.due(m))
            return
        }
        let q = Accuracy.ulpExponent(of: m.exact, in: m.format)
        let magnitude = BigFloat.abs(m.exact)
        func inULPs(_ b: BigFloat) -> Double { Double(b.timesPowerOfTwo(-q)) }
        let total = inULPs(Accuracy.tolerance(magnitude, condition: condition, in: m.format, k: m.k, underflows: underflows))
        let parts = Accuracy.toleranceParts(magnitude, condition: condition, in: m.format, k: m.k, underflows: underflows)
        self.init(expected: "within \(Accuracy.ulpText(total)) ulps of the truth")
        (ulps, rounding, conditioning, underflow) = (total, inULPs(parts.rounding), inULPs(parts.conditioning), inULPs(parts.underflow))
    }

    /// What a number compared with specials should have been: the special itself (`nan`, `inf`,
    /// `-inf`, the limit at x = ±∞), or any finite number where the truth is one.
    static func due(_ m: AccuracyMeasurement) -> String {
        if m.x.isNaN { return "nan" }
        if !m.exact.isFinite || !m.rounded.isFinite { return Accuracy.specialText(m.rounded) }
        return "a finite number"
    }

    /// The tolerance in the text table: `10 = 5 + 5 + 1.78e-15` (total = rounding + conditioning
    /// + underflow, in ulps), or what was due.
    package var text: String {
        guard let ulps, let rounding, let conditioning, let underflow else { return expected }
        return "\(Accuracy.ulpText(ulps)) = " + [rounding, conditioning, underflow].map(Accuracy.ulpText).joined(separator: " + ")
    }
}
