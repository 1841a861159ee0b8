import BigFloat
import KinkCheck
import KinkCheckSupport

/// Gauss–Legendre nodes and weights on [−1, 1] as proven enclosures, for certified quadrature.
///
/// The nodes are Newton's (``GaussLegendreNodes``, 32 bits beyond the precision asked for); each
/// is then *proven* to bracket a root of Pₙ: Pₙ evaluated in interval arithmetic (the three-term
/// recurrence over ``MPFRInterval``) has strictly opposite signs at ξ ± ε. The ⌈n/2⌉ brackets of
/// the nonnegative roots are disjoint, Pₙ has exactly n simple roots and is even or odd, so each
/// bracket holds exactly the root it is named for. The weight, 2(1 − ξ²)/(n Pₙ₋₁(ξ))² at a root,
/// is then enclosed over the whole bracket, so it holds the exact weight.
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
        // Interval arithmetic widens the recurrence's enclosures about threefold per step (its
        // terms are enclosed separately), from the rounding and from the bracket's own width:
        // Newton's nodes to 2n bits beyond the q kept, and the recurrence at 2n bits more again,
        // leave every enclosure q bits tight.
        let q = p + 32
        let accurate = q + 2 * n
        let r = accurate + 2 * n + 32
        let approximate = GaussLegendreNodes.shared(points: n, precision: accurate)
        var distances: [MPFRInterval] = [], weights: [MPFRInterval] = []
        for (i, d) in approximate.distances.enumerated() {
            let isCentre = approximate.hasCentre && i == approximate.distances.count - 1
            let bracket: MPFRInterval
            if isCentre {
                bracket = MPFRInterval(BigFloat(1, precision: r))   // ξ = 0 exactly (Pₙ is odd)
            } else {
                // ε: 2^−(accurate − 8) of d, proven by the sign change.
                guard let e = d.exponent else { return nil }
                let eps = BigFloat(1, precision: 64).timesPowerOfTwo(e - accurate + 8)
                var lo = BigFloat(nanWithPrecision: r), hi = BigFloat(nanWithPrecision: r)
                lo.setDifference(d, eps, rounding: .down)
                hi.setSum(d, eps, rounding: .up)
                let a = legendre(n, distance: MPFRInterval(lo)).pn, b = legendre(n, distance: MPFRInterval(hi)).pn
                let opposite = (a.lower.signum > 0 && b.upper.signum < 0) || (a.upper.signum < 0 && b.lower.signum > 0)
                guard opposite else { return nil }
                bracket = MPFRInterval(lower: lo, upper: hi)
            }
            // At a root, w = 2(1 − ξ²)/(n Pₙ₋₁(ξ))², enclosed over the whole bracket.
            let pm = legendre(n, distance: bracket).pm
            let t = MPFRInterval(exactInteger: n) * pm
            let w = MPFRInterval(exactInteger: 2) * bracket * (MPFRInterval(exactInteger: 2) - bracket) / (t * t)
            guard w.isFiniteInterval, w.lower.signum > 0 else { return nil }
            distances.append(bracket.roundedOutward(toPrecision: q + 8))
            weights.append(w.roundedOutward(toPrecision: q + 8))
        }
        return VerifiedGaussLegendreNodes(count: n, distances: distances, weights: weights)
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
