import BigFloat
import KinkCheck
import KinkCheckSupport

/// A junction's verdict on a law.
package enum JunctionVerdict: Sendable {
    case holds
    case refuted(ShapeCounterexample)
    case undecided(String)
}

extension ShapeJunction {
    /// The law's condition at this point, from the point analysis — only from certified
    /// one-sided limits (an estimate decides nothing):
    /// - convex: f continuous here, and D⁻ ≤ D⁺ (a convex function on ℝ is continuous; pieces
    ///   convex up to the point join convexly iff the left slope does not exceed the right);
    /// - monotone: f(x⁻) ≤ f(x) ≤ f(x⁺) (equalities when continuous);
    /// - Lipschitz: f continuous here; a certified |D±| > L refutes (the slope is above L beside
    ///   the point), and within the pieces the cells decide.
    /// Refuted by a certified jump (convex, Lipschitz), a certified downward step (monotone) or
    /// certified slopes in the wrong order (convex); undecided when continuity is not certified
    /// (limits that agree only to within their enclosures: two formulas equal by an identity).
    package func verdict(_ law: ShapeProofLaw, _ activation: any Activation) -> JunctionVerdict {
        let a = analysis
        let valuesCertified = a.leftValue.isCertified && a.rightValue.isCertified
        let continuous = valuesCertified && a.continuous && a.continuityEstablished
        let jumps = valuesCertified && !a.continuous && a.continuityEstablished
        let at = "x = \(Self.describe(x))"
        let jumpText = "\(at): f(x⁻) = \(Self.describe(a.leftValue)), f(x⁺) = \(Self.describe(a.rightValue)), f(x) = \(Self.describe(a.value))"
        let unsettled = "continuity is not certified (f(x⁻), f(x), f(x⁺) agree to within their enclosures but are not proven equal)"
        switch law {
        case .convex:
            if jumps { return .refuted(kink("\(jumpText): f is not continuous there (certified), and a convex function is")) }
            guard continuous else { return .undecided(unsettled) }
            let (dl, dr) = (a.leftDerivative, a.rightDerivative)
            guard dl.isCertified, dr.isCertified else { return .undecided("D⁻ or D⁺ is not certified") }
            if a.differentiable && a.differentiabilityEstablished { return .holds }
            if dl.value + dl.errorBound <= dr.value - dr.errorBound { return .holds }
            if dl.value - dl.errorBound > dr.value + dr.errorBound {
                return .refuted(kink("\(at): D⁻ = \(Self.describe(dl)) > D⁺ = \(Self.describe(dr)) (certified), so the slope falls and f is not convex"))
            }
            return .undecided("D⁻ and D⁺ agree to within their bounds but are not proven in order")
        case .monotone:
            if continuous { return .holds }
            guard valuesCertified, case .exact(let p) = location, let fx = pointValue(p, activation) else {
                return .undecided(valuesCertified ? "f(x) is not certified" : "f(x⁻) or f(x⁺) is not certified")
            }
            let (l, r) = (Self.enclosure(a.leftValue), Self.enclosure(a.rightValue))
            if l.upper <= fx.lower && fx.upper <= r.lower { return .holds }
            if l.lower > fx.upper || fx.lower > r.upper || l.lower > r.upper {
                return .refuted(kink("\(jumpText) (certified): f steps down there"))
            }
            return .undecided(unsettled)
        case .lipschitz(let L):
            if jumps { return .refuted(kink("\(jumpText): f is not continuous there (certified), and a Lipschitz function is")) }
            guard continuous else { return .undecided(unsettled) }
            let bound = L.bigFloat(precision: 128, rounding: .up)
            for (name, d) in [("D⁻", a.leftDerivative), ("D⁺", a.rightDerivative)] where d.isCertified {
                if BigFloat.abs(d.value) - d.errorBound > bound {
                    return .refuted(kink("\(at): |\(name)| = |\(Self.describe(d))| > \(L) (certified)"))
                }
            }
            return .holds
        }
    }

    func kink(_ text: String) -> ShapeCounterexample { ShapeCounterexample(x: x, text: text, atKink: true) }

    /// f(x) enclosed at the exact point, in exact mode (so h0 = 0.5 at heaviside's 0 is the point
    /// 0.5); nil when a branch is ambiguous there or the value is not finite.
    func pointValue(_ p: ExactPoint, _ activation: any Activation) -> MPFRInterval? {
        let (v, ambiguous) = BigFloat.withWidestExponentRange {
            IntervalAmbiguity.withTracking { ExactArithmetic.with { activation(p.enclosure(precision: 192)) } }
        }
        return ambiguous == 0 && v.isFiniteInterval ? v : nil
    }

    /// value ± bound as an interval (the bound of a certified limit covers its whole enclosure).
    static func enclosure(_ e: LimitEstimate) -> MPFRInterval {
        var lo = BigFloat(nanWithPrecision: e.value.precision + 8), hi = BigFloat(nanWithPrecision: e.value.precision + 8)
        lo.setDifference(e.value, e.errorBound, rounding: .down)
        hi.setSum(e.value, e.errorBound, rounding: .up)
        return MPFRInterval(lower: lo, upper: hi)
    }

    static func describe(_ x: BigFloat) -> String { x.decimalString(significantDigits: 10).trimmingFractionZeros }
    static func describe(_ e: LimitEstimate) -> String { describe(e.value) }
}
