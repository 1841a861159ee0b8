import BigFloat
import KinkCheck
import KinkCheckGeneration
import KinkCheckTesting
import KinkCheckVerification
import Testing

// A worked example of checking a new variant from Swift: squared ReLU, which the catalogue does
// not have, defined by conforming one type and verified by one call.

/// Squared ReLU (So et al., "Primer", 2021): max(0, x)². Its kink at 0 is C¹ — both one-sided
/// derivatives are 0 — so autodiff's 0 there is the derivative itself.
struct SquaredReLU: Activation {
    var name: String { "squared_relu" }
    var formula: String { "max(0, x)²" }
    func evaluate<T: ActivationScalar>(_ x: T) -> T { x > 0 ? x * x : 0 }
    var kinks: [DeclaredKink] { [DeclaredKink(at: 0, autodiffDerivative: 0, note: "C¹ switch: D⁻ = D⁺ = 0")] }
    var claims: ActivationClaims { ActivationClaims(continuous: true, convex: true, monotone: true) }
    var tails: ActivationTails? { nil }
}

@Test func squaredReLUKeepsItsClaims() {
    verifyActivation(SquaredReLU(), seed: RunSeed(1))
}

/// A deliberately broken variant: a "leaky ReLU" whose negative branch uses slope −0.5 and which
/// still claims to be monotone, and which declares the PyTorch derivative 0.01 at its kink.
struct BrokenLeakyReLU: Activation {
    var name: String { "broken_leaky_relu" }
    static let slope: DecimalConstant = "-0.5"
    static let declared: DecimalConstant = "0.01"
    func evaluate<T: ActivationScalar>(_ x: T) -> T { x > 0 ? x : T.constant(BrokenLeakyReLU.slope, like: x) * x }
    var kinks: [DeclaredKink] { [DeclaredKink(at: 0, autodiffDerivative: BrokenLeakyReLU.declared)] }
    var claims: ActivationClaims { ActivationClaims(continuous: true, convex: true, monotone: true, lipschitz: 1) }
}

@Test func aBrokenVariantIsCaught() {
    var result: ActivationVerification? = nil
    withKnownIssue("monotone is false and the declared kink derivative is wrong") {
        result = verifyActivation(BrokenLeakyReLU(), seed: RunSeed(1))
    }
    let failing = Set(result?.properties.filter { !$0.holds }.map(\.name) ?? [])
    #expect(failing == ["monotone", "autodiff_convention"], "failing: \(failing)")
    // The monotonicity counterexample is a real decrease, shrunk to a simple pair.
    let monotone = result?.properties.first { $0.name == "monotone" }
    #expect(monotone?.counterexample != nil)
}
