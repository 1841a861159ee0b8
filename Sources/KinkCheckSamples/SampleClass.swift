import BigFloat
import KinkCheck
import KinkCheckAnalysis
import KinkCheckGeneration
import KinkCheckSupport

/// What is wrong (or notable) about one dump row. A row gets at most one class: the first of
/// ``allCases`` (the precedence) that applies.
///
/// Precedence, and why: `not_finite` first (a NaN or ∞ makes every ulp count meaningless);
/// `flush_to_zero` next (its value and derivative errors are consequences of the flush);
/// then the derivative's kink classes `outside_clarke` and `wrong_side` before
/// `value_inaccurate` (at a kink, or beside one, the branch taken is the finding: JAX's
/// leaky_relu of a flushed negative input returns x itself *and* the right side's slope, and the
/// slope says why); then `value_inaccurate`, `derivative_inaccurate`, and `at_jump` last
/// (information only).
package enum SampleClass: String, Sendable, CaseIterable, Hashable {
    /// NaN or ±∞ where the truth is finite, or a finite number where it is ±∞ or NaN (an
    /// overflow to the ±∞ the correctly rounded result is, is right).
    case notFinite = "not_finite"
    /// A subnormal input treated as 0 (the output is f(0), or f′(0) where f is differentiable at
    /// 0, and that is wrong), or a result whose truth is a nonzero subnormal returned as 0.
    case flushToZero = "flush_to_zero"
    /// x exactly at a kink, the derivative outside the Clarke set widened by K ulps of the dtype.
    case outsideClarke = "outside_clarke"
    /// x beside a kink, the derivative wrong and equal (within tolerance) to the other side's
    /// limit of f′.
    case wrongSide = "wrong_side"
    /// The value outside the accuracy tolerance of its dtype.
    case valueInaccurate = "value_inaccurate"
    /// Where f is differentiable, the derivative outside the tolerance of f′.
    case derivativeInaccurate = "derivative_inaccurate"
    /// x exactly at a jump (no Clarke set) with a finite derivative: information, not a defect.
    case atJump = "at_jump"

    /// Whether the class makes the run fail (`flush_to_zero` unless allowed; never `at_jump`).
    package func isDefect(allowFTZ: Bool) -> Bool {
        switch self {
        case .atJump: false
        case .flushToZero: !allowFTZ
        default: true
        }
    }
}
