import BigFloat
import KinkCheck
import KinkCheckAnalysis
import KinkCheckGeneration
import KinkCheckProperties
import KinkCheckSamples
import KinkCheckSupport
import KinkCheckVerification

extension LimitEstimate {
    /// The value printed with `significantDigits` digits and a bound that covers it (the limit's
    /// own bound plus the printing error).
    package func printed(significantDigits: Int) -> PrintedBound {
        PrintedBound(value, bound: errorBound, significantDigits: significantDigits)
    }

    /// "certified" (the bound is proven) or "estimate".
    package var boundKind: String { isCertified ? "certified" : "estimate" }

    /// The estimate as JSON: `value` (correctly rounded to `significantDigits`, trailing zeros
    /// dropped), `error_bound` (3 significant digits, rounded up, covering the printed value; "0"
    /// when exact), `bound` ("certified" or "estimate"), `order` (3 decimals of the observed order
    /// of an extrapolation; "inf" when there is none), `method`.
    /// The one formatter behind `limits`, `converge` and the reports.
    /// A divergent limit's value is "inf" or "-inf" with `order` −γ when g grows like h^−γ (0 for
    /// a logarithm); an oscillation adds `range` [low, high], the span of the samples, and an
    /// undefined derivative has value "nan".
    package func json(significantDigits: Int) -> JSON {
        let p = printed(significantDigits: significantDigits)
        var pairs: [(String, JSON)] = [("value", .string(p.value)),
                                       ("error_bound", .string(p.boundText)),
                                       ("bound", .string(boundKind)),
                                       ("order", .string(order.map { BigFloat($0, precision: 53).fixedString(fractionDigits: 3) } ?? "inf")),
                                       ("method", .string(method.rawValue))]
        if let range {
            pairs.append(("range", .array([range.0, range.1].map { .string($0.shortDecimal(significantDigits)) })))
        }
        return .object(pairs)
    }

    /// One line of text: `value  ± bound (certified)`, `value  exact (certified)` or
    /// `value  ± bound (estimate: method, order o)`.
    package func text(significantDigits: Int) -> String {
        switch method {
        case .divergent:
            let sign = value.signBit ? "-inf" : "+inf"
            guard let order else { return "\(sign)  (estimate: every sample beside x is \(sign))" }
            let rate = order == 0 ? "like log h" : "like h^\(BigFloat(order, precision: 53).fixedString(fractionDigits: 2))"
            return "\(sign)  (estimate: diverges \(rate))"
        case .oscillating:
            let (lo, hi) = range ?? (value, value)
            let d = Swift.min(significantDigits, 12)
            return "no limit: oscillates over [\(lo.shortDecimal(d)), \(hi.shortDecimal(d))]  (estimate)"
        case .undefined:
            return "undefined (f has no one-sided limit here)"
        default: break
        }
        let p = printed(significantDigits: significantDigits)
        let bound = p.bound.isZero ? "exact" : "± " + p.bound.scientificString(fractionDigits: 1, rounding: .up)
        if isCertified { return "\(p.value)  \(bound)  (certified)" }
        let o = order.map { ", order \(BigFloat($0, precision: 53).fixedString(fractionDigits: 2))" } ?? ""
        return "\(p.value)  \(bound)  (estimate: \(method.rawValue)\(o))"
    }
}
