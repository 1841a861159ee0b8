import BigFloat
import KinkCheck
import KinkCheckSupport
import RealModule

/// Gauss–Legendre nodes and weights on [−1, 1] for one point count and precision (internal).
///
/// Only the nonnegative roots are stored (the rule is symmetric), as distances to the endpoint,
/// d = 1 − ξ, in increasing order; when n is odd the last entry is the centre, d = 1.
/// Weights: w = 2(1 − ξ²) / (n² (ξ Pₙ(ξ) − Pₙ₋₁(ξ))²), with 1 − ξ² = d(2 − d).
package struct GaussLegendreNodes: Sendable {
    package let count: Int
    package let distances: [BigFloat]
    package let weights: [BigFloat]
    /// Whether the last stored node is the centre ξ = 0 (n odd), which has no mirror image.
    package var hasCentre: Bool { count % 2 == 1 }

    package struct Key: Hashable, Sendable { let points: Int; let precision: Int }

    /// The process-wide tables, one per (points, precision).
    package static let cache = QuadratureNodeCache<Key, GaussLegendreNodes>()

    package static func shared(points n: Int, precision p: Int) -> GaussLegendreNodes {
        cache.table(for: Key(points: n, precision: p)) { compute(points: n, precision: p) }
    }

    /// Newton's method on Pₙ from the Tricomi-type initial guess cos(π(i − ¼)/(n + ½)): first in
    /// Double, then in BigFloat at doubling precisions (each step doubles the correct bits, so
    /// the cost is dominated by the last one or two full-precision passes of O(n) per root),
    /// at p + 16 + 2⌈log₂ n⌉ bits (1 − ξ loses up to 2 log₂ n bits near the ends), rounded once.
    package static func compute(points n: Int, precision p: Int) -> GaussLegendreNodes {
        precondition(n >= 1)
        let q = p + 16 + 2 * QuadratureMath.ceilLog2(n)
        var distances: [BigFloat] = [], weights: [BigFloat] = []
        var evaluator = LegendreEvaluator(degree: n)
        for i in 1..<(n / 2 + 1) {                          // none for n = 1
            var xd = Double.cos(Double.pi * (Double(i) - 0.25) / (Double(n) + 0.5))
            for _ in 0..<100 {
                let (pn, pm) = legendre(n, xd)
                let delta = pn * (xd * xd - 1) / (Double(n) * (xd * pn - pm))
                xd -= delta
                if Swift.abs(delta) <= 1e-17 { break }
            }
            var r = 96
            var x = BigFloat(xd, precision: r)
            while r < q {
                r = Swift.min(2 * r - 16, q)
                x = BigFloat(x, precision: r)
                evaluator.newtonStep(&x)
            }
            // Full precision: until the correction is below the last few bits.
            for _ in 0..<4 {
                let delta = evaluator.newtonStep(&x)
                if delta.isZero { break }
                if let e = delta.exponent, let ex = x.exponent, e < ex - q + 4 { break }
            }
            let (d, w) = evaluator.distanceAndWeight(x)
            distances.append(BigFloat(d, precision: p))
            weights.append(BigFloat(w, precision: p))
        }
        if n % 2 == 1 {
            let (d, w) = evaluator.distanceAndWeight(.zero(precision: q))
            distances.append(BigFloat(d, precision: p))
            weights.append(BigFloat(w, precision: p))
        }
        return GaussLegendreNodes(count: n, distances: distances, weights: weights)
    }

    /// (Pₙ(x), Pₙ₋₁(x)) in Double by the three-term recurrence.
    package static func legendre(_ n: Int, _ x: Double) -> (Double, Double) {
        var p0 = 1.0, p1 = x
        if n == 0 { return (1, 0) }
        for j in 1..<n {
            let p2 = (Double(2 * j + 1) * x * p1 - Double(j) * p0) / Double(j + 1)
            p0 = p1; p1 = p2
        }
        return (p1, p0)
    }
}

/// Pₙ and Pₙ₋₁ in BigFloat with preallocated temporaries (reallocated when the precision changes).
/// Noncopyable: the temporaries are ``UniqueBigFloat``s it owns, so the recurrence writes into
/// them with no uniqueness check.
package struct LegendreEvaluator: ~Copyable {
    package let degree: Int
    private var precision = 0
    private var p0 = UniqueBigFloat(nanWithPrecision: 2), p1 = UniqueBigFloat(nanWithPrecision: 2)
    private var p2 = UniqueBigFloat(nanWithPrecision: 2), t = UniqueBigFloat(nanWithPrecision: 2)

    package init(degree: Int) { self.degree = degree }

    private mutating func prepare(_ r: Int) {
        guard r != precision else { return }
        precision = r
        p0 = UniqueBigFloat(nanWithPrecision: r); p1 = UniqueBigFloat(nanWithPrecision: r)
        p2 = UniqueBigFloat(nanWithPrecision: r); t = UniqueBigFloat(nanWithPrecision: r)
    }

    /// Leaves Pₙ(x) in p1 and Pₙ₋₁(x) in p0, at x's precision.
    private mutating func evaluate(_ x: BigFloat) {
        prepare(x.precision)
        p0.set(1)
        p1.set(x)
        guard degree > 1 else { return }
        for j in 1..<degree {
            // p2 = ((2j + 1) x p1 − j p0) / (j + 1)
            p2.setProduct(x, p1)
            p2.formProduct(with: 2 * j + 1)
            p0.formProduct(with: j)
            p2.formDifference(with: p0)
            p2.formQuotient(with: j + 1)
            swap(&p0, &p1)
            swap(&p1, &p2)
        }
    }

    /// x ← x − Pₙ(x)(x² − 1)/(n(x Pₙ − Pₙ₋₁)); returns the correction.
    @discardableResult
    package mutating func newtonStep(_ x: inout BigFloat) -> BigFloat {
        evaluate(x)
        // t = x Pn − Pn−1  (the derivative is n t / (x² − 1))
        t.setProduct(x, p1)
        t.formDifference(with: p0)
        t.formProduct(with: degree)
        var delta = UniqueBigFloat(nanWithPrecision: x.precision)
        delta.setProduct(x, x)
        delta.formDifference(with: 1)
        delta.formProduct(with: p1)
        delta.formQuotient(with: t)
        let correction = BigFloat(delta)
        x -= correction
        return correction
    }

    /// d = 1 − x and the weight 2(1 − x²)/(n²(x Pₙ − Pₙ₋₁)²) at x's precision.
    package mutating func distanceAndWeight(_ x: BigFloat) -> (BigFloat, BigFloat) {
        evaluate(x)
        let r = x.precision
        var d = BigFloat(1, precision: r)
        d -= x
        var twoMinusD = BigFloat(2, precision: r)
        twoMinusD -= d
        t.setProduct(x, p1)
        t.formDifference(with: p0)
        t.formProduct(with: degree)
        t.formSquare()
        var w = UniqueBigFloat(nanWithPrecision: r)
        w.setProduct(d, twoMinusD)
        w.formProduct(with: 2)
        w.formQuotient(with: t)
        return (d, BigFloat(w))
    }
}
