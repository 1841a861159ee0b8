import BigFloat
import KinkCheckAnalysis
import KinkCheckSupport

extension IdentityCase {
    /// The case as JSON — the one encoding behind the report pages and `distribution --json`
    /// (docs/json.md): `test_function` (an object: kind, formula,
    /// parameters; ``TestFunction/json``), `lhs`
    /// and `rhs` to `significantDigits` digits, `residual` |lhs − rhs| (6 digits, `0` when exact)
    /// with `residual_error_bound` (its own bound, printing included), `error_bound` (covering lhs
    /// and rhs as printed, ``printedBound(significantDigits:)``), `bound` (`certified`: every bound
    /// is a proof; `estimate`: the quadrature rules' own error estimates, with `estimate_reason`)
    /// and `holds`.
    package func json(significantDigits d: Int) -> JSON {
        let r = PrintedBound(residual, bound: errorBound, significantDigits: 6)
        var fields: [(String, JSON)] = [
            ("test_function", testFunction.json), ("lhs", .string(lhs.value.shortDecimal(d))),
            ("rhs", .string(rhs.shortDecimal(d))),
            ("residual", .string(residual.isZero ? "0" : r.value)), ("residual_error_bound", .string(r.boundText)),
            ("error_bound", .string(printedBound(significantDigits: d).boundText)),
            ("bound", .string(evidence.name)),
        ]
        if let why = evidence.reason { fields.append(("estimate_reason", .string(why))) }
        fields.append(("holds", .bool(holds)))
        return .object(fields)
    }
}
