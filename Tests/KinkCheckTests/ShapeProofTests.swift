import BigFloat
import Testing
@testable import KinkCheck
@testable import KinkCheckAnalysis

/// The prover for `spec` on [−R, R], its junctions the declared kinks with their point analyses
/// (as `check` passes the surveyed kinks); a formula declares none, and its kinks are branch
/// switches the bisection meets.
private func prover(_ spec: String, radius: Double = 64) throws -> ShapeProver {
    let f = try Catalogue.activation(spec)
    let junctions = f.kinks.map { k -> ShapeJunction in
        let p = ExactPoint(k.location)
        return ShapeJunction(location: .exact(p), x: p.rounded(toPrecision: 64),
                             analysis: PointAnalysis.analyze(f, at: p, precision: 64, otherKinks: []))
    }
    return ShapeProver(activation: f, radius: BigFloat(radius, precision: 64), junctions: junctions)
}

/// The law's derivative at the counterexample, enclosed independently (autodiff over an interval).
private func derivative(_ spec: String, _ law: ShapeProofLaw, at x: BigFloat) throws -> MPFRInterval {
    let f = try Catalogue.activation(spec)
    let point = MPFRInterval(BigFloat(x, precision: 128))
    return law.order == 1 ? f.trueDerivative(point) : f.trueSecondDerivative(point)
}

@Test("SoftplusIsProvenConvex, monotone and 1-Lipschitz on [−64, 64], as are x² and eˣ convex (formulas)")
func provenOutcomes() throws {
    let softplus = try prover("softplus")
    for law in [ShapeProofLaw.convex, .monotone, .lipschitz(1)] {
        #expect(softplus.prove(law).isProven, "softplus \(law)")
    }
    #expect(try prover("expr:x*x").prove(.convex).isProven)
    #expect(try prover("expr:exp(x)").prove(.convex).isProven)
}

@Test("SiLUIsNotConvex and GELUIsNotMonotone: refuted at a certified point (GELU falls left of its minimum near −0.75)")
func refutedOutcomes() throws {
    let silu = try #require(try prover("silu").prove(.convex).counterexample)
    #expect(!silu.atKink)
    #expect(try derivative("silu", .convex, at: silu.x).upper < 0, "\(silu)")
    let gelu = try #require(try prover("gelu").prove(.monotone).counterexample)
    #expect(gelu.x < BigFloat(-0.75, precision: 64), "\(gelu)")
    #expect(try derivative("gelu", .monotone, at: gelu.x).upper < 0, "\(gelu)")
    // A formula: x² falls on x < 0.
    let square = try #require(try prover("expr:x*x").prove(.monotone).counterexample)
    #expect(square.x < BigFloat(0, precision: 64) && square.text.contains("f′ ≥ 0 fails"), "\(square)")
}

@Test("AnIntervalTooWideToDecideIsUndecidedNeverProven: a cell budget of 1, or cells no narrower than the domain")
func undecidedOutcomes() throws {
    var p = try prover("softplus")
    p.cellBudget = 1
    guard case .undecided(let remaining, _) = p.prove(.convex) else { Issue.record("softplus convex in one cell should be undecided"); return }
    #expect(!remaining.isEmpty)
    // No bisection at all (widthBits below 0: no cell is wider than the limit): x² in one cell
    // of [−64, 64] is still decided (f″ = 2 everywhere).
    var q = try prover("expr:x*x")
    q.widthBits = -8
    #expect(q.prove(.convex).isProven)
    // softplus written as log1p(eˣ) is convex, but its f″ = eˣ/(1 + eˣ)² is computed as a
    // difference of two numbers near ½ whose enclosures over a cell [a, b] with a ≫ 0 overlap
    // unless b − a < e^(−a)/2: undecided there (the cells left are named), never proven.
    var r = try prover("expr:log1p(exp(x))")
    r.cellBudget = 200
    guard case .undecided(let left, _) = r.prove(.convex) else { Issue.record("log1p(eˣ) on [−64, 64] should be undecided"); return }
    #expect(!left.isEmpty)
}

@Test("SigmoidIsQuarterLipschitz (the bound is reached at 0, proven by the Taylor form there); tanh is not 0.9-Lipschitz")
func lipschitzOutcomes() throws {
    #expect(try prover("sigmoid").prove(.lipschitz("0.25")).isProven)
    let tanh = try #require(try prover("tanh").prove(.lipschitz("0.9")).counterexample)
    #expect(BigFloat.abs(try derivative("tanh", .monotone, at: tanh.x).lower) > BigFloat(0.9, precision: 64), "\(tanh)")
    // selu′(0⁻) = λα, exactly its claimed constant: decided by the exact rational at the kink.
    // On [−64, 64] the branch switch at −20 (two formulas equal by an identity) is a junction
    // whose continuity intervals cannot certify: undecided, and said.
    guard case .undecided(let remaining, _) = try prover("selu").prove(.lipschitz(Activations.SELU.lambdaAlpha)) else {
        Issue.record("selu on [−64, 64] should be undecided at its switch −20"); return
    }
    #expect(remaining.contains { $0.hasPrefix("x = -20:") }, "\(remaining)")
    #expect(try prover("selu", radius: 16).prove(.lipschitz(Activations.SELU.lambdaAlpha)).isProven)
}

@Test("Kink conditions: ReLU convex (D⁻ ≤ D⁺), leaky ReLU monotone, hardtanh not convex (D⁻ > D⁺ at 1), heaviside not convex (a jump) but monotone")
func kinkConditions() throws {
    #expect(try prover("relu").prove(.convex).isProven)
    #expect(try prover("leaky_relu").prove(.monotone).isProven)
    #expect(try prover("leaky_relu").prove(.lipschitz(1)).isProven)
    let hardtanh = try #require(try prover("hardtanh").prove(.convex).counterexample)
    #expect(hardtanh.atKink && hardtanh.text.contains("D⁻ = 1 > D⁺ = 0"), "\(hardtanh)")
    let heaviside = try #require(try prover("heaviside").prove(.convex).counterexample)
    #expect(heaviside.atKink && heaviside.text.contains("not continuous"), "\(heaviside)")
    #expect(try prover("heaviside").prove(.monotone).isProven)
    // A formula's kink is met by the bisection: |x| is convex, and not monotone.
    #expect(try prover("expr:abs(x)").prove(.convex).isProven)
    #expect(try prover("expr:abs(x)").prove(.monotone).counterexample != nil)
}
