import BigFloat
import Foundation
import KinkCheck
import KinkCheckAnalysis
import KinkCheckSupport
import KinkCheckVerification
import Testing

/// Issue 29's sharding laws for exhaustive runs: the shards of a format's inputs are disjoint,
/// cover them and are whole blocks; merging the shards' summaries in input order gives the
/// unsharded run's summary, on every float16 input and on float32 ranges.
@Suite struct ExhaustiveShardTests {
    static let formats: [IEEEFormat] = [.binary16, .bfloat16, .binary32]

    /// Index order is ascending value order, −0 before +0, every finite value once.
    @Test(arguments: [IEEEFormat.binary16, .bfloat16])
    func finiteValuesAreTheFormatsInOrder(_ format: IEEEFormat) {
        let values = FiniteValues(format)!
        let listed = (0 ..< values.count).map(values.value)
        #expect(listed.map(\.bitPattern) == format.everyFiniteValue.map(\.bitPattern))
    }

    @Test func float32IndicesAtTheirEnds() {
        let v = FiniteValues(.binary32)!
        #expect(v.count == 4_278_190_080)
        let half = v.count / 2
        #expect(v.value(0) == -Double(Float.greatestFiniteMagnitude) && v.value(v.count - 1) == Double(Float.greatestFiniteMagnitude))
        #expect(v.value(half - 1).bitPattern == (-0.0).bitPattern && v.value(half).bitPattern == 0.0.bitPattern)
        #expect(v.value(half + 1) == Double(Float.leastNonzeroMagnitude) && v.value(half - 2) == -Double(Float.leastNonzeroMagnitude))
        // Ascending across a sample of indices, binade edges among them.
        let sample = stride(from: 0, to: v.count, by: 9_999_991).map(v.value)
        #expect(zip(sample, sample.dropFirst()).allSatisfy { $0 < $1 })
        #expect(FiniteValues(.binary64) == nil)
    }

    @Test(arguments: [1, 2, 3, 4, 7, 64, 1000, 100_000])
    func shardsAreDisjointCoveringWholeBlocks(_ n: Int) {
        for format in Self.formats {
            let total = FiniteValues(format)!.count
            let ranges = (1...n).map { ExhaustiveShard.range($0, of: n, total: total) }
            #expect(ranges.first!.lowerBound == 0 && ranges.last!.upperBound == total, "\(format) \(n)")
            #expect(zip(ranges, ranges.dropFirst()).allSatisfy { $0.upperBound == $1.lowerBound }, "\(format) \(n)")
            #expect(ranges.allSatisfy { $0.lowerBound % ExhaustiveAccuracy.firstBlock == 0 }, "\(format) \(n)")
        }
    }

    /// The planted kernel (one float16 input off by 1434 ulps) and gelu: four shards of every
    /// float16 input, appended in order, are the unsharded summary, field for field.
    @Test(arguments: ["planted", "gelu"])
    func shardsMergeToTheWhole(_ which: String) throws {
        let f: any Activation = which == "planted" ? OneInputOff() : try Catalogue.activation(which)
        let total = FiniteValues(.binary16)!.count
        let whole = ExhaustiveRun.run(f, in: .binary16, range: 0 ..< total, specials: true)
        var merged: [ExhaustiveSummary]? = nil
        for i in 1...4 {
            let part = ExhaustiveRun.run(f, in: .binary16, range: ExhaustiveShard.range(i, of: 4, total: total), specials: i == 4)
            if merged == nil { merged = part } else { for q in part.indices { merged![q].append(part[q]) } }
        }
        #expect(merged! == whole)
        #expect(whole[0].cases == 63_488 && whole[0].specials == 3)
        if which == "planted" {
            #expect(whole[0].failures == 1 && whole[0].at == 0.7001953125 && whole[0].worstLine?.contains("0x1.668p-1") == true)
        }
    }

    /// A float32 range of three chunks (196,608 inputs around 1), and the same range in pieces
    /// that cut chunks: the same summary. gelu's hand-written derivative and tanh's autodiff.
    @Test(arguments: ["gelu", "tanh"])
    func float32PiecesMergeToTheRange(_ spec: String) throws {
        let f = try Catalogue.activation(spec)
        let start = 3 * ExhaustiveRun.chunk * 16_298   // near x = 1, chunk-aligned
        let range = start ..< start + 3 * ExhaustiveRun.chunk
        let whole = ExhaustiveRun.run(f, in: .binary32, range: range, specials: false)
        var merged = ExhaustiveRun.run(f, in: .binary32, range: range.lowerBound ..< range.lowerBound + 70 * 1024, specials: false)
        for piece in [range.lowerBound + 70 * 1024 ..< range.lowerBound + 130 * 1024, range.lowerBound + 130 * 1024 ..< range.upperBound] {
            let part = ExhaustiveRun.run(f, in: .binary32, range: piece, specials: false)
            for q in part.indices { merged[q].append(part[q]) }
        }
        #expect(merged == whole)
        #expect(whole.allSatisfy { $0.cases == range.count && $0.failures == 0 && $0.uncertified == 0 })
    }

    /// The block models never decide a float32 rounding wrongly: on random blocks of consecutive
    /// float32 inputs, every count, the largest error and where it is agree with the input-by-input
    /// path (each input its own point enclosure, then the full Ziv loop).
    @Test(arguments: ["relu", "gelu", "silu", "softplus", "elu", "sigmoid", "mish", "hardswish"])
    func float32BlocksAgreeWithPointByPoint(_ spec: String) throws {
        let f = try Catalogue.activation(spec)
        let values = FiniteValues(.binary32)!
        var random = SplitMix64(seed: 29)
        for _ in 0 ..< 3 {
            // A block-aligned start among x of magnitude 2⁻²⁰ … 2²⁰ on either side.
            let magnitude = Int(random.next() % UInt64(0x4B00_0000 - 0x3580_0000)) + 0x3580_0000
            let index = (random.next() & 1 == 0 ? values.count / 2 + magnitude : values.count / 2 - 1 - magnitude) / 1024 * 1024
            let xs = (index ..< index + 2048).map(values.value)
            let k: [AccuracyQuantity: Double] = [.value: 8, .derivative: 8]
            let blocks = ExhaustiveAccuracy.run(f, in: .binary32, k: k, truthActivation: f, inputs: xs, specials: false)
            let points = ExhaustiveAccuracy.run(f, in: .binary32, k: k, truthActivation: f, inputs: xs, specials: false, blocks: false)
            for q in AccuracyQuantity.allCases {
                let a = blocks[q]!.formatAccuracy(exhaustive: false), b = points[q]!.formatAccuracy(exhaustive: false)
                #expect(a.cases == b.cases && a.failures == b.failures && a.correctlyRounded == b.correctlyRounded,
                        "\(spec) \(q) from x = \(xs[0]): \(a) vs \(b)")
                #expect(abs(a.maxULPs - b.maxULPs) <= 1e-9 && a.at == b.at, "\(spec) \(q) from x = \(xs[0])")
                #expect(a.classes.map(\.1) == b.classes.map(\.1), "\(spec) \(q)")
            }
        }
    }
}

/// The screening fixtures of scripts/gen_screening_variants.py: 1,000 distinct candidates that
/// every command reads as specs, the 50-candidate file their first 50 (scripts/shards.sh --check
/// --variants runs the sharding law on it).
@Suite struct ScreeningFixtureTests {
    static func file(_ name: String) throws -> VariantFile {
        let url = try #require(Bundle.module.url(forResource: name, withExtension: "toml", subdirectory: "Fixtures"))
        return try VariantFile(text: try String(contentsOf: url, encoding: .utf8), path: name + ".toml")
    }

    @Test func candidatesAreDistinctAndParse() throws {
        let all = try Self.file("screening"), first = try Self.file("screening-50")
        #expect(all.variants.count == 1000 && Set(all.variants.map(\.formula)).count == 1000)
        #expect(all.variants.map(\.name) == (1...1000).map { "cand_" + String(repeating: "0", count: 4 - String($0).count) + String($0) })
        #expect(first.variants.map(\.name) == Array(all.variants.prefix(50).map(\.name)))
        #expect(first.variants.map(\.formula) == Array(all.variants.prefix(50).map(\.formula)))
        // Each evaluates (a candidate that cannot be evaluated would be a broken fixture).
        for v in all.variants { #expect(!v(Double(0.5)).isNaN, "\(v.name): \(v.formula)") }
    }
}

/// The float32 inputs around x (`below` of them under it, `above` over it), measured by the block
/// models and each input alone: the same counts of correctly rounded results and of failures, none
/// uncertified, and the same largest error at the same input.
func expectBlocksAgree(_ f: any Activation, _ quantity: AccuracyQuantity, around x: Double, below: Int, above: Int, _ label: String) {
    var xs = [x]
    for _ in 0 ..< below { xs.insert(Double(Float(xs[0]).nextDown), at: 0) }
    for _ in 0 ..< above { xs.append(Double(Float(xs[xs.count - 1]).nextUp)) }
    let k: [AccuracyQuantity: Double] = [.value: 8, .derivative: 8]
    let blocks = ExhaustiveAccuracy.run(f, in: .binary32, k: k, truthActivation: f, inputs: xs, specials: false)[quantity]!
    let points = ExhaustiveAccuracy.run(f, in: .binary32, k: k, truthActivation: f, inputs: xs, specials: false, blocks: false)[quantity]!
    let a = blocks.formatAccuracy(exhaustive: false), b = points.formatAccuracy(exhaustive: false)
    #expect(a.correctlyRounded == b.correctlyRounded && a.failures == b.failures && a.uncertified == 0 && b.uncertified == 0, "\(label): \(a) vs \(b)")
    #expect(abs(a.maxULPs - b.maxULPs) <= 1e-6 && a.at == b.at, "\(label)")
}

/// The hardest roundings: float32 inputs where hardswish's f or f′, or hardsigmoid's f, is
/// exactly halfway between two float32 values (scripts/gen_hard_cases.py finds them with exact
/// integer arithmetic and checks each with rationals). No enclosure can decide them; the truth
/// must round them to even, certified, and the exhaustive path must agree input for input with
/// the point-by-point one around each.
@Suite struct HardRoundingCaseTests {
    struct Document: Decodable {
        struct Case: Decodable { var activation: String; var quantity: String; var found: Int; var inputs: [Input] }
        struct Input: Decodable { var x: String; var exact: String; var rounded: String }
        var cases: [Case]
    }

    static let cases: [Document.Case] = {
        let url = Bundle.module.url(forResource: "hard_cases", withExtension: "json", subdirectory: "Fixtures")!
        return try! JSONDecoder().decode(Document.self, from: Data(contentsOf: url)).cases
    }()

    @Test(arguments: 0 ..< 3)
    func tiesRoundToEvenAndAreCertified(_ c: Int) throws {
        let record = Self.cases[c]
        let f = try Catalogue.activation(record.activation)
        let quantity: AccuracyQuantity = record.quantity == "value" ? .value : .derivative
        #expect(record.inputs.count >= 20 && record.found >= record.inputs.count)
        for input in record.inputs {
            let x = try #require(Double(input.x)), rounded = try #require(Double(input.rounded))
            let truth = AccuracyTruth(f, at: x)
            let (exact, _) = truth.exact(quantity)
            #expect(exact == BigFloat(try #require(Double(input.exact)), precision: 64), "\(record.activation) \(quantity) x = \(input.x)")
            #expect(Double(exact.rounded(to: .binary32).value) == rounded, "\(record.activation) \(quantity) x = \(input.x)")
            #expect(quantity == .value ? truth.valueCertified : truth.derivativeCertified)
            // 64 inputs around x: the block models against each input alone.
            expectBlocksAgree(f, quantity, around: x, below: 32, above: 31, "\(record.activation) \(quantity) around x = \(input.x)")
        }
    }
}

/// The near ties of transcendental built-ins: float32 inputs where sigmoid, silu, gelu or
/// gelu_tanh's f, or silu's or softplus's f′, lies within 2⁻⁶⁰ (relative) of a float32 rounding
/// boundary without being on it (scripts/gen_near_ties.py finds them with MPFR at 300 bits: where
/// a Taylor series starts on a boundary, as x/2 does for every subnormal with an odd last bit).
/// The truth rounds each as MPFR did, certified; the block models agree input for input with the
/// point-by-point path on the 33 inputs around each.
@Suite struct NearTieRoundingTests {
    struct Document: Decodable {
        struct Case: Decodable { var activation: String; var quantity: String; var found: Int; var inputs: [Input] }
        struct Input: Decodable { var x: String; var rounded: String }
        var cases: [Case]
    }

    static let cases: [Document.Case] = {
        let url = Bundle.module.url(forResource: "near_ties", withExtension: "json", subdirectory: "Fixtures")!
        return try! JSONDecoder().decode(Document.self, from: Data(contentsOf: url)).cases
    }()

    /// At the least subnormal, f = x/2 + (a hair) is half of it plus a hair: it rounds up to the
    /// least subnormal (x > 0) or to −0 (x < 0), where rounding the 128-bit value (exactly x/2)
    /// again rounds the tie to even, ±0 — correct for x < 0 only by luck.
    @Test(arguments: [("silu", IEEEFormat.binary32, 0x1p-149), ("gelu", .binary32, -0x1p-149), ("gelu_tanh", .bfloat16, 0x1p-133),
                      ("silu", .bfloat16, -0x1p-133)])
    func aTieByAHairRoundsToItsSide(_ name: String, _ format: IEEEFormat, _ x: Double) throws {
        let truth = AccuracyTruth(try Catalogue.activation(name), at: x)
        #expect(truth.valueCertified && truth.valueSide == 1)
        // x/2 plus a positive hair: up, to the least subnormal for x > 0, to −0 for x < 0.
        #expect(truth.rounded(.value, to: format) == (x > 0 ? x : 0), "\(name) \(format) at \(x)")
        #expect(Double(truth.value.rounded(to: format).value) == 0, "the 128-bit value is the tie itself")
        let m = Accuracy.measure(computed: 0, truth: truth, .value, in: format)
        #expect(m.isCorrectlyRounded == (x < 0))
    }

    @Test(arguments: 0 ..< 6)
    func nearTiesRoundAsMPFRDoesAndBlocksAgree(_ c: Int) throws {
        let record = Self.cases[c]
        let f = try Catalogue.activation(record.activation)
        let quantity: AccuracyQuantity = record.quantity == "value" ? .value : .derivative
        #expect(record.inputs.count == 8 && record.found >= 30, "\(record.activation) \(record.quantity)")
        for input in record.inputs {
            let x = try #require(Double(input.x)), rounded = try #require(Double(input.rounded))
            let truth = AccuracyTruth(f, at: x)
            #expect(truth.rounded(quantity, to: .binary32) == rounded, "\(record.activation) \(quantity) x = \(input.x)")
            #expect(quantity == .value ? truth.valueCertified : truth.derivativeCertified)
            expectBlocksAgree(f, quantity, around: x, below: 16, above: 16, "\(record.activation) \(quantity) around x = \(input.x)")
        }
    }
}
