import BigFloat

/// Which number of an activation is measured: f(x), or the backward derivative f′(x).
public enum AccuracyQuantity: String, Sendable, Hashable, CaseIterable {
    case value
    case derivative
}

/// What every format is measured against at one x: f(x) and f′(x) correctly rounded at
/// ``Accuracy/truthPrecision`` bits (Ziv's loop, so `exp(x) − 1` is as exact as `expm1`), and the
/// conditioning terms |x·f′(x)| and |x·f″(x)| (at 64 bits: they only scale a tolerance).
///
/// f′ is the derivative the definition's branches give (autodiff in MPFR), f″ nested autodiff
/// (`Dual<Dual<BigFloat>>`).
public struct AccuracyTruth: Sendable {
    public var x: Double
    public var value: BigFloat
    public var derivative: BigFloat
    /// |x·f′(x)| (0 where it is not a finite number, e.g. at x = ±∞).
    public var valueCondition: BigFloat
    /// |x·f″(x)| (0 where it is not a finite number).
    public var derivativeCondition: BigFloat

    public init(_ activation: any Activation, at x: Double) {
        self.x = x
        let p = Accuracy.truthPrecision
        let xb = BigFloat(x, precision: 53)
        value = activation.correctlyRounded(at: xb, precision: p).value
        derivative = activation.correctlyRoundedDerivative(at: xb, precision: p).value
        let x64 = BigFloat(x, precision: 64)
        let second = activation(Dual(Dual(x64, derivative: 1), derivative: Dual(1, derivative: 0))).derivative.derivative
        func condition(_ slope: BigFloat) -> BigFloat {
            let c = BigFloat.abs(x64 * BigFloat(slope, precision: 64))
            return c.isFinite ? c : .zero(precision: 64)
        }
        valueCondition = condition(derivative)
        derivativeCondition = condition(second)
    }

    /// The exact number for `quantity`, and its conditioning term.
    public func exact(_ quantity: AccuracyQuantity) -> (BigFloat, BigFloat) {
        quantity == .value ? (value, valueCondition) : (derivative, derivativeCondition)
    }
}

/// One computed number measured against the truth.
public struct AccuracyMeasurement: Sendable {
    public var format: IEEEFormat
    public var quantity: AccuracyQuantity
    public var x: Double
    /// What code running in the format computes.
    public var computed: Double
    /// The exact value (correctly rounded at ``Accuracy/truthPrecision`` bits).
    public var exact: BigFloat
    /// The exact value correctly rounded to the format.
    public var rounded: Double
    /// |computed − exact| / ulp(exact), the ulp of the format at the exact value (subnormal
    /// aware). 0 when both are the same ±∞ (an overflow rounds there) or both NaN; +∞ for NaN
    /// against a number and for ±∞ against a finite exact value.
    public var ulps: Double
    /// The tolerance k·u·(|f| + |x·f′|) + (least subnormal)/2, in the same ulps (+∞ never; 0
    /// where the comparison is of specials).
    public var toleranceULPs: Double
    public var k: Double

    public var withinTolerance: Bool { ulps <= toleranceULPs }
    /// The computed number is the exact one correctly rounded (NaN counts as NaN).
    public var isCorrectlyRounded: Bool { computed == rounded || (computed.isNaN && rounded.isNaN) }

    /// One line: x in hex and decimal, computed, correctly rounded, ulps, tolerance.
    public var line: String {
        let what = quantity == .value ? "f" : "f′"
        return "\(format.name): x = \(Accuracy.hex(x)) (\(x)): \(what) computed \(computed), correctly rounded \(rounded)"
            + " (exact ≈ \(exact.decimalString(significantDigits: 17).trimmingFractionZeros)),"
            + " error \(Accuracy.ulpText(ulps)) ulps, tolerance \(Accuracy.ulpText(toleranceULPs)) ulps (k = \(Accuracy.ulpText(k)))"
    }
}

/// The accuracy measure: for a format with unit roundoff u, a computed y for the exact f(x)
/// (x exact in the format) is within tolerance when
///
///     |y − f(x)| ≤ k·u·(|f(x)| + |x·f′(x)|) + (least subnormal of the format)/2,
///
/// what a backward-stable implementation can produce: k ulps of the result plus the function's
/// own conditioning (so a result near a zero of f, where a relative error is meaningless, is not
/// blamed for ordinary rounding of x-sized intermediates). A derivative g is measured the same
/// way with |x·g′(x)|. k defaults to 8.
///
/// Also the plain ulp error |y − f(x)|/ulp(f(x)).
///
/// Edge cases: y = ±∞ where f(x) rounds to the same ±∞ in the format (an overflow) is 0 ulps;
/// NaN against a number and ±∞ against a finite value are +∞ ulps; NaN against NaN agrees.
/// The exact value is rounded to the format from 128 bits (a double rounding that can only
/// differ from a direct rounding for an f(x) within 2^−128 relative of a midpoint).
public enum Accuracy {
    public static let defaultK = 8.0
    public static let truthPrecision = 128

    /// The ulp of `format` at the exact value v: 2^(max(⌊log₂|v|⌋, emin) − p + 1), clamped to
    /// the top binade (beyond the largest finite value), the least subnormal at v = 0.
    public static func ulpExponent(of v: BigFloat, in format: IEEEFormat) -> Int {
        let e = v.exponent.map { $0 - 1 } ?? format.minExponent
        return Swift.min(Swift.max(e, format.minExponent), format.maxExponent) - format.precision + 1
    }

    /// Measures `quantity` of `activation` at x (exact in `format`) as code in `format`
    /// computes it. `truth` may be passed when already computed (it does not depend on the format).
    public static func measure(_ activation: any Activation, _ quantity: AccuracyQuantity, in format: IEEEFormat,
                               at x: Double, k: Double = defaultK, truth: AccuracyTruth? = nil) -> AccuracyMeasurement {
        let y = quantity == .value ? format.value(of: activation, at: x) : format.derivative(of: activation, at: x)
        return measure(computed: y, truth: truth ?? AccuracyTruth(activation, at: x), quantity, in: format, k: k)
    }

    /// Measures a computed number against the truth.
    public static func measure(computed y: Double, truth: AccuracyTruth, _ quantity: AccuracyQuantity,
                               in format: IEEEFormat, k: Double = defaultK) -> AccuracyMeasurement {
        let (v, condition) = truth.exact(quantity)
        let rounded = v.isNaN ? Double.nan : Double(v.rounded(to: format).value)
        var m = AccuracyMeasurement(format: format, quantity: quantity, x: truth.x, computed: y, exact: v,
                                    rounded: rounded, ulps: 0, toleranceULPs: 0, k: k)
        if v.isNaN || y.isNaN {
            m.ulps = v.isNaN && y.isNaN ? 0 : .infinity
            return m
        }
        if y.isInfinite || !v.isFinite {
            // The same ±∞ as the correctly rounded value is right; any other mix of ±∞ is wrong.
            m.ulps = y == rounded ? 0 : .infinity
            return m
        }
        let q = ulpExponent(of: v, in: format)
        var difference = BigFloat(nanWithPrecision: 64)
        difference.setDifference(BigFloat(y, precision: 53), v)
        m.ulps = Double(BigFloat.abs(difference).timesPowerOfTwo(-q))
        // k·u·(|v| + |x·f′|) + tiny/2, scaled by 2^−q; 64 bits is plenty for a tolerance.
        let scale = BigFloat(BigFloat.abs(v), precision: 64) + condition
        let tiny = BigFloat(format.leastSubnormalValue, precision: 64).timesPowerOfTwo(-1)
        let tolerance = scale * BigFloat(k * format.unitRoundoff, precision: 64) + tiny
        m.toleranceULPs = Double(tolerance.timesPowerOfTwo(-q))
        return m
    }

    /// x as a hex float (`0x1.8p-3`).
    static func hex(_ x: Double) -> String { BigFloat(x, precision: 53).hexString }

    /// An ulp count with 3 significant digits (`0.5`, `4.19e+06`, `inf`).
    public static func ulpText(_ u: Double) -> String {
        if u.isInfinite { return "inf" }
        if u.isNaN { return "nan" }
        if u != 0 && (u >= 1e4 || u < 1e-3) { return BigFloat(u, precision: 53).scientificString(fractionDigits: 2) }
        return BigFloat(u, precision: 53).decimalString(significantDigits: 3).trimmingFractionZeros
    }
}
