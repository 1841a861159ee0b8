import BigFloat
import KinkCheckSupport

extension Activation {
    /// f(x) in any scalar type: NaN → NaN; ±∞ → the declared tail (value and, in ``Dual``, slope);
    /// finite x → `evaluate(x)`.
    @inlinable
    public func callAsFunction<T: ActivationScalar>(_ x: T) -> T {
        if x.isNaN { return T.choosingDerivative(x, slope: x, of: x) }   // NaN value and derivative
        if x.isInfinite, let tails {
            let tail = x.signBit ? tails.negative : tails.positive
            switch tail {
            case .constant(let c):
                return T.choosingDerivative(T.constant(c, like: x), slope: 0, of: x)
            case .linear(let s):
                let slope = T.constant(s, like: x)
                let value: T = slope == 0 ? 0 : (slope > 0 ? x : -x)
                return T.choosingDerivative(value, slope: slope, of: x)
            }
        }
        return evaluate(x)
    }

    /// The backward pass at any x, as `callAsFunction` is f at any x: NaN → NaN; ±∞ → the
    /// declared tail's slope (0 for a constant tail); finite x → ``derivative(_:)`` — autodiff of
    /// `evaluate` unless the activation has a hand-written derivative. (A hand-written
    /// derivative is thus not asked about NaN, nor about ±∞ when tails are declared.)
    @inlinable
    public func backward<T: ActivationScalar>(_ x: T) -> T {
        guard hasHandWrittenDerivative else { return derivative(x) }
        if x.isNaN { return x }
        if x.isInfinite, let tails {
            switch x.signBit ? tails.negative : tails.positive {
            case .constant: return 0
            case .linear(let s): return T.constant(s, like: x)
            }
        }
        return derivative(x)
    }

    /// Value and backward derivative in `T`: ``backward(_:)`` — autodiff of `evaluate` (one
    /// forward-mode pass, seed 1) unless the activation has a hand-written derivative.
    @inlinable
    package func valueAndDerivative<T: ActivationScalar>(at x: T) -> (value: T, derivative: T) {
        if hasHandWrittenDerivative { return (self(x), backward(x)) }
        let d = self(Dual(x, derivative: 1))
        return (d.value, d.derivative)
    }

    /// The true derivative f′(x): autodiff of `evaluate` through ``Dual`` (seed 1), whatever
    /// ``derivative(_:)`` says. Away from kinks this is the function's derivative; it is what
    /// kink discovery, the one-sided limits and the Clarke sets are built on, and what a
    /// hand-written derivative is checked against.
    @inlinable
    package func trueDerivative<T: ActivationScalar>(_ x: T) -> T {
        self(Dual(x, derivative: 1)).derivative
    }

    /// The true second derivative f″(x): nested autodiff of `evaluate`.
    @inlinable
    package func trueSecondDerivative<T: ActivationScalar>(_ x: T) -> T {
        self(Dual(Dual(x, derivative: 1), derivative: Dual(1, derivative: 0))).derivative.derivative
    }
}

/// A correctly rounded MPFR evaluation and how it was obtained.
package struct CorrectlyRounded: Sendable {
    /// f(x) correctly rounded at the requested precision and rounding.
    package var value: BigFloat
    /// True when proven by an interval enclosure whose ends round alike (or an exact special);
    /// false only if the precision cap was reached (value is then the rounded midpoint).
    package var certified: Bool
    /// Working precision of the last (successful) enclosure.
    package var workingPrecision: Int
    /// Enclosures computed (1 when the first succeeded).
    package var attempts: Int
    /// Set when `value` is not correctly rounded but the midpoint of an enclosure the caller
    /// accepted (`orWhen:`), rounded: |value − f(x)| ≤ this bound. nil when correctly rounded.
    package var errorBound: BigFloat? = nil
    /// The sign of f(x) − value where the last enclosure shows it: 0 when the enclosure is the
    /// one point `value` (f(x) is exactly it), −1 or +1 when the enclosure lies below or above
    /// `value`; nil when it holds `value` inside (or is not certified). A value exactly halfway
    /// between two numbers of a shorter format rounds to that format correctly only with it.
    package var side: Int? = nil
}

extension Activation {
    /// f(x) correctly rounded to `precision` bits (Ziv's loop over ``MPFRInterval``): evaluate an
    /// enclosure at working precision w = max(p, p_x) + 32; if both ends round to the same p-bit
    /// value, that is the answer; else double w, up to `maximumWorkingPrecision` (default
    /// 64·max(p, p_x) + 8192), and never past `BigFloat.maximumPrecision`; when the first w is
    /// past the cap, one enclosure is tried at the cap (so at the maximum precision an exact or
    /// easily decided result is still certified; otherwise the result says it is not). Ambiguous branches (an enclosure straddling a branch point)
    /// also trigger a retry.
    ///
    /// Edge cases: NaN → NaN; ±∞ → the tail value rounded; an exact zero keeps the sign the
    /// definition gives at point precision. Enclosures are computed in MPFR's widest exponent
    /// range, so a result that underflows or overflows the normal range is rounded as MPFR
    /// rounds out-of-range values (±0 / ±∞ or the extreme values, per the rounding mode).
    package func correctlyRounded(at x: BigFloat, precision: Int, rounding: Rounding = .nearestEven,
                                 maximumWorkingPrecision: Int? = nil,
                                 orWhen accept: ((MPFRInterval) -> Bool)? = nil) -> CorrectlyRounded {
        ziv(at: ExactPoint(x), precision: precision, rounding: rounding, cap: maximumWorkingPrecision, accept: accept,
            enclosure: { self($0) }, point: { self($0) })
    }

    /// As the binary-point form, at an exact point (a typed decimal is enclosed exactly, never
    /// rounded first).
    package func correctlyRounded(at x: ExactPoint, precision: Int, rounding: Rounding = .nearestEven,
                                 maximumWorkingPrecision: Int? = nil) -> CorrectlyRounded {
        ziv(at: x, precision: precision, rounding: rounding, cap: maximumWorkingPrecision,
            enclosure: { self($0) }, point: { self($0) })
    }

    /// The backward derivative ``derivative(_:)`` correctly rounded to `precision` bits, by the
    /// same Ziv loop (over `Dual<MPFRInterval>` for autodiff, over `MPFRInterval` for a
    /// hand-written derivative): the exact value of the derivative the code computes, which at a
    /// kink is the convention's choice. Without a hand-written derivative this is
    /// ``correctlyRoundedTrueDerivative(at:precision:rounding:maximumWorkingPrecision:)``.
    package func correctlyRoundedDerivative(at x: BigFloat, precision: Int, rounding: Rounding = .nearestEven,
                                           maximumWorkingPrecision: Int? = nil,
                                           orWhen accept: ((MPFRInterval) -> Bool)? = nil) -> CorrectlyRounded {
        ziv(at: ExactPoint(x), precision: precision, rounding: rounding, cap: maximumWorkingPrecision, tailsApply: false, accept: accept,
            enclosure: { self.backward($0) }, point: { self.backward($0) })
    }

    /// As the binary-point form, at an exact point (a typed decimal is enclosed exactly, never
    /// rounded first).
    package func correctlyRoundedDerivative(at x: ExactPoint, precision: Int, rounding: Rounding = .nearestEven,
                                           maximumWorkingPrecision: Int? = nil) -> CorrectlyRounded {
        ziv(at: x, precision: precision, rounding: rounding, cap: maximumWorkingPrecision, tailsApply: false,
            enclosure: { self.backward($0) }, point: { self.backward($0) })
    }

    /// The true derivative ``trueDerivative(_:)`` (autodiff of `evaluate`, seed 1) correctly
    /// rounded to `precision` bits by the same Ziv loop over `Dual<MPFRInterval>`: the truth a
    /// hand-written derivative is checked against, and at a kink the derivative the
    /// definition's branches produce.
    package func correctlyRoundedTrueDerivative(at x: BigFloat, precision: Int, rounding: Rounding = .nearestEven,
                                               maximumWorkingPrecision: Int? = nil) -> CorrectlyRounded {
        correctlyRoundedTrueDerivative(at: ExactPoint(x), precision: precision, rounding: rounding, maximumWorkingPrecision: maximumWorkingPrecision)
    }

    /// As the binary-point form, at an exact point (a typed decimal is enclosed exactly, never
    /// rounded first).
    package func correctlyRoundedTrueDerivative(at x: ExactPoint, precision: Int, rounding: Rounding = .nearestEven,
                                               maximumWorkingPrecision: Int? = nil) -> CorrectlyRounded {
        ziv(at: x, precision: precision, rounding: rounding, cap: maximumWorkingPrecision, tailsApply: false,
            enclosure: { self.trueDerivative($0) }, point: { self.trueDerivative($0) })
    }

    package func ziv(at x: ExactPoint, precision: Int, rounding: Rounding, cap maximumWorkingPrecision: Int?,
             tailsApply: Bool = true, accept: ((MPFRInterval) -> Bool)? = nil,
             enclosure: (MPFRInterval) -> MPFRInterval, point: (BigFloat) -> BigFloat) -> CorrectlyRounded {
        if x.isNaN { return CorrectlyRounded(value: .nan(precision: precision), certified: true, workingPrecision: precision, attempts: 0) }
        if tailsApply, let b = x.binary, b.isInfinite, let tails {
            let tail = b.signBit ? tails.negative : tails.positive
            let v: BigFloat
            switch tail {
            case .constant(let c): v = c.bigFloat(precision: precision, rounding: rounding)
            case .linear(let s):
                let sign = s.bigFloat(precision: 53).signum
                v = sign == 0 ? .zero(precision: precision) : .infinity(precision: precision, negative: (sign > 0) == b.signBit)
            }
            return CorrectlyRounded(value: v, certified: true, workingPrecision: precision, attempts: 0)
        }
        return zivLoop(at: [x], precision: precision, rounding: rounding, cap: maximumWorkingPrecision, accept: accept,
                       enclosure: { enclosure($0[0]) }, point: { point($0[0]) })
    }
}

/// Ziv's loop at a point of ℝⁿ (n ≥ 1 inputs, each exact): the body of the 1-D ``Activation/ziv``
/// and of the multi-input evaluations, which handle NaN and ±∞ before calling it.
package func zivLoop(at xs: [ExactPoint], precision: Int, rounding: Rounding, cap maximumWorkingPrecision: Int?,
                     accept: ((MPFRInterval) -> Bool)? = nil,
                     enclosure: ([MPFRInterval]) -> MPFRInterval, point: ([BigFloat]) -> BigFloat) -> CorrectlyRounded {
    // A result precision beyond the maximum cannot be honoured (the handler or a trap).
    BigFloat.requireValidPrecision(precision)
    let bits = xs.map(\.bits).max() ?? 0
    let base = Swift.max(precision, bits)
    // Working precisions w = base + 32, doubled after each failure while within the cap (which
    // is never past BigFloat.maximumPrecision); when base + 32 itself is past the cap, one
    // attempt runs at the cap, so a request at the maximum still gets an enclosure.
    // w ≥ x's precision keeps x exact.
    let cap = BigFloat.clampedPrecision(maximumWorkingPrecision ?? 64 * base + 8192)
    var w = Swift.min(base + 32, cap)
    var attempts = 0
    var last: MPFRInterval? = nil
    // Exact mode (constants and the point as exact rationals): from the start at a point no
    // binary number holds, else after the first ambiguous attempt (a tie such as x + 0.2 vs
    // 0.7 at x = 0.5 stays ambiguous at every precision without it).
    var exactMode = xs.contains { !$0.isBinary }
    var overflowedBefore = false
    while w >= bits {
        attempts += 1
        let input = xs.map { $0.enclosure(precision: w) }
        // Enclose and round with MPFR's widest exponent range (no spurious under/overflow),
        // then fit both ends into the normal range as MPFR would round the exact value.
        let (y, ambiguous, lo, hi) = BigFloat.withWidestExponentRange { () -> (MPFRInterval, Int, (BigFloat, Ternary), (BigFloat, Ternary)) in
            let (y, ambiguous) = IntervalAmbiguity.withTracking {
                exactMode ? ExactArithmetic.with { enclosure(input) } : enclosure(input)
            }
            return (y, ambiguous, y.lower.roundedWithTernary(toPrecision: precision, rounding: rounding),
                    y.upper.roundedWithTernary(toPrecision: precision, rounding: rounding))
        }
        last = y
        if ambiguous > 0 && !exactMode {
            exactMode = true
            continue
        }
        if ambiguous == 0 && !y.isNaN {
            let low = lo.0.fittedToCurrentRange(ternary: lo.1, rounding: rounding)
            let high = hi.0.fittedToCurrentRange(ternary: hi.1, rounding: rounding)
            if low.isIdentical(to: high) || (low == high && !low.isZero) {
                var r = CorrectlyRounded(value: low, certified: true, workingPrecision: w, attempts: attempts)
                r.side = y.lower == y.upper && y.lower == low ? 0 : y.lower > low ? 1 : y.upper < low ? -1 : nil
                return r
            }
            if low.isZero && high.isZero {
                // An exact zero (or an underflow): the sign the definition gives at point precision.
                let pointValue = point(xs.map { $0.rounded(toPrecision: w) })
                let negative = pointValue.isZero ? pointValue.signBit : pointValue.signum < 0
                return CorrectlyRounded(value: .zero(precision: precision, negative: negative),
                                        certified: true, workingPrecision: w, attempts: attempts)
            }
            // Enough for the caller, though straddling a rounding boundary at `precision` (a
            // definition that cancels — log(1 + eˣ) far left — needs |x|/ln 2 bits to round):
            // the midpoint, with a bound on its error (half the width, plus its rounding).
            if let accept, y.lower.isFinite, y.upper.isFinite, accept(y) {
                var m = BigFloat(nanWithPrecision: BigFloat.clampedPrecision(y.precision + 1))
                m.setSum(y.lower, y.upper)
                let v = m.timesPowerOfTwo(-1).rounded(toPrecision: precision, rounding: rounding)
                var bound = BigFloat(nanWithPrecision: 64)
                bound.setSum(y.width.timesPowerOfTwo(-1), BigFloat.abs(v).timesPowerOfTwo(1 - precision), rounding: .up)
                var r = CorrectlyRounded(value: v, certified: false, workingPrecision: w, attempts: attempts)
                r.errorBound = bound
                return r
            }
        } else if ambiguous == 0 && y.isNaN {
            // The definition itself yields NaN (outside its domain): the IEEE answer.
            let pointValue = point(xs.map { $0.rounded(toPrecision: w) })
            if pointValue.isNaN {
                return CorrectlyRounded(value: .nan(precision: precision), certified: true, workingPrecision: w, attempts: attempts)
            }
        }
        // An end at ±∞ twice running is MPFR's exponent range overflowing (e^(10³⁰) in
        // log(1 + eˣ)), which no precision changes: stop, uncertified, without chasing the cap.
        let unbounded = !y.isNaN && (y.lower.isInfinite || y.upper.isInfinite) && !y.lower.isIdentical(to: y.upper)
        if unbounded && overflowedBefore { break }
        overflowedBefore = unbounded
        if 2 * w > cap { break }
        w *= 2
    }
    // Not certified: round the last enclosure's midpoint, or (an end unbounded) the point
    // value — at the cap, or where an exponent overflow stopped the loop (more bits change nothing).
    let v: BigFloat
    if let last, last.lower.isFinite, last.upper.isFinite {
        var m = BigFloat(nanWithPrecision: BigFloat.clampedPrecision(last.precision + 1))
        m.setSum(last.lower, last.upper)
        v = m.timesPowerOfTwo(-1).rounded(toPrecision: precision, rounding: rounding)
    } else {
        v = point(xs.map { $0.rounded(toPrecision: overflowedBefore ? w : cap) }).rounded(toPrecision: precision, rounding: rounding)
    }
    return CorrectlyRounded(value: v, certified: false, workingPrecision: cap, attempts: attempts)
}
