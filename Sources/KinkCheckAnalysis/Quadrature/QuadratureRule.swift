import BigFloat
import KinkCheck
import KinkCheckSupport

/// An integrand for the quadrature rules: called with a point at the rule's working precision,
/// it returns f at that point (at least at that precision; the rule rounds products to it).
///
/// It is `@Sendable` so a rule may evaluate nodes on two threads (see
/// ``TanhSinhQuadrature/parallelSides``); closures capturing `let` BigFloats qualify.
package typealias QuadratureIntegrand = @Sendable (BigFloat) -> BigFloat

/// A quadrature rule over a finite interval: a strategy type with one override point,
/// ``integrate(_:from:to:targetBits:)`` (as mpmath's `QuadratureRule` subclasses override
/// `calc_nodes`). The piecewise driver and the two-rule check work with any conforming type.
///
/// Contract for conforming types:
/// - Work at `targetBits + guard` bits, never evaluate `f` at `a` or `b` (open rules only), and
///   return the value at working precision with an error estimate meant as a bound.
/// - The target is *relative to ∫|f|*: stop when the estimate is at most
///   `2^-targetBits · ∫_a^b |f|` (an absolute target would be unreachable for large integrals and
///   meaningless for ones that cancel to 0).
package protocol QuadratureRule: Sendable {
    /// The rule's name in results and reports, e.g. `"tanh-sinh"`.
    var name: String { get }

    /// ∫_a^b f, with an error estimate.
    ///
    /// Edge cases: `a == b` gives 0 with bound 0 and no evaluations; `a > b` gives −∫_b^a f.
    /// Non-finite endpoints are a precondition failure. An integrand that returns NaN (or ±∞)
    /// makes the value NaN and `converged` false.
    func integrate(_ f: QuadratureIntegrand, from a: BigFloat, to b: BigFloat, targetBits: Int) -> QuadratureResult
}

extension QuadratureRule {
    /// ∫_a^b f to `digits` significant decimal digits (relative to ∫|f|): the bit target is
    /// ⌈digits · log₂10⌉.
    package func integrate(_ f: QuadratureIntegrand, from a: BigFloat, to b: BigFloat, digits: Int) -> QuadratureResult {
        integrate(f, from: a, to: b, targetBits: QuadratureTarget.bits(forDigits: digits))
    }
}

extension QuadratureRule {
    /// The opening `integrate` shares in every rule that works on an ordered interval at `p`
    /// bits: the preconditions (`title` names the rule in them), the ends rounded to `p` bits,
    /// 0 for an empty interval and −∫_b^a for a reversed one; `ordered(lo, hi)` does the rest.
    package func integrateInOrder(from a: BigFloat, to b: BigFloat, targetBits: Int, title: String,
                          workingPrecision: (Int) -> Int,
                          _ ordered: (_ lo: BigFloat, _ hi: BigFloat, _ p: Int) -> QuadratureResult) -> QuadratureResult {
        precondition(targetBits >= 2, "target of at least 2 bits")
        precondition(a.isFinite && b.isFinite, "\(title) needs finite endpoints, got \(a) and \(b)")
        let p = workingPrecision(targetBits)
        let lo = BigFloat(a, precision: p), hi = BigFloat(b, precision: p)
        if lo == hi { return .empty(method: name, workingPrecision: p, targetBits: targetBits) }
        if lo > hi { return ordered(hi, lo, p).negated() }
        return ordered(lo, hi, p)
    }
}

/// Conversions between decimal digits and bits used by the quadrature layer.
package enum QuadratureTarget {
    /// ⌈digits · log₂10⌉ — the bits needed for `digits` significant decimal digits.
    package static func bits(forDigits digits: Int) -> Int {
        precondition(digits > 0, "digits must be positive")
        // log2(10) = 3.3219280948873623…; 3.32192809488736235 · digits, rounded up.
        return Int((Double(digits) * 3.321928094887362).rounded(.up))
    }
}

/// The outcome of one quadrature: the value, an error estimate meant as a bound, and the cost.
///
/// Mathematical properties: for a rule that converged, `|value − ∫f| ≤ errorBound` is what the
/// estimate claims (it is a heuristic, checked against known integrals in the tests, not a proof);
/// `errorBound ≥ 2^-(workingPrecision − log₂ evaluations) · absoluteIntegral` (the rounding floor).
///
/// Edge cases: when `converged` is false the bound is still the rule's honest estimate at the
/// last level (possibly larger than the target, or +∞ when nothing could be estimated).
package struct QuadratureResult: Sendable, CustomStringConvertible {
    /// The integral at working precision (round once yourself if you need fewer bits).
    package let value: BigFloat
    /// Estimated bound on |value − ∫f|, rounded up, at 64 bits.
    package let errorBound: BigFloat
    /// Estimate of ∫|f| (the scale the target is relative to).
    package let absoluteIntegral: BigFloat
    /// The rule's name (`"tanh-sinh"`, `"gauss-legendre"`, or the piecewise/two-rule names).
    package let method: String
    /// Tanh-sinh: the number of step halvings used (levels 0…levels−1). Gauss–Legendre: panels.
    package let levels: Int
    /// Integrand evaluations.
    package let evaluations: Int
    /// Whether the error estimate met the target.
    package let converged: Bool
    /// Bits the nodes and sums were computed with.
    package let workingPrecision: Int
    /// The bit target that was asked for.
    package let targetBits: Int

    package init(value: BigFloat, errorBound: BigFloat, absoluteIntegral: BigFloat, method: String,
                levels: Int, evaluations: Int, converged: Bool, workingPrecision: Int, targetBits: Int) {
        self.value = value
        self.errorBound = errorBound
        self.absoluteIntegral = absoluteIntegral
        self.method = method
        self.levels = levels
        self.evaluations = evaluations
        self.converged = converged
        self.workingPrecision = workingPrecision
        self.targetBits = targetBits
    }

    /// The same result with value and bound negated/kept (for ∫_b^a = −∫_a^b).
    package func negated() -> QuadratureResult {
        QuadratureResult(value: -value, errorBound: errorBound, absoluteIntegral: absoluteIntegral,
                         method: method, levels: levels, evaluations: evaluations, converged: converged,
                         workingPrecision: workingPrecision, targetBits: targetBits)
    }

    /// 0 with bound 0: the integral over an empty interval.
    package static func empty(method: String, workingPrecision: Int, targetBits: Int) -> QuadratureResult {
        QuadratureResult(value: .zero(precision: workingPrecision), errorBound: .zero(precision: 64),
                         absoluteIntegral: .zero(precision: workingPrecision), method: method, levels: 0,
                         evaluations: 0, converged: true, workingPrecision: workingPrecision, targetBits: targetBits)
    }

    package var description: String {
        "\(method): \(value.decimalString(significantDigits: Swift.max(6, targetBits * 3 / 10))) ± "
            + "\(errorBound.scientificString(fractionDigits: 2)) (\(levels) levels, \(evaluations) evaluations"
            + (converged ? ")" : ", not converged)")
    }
}
