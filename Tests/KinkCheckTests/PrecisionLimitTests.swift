import BigFloat
import Foundation
import KinkCheck
import Testing

/// Precisions near `BigFloat.maximumPrecision` (2²⁴): the Ziv loop's working precision never
/// grows past it. (What the executable does there — answer, or stop with one line and exit 2 —
/// is in kinkcheckCLITests/PrecisionLimitCommandTests.)
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
}
