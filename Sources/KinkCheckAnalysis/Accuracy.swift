import BigFloat
import KinkCheck
import KinkCheckSupport

/// Which number of an activation is measured: f(x), or the backward derivative f′(x).
package enum AccuracyQuantity: String, Sendable, Hashable, CaseIterable {
    case value
    case derivative
}

/// What every format is measured against at one x: f(x) and f′(x) correctly rounded at
/// ``Accuracy/truthPrecision`` bits (Ziv's loop, so `exp(x) − 1` is as exact as `expm1`), and the
/// conditioning terms |x·f′(x)| and |x·f″(x)| (at 64 bits: they only scale a tolerance).
///
/// f′ is the derivative the definition's branches give (autodiff in MPFR), f″ nested autodiff
/// (`Dual<Dual<BigFloat>>`).
package struct AccuracyTruth: Sendable {
    package var x: Double
    package var value: BigFloat
    package var derivative: BigFloat
    /// |x·f′(x)| (0 where it is not a finite number, e.g. at x = ±∞).
    package var valueCondition: BigFloat
    /// |x·f″(x)| (0 where it is not a finite number).
    package var derivativeCondition: BigFloat
    /// Whether each Ziv loop proved its rounding (false only when it reached its precision cap:
    /// the value is then the last enclosure's midpoint, an estimate).
    package var valueCertified: Bool
    package var derivativeCertified: Bool
    /// Where a value is certified without being correctly rounded at ``Accuracy/truthPrecision``
    /// (an enclosure narrower than 2⁻¹¹⁰⁴ that rounds alike in all four formats): a bound on
    /// |value − f(x)|, else nil.
    package var valueErrorBound: BigFloat? = nil
    package var derivativeErrorBound: BigFloat? = nil
    /// The sign of f(x) − value and of f′(x) − derivative where `value` (`derivative`) is exactly
    /// halfway between two numbers of a format (0: exactly; nil: not halfway, or not known).
    /// Rounding the 128-bit value again would round such a tie to even; f(x) itself may lie a
    /// hair to one side (silu and gelu at a subnormal x with an odd last bit are x/2 + x²/4 and
    /// x/2 + x²/√(2π), within 2⁻¹²⁶ relative of x/2), and ``rounded(_:to:)`` takes that side.
    package var valueSide: Int? = nil
    package var derivativeSide: Int? = nil

    package init(_ activation: any Activation, at x: Double) {
        self.x = x
        let p = Accuracy.truthPrecision
        let xb = BigFloat(x, precision: 53)
        let v = activation.correctlyRounded(at: xb, precision: p, orWhen: Self.enough)
        let d = activation.correctlyRoundedDerivative(at: xb, precision: p, orWhen: Self.enough)
        (value, valueCertified, valueErrorBound) = (v.value, v.certified || v.errorBound != nil, v.errorBound)
        (derivative, derivativeCertified, derivativeErrorBound) = (d.value, d.certified || d.errorBound != nil, d.errorBound)
        if v.certified, Self.isHalfway(v.value) {
            valueSide = v.side ?? Self.side(of: v.value) { activation.correctlyRounded(at: xb, precision: $0, maximumWorkingPrecision: 2 * $0) }
            if valueSide == nil { valueCertified = false }
        }
        if d.certified, Self.isHalfway(d.value) {
            derivativeSide = d.side ?? Self.side(of: d.value) { activation.correctlyRoundedDerivative(at: xb, precision: $0, maximumWorkingPrecision: 2 * $0) }
            if derivativeSide == nil { derivativeCertified = false }
        }
        let x64 = BigFloat(x, precision: 64)
        let second = activation(Dual(Dual(x64, derivative: 1), derivative: Dual(1, derivative: 0))).derivative.derivative
        func condition(_ slope: BigFloat) -> BigFloat {
            let c = BigFloat.abs(x64 * BigFloat(slope, precision: 64))
            return c.isFinite ? c : .zero(precision: 64)
        }
        valueCondition = condition(derivative)
        derivativeCondition = condition(second)
    }

    /// An enclosure that settles every accuracy question without rounding at 128 bits: narrower
    /// than 2⁻³⁰ of the least ulp of the four formats (float64's least subnormal, 2⁻¹⁰⁷⁴), so
    /// every error in ulps is fixed to 2⁻³⁰ ulp, and both ends rounding alike in every format, so
    /// the correctly rounded value is known. (A definition that cancels, log(1 + eˣ) far left,
    /// would otherwise need |x|/ln 2 bits.)
    @Sendable static func enough(_ y: MPFRInterval) -> Bool {
        y.width <= BigFloat(1, precision: 64).timesPowerOfTwo(-1104)
            && IEEEFormat.allCases.allSatisfy { y.lower.rounded(to: $0).value == y.upper.rounded(to: $0).value }
    }

    /// The exact number for `quantity`, and its conditioning term.
    package func exact(_ quantity: AccuracyQuantity) -> (BigFloat, BigFloat) {
        quantity == .value ? (value, valueCondition) : (derivative, derivativeCondition)
    }

    /// f(x) or f′(x) correctly rounded to `format`: the 128-bit value rounded again, except where
    /// that value is halfway between two numbers of the format and f(x) is known to lie to one
    /// side (``valueSide``): then the neighbour on that side, where rounding again would have
    /// rounded the tie to even.
    package func rounded(_ quantity: AccuracyQuantity, to format: IEEEFormat) -> Double {
        let v = quantity == .value ? value : derivative
        if v.isNaN { return .nan }
        if let side = quantity == .value ? valueSide : derivativeSide, side != 0, let (down, up) = Self.neighbours(ofHalfway: v, in: format) {
            return Double(side > 0 ? up : down)
        }
        return Double(v.rounded(to: format).value)
    }

    /// The two numbers of `format` that finite, nonzero v lies exactly halfway between; nil
    /// when it does not (or a neighbour is infinite).
    static func neighbours(ofHalfway v: BigFloat, in format: IEEEFormat) -> (BigFloat, BigFloat)? {
        guard v.isFinite, !v.isZero else { return nil }
        let down = v.rounded(to: format, rounding: .down).value, up = v.rounded(to: format, rounding: .up).value
        guard down != up, down.isFinite, up.isFinite else { return nil }
        var mid = BigFloat(nanWithPrecision: format.precision + 2)
        mid.setSum(down, up)   // exact: adjacent numbers of the format
        return mid.timesPowerOfTwo(-1) == v ? (down, up) : nil
    }

    /// Whether v is halfway between two numbers of some format.
    static func isHalfway(_ v: BigFloat) -> Bool {
        // A halfway value has at most 54 significant bits (float64's 53 and a half); f(x) at 128
        // bits nearly always has about 128, and costs no more.
        v.significantBits <= IEEEFormat.binary64.precision + 1 && IEEEFormat.allCases.contains { neighbours(ofHalfway: v, in: $0) != nil }
    }

    /// The sign of f(x) − v for a 128-bit correctly rounded v, from Ziv loops rounding to 512,
    /// 2048 and 8192 bits (`evaluate(p)`, working at most at 2p): f(x) lies on the side of v its
    /// certified rounding at p bits does, or v is exactly f(x) (a point enclosure); nil when none
    /// tells.
    static func side(of v: BigFloat, _ evaluate: (Int) -> CorrectlyRounded) -> Int? {
        for p in [512, 2048, 8192] {
            let r = evaluate(p)
            guard r.certified else { continue }
            if r.value != v { return r.value > v ? 1 : -1 }
            if let side = r.side { return side }
        }
        return nil
    }
}

/// One computed number measured against the truth.
package struct AccuracyMeasurement: Sendable {
    package var format: IEEEFormat
    package var quantity: AccuracyQuantity
    package var x: Double
    /// What code running in the format computes.
    package var computed: Double
    /// The exact value (correctly rounded at ``Accuracy/truthPrecision`` bits).
    package var exact: BigFloat
    /// The exact value correctly rounded to the format.
    package var rounded: Double
    /// |computed − exact| / ulp(exact), the ulp of the format at the exact value (subnormal
    /// aware). 0 when both are the same ±∞ (an overflow rounds there) or both NaN; +∞ for NaN
    /// against a number and for ±∞ against a finite exact value.
    package var ulps: Double
    /// The tolerance k·u·(|f| + |x·f′|) + k·(least subnormal)/2, in the same ulps (+∞ never; 0
    /// where the comparison is not of finite numbers, see ``isFinite``).
    package var toleranceULPs: Double
    package var k: Double
    /// Whether the exact value is certified (``AccuracyTruth/valueCertified``).
    package var certified = true
    /// A bound on |exact − f(x)| where `exact` is certified without being correctly rounded at
    /// ``Accuracy/truthPrecision`` bits (``AccuracyTruth/valueErrorBound``); nil otherwise.
    package var exactErrorBound: BigFloat? = nil

    package var withinTolerance: Bool { ulps <= toleranceULPs }
    /// The computed number is the exact one correctly rounded (NaN counts as NaN).
    package var isCorrectlyRounded: Bool { computed == rounded || (computed.isNaN && rounded.isNaN) }
    /// x, the computed number and the exact value are all finite, so the error and the tolerance
    /// are numbers of ulps. Otherwise the comparison is of specials — NaN at x = −∞, ∞ where a
    /// finite value is due — right or wrong but not by an amount (``line`` says which).
    package var isFinite: Bool { x.isFinite && computed.isFinite && exact.isFinite }

    /// One line. Finite: x in hex and decimal, computed, correctly rounded, ulps, tolerance.
    /// Not finite: what was computed and what was due, with no ulps — at x = ±∞ the due value is
    /// f's limit there (`float16: at x = -inf: f computed nan, the limit is -0`).
    package var line: String {
        let what = quantity == .value ? "f" : "f′"
        guard isFinite else { return "\(format.name): \(nonFiniteText)" }
        return "\(format.name): x = \(Accuracy.hex(x)) (\(x)): \(what) computed \(computed), correctly rounded \(rounded)"
            + " (exact ≈ \(exact.decimalString(significantDigits: 17).trimmingFractionZeros)"
            + (exactErrorBound.map { " ± " + Self.printedBound($0, of: exact).scientificString(fractionDigits: 1, rounding: .up) } ?? "") + "),"
            + " error \(Accuracy.ulpText(ulps)) ulps, tolerance \(Accuracy.ulpText(toleranceULPs)) ulps (k = \(Accuracy.ulpText(k)))"
    }
}

extension AccuracyMeasurement {
    /// `bound` widened by the printing of `v` to 17 significant digits (at most |v|·2⁻⁵², rounded up).
    static func printedBound(_ bound: BigFloat, of v: BigFloat) -> BigFloat {
        var b = BigFloat(nanWithPrecision: 64)
        b.setSum(bound, BigFloat.abs(v).timesPowerOfTwo(-52), rounding: .up)
        return b
    }

    /// What was computed and what was due, with no ulps and no format (``line`` puts the format
    /// first): `at x = -inf: f computed nan, the limit is -0`, `at x = 0x1.64p+6 (89.0): f
    /// computed inf, correctly rounded 89.0`, `at x = nan: f computed 0, expected nan`.
    package var nonFiniteText: String {
        let what = quantity == .value ? "f" : "f′"
        let due = x.isNaN ? "expected nan" : x.isInfinite ? "the limit is \(Accuracy.specialText(rounded))"
            : "correctly rounded \(Accuracy.specialText(rounded))"
        let at = x.isFinite ? "\(Accuracy.hex(x)) (\(x))" : Accuracy.specialText(x)
        return "at x = \(at): \(what) computed \(Accuracy.specialText(computed)), \(due)"
    }
}

/// The accuracy measure: for a format with unit roundoff u and least subnormal λ, a computed y
/// for the exact f(x) (x exact in the format) is within tolerance when
///
///     |y − f(x)| ≤ k·u·(|f(x)| + |x·f′(x)|) + k·λ/2,
///
/// what a backward-stable implementation of about k operations can produce. Derivation: with
/// gradual underflow every operation (and every correctly rounded library function) returns
/// (a ∘ b)(1 + δ) + η with |δ| ≤ u and |η| ≤ λ/2 — a result in the normal range errs relatively,
/// one in the subnormal range absolutely, its ulp being λ whatever its size. A relative error
/// of x or of an x-sized intermediate moves f by at most about u·|x·f′(x)| (the function's own
/// conditioning, so a result near a zero of f, where a relative error is meaningless, is not
/// blamed for ordinary rounding); one of the result by u·|f(x)|. An absolute error η of an
/// intermediate reaches the result multiplied by the result's sensitivity to that intermediate,
/// which is at most 1 in a backward-stable kernel (an exponential rounded, then divided by a
/// factor ≥ 1, say). Summing over k operations gives the rule: k half-ulps, where half an ulp is
/// u·|f| in the normal range and λ/2 in the subnormal range. A kernel that scales an underflowed
/// intermediate up — x·σ(x) with σ(x) subnormal, 4·e^(−2x) — multiplies its η by |x| or 4 and
/// falls outside for large enough factors: such a kernel is inaccurate, not unlucky, and the
/// built-ins compute those results as one exponential instead.
///
/// A derivative g is measured the same way with |x·g′(x)|. k defaults to 8 (4 least subnormals
/// of absolute slack).
///
/// Also the plain ulp error |y − f(x)|/ulp(f(x)).
///
/// Edge cases: y = ±∞ where f(x) rounds to the same ±∞ in the format (an overflow) is 0 ulps;
/// y = ±∞ where f(x) is finite of that sign but within tolerance of the overflow threshold Ω
/// (largest finite plus half an ulp) is within tolerance — a number the rule admits rounds to
/// ±∞ there (λx in Float for SELU just below Ω/λ) — its error the gap Ω − |f(x)|; any other
/// ±∞ against a finite value, and NaN against a number, is +∞ ulps; NaN against NaN agrees.
/// The exact value is rounded to the format from 128 bits, except where the 128-bit value is
/// itself halfway between two numbers of the format: a second rounding would round that tie to
/// even, and the side f(x) lies on is found at more bits (``AccuracyTruth/rounded(_:to:)``).
package enum Accuracy {
    package static let defaultK = 8.0
    package static let truthPrecision = 128

    /// The ulp of `format` at the exact value v: 2^(max(⌊log₂|v|⌋, emin) − p + 1), clamped to
    /// the top binade (beyond the largest finite value), the least subnormal at v = 0.
    package static func ulpExponent(of v: BigFloat, in format: IEEEFormat) -> Int {
        let e = v.exponent.map { $0 - 1 } ?? format.minExponent
        return Swift.min(Swift.max(e, format.minExponent), format.maxExponent) - format.precision + 1
    }

    /// Measures `quantity` of `activation` at x (exact in `format`) as code in `format`
    /// computes it. `truth` may be passed when already computed (it does not depend on the format).
    package static func measure(_ activation: any Activation, _ quantity: AccuracyQuantity, in format: IEEEFormat,
                               at x: Double, k: Double = defaultK, truth: AccuracyTruth? = nil) -> AccuracyMeasurement {
        let y = quantity == .value ? format.value(of: activation, at: x) : format.derivative(of: activation, at: x)
        return measure(computed: y, truth: truth ?? AccuracyTruth(activation, at: x), quantity, in: format, k: k)
    }

    /// Measures a computed number against the truth.
    package static func measure(computed y: Double, truth: AccuracyTruth, _ quantity: AccuracyQuantity,
                               in format: IEEEFormat, k: Double = defaultK) -> AccuracyMeasurement {
        let (v, condition) = truth.exact(quantity)
        let rounded = truth.rounded(quantity, to: format)
        var m = AccuracyMeasurement(format: format, quantity: quantity, x: truth.x, computed: y, exact: v,
                                    rounded: rounded, ulps: 0, toleranceULPs: 0, k: k)
        m.certified = quantity == .value ? truth.valueCertified : truth.derivativeCertified
        m.exactErrorBound = quantity == .value ? truth.valueErrorBound : truth.derivativeErrorBound
        if v.isNaN || y.isNaN {
            m.ulps = v.isNaN && y.isNaN ? 0 : .infinity
            return m
        }
        let q = ulpExponent(of: v, in: format)
        if y.isInfinite || !v.isFinite {
            // The same ±∞ as the correctly rounded value is right. ±∞ for a finite f of that sign
            // is right when a number within tolerance of f rounds to it: then the error is the
            // gap from |f| to the overflow threshold. Any other mix of ±∞ is wrong.
            if y != rounded, v.isFinite, !v.isZero, (y > 0) == (v.signum > 0) {
                let gap = overflowThreshold(format) - BigFloat(BigFloat.abs(v), precision: 64)
                let allowed = tolerance(BigFloat.abs(v), condition: condition, in: format, k: k)
                if gap <= allowed {
                    m.ulps = Double(gap.timesPowerOfTwo(-q))
                    m.toleranceULPs = Double(allowed.timesPowerOfTwo(-q))
                    return m
                }
            }
            m.ulps = y == rounded ? 0 : .infinity
            return m
        }
        var difference = BigFloat(nanWithPrecision: 64)
        difference.setDifference(BigFloat(y, precision: 53), v)
        m.ulps = Double(BigFloat.abs(difference).timesPowerOfTwo(-q))
        // Scaled by 2^−q: the tolerance in ulps of the format at v.
        m.toleranceULPs = Double(tolerance(BigFloat.abs(v), condition: condition, in: format, k: k).timesPowerOfTwo(-q))
        return m
    }

    /// A computed NaN or ±∞ where the exact value is a finite number whose rounding to the
    /// format is known (`rounded`, from a certified enclosure of it, `exact` a point of that
    /// enclosure): wrong by no amount of ulps, as ``measure(computed:truth:_:in:k:)`` would find
    /// — for ±∞ only where the caller has shown the exact value is not within tolerance of the
    /// overflow threshold. Spares the 128-bit truth for inputs where only that is to be said.
    package static func nonFinite(computed y: Double, exact: BigFloat, rounded: Double, x: Double, _ quantity: AccuracyQuantity,
                                  in format: IEEEFormat, k: Double) -> AccuracyMeasurement {
        precondition(!y.isFinite && rounded.isFinite && exact.isFinite, "a non-finite result against a finite exact value")
        return AccuracyMeasurement(format: format, quantity: quantity, x: x, computed: y, exact: exact,
                                   rounded: rounded, ulps: .infinity, toleranceULPs: 0, k: k)
    }

    /// The least magnitude that rounds to ∞ in `format`: the largest finite value plus half an
    /// ulp, (2 − 2^−p)·2^emax (exact at 64 bits).
    package static func overflowThreshold(_ format: IEEEFormat) -> BigFloat {
        let one = BigFloat(1, precision: 64)
        return (2 - one.timesPowerOfTwo(-format.precision)).timesPowerOfTwo(format.maxExponent)
    }

    /// The tolerance k·u·(|exact| + condition) + n·λ/2 of `format` (u its unit roundoff, λ its
    /// least subnormal), n = `underflows` operations that may underflow (k unless given), at 64
    /// bits — plenty for a tolerance.
    package static func tolerance(_ magnitude: BigFloat, condition: BigFloat, in format: IEEEFormat, k: Double,
                                 underflows: Double? = nil) -> BigFloat {
        let scale = BigFloat(magnitude, precision: 64) + condition
        return scale * BigFloat(k * format.unitRoundoff, precision: 64) + underflowTerm(format, underflows ?? k)
    }

    /// n·λ/2: n operations that may each underflow by half the least subnormal λ (exact at 64 bits).
    static func underflowTerm(_ format: IEEEFormat, _ n: Double) -> BigFloat {
        BigFloat(format.leastSubnormalValue, precision: 64).timesPowerOfTwo(-1) * BigFloat(n, precision: 64)
    }

    /// The three terms of ``tolerance(_:condition:in:k:underflows:)``, each at 64 bits:
    /// k·u·|exact| (the result's own roundings), k·u·condition (the input's relative errors carried
    /// through the function's conditioning) and n·λ/2 (underflowing operations). Their sum is the
    /// tolerance to within the 64-bit roundings of the sum (for display; the verdicts use
    /// `tolerance`).
    package static func toleranceParts(_ magnitude: BigFloat, condition: BigFloat, in format: IEEEFormat, k: Double,
                                      underflows: Double? = nil) -> (rounding: BigFloat, conditioning: BigFloat, underflow: BigFloat) {
        let ku = BigFloat(k * format.unitRoundoff, precision: 64)
        return (BigFloat(magnitude, precision: 64) * ku, BigFloat(condition, precision: 64) * ku, underflowTerm(format, underflows ?? k))
    }

    /// A special or plain number as the lines print it: `nan`, `inf`, `-inf`, `-0`, `89.0`.
    package static func specialText(_ v: Double) -> String {
        if v.isNaN { return "nan" }
        if v == 0 { return v.sign == .minus ? "-0" : "0" }
        return v.description
    }

    /// x as a hex float (`0x1.8p-3`).
    package static func hex(_ x: Double) -> String { BigFloat(x, precision: 53).hexString }

    /// An ulp count with 3 significant digits (`0.5`, `4.19e+06`, `inf`).
    package static func ulpText(_ u: Double) -> String {
        if u.isInfinite { return "inf" }
        if u.isNaN { return "nan" }
        if u != 0 && (u >= 1e4 || u < 1e-3) { return BigFloat(u, precision: 53).scientificString(fractionDigits: 2) }
        return BigFloat(u, precision: 53).shortDecimal(3)
    }
}
