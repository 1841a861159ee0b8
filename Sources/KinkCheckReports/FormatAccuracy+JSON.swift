import KinkCheck
import KinkCheckAnalysis
import KinkCheckSupport
import KinkCheckVerification

extension FormatAccuracy {
    /// One format of an accuracy property as JSON (docs/json.md): `format` (`float16`,
    /// `bfloat16`, `float32` or `float64`), `max_ulps` (`inf` for a NaN or ∞ where a finite value
    /// is due), `at`, `tolerance_ulps` (the tolerance at `at` in the same ulps, null when `max_ulps`
    /// is no number), `cases` (finite inputs measured), `k`, `non_finite` (the format's failure
    /// that is no amount of ulps, as text, or null), `parameters` (those the kernel was judged
    /// with where they differ from the exact ones, or null), `failures` (inputs outside the
    /// tolerance, specials included), `correctly_rounded` (finite inputs whose result is the exact
    /// value correctly rounded), `exhaustive` (true when `cases` is every finite input of the
    /// format in the domain), `domain` (the inputs judged: `all`, `finite` or `LO,HI`, as given to
    /// `--accuracy-domain`), `evidence` (`proof` for an exhaustive run whose every truth is certified, else
    /// `sample`), `specials` (±∞ and NaN measured besides), `uncertified` (inputs whose truth the
    /// Ziv loop could not prove) and `classes` (how many finite inputs have their exact value
    /// normal, subnormal, zero, overflowing, infinite or NaN in the format). Numbers are decimal
    /// strings.
    package var json: JSON {
        var fields: [(String, JSON)] = [
            ("format", .string(format.name)), ("max_ulps", .string(Accuracy.ulpText(maxULPs))),
            ("at", .string(at.description)), ("tolerance_ulps", toleranceAtMax.map { .string(Accuracy.ulpText($0)) } ?? .null),
            ("cases", .int(cases)), ("k", .string(Accuracy.ulpText(k))),
            ("non_finite", nonFinite.map { .string($0) } ?? .null),
            ("parameters", parameters.map { .string($0) } ?? .null),
            ("failures", .int(failures)), ("correctly_rounded", .int(correctlyRounded)),
            ("exhaustive", .bool(exhaustive)), ("domain", .string(domain.description)), ("evidence", .string(evidence.rawValue)),
        ]
        fields.append(("specials", .int(specials)))
        fields.append(("uncertified", .int(uncertified)))
        fields.append(("classes", .object(classes.map { ($0.0.rawValue, .int($0.1)) })))
        return .object(fields)
    }
}
