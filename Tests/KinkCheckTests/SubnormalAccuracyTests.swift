import BigFloat
@testable import KinkCheck
@testable import KinkCheckAnalysis
@testable import KinkCheckGeneration
@testable import KinkCheckVerification
import Testing

/// x·eˣ with no declared tails: NaN at x = −∞ in IEEE arithmetic (−∞·0), whose limit there is −0;
/// and far left it scales the rounding of a subnormal eˣ by |x|.
struct XTimesExp: Activation {
    var name: String { "x_times_exp" }
    func evaluate<T: ActivationScalar>(_ x: T) -> T { x * T.exp(x) }
}

/// x + 0·x: exactly x at every finite x, NaN at ±∞ (0·∞) where its limits are ±∞.
struct PlusZeroTimesX: Activation {
    var name: String { "plus_zero_times_x" }
    func evaluate<T: ActivationScalar>(_ x: T) -> T { x + 0 * x }
}

/// Results in the subnormal range: the rule's absolute part, the kernels that compute them as one
/// rounding, ±∞ at the overflow threshold, and failures that are not finite.
@Suite struct SubnormalAccuracy {
    /// The x of a format in [a, b] on a grid of `n` points (rounded to the format, repeats dropped).
    static func grid(_ format: IEEEFormat, _ a: Double, _ b: Double, _ n: Int) -> [Double] {
        var out: [Double] = []
        for i in 0 ... n {
            let x = format.rounded(a + (b - a) * Double(i) / Double(n))
            if out.last != x { out.append(x) }
        }
        return out
    }

    static func worst(_ a: any Activation, _ q: AccuracyQuantity, _ format: IEEEFormat, _ xs: [Double]) -> AccuracyMeasurement {
        xs.map { Accuracy.measure(a, q, in: format, at: $0) }.max { $0.ulps < $1.ulps }!
    }

    /// A subnormal result has absolute ulps and k operations may each lose half of one: with
    /// k = 8 the slack is 4 least subnormals, with k = 2 one.
    @Test func subnormalResultsHaveKHalfSubnormalsOfSlack() throws {
        // SiLU at x = −740.25 in Double: about 1.5e−319 (3·10⁴ least subnormals), deep in the
        // subnormal range, where the relative part k·u·(|f| + |x·f′|) is 10⁻⁸ ulps.
        let truth = AccuracyTruth(Activations.SiLU(), at: -740.25)
        let exact = Double(truth.value.rounded(to: .binary64).value)
        #expect(exact != 0 && exact.isSubnormal)
        func ulpsOff(_ n: Double, k: Double) -> AccuracyMeasurement {
            Accuracy.measure(computed: exact + n * Double.leastNonzeroMagnitude, truth: truth, .value, in: .binary64, k: k)
        }
        for (n, k, within) in [(3.0, 8.0, true), (-3.0, 8.0, true), (5.0, 8.0, false), (1.0, 2.0, true), (2.0, 2.0, false)] {
            let m = ulpsOff(n, k: k)
            #expect(m.withinTolerance == within, "\(n) ulps off with k = \(k): \(m.line)")
            #expect(abs(m.toleranceULPs - k / 2) < 0.01, "\(m.line)")
        }
    }

    /// ELU's backward far left is α·eˣ: eˣ rounds into the subnormal range and the product rounds
    /// again — two underflowing operations, more than the one half-ulp the rule used to allow,
    /// within the k half-ulps it allows now.
    @Test func twoUnderflowingRoundingsAreWithinTolerance() throws {
        let elu = try Catalogue.activation("elu:alpha=0.7")
        let xs = Self.grid(.binary64, -742, -712, 1000)
        let measured = xs.map { Accuracy.measure(elu, .derivative, in: .binary64, at: $0) }
        let worst = measured.max { $0.ulps < $1.ulps }!
        #expect(worst.ulps > 0.55 && worst.ulps <= 1, "two roundings, each at most half an ulp: \(worst.line)")
        let outside = measured.filter { !$0.withinTolerance }
        #expect(outside.isEmpty, "\(outside.first?.line ?? "")")
    }

    /// sech² in its subnormal tail is one rounding (s·s with s a normal number), not 4·e^(−2x)
    /// with a subnormal e^(−2x) scaled by 4 (up to 2 ulps).
    @Test func tanhDerivativeIsOneRoundingInItsSubnormalTail() throws {
        let tanh = Activations.Tanh()
        for (format, a, b) in [(IEEEFormat.binary32, 46.5, 51.5), (.binary64, 360.0, 371.0), (.bfloat16, 46.5, 51.5)] {
            for side in [1.0, -1.0] {
                let m = Self.worst(tanh, .derivative, format, Self.grid(format, side * a, side * b, 300))
                #expect(m.ulps <= 0.55, "\(m.line)")
            }
        }
    }

    /// GELU far left is one exponential, value and backward: x·erfc(z)/2 scaled a subnormal erfc
    /// by |x|/2, and autodiff scaled a subnormal e^(−z²) by about |x|. Measured where the result
    /// is below 2^(p/2) least subnormals, so that the relative errors of the x-sized arguments
    /// (x²/2·u, within the rule's |x·f′| term) add less than a twentieth of an ulp.
    @Test func geluIsOneRoundingFarLeft() throws {
        let gelu = Activations.GELU()
        for (format, a, b) in [(IEEEFormat.binary32, -14.45, -13.65), (.binary64, -38.65, -38.0)] {
            let deep = format.leastSubnormalValue * Double(sign: .plus, exponent: format.precision / 2, significand: 1)
            for q in AccuracyQuantity.allCases {
                let measured = Self.grid(format, a, b, 400).map { Accuracy.measure(gelu, q, in: format, at: $0) }
                    .filter { abs($0.rounded) < deep }
                #expect(measured.count > 200, "\(q) \(format.name): \(measured.count) points")
                let worst = measured.max { $0.ulps < $1.ulps }
                #expect(worst.map { $0.ulps <= 0.6 } == true, "\(q): \(worst?.line ?? "")")
            }
        }
    }

    /// The built-in erfcx against MPFR's erfc(x)·e^(x²), within a few ulps over both methods
    /// (the product below 26, the asymptotic series above).
    @Test(arguments: [-3.0, -0.5, 0, 0.3, 1.7, 5.5, 9.2, 13.9, 25.99, 26.0, 26.01, 31.5, 44.9, 1e3, 2e4])
    func erfcxAgreesWithMPFR(_ x: Double) {
        let want = BigFloat.erfcx(BigFloat(x, precision: 80))
        let got = BigFloat(Double.erfcx(x), precision: 53)
        let relative = Double(BigFloat.abs((got - want) / want))
        #expect(relative <= 4 * 0x1p-53, "erfcx(\(x)) = \(Double.erfcx(x)), want \(Double(want))")
        #expect(Float.erfcx(Float(x)) == Float(Double.erfcx(Double(Float(x)))))
    }

    /// Beyond MPFR's reach for e^(x²), erfcx(x) is 1/(x√π)·(1 − 1/(2x²) + …): the first term.
    @Test func erfcxOfHugeArgumentsIsTheFirstTerm() {
        for x in [1e10, 1e100, 1e200, 1e300] {
            let want = 0.56418958354775628694807945156077258584405 / x
            #expect(abs(Double.erfcx(x) - want) <= 2 * want.ulp, "erfcx(\(x)) = \(Double.erfcx(x)), want \(want)")
        }
        #expect(Double.erfcx(.infinity) == 0 && Double.erfcx(-.infinity) == .infinity && Double.erfcx(.nan).isNaN)
    }

    /// ±∞ for a finite result within tolerance of the overflow threshold is what a number the
    /// rule admits rounds to; far from it, ∞ is no amount of ulps.
    @Test func infinityWithinToleranceOfOverflowIsAdmitted() throws {
        let selu = Activations.SELU()
        // The float32 numbers just below Ω/λ: λx is finite in exact arithmetic, while λ rounded to
        // Float makes some of them overflow.
        let top = Double(Float.greatestFiniteMagnitude)
        var x = Double(Float(top / Activations.SELU.lambda.double))
        var overflowed = 0
        for _ in 0 ..< 64 {
            let m = Accuracy.measure(selu, .value, in: .binary32, at: x)
            if m.computed.isInfinite && m.rounded.isFinite {
                overflowed += 1
                #expect(m.withinTolerance && m.ulps < 2, "\(m.line)")
            }
            x = Double(Float(x).nextDown)
        }
        #expect(overflowed > 0)
        let far = Accuracy.measure(NaiveSoftplus(), .value, in: .binary32, at: 95)
        #expect(far.computed == .infinity && !far.withinTolerance && far.ulps == .infinity && !far.isFinite)
    }

    /// The counterexample is the worst finite failure; NaN at −∞ is its own line saying what was
    /// due there, never an ulp count with "tolerance 0 ulps".
    @Test func nonFiniteFailuresAreNoCounterexampleInUlps() throws {
        let verdict = try #require(AccuracyCheck.verify(XTimesExp(), seed: RunSeed(11), randomCases: 40, exhaustive: false).first)
        #expect(!verdict.holds)
        let counterexample = try #require(verdict.counterexample)
        #expect(!counterexample.contains("x = -inf") && !counterexample.contains("x = nan") && !counterexample.contains("tolerance 0 ulps"),
                "\(counterexample)")
        #expect(counterexample.contains("float64"), "the scaled subnormal far left: \(counterexample)")
        #expect(verdict.nonFinite.contains { $0.contains("at x = -inf: f computed nan, the limit is -0") }, "\(verdict.nonFinite)")
        #expect(!verdict.nonFinite.contains { $0.contains("ulps") }, "\(verdict.nonFinite)")
    }

    /// Right at every finite x, NaN at ±∞: no counterexample at all, one line for the finding the
    /// four formats share.
    @Test func onlyNonFiniteFailuresLeaveNoCounterexample() throws {
        let verdict = try #require(AccuracyCheck.verify(PlusZeroTimesX(), seed: RunSeed(12), randomCases: 40, exhaustive: false).first)
        #expect(!verdict.holds && verdict.counterexample == nil)
        #expect(verdict.nonFinite.count == 1, "\(verdict.nonFinite)")
        let line = verdict.nonFinite.first ?? ""
        // +∞ comes first among the specials; −∞ is the other x.
        #expect(line == "float16, bfloat16, float32, float64: at x = inf: f computed nan, the limit is inf (and 1 other x)", "\(line)")
    }
}
