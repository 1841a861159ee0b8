import BigFloat
import KinkCheck
import KinkCheckSupport

/// Two independent rules on the same pieces, and whether their answers are consistent.
///
/// Mathematical properties: if both error bounds are honest, the integral lies in both intervals
/// [vᵢ − bᵢ, vᵢ + bᵢ]; they then intersect, which is `agree` (|v₁ − v₂| ≤ b₁ + b₂). The combined
/// `value` and `errorBound` are the midpoint and half-width of that intersection — never wider
/// than the better of the two. When the rules disagree, at least one bound is wrong and the
/// combined interval is the hull of both (midpoint, half-width), so it still covers whichever
/// rule was right.
///
/// Edge cases: a rule with an infinite bound (nothing estimated) agrees with anything; if both
/// are infinite the value is the first rule's and the bound +∞.
package struct TwoRuleQuadratureResult: Sendable, CustomStringConvertible {
    package let first: PiecewiseQuadratureResult
    package let second: PiecewiseQuadratureResult
    /// |v₁ − v₂| ≤ b₁ + b₂.
    package let agree: Bool
    /// The midpoint of the intersection (agree) or hull (disagree) of the two intervals.
    package let value: BigFloat
    /// Its half-width, rounded up.
    package let errorBound: BigFloat
    /// Both rules converged and they agree.
    package var converged: Bool { agree && first.converged && second.converged }
    /// "first+second", e.g. "tanh-sinh+gauss-legendre".
    package let method: String

    package init(first: PiecewiseQuadratureResult, second: PiecewiseQuadratureResult) {
        self.first = first
        self.second = second
        method = first.total.method + "+" + second.total.method
        let p = Swift.max(first.total.workingPrecision, second.total.workingPrecision)
        let (v1, b1) = (first.value, first.errorBound), (v2, b2) = (second.value, second.errorBound)
        var gap = BigFloat(nanWithPrecision: p + 64)   // v1 − v2 exactly for nearby values
        gap.setDifference(v1, v2)
        agree = QuadratureMath.magnitudeUp(gap) <= QuadratureMath.sumUp(b1, b2)
        if !b1.isFinite || !b2.isFinite || v1.isNaN || v2.isNaN {
            let useSecond = !b2.isNaN && b2.isFinite && !v2.isNaN
            value = BigFloat(useSecond ? v2 : v1, precision: p)
            errorBound = useSecond ? b2 : (b1.isFinite ? b1 : .infinity(precision: QuadratureMath.boundPrecision))
            return
        }
        func lower(_ v: BigFloat, _ b: BigFloat) -> BigFloat {
            var r = BigFloat(nanWithPrecision: p + 64); r.setDifference(v, b, rounding: .down); return r
        }
        func upper(_ v: BigFloat, _ b: BigFloat) -> BigFloat {
            var r = BigFloat(nanWithPrecision: p + 64); r.setSum(v, b, rounding: .up); return r
        }
        let (l1, u1, l2, u2) = (lower(v1, b1), upper(v1, b1), lower(v2, b2), upper(v2, b2))
        let lo = agree ? BigFloat.maximum(l1, l2) : BigFloat.minimum(l1, l2)
        let hi = agree ? BigFloat.minimum(u1, u2) : BigFloat.maximum(u1, u2)
        var mid = BigFloat(nanWithPrecision: p)
        mid.setSum(lo, hi)
        mid = mid.timesPowerOfTwo(-1)
        var above = BigFloat(nanWithPrecision: QuadratureMath.boundPrecision)
        above.setDifference(hi, mid, rounding: .up)
        var below = BigFloat(nanWithPrecision: QuadratureMath.boundPrecision)
        below.setDifference(mid, lo, rounding: .up)
        value = mid
        errorBound = BigFloat.maximum(QuadratureMath.magnitudeUp(above), QuadratureMath.magnitudeUp(below))
    }

    package var description: String {
        "\(method): " + (agree ? "agree" : "DISAGREE") + "\n  " + first.description + "\n  " + second.description
    }
}

/// The same piecewise integral by two independent rules (by default tanh-sinh and
/// Gauss–Legendre), as a check on each rule's error estimate.
///
/// A rule whose estimate is too optimistic — false convergence on an oscillating integrand, a
/// kink that was not given as a breakpoint, too few levels — shows up as disagreement. The
/// default pair differs in everything that matters: node placement (clustered double-
/// exponentially at the ends vs. Chebyshev-like), refinement (step halving vs. bisection) and
/// error estimate (level extrapolation vs. n against 2n points).
package struct TwoRuleQuadrature<First: QuadratureRule, Second: QuadratureRule>: Sendable {
    package var first: PiecewiseQuadrature<First>
    package var second: PiecewiseQuadrature<Second>
    /// Run the two rules on two threads (results identical to the serial ones; ignored when MPFR
    /// is not built thread-safe).
    package var parallelRules: Bool

    package init(first: First, second: Second, parallelRules: Bool = false, parallelPieces: Bool = false) {
        self.first = PiecewiseQuadrature(rule: first, parallelPieces: parallelPieces)
        self.second = PiecewiseQuadrature(rule: second, parallelPieces: parallelPieces)
        self.parallelRules = parallelRules
    }

    /// ∫_a^b f split at `breakpoints` by both rules.
    package func integrate(_ f: QuadratureIntegrand, from a: BigFloat, to b: BigFloat,
                           breakpoints: [BigFloat] = [], targetBits: Int,
                           vanishes: (@Sendable (BigFloat, BigFloat) -> Bool)? = nil) -> TwoRuleQuadratureResult {
        let results = parallelMap(2, threads: parallelRules ? 2 : 1) { i in
            i == 0 ? first.integrate(f, from: a, to: b, breakpoints: breakpoints, targetBits: targetBits, vanishes: vanishes)
                : second.integrate(f, from: a, to: b, breakpoints: breakpoints, targetBits: targetBits, vanishes: vanishes)
        }
        return TwoRuleQuadratureResult(first: results[0], second: results[1])
    }
}

extension TwoRuleQuadrature where First == TanhSinhQuadrature, Second == GaussLegendreQuadrature {
    /// Tanh-sinh and Gauss–Legendre with their default settings.
    package init(parallelRules: Bool = false, parallelPieces: Bool = false) {
        self.init(first: TanhSinhQuadrature(), second: GaussLegendreQuadrature(),
                  parallelRules: parallelRules, parallelPieces: parallelPieces)
    }
}
