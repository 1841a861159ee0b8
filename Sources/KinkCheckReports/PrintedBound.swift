import BigFloat
import KinkCheck
import KinkCheckAnalysis
import KinkCheckGeneration
import KinkCheckProperties
import KinkCheckSamples
import KinkCheckSupport
import KinkCheckVerification

/// A number as printed, with a bound that covers the error of the printed text itself.
///
/// A value v known to within b is printed as a decimal with d significant digits; the printed
/// number differs from v by up to half a unit in its last digit, so the bound printed beside it is
/// b plus that (0 when the decimal is exactly v), rounded up to three significant digits. A bound
/// printed this way is never smaller than the error of the number beside it.
package struct PrintedBound: Sendable {
    /// The value's decimal text (trailing fraction zeros dropped).
    package var value: String
    /// The total bound: the value's own bound plus the printing error.
    package var bound: BigFloat
    /// The bound in C's `%.2e` form, rounded up; "0" when the printed value is exact.
    package var boundText: String { bound.isZero ? "0" : bound.scientificString(fractionDigits: 2, rounding: .up) }

    package init(_ v: BigFloat, bound b: BigFloat, significantDigits requested: Int) {
        // Digits beyond those of v's exact expansion would only be zeros, trimmed again (a 2²⁴-bit
        // 1 asked for five million digits is printed as "1" from 3).
        let d = Swift.min(requested, v.exactDecimalDigitsBound ?? requested)
        value = v.decimalString(significantDigits: d).trimmingFractionZeros
        bound = b.isNaN ? .infinity(precision: 64) : b
        let error = PrintedBound.printingError(of: v, significantDigits: d)
        if !error.isZero {
            var total = BigFloat(nanWithPrecision: 64)
            total.setSum(bound, error, rounding: .up)
            bound = total
        }
    }

    /// |printed − v| bounded above: 0 when the d-digit decimal is v exactly, else half a unit in
    /// its last place.
    package static func printingError(of v: BigFloat, significantDigits d: Int) -> BigFloat {
        guard v.isFinite, !v.isZero, let parts = v.decimalDigits(d) else { return .zero(precision: 64) }
        let text = v.decimalString(significantDigits: d)
        var ternary = Ternary(1)
        if let back = try? BigFloat(parsing: text, precision: Swift.max(v.precision, 64) + 4 * parts.digits.count + 16,
                                    rounding: .nearestEven, ternary: &ternary),
           ternary.isExact, back == v {
            return .zero(precision: 64)
        }
        let half = try? BigFloat(parsing: "5e\(parts.exponent - parts.digits.count - 1)", precision: 64, rounding: .up)
        return half ?? .infinity(precision: 64)
    }
}

extension DerivativeSet {
    /// Both ends printed with `significantDigits` digits, and one bound covering both as printed
    /// (`endBound`, the analysis's bound on the ends, plus each end's printing).
    package func printed(endBound: BigFloat, significantDigits d: Int) -> (lower: String, upper: String, bound: PrintedBound) {
        let lo = PrintedBound(lower, bound: endBound, significantDigits: d), hi = PrintedBound(upper, bound: endBound, significantDigits: d)
        return (lo.value, hi.value, lo.bound > hi.bound ? lo : hi)
    }
}

extension IdentityCase {
    /// A bound covering lhs and rhs as printed with `significantDigits` digits: the quadrature's
    /// estimate plus the printing of each (an estimate, as the quadrature's is).
    package func printedBound(significantDigits d: Int) -> PrintedBound {
        PrintedBound(rhs, bound: PrintedBound(lhs.value, bound: errorBound, significantDigits: d).bound, significantDigits: d)
    }
}
