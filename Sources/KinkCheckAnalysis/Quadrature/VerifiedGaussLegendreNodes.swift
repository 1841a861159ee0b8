import BigFloat
import KinkCheck
import KinkCheckSupport

/// Gauss–Legendre nodes and weights on [−1, 1] as proven enclosures, for certified quadrature.
///
/// The nodes are Newton's (``GaussLegendreNodes``, a few dozen bits beyond the precision asked
/// for); each is then *proven* to bracket a root of Pₙ: Pₙ evaluated in interval arithmetic (the
/// three-term recurrence over ``MPFRInterval``) has strictly opposite signs at the bracket's ends
/// lo and hi. The ⌈n/2⌉ brackets of the nonnegative roots are disjoint, Pₙ has exactly n simple
/// roots and is even or odd, so each bracket holds exactly the root it is named for. The weight,
/// 2(1 − ξ²)/(n Pₙ₋₁(ξ))² at the root ξ, is enclosed over the whole bracket from Pₙ₋₁(lo) — a
/// by-product of the recurrence at lo — widened by |hi − lo|·(n − 1)², which bounds
/// |Pₙ₋₁(ξ) − Pₙ₋₁(lo)| by Markov's inequality (|p′| ≤ m² on [−1, 1] for a polynomial p of
/// degree m with |p| ≤ 1 there, as |Pₘ| ≤ 1 is). So two recurrences a node at points, not three
/// with one over the bracket, whose width the recurrence would amplify about threefold a step;
/// the Newton nodes then need only about 3·log₂n bits beyond the table's precision, not 2n.
///
/// Stored as in ``GaussLegendreNodes``: distances d = 1 − ξ of the nonnegative roots in increasing
/// order (the centre d = 1 last when n is odd), and their weights.
package struct VerifiedGaussLegendreNodes: Sendable {
    package let count: Int
    package let distances: [MPFRInterval]
    package let weights: [MPFRInterval]
    package var hasCentre: Bool { count % 2 == 1 }

    package struct Key: Hashable, Sendable { let points: Int; let precision: Int }
    package static let cache = QuadratureNodeCache<Key, VerifiedGaussLegendreNodes?>()

    /// The process-wide tables; nil when a bracket could not be proven (never seen: the Newton
    /// nodes are accurate to far more than the bracket's width).
    package static func shared(points n: Int, precision p: Int) -> VerifiedGaussLegendreNodes? {
        cache.table(for: Key(points: n, precision: p)) { compute(points: n, precision: p) }
    }

    package static func compute(points n: Int, precision p: Int) -> VerifiedGaussLegendreNodes? {
        precondition(n >= 1)
        // The bracket's relative half-width 2^−(accurate − 8) costs the weight about
        // 2.5·log₂n + 9 bits through Markov's bound (|Pₙ₋₁(ξ)| is about n^−½ at the roots), so
        // Newton's nodes to 24 + 3·log₂n bits beyond the q kept. Interval arithmetic widens the
        // recurrence's enclosures at a point about threefold per step (its terms are enclosed
        // separately): 2n bits more for the recurrence leave the ends' signs and Pₙ₋₁ q bits tight.
        let q = p + 32
        let accurate = q + 24 + 3 * (Int.bitWidth - n.leadingZeroBitCount)
        let r = accurate + 2 * n + 32
        let approximate = GaussLegendreNodes.shared(points: n, precision: accurate)
        let markov = MPFRInterval(exactInteger: (n - 1) * (n - 1))
        var distances: [MPFRInterval] = [], weights: [MPFRInterval] = []
        for (i, d) in approximate.distances.enumerated() {
            let isCentre = approximate.hasCentre && i == approximate.distances.count - 1
            let bracket: MPFRInterval, pm: MPFRInterval
            if isCentre {
                bracket = MPFRInterval(BigFloat(1, precision: r))   // ξ = 0 exactly (Pₙ is odd)
                pm = legendre(n, distance: bracket).pm
            } else {
                // ε: 2^−(accurate − 8) of d, proven by the sign change.
                guard let e = d.exponent else { return nil }
                let eps = BigFloat(1, precision: 64).timesPowerOfTwo(e - accurate + 8)
                var lo = BigFloat(nanWithPrecision: r), hi = BigFloat(nanWithPrecision: r)
                lo.setDifference(d, eps, rounding: .down)
                hi.setSum(d, eps, rounding: .up)
                let a = legendre(n, distance: MPFRInterval(lo)), b = legendre(n, distance: MPFRInterval(hi)).pn
                let opposite = (a.pn.lower.signum > 0 && b.upper.signum < 0) || (a.pn.upper.signum < 0 && b.lower.signum > 0)
                guard opposite else { return nil }
                bracket = MPFRInterval(lower: lo, upper: hi)
                // Pₙ₋₁ over the bracket: its value at lo ± (hi − lo)·(n − 1)².
                let reach = (MPFRInterval(hi) - MPFRInterval(lo)) * markov
                pm = a.pm + MPFRInterval(lower: -reach.upper, upper: reach.upper)
            }
            // At a root, w = 2(1 − ξ²)/(n Pₙ₋₁(ξ))², enclosed over the whole bracket.
            let t = MPFRInterval(exactInteger: n) * pm
            let w = MPFRInterval(exactInteger: 2) * bracket * (MPFRInterval(exactInteger: 2) - bracket) / (t * t)
            guard w.isFiniteInterval, w.lower.signum > 0 else { return nil }
            distances.append(bracket.roundedOutward(toPrecision: q + 8))
            weights.append(w.roundedOutward(toPrecision: q + 8))
        }
        return VerifiedGaussLegendreNodes(count: n, distances: distances, weights: weights)
    }

    /// `visit(node, weight)` for the rule mapped to [a, b] of half-width `half` (nodes enclosed,
    /// weights on [−1, 1]: the caller scales its sums by the half-width), until `visit` returns
    /// false; false then.
    package func forEachNode(on a: BigFloat, _ b: BigFloat, half: MPFRInterval, _ visit: (MPFRInterval, MPFRInterval) -> Bool) -> Bool {
        let centre = (MPFRInterval(a) + MPFRInterval(b)) * MPFRInterval(BigFloat(0.5, precision: 64))
        for (d, w) in zip(distances, weights) {
            if d.isPoint && d.lower == 1 {                      // the centre (n odd)
                guard visit(centre, w) else { return false }
            } else {
                let offset = half * (MPFRInterval(exactInteger: 1) - d)
                guard visit(centre - offset, w), visit(centre + offset, w) else { return false }
            }
        }
        return true
    }

    /// (Pₙ(ξ), Pₙ₋₁(ξ)) at ξ = 1 − d by the three-term recurrence, in an enclosure type.
    package static func legendre<T: ActivationScalar>(_ n: Int, distance d: T) -> (pn: T, pm: T) {
        let x = T(exactInteger: 1) - d
        var p0 = T(exactInteger: 1), p1 = x
        if n == 0 { return (p0, T(exactInteger: 0)) }
        for j in 1..<n {
            let p2 = (T(exactInteger: 2 * j + 1) * x * p1 - T(exactInteger: j) * p0) / T(exactInteger: j + 1)
            p0 = p1
            p1 = p2
        }
        return (p1, p0)
    }
}
