import BigFloat
import Foundation
import KinkCheck
import KinkCheckAnalysis
import KinkCheckGeneration
import KinkCheckVerification
import Testing

/// x below 0.7001953125000001, else 2x, with no kink declared: the constant is a binary16 value
/// plus 10⁻¹⁶, so a kernel that holds it as a `Float` (0.7001953125) takes the wrong branch at
/// exactly one binary16 input, x = 0.7001953125 (1434·2⁻¹¹), and nowhere else in binary16.
struct OneInputOff: Activation {
    var name: String { "one_input_off" }
    func evaluate<T: ActivationScalar>(_ x: T) -> T { x < T.constant(OneInputOff.edge, like: x) ? x : 2 * x }
    static let edge: DecimalConstant = "0.7001953125000001"
}

/// ReLU written as x·H(x): right at every finite input, NaN at x = −∞ (−∞·0), where the limit is 0.
struct TimesStep: Activation {
    var name: String { "times_step" }
    func evaluate<T: ActivationScalar>(_ x: T) -> T { x * (x < 0 ? T.constant("0", like: x) : T.constant("1", like: x)) }
}

/// Accuracy over every input of the 16-bit formats (``ExhaustiveAccuracy``).
@Suite struct ExhaustiveAccuracyTests {
    /// The domain decides which inputs are judged: x·H(x) fails at −∞ over all inputs, holds
    /// over the finite ones (every one of them, still a proof in the 16-bit formats), and over
    /// [−1, 1] judges exactly the inputs there.
    @Test func theDomainDecidesWhichInputsAreJudged() throws {
        let all = try #require(AccuracyCheck.verify(TimesStep(), seed: RunSeed(1), randomCases: 10).first)
        #expect(!all.holds && all.formats.allSatisfy { $0.nonFinite?.contains("x = -inf") == true }, "\(all.formats.map(\.nonFinite))")
        let finite = try #require(AccuracyCheck.verify(TimesStep(), seed: RunSeed(1), randomCases: 10, domain: .finite).first)
        #expect(finite.holds && finite.formats.allSatisfy { $0.specials == 0 && $0.domain == .finite })
        let half = try #require(finite.formats.first { $0.format == .binary16 })
        #expect(half.exhaustive && half.cases == 63_488 && half.evidence == .proof)
        guard case .success(let unit) = AccuracyDomain.parse("-1,1") else { Issue.record("-1,1 not read"); return }
        let ranged = try #require(AccuracyCheck.verify(TimesStep(), seed: RunSeed(1), randomCases: 10, domain: unit).first)
        let inUnit = IEEEFormat.binary16.everyFiniteValue.filter { abs($0) <= 1 }.count
        #expect(ranged.holds && ranged.formats.first { $0.format == .binary16 }?.cases == inUnit, "\(ranged.formats)")
        #expect(ranged.detail.contains("float16 (all \(inUnit.grouped) inputs for x in [-1, 1])"), "\(ranged.detail)")
    }

    /// A typed decimal is the exact decimal: [0.1, 0.2] holds the double nearest 0.1 (above
    /// 0.1) and not the double nearest 0.2 (above 0.2); malformed and empty ranges are refused.
    @Test func domainRangesAreExactDecimals() throws {
        guard case .success(let d) = AccuracyDomain.parse("0.1,0.2") else { Issue.record("0.1,0.2 not read"); return }
        #expect(d.contains(0.1) && !d.contains(0.2) && d.contains(0.2.nextDown) && !d.contains(0.1.nextDown))
        #expect(!d.contains(.nan) && !d.contains(.infinity))
        // An end beyond the doubles' precision is still exact: (0, 1] from 1e-400, 0 left out.
        let tiny = try #require(try? AccuracyDomain.parse("1e-400,1").get())
        #expect(!tiny.contains(0) && tiny.contains(0x1p-1074) && tiny.contains(1))
        #expect((try? AccuracyDomain.parse("all").get()) == .all && (try? AccuracyDomain.parse("finite").get()) == .finite)
        let wide = try #require(try? AccuracyDomain.parse("-1e400,1").get())
        #expect(wide.contains(-.greatestFiniteMagnitude) && !wide.contains(-.infinity))
        for bad in ["", "1", "1,0", "0.1,0.1", "x,1", "1,2,3", "1e400,1e401", "nan,1", "inf,1"] {
            #expect((try? AccuracyDomain.parse(bad).get()) == nil, "'\(bad)'")
        }
    }

    @Test func everyFiniteValueIsListedOnceInOrder() {
        for (format, count) in [(IEEEFormat.binary16, 63_488), (.bfloat16, 65_280)] {
            let xs = format.everyFiniteValue
            #expect(xs.count == count, "\(format)")
            #expect(zip(xs, xs.dropFirst()).allSatisfy { $0 < $1 || ($0 == 0 && $1 == 0 && $0.sign == .minus && $1.sign == .plus) })
            #expect(xs.allSatisfy { $0.isFinite && format.rounded($0) == $0 })
            #expect(xs.first == -format.largestFiniteValue && xs.last == format.largestFiniteValue)
        }
    }

    /// The defect at one binary16 input is found, with that input and its error (1434 ulps: the
    /// kernel gives 2x where x is due, ulp 2⁻¹¹), and counted once; bfloat16 does not hold that
    /// value, so it passes every input.
    @Test func aDefectAtOneInputIsFound() throws {
        let verdict = try #require(AccuracyCheck.verify(OneInputOff(), seed: RunSeed(1), randomCases: 10).first)
        #expect(!verdict.holds && verdict.evidence == .certified)
        let half = try #require(verdict.formats.first { $0.format == .binary16 })
        #expect(half.exhaustive && half.cases == 63_488 && half.specials == 3 && half.evidence == .proof)
        #expect(half.failures == 1 && half.at == 0.7001953125 && half.maxULPs == 1434, "\(half)")
        #expect(half.correctlyRounded == 63_487)
        // Held to 8u(|f| + |x·f′|) + 8λ/2 at x = 1434·2⁻¹¹ (f = x, f′ = 1, ulp 2⁻¹¹, λ = 2⁻²⁴):
        // 8·2·1434/2048 + 4·2⁻¹³ ulps.
        let due: Double = 8 * 2 * 1434.0 / 2048 + 4 * 0x1p-13
        #expect(half.toleranceAtMax.map { Swift.abs($0 - due) < 1e-9 } == true, "\(String(describing: half.toleranceAtMax)) vs \(due)")
        let brain = try #require(verdict.formats.first { $0.format == .bfloat16 })
        #expect(brain.exhaustive && brain.cases == 65_280 && brain.failures == 0, "\(brain)")
        #expect(verdict.detail.contains("float16 (all 63,488 inputs"), "\(verdict.detail)")
    }

    /// ReLU's kernels are exact at every input: the largest error is 0, not the width of an
    /// enclosure (errors are kept to 2⁻³⁰ ulp), and every input is correctly rounded.
    @Test func anExactKernelReportsZero() throws {
        let f = try Catalogue.activation("relu")
        for format in ExhaustiveAccuracy.formats {
            let tallies = ExhaustiveAccuracy.run(f, in: format, k: [.value: 8, .derivative: 8], truthActivation: f)
            for (q, tally) in tallies {
                let a = tally.formatAccuracy(exhaustive: true)
                #expect(a.maxULPs == 0 && a.correctlyRounded == a.cases && a.failures == 0, "\(format) \(q): \(a)")
            }
        }
    }

    /// The block models settle exactly what the input-by-input path settles: same correctly
    /// rounded count, failures, worst error and classes, on a smooth activation with a
    /// hand-written derivative and a branch switch (gelu at −10), and on one without (softplus).
    @Test(arguments: ["gelu", "softplus", "tanh"])
    func blocksAgreeWithPointByPoint(_ spec: String) throws {
        let f = try Catalogue.activation(spec)
        let xs = IEEEFormat.binary16.everyFiniteValue.filter { abs($0) >= 0.125 && abs($0) <= 16 }.enumerated()
            .filter { $0.offset % 5 == 0 }.map(\.element)
        let k: [AccuracyQuantity: Double] = [.value: 8, .derivative: 8]
        let blocks = ExhaustiveAccuracy.run(f, in: .binary16, k: k, truthActivation: f, inputs: xs)
        let points = ExhaustiveAccuracy.run(f, in: .binary16, k: k, truthActivation: f, inputs: xs, blocks: false)
        for q in AccuracyQuantity.allCases {
            let a = blocks[q]!.formatAccuracy(exhaustive: true), b = points[q]!.formatAccuracy(exhaustive: true)
            #expect(a.cases == xs.count && a.cases == b.cases && a.failures == b.failures && a.correctlyRounded == b.correctlyRounded,
                    "\(spec) \(q): \(a) vs \(b)")
            #expect(abs(a.maxULPs - b.maxULPs) <= 1e-9 && a.at == b.at, "\(spec) \(q): \(a.maxULPs) at \(a.at) vs \(b.maxULPs) at \(b.at)")
            #expect(a.classes.map(\.1) == b.classes.map(\.1), "\(spec) \(q)")
        }
    }

    /// Inputs where f overflows or underflows are counted in their classes, not skipped: e^x in
    /// binary16 overflows above ln 65520 ≈ 11.0900 and rounds to 0 below ln 2⁻²⁵ ≈ −17.3287. The
    /// expected counts classify `Double`'s exp rounded to binary16 (its error cannot move a class:
    /// no binary16 input is near a class boundary).
    @Test func overflowAndUnderflowAreClassified() throws {
        let f = try Formula(formula: "exp(x)")
        let xs = IEEEFormat.binary16.everyFiniteValue
        let tally = ExhaustiveAccuracy.run(f, in: .binary16, k: [.value: 8, .derivative: 8], truthActivation: f)[.value]!
        let classes = Dictionary(uniqueKeysWithValues: tally.formatAccuracy(exhaustive: true).classes)
        let rounded = xs.map { IEEEFormat.binary16.rounded(Foundation.exp($0)) }
        #expect(classes[.overflow] == rounded.filter(\.isInfinite).count)
        #expect(classes[.zero] == rounded.filter { $0 == 0 }.count)
        #expect(classes[.subnormal] == rounded.filter { $0 > 0 && $0 < 0x1p-14 }.count)
        #expect(classes[.overflow]! > 0 && classes[.zero]! > 0 && classes[.subnormal]! > 0)
        #expect(classes.values.reduce(0, +) == xs.count && tally.failures == 0, "\(tally.formatAccuracy(exhaustive: true))")
    }
}
