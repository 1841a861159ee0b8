import BigFloat

/// One-sided limits as rigorous enclosures, read off the branch of the open side.
///
/// Let c be the point and g the program the definition's branches compute just beside c on one
/// side. Where g is analytic at c (every built-in, every formula of analytic pieces and
/// comparisons), f(c±) = g(c) and D± = g′(c). KinkCheck computes them in three steps:
/// 1. Record the branch decisions at an anchor a just beside c (c's neighbour at W + 64 bits, or
///    ±2^−(W+64) at 0, and closer than half the distance to any other kink), evaluating the
///    definition on a first-order ``TaylorSeries``; every comparison must be unambiguous there.
/// 2. Replay those decisions at c itself (``BranchScript``): the same straight-line program runs
///    at c even where the comparisons would now answer for the other side.
/// 3. The series' coefficients at c enclose g(c) and g′(c) (outward rounding). The replay must
///    meet no singular point (a pole of 1/x, the branch point of log or sqrt) and give finite
///    coefficients; otherwise there is no certificate and callers fall back to extrapolation.
///
/// The precision grows (W = p + 64, then doubling the guard bits) until both enclosures are
/// narrower than 2^−(p+2) of their magnitude, or a few rounds have passed; the bound reported
/// always covers the whole enclosure, however wide.
///
/// What the certificate assumes: that the branch decided at a holds on all of (c, a] — a switch
/// closer to c than 2^−(W+64) relative would be a kink below the working precision.
package struct CertifiedLimit: Sendable {
    /// Encloses f(c±) = g(c).
    package var value: MPFRInterval
    /// Encloses D± = g′(c).
    package var slope: MPFRInterval

    /// The enclosures on `side` of `c`, or nil where the open side's branch is not analytic at c.
    package static func compute(_ activation: any Activation, at c: BigFloat, side: Side, precision p: Int,
                                otherKinks: [BigFloat]) -> CertifiedLimit? {
        guard c.isFinite else { return nil }
        var guardBits = 64
        var best: CertifiedLimit? = nil
        for _ in 0..<4 {
            // At the top of the range the guard bits shrink (the bound stays honest, only wider).
            let w = Swift.min(p + guardBits, BigFloat.maximumPrecision - 256)
            guard let limit = enclose(activation, at: c, side: side, precision: w, otherKinks: otherKinks) else { break }
            best = limit
            if w == BigFloat.maximumPrecision - 256 || (limit.value.isNarrow(relativeBits: p + 2) && limit.slope.isNarrow(relativeBits: p + 2)) { break }
            guardBits *= 2
        }
        return best
    }

    static func enclose(_ activation: any Activation, at c: BigFloat, side: Side, precision w: Int,
                        otherKinks: [BigFloat]) -> CertifiedLimit? {
        guard let anchor = anchor(beside: c, side: side, precision: w, otherKinks: otherKinks) else { return nil }
        return BigFloat.withWidestExponentRange { () -> CertifiedLimit? in
            let recorder = BranchScript()
            let (probe, ambiguousAtAnchor) = IntervalAmbiguity.withTracking {
                BranchScript.with(recorder) {
                    activation(TaylorSeries(variable: MPFRInterval(anchor), order: 1, precision: anchor.precision))
                }
            }
            guard ambiguousAtAnchor == 0, probe.isFinite else { return nil }
            let replay = BranchScript(replaying: recorder.decisions)
            let wc = Swift.max(w, c.precision)
            let (series, singular) = IntervalAmbiguity.withTracking {
                BranchScript.with(replay) {
                    activation(TaylorSeries(variable: MPFRInterval(c), order: 1, precision: wc))
                }
            }
            guard singular == 0, replay.replayedExactly, series.isFinite else { return nil }
            return CertifiedLimit(value: series.coefficient(0), slope: series.coefficient(1))
        }.map { CertifiedLimit(value: $0.value.fittedOutward(), slope: $0.slope.fittedOutward()) }
    }

    /// The branch decisions the definition takes at `x` (a first-order ``TaylorSeries``
    /// evaluation), or nil when a comparison there is ambiguous.
    package static func branchDecisions(_ activation: any Activation, at x: BigFloat) -> [Bool]? {
        BigFloat.withWidestExponentRange {
            let recorder = BranchScript()
            let (_, ambiguous) = IntervalAmbiguity.withTracking {
                BranchScript.with(recorder) { activation(TaylorSeries(variable: MPFRInterval(x), order: 1, precision: x.precision)) }
            }
            return ambiguous == 0 ? recorder.decisions : nil
        }
    }

    /// A point on `side` of c, within 2^−(w+64) of it (relative for c ≠ 0) and closer than half
    /// the distance to every other kink; nil if that needs more than MPFR's largest precision.
    static func anchor(beside c: BigFloat, side: Side, precision w: Int, otherKinks: [BigFloat]) -> BigFloat? {
        var nearest: BigFloat? = nil
        for k in otherKinks where k.isFinite && !(k == c) {
            let d = BigFloat.abs(BigFloat(k, precision: Swift.max(k.precision, c.precision) + 64) - c)
            if (side == .right) == (k > c), nearest.map({ d < $0 }) ?? true { nearest = d }
        }
        if c.isZero {
            var e = -(w + 64)
            if let d = nearest?.exponent { e = Swift.min(e, d - 2) }
            return BigFloat(side == .right ? 1 : -1, precision: 2).timesPowerOfTwo(e)
        }
        var bits = Swift.max(c.precision, Swift.min(w + 64, BigFloat.maximumPrecision))
        if let d = nearest?.exponent, let ec = c.exponent { bits = Swift.max(bits, ec - d + 2) }
        guard bits <= BigFloat.maximumPrecision else { return nil }
        var a = BigFloat(c, precision: bits)
        if side == .right { a.formNextUp() } else { a.formNextDown() }
        return a
    }
}

extension MPFRInterval {
    /// The enclosure brought into the current exponent range, still an enclosure: the lower end
    /// rounded down (an underflow of a negative end becomes the most negative tiny number, a
    /// positive one 0), the upper end up.
    func fittedOutward() -> MPFRInterval {
        MPFRInterval(lower: lower.fittedToCurrentRange(ternary: Ternary(0), rounding: .down),
                     upper: upper.fittedToCurrentRange(ternary: Ternary(0), rounding: .up))
    }

    /// upper − lower ≤ 2^−bits·max(|lower|, |upper|) (a point interval is narrow; so is [0, 0]).
    func isNarrow(relativeBits bits: Int) -> Bool {
        if lower == upper { return true }
        guard lower.isFinite, upper.isFinite else { return false }
        let scale = BigFloat.maximum(BigFloat.abs(lower), BigFloat.abs(upper))
        return width <= scale.timesPowerOfTwo(-bits)
    }
}

extension LimitEstimate {
    /// A certified limit from its enclosure: the midpoint rounded to `p` bits, and a bound that
    /// covers every point of the enclosure (and so that rounding); 0 only when the enclosure is
    /// the single point printed.
    package static func certified(_ e: MPFRInterval, precision p: Int) -> LimitEstimate {
        // The midpoint need not be exact: the bound is measured from the rounded value to both ends.
        var mid = BigFloat(nanWithPrecision: BigFloat.clampedPrecision(e.precision + 1))
        mid.setSum(e.lower, e.upper)
        var value = mid.timesPowerOfTwo(-1).rounded(toPrecision: p)
        if value.isZero { value = .zero(precision: p) }
        var up = BigFloat(nanWithPrecision: 64), down = BigFloat(nanWithPrecision: 64)
        up.setDifference(e.upper, value, rounding: .up)
        down.setDifference(value, e.lower, rounding: .up)
        var bound = BigFloat.maximum(up, down)
        // Never below half an ulp of the value at p bits unless the value is exact.
        if !bound.isZero, let ev = value.exponent {
            bound = BigFloat.maximum(bound, BigFloat(1, precision: 2).timesPowerOfTwo(ev - p - 1))
        }
        return LimitEstimate(value: value, errorBound: bound, order: nil, method: .certified, verified: true, levels: 0)
    }
}
