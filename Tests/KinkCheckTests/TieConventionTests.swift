import BigFloat
import KinkCheck
import Testing

/// ReLU6 written in Swift with `T.min`/`T.max`.
private struct ClampSix: Activation {
    var name: String { "clamp_six" }
    func evaluate<T: ActivationScalar>(_ x: T) -> T { T.min(T.max(x, 0), 6) }
}

/// `T.max`/`T.min` in a Swift definition and `max`/`min` in a formula follow one convention: the
/// strictly larger (smaller) value, NaN if either is NaN, and at a tie autodiff gives the mean of
/// both sides' derivatives (torch.maximum's) — so the two paths give the same derivative at a kink.
@Suite struct TieConventionTests {
    @Test(arguments: [0.0, 6.0, -1.0, 3.0, 7.0])
    func swiftAndFormulaAgree(_ x: Double) throws {
        let formula = try Catalogue.activation("expr:min(max(x, 0), 6)")
        let swift = ClampSix()
        let want: Double = x == 0 || x == 6 ? 0.5 : (x > 0 && x < 6 ? 1 : 0)
        for a in [formula, swift as any Activation] {
            let d = a.valueAndDerivative(at: x), f = a.valueAndDerivative(at: Float(x))
            let m = a.valueAndDerivative(at: BigFloat(x, precision: 64))
            #expect(d.derivative == want && f.derivative == Float(want) && m.derivative == BigFloat(want, precision: 64),
                    "\(a.spec) at \(x): \(d.derivative), \(f.derivative), \(m.derivative)")
            #expect(d.value == Swift.min(Swift.max(x, 0), 6))
        }
    }

    @Test func nanPropagatesFromEitherSide() {
        for (a, b) in [(Double.nan, 1.0), (1.0, .nan)] {
            #expect(Double.max(a, b).isNaN && Double.min(a, b).isNaN, "\(a), \(b)")
            #expect(BigFloat.max(BigFloat(a, precision: 53), BigFloat(b, precision: 53)).isNaN)
        }
        #expect(ClampSix().valueAndDerivative(at: Double.nan).value.isNaN)
    }
}
