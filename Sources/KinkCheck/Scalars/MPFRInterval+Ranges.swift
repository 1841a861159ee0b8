import BigFloat

/// Ranges of real functions over an interval, rounded outward, that the plain operations
/// overestimate: x·x over [−1, 2] is [−2, 4], but the range of x² is [0, 4]. They serve
/// ``ComplexBox``, where the same coordinate enters a formula twice (|z|² = x² + y²).
///
/// All results are enclosures at the interval's precision, without an exact value.
extension MPFRInterval {
    /// `n` as an enclosure at `p` bits: [n rounded down, n rounded up] (a point for every n that
    /// `p` bits hold, which is every small integer).
    static func integer(_ n: Int, precision p: Int) -> MPFRInterval {
        MPFRInterval(lower: BigFloat(n, precision: p, rounding: .down), upper: BigFloat(n, precision: p, rounding: .up))
    }

    /// [−∞, +∞] at `p` bits.
    static func whole(precision p: Int) -> MPFRInterval {
        MPFRInterval(lower: .infinity(precision: p, negative: true), upper: .infinity(precision: p))
    }

    /// The midpoint, rounded to nearest at one bit more than the interval: a point of the
    /// interval (rounding is monotone and both ends are representable there).
    package var centre: BigFloat {
        var m = BigFloat(nanWithPrecision: BigFloat.clampedPrecision(precision + 1))
        m.setSum(lower, upper)
        return m.timesPowerOfTwo(-1)
    }

    /// max(c − lower, upper − c), rounded up at 64 bits: every point is within it of c.
    package func distance(from c: BigFloat) -> BigFloat {
        let below = MPFRInterval.upward(64) { $0.setDifference(c, lower, rounding: $1) }
        let above = MPFRInterval.upward(64) { $0.setDifference(upper, c, rounding: $1) }
        return BigFloat.maximum(below, above)
    }

    /// The distance from ``centre`` to the farther end: [c − r, c + r] holds the interval.
    package var radius: BigFloat { distance(from: centre) }

    /// The same interval with its ends rounded outward to `p` bits.
    package func roundedOutward(toPrecision p: Int) -> MPFRInterval {
        MPFRInterval(lower: BigFloat(lower, precision: p, rounding: .down), upper: BigFloat(upper, precision: p, rounding: .up))
    }

    /// max(|lower|, |upper|) = sup |x| over the interval (exact).
    package var magnitude: BigFloat { BigFloat.maximum(BigFloat.abs(lower), BigFloat.abs(upper)) }

    /// The range of x² over the interval: [l², u²] for 0 ≤ l, [u², l²] for u ≤ 0, and [0, max(l², u²)]
    /// when the interval contains 0 — the lower end is 0 there, not the −l·u of a product.
    var squared: MPFRInterval {
        let p = precision
        func square(_ x: BigFloat, _ rounding: Rounding) -> BigFloat { MPFRInterval.product(x, x, p, rounding) }
        if lower.signum >= 0 { return MPFRInterval(lower: square(lower, .down), upper: square(upper, .up)) }
        if upper.signum <= 0 { return MPFRInterval(lower: square(upper, .down), upper: square(lower, .up)) }
        return MPFRInterval(lower: .zero(precision: p), upper: square(magnitude, .up))
    }

    /// The range of x(2 + x) = (1 + x)² − 1 over the interval: increasing for x ≥ −1, decreasing
    /// for x ≤ −1, minimum −1 at x = −1. Each end is enclosed as a point (so a tiny x keeps its
    /// relative accuracy, 2x(1 + x/2), where (1 + x)² − 1 would cancel).
    var shiftedSquareRange: MPFRInterval {
        let p = precision
        let two = MPFRInterval.integer(2, precision: p)
        func f(_ t: BigFloat) -> MPFRInterval { MPFRInterval(t) * (MPFRInterval(t) + two) }
        let minusOne = BigFloat(-1, precision: p)
        if lower >= minusOne { return MPFRInterval(lower: f(lower).lower, upper: f(upper).upper) }
        if upper <= minusOne { return MPFRInterval(lower: f(upper).lower, upper: f(lower).upper) }
        return MPFRInterval(lower: minusOne, upper: BigFloat.maximum(f(lower).upper, f(upper).upper))
    }

    /// The range of cosh over the interval: cosh is even and increasing in |x|, so it is
    /// [cosh(min |x|), cosh(max |x|)], with min |x| = 0 when the interval contains 0.
    var coshRange: MPFRInterval {
        let p = precision
        let top = BigFloat.apply(.cosh, magnitude, precision: p, rounding: .up)
        if lower.signum > 0 { return MPFRInterval(lower: BigFloat.apply(.cosh, lower, precision: p, rounding: .down), upper: top) }
        if upper.signum < 0 { return MPFRInterval(lower: BigFloat.apply(.cosh, upper, precision: p, rounding: .down), upper: top) }
        return MPFRInterval(lower: BigFloat(1, precision: p), upper: top)
    }

    /// The range of cos (`.cos`) or sin (`.sin`) over the interval: with u = x/(2π), cos peaks at
    /// u ∈ ℤ and bottoms out at u ∈ ℤ + ½, sin at ℤ + ¼ and ℤ + ¾. Where no peak (trough) may lie in
    /// the interval — decided on an enclosure of [lower, upper]/(2π), so a doubtful case counts
    /// as a hit — the maximum (minimum) is at an end, as every interior extremum of sin and cos
    /// is one of those points. A point, an interval beyond |x| ≈ 2⁶⁵, or one spanning a whole
    /// period falls back to ``lipschitz(_:_:)`` (f(mid) ± radius, or [−1, 1]).
    func trigonometricRange(_ f: ElementaryFunction) -> MPFRInterval {
        precondition(f == .cos || f == .sin)
        let p = precision
        guard !isPoint, isFiniteInterval else { return MPFRInterval.lipschitz(f, self) }
        let u = self / (MPFRInterval.pi(precision: p).doubled)
        let (peak, trough) = f == .cos ? (0.0, 0.5) : (0.25, 0.75)
        // Some integer k with k + offset in u: true, false, or nil for more than a period or |u| ≥ 2⁶³.
        func mayHit(_ offset: Double) -> Bool? {
            let lo = MPFRInterval.directed(p, .down) { $0.setDifference(u.lower, BigFloat(offset, precision: 53), rounding: $1) }
            let hi = MPFRInterval.directed(p, .up) { $0.setDifference(u.upper, BigFloat(offset, precision: 53), rounding: $1) }
            guard let first = Int(lo, rounding: .up), let last = Int(hi, rounding: .down) else { return nil }
            let (span, overflow) = last.subtractingReportingOverflow(first)
            guard !overflow, span < 2 else { return nil }
            return first <= last
        }
        guard let top = mayHit(peak), let bottom = mayHit(trough) else { return MPFRInterval.lipschitz(f, self) }
        let one = BigFloat(1, precision: p)
        func atEnds(_ rounding: Rounding) -> (BigFloat, BigFloat) {
            (BigFloat.apply(f, lower, precision: p, rounding: rounding), BigFloat.apply(f, upper, precision: p, rounding: rounding))
        }
        let high = top ? one : { let (a, b) = atEnds(.up); return BigFloat.maximum(a, b) }()
        let low = bottom ? -one : { let (a, b) = atEnds(.down); return BigFloat.minimum(a, b) }()
        return MPFRInterval(lower: BigFloat.maximum(low, -one), upper: BigFloat.minimum(high, one))
    }

    /// x/2 (exact but for underflow, which the directed product rounds outward).
    var halved: MPFRInterval { self * MPFRInterval(BigFloat(0.5, precision: precision)) }
    /// 2x (exact but for overflow, rounded outward).
    var doubled: MPFRInterval { self * MPFRInterval(BigFloat(2, precision: precision)) }

    /// The smallest interval containing both.
    package func hull(_ other: MPFRInterval) -> MPFRInterval {
        MPFRInterval(lower: BigFloat.minimum(lower, other.lower), upper: BigFloat.maximum(upper, other.upper))
    }

    /// The common part of two enclosures of the same set (non-empty when both are enclosures).
    func intersection(_ other: MPFRInterval) -> MPFRInterval {
        MPFRInterval(lower: BigFloat.maximum(lower, other.lower), upper: BigFloat.minimum(upper, other.upper))
    }

    /// [−r, r] for r ≥ 0 rounded up to `p` bits.
    static func symmetric(_ r: BigFloat, precision p: Int) -> MPFRInterval {
        let up = BigFloat(r, precision: p, rounding: .up)
        return MPFRInterval(lower: -up, upper: up)
    }

    /// π enclosed at `p` bits.
    static func pi(precision p: Int) -> MPFRInterval {
        MPFRInterval(lower: .pi(precision: p, rounding: .down), upper: .pi(precision: p, rounding: .up))
    }

    /// 2/√π enclosed at `p` bits.
    static func twoOverSqrtPi(precision p: Int) -> MPFRInterval {
        integer(2, precision: p) / monotone(.sqrt, pi(precision: p))
    }
}
