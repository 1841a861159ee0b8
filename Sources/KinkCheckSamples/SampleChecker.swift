import BigFloat
import KinkCheck
import KinkCheckAnalysis
import KinkCheckGeneration
import KinkCheckSupport

/// Checks framework dump rows against MPFR truth (`kinkcheck samples`).
///
/// Truth (``AccuracyTruth``: f and f′ correctly rounded at 128 bits, and the conditioning terms)
/// is computed once per distinct (spec, x) — it does not depend on the dtype, and every dtype
/// number is exactly a `Double` — in parallel over the distinct points (see ``SampleRun``).
/// Kinks are found and analysed once per spec (``SampleKinks``). Each row then gets at most one
/// ``SampleClass`` (see there for the precedence); the rules are in
/// ``classify(_:truth:kinks:zero:)``.
package struct SampleChecker: Sendable {
    /// k of the accuracy rule (`--ulps`).
    package var k: Double
    /// `--allow ftz`: flush_to_zero rows are reported but are not defects.
    package var allowFTZ: Bool
    /// "Beside a kink": 0 < |x − x₀| ≤ 2^−10·max(|x₀|, 1) for the nearest kink x₀ — covers the
    /// grid's ±16-ulp chains and dyadic offsets down from 2^−10 in every dtype.
    package static let besideExponent = -10

    package init(k: Double = Accuracy.defaultK, allowFTZ: Bool = false) {
        self.k = k
        self.allowFTZ = allowFTZ
    }

    /// Checks `rows`; `activations` maps every row's spec to its activation. (A dump too large
    /// to hold goes through ``SampleSurvey`` and ``SampleRun`` instead, in two passes.)
    package func check(_ rows: [DumpRow], activations: [String: any Activation]) -> SampleCheckResult {
        var run = SampleRun(self, survey: SampleSurvey(rows), activations: activations)
        run.add(rows)
        return run.result()
    }

    /// Every row's verdict, in row order (nil class: nothing to report).
    package func verdicts(_ rows: [DumpRow], activations: [String: any Activation]) -> [SampleVerdict] {
        var run = SampleRun(self, survey: SampleSurvey(rows), activations: activations)
        return run.verdicts(rows)
    }
}
