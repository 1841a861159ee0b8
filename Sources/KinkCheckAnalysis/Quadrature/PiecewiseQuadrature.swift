import BigFloat
import KinkCheck
import KinkCheckSupport

/// One piece of a piecewise integral: [lower, upper] and the rule's result there.
package struct QuadraturePiece: Sendable {
    package let lower: BigFloat
    package let upper: BigFloat
    package let result: QuadratureResult
}

/// A piecewise integral: the pieces, and their sum with the summed error bounds.
package struct PiecewiseQuadratureResult: Sendable, CustomStringConvertible {
    /// The pieces in increasing order (empty pieces — equal ends after rounding — included).
    package let pieces: [QuadraturePiece]
    /// ∑ pieces, their bounds summed (rounded up) plus the rounding of the sum; `levels` is the
    /// largest level count of any piece, `evaluations` the total, `converged` all pieces'.
    package let total: QuadratureResult

    package var value: BigFloat { total.value }
    package var errorBound: BigFloat { total.errorBound }
    package var converged: Bool { total.converged }
    package var evaluations: Int { total.evaluations }
    package var description: String { total.description + " over \(pieces.count) piece(s)" }
}

/// Integrates over [a, b] split at breakpoints — kinks, jumps, ends of a test function's
/// support — with one rule on each piece, so that no piece contains a point where the integrand
/// is not smooth.
///
/// Each piece meets the target relative to its own ∫|f|, so the sum meets it relative to the
/// total ∫|f|. The open rules here never evaluate f at a piece's ends, so f is never evaluated
/// at a breakpoint (nor at a or b).
///
/// Edge cases: breakpoints outside the open interval (a, b) and duplicates are ignored; a and b
/// and the breakpoints are rounded to the rule's working precision (pieces that become empty
/// contribute 0); `a > b` integrates over [b, a] and negates; non-finite points are a
/// precondition failure.
package struct PiecewiseQuadrature<Rule: QuadratureRule>: Sendable {
    package var rule: Rule
    /// Integrate the pieces on all cores (`parallelUpdate`); the pieces are
    /// summed in order afterwards, so the result is bit-identical to the serial one. Ignored when
    /// MPFR is not built thread-safe (``BigFloat/isThreadSafe``).
    package var parallelPieces: Bool

    package init(rule: Rule, parallelPieces: Bool = false) {
        self.rule = rule
        self.parallelPieces = parallelPieces
    }

    /// ∫_a^b f split at `breakpoints`, to `targetBits` relative to ∫|f|. A piece [l, r] for which
    /// `vanishes(l, r)` is true — the caller has proven f identically 0 there (a ReLU left of its
    /// kink) — is integrated as zeros, without evaluating f.
    package func integrate(_ f: QuadratureIntegrand, from a: BigFloat, to b: BigFloat,
                           breakpoints: [BigFloat] = [], targetBits: Int,
                           vanishes: (@Sendable (BigFloat, BigFloat) -> Bool)? = nil) -> PiecewiseQuadratureResult {
        precondition(a.isFinite && b.isFinite && breakpoints.allSatisfy(\.isFinite),
                     "piecewise quadrature needs finite endpoints and breakpoints")
        let (lo, hi, sign) = a <= b ? (a, b, 1) : (b, a, -1)
        let cuts = breakpoints.filter { $0 > lo && $0 < hi }.sorted()
        var points = [lo]
        for c in cuts where c != points.last! { points.append(c) }
        points.append(hi)
        let ends = points
        let count = ends.count - 1

        var results = [QuadratureResult?](repeating: nil, count: count)
        if let vanishes {
            // The rule's own result for zeros (+0, bound 0, whatever the zeros' signs: the tests
            // check), without the integrand's cost.
            for i in 0..<count where vanishes(ends[i], ends[i + 1]) {
                results[i] = rule.integrate({ .zero(precision: $0.precision) }, from: ends[i], to: ends[i + 1], targetBits: targetBits)
            }
        }
        results.parallelUpdate(threads: parallelPieces ? nil : 1) { i, result in
            if result == nil { result = rule.integrate(f, from: ends[i], to: ends[i + 1], targetBits: targetBits) }
        }
        let pieces = (0..<count).map { QuadraturePiece(lower: ends[$0], upper: ends[$0 + 1], result: results[$0]!) }
        var total = PiecewiseQuadrature.sum(pieces.map(\.result), method: rule.name, targetBits: targetBits)
        if sign < 0 { total = total.negated() }
        return PiecewiseQuadratureResult(pieces: pieces, total: total)
    }

    /// The sum of piece results in order, bounds added (rounded up) with the sum's own rounding.
    package static func sum(_ results: [QuadratureResult], method: String, targetBits: Int) -> QuadratureResult {
        let p = results.map(\.workingPrecision).max()!
        let (value, absValue, partBounds) = QuadratureMath.total(results.lazy.map { ($0.value, $0.absoluteIntegral, $0.errorBound) }, precision: p)
        var bound = partBounds
        if results.count > 1 {
            bound = QuadratureMath.sumUp(bound, QuadratureMath.roundingFloor(precision: p, terms: results.count, absoluteIntegral: absValue))
        }
        return QuadratureResult(value: value, errorBound: bound, absoluteIntegral: absValue, method: method,
                                levels: results.map(\.levels).max()!, evaluations: results.reduce(0) { $0 + $1.evaluations },
                                converged: results.allSatisfy(\.converged), workingPrecision: p, targetBits: targetBits)
    }
}
