import BigFloat
import KinkCheckSupport

/// A closed interval [lower, upper] of MPFR numbers with outward (directed) rounding: every
/// operation returns an interval that contains the exact result for every point of its inputs.
///
/// It is the scalar type behind correct rounding: evaluate a definition on the point interval
/// [x, x] at a working precision w; if both ends round to the same p-bit number, that number is
/// the correctly rounded f(x), proven, not guessed (Ziv's loop; otherwise w grows).
///
/// Exact values: an interval may also carry the exact value it encloses (``exact``) — a typed
/// decimal like 0.7, a constant of a definition, a quotient 20/3, or an expression such as
/// log1p(1) (``ExactValue``) — so that comparisons between such values are decided exactly:
/// 0.7 < 0.7 is false at every precision, where the enclosures alone would overlap forever.
/// `+ − · /`, negation, `abs`, `min` and `max` of rationals are rationals (while below
/// ``Rational/maximumBits``); the elementary functions of exact values carry their expression in
/// exact mode. A point interval is exact by itself (a dyadic number).
///
/// Branches: a comparison whose answer differs between points of the intervals is *ambiguous*;
/// it answers by the midpoints and counts the event in the active ``IntervalAmbiguity`` tracker,
/// and the Ziv loop then retries at a higher precision.
///
/// Edge cases: 0 · ∞ is taken as 0 at interval ends (standard interval convention); a division
/// by an interval containing 0 gives [−∞, +∞]; a NaN end makes the whole interval NaN.
package struct MPFRInterval: ActivationScalar, CustomStringConvertible {
    package private(set) var lower: BigFloat
    package private(set) var upper: BigFloat
    /// The exact value enclosed, when it is known and no point: a rational that the precision
    /// does not hold (a rational it holds makes the interval that point), or an expression
    /// (``ExactValue``).
    package private(set) var exact: ExactValue?

    package init(lower: BigFloat, upper: BigFloat) {
        self.lower = lower
        self.upper = upper
        self.exact = nil
    }
    /// The degenerate interval [x, x] (exact, at x's precision).
    package init(_ x: BigFloat) { self.init(lower: x, upper: x) }
    package init(integerLiteral value: Int) { self.init(BigFloat(integerLiteral: value)) }
    package init(exactInteger n: Int) { self.init(BigFloat(integerLiteral: n)) }

    /// The tightest enclosure of `q` at `p` bits, carrying `q`: the point q when p bits hold it,
    /// else the two neighbours around it.
    package init(exactly q: Rational, precision p: Int) {
        let (v, t) = BigFloat.rounding(q, precision: p)
        if t.isExact {
            self.init(v)
        } else {
            self.init(lower: t.roundedUp ? v.nextDown : v, upper: t.roundedUp ? v : v.nextUp)
            exact = .rational(q)
        }
    }

    /// `enclosure` carrying the exact expression `term` (dropped when too large, when the
    /// enclosure is a point, which is exact by itself, or when it is not finite: an expression
    /// that is undefined or infinite there — log(−1), 1/0 — names no number to compare).
    package init(_ enclosure: MPFRInterval, exact term: ExactValue?) {
        self.init(lower: enclosure.lower, upper: enclosure.upper)
        if !isPoint && isFiniteInterval { exact = term.flatMap(ExactValue.bounded) }
    }

    /// The exact value, when known: ``exact``, or a finite point's own value.
    package var exactValue: ExactValue? {
        if let exact { return exact }
        return isPoint && lower.isFinite ? Rational(exactly: lower).map { .rational($0) } : nil
    }

    /// The working precision: the larger of the two ends'.
    package var precision: Int { Swift.max(lower.precision, upper.precision) }
    package var isPoint: Bool { lower == upper }
    package var description: String { "[\(lower), \(upper)]" + (exact.map { " = \($0)" } ?? "") }
    /// upper − lower, rounded up.
    @usableFromInline package var width: BigFloat {
        var w = BigFloat(nanWithPrecision: precision)
        w.setDifference(upper, lower, rounding: .up)
        return w
    }

    /// The same interval without its exact value (a plain enclosure).
    package var enclosureOnly: MPFRInterval { MPFRInterval(lower: lower, upper: upper) }

    /// The four operations on exact values.
    package enum ExactOperation { case add, subtract, multiply, divide }

    /// a ∘ b, exactly when one operand carries an exact value and the other's is known: a rational
    /// result is the tightest enclosure of it; otherwise `plain` (the enclosure) carrying the
    /// expression, simplified where the result is one operand or an exact number (0 + s = s,
    /// s − s = 0, 1·s = s, s/s = 1). Without exact operands: `plain`.
    package static func combine(_ a: MPFRInterval, _ b: MPFRInterval, _ p: Int, _ op: ExactOperation,
                        plain: () -> MPFRInterval) -> MPFRInterval {
        guard a.exact != nil || b.exact != nil, let x = a.exactValue, let y = b.exactValue else { return plain() }
        if let q = x.rational, let r = y.rational {
            let v: Rational? = switch op {
            case .add: q + r
            case .subtract: q - r
            case .multiply: q * r
            case .divide: q / r
            }
            if let v { return MPFRInterval(exactly: v, precision: p) }
            return plain()
        }
        switch op {
        case .add:
            if x.isZero { return b }
            if y.isZero { return a }
            return MPFRInterval(plain(), exact: .sum(x, y))
        case .subtract:
            if y.isZero { return a }
            if x.isIdentical(to: y) { return MPFRInterval(BigFloat.zero(precision: p)) }
            return MPFRInterval(plain(), exact: .sum(x, .negation(y)))
        case .multiply:
            if x.isZero || y.isZero { return plain() }   // a zero factor: the exact zero, with IEEE's sign
            if x.isOne { return b }
            if y.isOne { return a }
            return MPFRInterval(plain(), exact: .product(x, y))
        case .divide:
            if y.isOne { return a }
            if x.isIdentical(to: y), b.strictSign != 0 { return MPFRInterval(BigFloat(1, precision: p)) }
            return MPFRInterval(plain(), exact: .quotient(x, y))
        }
    }

    /// −1, 0, 1 as a < b, a = b, a > b, when decided by exact values: two rationals, or two
    /// identical expressions (equal). Nil otherwise (then the enclosures decide, if they can).
    package static func exactOrder(_ a: MPFRInterval, _ b: MPFRInterval) -> Int? {
        guard a.exact != nil || b.exact != nil, let x = a.exactValue, let y = b.exactValue else { return nil }
        if let q = x.rational, let r = y.rational { return Rational.compare(q, r) }
        return x.isIdentical(to: y) ? 0 : nil
    }

    /// f(x) as an enclosure, carrying f's exact expression when x's value is known exactly and
    /// either it carries one or exact mode is on.
    package static func applying(_ f: ElementaryFunction, to x: MPFRInterval, _ enclosure: MPFRInterval) -> MPFRInterval {
        guard !enclosure.isPoint, x.exact != nil || ExactArithmetic.isEnabled, let v = x.exactValue else { return enclosure }
        return MPFRInterval(enclosure, exact: .function(f, v))
    }

    // MARK: Directed helpers

    @inlinable
    package static func directed(_ p: Int, _ rounding: Rounding,
                         _ body: (inout BigFloat, Rounding) -> Void) -> BigFloat {
        var r = BigFloat(nanWithPrecision: p)
        body(&r, rounding)
        return r
    }

    package static func product(_ a: BigFloat, _ b: BigFloat, _ p: Int, _ rounding: Rounding) -> BigFloat {
        // A zero factor gives a zero with IEEE's sign (−0 · 2 = −0), so an exact zero result keeps
        // the sign the definition gives in every other scalar type.
        if a.isZero || b.isZero { return .zero(precision: p, negative: a.signBit != b.signBit) }
        return directed(p, rounding) { $0.setProduct(a, b, rounding: $1) }
    }

    package static func quotient(_ a: BigFloat, _ b: BigFloat, _ p: Int, _ rounding: Rounding) -> BigFloat {
        if a.isInfinite && b.isInfinite { return .zero(precision: p) }   // only reached with finite intervals' limits
        return directed(p, rounding) { $0.setQuotient(a, b, rounding: $1) }
    }

    package static func monotone(_ f: ElementaryFunction, _ x: MPFRInterval, increasing: Bool = true) -> MPFRInterval {
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
    package static func lipschitz(_ f: ElementaryFunction, _ x: MPFRInterval) -> MPFRInterval {
        let p = x.precision
        if x.isNaN { return MPFRInterval(BigFloat.nan(precision: p)) }
        let unit = MPFRInterval(lower: BigFloat(-1, precision: p), upper: BigFloat(1, precision: p))
        // A huge argument (beyond the cost limit) is not reduced: [−1, 1] encloses any value.
        if CostLimit.refusesTrigonometry(of: BigFloat.maximum(BigFloat.abs(x.lower), BigFloat.abs(x.upper))) { return unit }
        if x.isPoint { return pointEnclosure(f, x.lower, precision: p) }
        if !x.lower.isFinite || !x.upper.isFinite { return unit }
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
        return combine(a, b, p, .add) {
            MPFRInterval(lower: directed(p, .down) { $0.setSum(a.lower, b.lower, rounding: $1) },
                         upper: directed(p, .up) { $0.setSum(a.upper, b.upper, rounding: $1) })
        }
    }
    package static func - (a: MPFRInterval, b: MPFRInterval) -> MPFRInterval {
        let p = Swift.max(a.precision, b.precision)
        return combine(a, b, p, .subtract) {
            MPFRInterval(lower: directed(p, .down) { $0.setDifference(a.lower, b.upper, rounding: $1) },
                         upper: directed(p, .up) { $0.setDifference(a.upper, b.lower, rounding: $1) })
        }
    }
    package static func * (a: MPFRInterval, b: MPFRInterval) -> MPFRInterval {
        let p = Swift.max(a.precision, b.precision)
        if a.isNaN || b.isNaN { return MPFRInterval(BigFloat.nan(precision: p)) }
        return combine(a, b, p, .multiply) {
            combine(a, b.lower, b.upper, p, product, clearOfZero: a.strictSign != 0 && b.strictSign != 0)
        }
    }

    package static func / (a: MPFRInterval, b: MPFRInterval) -> MPFRInterval {
        let p = Swift.max(a.precision, b.precision)
        if a.isNaN || b.isNaN { return MPFRInterval(BigFloat.nan(precision: p)) }
        if b.lower.isZero && b.upper.isZero {
            // Division by an exact ±0: IEEE's ±∞ (a's sign times the zero's) for an a clear of 0,
            // the point quotient for a point a (0/0 is NaN), NaN otherwise.
            if a.isPoint { return MPFRInterval(directed(p, .nearestEven) { $0.setQuotient(a.lower, b.lower, rounding: $1) }) }
            guard a.strictSign != 0 else { return MPFRInterval(BigFloat.nan(precision: p)) }
            return MPFRInterval(BigFloat.infinity(precision: p, negative: (a.strictSign < 0) != b.lower.signBit))
        }
        if b.lower.signum <= 0 && b.upper.signum >= 0 {
            return MPFRInterval(lower: .infinity(precision: p, negative: true), upper: .infinity(precision: p))
        }
        // A quotient of two points that p bits do not hold (1/3) is kept exact in exact mode.
        if a.exact == nil && b.exact == nil && a.isPoint && b.isPoint && ExactArithmetic.isEnabled, a.lower.isFinite, b.lower.isFinite,
           let x = Rational(exactly: a.lower), let y = Rational(exactly: b.lower), let q = x / y {
            return MPFRInterval(exactly: q, precision: p)
        }
        return combine(a, b, p, .divide) { plainQuotient(a, b, p) }
    }

    package static func plainQuotient(_ a: MPFRInterval, _ b: MPFRInterval, _ p: Int) -> MPFRInterval {
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
    package static func combine(_ a: MPFRInterval, _ b0: BigFloat, _ b1: BigFloat, _ p: Int,
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
    package static func hullOfAllEnds(_ a: MPFRInterval, _ b0: BigFloat, _ b1: BigFloat, _ p: Int,
                              _ op: (BigFloat, BigFloat, Int, Rounding) -> BigFloat) -> MPFRInterval {
        let ends = [(a.lower, b0), (a.lower, b1), (a.upper, b0), (a.upper, b1)]
        var lo = op(ends[0].0, ends[0].1, p, .down), hi = op(ends[0].0, ends[0].1, p, .up)
        for (x, y) in ends.dropFirst() {
            lo = BigFloat.minimum(lo, op(x, y, p, .down))
            hi = BigFloat.maximum(hi, op(x, y, p, .up))
        }
        return MPFRInterval(lower: lo, upper: hi)
    }

    package static prefix func - (a: MPFRInterval) -> MPFRInterval {
        var r = MPFRInterval(lower: -a.upper, upper: -a.lower)
        r.exact = a.exact.map { e -> ExactValue in
            if let q = e.rational { return .rational(-q) }
            if case .negation(let inner) = e { return inner }
            return .negation(e)
        }
        return r
    }

    // MARK: Functions

    /// e^x, and the other monotone functions below: over a narrow node interval from one MPFR
    /// call (``narrow(_:_:increasing:slope:)``) with the slope bound beside each, else from both ends.
    package static func exp(_ x: MPFRInterval) -> MPFRInterval {
        applying(.exp, to: x, narrow(.exp, x) { atA, _, d in expSlope(atA.upper, d) } ?? monotone(.exp, x))
    }
    package static func expm1(_ x: MPFRInterval) -> MPFRInterval {
        applying(.expm1, to: x, narrow(.expm1, x) { atA, _, d in
            expSlope(directed(64, .up) { $0.setSum(atA.upper, BigFloat(1, precision: 64), rounding: $1) }, d)   // (eˣ − 1)′ = eˣ
        } ?? monotone(.expm1, x))
    }
    package static func log(_ x: MPFRInterval) -> MPFRInterval {
        applying(.log, to: x, narrow(.log, x) { _, a, _ in           // log′ = 1/x ≤ 1/a for a > 0
            a.signum > 0 ? directed(64, .up) { $0.setQuotient(BigFloat(1, precision: 64), a, rounding: $1) } : nil
        } ?? monotone(.log, x))
    }
    package static func log1p(_ x: MPFRInterval) -> MPFRInterval {
        applying(.log1p, to: x, narrow(.log1p, x) { _, a, _ in       // log1p′ = 1/(1 + x) ≤ 1/(1 + a) for a > −1
            let s = directed(64, .down) { $0.setSum(a, BigFloat(1, precision: 64), rounding: $1) }
            return s.signum > 0 ? directed(64, .up) { $0.setQuotient(BigFloat(1, precision: 64), s, rounding: $1) } : nil
        } ?? monotone(.log1p, x))
    }
    package static func tanh(_ x: MPFRInterval) -> MPFRInterval {
        applying(.tanh, to: x, narrow(.tanh, x) { _, _, _ in BigFloat(1, precision: 64) } ?? monotone(.tanh, x))   // 1 − tanh² ≤ 1
    }
    package static func erf(_ x: MPFRInterval) -> MPFRInterval {
        applying(.erf, to: x, narrow(.erf, x) { _, a, _ in erfSlopeBound(a, x.upper) } ?? monotone(.erf, x))
    }
    package static func atan(_ x: MPFRInterval) -> MPFRInterval {
        applying(.atan, to: x, narrow(.atan, x) { _, _, _ in BigFloat(1, precision: 64) } ?? monotone(.atan, x))   // 1/(1 + x²) ≤ 1
    }
    package static func erfc(_ x: MPFRInterval) -> MPFRInterval {
        applying(.erfc, to: x, narrow(.erfc, x, increasing: false) { _, a, _ in erfSlopeBound(a, x.upper) }
                 ?? monotone(.erfc, x, increasing: false))
    }

    /// e^b ≤ e^a·(1 + 2d) for b = a + d, 0 ≤ d ≤ 1 (e^d ≤ 1 + 2d), rounded up at 64 bits, from an
    /// upper bound `ea` of e^a.
    static func expSlope(_ ea: BigFloat, _ d: BigFloat) -> BigFloat {
        let factor = directed(64, .up) { $0.setSum(BigFloat(1, precision: 64), d.timesPowerOfTwo(1), rounding: $1) }
        return directed(64, .up) { $0.setProduct(ea, factor, rounding: $1) }
    }

    /// 2/√π·e^(−m²) ≥ |erf′| = |erfc′| on [a, b], m the least |x| there, rounded up at 64 bits (the
    /// factor e^(−m²) keeps erfc's enclosure relative in its right tail, where erfc(a) ~ e^(−a²)).
    static func erfSlopeBound(_ a: BigFloat, _ b: BigFloat) -> BigFloat {
        let m = a.signum > 0 ? a : b.signum < 0 ? -b : BigFloat.zero(precision: 64)
        let square = directed(64, .down) { $0.setProduct(m, m, rounding: $1) }
        let decay = BigFloat.apply(.exp, -square, precision: 64, rounding: .up)
        return directed(64, .up) { $0.setProduct(BigFloat(1.1284, precision: 64), decay, rounding: $1) }   // 2/√π = 1.12837916…
    }

    /// f over a narrow x = [a, b] (b − a ≤ 2⁻²⁰: a quadrature node) from one MPFR call instead of
    /// two: f(a) enclosed by ``pointEnclosure(_:_:precision:)``, and the other end f(b) within
    /// (b − a)·L of it (above it for an increasing f, below for a decreasing one),
    /// L = `slope(f(a)'s enclosure, a, b − a rounded up)` ≥ |f′| on [a, b], rounded up. Nil for a
    /// wider or non-finite x, a slope of nil, or a widening (b − a)·L above 2⁻²⁰·max(1, |f(a)|)
    /// (two calls are then tighter).
    static func narrow(_ f: ElementaryFunction, _ x: MPFRInterval, increasing: Bool = true,
                       slope: (_ atA: MPFRInterval, _ a: BigFloat, _ d: BigFloat) -> BigFloat?) -> MPFRInterval? {
        guard x.lower.isFinite, x.upper.isFinite, !x.lower.isIdentical(to: x.upper) else { return nil }
        let d = directed(64, .up) { $0.setDifference(x.upper, x.lower, rounding: $1) }
        guard let e = d.exponent, e <= -20 else { return nil }
        let p = x.precision
        let atA = pointEnclosure(f, x.lower, precision: p)
        guard atA.lower.isFinite, atA.upper.isFinite, let l = slope(atA, x.lower, d), l.isFinite else { return nil }
        let widening = directed(64, .up) { $0.setProduct(d, l, rounding: $1) }
        let scale = Swift.max(0, BigFloat.maximum(BigFloat.abs(atA.lower), BigFloat.abs(atA.upper)).exponent ?? 0)
        guard widening.isZero || widening.exponent! <= scale - 20 else { return nil }
        if increasing {
            return MPFRInterval(lower: atA.lower, upper: directed(p, .up) { $0.setSum(atA.upper, widening, rounding: $1) })
        }
        return MPFRInterval(lower: directed(p, .down) { $0.setDifference(atA.lower, widening, rounding: $1) }, upper: atA.upper)
    }
    /// erfcx(x) = erfc(x)·e^(x²): at a point, the product of the two enclosures (as tight as the
    /// working precision; e^(x²) stays in the exponent range for |x| < 27,000, beyond any
    /// definition's use). erfcx decreases on all of ℝ, so over a wider interval it is the hull of
    /// its ends' point enclosures — the product of the two factors' ranges would not be: on
    /// [22, 45] it spans e^1539 where erfcx stays below 0.026. Ends: erfcx(−∞) = +∞, erfcx(+∞) = 0.
    package static func erfcx(_ x: MPFRInterval) -> MPFRInterval {
        if x.isPoint || x.isNaN { return erfc(x) * exp(x * x) }
        func at(_ v: BigFloat) -> MPFRInterval { let p = MPFRInterval(v); return erfc(p) * exp(p * p) }
        let low = x.upper.isInfinite ? BigFloat.zero(precision: x.upper.precision) : at(x.upper).lower
        let high = x.lower.isInfinite ? BigFloat.infinity(precision: x.lower.precision) : at(x.lower).upper
        return MPFRInterval(lower: low, upper: high)
    }
    package static func sqrt(_ x: MPFRInterval) -> MPFRInterval { applying(.sqrt, to: x, monotone(.sqrt, x)) }
    package static func sin(_ x: MPFRInterval) -> MPFRInterval { applying(.sin, to: x, lipschitz(.sin, x)) }
    package static func cos(_ x: MPFRInterval) -> MPFRInterval { applying(.cos, to: x, lipschitz(.cos, x)) }
    package static func abs(_ x: MPFRInterval) -> MPFRInterval {
        if let q = x.exact?.rational { return q.signum >= 0 ? x : -x }
        if x.lower.signum >= 0 && !x.lower.signBit { return x }
        if x.upper.signum <= 0 { return -x }
        return MPFRInterval(lower: .zero(precision: x.precision), upper: BigFloat.maximum(-x.lower, x.upper))
    }
    package static func min(_ a: MPFRInterval, _ b: MPFRInterval) -> MPFRInterval {
        if let order = exactOrder(a, b) { return order <= 0 ? a : b }
        return MPFRInterval(lower: BigFloat.minimum(a.lower, b.lower), upper: BigFloat.minimum(a.upper, b.upper))
    }
    package static func max(_ a: MPFRInterval, _ b: MPFRInterval) -> MPFRInterval {
        if let order = exactOrder(a, b) { return order >= 0 ? a : b }
        return MPFRInterval(lower: BigFloat.maximum(a.lower, b.lower), upper: BigFloat.maximum(a.upper, b.upper))
    }
    /// c's tightest enclosure at x's precision; in exact mode (or beside an exact x) carrying
    /// c's exact value when it is a rational of reasonable size.
    package static func constant(_ c: DecimalConstant, like x: MPFRInterval) -> MPFRInterval {
        let p = x.precision
        // Beyond the roundings' cache, one rounding of the rational (a division) is far cheaper
        // than parsing the decimal twice at p bits.
        if p > DecimalConstantCache.maximumPrecision, let q = c.rational {
            let r = MPFRInterval(exactly: q, precision: p)
            return x.exact != nil || ExactArithmetic.isEnabled ? r : r.enclosureOnly
        }
        let enclosure = MPFRInterval(lower: c.bigFloat(precision: p, rounding: .down),
                                     upper: c.bigFloat(precision: p, rounding: .up))
        if enclosure.isPoint || !(x.exact != nil || ExactArithmetic.isEnabled) { return enclosure }
        guard let q = c.rational else { return enclosure }
        return MPFRInterval(exactly: q, precision: p)
    }
    package static func pi(like x: MPFRInterval) -> MPFRInterval {
        let enclosure = MPFRInterval(lower: .pi(precision: x.precision, rounding: .down), upper: .pi(precision: x.precision, rounding: .up))
        return x.exact != nil || ExactArithmetic.isEnabled ? MPFRInterval(enclosure, exact: .pi) : enclosure
    }
    package static func choosingDerivative(_ value: MPFRInterval, slope: MPFRInterval, of x: MPFRInterval) -> MPFRInterval { value }

    package var isNaN: Bool { lower.isNaN || upper.isNaN }
    /// 1 when both ends are > 0, −1 when both are < 0, else 0 (an end at ±0, or across 0).
    package var strictSign: Int {
        let (l, u) = (lower.signum, upper.signum)
        return l > 0 && u > 0 ? 1 : l < 0 && u < 0 ? -1 : 0
    }
    /// Both ends finite (no NaN, no infinity).
    package var isFiniteInterval: Bool { lower.isFinite && upper.isFinite }
    package var isInfinite: Bool { lower.isInfinite && lower == upper }
    package var signBit: Bool { upper.signBit && lower.signBit }

    // MARK: Comparisons (certain, or ambiguous and counted)

    package static func ambiguous(_ a: MPFRInterval, _ b: MPFRInterval, _ fallback: (BigFloat, BigFloat) -> Bool) -> Bool {
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
        if let order = exactOrder(a, b) { return order == 0 }
        if a.isPoint && b.isPoint { return a.lower == b.lower }
        if a.upper < b.lower || b.upper < a.lower { return false }
        return ambiguous(a, b, ==)
    }
    package static func < (a: MPFRInterval, b: MPFRInterval) -> Bool {
        if a.isNaN || b.isNaN { return false }
        if let order = exactOrder(a, b) { return order < 0 }
        if a.upper < b.lower { return true }
        if a.lower >= b.upper { return false }
        return ambiguous(a, b, <)
    }
    package static func > (a: MPFRInterval, b: MPFRInterval) -> Bool { b < a }
    package static func <= (a: MPFRInterval, b: MPFRInterval) -> Bool {
        if a.isNaN || b.isNaN { return false }
        if let order = exactOrder(a, b) { return order <= 0 }
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

/// Exact mode: while on, constants of a definition evaluated on ``MPFRInterval`` carry their
/// exact rational values and quotients of points stay exact, so that ties (x + 0.2 < 0.7 at
/// x = 0.5) are decided exactly instead of staying ambiguous at every precision. Off by
/// default: most evaluations never meet a tie, and the rationals cost time; the Ziv loop turns
/// it on after a first ambiguous attempt, the certified limits always.
package enum ExactArithmetic {
    @TaskLocal package static var isEnabled = false

    /// Runs `body` in exact mode.
    package static func with<R>(_ body: () throws -> R) rethrows -> R {
        try $isEnabled.withValue(true, operation: body)
    }
}
