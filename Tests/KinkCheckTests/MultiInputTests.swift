import BigFloat
@testable import KinkCheck
import KinkCheckAnalysis
import KinkCheckGeneration
import KinkCheckVerification
import Testing

/// max(a, b) whose autodiff at a tie is (2, −1): value a (= b there), gradient outside the
/// Clarke set hull{e₁, e₂}. A planted defect the membership check must name.
private struct WrongTieMax: MultiInputActivation {
    var name: String { "wrong_tie_max" }
    var inputNames: [String] { ["a", "b"] }
    func evaluate<T: ActivationScalar>(_ v: [T]) -> T {
        if v[0] > v[1] { return v[0] }
        if v[1] > v[0] { return v[1] }
        return 2 * v[0] - v[1]
    }
    var nonSmoothSets: [NonSmoothSet] { [.tie([0, 1])] }
    var claimsContinuous: Bool? { true }
}

/// ReGLU with a hand-written backward whose ∂f/∂a is b everywhere (right: b for a > 0, 0 for
/// a < 0): the gate's step forgotten.
private struct ReGLUWithoutStep: MultiInputActivation {
    var name: String { "reglu_without_step" }
    var inputNames: [String] { ["a", "b"] }
    func evaluate<T: ActivationScalar>(_ v: [T]) -> T { (v[0] > 0 ? v[0] : 0) * v[1] }
    func gradient<T: ActivationScalar>(_ v: [T]) -> [T] { [v[1], v[0] > 0 ? v[0] : 0] }
    var hasHandWrittenGradient: Bool { true }
    var nonSmoothSets: [NonSmoothSet] { [.coordinate(0, 0)] }
    var claimsContinuous: Bool? { true }
}

/// relu(a − c)·b, with its set a = c declared or not (the product identity's cut tests).
private struct ShiftedReGLU: MultiInputActivation {
    let shift: DecimalConstant
    let declared: Bool
    var name: String { "reglu_shifted" }
    var inputNames: [String] { ["a", "b"] }
    func evaluate<T: ActivationScalar>(_ v: [T]) -> T {
        let s = v[0] - T.constant(shift, like: v[0])
        return (s > 0 ? s : 0) * v[1]
    }
    var nonSmoothSets: [NonSmoothSet] { declared ? [.coordinate(0, shift)] : [] }
    var claimsContinuous: Bool? { true }
}

/// PReLU as a function of (x, a) with a hand-written backward whose ∂f/∂a is x on both sides
/// (right: x for x < 0, 0 for x > 0) — the planted wrong parameter gradient.
private struct PReLUWrongParameterGradient: MultiInputActivation {
    var name: String { "prelu_wrong_da" }
    var inputNames: [String] { ["x", "a"] }
    func evaluate<T: ActivationScalar>(_ v: [T]) -> T { v[0] > 0 ? v[0] : v[1] * v[0] }
    func gradient<T: ActivationScalar>(_ v: [T]) -> [T] { [v[0] > 0 ? 1 : v[1], v[0]] }
    var hasHandWrittenGradient: Bool { true }
    var nonSmoothSets: [NonSmoothSet] { [.coordinate(0, 0)] }
    var inputScales: [DecimalConstant?] { [nil, "0.25"] }
    var claimsContinuous: Bool? { true }
}

/// Activations of several inputs: exact Clarke sets derived by hand, values against mpmath
/// (50 digits), parameter gradients, formulas in named inputs, the generator, and `check`.
@Suite struct MultiInputTests {
    static let p = 200

    func constants(_ texts: [String]) -> [DecimalConstant] { texts.map { try! DecimalConstant($0) } }
    func near(_ v: BigFloat, _ reference: String, digits: Int = 45) -> Bool {
        let r = try! BigFloat(parsing: reference, precision: 256)
        return BigFloat.abs(v - r) <= BigFloat.abs(r).timesPowerOfTwo(-Int(Double(digits) * 3.32)) || v == r
    }
    func vertexSet(_ a: MultiInputAnalysis) -> Set<[Double]> { Set(a.clarke.map { $0.map { Double($0) } }) }

    // ReGLU f(a, b) = relu(a)·b. For a > 0: ∇f = (b, a); for a < 0: ∇f = (0, 0). At (0, b) the
    // limits are (b, 0) and (0, 0): Clarke = {(t·b, 0) : t ∈ [0, 1]}. At (0, 0) both are 0:
    // differentiable with gradient 0.
    @Test(arguments: ["1.5", "-2", "0.7"])
    func reGLUOnItsKink(_ b: String) throws {
        let f = Activations.GatedUnit(.reglu)
        let a = MultiInputAnalysis.analyze(f, at: constants(["0", b]), precision: Self.p)
        #expect(a.classification == .nonsmooth)
        let bb = Double(b)!
        #expect(vertexSet(a) == [[bb, 0], [0, 0]])
        // 0.7 is no float nor double: only MPFR's gradient is checked there (nil elsewhere).
        #expect(a.autodiff.allSatisfy { $0.inClarke != false } && a.autodiff.last!.inClarke == true)
        // Directional derivatives: f′(x; d) = b·max(d_a, 0).
        for d in a.directions {
            let want = bb * max(d.direction[0].double, 0)
            #expect(d.derivative.isCertified && Double(d.derivative.value) == want, "along \(d.direction)")
        }
    }

    @Test func reGLUAtTheOriginIsDifferentiable() {
        let a = MultiInputAnalysis.analyze(Activations.GatedUnit(.reglu), at: constants(["0", "0"]), precision: Self.p)
        #expect(a.classification == .differentiable)
        #expect(vertexSet(a) == [[0, 0]])
    }

    // Maxout at a k-way tie: the limits are e₁ … e_k (the ray that raises xᵢ alone makes it the
    // max); the Clarke set is their hull. Autodiff routes to the first: e₁, a vertex.
    @Test(arguments: [2, 3, 5])
    func maxoutAtAFullTie(_ k: Int) {
        let f = Activations.Maxout(k: k)
        let a = MultiInputAnalysis.analyze(f, at: constants(Array(repeating: "1", count: k)), precision: Self.p)
        let units = Set((0..<k).map { i in (0..<k).map { $0 == i ? 1.0 : 0.0 } })
        #expect(vertexSet(a) == units)
        #expect(a.autodiff.allSatisfy { $0.inClarke == true })
        #expect(a.autodiff.first { $0.scalar == "mpfr" }!.gradient.map { Double($0) } == (0..<k).map { $0 == 0 ? 1 : 0 })
        // A wrong choice, (1, 1, 0, …), lies outside the hull (its components sum to 2).
        let wrong = (0..<k).map { BigFloat($0 < 2 ? 1 : 0, precision: 64) }
        #expect(ConvexHull.distance(from: wrong, to: a.clarke, precision: Self.p + 64) > a.tolerance)
        // The midpoint of e₁ and e₂ is inside (exact in binary).
        let middle = (0..<k).map { BigFloat($0 < 2 ? 1 : 0, precision: 64).timesPowerOfTwo(-1) }
        #expect(ConvexHull.distance(from: middle, to: a.clarke, precision: Self.p + 64) <= a.tolerance)
    }

    // The exact sets of the other built-ins and parameter views at representative points, derived
    // by hand. Smooth gates at (0, 1.5): ∇ = (g′(0)·b, g(0)) with silu′(0) = gelu′(0) = ½ and
    // g(0) = 0; glu: (σ(1.5), 0), σ(1.5) from mpmath. ELU in (x, α) at x = 0: (1, 0) from the right, (α·e⁰, e⁰ − 1) =
    // (α, 0) from the left; CELU in (x, α): (1, 0) from both sides (C¹); SELU in (x, α, λ):
    // (λ, 0, x) = (λ, 0, 0) and (λα, λ(e⁰ − 1), α(e⁰ − 1)) = (λα, 0, 0); hardtanh at x = max:
    // (1, 0, 0) and (0, 0, 1); leaky_relu in (x, slope) at 0: (1, 0) and (slope, 0).
    @Test(arguments: [
        ("swiglu", ["0", "1.5"], [["0.75", "0"]]),
        ("geglu", ["0", "1.5"], [["0.75", "0"]]),
        ("glu", ["0", "1.5"], [["0.817574476193643659607217178656", "0"]]),
        ("elu[x,alpha]:alpha=0.5", ["0", "0.5"], [["1", "0"], ["0.5", "0"]]),
        ("elu[x,alpha]", ["0", "1"], [["1", "0"]]),
        ("celu[x,alpha]:alpha=0.5", ["0", "0.5"], [["1", "0"]]),
        ("selu[x,alpha,lambda]", ["0", "1.6732632423543772848170429916717", "1.0507009873554804934193349852946"],
         [["1.0507009873554804934193349852946", "0", "0"], ["1.7580993408473768599402175208123", "0", "0"]]),
        ("hardtanh[x,min,max]", ["1", "-1", "1"], [["1", "0", "0"], ["0", "0", "1"]]),
        ("leaky_relu[x,slope]", ["0", "0.01"], [["1", "0"], ["0.01", "0"]]),
    ])
    func exactClarkeSets(_ spec: String, _ at: [String], _ want: [[String]]) throws {
        let f = try #require(try Catalogue.multiInputActivation(spec))
        let a = MultiInputAnalysis.analyze(f, at: constants(at), precision: Self.p)
        #expect(a.classification == (want.count == 1 ? .differentiable : .nonsmooth), "\(spec): \(a.classification)")
        #expect(a.clarke.count == want.count, "\(spec): \(a.clarke.map { $0.map { $0.shortDecimal(10) } })")
        for w in want {
            #expect(a.clarke.contains { v in zip(v, w).allSatisfy { near($0, $1, digits: 20) } }, "\(spec): \(w) missing")
        }
        #expect(a.autodiff.allSatisfy { $0.inClarke != false }, "\(spec)")
    }

    @Test func aWrongTieGradientIsCaught() {
        let a = MultiInputAnalysis.analyze(WrongTieMax(), at: constants(["0.5", "0.5"]), precision: Self.p)
        #expect(vertexSet(a) == [[1, 0], [0, 1]])
        #expect(a.autodiff.allSatisfy { $0.inClarke == false })
        let r = Verifier(seed: RunSeed(7), cases: 20, precision: 128).verify(WrongTieMax())
        let membership = r.properties.first { $0.property == .autodiffInClarke }!
        #expect(!membership.holds)
        #expect(membership.counterexample?.contains("outside the Clarke set") == true)
        // Shrunk on the tie (both coordinates together) to its simplest point, 0 = 0.
        #expect(membership.counterexample?.hasPrefix("at (0, 0) [") == true && membership.counterexample?.contains("shrunk") == true,
                "\(membership.counterexample ?? "")")
    }

    /// A point shrinks on its non-smooth sets: a coordinate a set fixes stays, tied ones move
    /// together, the rest alone; a set only described keeps every coordinate.
    @Test func pointsShrinkOnTheirNonSmoothSets() throws {
        let maxout = try #require(try Catalogue.multiInputActivation("maxout:k=3"))
        #expect(Verifier.shrinkGroups(maxout, [2, 2, 5]) == [[0, 1], [2]])
        #expect(Verifier.shrinkGroups(maxout, [2, 2, 2]) == [[0, 1, 2]])
        let reglu = try #require(try Catalogue.multiInputActivation("reglu"))
        #expect(Verifier.shrinkGroups(reglu, [0, 3.5]) == [[1]])
        #expect(Verifier.shrinkGroups(reglu, [0.25, 3.5]) == [[0], [1]])
        // Tied coordinates move together: from (3.75, 3.75, 9) to (1, 1, 9) when only ties at 1 fail.
        let shrunk = MultiInputShrinker.shrink([3.75, 3.75, 9], in: .binary64, groups: [[0, 1]]) { $0[0] == $0[1] && $0[0] != 0 }
        #expect(shrunk == [1, 1, 9])
        // The budget bounds the calls.
        var calls = 0
        _ = MultiInputShrinker.shrink([3.75, 5.5], in: .binary64, budget: 3) { _ in calls += 1; return false }
        #expect(calls == 3)
    }

    /// The first identity on slices: certified for the built-ins (each side by certified
    /// quadrature), through the points on the non-smooth sets and a random one, every input;
    /// and over one product test function per input — certified too, but for maxout's moving
    /// tie (estimates, so its cell is a sample).
    @Test(arguments: ["reglu", "glu", "maxout", "prelu[x,a]"])
    func sliceIdentitiesHoldCertified(_ spec: String) throws {
        let f = try #require(try Catalogue.multiInputActivation(spec))
        let r = Verifier(seed: RunSeed(5), cases: 20, precision: 128).verify(f)
        let v = try #require(r.properties.first { $0.property == .distributionFirst })
        let n = f.inputNames.count
        #expect(v.holds && v.evidence == (spec == "maxout" ? .sample : .certified) && v.cases >= 2 * n, "\(spec): \(v.detail)")
        #expect(v.detail.contains(" proven, 0 estimated") && v.detail.contains("\(n) product test function(s)"), "\(spec): \(v.detail)")
    }

    /// A backward that forgets ReGLU's step: −∫ relu(t)·b φ′(t) dt = b∫_{t>0} φ, but ∫ b φ is
    /// b∫ φ — the slice along a through (0, b) shows the difference, certified.
    @Test func aGradientWithoutItsStepFailsTheIdentity() {
        let r = Verifier(seed: RunSeed(5), cases: 20, precision: 128).verify(ReGLUWithoutStep())
        let v = r.properties.first { $0.property == .distributionFirst }!
        #expect(!v.holds, "\(v.detail)")
        #expect(v.counterexample?.contains("along ∂/∂a") == true, "\(v.counterexample ?? "")")
    }

    @Test func aWrongParameterGradientIsCaughtWithItsPoint() {
        let r = Verifier(seed: RunSeed(3), cases: 30, precision: 128).verify(PReLUWrongParameterGradient())
        let written = r.properties.first { $0.property == .derivative }!
        #expect(!written.holds)
        // The point printed has x > 0, where ∂f/∂a is 0 and the planted backward gives x.
        let text = written.counterexample ?? ""
        #expect(text.contains("∂f/∂a"), "\(text)")
        let x = Double(text.split(separator: "(")[1].split(separator: ",")[0])!
        #expect(x > 0, "\(text)")
        // The correct backward (autodiff of the definition) passes the same check.
        #expect(Verifier(seed: RunSeed(3), cases: 30, precision: 128).verify(try! ParameterView(Activations.LeakyReLU(slope: "0.25", prelu: true), variables: ["all"], fixedX: nil)).holds)
    }

    // Against mpmath at 50 digits: swiglu(0.5, −2) = −2·silu(0.5); ∂/∂a = −2·silu′(0.5);
    // ∂/∂b = silu(0.5); glu(1.5, −0.5) = 1.5·σ(−0.5).
    @Test func valuesAndGradientsAreCorrectlyRounded() {
        let swiglu = Activations.GatedUnit(.swiglu), x = constants(["0.5", "-2"]).map { ExactPoint($0) }
        #expect(near(swiglu.correctlyRounded(at: x, precision: Self.p).value, "-0.62245933120185456463890056574550847875327936530891"))
        #expect(near(swiglu.correctlyRoundedPartial(0, at: x, precision: Self.p).value, "-1.4799223746053036183471038265120239016966302895701"))
        #expect(near(swiglu.correctlyRoundedPartial(1, at: x, precision: Self.p).value, "0.31122966560092728231945028287275423937663968265445"))
        let glu = Activations.GatedUnit(.glu)
        #expect(near(glu.correctlyRounded(at: constants(["1.5", "-0.5"]).map { ExactPoint($0) }, precision: Self.p).value,
                     "0.56631100319721815304164915138173728187008095203663"))
    }

    // Parameter gradients: ∂elu/∂α at x = −1 is e⁻¹ − 1; ∂softplus/∂β at x = 1, β = 1 is
    // x·σ(βx)/β − log(1 + e^(βx))/β²; ∂prelu/∂a is x for x < 0 and 0 for x > 0.
    @Test func parameterGradients() throws {
        func partial(_ spec: String, _ x: String, _ wrt: String) throws -> BigFloat {
            let base = try Catalogue.activation(spec) as! any ParameterDifferentiable
            let view = try ParameterView(base, variables: [wrt], fixedX: try DecimalConstant(x))
            return view.correctlyRoundedPartial(0, at: [ExactPoint(base.parameterValue(wrt))], precision: Self.p).value
        }
        #expect(near(try partial("elu", "-1", "alpha"), "-0.63212055882855767840447622983853913255418886896823"))
        #expect(near(try partial("softplus", "1", "beta"), "-0.58220310888821795479783625314601936755013544550529"))
        #expect(try partial("prelu", "-2", "a") == BigFloat(-2, precision: 64))
        #expect(try partial("prelu", "0.5", "a").isZero)
        #expect(throws: SpecError.self) { try ParameterView(Activations.ELU(), variables: ["beta"], fixedX: 1) }
    }

    // PReLU in (x, a) at x = 0: for x > 0 ∇ = (1, 0); for x < 0 ∇ = (a, x) → (a, 0). Clarke is
    // the segment between them; autodiff (PyTorch: slope a at 0) gives (a, 0).
    @Test func preluAtItsKinkInXAndA() throws {
        let view = try ParameterView(Activations.LeakyReLU(slope: "0.25", prelu: true), variables: ["all"], fixedX: nil)
        #expect(view.inputNames == ["x", "a"])
        let a = MultiInputAnalysis.analyze(view, at: constants(["0", "0.25"]), precision: Self.p)
        #expect(vertexSet(a) == [[1, 0], [0.25, 0]])
        #expect(a.autodiff.allSatisfy { $0.inClarke == true })
        // Hardtanh's x = max is a tie between x and θ_max: its view names it.
        let h = try ParameterView(Activations.Hardtanh(), variables: ["all"], fixedX: nil)
        #expect(h.nonSmoothSets == [.tie([0, 1]), .tie([0, 2])])
        let fixed = try ParameterView(Activations.Hardtanh(), variables: ["max"], fixedX: 1)
        #expect(fixed.nonSmoothSets == [.coordinate(0, 1)])
        // x and max variables, min fixed at −1: x = min is the line x = −1.
        let partly = try ParameterView(Activations.Hardtanh(), variables: ["x", "max"], fixedX: nil)
        #expect(partly.nonSmoothSets == [.coordinate(0, -1), .tie([0, 1])])
    }

    @Test func formulasInNamedInputs() throws {
        let f = try #require(try Catalogue.multiInputActivation("expr:relu(a)*b + max(a, c)"))
        #expect(f.inputNames == ["a", "b", "c"])
        #expect(f.nonSmoothSets == [.coordinate(0, 0), .tie([0, 2])])
        let r = f.valueAndGradient(at: [0.5, 1.5, 2.0])
        #expect(r.value == 2.75 && r.gradient == [1.5, 0.5, 1])
        #expect(try Catalogue.multiInputActivation("expr:x*sigmoid(x)") == nil)
        #expect(try Catalogue.multiInputActivation("relu") == nil)
        #expect(throws: SpecError.self) { try Catalogue.multiInputActivation("maxout:k=9") }
        #expect(throws: SpecError.self) { try Catalogue.multiInputActivation("reglu:k=2") }
        #expect(Activations.GatedUnit(.reglu)([Double.nan, 1]).isNaN)
    }

    @Test func theGeneratorAimsAtTheSetsAndIsDeterministic() {
        let g = MultiInputGenerator(seed: RunSeed(11))
        for format in [IEEEFormat.binary16, .bfloat16, .binary32, .binary64] {
            let points = g.points(for: Activations.GatedUnit(.reglu), format: format, random: 10)
            #expect(points.map(\.coordinates) == g.points(for: Activations.GatedUnit(.reglu), format: format, random: 10).map(\.coordinates))
            #expect(points.allSatisfy { $0.coordinates.allSatisfy { format.rounded($0) == $0 && $0.isFinite } })
            #expect(points.filter(\.onNonSmoothSet).allSatisfy { $0.coordinates[0] == 0 })
            // One ulp off a = 0: the format's least subnormal, either sign.
            let least = format.leastSubnormalValue
            #expect(points.contains { $0.coordinates[0] == least } && points.contains { $0.coordinates[0] == -least })
            #expect(points.contains { $0.coordinates == [0, 0] })
        }
        let ties = g.points(for: Activations.Maxout(k: 3), format: .binary32, random: 0).filter(\.onNonSmoothSet)
        #expect(!ties.isEmpty && ties.allSatisfy { Set($0.coordinates).count == 1 })
    }

    /// GLU at (±2⁻¹², −88) in float32 (found by `check --seed 1797118084`): ∂f/∂a = σ(−88) is
    /// subnormal, and folding |a| < 1 into the one last exponential divided its rounding by |a|
    /// (572 ulps of 535 allowed). Now |a| ≤ 1 keeps the plain product.
    @Test(arguments: [Float(0x1p-12), -Float(0x1p-12), 3, -1e6])
    func gluFarLeftGradientIsAccurate(_ a: Float) {
        let f = Activations.GatedUnit(.glu), xs = [Double(a), -88]
        let g = f.valueAndGradient(at: [a, Float(-88)]).gradient
        for i in 0..<2 {
            let truth = f.correctlyRoundedPartial(i, at: xs.map { ExactPoint(BigFloat($0, precision: 53)) }, precision: 128)
            let condition = MultiInputAccuracy.condition(f, at: xs, component: i)
            let (u, allowed) = MultiInputAccuracy.ulps(Double(g[i]), exact: truth.value, condition: condition, in: .binary32, k: 8,
                                                        amplification: xs.map(Swift.abs).max()!)
            #expect(u <= allowed, "a = \(a), ∂f/∂x\(i): \(u) ulps of \(allowed)")
        }
    }

    @Test(arguments: ["glu", "reglu", "geglu", "swiglu", "maxout:k=3"])
    func checkHolds(_ spec: String) throws {
        let f = try #require(try Catalogue.multiInputActivation(spec))
        for seed in [RunSeed(1), RunSeed(0x4b494e4b)] {
            let r = Verifier(seed: seed, cases: 30, precision: 128).verify(f)
            #expect(r.holds, "\(spec): \(r.properties.filter { !$0.holds }.map { "\($0.name): \($0.counterexample ?? "")" })")
        }
    }
}

/// The identity over product test functions φ(xᵢ)ψ(xⱼ) (``ProductIdentity``), integrated over the plane.
@Suite struct ProductIdentityTests {
    static func bump(_ c: Double, _ w: Double) -> PolynomialBump {
        PolynomialBump(center: BigFloat(c, precision: 200), halfWidth: BigFloat(w, precision: 200), degree: 4)
    }

    /// The identity along a, b the other input, at (0, 0) over φ(a) on [−0.875, 1.625] and ψ(b)
    /// on [0.75, 2.25] (the shape every ReGLU-like case here uses).
    static func identity(_ f: any MultiInputActivation) -> ProductIdentity {
        ProductIdentity(function: f, input: 0, other: 1, origin: [0, 0].map { BigFloat($0, precision: 64) },
                        phi: bump(0.375, 1.25), psi: bump(1.5, 0.75), digits: 30)
    }

    /// ∫ from t₀ to 1 of (1 − t²)⁴ dt, t₀ in [−1, 1], from the antiderivative t − 4t³/3 + 6t⁵/5 − 4t⁷/7 + t⁹/9.
    static func tail(_ t0: BigFloat) -> BigFloat {
        func antiderivative(_ t: BigFloat) -> BigFloat {
            let p = 300
            let c: [(Int, Int, Int)] = [(1, 1, 1), (-4, 3, 3), (6, 5, 5), (-4, 7, 7), (1, 9, 9)]
            return c.reduce(BigFloat.zero(precision: p)) { sum, term in
                sum + BigFloat(term.0, precision: p) * BigFloat.pow(BigFloat(t, precision: p), term.2) / BigFloat(term.1, precision: p)
            }
        }
        return antiderivative(BigFloat(1, precision: 300)) - antiderivative(t0)
    }

    /// ReGLU = relu(a)·b separates: −∬ relu(a)·b φ′(a)ψ(b) = (∫_{a>0} φ)(∫ b ψ) and ∫ b ψ = c_ψ·w_ψ·256/315
    /// (ψ even about c_ψ), ∫_{a>0} φ = w_φ·∫ from t₀ to 1 of (1 − t²)⁴, t₀ = −c_φ/w_φ: both sides
    /// must be that number, to the digits asked, and the identity holds.
    @Test func regluMatchesTheProductOfOneDimensionalIntegrals() throws {
        let f = try #require(try Catalogue.multiInputActivation("reglu"))
        let r = Self.identity(f).evaluate()
        let p = 300
        let exact = BigFloat(1.25, precision: p) * Self.tail(BigFloat(-0.375, precision: p) / BigFloat(1.25, precision: p))
            * BigFloat(1.5 * 0.75, precision: p) * BigFloat(256, precision: p) / BigFloat(315, precision: p)
        #expect(r.holds && r.evidence == .certified, "lhs \(r.lhs), rhs \(r.rhs), \(r.evidence)")
        // The enclosures hold the exact value, and are narrow.
        #expect(BigFloat.abs(r.lhs - exact) <= r.lhsError, "lhs \(r.lhs) ± \(r.lhsError) against \(exact)")
        #expect(BigFloat.abs(r.rhs - exact) <= r.rhsError, "rhs \(r.rhs) ± \(r.rhsError) against \(exact)")
        #expect(r.lhsError < r.tolerance && r.rhsError < r.tolerance)
    }

    /// A cut at a constant no binary number holds (a = 1/10) is enclosed, and its sliver with
    /// it: ∫_{a>1/10} φ from the same antiderivative, and the enclosure holds it.
    @Test func aCutAtANonBinaryConstantIsCertified() {
        let r = Self.identity(ShiftedReGLU(shift: "0.1", declared: true)).evaluate()
        let p = 300
        let t0 = ((try! BigFloat(parsing: "0.1", precision: p)) - BigFloat(0.375, precision: p)) / BigFloat(1.25, precision: p)
        let exact = BigFloat(1.25, precision: p) * Self.tail(t0) * BigFloat(1.5 * 0.75, precision: p) * BigFloat(256, precision: p) / BigFloat(315, precision: p)
        #expect(r.holds && r.evidence == .certified, "\(r.evidence)")
        #expect(BigFloat.abs(r.lhs - exact) <= r.lhsError, "lhs \(r.lhs) ± \(r.lhsError) against \(exact)")
    }

    /// ∂f/∂a = b on both sides of a = 0: ∬ b φψ = (∫φ)(∫bψ) is not (∫_{a>0} φ)(∫bψ).
    @Test func aGradientWithoutItsStepFails() {
        let r = Self.identity(ReGLUWithoutStep()).evaluate()
        #expect(r.converged && r.evidence == .certified)
        #expect(!r.holds && r.residual > r.tolerance, "residual \(r.residual)")
    }

    /// maxout at a three-way tie, the third input held at the tie: the inner cut moves with the
    /// outer variable, and the outer integral is cut where that cut crosses supp φ's ends and at
    /// the held input; the identity holds in each direction.
    @Test(arguments: [0, 1, 2])
    func maxoutAtAThreeWayTieHolds(_ i: Int) throws {
        let f = try #require(try Catalogue.multiInputActivation("maxout:k=3"))
        let r = ProductIdentity(function: f, input: i, other: (i + 1) % 3, origin: [0.5, 0.5, 0.5].map { BigFloat($0, precision: 64) },
                                phi: Self.bump(0.625, 1), psi: Self.bump(0.25, 0.5), digits: 30).evaluate()
        #expect(r.holds, "lhs \(r.lhs), rhs \(r.rhs), points \(r.points)")
        #expect(r.evidence.reason?.contains("moves with") == true, "\(r.evidence)")
    }

    /// ReGLU shifted to a = 3/10 with that set left undeclared: no cut there, so no rectangle across it is ever
    /// proven (bisection never lands on 3/10, which no binary number holds) and the sums converge only algebraically across the
    /// kink and do not settle — the case fails, never holds by accident.
    @Test func anUndeclaredKinkDoesNotSettle() {
        let identity = Self.identity(ShiftedReGLU(shift: "0.3", declared: false))
        guard case .failure(let why) = identity.certify() else { Issue.record("an undeclared kink was certified"); return }
        #expect(why.reason.contains("rectangles"), "\(why.reason)")
        let r = identity.evaluate()
        #expect(!r.converged && !r.holds && r.points == ProductIdentity.maximumPoints, "errors \(r.lhsError), \(r.rhsError)")
    }

    /// Left undeclared at a = 0, the kink is still proven around: bisection ends on 0, the branch
    /// is ambiguous only on the rectangles' edges there, and those edges become slivers. The
    /// enclosures are a proof whatever was declared.
    @Test func anUndeclaredKinkAtZeroIsShavedOff() {
        let r = Self.identity(ShiftedReGLU(shift: 0, declared: false)).evaluate()
        #expect(r.holds && r.evidence == .certified, "\(r.evidence)")
    }

    /// A surface only described gives no cut: the identity is not set up, and says why.
    @Test func aDescribedSetIsNotIntegrated() {
        struct Described: MultiInputActivation {
            var name: String { "described" }
            var inputNames: [String] { ["a", "b"] }
            func evaluate<T: ActivationScalar>(_ v: [T]) -> T { v[0] * v[1] > 1 ? v[0] : v[1] }
            var nonSmoothSets: [NonSmoothSet] { [.described("a·b = 1")] }
        }
        let identity = ProductIdentity(function: Described(), input: 0, other: 1, origin: [0, 0].map { BigFloat($0, precision: 64) },
                                       phi: Self.bump(0, 1), psi: Self.bump(0, 1), digits: 20)
        #expect(identity.unsupported?.contains("a·b = 1") == true)
    }

    /// `check` takes them as part of `distribution_first`: certified for swiglu (the cell stays
    /// certified), estimates for maxout's moving cut (the cell is a sample).
    @Test(arguments: [("swiglu", true), ("maxout", false)])
    func checkReportsTheProductCases(_ spec: String, _ certified: Bool) throws {
        let v = Verifier(seed: RunSeed(1), cases: 20, precision: 128).verify(try #require(try Catalogue.multiInputActivation(spec)))
            .properties.first { $0.property == .distributionFirst }!
        #expect(v.holds && v.evidence == (certified ? .certified : .sample))
        #expect(v.detail.contains("2 product test function(s)"), "\(v.detail)")
        #expect(v.detail.contains(certified ? "2 certified" : "2 estimated"), "\(v.detail)")
    }
}
