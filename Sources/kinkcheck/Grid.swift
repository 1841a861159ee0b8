import ArgumentParser
import Foundation
import BigFloat
import KinkCheck
import KinkCheckAnalysis
import KinkCheckGeneration
import KinkCheckProperties
import KinkCheckReports
import KinkCheckSamples
import KinkCheckSupport
import KinkCheckVerification

/// `kinkcheck grid`: the points at which to evaluate a framework's implementation of an
/// activation, each exactly representable in the dtype, for the dump scripts in scripts/dump/.
struct Grid: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print the points to evaluate an implementation at, as hex floats exact in a dtype.",
        discussion: """
        The generator's deterministic sweep for the dtype (specials: ±0, least and largest \
        subnormal, least normal, largest finite, ±inf, nan, ±1 and neighbours, the neighbours of \
        exp's overflow, subnormal and zero thresholds; then for every declared or discovered kink: \
        the kink, 16 neighbours on each side, x0 ± 2^-k and a jitter x0 ± m·2^-k down to where the \
        sum rounds back to x0; with --sweep short only for 2^-k ≥ 2^-p·max(|x0|, 1), p the \
        dtype's precision) and N random cases from the seeded mixture, deduplicated: nan, -inf, \
        inf first, then ascending (-0 before +0). Hex floats in the shortest exact form (0x1.8p+1).
        """)

    static let casesRange = 0...1_000_000

    @Argument(help: "Activation spec.")
    var spec: String
    @Option(parsing: .unconditional, help: "float16, bfloat16, float32 or float64 (also f16, bf16, f32, f64, binary32, half, float, double, …).")
    var dtype: String
    @Option(parsing: .unconditional, help: "Random cases (\(casesRange.lowerBound)...\(casesRange.upperBound)); default 1000.")
    var cases: Int = 1000
    @OptionGroup var seed: SeedOption
    @Option(name: .customLong("in"), parsing: .unconditional,
            help: "Kink discovery interval A,B (default -10,10; widened to cover declared kinks).")
    var interval: String = "-10,10"
    @Option(parsing: .unconditional, help: "full (the generator's sweep) or short (dyadic offsets 2^-k only down to the format's precision below x0's scale).")
    var sweep: GridPoints.Sweep = .full
    @OptionGroup var output: JSONOption
    @OptionGroup var variants: VariantsOption
    @Option(help: "text (hex floats, one point a line) or npy (a NumPy .npy array on stdout: float16 '<f2', float32 '<f4', float64 '<f8', bfloat16 as its bit patterns '<u2'; shape (N,) or (N, inputs)).")
    var format: GridFormat = .text
    @Option(parsing: .unconditional, help: "Only part I of N of the points (I/N, 1-based): contiguous, disjoint, together all of them.")
    var shard: String?
    @Flag(help: "Every finite input of the dtype (float16, bfloat16, float32), then inf, -inf and nan, instead of the generator's points; with --shard, the same ranges as check --exhaustive --shard. Only with --format npy.")
    var exhaustive = false

    enum GridFormat: String, CaseIterable, ExpressibleByArgument { case text, npy }

    /// The precision of kink discovery (as `check`'s default).
    static let discoveryPrecision = 128

    func validate() throws {
        guard Self.casesRange.contains(cases) else {
            throw ValidationError("--cases must be between \(Self.casesRange.lowerBound) and \(Self.casesRange.upperBound) (got \(cases))")
        }
        if let shard { _ = try Check.parseShard(shard) }
        if format == .npy && output.json { throw ValidationError("--format npy and --json: choose one") }
        if exhaustive && format != .npy { throw ValidationError("--exhaustive writes every input of the dtype: only with --format npy") }
    }

    /// Part I of N of `points` (all of them without --shard): items ⌊(I−1)·n/N⌋ ..< ⌊I·n/N⌋.
    func sharded<T>(_ points: [T]) throws -> [T] {
        guard let shard else { return points }
        let (i, n) = try Check.parseShard(shard)
        return Array(points[(i - 1) * points.count / n ..< i * points.count / n])
    }

    /// Writes the points (each a list of coordinates, as hex floats) as text or as a .npy array.
    func emit(_ points: [[String]], dtype: IEEEFormat, json: () -> JSON) throws {
        if output.json { return print(json().rendered()) }
        switch format {
        case .text: print(points.map { $0.joined(separator: ";") }.joined(separator: "\n"))
        case .npy: FileHandle.standardOutput.write(NPY.array(points, dtype: dtype))
        }
    }

    func run() throws {
        guard let dtype = FormatName(dtype)?.ieee else {
            throw InputError("--dtype: unknown dtype '\(dtype)'; use \(FormatName.accepted(mpfr: false))")
        }
        let format = dtype.numberFormat
        if exhaustive {
            // The points do not depend on the activation, but the spec is still checked.
            guard try variants.multiInputActivation(spec) == nil else {
                throw InputError("--exhaustive: \(spec) has several inputs; an exhaustive run takes activations of one input")
            }
            _ = try variants.activation(spec)
            guard FiniteValues(dtype) != nil else { _ = try Check.exhaustiveFormat(dtype.shortName); return }
            let (i, n) = try shard.map(Check.parseShard) ?? (1, 1)
            return NPY.writeEveryInput(dtype, range: ExhaustiveShard.range(i, of: n, total: FiniteValues(dtype)!.count), specials: i == n)
        }
        if let multi = try variants.multiInputActivation(spec) { return try printMultiInput(multi, dtype: dtype) }
        let activation = try variants.activation(spec)
        let (a, b) = try scanInterval()
        let runSeed = try seed.resolve(fallback: RunSeed.ci)
        let points = try sharded(GridPoints.make(activation, format: format, scan: (a, b), cases: cases, seed: runSeed, sweep: sweep,
                                                 precision: Self.discoveryPrecision))
        try emit(points.map { [$0] }, dtype: dtype) {
            JSON.object([
                ("activation", .string(spec)), ("dtype", .string(dtype.name)),
                ("seed", .string(runSeed.description)), ("points", .array(points.map { .string($0) })),
            ])
        }
    }

    /// The points of an activation of several inputs: the n-dimensional generator's structured
    /// points (on each non-smooth set, an ulp off it, intersections, tails) and --cases random
    /// ones, in the dtype, each once in order of first appearance, as `h1;h2;…` (hex floats).
    func printMultiInput(_ f: any MultiInputActivation, dtype: IEEEFormat) throws {
        let runSeed = try seed.resolve(fallback: RunSeed.ci)
        var seen = Set<[UInt64]>()
        let points = MultiInputGenerator(seed: runSeed).points(for: f, format: dtype, random: cases)
            .map(\.coordinates).filter { seen.insert($0.map(\.bitPattern)).inserted }
        let coordinates = try sharded(points.map { $0.map { BigFloat($0, precision: 53).hexString } })
        try emit(coordinates, dtype: dtype) {
            JSON.object([
                ("activation", .string(spec)), ("dtype", .string(dtype.name)), ("inputs", .array(f.inputNames.map { .string($0) })),
                ("seed", .string(runSeed.description)), ("points", .array(coordinates.map { .string($0.joined(separator: ";")) })),
            ])
        }
    }

    /// `--in A,B`, parsed exactly (finite, A < B).
    func scanInterval() throws -> (BigFloat, BigFloat) {
        let p = Self.discoveryPrecision
        let parts = interval.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 2 else { throw InputError("--in: expected A,B (got '\(interval)')") }
        let a = try parseNumber(parts[0], precision: p, option: "--in"), b = try parseNumber(parts[1], precision: p, option: "--in")
        guard a.isFinite, b.isFinite, a < b else { throw InputError("--in: need finite A < B (got '\(interval)')") }
        return (a, b)
    }
}

/// The grid itself: sweep and random cases of ``InputGenerator`` for one activation and format.
enum GridPoints {
    /// How deep the dyadic sweep beside each kink goes.
    enum Sweep: String, CaseIterable, ExpressibleByArgument {
        /// The generator's sweep: x0 ± 2⁻ᵏ until the sum rounds back to x0 (at x0 = 0: down to
        /// the least subnormal, over a thousand k in float64).
        case full
        /// k from the generator's start (2⁻ᵏ near |x0|, or 1 at x0 = 0) through `precision`
        /// more: 2⁻ᵏ ≥ 2⁻ᵖ·max(|x0|, 1). The ulp chains, specials and random cases are the same.
        case short
    }

    /// Every point, as text: `nan`, `-inf`, `inf`, then the finite values ascending (`-0x0p+0`
    /// before `0x0p+0`), each once.
    ///
    /// Kinks: the declared ones and those that discovery finds in `scan`, widened to reach 2
    /// beyond every finite declared kink (as `check` does). Random case i is drawn from
    /// ``RunSeed/caseSeed(property:format:index:)`` with property `grid`.
    static func make(_ activation: any Activation, format: NumberFormat, scan: (BigFloat, BigFloat), cases: Int,
                     seed: RunSeed, sweep: Sweep = .full, precision p: Int) -> [String] {
        let survey = KinkSurvey(activation, scan: scan, precision: p)
        let generator = InputGenerator(format: format, kinks: KinkTarget.targets(for: activation, discovered: survey.undeclared))
        let key = seed.streamKey(property: "grid", format: format)
        let random = (0 ..< cases).map { generator.randomInput(seed: RunSeed.caseSeed(streamKey: key, index: $0)) }
        var swept = generator.sweep
        if sweep == .short {
            swept = swept.filter { x in
                guard case .kink(let index, _, .dyadic(_, let k)) = x.provenance, let x0 = generator.kinkValue(index) else { return true }
                let start = x0.isZero ? 0 : -(x0.bigFloat.exponent ?? 0)
                return k <= start + format.precision
            }
        }
        return ordered(swept + random, format: format)
    }

    /// Deduplicated (all NaNs are one `nan`) and sorted: NaN, −∞, +∞, then the finite values by
    /// their position on the number line, −0 before +0.
    static func ordered(_ inputs: [GeneratedInput], format: NumberFormat) -> [String] {
        var hasNaN = false, hasMinusInf = false, hasPlusInf = false
        var finite: [UInt64: GeneratedInput] = [:]
        for x in inputs {
            if x.isNaN { hasNaN = true }
            else if x.isInfinite { if x.signBit { hasMinusInf = true } else { hasPlusInf = true } }
            else { finite[x.bits] = x }
        }
        let sorted = finite.values.sorted { a, b in
            let (x, y) = (a.double, b.double)
            return x == y ? a.signBit && !b.signBit : x < y
        }
        return (hasNaN ? ["nan"] : []) + (hasMinusInf ? ["-inf"] : []) + (hasPlusInf ? ["inf"] : [])
            + sorted.map(\.hexString)
    }
}


/// NumPy's .npy format, version 1.0: the magic string, a header dictionary padded with spaces to
/// a multiple of 64 bytes, then the data little-endian, row after row.
enum NPY {
    /// The points (rows of coordinates, each a number exact in `dtype`: hex floats, `nan`,
    /// `inf`, `-inf`) as an array of shape (N,) for one coordinate, (N, n) for several. float16,
    /// float32 and float64 are '<f2', '<f4', '<f8'; bfloat16, which NumPy lacks, is its bit
    /// patterns '<u2' (`ml_dtypes.bfloat16` views them).
    static func array(_ points: [[String]], dtype: IEEEFormat) -> Data {
        let width = points.first?.count ?? 1
        let bytes = descr(dtype).bytes
        var data = header(dtype: dtype, shape: width == 1 ? [points.count] : [points.count, width])
        let codec = dtype.codec
        for row in points {
            for text in row {
                let value = Double(try! BigFloat(parsing: text, precision: 53))
                append(codec.bits(rounding: value), bytes, to: &data)
            }
        }
        return data
    }
}
