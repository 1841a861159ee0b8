import BigFloat
import KinkCheck
import KinkCheckGeneration
import KinkCheckProperties
import KinkCheckSupport
import Testing

/// SplitMix64, xoshiro256**, FNV-1a, seeds and case ids: the replay machinery.
@Suite struct GenerationRandomness {
    // Vectors printed by the published reference C code (splitmix64.c, xoshiro256starstar.c).
    @Test func splitMix64MatchesReference() {
        var a = SplitMix64(seed: 0)
        #expect([a.next(), a.next(), a.next()] == [0xE220_A839_7B1D_CDAF, 0x6E78_9E6A_A1B9_65F4, 0x06C4_5D18_8009_454F])
        var b = SplitMix64(seed: 1_234_567)
        #expect([b.next(), b.next(), b.next()] == [0x599E_D017_FB08_FC85, 0x2C73_F084_5854_0FA5, 0x883E_BCE5_A3F2_7C77])
    }

    @Test func xoshiro256StarStarMatchesReference() {
        var a = Xoshiro256StarStar(state: (1, 2, 3, 4))
        #expect((0 ..< 5).map { _ in a.next() } == [0x2D00, 0, 0x5A00_7080, 0x10E0_0000_0000_9D80, 0x10E0_B61C_E100_9D80])
        var b = Xoshiro256StarStar(seed: 42)
        #expect((0 ..< 5).map { _ in b.next() } ==
                [0x1578_0B2E_0C2E_C716, 0x6104_D986_6D11_3A7E, 0xAE17_5332_39E4_99A1, 0xECB8_AD47_03B3_60A1, 0xFDE6_DC7F_E2EC_5E64])
    }

    @Test func fnv1aMatchesPublishedVectors() {
        #expect(FNV1a64.hash("") == 0xCBF2_9CE4_8422_2325)
        #expect(FNV1a64.hash("a") == 0xAF63_DC4C_8601_EC8C)
        #expect(FNV1a64.hash("foobar") == 0x8594_4171_F739_67E8)
    }

    @Test func boundedDrawsStayInRange() {
        var rng = Xoshiro256StarStar(seed: 7)
        for bound: UInt64 in [1, 2, 3, 7, 1000, 1 << 63 + 5] {
            for _ in 0 ..< 200 { #expect(rng.next(below: bound) < bound) }
        }
        for _ in 0 ..< 1000 {
            let u = rng.nextUnitDouble()
            #expect(u >= 0 && u < 1)
            let i = rng.nextInt(in: -3 ... 3)
            #expect(i >= -3 && i <= 3)
        }
    }

    @Test func caseSeedIsTheIndexedSplitMixOutput() {
        let key = RunSeed(99).streamKey(property: "p", format: .binary64)
        var sm = SplitMix64(seed: key)
        for i in 0 ..< 50 { #expect(RunSeed.caseSeed(streamKey: key, index: i) == sm.next()) }
        #expect(RunSeed(99).caseSeed(property: "p", format: .binary64, index: 3) == RunSeed.caseSeed(streamKey: key, index: 3))
        #expect(RunSeed(99).streamKey(property: "p", format: .binary32) != key)
        #expect(RunSeed(99).streamKey(property: "q", format: .binary64) != key)
    }

    @Test func seedsCasesAndEnvironmentParse() {
        #expect(RunSeed("0x10")?.value == 16)
        #expect(RunSeed("12345")?.value == 12345)
        #expect(RunSeed("12x") == nil)
        #expect(RunSeed(255).description == "0x00000000000000ff")
        let id = CaseID("binary64/random/17")
        #expect(id == CaseID(format: .binary64, phase: .random, index: 17))
        #expect(CaseID("mpfr128/sweep/3")?.format == .mpfr(precision: 128))
        #expect(CaseID("binary64/random") == nil && CaseID("float128/sweep/1") == nil)
        #expect(id?.description == "binary64/random/17")
        let env = RunEnvironment(["KINKCHECK_SEED": "0x2a", "KINKCHECK_CASE": "binary32/sweep/4", "CI": "true", "KINKCHECK_CASES": "5"])
        #expect(env.seedText == "0x2a" && env.isCI && env.cases == 5)
        #expect(env.replayCase == CaseID(format: .binary32, phase: .sweep, index: 4))
        let config = PropertyRunner.Configuration(environment: env)
        #expect(config.seed == RunSeed(42) && config.randomCases == 5 && config.isCI)
        #expect(PropertyRunner.Configuration(environment: RunEnvironment(["CI": "1"])).seed == RunSeed.ci)
        #expect(!RunEnvironment(["CI": "0"]).isCI && !RunEnvironment(["CI": "false"]).isCI)
        let bad = PropertyRunner.Configuration(environment: RunEnvironment(["KINKCHECK_CASE": "nonsense"]))
        #expect(bad.replay == nil && bad.environmentProblems.count == 1)
        for f in NumberFormat.ieeeFormats + [.mpfr(precision: 77)] { #expect(NumberFormat(f.name) == f) }
    }

    /// The first inputs of fixed seeds, digested. The constant was computed once and committed:
    /// if it changes, every recorded seed in the world replays differently — bump it only with
    /// a deliberate, announced change to generation.
    @Test func fixedSeedDigestIsStable() {
        #expect(GenerationDigest.compute() == GenerationDigest.committed, "digest \(RunSeed(GenerationDigest.compute()))")
        #expect(GenerationDigest.compute() == GenerationDigest.compute())
    }

    @Test func oneCaseReplaysAlone() {
        let relu6 = try! Catalogue.activation("relu6")
        for format in [NumberFormat.binary64, .binary16, .mpfr(precision: 70)] {
            let g = InputGenerator(format: format, kinks: KinkTarget.targets(for: relu6))
            let key = RunSeed(5).streamKey(property: "replay", format: format)
            let all = (0 ..< 300).map { g.randomTuple(.orderedTriple, seed: RunSeed.caseSeed(streamKey: key, index: $0)) }
            for i in [0, 17, 299] {
                let alone = g.randomTuple(.orderedTriple, seed: RunSeed.caseSeed(streamKey: key, index: i))
                #expect(zip(alone.values, all[i].values).allSatisfy { $0.isIdentical(to: $1) && $0.provenance == $1.provenance })
            }
        }
    }
}

/// FNV-1a over the first inputs of seed 0x4b494e4b43484543 in every format and shape.
enum GenerationDigest {
    static let committed: UInt64 = 0xA720_1A72_56A6_4DFD

    static func rng(_ key: UInt64, _ i: Int) -> Xoshiro256StarStar {
        Xoshiro256StarStar(seed: RunSeed.caseSeed(streamKey: key, index: i))
    }

    static func compute() -> UInt64 {
        var h = FNV1a64()
        let seed = RunSeed(0x4B49_4E4B_4348_4543)
        let kinks = KinkTarget.targets(for: try! Catalogue.activation("hardswish")) + [KinkTarget(BigFloat(0, precision: 53), label: "zero")]
        for format in NumberFormat.ieeeFormats + [.mpfr(precision: 80)] {
            let g = InputGenerator(format: format, kinks: kinks)
            for shape in InputShape.allCases {
                let key = seed.streamKey(property: "digest/\(shape)", format: format)
                let n = format.ieee == nil ? 40 : (shape == .single ? 2000 : 200)
                for i in 0 ..< n {
                    var r = rng(key, i)
                    for v in g.randomTuple(shape, using: &r).values {
                        if format.ieee != nil { h.combine(v.bits) } else { h.combine(v.hexString) }
                        h.combine(v.provenance.description)
                    }
                }
            }
            for v in g.sweep { h.combine(v.hexString) }
        }
        return h.value
    }
}
