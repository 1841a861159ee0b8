import BigFloat
import Testing
@testable import KinkCheck
@testable import KinkCheckGeneration
@testable import KinkCheckProperties

@Test("Every built-in's declared shape claims hold on the generator (non-claims by counterexample)",
      arguments: Catalogue.entries.map(\.name))
func declaredShapeClaimsAreVerified(_ spec: String) throws {
    let f = try Catalogue.activation(spec)
    for r in ShapeClaims.verify(f, seed: RunSeed(7), randomCases: 150) {
        #expect(r.verified, "\(spec) claims \(r.law.rawValue) = \(r.claim); counterexample: \(r.counterexample ?? "none found")")
    }
}

@Test("ReLU is convex and monotone; SELU, ReLU6, GELU, SiLU and Mish are not convex; GELU, SiLU and Mish are not monotone")
func theIssuesShapeFacts() throws {
    func found(_ spec: String, _ law: ShapeLaw) throws -> Counterexample? {
        let f = try Catalogue.activation(spec)
        var configuration = PropertyRunner.Configuration(activation: f, formats: [.binary64], randomCases: 150, seed: RunSeed(11))
        configuration.coverage = .none
        return PropertyRunner(configuration).run(ShapeClaims.property(law, for: f)!).failure
    }
    #expect(try found("relu", .convexity) == nil)
    #expect(try found("relu", .monotonicity) == nil)
    for spec in ["selu", "relu6", "gelu", "silu", "mish"] {
        let c = try #require(try found(spec, .convexity), "\(spec) should have a convexity counterexample")
        // The shrunk counterexample really violates midpoint convexity in MPFR.
        let f = try Catalogue.activation(spec)
        let a = BigFloat(c.shrunk[0].bigFloat, precision: 256), b = BigFloat(c.shrunk[1].bigFloat, precision: 256)
        var m = a + b
        m = m.timesPowerOfTwo(-1)
        var mean = f(a) + f(b)
        mean = mean.timesPowerOfTwo(-1)
        #expect(f(m) > mean, "\(spec): \(c.shrunk)")
    }
    for spec in ["gelu", "silu", "mish"] {
        let c = try #require(try found(spec, .monotonicity), "\(spec) should have a monotonicity counterexample")
        let f = try Catalogue.activation(spec)
        #expect(f(BigFloat(c.shrunk[0].bigFloat, precision: 256)) > f(BigFloat(c.shrunk[1].bigFloat, precision: 256)))
    }
}

/// A variant whose Lipschitz claim is false: 2x with L = 1 claimed.
struct OverclaimedSlope: Activation {
    var name: String { "overclaimed" }
    func evaluate<T: ActivationScalar>(_ x: T) -> T { 2 * x }
    var claims: ActivationClaims { ActivationClaims(continuous: true, convex: true, monotone: true, lipschitz: 1) }
}

@Test("A false Lipschitz claim is refuted with a counterexample")
func falseLipschitzClaimIsRefuted() {
    let results = ShapeClaims.verify(OverclaimedSlope(), seed: RunSeed(3), randomCases: 100)
    let lipschitz = results.first { $0.law == .lipschitz }!
    #expect(!lipschitz.verified && lipschitz.counterexample != nil)
    #expect(results.filter { $0.law != .lipschitz }.allSatisfy { $0.verified })
}

/// An ELU written as exp(x) − 1 (cancellation near 0 in plain arithmetic): still the convex ELU.
struct CancellingELU: Activation {
    var name: String { "cancelling_elu" }
    func evaluate<T: ActivationScalar>(_ x: T) -> T { x > 0 ? x : T.exp(x) - 1 }
    var kinks: [DeclaredKink] { [DeclaredKink(at: 0)] }
    var claims: ActivationClaims { ActivationClaims(continuous: true, convex: true, monotone: true) }
}

@Test("ConvexityOfAnExpMinusOneELUIsJudgedOnCorrectlyRoundedValues")
func convexityOfAnExpMinusOneELUIsJudgedOnCorrectlyRoundedValues() {
    // The pair that refuted it when f was evaluated in plain 192-bit arithmetic.
    let a = BigFloat(-7.97e-59, precision: 53), b = BigFloat(-2.54e-116, precision: 53)
    let fa = ShapeClaims.value(CancellingELU(), at: a)!, fb = ShapeClaims.value(CancellingELU(), at: b)!
    var m = BigFloat(nanWithPrecision: 2200)
    m.setSum(a, b)
    let fm = ShapeClaims.value(CancellingELU(), at: m.timesPowerOfTwo(-1))!
    #expect(fm <= (fa + fb).timesPowerOfTwo(-1) + ShapeClaims.tolerance(fa, fb, fm))
    for r in ShapeClaims.verify(CancellingELU(), seed: RunSeed(7), randomCases: 150) {
        #expect(r.verified, "\(r.law.rawValue): \(r.counterexample ?? "")")
    }
}

@Test("ANonMonotoneSiLUShrinksToASimplePair")
func aNonMonotoneSiLUShrinksToASimplePair() throws {
    let f = try Catalogue.activation("silu")
    var configuration = PropertyRunner.Configuration(activation: f, formats: [.binary64], randomCases: 200, seed: RunSeed(11))
    configuration.coverage = .none
    let c = try #require(PropertyRunner(configuration).run(ShapeClaims.property(.monotonicity, for: f)!).failure)
    // Small halves, both left of SiLU's minimum at −1.278…: e.g. (−2, −1.5).
    #expect(c.shrunk.values.allSatisfy { $0.double <= 0 && $0.double >= -4 && ($0.double * 2).rounded() == $0.double * 2 }, "\(c.shrunk)")
}
