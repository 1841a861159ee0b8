import KinkCheck
import KinkCheckAnalysis
import KinkCheckSupport
import KinkCheckVerification

extension FormatAccuracy {
    /// One format of an accuracy property as JSON (docs/json.md): `format` (`float16`,
    /// `bfloat16`, `float32` or `float64`), `max_ulps` (`inf` for a NaN or ∞ where a finite value
    /// is due), `at`, `cases`, `k`, `non_finite` (the format's failure that is no amount of ulps,
    /// as text, or null) and `parameters` (those the kernel was judged with where they differ
    /// from the exact ones, or null). Numbers are decimal strings.
    package var json: JSON {
        .object([("format", .string(format.name)), ("max_ulps", .string(Accuracy.ulpText(maxULPs))),
                 ("at", .string(at.description)), ("cases", .int(cases)), ("k", .string(Accuracy.ulpText(k))),
                 ("non_finite", nonFinite.map { .string($0) } ?? .null),
                 ("parameters", parameters.map { .string($0) } ?? .null)])
    }
}
