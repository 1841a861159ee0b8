import ArgumentParser
import BigFloat
import KinkCheck

/// Options every analysis command shares.
struct PrecisionOption: ParsableArguments {
    @Option(name: .long, parsing: .unconditional, help: "MPFR precision in bits (2…\(BigFloat.maximumPrecision)).")
    var precision: Int = 256

    func validate() throws {
        guard BigFloat.isValidPrecision(precision) else {
            throw ValidationError("--precision must be between \(BigFloat.minimumPrecision) and \(BigFloat.maximumPrecision) bits (got \(precision))")
        }
    }
}

/// The arguments of the commands that look at one point: SPEC --at X [--precision P] [--json].
struct PointOptions: ParsableArguments {
    @Argument(help: "Activation spec, e.g. relu or elu:alpha=0.5.")
    var spec: String
    @Option(parsing: .unconditional, help: "The point, decimal or hex-float (negative values welcome: --at -2).")
    var at: String
    @OptionGroup var precision: PrecisionOption
    @Flag(help: "Print JSON.")
    var json = false
}

/// A command built on ``PointOptions``: its fields under their short names.
protocol PointCommand {
    var point: PointOptions { get }
}

extension PointCommand {
    var spec: String { point.spec }
    var at: String { point.at }
    var options: PrecisionOption { point.precision }
    var json: Bool { point.json }
}

/// The run seed: `--seed`, else `KINKCHECK_SEED`, else `fallback` when given, else the fixed CI
/// seed under `CI`, else a fresh random seed announced on stderr (stdout stays clean for JSON and
/// CSV). A malformed value is blamed on where it came from: the option or the variable.
func resolveSeed(_ option: String?, fallback: RunSeed? = nil) throws -> RunSeed {
    if let option {
        guard let seed = RunSeed(option) else { throw InputError("--seed: '\(option)' is not a 64-bit unsigned integer (decimal or 0x hex)") }
        return seed
    }
    let env = RunEnvironment.current
    if let text = env.seedText {
        guard let seed = RunSeed(text) else { throw InputError("KINKCHECK_SEED='\(text)' is not a 64-bit unsigned integer (decimal or 0x hex)") }
        return seed
    }
    if let fallback { return fallback }
    if env.isCI { return RunSeed.ci }
    var generator = SystemRandomNumberGenerator()
    let seed = RunSeed(generator.next())
    FileHandleOutput.standardError("kinkcheck: run seed \(seed) (replay with --seed \(seed))")
    return seed
}
