import BigFloat
import Testing
@testable import KinkCheck

/// A variant using atan, an integer power and a string-literal constant in its definition.
struct AtanVariant: Activation {
    var name: String { "atan_variant" }
    func evaluate<T: ActivationScalar>(_ x: T) -> T { T.constant("0.5", like: x) * T.atan(T.pow(x, 3)) + T.pow(x, -2) }
}

@Test("AtanAndIntegerPowersAgreeInEveryScalarType")
func atanAndIntegerPowersAgreeInEveryScalarType() throws {
    let f = AtanVariant()
    for text in ["0.75", "-1.25", "3"] {
        let x = try BigFloat(parsing: text, precision: 64)
        let t = Double(x)
        // f(x) = atan(x³)/2 + x⁻², f′(x) = 3x²/(2(1 + x⁶)) − 2x⁻³.
        let want = 0.5 * Double.atan(t * t * t) + 1 / (t * t)
        let slope = 3 * t * t / (2 * (1 + t * t * t * t * t * t)) - 2 / (t * t * t)
        let cr = f.correctlyRounded(at: x, precision: 53)
        #expect(cr.certified && abs(Double(cr.value) - want) <= 4 * want.ulp, "\(text): \(cr.value) vs \(want)")
        let d = f.valueAndDerivative(at: t).derivative
        #expect(abs(d - slope) <= 1e-14 * max(1, abs(slope)), "\(text): autodiff \(d) vs \(slope)")
        let mpfr = f.correctlyRoundedDerivative(at: x, precision: 53)
        #expect(abs(Double(mpfr.value) - slope) <= 1e-14 * max(1, abs(slope)))
        // The Taylor series' first coefficient encloses the same derivative.
        let series = f(TaylorSeries(variable: MPFRInterval(BigFloat(x, precision: 128)), order: 3, precision: 128))
        let c1 = series.coefficient(1)
        #expect(c1.lower <= BigFloat(slope, precision: 53) + 1e-12 && c1.upper >= BigFloat(slope, precision: 53) - 1e-12)
    }
    #expect(Double.pow(2, 10) == 1024 && Double.pow(2, -2) == 0.25 && Double.pow(7, 0) == 1)
}

@Test("ADecimalConstantFromAStringLiteralIsExactAsWritten")
func aDecimalConstantFromAStringLiteralIsExactAsWritten() throws {
    let c: DecimalConstant = "0.1"
    #expect(c == (try DecimalConstant("0.1")))
    #expect(c.bigFloat(precision: 200) == (try BigFloat(parsing: "0.1", precision: 200)))
}
