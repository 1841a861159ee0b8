import BigFloat
@testable import KinkCheck
@testable import KinkCheckGeneration
@testable import KinkCheckVerification
import Testing

/// The generator visits where |f| and |f′| cross each format's underflow and overflow levels,
/// found from the activation, the same for every seed.
@Suite struct ThresholdCrossings {
    /// |q(x)| for the quantity, in MPFR at 128 bits (correctly rounded: independent of the
    /// 64-bit evaluations the search uses).
    static func magnitude(_ a: any Activation, _ x: Double, derivative: Bool) -> BigFloat {
        let xb = BigFloat(x, precision: 53)
        return BigFloat.abs(derivative ? a.correctlyRoundedDerivative(at: xb, precision: 128).value
                                       : a.correctlyRounded(at: xb, precision: 128).value)
    }

    /// Every crossing's neighbours are adjacent in the format and lie on either side of the level.
    static func expectBracketed(_ a: any Activation, _ crossings: [ThresholdCrossing], _ ieee: IEEEFormat) {
        for c in crossings {
            #expect(c.left.nextUp.isIdentical(to: c.right), "\(c)")
            let level = c.level.magnitude(ieee)
            let l = magnitude(a, c.left.double, derivative: c.derivative)
            let r = magnitude(a, c.right.double, derivative: c.derivative)
            #expect((l < level) != (r < level), "\(a.name) \(ieee.name): \(c): |q| \(l) and \(r), level \(level)")
        }
    }

    /// Sigmoid in float32 leaves the normal range near x = −87.3 and rounds to 0 near −104: f crosses
    /// every level from rounding to 0 up to the least normal on the left and none on the right
    /// (f → 1); f′ → 0 crosses them on both sides.
    @Test func sigmoidCrossesEveryUnderflowLevelInFloat32() throws {
        let crossings = ThresholdCrossing.crossings(of: Activations.Sigmoid(), in: [.binary32])[0]
        let values = crossings.filter { !$0.derivative }
        let levels = ThresholdLevel.all(.binary32).filter { $0 != .overflow }
        #expect(Set(values.map(\.level)) == Set(levels), "\(values)")
        #expect(values.allSatisfy { $0.left.double < -87 && $0.left.double > -105 }, "\(values)")
        let slopes = crossings.filter(\.derivative)
        #expect(Set(slopes.filter { $0.left.double < 0 }.map(\.level)) == Set(levels))
        #expect(Set(slopes.filter { $0.left.double > 0 }.map(\.level)) == Set(levels))
        Self.expectBracketed(Activations.Sigmoid(), crossings, .binary32)
    }

    /// SELU's λx passes float16's overflow threshold near x = 62,358 (65,520/λ), and ELU's α·eˣ
    /// (α = 0.7) enters float64's subnormal range near x = −708.
    @Test func overflowAndSubnormalLevelsAreFoundFromTheActivation() throws {
        let selu = ThresholdCrossing.crossings(of: Activations.SELU(), in: [.binary16])[0]
        let overflow = try #require(selu.first { $0.level == .overflow && !$0.derivative })
        #expect(overflow.left.double > 62_000 && overflow.right.double < 62_500, "\(overflow)")
        Self.expectBracketed(Activations.SELU(), selu.filter { $0.level == .overflow || $0.level == .leastNormal }, .binary16)
        let elu = try Catalogue.activation("elu:alpha=0.7")
        let tail = ThresholdCrossing.crossings(of: elu, in: [.binary64])[0].filter { $0.derivative && $0.left.double < -1 }
        #expect(tail.count == ThresholdLevel.all(.binary64).count - 1, "\(tail.count) crossings")
        let normal = try #require(tail.first { $0.level == .leastNormal })
        #expect(normal.left.double > -709 && normal.left.double < -707, "\(normal)")
        Self.expectBracketed(elu, tail.filter { [.leastNormal, .subnormal(26), .zero].contains($0.level) }, .binary64)
    }

    /// The accuracy cases hold every crossing's neighbours for every seed, so a seed can only find
    /// in the tails what every seed finds.
    @Test func accuracyCasesContainTheThresholdsForEverySeed() throws {
        let silu = Activations.SiLU()
        for format in [NumberFormat.binary32, .binary64] {
            let crossings = ThresholdCrossing.crossings(of: silu, in: [format])[0]
            #expect(crossings.contains { $0.derivative && $0.level == .leastNormal }, "\(format)")
            let generator = InputGenerator(format: format, kinks: KinkTarget.targets(for: silu), thresholds: crossings)
            let wanted = Set(crossings.flatMap { [$0.left.bits, $0.right.bits] })
            var drawn: [Set<UInt64>] = []
            for seed in [RunSeed(101), RunSeed(0x5eed_0202)] {
                let cases = Set(AccuracyCheck.cases(generator, seed: seed, property: "silu.accuracy", randomCases: 50).map(\.bits))
                #expect(wanted.isSubset(of: cases), "\(format) seed \(seed): \(wanted.subtracting(cases).count) missing")
                drawn.append(cases.subtracting(wanted))
            }
            #expect(drawn[0] != drawn[1], "the random cases differ between the seeds")
        }
    }

    /// The same crossings come back every time, in the same order (no seed, no clock).
    @Test func crossingsAreDeterministic() {
        let a = ThresholdCrossing.crossings(of: Activations.GELU(), in: NumberFormat.ieeeFormats)
        let b = ThresholdCrossing.crossings(of: Activations.GELU(), in: NumberFormat.ieeeFormats)
        #expect(a.map { $0.map(\.left.bits) } == b.map { $0.map(\.left.bits) } && !a[2].isEmpty)
        #expect(ThresholdCrossing.crossings(of: Activations.GELU(), in: [.mpfr(precision: 64)])[0].isEmpty)
    }
}
