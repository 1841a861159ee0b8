import BigFloat
import KinkCheck
import KinkCheckAnalysis

/// A closed interval of `Double`s whose operations round outward: each result of a
/// round-to-nearest operation is widened by one ulp on each side (the exact result of a correctly
/// rounded IEEE operation lies within one ulp of it — also when it underflows, and an overflow to
/// ±∞ leaves the largest finite value as the inner end), so the interval always holds the exact
/// result of the same operation on any points of the operands.
struct OutwardInterval {
    var lower: Double
    var upper: Double

    init(_ lower: Double, _ upper: Double) { self.lower = lower; self.upper = upper }

    /// A coefficient enclosure rounded outward to `Double`.
    init(_ x: MPFRInterval) {
        self.init(Double(x.lower, rounding: .down), Double(x.upper, rounding: .up))
    }

    var isNaN: Bool { lower.isNaN || upper.isNaN }

    /// self·t + c for a point t (exact), rounded outward.
    @inline(__always)
    func timesPlus(_ t: Double, _ c: OutwardInterval) -> OutwardInterval {
        let (a, b) = t >= 0 ? (lower * t, upper * t) : (upper * t, lower * t)
        return OutwardInterval((a.nextDown + c.lower).nextDown, (b.nextUp + c.upper).nextUp)
    }

    /// self·n for a small positive integer n, rounded outward.
    func times(_ n: Int) -> OutwardInterval {
        OutwardInterval((lower * Double(n)).nextDown, (upper * Double(n)).nextUp)
    }
}

/// f and the backward f′ of an activation on a block of inputs X = [a, b], as Taylor
/// polynomials about a centre c ∈ X with certified remainders, evaluated per input in
/// outward-rounded `Double` arithmetic: one pair of ``TaylorSeries`` evaluations in MPFR serves
/// every input of the block, and each input then costs a Horner sum of a few `Double` operations.
///
/// The model (Taylor's theorem with the Lagrange remainder; t = x − c, exact in `Double` for two
/// 16-bit values, checked):
///
///     f(x) ∈ Σ_{k≤N} Pₖ·tᵏ + R·t^(N+1),     Pₖ ⊇ f⁽ᵏ⁾(c)/k!,   R ⊇ f⁽ᴺ⁺¹⁾(ξ)/(N+1)! for all ξ ∈ X
///
/// — Pₖ from a ``TaylorSeries`` at the point c, R from one on X. Both evaluations must decide every
/// branch (no ambiguous comparison, finite coefficients): then one straight-line program of
/// analytic functions computes f on all of X, so the polynomial and its remainder describe f
/// there. f′ is the same with (k + 1)·P_{k+1} and (N + 2)·R′ (R′ the next coefficient on X) for
/// autodiff, whose f′ is the derivative of that same program; a hand-written derivative g gets
/// its own pair of series (its truth is g, the code, not f′).
///
/// A block that crosses a kink or a branch switch fails to build (the comparisons are ambiguous
/// over X); the caller splits it.
struct BlockTaylorModel {
    /// The degree N of the polynomials.
    static let degree = 2
    /// Working precision of the series.
    static let precision = 64

    let centre: Double
    /// P₀ … P_N and R for f; the same for the backward derivative.
    let value: [OutwardInterval]
    let derivative: [OutwardInterval]
    /// Enclosures of f and f′ over the whole block (the series on X at order 0 and 1): where one
    /// rounds to a single value of the format, so does every input of the block — the cheap
    /// answer in the tails, where a polynomial in t = x − c of huge t is useless.
    let valueRange: OutwardInterval
    let derivativeRange: OutwardInterval
    /// f″ of the definition over the whole block (2·the series' second coefficient on X): the
    /// conditioning term of the derivative's tolerance (``Accuracy``'s |x·f″(x)|, also for a
    /// hand-written backward); nil when not finite.
    let secondDerivativeRange: OutwardInterval?

    /// The model of `activation` on [a, b] about c, or nil when a branch is undecided over the
    /// block or a coefficient is not finite.
    init?(_ activation: any Activation, from a: Double, to b: Double, centre c: Double) {
        let n = BlockTaylorModel.degree, p = BlockTaylorModel.precision
        let X = MPFRInterval(lower: BigFloat(a, precision: p), upper: BigFloat(b, precision: p))
        let C = MPFRInterval(BigFloat(c, precision: p))
        let handWritten = activation.hasHandWrittenDerivative
        let built: ([OutwardInterval], [OutwardInterval], OutwardInterval, OutwardInterval, OutwardInterval?)? = BigFloat.withWidestExponentRange {
            let (series, ambiguous) = IntervalAmbiguity.withTracking { () -> [TaylorSeries] in
                let order = handWritten ? n + 1 : n + 2
                var s = [activation(TaylorSeries(variable: C, order: order - 1, precision: p)),
                         activation(TaylorSeries(variable: X, order: order, precision: p))]
                if handWritten {
                    s.append(activation.backward(TaylorSeries(variable: C, order: n, precision: p)))
                    s.append(activation.backward(TaylorSeries(variable: X, order: n + 1, precision: p)))
                }
                return s
            }
            guard ambiguous == 0, series.allSatisfy(\.isFinite) else { return nil }
            func model(_ point: TaylorSeries, _ block: TaylorSeries, derivative: Bool) -> [OutwardInterval] {
                derivative
                    ? (0 ... n).map { k in OutwardInterval(point.coefficient(k + 1)).times(k + 1) }
                        + [OutwardInterval(block.coefficient(n + 2)).times(n + 2)]
                    : (0 ... n).map { OutwardInterval(point.coefficient($0)) } + [OutwardInterval(block.coefficient(n + 1))]
            }
            let f = model(series[0], series[1], derivative: false)
            let g = handWritten ? model(series[2], series[3], derivative: false) : model(series[0], series[1], derivative: true)
            let gRange = handWritten ? OutwardInterval(series[3].coefficient(0)) : OutwardInterval(series[1].coefficient(1))
            let second = OutwardInterval(series[1].coefficient(2)).times(2)
            return f.contains(where: \.isNaN) || g.contains(where: \.isNaN) ? nil
                : (f, g, OutwardInterval(series[1].coefficient(0)), gRange, second.isNaN ? nil : second)
        }
        guard let built else { return nil }
        centre = c
        (value, derivative, valueRange, derivativeRange, secondDerivativeRange) = built
    }

    /// The enclosure of f (or f′) over the whole block.
    func range(_ quantity: AccuracyQuantity) -> OutwardInterval { quantity == .value ? valueRange : derivativeRange }

    /// The enclosure of f (or f′) at x ∈ [a, b]; nil when x − c is not exact in `Double`.
    func enclosure(_ quantity: AccuracyQuantity, at x: Double) -> OutwardInterval? {
        let t = x - centre
        // Knuth's two-sum: t is exact when the rounding error of x + (−c) is 0.
        let back = t - x
        guard (x - (t - back)) + (-centre - back) == 0 else { return nil }
        let c = quantity == .value ? value : derivative
        var acc = c[c.count - 1]
        for k in stride(from: c.count - 2, through: 0, by: -1) { acc = acc.timesPlus(t, c[k]) }
        return acc
    }
}
