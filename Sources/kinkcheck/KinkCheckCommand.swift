import ArgumentParser
import BigFloat
import Foundation
import KinkCheck
#if canImport(Glibc)
import Glibc
#endif

@main
struct KinkCheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kinkcheck",
        abstract: "Verify activation functions against their mathematics at and near their kinks.",
        discussion: """
        MPFR \(BigFloat.mpfrVersion) is the reference arithmetic. Activation specs: `name` or \
        `name:key=value,...` (e.g. elu:alpha=0.5, hardtanh:min=-2,max=2); numbers are decimal or \
        hex-float. Bad input exits with status 2 and a one-line message.
        """,
        subcommands: [List.self, Eval.self, Limits.self, Converge.self, Kinks.self, Subgradient.self, Distribution.self, Check.self, Report.self, Bench.self]
    )

    /// Parses and runs; every usage or input error becomes one line on stderr and exit code 2.
    static func main() {
        // An analysis whose working precision would grow past the maximum (from a --precision
        // near it) stops with one line and exit 2, never a trap. It may happen on any worker
        // thread: the first one to get here prints and exits at once (no exit handlers run while
        // other threads still compute); any other waits on the lock until the process is gone.
        BigFloat.precisionOutOfRangeHandler = { p in
            precisionExit.lock()
            FileHandleOutput.standardError("error: " + (p < BigFloat.minimumPrecision
                ? "a working precision of \(p) bits is below the minimum of \(BigFloat.minimumPrecision)"
                : "this computation needs a working precision of \(p) bits, above the maximum of \(BigFloat.maximumPrecision); use a lower precision"))
            Glibc._exit(2)
        }
        if !BigFloat.isThreadSafe {
            FileHandleOutput.standardError("warning: this MPFR build is not thread-safe; running on one thread")
        }
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let error as SpecError {
            fail(error.description)
        } catch let error as NumberParseError {
            fail(error.description)
        } catch let error as InputError {
            fail(error.message)
        } catch {
            let code = exitCode(for: error)
            if code == .validationFailure {
                fail(message(for: error).split(separator: "\n").first.map(String.init) ?? "invalid arguments")
            }
            exit(withError: error)
        }
    }

    static func fail(_ message: String) -> Never {
        FileHandleOutput.standardError("error: " + message)
        Glibc.exit(2)
    }
}

/// Held by the thread that reports an unreachable working precision, until the process exits.
let precisionExit = NSLock()

/// Bad input found while running (as opposed to while parsing arguments): exit 2.
struct InputError: Error {
    let message: String
    init(_ message: String) { self.message = message }
}

enum FileHandleOutput {
    static func standardError(_ line: String) {
        var text = line + "\n"
        text.withUTF8 { buffer in _ = write(2, buffer.baseAddress, buffer.count) }
    }
}

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

/// Parses a command-line number exactly (correctly rounded at `precision`); exit 2 if malformed.
func parseNumber(_ text: String, precision: Int, option: String = "--at") throws -> BigFloat {
    do { return try BigFloat(parsing: text, precision: precision) }
    catch let e as NumberParseError { throw InputError("\(option): \(e.description)") }
}

func parseActivation(_ spec: String) throws -> any Activation {
    try Catalogue.activation(spec)
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
