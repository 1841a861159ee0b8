import BigFloat
import KinkCheckAnalysis
import KinkCheckSupport

extension IdentityCase {
    /// The case as JSON — the one encoding behind the report pages and `distribution --json`
    /// (docs/json.md): `test_function` (its description, `bump(center=0, half_width=1)`), `lhs`
    /// and `rhs` to `significantDigits` digits, `residual` |lhs − rhs| (3 digits, `0` when exact),
    /// `error_bound` (covering lhs and rhs as printed, ``printedBound(significantDigits:)``),
    /// `bound` (`estimate`: the quadrature rules' own error estimates) and `holds`.
    package func json(significantDigits d: Int) -> JSON {
        .object([("test_function", .string(testFunction.description)), ("lhs", .string(lhs.value.shortDecimal(d))),
                 ("rhs", .string(rhs.shortDecimal(d))),
                 ("residual", .string(residual.isZero ? "0" : residual.scientificString(fractionDigits: 2))),
                 ("error_bound", .string(printedBound(significantDigits: d).boundText)),
                 ("bound", .string("estimate")), ("holds", .bool(holds))])
    }
}
