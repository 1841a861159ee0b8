import Foundation
import Testing

/// The executable at the top of the precision range (2²⁴ bits): right answers, or one line and
/// exit 2 when a computation would need a working precision past MPFR's maximum.
@Suite struct PrecisionLimitCommandTests {
    /// `limits` at 12,000,000 bits and more used to trap (SIGILL): the analyses now clamp their
    /// guard bits to MPFR's range and certify relu's limits at every documented precision.
    @Test(arguments: ["16777216", "16777000", "12000000"])
    func limitsAtTheTopOfTheRangeAreRight(_ precision: String) throws {
        let run = try CommandLineTool.run(["limits", "relu", "--at", "0", "--precision", precision, "--json"])
        #expect(run.status == 0, "status \(run.status): \(run.stderr.prefix(300))")
        #expect(run.stdout.contains("\"differentiable\": false") && run.stdout.contains("\"continuous\": true"), "\(run.stdout.prefix(300))")
    }

    /// `converge` accepts the documented maximum (it used to reject X as "not a number" at
    /// p + 64 bits); its limit needs a higher precision still, so it refuses in one line.
    @Test func convergeAtTheMaximumPrecisionIsAcceptedThenRefusedCleanly() throws {
        let run = try CommandLineTool.run(["converge", "relu", "--at", "0", "--precisions", "16777216", "--kmax", "2"])
        #expect(run.status == 2, "status \(run.status): \(run.stderr.prefix(300))")
        #expect(run.errorLines.count == 1 && run.errorLines[0].contains("working precision"), "\(run.stderr.prefix(300))")
        #expect(!run.stderr.contains("not a number") && !run.stderr.contains("--precisions"))
    }

    /// `eval` at the maximum: relu(0.5) is exact, so it is certified, and printing the 2²⁴-bit
    /// value is quick (it was quadratic).
    @Test func evalAtTheMaximumPrecisionIsCertified() throws {
        let run = try CommandLineTool.run(["eval", "relu", "--at", "0.5", "--precision", "16777216"])
        #expect(run.status == 0, "status \(run.status): \(run.stderr.prefix(300))")
        #expect(run.stdout.contains("mpfr     f = 0.5    f' (autodiff) = 1") && !run.stdout.contains("NOT certified"), "\(run.stdout)")
    }
}
