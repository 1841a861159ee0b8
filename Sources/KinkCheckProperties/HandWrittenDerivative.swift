import BigFloat
import KinkCheck
import KinkCheckGeneration
import KinkCheckSupport

/// Checks a hand-written derivative g (``Activation/derivative(_:)`` with
/// ``Activation/hasHandWrittenDerivative``) against the true derivative f′ of the function
/// (``Activation/trueDerivative(_:)``: autodiff of `evaluate`) almost everywhere, on the
/// generator's points in Float, Double and MPFR.
///
/// Points exactly at a kink (declared, or discovered — within its bracket) are skipped, as are
/// NaN, ±∞ and points where f′ is not finite; kink neighbourhoods are included (the generator
/// aims there). In Float and Double, g runs as real Float/Double code; in MPFR at p bits it is
/// correctly rounded at p bits by the Ziv loop, and so is f′. Everything is compared in MPFR,
/// Float and Double results converted exactly.
///
/// Tolerance rule: for a format with unit roundoff u (2⁻²⁴ Float, 2⁻⁵³ Double, 2⁻ᵖ MPFR at p
/// bits), g passes at x when
///
///     |g(x) − f′(x)| ≤ k·u·(|f′(x)| + |x·f″(x)|) + s/2,   k = 8,
///
/// with f′ the true derivative (correctly rounded at p + 64 bits for Float and Double, at p bits
/// for MPFR), f″ the true second derivative (nested autodiff of `evaluate` in MPFR at p + 64
/// bits), and n the format's smallest *normal* number (2⁻¹²⁶ Float, 2⁻¹⁰²² Double). The first
/// term is a few roundings of the result; the second is the rounding of x itself (f′ at x(1 + δ)
/// moves by x·f″·δ), which keeps the rule honest near zeros of f′ (SiLU′ at x ≈ −1.278). The
/// floor n/2, not half a subnormal: below the normal range a format keeps only absolute
/// precision, and an intermediate that underflows there carries its absolute error into the
/// result amplified — SiLU′ = σ(x)(1 + x(1 − σ(x))) at x = −96 in Float has σ(x) ≈ 2e−42
/// (subnormal, error up to 2⁻¹⁵⁰) times 95, an error of 6e−44, 40 times half a subnormal, for a
/// right formula. MPFR has no subnormals (its exponent range is the normal range): there the
/// floor is the least positive BigFloat of MPFR's default exponent range, 2^(−2³⁰) (both sides
/// are correctly rounded at p bits, so a right g differs from f′ only by that underflow).
///
/// Mathematical properties: sampled evidence, not a proof — a g wrong on a small interval the
/// generator never hits passes (the distributional identities catch those of positive measure).
package enum HandWrittenDerivative {
    /// The k of the tolerance rule.
    package static let roundingFactor = 8

    /// The law, in words.
    package static let law = "the hand-written derivative equals f′ almost everywhere (off the kinks), in Float, Double and MPFR: "
        + "|g − f′| ≤ 8u(|f′| + |x·f″|) + (least normal)/2"

    /// The property for `f`: `kinks` are closed intervals [lo, hi] (a declared kink as [x, x], a
    /// discovered one as its bracket) whose points are skipped; `precision` is the MPFR
    /// format's.
    package static func property(for f: any Activation, kinks: [(BigFloat, BigFloat)]) -> Property {
        Property("\(f.spec).derivative", law: law) { input in
            let x = input.x
            guard x.isFinite, !isAtKink(x.bigFloat, kinks: kinks, bits: x.format.precision) else { return .discard }
            return check(f, at: x)
        }
    }

    package static func isAtKink(_ x: BigFloat, kinks: [(BigFloat, BigFloat)], bits: Int) -> Bool {
        kinks.contains { lo, hi in
            // Within half an ulp of the format at the kink: that is the kink in this format.
            x >= lo - BigFloat.abs(lo).timesPowerOfTwo(-bits) && x <= hi + BigFloat.abs(hi).timesPowerOfTwo(-bits)
        }
    }

    /// g(x) against f′(x) in x's format (Float, Double or MPFR; other formats are discarded).
    package static func check(_ f: any Activation, at x: GeneratedInput) -> PropertyOutcome {
        let bits = x.format.precision
        let xb = x.bigFloat
        let got: BigFloat, truth: BigFloat, floor: BigFloat
        switch x.format {
        case .binary32:
            got = BigFloat(f.derivative(x.float), precision: 24)
            truth = f.correctlyRoundedTrueDerivative(at: xb, precision: bits + 64).value
            floor = BigFloat.leastNormal(.binary32).timesPowerOfTwo(-1)
        case .binary64:
            got = BigFloat(f.derivative(x.double), precision: 53)
            truth = f.correctlyRoundedTrueDerivative(at: xb, precision: bits + 64).value
            floor = BigFloat.leastNormal(.binary64).timesPowerOfTwo(-1)
        case .mpfr(let p):
            got = f.correctlyRoundedDerivative(at: xb, precision: p).value
            truth = f.correctlyRoundedTrueDerivative(at: xb, precision: p).value
            floor = BigFloat(1, precision: 64).timesPowerOfTwo(NumberFormat.mpfrMinExponent - 1)   // the least positive
        default:
            return .discard
        }
        guard truth.isFinite else { return .discard }
        let tolerance = self.tolerance(f, at: xb, truth: truth, bits: bits, floor: floor)
        var error = BigFloat(nanWithPrecision: 64)
        error.setDifference(got, truth)
        error = BigFloat.abs(error)
        let short = { (v: BigFloat) in v.decimalString(significantDigits: 3).trimmingFractionZeros }
        return .require(error <= tolerance, metric: Double(error),
                        "derivative \(shown(got, x.format)), f′ = \(shown(truth, x.format)), error \(short(error)) (tolerance \(short(tolerance)))")
    }

    /// k·u·(|f′| + |x·f″|) + floor (`floor`: half the least normal number, or MPFR's least positive).
    package static func tolerance(_ f: any Activation, at x: BigFloat, truth: BigFloat, bits: Int, floor: BigFloat) -> BigFloat {
        let w = bits + 64
        var second = f.trueSecondDerivative(BigFloat(x, precision: w))
        if second.isNaN { second = .zero(precision: w) }
        var scale = BigFloat(nanWithPrecision: 64)
        scale.setProduct(BigFloat(x, precision: w), second, rounding: .up)
        scale = BigFloat.abs(scale) + BigFloat.abs(BigFloat(truth, precision: 64, rounding: .up))
        return scale.timesPowerOfTwo(-bits) * BigFloat(roundingFactor, precision: 64) + floor
    }

    /// A value as its format prints it: Float and Double shortest round-trip, MPFR its digits.
    package static func shown(_ v: BigFloat, _ format: NumberFormat) -> String {
        switch format {
        case .binary32: Float(v).description
        case .binary64: Double(v).description
        default: v.description
        }
    }

    /// The format's name in a counterexample: Float, Double, MPFR p bits.
    package static func label(_ format: NumberFormat) -> String {
        switch format {
        case .binary32: "Float"
        case .binary64: "Double"
        case .mpfr(let p): "MPFR \(p) bits"
        default: format.name
        }
    }

    /// Runs the property on the generator (Float, Double, MPFR at `precision`), aimed at the
    /// declared kinks and `discovered` ones; returns the report and the shrunk counterexample in
    /// one line (`x = 0.75 (Double): derivative 1.4, f′ = 1.5, error 0.1 (tolerance 1.8e-15)`).
    package static func verify(_ f: any Activation, seed: RunSeed, randomCases: Int, precision: Int,
                              kinks: [(BigFloat, BigFloat)], discovered: [BigFloat], threads: Int = 1)
        -> (report: PropertyReport, counterexample: String?) {
        var configuration = PropertyRunner.Configuration(activation: f, discovered: discovered,
                                                         formats: [.binary32, .binary64, .mpfr(precision: precision)],
                                                         randomCases: randomCases, seed: seed)
        configuration.coverage = .none
        configuration.threads = threads
        let report = PropertyRunner(configuration).run(property(for: f, kinks: kinks))
        let line = report.failure.map { c in "x = \(c.shrunk.x.decimalString) (\(label(c.shrunk.format))): \(c.note)" }
        return (report, line)
    }
}
