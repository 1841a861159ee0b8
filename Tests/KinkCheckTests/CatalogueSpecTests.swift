import BigFloat
import KinkCheck
import Testing

@Suite("Catalogue spec parsing")
struct CatalogueSpecTests {
    func specError(_ spec: String) -> String? {
        do {
            _ = try Catalogue.activation(spec)
            return nil
        } catch let e as SpecError {
            return e.message
        } catch {
            return "not a SpecError: \(error)"
        }
    }

    @Test func catalogueHasTheTwentyOneBuiltIns() {
        let names = Catalogue.entries.map(\.name)
        #expect(names == ["relu", "leaky_relu", "prelu", "elu", "selu", "celu", "softplus", "sigmoid", "tanh", "gelu",
                          "gelu_tanh", "silu", "mish", "relu6", "hardtanh", "hardsigmoid", "hardswish", "softsign",
                          "abs", "heaviside", "sign"])
        #expect(Catalogue.all.map(\.name) == names)
        for entry in Catalogue.entries {
            #expect(entry.defaultActivation.spec == entry.name, "\(entry.name): default spec is \(entry.defaultActivation.spec)")
            #expect(!entry.summary.isEmpty)
        }
    }

    @Test("an unknown name's error names the closest built-ins")
    func unknownNameErrorNamesTheClosestBuiltIns() {
        let cases: [(String, String)] = [("rellu", "relu"), ("gelu_tan", "gelu_tanh"), ("leakyrelu", "leaky_relu"),
                                         ("sigmod", "sigmoid"), ("hardswsh", "hardswish"), ("Relu", "relu")]
        for (typo, closest) in cases {
            let message = specError(typo)
            #expect(message != nil, "'\(typo)' was accepted")
            guard let message else { continue }
            #expect(message.contains("unknown activation '\(typo)'"), "\(message)")
            // The closest built-in comes first among those named.
            let named = message.components(separatedBy: "closest built-ins: ").last ?? ""
            #expect(named.hasPrefix(closest), "'\(typo)': \(message)")
        }
        #expect(specError("") != nil)
        #expect(specError(":alpha=1") != nil)
    }

    @Test("an unknown parameter's error names the valid ones")
    func unknownParameterErrorNamesValidOnes() {
        let message = specError("leaky_relu:alpha=0.1") ?? ""
        #expect(message.contains("unknown parameter 'alpha'"), "\(message)")
        #expect(message.contains("slope") && message.contains("convention"), "\(message)")
        let elu = specError("elu:slope=1") ?? ""
        #expect(elu.contains("alpha"), "\(elu)")
        let sigmoid = specError("sigmoid:beta=1") ?? ""
        #expect(sigmoid.contains("no parameters"), "\(sigmoid)")
        let softplus = specError("softplus:thresh=20") ?? ""
        #expect(softplus.contains("beta") && softplus.contains("threshold"), "\(softplus)")
    }

    @Test("malformed numbers, empty values, duplicates and bad values are rejected")
    func malformedSpecsAreRejected() {
        let bad = [
            "leaky_relu:slope=0.0.1", "leaky_relu:slope=1e", "leaky_relu:slope=abc", "leaky_relu:slope= 0.1",
            "leaky_relu:slope=0.1 ", "leaky_relu:slope=0x", "leaky_relu:slope=0x1p", "leaky_relu:slope=--1",
            "leaky_relu:slope=", "leaky_relu:=0.1", "leaky_relu:slope", "leaky_relu:", "leaky_relu:slope=0.1,",
            "leaky_relu:,slope=0.1", "leaky_relu:slope=0.1,slope=0.2", "hardtanh:min=-2,max=2,min=-3",
            "leaky_relu:slope=inf", "leaky_relu:slope=nan", "elu:alpha=-inf",
            "relu:grad0=2", "relu:grad0=0.25", "leaky_relu:convention=tensorflow", "celu:alpha=0", "celu:alpha=-1",
            "softplus:beta=0", "silu:beta=-1", "hardtanh:min=1,max=1", "hardtanh:min=2,max=-2",
        ]
        for spec in bad {
            #expect(specError(spec) != nil, "'\(spec)' was accepted")
        }
        #expect(specError("leaky_relu:slope=0.1,slope=0.2")?.contains("twice") == true)
        #expect(specError("leaky_relu:slope=")?.contains("key=value") == true)
    }

    /// One policy for every numeric parameter of every built-in: finite, and 0 or of magnitude
    /// 1e-300 … 1e300, decided exactly on the number as written (elu:alpha=1e999999 used to be
    /// accepted while softplus:beta=1e-999999 was refused).
    @Test func everyNumericParameterIsZeroOrWithinTheMagnitudeRange() throws {
        let outside = ["1e999999", "-1e999999", "1e-999999", "1e301", "-1.0000000000000000000000000000001e300",
                       "0.99e-300", "0x1p-1000", "0x1p+1000", "inf", "-inf", "nan"]
        var checked = 0
        for entry in Catalogue.entries {
            for parameter in entry.defaultActivation.parameters {
                guard case .number = parameter.defaultValue else { continue }
                for value in outside {
                    let message = specError("\(entry.name):\(parameter.name)=\(value)")
                    #expect(message?.contains("out of range") == true, "\(entry.name):\(parameter.name)=\(value): \(message ?? "accepted")")
                }
                checked += 1
            }
        }
        #expect(checked == 9)   // slope, a, elu α, celu α, β, silu β, min, max, h0 (threshold defaults to none)
        for value in outside { #expect(specError("softplus:threshold=\(value)")?.contains("out of range") == true, "threshold=\(value)") }
        let inside = ["elu:alpha=1e300", "elu:alpha=-1e300", "elu:alpha=1e-300", "elu:alpha=0", "leaky_relu:slope=-0.000",
                      "softplus:beta=1e-300", "softplus:beta=1e300,threshold=-1e300", "silu:beta=0x1p-990",
                      "hardtanh:min=-1e300,max=10e299", "heaviside:h0=100000e-305", "celu:alpha=1.000e300"]
        for spec in inside { #expect(specError(spec) == nil, "\(spec): \(specError(spec) ?? "")") }
    }

    /// Hex-float parameters are exact: slope 2⁻³ gives leaky_relu(−1) = −0.125 at any precision.
    @Test func hexFloatParametersAreExact() throws {
        let a = try Catalogue.activation("leaky_relu:slope=0x1p-3")
        #expect(a.spec == "leaky_relu:slope=0x1p-3")
        for p in [24, 53, 256, 2000] {
            let r = a.correctlyRounded(at: BigFloat(-1, precision: 53), precision: p)
            #expect(r.value == exact("-0.125", precision: p) && r.certified)
            #expect(a.correctlyRoundedDerivative(at: .zero(precision: 53), precision: p).value == exact("0.125", precision: p))
        }
        // A hex slope with more bits than a Double holds is kept exactly, not rounded via Double.
        let wide = try Catalogue.activation("leaky_relu:slope=0x1.00000000000000000001p-1")
        let r = wide.correctlyRounded(at: BigFloat(-1, precision: 53), precision: 256)
        #expect(r.value == exact("-0x1.00000000000000000001p-1", precision: 256))
        let e = try Catalogue.activation("elu:alpha=0x1.8p+0")
        #expect(e.kinks.first?.autodiffDerivative?.bigFloat(precision: 256) == exact("1.5", precision: 256))
    }

    /// Decimal parameters are exact decimals: slope 0.1 times −3 is −0.3 correctly rounded,
    /// not −3 × Double(0.1).
    @Test func decimalParametersAreExactDecimals() throws {
        let a = try Catalogue.activation("leaky_relu:slope=0.1")
        for p in [24, 53, 256] {
            #expect(a.correctlyRounded(at: BigFloat(-3, precision: 53), precision: p).value.isIdentical(to: rounded("-0.3", precision: p)))
        }
    }

    @Test("spec round-trips: activation(spec).spec == spec, and the same function")
    func specRoundTrips() throws {
        let specs = fixtureSpecs + [
            "relu:grad0=0.5", "relu:grad0=1", "leaky_relu:convention=jax", "prelu:a=0.1", "prelu:convention=jax",
            "hardtanh:convention=jax", "hardtanh:min=-2,max=2,convention=jax", "abs:convention=jax", "heaviside:h0=0",
            "heaviside:h0=1", "leaky_relu:slope=0x1p-3", "leaky_relu:slope=0.2,convention=jax", "elu:alpha=1e-3",
        ]
        for spec in specs {
            let a = try Catalogue.activation(spec)
            #expect(a.spec == spec, "'\(spec)' comes back as '\(a.spec)'")
            let b = try Catalogue.activation(a.spec)
            #expect(b.spec == a.spec)
            for x in [-3.5, -0.0, 0, 0.75, 7, 25] {
                let bx = BigFloat(x, precision: 53)
                #expect(a.correctlyRounded(at: bx, precision: 64).value.isIdentical(to: b.correctlyRounded(at: bx, precision: 64).value))
                #expect(identical(a.valueAndDerivative(at: x).derivative, b.valueAndDerivative(at: x).derivative))
            }
        }
        // Parameters given at their defaults, or in another order, normalise.
        #expect(try Catalogue.activation("elu:alpha=1").spec == "elu")
        #expect(try Catalogue.activation("softplus:threshold=none").spec == "softplus")
        #expect(try Catalogue.activation("hardtanh:max=2,min=-2").spec == "hardtanh:min=-2,max=2")
        #expect(try Catalogue.activation("leaky_relu:convention=pytorch").spec == "leaky_relu")
    }
}
