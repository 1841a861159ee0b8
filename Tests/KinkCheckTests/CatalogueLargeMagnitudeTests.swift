import BigFloat
import KinkCheck
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

    /// f, and autodiff's f and f′, in `T` at ±each magnitude against the MPFR row in T's format.
    func expectTopOfRangeMatchesMPFR<T: MachineFloat>(_ a: any Activation, _ spec: String, magnitudes: [T]) {
        let format = T.format, p = format.precision
        for x in magnitudes.flatMap({ [$0, -$0] }) {
            let bx = x.bigFloat
            let value = a.correctlyRounded(at: bx, precision: p).value.rounded(to: format).value
            let slope = a.correctlyRoundedDerivative(at: bx, precision: p).value.rounded(to: format).value
            let d = a.valueAndDerivative(at: x)
            let place = describe(spec, bx, precision: p)
            check(a(x).bigFloat, reference: value, format: format, "\(T.typeName) f — \(place)")
            check(d.value.bigFloat, reference: value, format: format, "\(T.typeName) autodiff f — \(place)")
            check(d.derivative.bigFloat, reference: slope, format: format, "\(T.typeName) autodiff f′ — \(place)")
        }
    }

    @Test(arguments: specs)
    func machineEvaluationMatchesMPFRAtTheTopOfTheRange(spec tagged: String) throws {
        let doubleOnly = tagged.hasPrefix("double:")
        let spec = doubleOnly ? String(tagged.dropFirst(7)) : tagged
        let a = try activation(spec)
        expectTopOfRangeMatchesMPFR(a, spec, magnitudes: Self.doubles)
        if !doubleOnly { expectTopOfRangeMatchesMPFR(a, spec, magnitudes: Self.floats) }
    }
}
