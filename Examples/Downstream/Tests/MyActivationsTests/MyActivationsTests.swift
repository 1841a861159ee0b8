import KinkCheck
import KinkCheckTesting
import MyActivations
import Testing

@Test func squaredReLUKeepsItsClaims() {
    verifyActivation(SquaredReLU(), seed: RunSeed(1))
}

@Test func relu6InFloatIsRelu6InDoubleRounded() {
    let relu6 = Activations.ReLU6()
    checkProperty("ReLU6FloatMatchesDouble", law: "relu6(x) in Float = Float(relu6(x) in Double)",
                  configuration: .init(activation: relu6, formats: [.binary32])) { input in
        let x = input.x                              // x.float, x.double, x.decimalString
        guard !x.isNaN else { return .discard }
        return .require(relu6(x.float) == Float(relu6(x.double)), "x = \(x.decimalString)")
    }
}

@Test func relu6IsMonotone() {
    let relu6 = Activations.ReLU6()
    checkProperty("ReLU6IsMonotone", law: "a ≤ b ⇒ relu6(a) ≤ relu6(b)", shape: .orderedPair,
                  configuration: .init(activation: relu6)) { p in
        .require(relu6(p[0].double) <= relu6(p[1].double))
    }
}

@Test func builtInsByNameAndOwnTypesSideBySide() throws {
    let builtIn = try Activations.named("gelu_tanh")
    #expect(builtIn.name == "gelu_tanh" && GELUTanh().name == "my_gelu_tanh")
    #expect(Activations.all.count == 21)
    // The two GELU tanh forms agree to a few ulps in Double.
    #expect(abs(builtIn(0.5) - GELUTanh()(0.5)) < 1e-15)
}
