import BigFloat
import KinkCheck
import KinkCheckAnalysis
import KinkCheckGeneration
import KinkCheckProperties
import KinkCheckReports
import KinkCheckSamples
import KinkCheckSupport
import KinkCheckVerification
import Testing

/// Near the top of the range, Float and Double evaluation (value and autodiff derivative) agree
/// with the MPFR row — f and its autodiff derivative correctly rounded at 24 or 53 bits, then
/// rounded into the format with IEEE overflow — for every built-in and the parameterised fixture
/// specs. An intermediate that overflows (x·erfc(−x/√2) before halving, the cubic's derivative in
/// gelu_tanh) used to give ∞ or NaN where the true value is x or 1.
@Suite struct CatalogueLargeMagnitudeTests {
    static let doubles: [Double] = [1e308, 1.7e308, .greatestFiniteMagnitude, 1e200, 1e155, 1e154, 3e38]
    static let floats: [Float] = [3e38, .greatestFiniteMagnitude, 1e20, 1.9e19, 1e13]

    /// ≤ 2 ulp from the reference; ±∞ only where the reference overflows, NaN never.
    func check(_ computed: BigFloat, reference: BigFloat, format: IEEEFormat, _ what: String) {
        let e = ulpError(computed, reference: reference, format: format)
        #expect(e <= 2, "\(what): \(computed) is \(e) ulp from the MPFR row's \(reference)")
    }

    /// The fixture's specs, plus parameters that make an intermediate overflow first: x/α for
    /// α < 1 (celu), βx for β > 1 (softplus, silu). Extreme parameters are tried in the formats
    /// that hold them (in Float, 1e300 is itself ∞).
    static let specs = fixtureSpecs + ["celu:alpha=0.5", "softplus:beta=0x1p+30", "silu:beta=1e30", "elu:alpha=1e30",
                                       "double:celu:alpha=1e-300", "double:softplus:beta=1e300", "double:silu:beta=1e300", "double:elu:alpha=1e300"]

    @Test(arguments: specs)
    func machineEvaluationMatchesMPFRAtTheTopOfTheRange(spec tagged: String) throws {
        let doubleOnly = tagged.hasPrefix("double:")
        let spec = doubleOnly ? String(tagged.dropFirst(7)) : tagged
        let a = try activation(spec)
        for magnitude in Self.doubles {
            for x in [magnitude, -magnitude] {
                let bx = BigFloat(exactly: x)
                let value = a.correctlyRounded(at: bx, precision: 53).value.rounded(to: .binary64).value
                let slope = a.correctlyRoundedDerivative(at: bx, precision: 53).value.rounded(to: .binary64).value
                let d = a.valueAndDerivative(at: x)
                check(BigFloat(exactly: a(x)), reference: value, format: .binary64, "Double f — \(describe(spec, bx))")
                check(BigFloat(exactly: d.value), reference: value, format: .binary64, "Double autodiff f — \(describe(spec, bx))")
                check(BigFloat(exactly: d.derivative), reference: slope, format: .binary64, "Double autodiff f′ — \(describe(spec, bx))")
            }
        }
        for magnitude in Self.floats where !doubleOnly {
            for x in [magnitude, -magnitude] {
                let bx = BigFloat(exactly: x)
                let value = a.correctlyRounded(at: bx, precision: 24).value.rounded(to: .binary32).value
                let slope = a.correctlyRoundedDerivative(at: bx, precision: 24).value.rounded(to: .binary32).value
                let d = a.valueAndDerivative(at: x)
                check(BigFloat(exactly: a(x)), reference: value, format: .binary32, "Float f — \(describe(spec, bx, precision: 24))")
                check(BigFloat(exactly: d.value), reference: value, format: .binary32, "Float autodiff f — \(describe(spec, bx, precision: 24))")
                check(BigFloat(exactly: d.derivative), reference: slope, format: .binary32, "Float autodiff f′ — \(describe(spec, bx, precision: 24))")
            }
        }
    }
}
