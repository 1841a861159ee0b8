import BigFloat

extension LimitEstimate {
    /// The estimate as JSON: `value` (correctly rounded to `significantDigits`, trailing zeros
    /// dropped), `error_bound` (3 significant digits, rounded up; "0" when exact), `order`
    /// (3 decimals, "inf" when the sampled sequence was exact), `method` and `verified`.
    /// The one formatter behind `limits`, `converge` and the reports.
    public func json(significantDigits: Int) -> JSON {
        .object([("value", .string(value.decimalString(significantDigits: significantDigits).trimmingFractionZeros)),
                 ("error_bound", .string(errorBound.isZero ? "0" : errorBound.scientificString(fractionDigits: 2, rounding: .up))),
                 ("order", .string(order.map { BigFloat($0, precision: 53).fixedString(fractionDigits: 3) } ?? "inf")),
                 ("method", .string(method.rawValue)),
                 ("verified", .bool(verified))])
    }
}
