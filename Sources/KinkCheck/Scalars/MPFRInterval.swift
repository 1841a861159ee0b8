import BigFloat

/// A closed interval [lower, upper] of MPFR numbers with outward (directed) rounding: every
/// operation returns an interval that contains the exact result for every point of its inputs.
///
/// It is the scalar type behind correct rounding: evaluate a definition on the point interval
/// [x, x] at a working precision w; if both ends round to the same p-bit number, that number is
/// the correctly rounded f(x), proven, not guessed (Ziv's loop; otherwise w grows).
///
/// Branches: a comparison whose answer differs between points of the intervals is *ambiguous*;
/// it answers by the midpoints and counts the event in the active ``IntervalAmbiguity`` tracker,
/// and the Ziv loop then retries at a higher precision.
///
/// Edge cases: 0 · ∞ is taken as 0 at interval ends (standard interval convention); a division
/// by an interval containing 0 gives [−∞, +∞]; a NaN end makes the whole interval NaN.
package struct MPFRInterval: ActivationScalar, CustomStringConvertible {
    package var lower: BigFloat
    package var upper: BigFloat

    package init(lower: BigFloat, upper: BigFloat) {
        self.lower = lower
        self.upper = upper
    }
    /// The degenerate interval [x, x] (exact, at x's precision).
    package init(_ x: BigFloat) { self.init(lower: x, upper: x) }
    package init(integerLiteral value: Int) { self.init(BigFloat(integerLiteral: value)) }
    package init(exactInteger n: Int) { self.init(BigFloat(integerLiteral: n)) }

    /// The working precision: the larger of the two ends'.
    package var precision: Int { Swift.max(lower.precision, upper.precision) }
    package var isPoint: Bool { lower == upper }
    package var description: String { "[\(lower), \(upper)]" }
    /// upper − lower, rounded up.
    package var width: BigFloat {
        var w = BigFloat(nanWithPrecision: precision)
        w.setDifference(upper, lower, rounding: .up)
        return w
    }

    // MARK: Directed helpers

    @inlinable
    static func directed(_ p: Int, _ rounding: Rounding,
                         _ body: (inout BigFloat, Rounding) -> Void) -> BigFloat {
        var r = BigFloat(nanWithPrecision: p)
        body(&r, rounding)
        return r
    }

    static func product(_ a: BigFloat, _ b: BigFloat, _ p: Int, _ rounding: Rounding) -> BigFloat {
        // A zero factor gives a zero with IEEE's sign (−0 · 2 = −0), so an exact zero result keeps
        // the sign the definition gives in every other scalar type.
        if a.isZero || b.isZero { return .zero(precision: p, negative: a.signBit != b.signBit) }
        return directed(p, rounding) { $0.setProduct(a, b, rounding: $1) }
    }

    static func quotient(_ a: BigFloat, _ b: BigFloat, _ p: Int, _ rounding: Rounding) -> BigFloat {
        if a.isInfinite && b.isInfinite { return .zero(precision: p) }   // only reached with finite intervals' limits
        return directed(p, rounding) { $0.setQuotient(a, b, rounding: $1) }
    }

    static func monotone(_ f: ElementaryFunction, _ x: MPFRInterval, increasing: Bool = true) -> MPFRInterval {
        let p = x.precision
        if x.lower.isIdentical(to: x.upper) { return pointEnclosure(f, x.lower, precision: p) }
        let lo = BigFloat.apply(f, increasing ? x.lower : x.upper, precision: p, rounding: .down)
        let hi = BigFloat.apply(f, increasing ? x.upper : x.lower, precision: p, rounding: .up)
        return MPFRInterval(lower: lo, upper: hi)
    }

    /// [f(x) rounded down, f(x) rounded up] at `p` bits from one MPFR call instead of two: round
    /// to nearest and read the ternary t — t = 0: exact, [v, v]; t > 0: v is the value rounded
    /// up and its predecessor the value rounded down, [nextDown v, v]; t < 0: [v, nextUp v].
    ///
    /// Edge cases: the same ends as the two directed calls, bit for bit (the tests check), with
    /// signed zeros, overflow and underflow: an inexact value lies strictly between two adjacent
    /// numbers of the format (MPFR's nextabove/nextbelow step from ±max to ±∞ and between ±0 and
    /// ±min), round to nearest returns one of them, and t says which. NaN gives [NaN, NaN].
    package static func pointEnclosure(_ f: ElementaryFunction, _ x: BigFloat, precision p: Int) -> MPFRInterval {
        var v = BigFloat(nanWithPrecision: p)
        let t = v.set(f, of: x, rounding: .nearestEven)
        if t.isExact || v.isNaN { return MPFRInterval(lower: v, upper: v) }
        var w = v
        if t.roundedUp { w.formNextDown(); return MPFRInterval(lower: w, upper: v) }
        w.formNextUp()
        return MPFRInterval(lower: v, upper: w)
    }

    /// f(mid) ± radius for a 1-Lipschitz f bounded by 1 in magnitude (sin, cos).
    static func lipschitz(_ f: ElementaryFunction, _ x: MPFRInterval) -> MPFRInterval {
        let p = x.precision
        if x.isPoint { return pointEnclosure(f, x.lower, precision: p) }
        if !x.lower.isFinite || !x.upper.isFinite { return MPFRInterval(lower: -1, upper: 1) }
        var mid = BigFloat(nanWithPrecision: p + 1)
        mid.setSum(x.lower, x.upper, rounding: .nearestEven)
        mid = mid.timesPowerOfTwo(-1)
        var r1 = BigFloat(nanWithPrecision: p), r2 = BigFloat(nanWithPrecision: p)
        r1.setDifference(x.upper, mid, rounding: .up)
        r2.setDifference(mid, x.lower, rounding: .up)
        let radius = BigFloat.maximum(r1, r2)
        var lo = BigFloat.apply(f, mid, precision: p, rounding: .down)
        var hi = BigFloat.apply(f, mid, precision: p, rounding: .up)
        lo.formDifference(with: radius, rounding: .down)
        hi.formSum(with: radius, rounding: .up)
        let one = BigFloat(1, precision: p)
        return MPFRInterval(lower: BigFloat.maximum(lo, -one), upper: BigFloat.minimum(hi, one))
    }

    // MARK: Arithmetic

    package static func + (a: MPFRInterval, b: MPFRInterval) -> MPFRInterval {
        let p = Swift.max(a.precision, b.precision)
        return MPFRInterval(lower: directed(p, .down) { $0.setSum(a.lower, b.lower, rounding: $1) },
                            upper: directed(p, .up) { $0.setSum(a.upper, b.upper, rounding: $1) })
    }
    package static func - (a: MPFRInterval, b: MPFRInterval) -> MPFRInterval {
        let p = Swift.max(a.precision, b.precision)
        return MPFRInterval(lower: directed(p, .down) { $0.setDifference(a.lower, b.upper, rounding: $1) },
                            upper: directed(p, .up) { $0.setDifference(a.upper, b.lower, rounding: $1) })
    }
    package static func * (a: MPFRInterval, b: MPFRInterval) -> MPFRInterval {
        let p = Swift.max(a.precision, b.precision)
        if a.isNaN || b.isNaN { return MPFRInterval(BigFloat.nan(precision: p)) }
        return combine(a, b.lower, b.upper, p, product, clearOfZero: a.strictSign != 0 && b.strictSign != 0)
    }

    package static func / (a: MPFRInterval, b: MPFRInterval) -> MPFRInterval {
        let p = Swift.max(a.precision, b.precision)
        if a.isNaN || b.isNaN || (b.lower.isZero && b.upper.isZero) { return MPFRInterval(BigFloat.nan(precision: p)) }
        if b.lower.signum <= 0 && b.upper.signum >= 0 {
            return MPFRInterval(lower: .infinity(precision: p, negative: true), upper: .infinity(precision: p))
        }
        // a / b is a · (1/b), and 1/[l, u] = [1/u, 1/l] for b clear of 0: the extremes are those
        // of a product with b's ends swapped. (Finite ends only: ∞/∞ has its own convention.)
        return combine(a, b.upper, b.lower, p, quotient,
                       clearOfZero: a.strictSign != 0 && b.strictSign != 0 && a.isFiniteInterval && b.isFiniteInterval)
    }

    /// [lower, upper] of a ∘ b for ∘ = · (`b0`, `b1` = b's lower and upper ends) or ∘ = / (them
    /// swapped), with `op` the end operation rounded as asked. When neither interval touches 0,
    /// the signs say which two of the four end results are the extremes, so only those are made:
    /// rounding down (up) is monotone, so the smallest of the four rounded down is that one
    /// rounded down — the same ends, bit for bit, as the hull of all four (``hullOfAllEnds``,
    /// the general case; the tests compare the two).
    static func combine(_ a: MPFRInterval, _ b0: BigFloat, _ b1: BigFloat, _ p: Int,
                        _ op: (BigFloat, BigFloat, Int, Rounding) -> BigFloat, clearOfZero: Bool) -> MPFRInterval {
        guard clearOfZero else { return hullOfAllEnds(a, b0, b1, p, op) }
        let (lo, hi) = switch (a.strictSign > 0, b0.signum > 0) {
        case (true, true): ((a.lower, b0), (a.upper, b1))
        case (true, false): ((a.upper, b0), (a.lower, b1))
        case (false, true): ((a.lower, b1), (a.upper, b0))
        case (false, false): ((a.upper, b1), (a.lower, b0))
        }
        return MPFRInterval(lower: op(lo.0, lo.1, p, .down), upper: op(hi.0, hi.1, p, .up))
    }

    /// The hull of `op` over the four pairs of ends, each rounded outward.
    static func hullOfAllEnds(_ a: MPFRInterval, _ b0: BigFloat, _ b1: BigFloat, _ p: Int,
                              _ op: (BigFloat, BigFloat, Int, Rounding) -> BigFloat) -> MPFRInterval {
        let ends = [(a.lower, b0), (a.lower, b1), (a.upper, b0), (a.upper, b1)]
        var lo = op(ends[0].0, ends[0].1, p, .down), hi = op(ends[0].0, ends[0].1, p, .up)
        for (x, y) in ends.dropFirst() {
            lo = BigFloat.minimum(lo, op(x, y, p, .down))
            hi = BigFloat.maximum(hi, op(x, y, p, .up))
        }
        return MPFRInterval(lower: lo, upper: hi)
    }

    package static prefix func - (a: MPFRInterval) -> MPFRInterval { MPFRInterval(lower: -a.upper, upper: -a.lower) }

    // MARK: Functions

    package static func exp(_ x: MPFRInterval) -> MPFRInterval { monotone(.exp, x) }
    package static func expm1(_ x: MPFRInterval) -> MPFRInterval { monotone(.expm1, x) }
    package static func log(_ x: MPFRInterval) -> MPFRInterval { monotone(.log, x) }
    package static func log1p(_ x: MPFRInterval) -> MPFRInterval { monotone(.log1p, x) }
    package static func tanh(_ x: MPFRInterval) -> MPFRInterval { monotone(.tanh, x) }
    package static func erf(_ x: MPFRInterval) -> MPFRInterval { monotone(.erf, x) }
    package static func atan(_ x: MPFRInterval) -> MPFRInterval { monotone(.atan, x) }
    package static func erfc(_ x: MPFRInterval) -> MPFRInterval { monotone(.erfc, x, increasing: false) }
    /// erfc(x)·e^(x²) as the product of the two enclosures: it contains erfcx over x and is as
    /// tight as the working precision for a point x (e^(x²) stays in the exponent range for
    /// |x| < 27,000, beyond any definition's use).
    package static func erfcx(_ x: MPFRInterval) -> MPFRInterval { erfc(x) * exp(x * x) }
    package static func sqrt(_ x: MPFRInterval) -> MPFRInterval { monotone(.sqrt, x) }
    package static func sin(_ x: MPFRInterval) -> MPFRInterval { lipschitz(.sin, x) }
    package static func cos(_ x: MPFRInterval) -> MPFRInterval { lipschitz(.cos, x) }
    package static func abs(_ x: MPFRInterval) -> MPFRInterval {
        if x.lower.signum >= 0 && !x.lower.signBit { return x }
        if x.upper.signum <= 0 { return -x }
        return MPFRInterval(lower: .zero(precision: x.precision), upper: BigFloat.maximum(-x.lower, x.upper))
    }
    package static func min(_ a: MPFRInterval, _ b: MPFRInterval) -> MPFRInterval {
        MPFRInterval(lower: BigFloat.minimum(a.lower, b.lower), upper: BigFloat.minimum(a.upper, b.upper))
    }
    package static func max(_ a: MPFRInterval, _ b: MPFRInterval) -> MPFRInterval {
        MPFRInterval(lower: BigFloat.maximum(a.lower, b.lower), upper: BigFloat.maximum(a.upper, b.upper))
    }
    package static func constant(_ c: DecimalConstant, like x: MPFRInterval) -> MPFRInterval {
        MPFRInterval(lower: c.bigFloat(precision: x.precision, rounding: .down),
                     upper: c.bigFloat(precision: x.precision, rounding: .up))
    }
    package static func pi(like x: MPFRInterval) -> MPFRInterval {
        MPFRInterval(lower: .pi(precision: x.precision, rounding: .down), upper: .pi(precision: x.precision, rounding: .up))
    }
    package static func choosingDerivative(_ value: MPFRInterval, slope: MPFRInterval, of x: MPFRInterval) -> MPFRInterval { value }

    package var isNaN: Bool { lower.isNaN || upper.isNaN }
    /// 1 when both ends are > 0, −1 when both are < 0, else 0 (an end at ±0, or across 0).
    var strictSign: Int {
        let (l, u) = (lower.signum, upper.signum)
        return l > 0 && u > 0 ? 1 : l < 0 && u < 0 ? -1 : 0
    }
    /// Both ends finite (no NaN, no infinity).
    package var isFiniteInterval: Bool { lower.isFinite && upper.isFinite }
    package var isInfinite: Bool { lower.isInfinite && lower == upper }
    package var signBit: Bool { upper.signBit && lower.signBit }

    // MARK: Comparisons (certain, or ambiguous and counted)

    static func ambiguous(_ a: MPFRInterval, _ b: MPFRInterval, _ fallback: (BigFloat, BigFloat) -> Bool) -> Bool {
        IntervalAmbiguity.current?.count += 1
        func mid(_ x: MPFRInterval) -> BigFloat {
            var m = BigFloat(nanWithPrecision: BigFloat.clampedPrecision(x.precision + 1))
            m.setSum(x.lower, x.upper)
            return m.timesPowerOfTwo(-1)
        }
        return fallback(mid(a), mid(b))
    }
    package static func == (a: MPFRInterval, b: MPFRInterval) -> Bool {
        if a.isNaN || b.isNaN { return false }
        if a.isPoint && b.isPoint { return a.lower == b.lower }
        if a.upper < b.lower || b.upper < a.lower { return false }
        return ambiguous(a, b, ==)
    }
    package static func < (a: MPFRInterval, b: MPFRInterval) -> Bool {
        if a.isNaN || b.isNaN { return false }
        if a.upper < b.lower { return true }
        if a.lower >= b.upper { return false }
        return ambiguous(a, b, <)
    }
    package static func > (a: MPFRInterval, b: MPFRInterval) -> Bool { b < a }
    package static func <= (a: MPFRInterval, b: MPFRInterval) -> Bool {
        if a.isNaN || b.isNaN { return false }
        if a.upper <= b.lower { return true }
        if a.lower > b.upper { return false }
        return ambiguous(a, b, <=)
    }
    package static func >= (a: MPFRInterval, b: MPFRInterval) -> Bool { b <= a }
}

/// Counts ambiguous interval comparisons during one evaluation (bound with `withTracking`).
package final class IntervalAmbiguity: @unchecked Sendable {
    // Unsynchronised by design: one tracker belongs to one synchronous evaluation.
    package var count = 0
    package init() {}
    @TaskLocal package static var current: IntervalAmbiguity?

    /// Runs `body` with a fresh tracker; returns its result and the number of ambiguous branches.
    package static func withTracking<R>(_ body: () throws -> R) rethrows -> (R, Int) {
        let tracker = IntervalAmbiguity()
        let r = try $current.withValue(tracker, operation: body)
        return (r, tracker.count)
    }
}
