import BigFloat
import Testing
@testable import KinkCheck
@testable import KinkCheckAnalysis

func checker(_ spec: String, digits: Int, identity: DistributionalIdentity, phis: [any TestFunction],
             derivative: (@Sendable (BigFloat) -> BigFloat)? = nil) throws -> DistributionalCheck {
    let p = QuadratureTarget.bits(forDigits: digits) + 64
    var lo = phis[0].support(precision: p).lower, hi = phis[0].support(precision: p).upper
    for phi in phis { lo = BigFloat.minimum(lo, phi.support(precision: p).lower); hi = BigFloat.maximum(hi, phi.support(precision: p).upper) }
    return DistributionalCheck(activation: try Catalogue.activation(spec), digits: digits, identity: identity,
                               span: (lo, hi), derivativeOverride: derivative)
}

func number(_ text: String, _ digits: Int = 60) -> BigFloat {
    try! BigFloat(parsing: text, precision: QuadratureTarget.bits(forDigits: digits) + 64)
}

/// On generated test functions (kinks inside, on and beside the support's ends), at 20 digits:
/// every case proven and holding (the fixture tests check the enclosures against mpmath).
@Test("Both identities hold for every built-in on generated test functions, every case proven",
      arguments: Catalogue.entries.map(\.name))
func identitiesHoldForEveryBuiltIn(_ spec: String) throws {
    let a = try Catalogue.activation(spec)
    let p = QuadratureTarget.bits(forDigits: 20) + 64
    let kinks = a.kinks.map { $0.location.value(precision: p) }
    let phis = TestFunctionDraw.draw(count: 2, seed: 0x5EED, kinks: kinks, precision: p).map(\.0)
    for identity in DistributionalIdentity.allCases {
        let check = try checker(spec, digits: 20, identity: identity, phis: phis)
        for phi in phis {
            let r = check.check(phi)
            #expect(r.holds, "\(spec) \(identity) with \(phi): residual \(r.residual), lhs \(r.lhs.value), rhs \(r.rhs)")
            #expect(r.evidence == .certified, "\(spec) \(identity) with \(phi): \(r.evidence.reason ?? "")")
        }
    }
}

@Test("−∫ relu φ′ for the centred unit bump is 0.2219969080840397189115244605852763318…")
func reluAgainstTheCentredUnitBump() throws {
    let phi = SmoothBump(center: number("0"), halfWidth: number("1"))
    let r = try checker("relu", digits: 50, identity: .first, phis: [phi]).check(phi)
    let want = number("0.22199690808403971891152446058527633188")
    #expect(BigFloat.abs(r.lhs.value - want) < number("1e-38"))
    #expect(r.holds && r.singularPoints.count == 1)
}

@Test("−∫ H φ′ = φ(0) = e⁻¹: Heaviside's derivative is δ; sign's is 2δ")
func heavisideDerivativeIsDelta() throws {
    let phi = SmoothBump(center: number("0"), halfWidth: number("1"))
    let h = try checker("heaviside", digits: 50, identity: .first, phis: [phi]).check(phi)
    let inverseE = BigFloat.exp(-number("1"))
    #expect(BigFloat.abs(h.lhs.value - inverseE) < number("1e-47"))
    #expect(BigFloat.abs(h.rhsPointMasses - inverseE) < number("1e-47"), "the δ mass J·φ(0)")
    #expect(h.rhsIntegral.value.isZero || BigFloat.abs(h.rhsIntegral.value) < number("1e-47"), "H′ = 0 almost everywhere")
    let s = try checker("sign", digits: 50, identity: .first, phis: [phi]).check(phi)
    #expect(BigFloat.abs(s.lhs.value - inverseE * 2) < number("1e-47") && s.holds)
}

@Test("Polynomial bumps give exact rationals: −∫ relu φ′ = ∫₀¹ (1 − t²)^m dt")
func polynomialBumpsGiveExactRationals() throws {
    // ∫₀¹ (1 − t²)^m dt = 2^(2m)·(m!)²/(2m+1)!: m = 3 → 16/35, m = 4 → 128/315, m = 5 → 256/693.
    for (m, num, den) in [(3, 16, 35), (4, 128, 315), (5, 256, 693)] {
        let phi = PolynomialBump(center: number("0"), halfWidth: number("1"), degree: m)
        let r = try checker("relu", digits: 50, identity: .first, phis: [phi]).check(phi)
        let exact = number(String(num)) / number(String(den))
        #expect(BigFloat.abs(r.lhs.value - exact) < number("1e-48"), "m = \(m): \(r.lhs.value)")
        #expect(r.holds)
    }
    // Second identity for relu: ∫ relu φ″ = φ(0) = 1 (the kink's Dirac mass, weight 1).
    let phi = PolynomialBump(center: number("0"), halfWidth: number("1"), degree: 4)
    let r = try checker("relu", digits: 50, identity: .second, phis: [phi]).check(phi)
    #expect(BigFloat.abs(r.lhs.value - 1) < number("1e-48") && r.holds)
}

@Test("SELU's second-derivative mass at 0 is λ(1 − α) = −0.7073983534918963665208825355177…")
func seluKinkMassIsLambdaTimesOneMinusAlpha() throws {
    let phi = SmoothBump(center: number("0.25"), halfWidth: number("1"))
    let check = try checker("selu", digits: 50, identity: .second, phis: [phi])
    let kink = try #require(check.singularPoints.first { $0.x.isZero })
    let want = number("-0.7073983534918963665208825355177")
    #expect(BigFloat.abs(kink.slopeJump - want) < number("1e-31"))
    #expect(check.check(phi).holds)
    // C¹ activations carry no Dirac mass in f″.
    for spec in ["celu", "elu", "gelu", "silu", "mish"] {
        let c = try checker(spec, digits: 50, identity: .second, phis: [phi])
        #expect(c.singularPoints.allSatisfy { BigFloat.abs($0.slopeJump) < number("1e-40") }, "\(spec)")
    }
}

@Test("A deliberately wrong derivative (ELU with α doubled on x < 0) makes the identity fail")
func wrongDerivativeFailsTheIdentity() throws {
    let phi = SmoothBump(center: number("-0.5"), halfWidth: number("1"))
    let wrong: @Sendable (BigFloat) -> BigFloat = { x in x > 0 ? BigFloat(1, precision: x.precision) : BigFloat.exp(x) * 2 }
    let bad = try checker("elu", digits: 50, identity: .first, phis: [phi], derivative: wrong).check(phi)
    #expect(!bad.holds && bad.residual > number("1e-3"))
    let right: @Sendable (BigFloat) -> BigFloat = { x in x > 0 ? BigFloat(1, precision: x.precision) : BigFloat.exp(x) }
    #expect(try checker("elu", digits: 50, identity: .first, phis: [phi], derivative: right).check(phi).holds)
}

@Test("Generated test functions place kinks inside, on and beside the support's ends, deterministically")
func drawsAreBiasedAndDeterministic() throws {
    let p = 256
    let kinks = [BigFloat(0, precision: p), BigFloat(6, precision: p)]
    let a = TestFunctionDraw.draw(count: 200, seed: 42, kinks: kinks, precision: p)
    let b = TestFunctionDraw.draw(count: 200, seed: 42, kinks: kinks, precision: p)
    #expect(zip(a, b).allSatisfy { $0.0.description == $1.0.description })
    #expect(Set(a.map(\.1)) == Set(TestFunctionDraw.Placement.allCases))
    for (phi, placement) in a where placement == .atEdge {
        let s = phi.support(precision: p)
        #expect(kinks.contains { $0 == s.lower || $0 == s.upper }, "\(phi) should have a kink on an end")
    }
    for (phi, placement) in a where placement == .inside {
        let s = phi.support(precision: p)
        #expect(kinks.contains { $0 > s.lower && $0 < s.upper }, "\(phi) should contain a kink")
    }
}

@Test("At 300 digits the first identity still holds for relu")
func threeHundredDigits() throws {
    let phi = SmoothBump(center: number("0.125", 300), halfWidth: number("0.75", 300))
    let r = try checker("relu", digits: 300, identity: .first, phis: [phi]).check(phi)
    #expect(r.holds && r.residual < number("1e-297", 300))
}
