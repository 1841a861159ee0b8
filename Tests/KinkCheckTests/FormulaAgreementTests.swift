import BigFloat
import KinkCheck
import Testing

/// Formulas that perform a built-in's operations in the same order agree with it bit for bit:
/// Float and Double values and autodiff derivatives, and correctly rounded values and
/// derivatives at 24, 53 and 256 bits.
@Suite("Formula agreement with built-ins")
struct FormulaAgreementTests {
    static let points: [Double] = [0, -0.0, 1e-300, -1e-300, 0.1, -0.1, 0.5, -0.5, 1, -1, 3, -3, 6, -6, 7.25, -7.25,
                                   1e-8, -1e-8, 100, -100, 1e30, -1e30]
    static let precisions = [24, 53, 256]

    /// Checks `formula` against `builtIn` at every point; `valueOnly(x)` says where only the
    /// values must agree (and numerically, not bitwise: ±0 may differ).
    func expectAgreement(_ formula: String, _ builtIn: String, valueOnly: (Double) -> Bool = { _ in false }) throws {
        let f = try Catalogue.activation("expr:" + formula), g = try Catalogue.activation(builtIn)
        for x in Self.points {
            let loose = valueOnly(x)
            expectAutodiffAgreement(f, g, at: x, loose: loose, "\(formula) vs \(builtIn)")
            expectAutodiffAgreement(f, g, at: Float(x), loose: valueOnly(Double(Float(x))), "\(formula) vs \(builtIn)")   // ±1e-300 is ±0 in Float
            for p in Self.precisions {
                let b = BigFloat(x, precision: p)
                let (fv, gv) = (f.correctlyRounded(at: b, precision: p).value, g.correctlyRounded(at: b, precision: p).value)
                #expect(loose ? fv == gv : fv.isIdentical(to: gv), "\(formula) vs \(builtIn) at \(x), \(p) bits: \(fv) vs \(gv)")
                if !loose {
                    let (fp, gp) = (f.correctlyRoundedTrueDerivative(at: b, precision: p).value, g.correctlyRoundedTrueDerivative(at: b, precision: p).value)
                    #expect(fp.isIdentical(to: gp), "\(formula)′ vs \(builtIn)′ at \(x), \(p) bits: \(fp) vs \(gp)")
                }
            }
        }
    }

    /// `f` and `g` in T at `x`: the same value (numerically, when `loose`), or the same value and
    /// autodiff derivative bit for bit (a built-in's hand-written backward is another matter).
    func expectAutodiffAgreement<T: MachineFloat>(_ f: any Activation, _ g: any Activation, at x: T, loose: Bool, _ what: String) {
        let (fv, gv) = (f(x), g(x))
        if loose {
            #expect(fv == gv, "\(what) at \(x) in \(T.typeName)")
        } else {
            let (fd, gd) = (f.trueDerivative(x), g.trueDerivative(x))
            #expect(identical(fv, gv) && identical(fd, gd), "\(what) at \(x) in \(T.typeName): (\(fv), \(fd)) vs (\(gv), \(gd))")
        }
    }

    @Test func whereFormOfReLUIsReLU() throws { try expectAgreement("where(x > 0, x, 0)", "relu") }
    /// SiLU is x·σ(x), except far left (x < −32), where it computes the same function as
    /// −e^(x + ln(−x))/(1 + eˣ) so a subnormal σ(x) is not scaled up by |x|: the formula with the
    /// same branch agrees everywhere.
    @Test func xTimesSigmoidIsSiLU() throws {
        try expectAgreement("where(x < -32, -exp(x + log(-x))/(1 + exp(x)), x*sigmoid(x))", "silu")
    }
    @Test func reluCalledIsReLU() throws { try expectAgreement("relu(x)", "relu") }
    /// LeakyReLU (pytorch convention) is `x > 0 ? x : slope·x`.
    @Test func whereFormOfLeakyReLUIsLeakyReLU() throws { try expectAgreement("where(x > 0, x, 0.01*x)", "leaky_relu") }
    @Test func whereFormOfJaxLeakyReLUIsJaxLeakyReLU() throws {
        try expectAgreement("where(x >= 0, x, 0.2*x)", "leaky_relu:slope=0.2,convention=jax")
    }
    /// relu6's value everywhere; its derivative only away from the ties at 0 and 6, where
    /// max/min split the derivative (½) and relu6 takes 0. At −0 the values differ in sign:
    /// max(−0, 0) is the first operand, −0 (as torch.maximum), relu6(−0) is +0.
    @Test func clampFormulaHasReLU6Values() throws {
        try expectAgreement("min(max(x, 0), 6)", "relu6", valueOnly: { $0 == 0 || $0 == 6 })
        let f = try Catalogue.activation("expr:min(max(x, 0), 6)")
        #expect(f.valueAndDerivative(at: 0.0).derivative == 0.5 && f.valueAndDerivative(at: 6.0).derivative == 0.5)
    }
}
