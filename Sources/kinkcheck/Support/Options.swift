import ArgumentParser
import BigFloat
import KinkCheck
import KinkCheckAnalysis
import KinkCheckGeneration
import KinkCheckProperties
import KinkCheckReports
import KinkCheckSamples
import KinkCheckSupport
import KinkCheckVerification

// The options several subcommands share, each defined once: --seed, --cases, --precision, --json.

/// `--seed S`, for the commands whose cases are drawn from a run seed (check, report,
/// distribution). The value is a ``RunSeed``: a 64-bit unsigned integer, decimal or `0x` hex.
struct SeedOption: ParsableArguments {
    @Option(parsing: .unconditional,
            help: "Run seed: a 64-bit unsigned integer, decimal or 0x hex (default: KINKCHECK_SEED, else as described above).")
    var seed: RunSeed?

    /// The run seed: `--seed`, else `KINKCHECK_SEED`, else `fallback` when given, else the fixed
    /// CI seed under `CI`, else a fresh random seed announced on stderr (stdout stays clean for
    /// JSON and CSV). A malformed `--seed` is refused while parsing; a malformed variable is
    /// blamed on the variable, by name.
    func resolve(fallback: RunSeed? = nil) throws -> RunSeed {
        let choice = SeedChoice.resolve(given: seed, fallback: fallback)
        if let text = choice.malformedVariable {
            throw InputError("KINKCHECK_SEED='\(text)' is not a 64-bit unsigned integer (decimal or 0x hex)")
        }
        if choice.source == .random {
            FileHandleOutput.standardError("kinkcheck: run seed \(choice.seed) (replay with --seed \(choice.seed))")
        }
        return choice.seed
    }
}

/// `--cases N` of check and report, which run the same verification: random cases per shape
/// property, and cases/40 (1…8) test functions per distributional identity. (`distribution`'s
/// `--cases` counts test functions and is its own option.)
struct PropertyCasesOption: ParsableArguments {
    static let range = 1...1_000_000
    static let defaultCases = 200

    @Option(parsing: .unconditional,
            help: "Random cases per shape property (test functions per identity: cases/40, 1...8); \(range.lowerBound)...\(range.upperBound).")
    var cases: Int = Self.defaultCases

    func validate() throws {
        guard Self.range.contains(cases) else {
            throw ValidationError("--cases must be between \(Self.range.lowerBound) and \(Self.range.upperBound) (got \(cases))")
        }
    }
}

/// `--ulps K`: k of the accuracy rule |y − f(x)| ≤ k·u·(|f(x)| + |x·f′(x)|) + k·tiny/2.
struct AccuracyULPsOption: ParsableArguments {
    @Option(parsing: .unconditional,
            help: "k of the accuracy rule |y - f(x)| <= k*u*(|f(x)| + |x*f'(x)|) + k*(least subnormal)/2, in every format (0 < K <= 1e15; default 8).")
    var ulps: Double = Accuracy.defaultK

    func validate() throws {
        guard ulps.isFinite, ulps > 0, ulps <= 1e15 else {
            throw ValidationError("--ulps must be a number above 0 and at most 1e15 (got \(ulps))")
        }
    }
}

/// `--accuracy-domain all|finite|LO,HI`: the inputs the accuracy verdicts judge.
struct AccuracyDomainOption: ParsableArguments {
    @Option(name: .customLong("accuracy-domain"), parsing: .unconditional,
            help: "The inputs accuracy and derivative_accuracy judge: all (finite, ±inf and NaN), finite, or LO,HI (finite x with LO <= x <= HI, exact decimals). (default: all)")
    var text: String = "all"

    var domain: AccuracyDomain {
        get throws {
            switch AccuracyDomain.parse(text) {
            case .success(let d): return d
            case .failure(let e): throw ValidationError("--accuracy-domain: \(e)")
            }
        }
    }

    func validate() throws { _ = try domain }
}

/// `--radius R`: the shape claims (convex, monotone, Lipschitz) are proven on [−R, R].
struct ShapeRadiusOption: ParsableArguments {
    static let maximum = 1e6

    @Option(parsing: .unconditional,
            help: "Prove the shape claims on [-R, R] by interval arithmetic (beyond, they are sampled); 0 < R <= 1e6 (default 64).")
    var radius: Double = Verifier.defaultRadius

    func validate() throws {
        guard radius.isFinite, radius > 0, radius <= Self.maximum else {
            throw ValidationError("--radius must be a number above 0 and at most 1e6 (got \(radius))")
        }
    }
}

/// What a command's `--precision` means, with its range and default.
protocol PrecisionUse {
    /// Accepted precisions in bits.
    static var range: ClosedRange<Int> { get }
    static var defaultBits: Int { get }
    /// The start of the option's help: what the precision is used for.
    static var purpose: String { get }
}

/// eval, limits, kinks, subgradient: the precision of the answer, any precision MPFR accepts.
enum AnalysisPrecision: PrecisionUse {
    static let range = BigFloat.minimumPrecision...BigFloat.maximumPrecision
    static let defaultBits = 256
    static let purpose = "MPFR precision in bits"
}

/// check: the precision of the limit and subgradient analyses inside each verification.
enum VerificationPrecision: PrecisionUse {
    static let range = 16...4096
    static let defaultBits = 128
    static let purpose = "MPFR precision of the limit and subgradient analyses"
}

/// `--precision P`, with the range and default of `Use`.
struct PrecisionOption<Use: PrecisionUse>: ParsableArguments {
    @Option(parsing: .unconditional, help: "\(Use.purpose) (\(Use.range.lowerBound)...\(Use.range.upperBound)).")
    var precision: Int = Use.defaultBits

    func validate() throws {
        guard Use.range.contains(precision) else {
            throw ValidationError("--precision must be between \(Use.range.lowerBound) and \(Use.range.upperBound) bits (got \(precision))")
        }
    }
}

/// `--json`: the command's JSON document instead of text (its keys on the command's page,
/// docs/commands/<name>.md; the shared result objects in docs/json.md).
struct JSONOption: ParsableArguments {
    @Flag(help: "Print JSON instead of text.")
    var json = false
}

/// The arguments of the commands that look at one point: SPEC --at X [--precision P] [--json].
struct PointOptions: ParsableArguments {
    @Argument(help: "Activation spec, e.g. relu or elu:alpha=0.5.")
    var spec: String
    @Option(parsing: .unconditional, help: "The point, decimal or hex-float (negative values welcome: --at -2).")
    var at: String
    @OptionGroup var precision: PrecisionOption<AnalysisPrecision>
    @OptionGroup var output: JSONOption
    @OptionGroup var variants: VariantsOption
}

/// A command built on ``PointOptions``: its fields under their short names.
protocol PointCommand {
    var point: PointOptions { get }
}

extension PointCommand {
    var spec: String { point.spec }
    /// The activation `spec` names (with `--variants`, the file's names too).
    func activation() throws -> any Activation { try point.variants.activation(point.spec) }
    var at: String { point.at }
    var options: PrecisionOption<AnalysisPrecision> { point.precision }
    var json: Bool { point.output.json }
}

/// `--variants FILE`: a TOML variant file whose names become specs (docs/variants.md, "Variant files").
struct VariantsOption: ParsableArguments {
    @Option(parsing: .unconditional, help: "A TOML file of variants (formulas); its names become usable as specs.")
    var variants: String?

    /// The file, read and checked (nil without `--variants`); a bad file is exit 2 with one line.
    func load() throws -> VariantFile? {
        guard let variants else { return nil }
        do { return try VariantFile.load(path: variants) }
        catch { throw InputError(error.description) }
    }

    /// The activations for `specs`: the file's names first, then the catalogue and `expr:`.
    func activations(_ specs: [String]) throws -> [any Activation] {
        let file = try load()
        return try specs.map { try parseActivation($0, variants: file) }
    }

    func activation(_ spec: String) throws -> any Activation {
        try parseActivation(spec, variants: try load())
    }

    /// The activation of several inputs `spec` names — the file's variants first, then the
    /// catalogue and `expr:` — or nil when it names one of one input.
    func multiInputActivation(_ spec: String) throws -> (any MultiInputActivation)? {
        try parseMultiInputActivation(spec, variants: try load())
    }
}
