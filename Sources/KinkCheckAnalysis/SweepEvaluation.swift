import BigFloat
import Dispatch
import KinkCheck
import KinkCheckSupport

/// A Taylor model of an activation on one side of a point c, for the sweep points
/// x = c ± 2^−k of a convergence map: one ``TaylorSeries`` evaluation replaces thousands of Ziv
/// loops, and each point then costs a short Horner sum. Every value it returns is certified the
/// way the Ziv loop certifies: an enclosure of the exact f(x) whose two ends round alike.
///
/// The model. Let g be the function the definition's branches compute on the open side of c
/// (W = p + 64 bits; N ≈ (W + 32)/k_min, so the model needs points with |t| ≤ 2^−k_min).
/// - Anchor a on that side next to c, closer than 2^−W·|t| for every point t: a = ±2^−E for
///   c = 0, else c's neighbour at W′ = W + (e_c − e_t,min) bits; ε₀ = |a − c|. (Not c itself: at a
///   kink the definition at c takes the other side's branch.)
/// - Cᵢ ⊇ g⁽ⁱ⁾(a)/i!, i = 0 … N: a TaylorSeries at the point a, W′ bits.
/// - R ⊇ g⁽ᴺ⁺¹⁾(ξ)/(N+1)! for every ξ in X = hull(a, model points): a TaylorSeries on X.
///   Both evaluations must be free of ambiguous comparisons and have finite coefficients: then
///   one straight-line program of analytic functions computes f on all of X (X contains a and
///   every model point), so f = g there and g is smooth on X.
/// - For a model point x, with t = x − c (exact) and s = x − a (so |s| ≤ |t|), Taylor's theorem
///   at a gives g(x) = Σ_{i≤N} g⁽ⁱ⁾(a)/i!·sⁱ + g⁽ᴺ⁺¹⁾(ξ)/(N+1)!·s^(N+1), hence
///   g(x) ∈ Σ_{i≤m} Cᵢ·tⁱ ± [Σ_{m<i≤N} |Cᵢ||t|ⁱ + |R||t|^(N+1) + ε₀·Σ_{1≤i≤m} i|Cᵢ||t|^(i−1)]
///   using |sⁱ − tⁱ| ≤ i|t|^(i−1)·ε₀. The bracket is bounded with integer exponents
///   (|Cᵢ| < 2^λᵢ): (number of terms, each weighted by i) × 2^(largest exponent).
/// - The Horner sum runs in outward-rounded interval arithmetic at W bits (t is exact, and for
///   c = 0 a power of two) in MPFR's widest exponent range; m is the last term above 2^(−W−16)
///   of the largest, so a point at k costs about W/k fused multiply-adds.
///
/// A point whose enclosure does not round alike (or rounds to zero, whose sign the Ziv loop
/// settles by a point evaluation) gets nil, and the caller runs the Ziv loop: the result is the
/// same correctly rounded number either way.
package struct TaylorSweepModel: Sendable {
    package let centre: BigFloat
    package let side: Side
    /// Working precision W of the coefficients and the Horner sums.
    package let precision: Int
    /// Precision p the values are rounded to.
    package let targetPrecision: Int
    package let coefficients: [MPFRInterval]
    /// λᵢ with |Cᵢ| < 2^λᵢ; nil when Cᵢ is exactly 0.
    package let exponents: [Int?]
    /// λ_R with |R| < 2^λ_R; nil when R is exactly 0.
    package let remainderExponent: Int?
    /// ε₀ < 2^anchorExponent.
    package let anchorExponent: Int
    /// The model covers the points strictly beyond the anchor and up to `far` (X = hull(anchor, far)).
    package let anchor: BigFloat
    package let far: BigFloat
    package var order: Int { coefficients.count - 1 }

    /// The smallest k whose points a model at precision p serves; smaller k run the Ziv loop.
    /// Chosen so the series order stays near 96: N ≈ (W + 32)/k.
    package static func smallestK(precision p: Int) -> Int {
        let w = workingPrecision(p)
        return Swift.max(4, (w + 32 + 95) / 96)
    }

    package static func workingPrecision(_ p: Int) -> Int { p + 64 }

    /// Builds the model for the points `xs` (all on `side` of c, none equal to c), or nil when
    /// the definition is not one smooth branch over them (or they are too far from c).
    package static func build(_ activation: any Activation, centre c: BigFloat, precision p: Int, side: Side,
                      points xs: [BigFloat]) -> TaylorSweepModel? {
        guard !xs.isEmpty, c.isFinite else { return nil }
        let w = workingPrecision(p)
        // Offsets t = x − c, exact.
        var offsets: [BigFloat] = []
        for x in xs {
            guard let t = exactOffset(x, from: c), !t.isZero, (t.signum > 0) == (side == .right) else { return nil }
            offsets.append(t)
        }
        let largest = offsets.map { $0.exponent! }.max()!    // |t| < 2^largest
        let smallest = offsets.map { $0.exponent! }.min()!   // |t| ≥ 2^(smallest − 1)
        guard largest <= -1 else { return nil }
        let order = Swift.max(1, (w + 32 + (-largest) - 1) / (-largest) + 1)
        guard order <= 256 else { return nil }   // points too far from c for a cheap model
        // The anchor, and the precision of the series: for c ≠ 0, a is c's neighbour at wc bits,
        // with wc large enough that ε₀ ≤ 2^−W·|t| for every point (f may vanish at c: a root).
        let sign = side == .right ? 1 : -1
        var a: BigFloat
        var wc = w
        if c.isZero {
            a = BigFloat(sign, precision: 2).timesPowerOfTwo(smallest - 1 - w - 64)
        } else {
            wc = w + Swift.max(0, c.exponent! - (smallest - 1))
            guard wc <= BigFloat.maximumPrecision else { return nil }
            a = BigFloat(c, precision: wc)
            guard a == c else { return nil }
            if side == .right { a.formNextUp() } else { a.formNextDown() }
        }
        var epsilon = BigFloat(nanWithPrecision: Swift.max(wc, c.precision) + 2)
        guard epsilon.setDifference(a, c).isExact, let anchorExponent = BigFloat.abs(epsilon).exponent,
              anchorExponent < smallest - 1 else { return nil }
        // X = hull(a, points).
        var far = xs[0]
        for x in xs.dropFirst() where side == .right ? x > far : x < far { far = x }
        let x = side == .right ? MPFRInterval(lower: a, upper: far) : MPFRInterval(lower: far, upper: a)
        // R needs only a few correct bits, but X's lower end must stay exact (it is beyond c).
        let remainderPrecision = c.isZero ? Swift.min(w, 256) : wc

        let evaluated: (TaylorSeries, TaylorSeries)? = BigFloat.withWidestExponentRange {
            let (point, ambiguousAtAnchor) = IntervalAmbiguity.withTracking {
                activation(TaylorSeries(variable: MPFRInterval(a), order: order, precision: wc))
            }
            guard ambiguousAtAnchor == 0, point.isFinite else { return nil }
            let (hull, ambiguousOnX) = IntervalAmbiguity.withTracking {
                activation(TaylorSeries(variable: x, order: order + 1, precision: remainderPrecision))
            }
            guard ambiguousOnX == 0, hull.isFinite else { return nil }
            return (point, hull)
        }
        guard let (point, hull) = evaluated else { return nil }
        let coefficients = (0...order).map { point.coefficient($0) }
        let exponents = coefficients.map(magnitudeExponent)
        let remainderExponent = magnitudeExponent(hull.coefficient(order + 1))
        return TaylorSweepModel(centre: c, side: side, precision: w, targetPrecision: p, coefficients: coefficients,
                                exponents: exponents, remainderExponent: remainderExponent,
                                anchorExponent: anchorExponent, anchor: a, far: far)
    }

    /// x − c exactly, or nil if that needs more than a few thousand extra bits.
    package static func exactOffset(_ x: BigFloat, from c: BigFloat) -> BigFloat? {
        if c.isZero { return x }
        guard let ex = x.exponent, let ec = c.exponent else { return nil }
        let bits = Swift.max(x.precision, c.precision) + Swift.abs(ex - ec) + 2
        guard bits <= BigFloat.maximumPrecision else { return nil }
        var t = BigFloat(nanWithPrecision: bits)
        return t.setDifference(x, c).isExact ? t : nil
    }

    /// e with max(|lower|, |upper|) < 2^e; nil for exactly 0.
    package static func magnitudeExponent(_ v: MPFRInterval) -> Int? {
        switch (v.lower.exponent, v.upper.exponent) {
        case (let a?, let b?): return Swift.max(a, b)
        case (let a?, nil): return a
        case (nil, let b?): return b
        case (nil, nil): return nil
        }
    }

    /// f(x) correctly rounded (round to nearest, ties to even) at the target precision, when the
    /// model certifies it; nil otherwise (the caller then runs the Ziv loop).
    package func correctlyRounded(at x: BigFloat) -> BigFloat? {
        guard side == .right ? (x > anchor && x <= far) : (x < anchor && x >= far),
              let t = TaylorSweepModel.exactOffset(x, from: centre), let et = t.exponent else { return nil }
        let n = order
        // Term exponents λᵢ + i·e_t bound |Cᵢ tⁱ|.
        var top = Int.min
        for i in 0...n { if let l = exponents[i] { top = Swift.max(top, l + i * et) } }
        guard top > Int.min else { return nil }
        let threshold = top - precision - 16
        var m = 0
        for i in 0...n { if let l = exponents[i], l + i * et > threshold { m = i } }
        // The bracket: dropped terms, remainder, anchor shift.
        var weight = 0, largest = Int.min
        for i in (m + 1)...Swift.max(m + 1, n) where i <= n {
            if let l = exponents[i] { weight += 1; largest = Swift.max(largest, l + i * et) }
        }
        if let r = remainderExponent { weight += 1; largest = Swift.max(largest, r + (n + 1) * et) }
        if m >= 1 {
            for i in 1...m {
                if let l = exponents[i] { weight += i; largest = Swift.max(largest, anchorExponent + l + (i - 1) * et) }
            }
        }
        // Horner, acc ← acc·t + Cᵢ outward, then the bracket; rounded as the Ziv loop rounds, in
        // MPFR's widest exponent range. The four accumulators are UniqueBigFloats: owned, so the
        // fused multiply-adds write into them with no uniqueness check.
        let w = precision, p = targetPrecision
        let rounded: ((BigFloat, Ternary), (BigFloat, Ternary))? = BigFloat.withWidestExponentRange {
            var lo = UniqueBigFloat(nanWithPrecision: w), hi = UniqueBigFloat(nanWithPrecision: w)
            lo.set(coefficients[m].lower, rounding: .down)
            hi.set(coefficients[m].upper, rounding: .up)
            var nlo = UniqueBigFloat(nanWithPrecision: w), nhi = UniqueBigFloat(nanWithPrecision: w)
            let positive = t.signum > 0
            var i = m - 1
            while i >= 0 {
                nlo.set(coefficients[i].lower, rounding: .down)
                nhi.set(coefficients[i].upper, rounding: .up)
                if positive {
                    nlo.formFusedMultiplyAdd(lo, t, rounding: .down)
                    nhi.formFusedMultiplyAdd(hi, t, rounding: .up)
                } else {
                    nlo.formFusedMultiplyAdd(hi, t, rounding: .down)
                    nhi.formFusedMultiplyAdd(lo, t, rounding: .up)
                }
                swap(&lo, &nlo)
                swap(&hi, &nhi)
                i -= 1
            }
            if weight > 0 {
                // A larger bound is still a bound: keep 2^largest inside any exponent range.
                let bound = BigFloat(weight, precision: 64).timesPowerOfTwo(Swift.max(largest, -(1 << 28)))
                lo.formDifference(with: bound, rounding: .down)
                hi.formSum(with: bound, rounding: .up)
            }
            guard lo.isFinite, hi.isFinite else { return nil }
            return (BigFloat(lo).roundedWithTernary(toPrecision: p, rounding: .nearestEven),
                    BigFloat(hi).roundedWithTernary(toPrecision: p, rounding: .nearestEven))
        }
        guard let (l, h) = rounded else { return nil }
        let low = l.0.fittedToCurrentRange(ternary: l.1, rounding: .nearestEven)
        let high = h.0.fittedToCurrentRange(ternary: h.1, rounding: .nearestEven)
        guard !low.isZero, low == high else { return nil }
        return low
    }
}

/// A computation started at once on a global queue; `wait()` blocks until it is done and returns
/// its result. (The sweep uses it to overlap the limit analysis with the points.)
package final class BackgroundJob<T: Sendable>: @unchecked Sendable {
    // Written once by the job before `group.leave()`, read only after `group.wait()`.
    private var result: T?
    private let group = DispatchGroup()

    package init(_ body: @escaping @Sendable () -> T) {
        group.enter()
        let exponentRange = MPFRExponentRange.current
        DispatchQueue.global().async {
            self.result = exponentRange.apply(body)
            self.group.leave()
        }
    }

    package func wait() -> T {
        group.wait()
        return result!
    }
}
