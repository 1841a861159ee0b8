import KinkCheckSupport
import KinkCheckVerification

extension PropertyVerdict {
    /// The verdict as JSON — the one encoding behind the report pages and `check --json`
    /// (docs/json.md): `name`, `holds`, `cases`, `counterexample` (the shrunk counterexample in
    /// one line, null when none) and `detail` (what was found, also when it holds).
    package var json: JSON {
        .object([("name", .string(name)), ("holds", .bool(holds)), ("cases", .int(cases)),
                 ("counterexample", counterexample.map { .string($0) } ?? .null), ("detail", .string(detail))])
    }
}
