import BigFloat

/// A point where the distributional derivative has a singular part.
package struct SingularPoint: Sendable {
    package var x: BigFloat
    /// f(x⁺) − f(x⁻), 0 where f is continuous.
    package var jump: BigFloat
    /// D⁺f − D⁻f.
    package var slopeJump: BigFloat
    /// Error bounds of the two.
    package var jumpBound: BigFloat
    package var slopeJumpBound: BigFloat
    /// [g] = g(x⁺) − g(x⁻), the jump of the backward derivative g (the second identity's point
    /// mass) and its bound: the slope jump itself unless the derivative is hand-written.
    package var backwardJump: BigFloat
    package var backwardJumpBound: BigFloat
    /// True when `x` is the point itself (a binary number), not a rounding or the middle of an
    /// enclosure: integrals split there exactly.
    package var isExact: Bool = false
    /// True when every bound above is a proof (certified one-sided limits).
    package var certified: Bool = false
    /// An enclosure [lo, hi] of the point when it is not a binary number known exactly: the
    /// bracket kink discovery located it to, or the rounding of an exact non-binary number.
    package var bracket: (BigFloat, BigFloat)?
}
