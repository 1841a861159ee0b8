import BigFloat
import KinkCheck
import KinkCheckSupport

/// Continuity and one-sided derivative limits of an activation at a point.
package struct PointAnalysis: Sendable {
    /// The point, rounded to the working precision when it is not a binary number (for steps).
    package var x: BigFloat
    /// The point exactly as given: every certified limit and bound is about it. (At a located
    /// kink: the enclosure's midpoint, and ``location`` says so.)
    package var point: ExactPoint
    /// Where the limits were taken: the exact point, or a kink's enclosure.
    package var location: LimitPoint
    package var precision: Int
    /// f(x) correctly rounded at `precision` (at 64 bits below the maximum precision when the point
    /// is not a binary number and `precision` is within 64 bits of the maximum).
    package var value: BigFloat
    /// One-sided limit values f(x⁻), f(x⁺).
    package var leftValue: LimitEstimate
    package var rightValue: LimitEstimate
    /// The jump f(x⁺) − f(x⁻) with its bound (when continuous: 0, with a bound on |f(x⁺) − f(x⁻)|).
    package var jumpLimit: LimitEstimate
    /// f(x⁺) − f(x⁻) (0 when continuous).
    package var jump: BigFloat { jumpLimit.value }
    package var continuous: Bool
    /// False when the certified one-sided limits agree to within their enclosures but are not
    /// proven equal (then `continuous` is false: not proven); true for every proof either way
    /// and for estimates.
    package var continuityEstablished: Bool = true
    /// As ``continuityEstablished``, for `differentiable`.
    package var differentiabilityEstablished: Bool = true
    /// False when f(x) itself could not be certified (a cost limit): `value` is then not printed.
    package var valueCertified: Bool = true
    /// One-sided derivatives: lim (f(x ± h) − f(x±))/(±h), taken relative to the one-sided limit
    /// values so they exist at jumps too (heaviside: 0 and 0).
    package var leftDerivative: LimitEstimate
    package var rightDerivative: LimitEstimate
    /// Continuous and D⁻ = D⁺ within the error bounds (false when a side did not converge).
    package var differentiable: Bool
    /// Local Hölder exponent estimates α̂ with |f(x ± h) − f(x)| ≈ C·h^α̂ (left, right), from
    /// h = H and H/2; nil when the differences vanish.
    package var holderLeft: Double?
    package var holderRight: Double?
    /// The largest first step H used on each side (capped by the distance to the nearest kink).
    package var stepLeft: BigFloat
    package var stepRight: BigFloat
}

/// Options for ``PointAnalysis/analyze(_:at:precision:otherKinks:)``.
extension PointAnalysis {
    /// False when a side could be neither certified nor estimated: its steps beside x would need
    /// more than MPFR's largest precision (x = 2^99999999 with a branch that is not analytic
    /// there), or f is undefined (NaN) beside x, and at x too (log at a negative x). Commands
    /// refuse such a point rather than print NaN. A point where only f(x) itself is undefined or
    /// infinite (x·sin(1/x) at 0, 1/x at 0) is resolved: its one-sided limits are reported.
    package var isResolved: Bool {
        let sides = [leftValue, rightValue, leftDerivative, rightDerivative]
        if sides.contains(where: { $0.value.isNaN && $0.method != .undefined }) { return false }
        return value.isFinite || leftValue.method != .unconverged || rightValue.method != .unconverged
    }

    /// The one-line refusal for an unresolved point.
    package static let refusal =
        "the one-sided limits at this point need more than \(BigFloat.maximumPrecision) bits of working precision (its steps cannot be resolved)"

    /// Why this point is refused: f is undefined beside it (outside the definition's domain),
    /// a cost limit was met, or the steps cannot be resolved (``refusal``).
    package var refusalReason: String {
        if let note = CostLimit.lastRefusal { return note }
        if [leftValue, rightValue].contains(where: { $0.value.isNaN }) {
            return "f is undefined (NaN) beside this point (outside the definition's domain): it has no one-sided limits here"
        }
        return Self.refusal
    }

    /// Largest power of two ≤ `fraction`·distance from x to the nearest kink on `side` (other
    /// than x itself), and ≤ 1/8: a one-sided stencil of width ≤ 4h never reaches a kink.
    package static func firstStep(at x: BigFloat, side: Side, kinks: [BigFloat]) -> BigFloat {
        var limit = BigFloat(1, precision: 64).timesPowerOfTwo(-3)
        for k in kinks where k.isFinite {
            let d = side == .right ? k - x : x - k
            if d > 0 {
                let cap = BigFloat(d, precision: 64, rounding: .down).timesPowerOfTwo(-3)
                if cap < limit { limit = cap }
            }
        }
        // round down to a power of two
        guard let e = limit.exponent else { return limit }
        return BigFloat(1, precision: 64).timesPowerOfTwo(e - 1)
    }

    /// Analyses `activation` at the binary point `x` (see ``analyze(_:at:precision:otherKinks:)-(_,ExactPoint,_,_)``).
    package static func analyze(_ activation: any Activation, at x: BigFloat, precision: Int,
                               otherKinks: [BigFloat]) -> PointAnalysis {
        analyze(activation, at: ExactPoint(x), precision: precision, otherKinks: otherKinks)
    }

    /// Analyses `activation` at the exact point `point` (a typed decimal is the decimal, not its
    /// binary rounding): one-sided limit values and derivatives to `precision` bits, continuity
    /// and the jump, and differentiability. Each side is certified by ``CertifiedLimit`` where
    /// the side's program is proven on a small interval beside the point (its value where g is
    /// continuous there, its derivative where g is C¹); what is not certified is extrapolated
    /// with a cross-checked estimate, on steps from the point rounded to the working precision.
    /// `otherKinks` (declared and discovered) cap those steps so no stencil straddles a kink.
    package static func analyze(_ activation: any Activation, at point: ExactPoint, precision: Int,
                               otherKinks: [BigFloat]) -> PointAnalysis {
        analyze(activation, at: .exact(point), precision: precision, otherKinks: otherKinks)
    }

    /// As the exact-point form; at a located kink (a kink known to lie in [l, u]) the one-sided
    /// limits are those beside the enclosure, f(x) is taken at its midpoint (for information),
    /// and continuity compares the two one-sided limits. `known` passes side limits already
    /// certified (by discovery), which are then not computed again.
    package static func analyze(_ activation: any Activation, at location: LimitPoint, precision: Int,
                                otherKinks: [BigFloat], known: [Side: CertifiedLimit] = [:]) -> PointAnalysis {
        let wide = BigFloat.clampedPrecision(precision + 64)
        let point: ExactPoint
        switch location {
        case .exact(let e): point = e
        case .located(let l, let u):
            var mid = BigFloat(nanWithPrecision: Swift.max(l.precision, u.precision) + 1)
            mid.setSum(l, u)
            point = ExactPoint(mid.timesPowerOfTwo(-1))
        }
        // A point no binary number holds needs guard bits beyond f(x)'s own precision to be
        // enclosed: at the top of the range f(x) is rounded 64 bits below it (and printed so).
        let valueBits = point.isBinary ? wide : Swift.min(wide, BigFloat.maximumPrecision - 64)
        let fxResult = activation.correctlyRounded(at: point, precision: valueBits)
        let fx = fxResult.value
        let x = point.rounded(toPrecision: Swift.max(wide, point.bits))
        func f(_ t: BigFloat, _ w: Int) -> BigFloat { activation(BigFloat(t, precision: w)) }
        var values: [Side: LimitEstimate] = [:], derivatives: [Side: LimitEstimate] = [:]
        var enclosures: [Side: CertifiedLimit] = [:]
        var holder: [Side: Double?] = [:], steps: [Side: BigFloat] = [:]
        for side in Side.allCases {
            let H = firstStep(at: x, side: side, kinks: otherKinks)
            steps[side] = H
            let s = side.sign
            let certified = known[side] ?? CertifiedLimit.compute(activation, at: location, side: side, precision: precision)
            let limitValue: LimitEstimate
            if let certified {
                enclosures[side] = certified
                limitValue = .certified(certified.value, precision: precision)
            } else {
                // f(x ± h) → f(x±)
                limitValue = LimitEstimate.estimated(firstStep: H, precision: precision, targetBits: precision, pointExponent: x.exponent ?? 0) { h, w in
                    let t = BigFloat(x, precision: w) + (s > 0 ? h : -h)
                    return f(t, w)
                }
            }
            values[side] = limitValue
            if let slope = certified?.slope {
                var d = LimitEstimate.certified(slope, precision: precision)
                d.order = observedOrder(f, at: x, side: side, step: H, limitValue: limitValue.value, slope: d.value, precision: wide)
                derivatives[side] = d
            } else if !limitValue.isNumber {
                derivatives[side] = .undefined
            } else {
                let continuousHere = BigFloat.abs(limitValue.value - fx) <= limitValue.errorBound + BigFloat.abs(fx).timesPowerOfTwo(-precision)
                let anchor = continuousHere && certified == nil ? fx : limitValue.value
                // (f(x ± h) − f(x±)) / (±h) → D±
                derivatives[side] = LimitEstimate.estimated(firstStep: H, precision: precision, targetBits: precision, pointExponent: x.exponent ?? 0) { h, w in
                    let t = BigFloat(x, precision: w) + (s > 0 ? h : -h)
                    var q = f(t, w) - BigFloat(anchor, precision: w)
                    q /= h
                    return s > 0 ? q : -q
                }
            }
            holder[side] = holderExponent(f, at: x, fx: fx, side: side, step: H, precision: wide)
        }
        let left = values[.left]!, right = values[.right]!
        let dl = derivatives[.left]!, dr = derivatives[.right]!
        var continuous: Bool, differentiable: Bool
        var jump: LimitEstimate
        var established = (continuity: true, differentiability: true)
        if let l = enclosures[.left], let r = enclosures[.right] {
            (continuous, differentiable, established) = certifiedVerdicts(activation, at: location, fx: fx, wide: wide, left: l, right: r,
                                                                          derivatives: (dl, dr), precision: precision)
            jump = .certified(r.value - l.value, precision: precision)
        } else {
            let tolerance = BigFloat.maximum(left.errorBound + right.errorBound, BigFloat.abs(fx).timesPowerOfTwo(-(precision - 4)))
            // A side with no number for a limit (unconverged, divergent, oscillating) establishes nothing.
            let converged = left.isNumber && right.isNumber
            if case .located = location {
                continuous = converged && BigFloat.abs(left.value - right.value) <= tolerance
            } else {
                continuous = converged && BigFloat.abs(left.value - fx) <= tolerance && BigFloat.abs(right.value - fx) <= tolerance
            }
            differentiable = continuous && dl.isNumber && dr.isNumber
                && BigFloat.abs(dl.value - dr.value) <= slopeTolerance(dl, dr, precision: precision)
            var bound = BigFloat(nanWithPrecision: 64)
            bound.setSum(left.errorBound, right.errorBound, rounding: .up)
            jump = LimitEstimate(value: (right.value - left.value).rounded(toPrecision: precision), errorBound: bound, order: nil,
                                 method: left.isCertified ? right.method : left.method, verified: left.verified && right.verified, levels: 0)
            if !(left.isNumber && right.isNumber) { jump = .undefined }
        }
        if continuous {
            // |f(x+) − f(x−)| is within the bound of the difference: report 0 with that bound.
            var bound = BigFloat(nanWithPrecision: 64)
            bound.setSum(BigFloat.abs(jump.value), jump.errorBound, rounding: .up)
            jump = LimitEstimate(value: .zero(precision: precision), errorBound: bound, order: nil,
                                 method: jump.method, verified: jump.verified, levels: 0)
        }
        return PointAnalysis(x: x, point: point, location: location, precision: precision,
                             value: fx.rounded(toPrecision: Swift.min(precision, valueBits)),
                             leftValue: left, rightValue: right,
                             jumpLimit: jump,
                             continuous: continuous, continuityEstablished: established.continuity,
                             differentiabilityEstablished: established.differentiability, valueCertified: fxResult.certified,
                             leftDerivative: dl, rightDerivative: dr,
                             differentiable: differentiable, holderLeft: holder[.left]!, holderRight: holder[.right]!,
                             stepLeft: steps[.left]!, stepRight: steps[.right]!)
    }

    /// Continuity and differentiability from two certified sides, each with whether it is
    /// established. Continuous is proven when both sides run the same program with no tie at the
    /// point (f is that program g near x, g continuous), or when the one-sided limits and f(x) are
    /// the same exact number; refuted when an enclosure separates them; otherwise (limits that agree
    /// to within their enclosures, at an irrational kink or below any precision: softplus's jump
    /// e^(−10⁹) at a threshold of 10⁹) not established, and reported false. Differentiable the same
    /// way from the derivatives (same program; or equal exact one-sided derivatives with proven
    /// continuity); an uncertified derivative falls back to the estimates.
    package static func certifiedVerdicts(_ activation: any Activation, at location: LimitPoint, fx: BigFloat, wide: Int,
                                  left l: CertifiedLimit, right r: CertifiedLimit, derivatives: (LimitEstimate, LimitEstimate),
                                  precision: Int) -> (Bool, Bool, (continuity: Bool, differentiability: Bool)) {
        // f(x) not a finite number (a point outside the domain, a pole): nothing is established.
        guard fx.isFinite else { return (false, false, (false, false)) }
        var isLocated = false
        if case .located = location { isLocated = true }
        let sameProgram = !isLocated && l.decisions == r.decisions && !l.tieAtPoint && !r.tieAtPoint
        func equalExactly(_ a: MPFRInterval, _ b: MPFRInterval) -> Bool {
            guard let x = a.exactValue, let y = b.exactValue else { return false }
            return x.isIdentical(to: y)
        }
        // f(x) is within half an ulp of fx at `wide` bits; exactly, where the point's own value is
        // an exact number (evaluated in exact mode).
        let u = fx.isZero ? BigFloat.zero(precision: 64) : BigFloat(1, precision: 2).timesPowerOfTwo(fx.exponent! - wide)
        let around = MPFRInterval(lower: fx - u, upper: fx + u)
        var continuous: Bool, continuityEstablished = true
        if !l.value.intersects(r.value) || (!isLocated && !(l.value.intersects(around) && r.value.intersects(around))) {
            continuous = false
        } else if sameProgram {
            continuous = true
        } else {
            var pointValue: MPFRInterval? = nil
            if !isLocated, case .exact(let x) = location {
                pointValue = BigFloat.withWidestExponentRange { ExactArithmetic.with { activation(x.enclosure(precision: wide)) } }
            }
            let limitsEqual = equalExactly(l.value, r.value)
            continuous = limitsEqual && (isLocated || pointValue.map { equalExactly($0, l.value) } == true)
            continuityEstablished = continuous
        }
        var differentiable: Bool, differentiabilityEstablished = continuityEstablished
        if let ls = l.slope, let rs = r.slope {
            if !ls.intersects(rs) {
                differentiable = false
                differentiabilityEstablished = true
            } else {
                differentiable = continuous && (sameProgram || equalExactly(ls, rs))
                differentiabilityEstablished = differentiable || !continuous && continuityEstablished
            }
        } else {
            let (dl, dr) = derivatives
            differentiable = continuous && dl.isNumber && dr.isNumber
                && BigFloat.abs(dl.value - dr.value) <= slopeTolerance(dl, dr, precision: precision)
        }
        return (continuous, differentiable, (continuityEstablished, differentiabilityEstablished))
    }

    /// How far apart two one-sided derivatives may be and still count as equal: their bounds, or
    /// a few ulps at `precision` of the larger.
    package static func slopeTolerance(_ dl: LimitEstimate, _ dr: LimitEstimate, precision: Int) -> BigFloat {
        BigFloat.maximum(dl.errorBound + dr.errorBound,
                         BigFloat.maximum(BigFloat.abs(dl.value), BigFloat.abs(dr.value)).timesPowerOfTwo(-(precision - 4)))
    }

    /// The observed order p̂ = log₂(e(h)/e(h/2)) of the one-sided difference quotient's error
    /// e(h) = |(f(x ± h) − f(x±))/(±h) − D±| at h = H/4 (an estimate, for information); nil when
    /// the quotient is exact.
    package static func observedOrder(_ f: (BigFloat, Int) -> BigFloat, at x: BigFloat, side: Side, step H: BigFloat,
                              limitValue: BigFloat, slope: BigFloat, precision w: Int) -> Double? {
        let s = side.sign
        // x ± h exactly needs the bits between them; an estimate is not worth more than 2^16.
        let span = Swift.max(0, x.exponent ?? 0) + Swift.max(0, -(H.exponent ?? 0)) + 3
        guard w + span <= Swift.min(BigFloat.maximumPrecision, w + (1 << 16)) else { return nil }
        func error(_ h: BigFloat) -> BigFloat {
            let t = BigFloat(x, precision: w + span) + (s > 0 ? h : -h)
            var q = f(t, w) - BigFloat(limitValue, precision: w)
            q /= h
            return BigFloat.abs((s > 0 ? q : -q) - slope)
        }
        let e1 = error(H.timesPowerOfTwo(-2)), e2 = error(H.timesPowerOfTwo(-3))
        let floor = BigFloat.maximum(BigFloat.abs(slope), BigFloat(1, precision: 64)).timesPowerOfTwo(-(w / 2))
        guard e1 > floor, e2 > floor else { return nil }
        return Double(BigFloat.log2(BigFloat(e1 / e2, precision: 64)))   // an estimate: 64 bits are plenty
    }

    /// α̂ = log₂(|f(x ± H) − f(x)| / |f(x ± H/2) − f(x)|), an estimate; nil when a difference vanishes.
    package static func holderExponent(_ f: (BigFloat, Int) -> BigFloat, at x: BigFloat, fx: BigFloat, side: Side,
                               step H: BigFloat, precision w: Int) -> Double? {
        let s = side.sign
        let t1 = BigFloat(x, precision: w) + (s > 0 ? H : -H)
        let t2 = BigFloat(x, precision: w) + (s > 0 ? H.timesPowerOfTwo(-1) : -H.timesPowerOfTwo(-1))
        let d1 = BigFloat.abs(f(t1, w) - fx), d2 = BigFloat.abs(f(t2, w) - fx)
        return (d1.isZero || d2.isZero) ? nil : Double(BigFloat.log2(BigFloat(d1 / d2, precision: 64)))
    }
}

extension MPFRInterval {
    /// True when the two intervals share a point.
    package func intersects(_ other: MPFRInterval) -> Bool { lower <= other.upper && other.lower <= upper }
}
