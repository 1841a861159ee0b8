import BigFloat
import KinkCheck
import KinkCheckGeneration
import KinkCheckProperties
import Testing

/// Formats, encodings, ulp space, specials, the sweep and the random sources.
@Suite struct GenerationFormats {
    static let seed = RunSeed(0x5EED)

    /// Random doubles spread over every binade, both signs, plus some specials.
    static func doubles(_ n: Int, seed: UInt64) -> [Double] {
        var rng = Xoshiro256StarStar(seed: seed)
        var out: [Double] = [0, -0.0, 1, -1, .infinity, -.infinity, .greatestFiniteMagnitude, .leastNonzeroMagnitude,
                             65504, 65520, 65519.99, 6.0e-8, 2.9802322387695312e-08, 5.960464477539063e-08]
        for _ in 0 ..< n {
            let bits = rng.next()
            // Half anywhere, half within 2^±40 (where the small formats live).
            if bits & 1 == 0 { out.append(Double(bitPattern: bits & ~0x7FF0_0000_0000_0000 | UInt64(rng.nextInt(in: 1 ... 2046)) << 52)) }
            else { out.append(Double(bitPattern: bits & ~0x7FF0_0000_0000_0000 | UInt64(rng.nextInt(in: 983 ... 1063)) << 52)) }
        }
        return out
    }

    @Test(arguments: [NumberFormat.binary16, .bfloat16, .binary32])
    func encodingRoundsLikeMPFR(_ format: NumberFormat) {
        for d in GenerationFormats.doubles(3000, seed: 11) {
            let viaCodec = GeneratedInput(BigFloat(d, precision: 53), format: format, provenance: .logUniform)
            let mpfr = BigFloat(d, precision: 53).rounded(to: format.ieee!).value
            #expect(viaCodec.bigFloat.isIdentical(to: mpfr), "\(d) in \(format): \(viaCodec.hexString) vs \(mpfr.hexString)")
            if format == .binary32 { #expect(viaCodec.float.bitPattern == Float(d).bitPattern) }
        }
    }

    @Test(arguments: [NumberFormat.binary16, .bfloat16])
    func everySixteenBitPatternDecodesAndEncodesBack(_ format: NumberFormat) {
        for bits in UInt64(0) ... 0xFFFF {
            let x = GeneratedInput(bits: bits, format: format, provenance: .rawBits)
            if x.isNaN { #expect(x.double.isNaN); continue }
            let back = GeneratedInput(BigFloat(x.double, precision: 53), format: format, provenance: .rawBits)
            #expect(back.bits == bits, "\(format) 0x\(String(bits, radix: 16))")
            #expect(x.bigFloat == BigFloat(x.double, precision: 53))
        }
    }

    @Test func ulpStepsMatchDoubleAndFloat() {
        for d in GenerationFormats.doubles(2000, seed: 12) where d.isFinite {
            let x = GeneratedInput(bits: d.bitPattern, format: .binary64, provenance: .logUniform)
            #expect(x.nextUp.double.bitPattern == d.nextUp.bitPattern)
            #expect(x.nextDown.double.bitPattern == d.nextDown.bitPattern)
            let f = Float(d)
            guard f.isFinite else { continue }
            let y = GeneratedInput(bits: UInt64(f.bitPattern), format: .binary32, provenance: .logUniform)
            #expect(y.nextUp.float.bitPattern == f.nextUp.bitPattern)
            #expect(y.stepped(by: -3).float == f.nextDown.nextDown.nextDown)
        }
        let zero = GeneratedInput(bits: 0, format: .binary64, provenance: .logUniform)
        #expect(zero.nextDown.double == -Double.leastNonzeroMagnitude)
        #expect(zero.negated.nextUp.double == Double.leastNonzeroMagnitude)
        let inf = GeneratedInput(bits: Double.infinity.bitPattern, format: .binary64, provenance: .logUniform)
        #expect(inf.nextUp.double == .infinity && inf.nextDown.double == .greatestFiniteMagnitude)
    }

    @Test(arguments: [30, 113])
    func mpfrStepsMatchNextAbove(_ p: Int) {
        let format = NumberFormat.mpfr(precision: p)
        let g = InputGenerator(format: format, kinks: [KinkTarget(BigFloat(2, precision: p), label: "two")])
        var values = g.sweep.filter { $0.isFinite }
        for i in 0 ..< 200 { values.append(g.randomInput(seed: UInt64(i))) }
        for x in values where x.isFinite {
            let up = x.nextUp, down = x.nextDown
            // Equal values (the ulp space has one zero, +0).
            #expect(up.bigFloat == x.bigFloat.nextUp, "\(x.hexString)")
            #expect(down.bigFloat == x.bigFloat.nextDown, "\(x.hexString)")
            if x.bigFloat.exponent.map({ $0 < 1 << 29 }) ?? true {
                #expect(x.stepped(by: 5).stepped(by: -5).bigFloat == x.bigFloat, "\(x.hexString)")
            }
        }
        let top = BigFloat(1, precision: p).timesPowerOfTwo((1 << 30) - 1).nextDown
        #expect(GeneratedInput(top, format: format, provenance: .logUniform).nextUp.isInfinite)
    }

    @Test func specialsOfBinary64() {
        let s = NumberFormat.binary64.specials
        func value(_ v: SpecialValue, negative: Bool = false) -> Double {
            s.first { $0.provenance == .special(v, negative: negative) }!.double
        }
        #expect(value(.largestFinite) == .greatestFiniteMagnitude && value(.largestFinite, negative: true) == -.greatestFiniteMagnitude)
        #expect(value(.leastSubnormal) == .leastNonzeroMagnitude && value(.leastNormal) == .leastNormalMagnitude)
        #expect(value(.largestSubnormal) == Double.leastNormalMagnitude.nextDown)
        #expect(value(.zero, negative: true).sign == .minus && value(.infinity) == .infinity && value(.nan).isNaN)
        #expect(value(.onePlusUlp) == 1.0.nextUp && value(.oneMinusUlp) == 1.0.nextDown)
        #expect(value(.expOverflowBelow) == 709.782712893384 && value(.expOverflowAbove) == 709.782712893384.nextUp)
    }

    @Test(arguments: [NumberFormat.binary16, .bfloat16, .binary32, .binary64])
    func expThresholdNeighboursStraddleTheThresholds(_ format: NumberFormat) {
        let ieee = format.ieee!
        let s = format.specials
        func exp(_ v: SpecialValue) -> BigFloat {
            let x = s.first { $0.provenance == .special(v, negative: false) }!.bigFloat
            return BigFloat.exp(BigFloat(x, precision: 200)).rounded(to: ieee).value
        }
        #expect(exp(.expOverflowBelow).isFinite && exp(.expOverflowAbove).isInfinite)
        #expect(exp(.expZeroAbove) > 0 && exp(.expZeroBelow).isZero)
        #expect(exp(.expSubnormalBelow) < BigFloat.leastNormal(ieee) && exp(.expSubnormalAbove) >= BigFloat.leastNormal(ieee))
    }

    @Test func sweepAroundSixInBinary64() {
        let g = InputGenerator(format: .binary64, kinks: [KinkTarget(BigFloat(6, precision: 53), label: "six")])
        let near = g.kinkSweep.map(\.double)
        #expect(near.first == 6)
        var up = 6.0, down = 6.0
        for _ in 1 ... 16 { up = up.nextUp; down = down.nextDown; #expect(near.contains(up) && near.contains(down)) }
        #expect(!near.contains(up.nextUp.nextUp))
        // x0 ± 2^-k for k = -3 … 50; at k = 51 the sum rounds back to 6.
        for k in -3 ... 50 {
            #expect(near.contains(6 + Double(sign: .plus, exponent: -k, significand: 1)), "6 + 2^-\(k)")
            #expect(near.contains(6 - Double(sign: .plus, exponent: -k, significand: 1)), "6 - 2^-\(k)")
        }
        #expect(!near.contains { $0 != 6 && ($0 - 6).magnitude < 0x1p-50 })
        // Jitter m = 3 + 2(k mod 7): 3 at k = 49, 5 at k = 50.
        #expect(near.contains(6 + 3 * 0x1p-49) && near.contains(6 + 5 * 0x1p-50) && near.contains(6 - 5 * 0x1p-50))
        #expect(g.reachableCells(ofKink: 0) == KinkCell.allCases)
    }

    @Test func sweepAroundZeroReachesTheSubnormals() {
        for format in [NumberFormat.binary64, .binary32, .binary16, .bfloat16] {
            let g = InputGenerator(format: format, kinks: [KinkTarget(BigFloat(0, precision: 53), label: "zero")])
            let near = g.kinkSweep
            #expect(near.contains { $0.isZero && $0.signBit } && near.contains { $0.isZero && !$0.signBit })
            let least = BigFloat.leastSubnormal(format.ieee!)
            #expect(near.contains { $0.bigFloat == least } && near.contains { $0.bigFloat == -least })
            let dyadic = near.filter { if case .kink(_, .right, .dyadic(1, _)) = $0.provenance { return true } else { return false } }
            // 2^0 down to the least subnormal: one point per k.
            #expect(dyadic.count == -format.ieee!.minExponent + format.precision, "\(format)")
        }
        let m = InputGenerator(format: .mpfr(precision: 64), kinks: [KinkTarget(BigFloat(0, precision: 53), label: "zero")])
        #expect(m.kinkSweep.contains { $0.bigFloat == BigFloat(1, precision: 64).timesPowerOfTwo(-1100) })
    }

    @Test func kinksThatOverflowAreSkipped() {
        let g = InputGenerator(format: .binary16, kinks: [KinkTarget(BigFloat(1e6, precision: 53), label: "big"),
                                                          KinkTarget(BigFloat(65504, precision: 53), label: "max")])
        #expect(g.reachableCells(ofKink: 0).isEmpty && g.kinkValue(0) == nil)
        #expect(g.reachableCells(ofKink: 1) == [.at, .belowUlps, .belowDyadic])
    }

    @Test func regionDrawsNeverOverflow() {
        for format in [NumberFormat.binary64, .binary16, .mpfr(precision: 60)] {
            let regions = [Region("finite", -.greatestFiniteMagnitude, .greatestFiniteMagnitude), Region("narrow", 2.5, 2.75)]
            let g = InputGenerator(format: format, regions: regions, mixture: Mixture(special: 0, kink: 0, logUniform: 0, rawBits: 0, region: 1))
            for i in 0 ..< (format.ieee == nil ? 300 : 3000) {
                let x = g.randomInput(seed: UInt64(i))
                #expect(x.isFinite, "\(format) \(x)")
                if case .region(1) = x.provenance { #expect(x.double >= 2.5 && x.double <= 2.75) }
            }
        }
    }

    @Test(arguments: [NumberFormat.binary64, .binary32, .mpfr(precision: 90)])
    func tuplesHaveTheirRelations(_ format: NumberFormat) {
        let g = InputGenerator(format: format, kinks: KinkTarget.targets(for: try! Catalogue.activation("relu6")))
        let n = format.ieee == nil ? 60 : 600
        for i in 0 ..< n {
            let seed = GenerationFormats.seed.caseSeed(property: "tuples", format: format, index: i)
            let neg = g.randomTuple(.negationPair, seed: seed)
            #expect(neg[1].bigFloat.isIdentical(to: -neg[0].bigFloat) || neg[0].isNaN)
            let succ = g.randomTuple(.successorPair, seed: seed)
            #expect(succ[1].isIdentical(to: succ[0].nextUp))
            for shape in [InputShape.orderedPair, .orderedTriple, .kinkTriple] {
                let t = g.randomTuple(shape, seed: seed)
                #expect(t.values.count == shape.arity)
                if shape != .kinkTriple {
                    #expect(!t.values.contains { $0.isNaN })
                    #expect(zip(t.values, t.values.dropFirst()).allSatisfy { $0.0.bigFloat <= $0.1.bigFloat }, "\(t)")
                } else if case .kink(let k, .at, _) = t[1].provenance, case .kink(k, .left, .ulps(let m)) = t[0].provenance {
                    #expect(t[1].isIdentical(to: g.kinkValue(k)!) || t[1].isZero)
                    #expect(t[0].isIdentical(to: t[1].stepped(by: -m)) && t[2].isIdentical(to: t[1].stepped(by: m)))
                }
            }
        }
        for shape in InputShape.allCases {
            for t in g.sweepTuples(shape) { #expect(t.values.count == shape.arity) }
        }
    }

    @Test func mixtureDrawsFromEverySource() {
        let g = InputGenerator(format: .binary64, kinks: KinkTarget.targets(for: try! Catalogue.activation("relu6")),
                               regressionValues: [GeneratedInput(bits: 6.5.bitPattern, format: .binary64, provenance: .regression(line: 1, ulps: 0))])
        var seen = Set<String>()
        for i in 0 ..< 2000 { seen.insert(g.randomInput(seed: UInt64(i)).provenance.category) }
        #expect(seen == ["special", "kink", "log-uniform", "raw-bits", "region", "regression"])
    }
}
