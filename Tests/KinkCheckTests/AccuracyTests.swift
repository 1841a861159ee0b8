import BigFloat
import KinkCheck
import KinkCheckAnalysis
import KinkCheckGeneration
import KinkCheckVerification
import Testing

/// ELU written as exp(x) − 1: mathematically right, numerically wrong near 0.
struct NaiveELU: Activation {
    var name: String { "naive_elu" }
    func evaluate<T: ActivationScalar>(_ x: T) -> T { x > 0 ? x : T.exp(x) - 1 }
    var kinks: [DeclaredKink] { [DeclaredKink(at: 0)] }
}

/// The same with expm1.
struct Expm1ELU: Activation {
    var name: String { "expm1_elu" }
    func evaluate<T: ActivationScalar>(_ x: T) -> T { x > 0 ? x : T.expm1(x) }
    var kinks: [DeclaredKink] { [DeclaredKink(at: 0)] }
}

/// softplus as log(1 + exp(x)): exp overflows long before the result does.
struct NaiveSoftplus: Activation {
    var name: String { "naive_softplus" }
    func evaluate<T: ActivationScalar>(_ x: T) -> T { T.log(1 + T.exp(x)) }
}

/// The accuracy measure on hand-made cases, and every built-in within the default rule.
@Suite struct AccuracyMeasure {
    @Test func expMinusOneELULosesEveryDigitNearZeroInDouble() {
        let m = Accuracy.measure(NaiveELU(), .value, in: .binary64, at: -1e-10)
        #expect(!m.withinTolerance)
        #expect(m.ulps > 1e6, "\(m.line)")
    }

    @Test func expm1ELUIsWithinToleranceNearZero() {
        for format in IEEEFormat.allCases {
            for x in [-1e-10, -1e-5, -0x1p-20, -0.3, -3.0] {
                let xf = format.rounded(x)
                let value = Accuracy.measure(Expm1ELU(), .value, in: format, at: xf)
                let slope = Accuracy.measure(Expm1ELU(), .derivative, in: format, at: xf)
                #expect(value.withinTolerance, "\(value.line)")
                #expect(slope.withinTolerance, "\(slope.line)")
                #expect(value.ulps <= 1, "\(value.line)")
            }
        }
    }

    @Test func naiveSoftplusOverflowsInFloatPast88() {
        let ok = Accuracy.measure(NaiveSoftplus(), .value, in: .binary32, at: 88.5)
        #expect(ok.withinTolerance, "\(ok.line)")
        let m = Accuracy.measure(NaiveSoftplus(), .value, in: .binary32, at: 89)
        #expect(m.computed == .infinity && !m.withinTolerance && m.ulps == .infinity, "\(m.line)")
        #expect(Accuracy.measure(Activations.Softplus(), .value, in: .binary32, at: 89).ulps <= 0.5)
    }

    @Test func siluDerivativeNearItsZeroIsNotBlamedForRounding() {
        // SiLU′(x) = σ(x)(1 + x(1 − σ(x))) vanishes at x ≈ −1.2784645427610738.
        for format in IEEEFormat.allCases {
            var x = format.rounded(-1.2784645427610738)
            for _ in 0 ..< 5 {
                let m = Accuracy.measure(Activations.SiLU(), .derivative, in: format, at: x)
                #expect(m.withinTolerance, "\(m.line)")
                x = x.nextUp
                x = format.rounded(x) == x ? x : format.rounded(x + 2 * (x - x.nextDown))
            }
        }
    }

    @Test func overflowToTheSameInfinityIsExactAndNaNMatchesNaN() {
        // exp-like growth: softplus(x) = x rounds to ∞ only for x = ∞ itself; relu(∞) = ∞.
        let inf = Accuracy.measure(Activations.ReLU(), .value, in: .binary16, at: .infinity)
        #expect(inf.ulps == 0 && inf.withinTolerance)
        let nan = Accuracy.measure(Activations.ReLU(), .value, in: .bfloat16, at: .nan)
        #expect(nan.ulps == 0 && nan.withinTolerance)
        // 70000 is beyond binary16's range: x·1 rounds to +∞ there, which is the correctly
        // rounded value of relu(70000) — not an error.
        let big = Accuracy.measure(Activations.ReLU(), .value, in: .binary16, at: 65504)
        #expect(big.ulps == 0)
    }

    @Test func ulpIsSubnormalAware() {
        #expect(Accuracy.ulpExponent(of: BigFloat(1, precision: 53), in: .binary64) == -52)
        #expect(Accuracy.ulpExponent(of: BigFloat(0x1p-1070, precision: 53), in: .binary64) == -1074)
        #expect(Accuracy.ulpExponent(of: .zero(precision: 53), in: .binary16) == -24)
        #expect(Accuracy.ulpExponent(of: BigFloat(1e6, precision: 53), in: .binary16) == 5)
    }

    @Test func naiveELUFailsTheAccuracyProperty() {
        let verdicts = AccuracyCheck.verify(NaiveELU(), seed: RunSeed(1), randomCases: 50, exhaustive: false)
        let accuracy = verdicts.first { $0.property == .accuracy }!
        #expect(!accuracy.holds)
        #expect(accuracy.formats.map(\.format) == IEEEFormat.allCases)
        #expect(accuracy.formats.last!.maxULPs > 1e6)
        #expect(accuracy.counterexample?.contains("ulps") == true, "\(accuracy.counterexample ?? "")")
        let x = accuracy.counterexample.flatMap { $0.split(separator: "(").dropFirst().first }
            .flatMap { Double($0.split(separator: ")").first ?? "") }
        #expect(x.map { abs($0) < 1e-2 } == true, "counterexample near 0: \(accuracy.counterexample ?? "")")
    }

    @Test(arguments: Catalogue.all.map(\.spec))
    func everyBuiltInIsAccurateInEveryFormat(_ spec: String) throws {
        let activation = try Catalogue.activation(spec)
        for v in AccuracyCheck.verify(activation, seed: RunSeed(7), randomCases: 60, exhaustive: false) {
            #expect(v.holds, "\(spec) \(v.name): \(v.counterexample ?? "") — \(v.detail)")
        }
    }
}
