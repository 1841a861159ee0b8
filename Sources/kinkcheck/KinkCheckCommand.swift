import ArgumentParser
import BigFloat
import Foundation
import KinkCheck
import KinkCheckAnalysis
import KinkCheckGeneration
import KinkCheckProperties
import KinkCheckReports
import KinkCheckSamples
import KinkCheckSupport
import KinkCheckVerification

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
        version: KinkCheckCommand.version,
        subcommands: [List.self, Eval.self, Limits.self, Converge.self, Kinks.self, Subgradient.self, Distribution.self, Check.self, Merge.self, Report.self, Grid.self, Samples.self, Bench.self]
    )

    /// The tool's version: written into every `check --json` result, so `merge` can refuse shards
    /// of different versions. Raised with each landing that changes what `check` computes.
    static let version = "0.28.0"

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
            _exit(2)
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
        exit(withError: ExitCode(2))
    }
}

/// Held by the thread that reports an unreachable working precision, until the process exits.
let precisionExit = NSLock()
