import BigFloat
import Foundation
import KinkCheck
import Testing

/// Precisions near `BigFloat.maximumPrecision` (2²⁴): the Ziv loop's working precision never
/// grows past it, and a computation that would need more stops with one line and exit 2.
@Suite struct PrecisionLimitTests {
    let top = BigFloat.maximumPrecision

    /// At the maximum, base + 32 guard bits do not fit: one enclosure runs at the maximum itself
    /// (it used to run none and trap in the uncertified fallback's midpoint, or return uncertified).
    @Test func zivLoopAtTheMaximumPrecisionRunsOneEnclosureThere() throws {
        let relu = try Catalogue.activation("relu")
        for (x, p) in [(BigFloat(0.5, precision: top), top), (BigFloat(-3, precision: top - 10), top - 10)] {
            let value = relu.correctlyRounded(at: x, precision: p)
            #expect(value.certified && value.attempts == 1 && value.workingPrecision == top)
            #expect(value.value == BigFloat.maximum(x, .zero(precision: 2)) && value.value.precision == p)
            let slope = relu.correctlyRoundedDerivative(at: x, precision: p)
            #expect(slope.certified && slope.value == (x > 0 ? 1 : 0))
        }
        // A caller's cap above the maximum is clamped to it.
        let softsign = try Catalogue.activation("softsign")
        let r = softsign.correctlyRounded(at: BigFloat(1, precision: 64), precision: 64, maximumWorkingPrecision: 4 * top)
        #expect(r.certified && r.value == BigFloat(0.5, precision: 64))
    }

    @Test func clampedPrecisionStaysInRange() {
        #expect(BigFloat.clampedPrecision(top + 64) == top)
        #expect(BigFloat.clampedPrecision(1) == BigFloat.minimumPrecision)
        #expect(BigFloat.clampedPrecision(300) == 300)
    }

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
        #expect(run.stdout.contains("mpfr   f = 0.5    f' (autodiff) = 1") && !run.stdout.contains("NOT certified"), "\(run.stdout)")
    }
}
