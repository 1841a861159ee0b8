import BigFloat
import KinkCheck
import KinkCheckSupport

/// Adaptive Gauss–Legendre quadrature in MPFR: an independent second rule for the tanh-sinh one.
///
/// Each panel is integrated with the n-point and the 2n-point Gauss–Legendre rules; the panel's
/// value is the 2n-point one and its error estimate 2·|Gₙ − G₂ₙ|. Where the rules converge fast
/// that is about twice the error of Gₙ, far above the error of G₂ₙ (a deliberately pessimistic
/// bound); next to an endpoint singularity x^α the error of Gₙ falls only like n^(−2(1+α)), and
/// the factor 2 keeps the estimate above the error of G₂ₙ for α ≥ −½ (at α = −½ the two are
/// equal — the worst ratio of true error to estimate in the tests, 2^−0.93, was 1/√x; stronger
/// singularities need tanh-sinh). The panel with the largest estimate is bisected until the
/// summed estimates plus the rounding floor are at most 2^−targetBits · ∫|f| (globally
/// adaptive, like QUADPACK's QAG).
///
/// Nodes are roots of Pₙ found by Newton's method in BigFloat at working precision, cached per
/// (n, precision) and shared across calls and threads; they are stored as distances to the
/// nearest endpoint, like the tanh-sinh ones.
///
/// Cost: 3n evaluations per panel. An integrand analytic in a neighbourhood of [a, b] needs one
/// or a few panels; an essential singularity at an end of the interval (a bump's support end)
/// needs ≈ log₂(p) bisections towards it; an algebraic endpoint singularity like √x needs about
/// (2/3)·p of them, so at 300 digits prefer tanh-sinh for those (the result says when
/// ``maxPanels`` stopped it). Measured at 100 digits: e − 1 in one panel (204 evaluations); the
/// unit bump in 34 panels; 20 pairings −∫relu·φ′ take ≈ 71 000 evaluations against tanh-sinh's
/// 25 600 — Gauss–Legendre is the check, not the workhorse. The node tables for 300 digits
/// (n = 200 and 400) take ≈ 0.2 s to build, once per process.
///
/// Edge cases:
/// - Gauss nodes are interior, and panel ends are never nodes: f is never evaluated at a, b or
///   any bisection point.
/// - A panel too small to bisect at working precision is kept as it is.
/// - Stopping at ``maxPanels`` returns the sum so far with `converged == false` and the summed
///   estimates as the bound.
package struct GaussLegendreQuadrature: QuadratureRule {
    package var name: String { "gauss-legendre" }
    /// Extra bits of working precision over the target.
    package var guardBits: Int
    /// An absolute error below which the rule stops even short of the relative target, and which
    /// it then reports as its bound (nil: none). A caller whose check is absolute below some
    /// scale (the distributional identities' tolerance is relative to max(1, …)) need not
    /// resolve a piece whose whole integral is astronomically small — a sliver of a bump's
    /// support beside its end, where φ ≈ e^(−10⁸) — to full relative precision.
    package var absoluteTolerance: BigFloat? = nil
    /// Points n of the lower rule per panel (the upper has 2n); nil chooses from the precision.
    package var points: Int?
    /// The most panels one integral may use.
    package var maxPanels: Int

    package init(guardBits: Int = 32, points: Int? = nil, maxPanels: Int = 1000) {
        precondition(guardBits >= 8, "at least 8 guard bits")
        precondition(points.map { $0 >= 2 } ?? true, "at least 2 points")
        precondition(maxPanels >= 1)
        self.guardBits = guardBits
        self.points = points
        self.maxPanels = maxPanels
    }

    package func workingPrecision(forTargetBits targetBits: Int) -> Int { targetBits + guardBits }

    /// The lower point count n for a target: ⌈targetBits/5⌉ rounded up to even, at least 8.
    /// G₂ₙ then reaches the target on any panel whose integrand is analytic in the Bernstein
    /// ellipse of parameter ρ ≥ 2^(targetBits/(4n)) ≈ 2.4, which bisection soon provides.
    /// (Measured on 20 pairings −∫relu·φ′ at 50, 100 and 300 digits, n = bits/5 needed the fewest
    /// evaluations of bits/3 … bits/12, and the least time including the node tables.)
    package func pointCount(forTargetBits targetBits: Int) -> Int {
        if let points { return points }
        let n = Swift.max(8, (targetBits + 4) / 5)
        return n + n % 2
    }

    /// Node-table counters for one (points, working precision).
    package static func cacheStatistics(points: Int, workingPrecision p: Int) -> QuadratureCacheStatistics {
        GaussLegendreNodes.cache.statistics(for: .init(points: points, precision: p))
    }

    package func integrate(_ f: QuadratureIntegrand, from a: BigFloat, to b: BigFloat, targetBits: Int) -> QuadratureResult {
        integrateInOrder(from: a, to: b, targetBits: targetBits, title: "Gauss–Legendre",
                         workingPrecision: workingPrecision(forTargetBits:)) { lo, hi, p in
            integrateOrdered(f, lo: lo, hi: hi, p: p, targetBits: targetBits)
        }
    }

    private struct Panel {
        var lo: BigFloat, hi: BigFloat
        var value: BigFloat, absValue: BigFloat
        var estimate: BigFloat
        var splittable = true
    }

    private func integrateOrdered(_ f: QuadratureIntegrand, lo: BigFloat, hi: BigFloat, p: Int, targetBits: Int) -> QuadratureResult {
        let n = pointCount(forTargetBits: targetBits)
        let lower = GaussLegendreNodes.shared(points: n, precision: p)
        let upper = GaussLegendreNodes.shared(points: 2 * n, precision: p)
        var scratch = GaussLegendreScratch(precision: p)
        var evaluations = 0

        func panel(_ lo: BigFloat, _ hi: BigFloat) -> Panel {
            var half = BigFloat(nanWithPrecision: p)
            half.setDifference(hi, lo)
            half = half.timesPowerOfTwo(-1)
            let (coarse, _) = scratch.sum(f, lower, lo: lo, hi: hi, half: half)
            var (fine, fineAbs) = scratch.sum(f, upper, lo: lo, hi: hi, half: half)
            evaluations += 3 * n
            var difference = coarse - fine
            difference.formProduct(with: half)
            fine.formProduct(with: half)
            fineAbs.formProduct(with: half)
            fineAbs.formMagnitude()
            let estimate = fine.isFinite && coarse.isFinite
                ? QuadratureMath.magnitudeUp(difference.timesPowerOfTwo(1)) : .infinity(precision: QuadratureMath.boundPrecision)
            return Panel(lo: lo, hi: hi, value: fine, absValue: fineAbs, estimate: estimate)
        }

        var panels = [panel(lo, hi)]
        var totalEstimate = panels[0].estimate
        var totalAbs = panels[0].absValue
        var converged = false
        var reportedFloor: BigFloat? = nil   // the absolute tolerance, when that is what stopped it
        while true {
            let floor = QuadratureMath.roundingFloor(precision: p, terms: evaluations, absoluteIntegral: totalAbs)
            if !totalEstimate.isFinite { break }
            let estimate = QuadratureMath.sumUp(totalEstimate, floor)
            if let stop = QuadratureMath.stoppingBound(estimate: estimate, targetBits: targetBits, absoluteIntegral: totalAbs,
                                                       absolute: absoluteTolerance) {
                if stop.byAbsolute { reportedFloor = stop.bound }
                converged = true
                break
            }
            if panels.count >= maxPanels { break }
            // The splittable panel with the largest estimate (the first of equals).
            var worst = -1
            for (i, q) in panels.enumerated() where q.splittable && (worst < 0 || q.estimate > panels[worst].estimate) {
                worst = i
            }
            if worst < 0 { break }
            let old = panels[worst]
            var mid = BigFloat(nanWithPrecision: p)
            mid.setSum(old.lo, old.hi)
            mid = mid.timesPowerOfTwo(-1)
            if !(mid > old.lo && mid < old.hi) { panels[worst].splittable = false; continue }
            let left = panel(old.lo, mid), right = panel(mid, old.hi)
            panels.replaceSubrange(worst...worst, with: [left, right])
            // The estimates are summed afresh (a running sum with subtractions would keep the
            // rounding residue of the large early estimates); ∑|f| at working precision can run.
            totalEstimate = panels.reduce(BigFloat.zero(precision: QuadratureMath.boundPrecision)) {
                QuadratureMath.sumUp($0, $1.estimate)
            }
            totalAbs -= old.absValue
            totalAbs += left.absValue
            totalAbs += right.absValue
        }

        let (value, absValue, partBounds) = QuadratureMath.total(panels.lazy.map { ($0.value, $0.absValue, $0.estimate) }, precision: p)
        var bound = QuadratureMath.sumUp(partBounds, QuadratureMath.roundingFloor(precision: p, terms: evaluations, absoluteIntegral: absValue))
        if let reportedFloor { bound = BigFloat.maximum(bound, reportedFloor) }
        if !value.isFinite { bound = .infinity(precision: QuadratureMath.boundPrecision); converged = false }
        return QuadratureResult(value: value, errorBound: bound, absoluteIntegral: absValue, method: name,
                                levels: panels.count, evaluations: evaluations, converged: converged,
                                workingPrecision: p, targetBits: targetBits)
    }
}

/// Preallocated temporaries for Gauss–Legendre panel sums (internal). Noncopyable: it owns its
/// ``UniqueBigFloat``s, so the loop over the nodes writes into them with no uniqueness check.
package struct GaussLegendreScratch: ~Copyable {
    private var x: UniqueBigFloat, term: UniqueBigFloat, sum: UniqueBigFloat, absSum: UniqueBigFloat

    package init(precision p: Int) {
        x = UniqueBigFloat(nanWithPrecision: p); term = UniqueBigFloat(nanWithPrecision: p)
        sum = UniqueBigFloat(nanWithPrecision: p); absSum = UniqueBigFloat(nanWithPrecision: p)
    }

    /// (∑ w f(x), ∑ |w f(x)|) over the rule's nodes mapped onto [lo, hi] (not yet times half).
    /// Nodes are added in a fixed order: for each stored root, the left image then the right one.
    package mutating func sum(_ f: QuadratureIntegrand, _ rule: GaussLegendreNodes, lo: BigFloat, hi: BigFloat,
                      half: BigFloat) -> (BigFloat, BigFloat) {
        sum.set(0)
        absSum.set(0)
        let pairs = rule.hasCentre ? rule.distances.count - 1 : rule.distances.count
        for j in 0..<rule.distances.count {
            for side in 0..<(j < pairs ? 2 : 1) {
                x.setProduct(rule.distances[j], half)
                if side == 0 { x.formSum(with: lo) } else { x.negate(); x.formSum(with: hi) }
                let fx = x.withValue { f($0) }
                term.setProduct(fx, rule.weights[j])
                sum.formSum(with: term)
                term.formMagnitude()
                absSum.formSum(with: term)
            }
        }
        return (sum.value, absSum.value)
    }
}
