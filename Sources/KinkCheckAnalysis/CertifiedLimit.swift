import BigFloat
import KinkCheck
import KinkCheckSupport

/// Where a one-sided limit is taken: at a point known exactly (a typed decimal, a declared kink,
/// a binary number), or at a kink known to lie in [lower, upper] (located by discovery).
package enum LimitPoint: Sendable {
    case exact(ExactPoint)
    case located(lower: BigFloat, upper: BigFloat)

    /// The near end E of the side's interval: the point itself, or the enclosure's end that
    /// faces `side`.
    package func nearEnd(_ side: Side, precision w: Int) -> MPFRInterval {
        switch self {
        case .exact(let x): return x.enclosure(precision: w)
        case .located(let l, let u): return MPFRInterval(side == .right ? u : l)
        }
    }

    /// The enclosure C of a located point (nil for an exact one: E is the point).
    package var enclosure: MPFRInterval? {
        if case .located(let l, let u) = self { return MPFRInterval(lower: l, upper: u) }
        return nil
    }

    /// The MPFR exponent of the point's magnitude (nil at 0).
    package var exponent: Int? {
        switch self {
        case .exact(let x): return x.exponent
        case .located(let l, let u): return BigFloat.maximum(BigFloat.abs(l), BigFloat.abs(u)).exponent
        }
    }

    /// Bits a number next to the point needs beyond the point's own.
    package var bits: Int {
        switch self {
        case .exact(let x): return x.bits
        case .located(let l, let u): return Swift.max(l.precision, u.precision)
        }
    }
}

/// One-sided limits as rigorous enclosures, proven on a small interval beside the point.
///
/// On `side` of x*, take K = [E, E + δ] (or [E − δ, E]; widened to hold C for a located kink)
/// and evaluate the definition once as a ``SideProbe``: every comparison is proven to answer the
/// same on the open side (E, E ± δ], so one program g is what f computes there; g continuous on
/// K gives f(x*±) = g(x*), enclosed by the value at E (or over C), and g C¹ on K gives
/// D± = g′(x*), enclosed by the derivative there. Nothing is assumed about what happens between
/// x* and a recorded anchor: a kink inside (E, E ± δ] makes a comparison unprovable, and δ
/// shrinks (down to 2^−2000 of |x*|, or absolutely at 0) until the side is proven or the
/// attempts run out.
///
/// The precision grows (p + 64, then doubling the guard bits) until both enclosures are
/// narrower than 2^−(p+2) of their magnitude or a few rounds have passed; the bound reported
/// always covers the whole enclosure, however wide.
package struct CertifiedLimit: Sendable {
    /// Encloses f(x*±).
    package var value: MPFRInterval
    /// Encloses D± = g′(x*); nil when g is continuous on the side but not proven C¹ (√x at 0).
    package var slope: MPFRInterval?
    /// δ: the proof covers the open side up to this distance beyond the near end (no kink of f
    /// lies in between).
    package var reach: BigFloat
    /// The side's branch decisions (the sign of each comparison's a − b): two sides with the same
    /// decisions run the same program g, so f = g on both.
    package var decisions: [Int]
    /// True when some comparison ties exactly at the point (the point is on a switch).
    package var tieAtPoint: Bool

    /// Step exponents tried, relative to |x*| (absolute at 0): δ = 2^(e − m).
    package static let stepSchedule = [16, 64, 160, 400, 1000, 2000]

    /// The enclosures on `side` of `point`, or nil where no δ gives a proof.
    package static func compute(_ activation: any Activation, at point: LimitPoint, side: Side, precision p: Int) -> CertifiedLimit? {
        var best: CertifiedLimit? = nil
        var guardBits = 64
        var schedule = stepSchedule[...]
        while let m = schedule.first {
            let w = Swift.min(p + guardBits, BigFloat.maximumPrecision - 256)
            guard let probe = probe(activation, at: point, side: side, precision: w, stepBits: m) else {
                schedule = schedule.dropFirst()   // unproven at this δ: a smaller one
                continue
            }
            if probe.slope != nil || best == nil { best = probe }
            let narrow = probe.value.isNarrow(relativeBits: p + 2) && (probe.slope?.isNarrow(relativeBits: p + 2) ?? true)
            if probe.slope == nil {
                // Continuous but not C¹ here: a smaller δ may clear a nearby singularity.
                schedule = schedule.dropFirst()
                if best?.slope == nil, narrow { best = probe }
                continue
            }
            if narrow || w == BigFloat.maximumPrecision - 256 || guardBits >= 1024 { break }
            guardBits *= 2
        }
        return best.map {
            CertifiedLimit(value: $0.value.fittedOutward(), slope: $0.slope?.fittedOutward(), reach: $0.reach,
                           decisions: $0.decisions, tieAtPoint: $0.tieAtPoint)
        }
    }

    /// One ``SideProbe`` evaluation with δ = 2^(e − m) at working precision w; nil when a
    /// comparison is unproven or g is not continuous on K.
    package static func probe(_ activation: any Activation, at point: LimitPoint, side: Side, precision w0: Int, stepBits m: Int) -> CertifiedLimit? {
        let e = point.exponent ?? 0
        // K's far end must be exact next to the point: enough bits for the point and 2^(e − m).
        let w = Swift.min(Swift.max(w0, point.bits) + m + 8, BigFloat.maximumPrecision - 64)
        guard w >= point.bits + m else { return nil }
        return probe(activation, at: point, side: side, precision: w, reach: BigFloat(1, precision: 2).timesPowerOfTwo(e - m))
    }

    /// One ``SideProbe`` evaluation with δ = `reach` at working precision w (which must hold the
    /// far end of K exactly enough: the caller's business); nil when a comparison is unproven
    /// or g is not continuous on K.
    package static func probe(_ activation: any Activation, at point: LimitPoint, side: Side, precision w: Int, reach delta: BigFloat) -> CertifiedLimit? {
        let (result, log) = SideProbeLog.run(side: side) { () -> SideProbe? in
            let near = point.nearEnd(side, precision: w)
            let inner = point.enclosure ?? near
            var far = BigFloat(nanWithPrecision: BigFloat.clampedPrecision(w + 64))
            if side == .right { far.setSum(near.upper, delta, rounding: .up) } else { far.setDifference(near.lower, delta, rounding: .down) }
            let k = side == .right ? MPFRInterval(lower: inner.lower, upper: far) : MPFRInterval(lower: far, upper: inner.upper)
            let x = SideProbe(over: Dual(k, derivative: 1), at: Dual(near, derivative: 1),
                              enclosure: point.enclosure.map { Dual($0, derivative: 1) })
            return activation(x)
        }
        guard let result, log.decided, log.continuous else { return nil }
        let reading = result.enclosure ?? result.at
        guard reading.value.isFiniteInterval else { return nil }
        let slope = log.smooth && reading.derivative.isFiniteInterval ? reading.derivative : nil
        return CertifiedLimit(value: reading.value, slope: slope, reach: delta, decisions: log.signs, tieAtPoint: log.tieAtPoint)
    }
}

extension MPFRInterval {
    /// The enclosure brought into the current exponent range, still an enclosure: the lower end
    /// rounded down (an underflow of a negative end becomes the most negative tiny number, a
    /// positive one 0), the upper end up.
    package func fittedOutward() -> MPFRInterval {
        let fitted = MPFRInterval(lower: lower.fittedToCurrentRange(ternary: Ternary(0), rounding: .down),
                                  upper: upper.fittedToCurrentRange(ternary: Ternary(0), rounding: .up))
        // An exact value is kept when fitting moved neither end.
        return fitted.lower.isIdentical(to: lower) && fitted.upper.isIdentical(to: upper) ? self : fitted
    }

    /// upper − lower ≤ 2^−bits·max(|lower|, |upper|) (a point interval is narrow; so is [0, 0]).
    package func isNarrow(relativeBits bits: Int) -> Bool {
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
