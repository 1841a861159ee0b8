import KinkCheckSupport
import KinkCheckVerification

extension PropertyVerdict {
    /// The verdict as JSON — the one encoding behind the report pages and `check --json`
    /// (docs/json.md): `name`, `holds`, `cases`, `counterexample` (the shrunk counterexample in
    /// one line, null when none), `detail` (what was found, also when it holds) and `evidence`
    /// (`proof`, `certified` or `sample`: what the verdict rests on); `accuracy` and
    /// `derivative_accuracy` add `formats`, one entry per format (``FormatAccuracy/json``).
    package var json: JSON {
        var fields: [(String, JSON)] = [("name", .string(name)), ("holds", .bool(holds)), ("cases", .int(cases)),
                                        ("counterexample", counterexample.map { .string($0) } ?? .null), ("detail", .string(detail)),
                                        ("evidence", .string(evidence.rawValue))]
        if !formats.isEmpty { fields.append(("formats", .array(formats.map(\.json)))) }
        return .object(fields)
    }
}
