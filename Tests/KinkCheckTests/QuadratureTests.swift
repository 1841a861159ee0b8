import BigFloat
import Foundation
import Synchronization
import Testing
@testable import KinkCheck
@testable import KinkCheckAnalysis

// MARK: - Reference values

/// Tests/KinkCheckTests/Fixtures/quadrature.json (made by scripts/gen_quadrature_fixtures.py).
enum QuadratureFixtureFile {
    struct Document: Decodable, Sendable {
        struct Integral: Decodable, Sendable { let name: String; let value: String }
        struct Function: Decodable, Sendable {
            let kind: String
            let center: String
            let half_width: String
            let degree: Int?
            let coefficients: [String]?
        }
        struct Derivative: Decodable, Sendable {
            let function: Function
            let x: String, value: String, first: String, second: String
        }
        let integrals: [Integral]
        let derivatives: [Derivative]
    }

    static let document: Document? = {
        guard let url = Bundle.module.url(forResource: "quadrature", withExtension: "json", subdirectory: "Fixtures"),
              let data = try? Data(contentsOf: url) else { return nil }
        return try? JSONDecoder().decode(Document.self, from: data)
    }()

    /// The integral named `name`, parsed at `precision` bits.
    static func integral(_ name: String, precision: Int) throws -> BigFloat {
        let doc = try #require(document, "Fixtures/quadrature.json is missing or malformed")
        let record = try #require(doc.integrals.first { $0.name == name }, "no integral named \(name) in quadrature.json")
        return try BigFloat(parsing: record.value, precision: precision)
    }

    static var derivatives: [Document.Derivative] { document?.derivatives ?? [] }
}

// MARK: - QuadratureIntegrands (independent of the TestFunction types)

enum QuadratureIntegrands {
    static let exp: QuadratureIntegrand = { BigFloat.exp($0) }
    static let lorentzian: QuadratureIntegrand = { x in
        var d = x * x
        d += 1
        return 1 / d
    }
    static let sqrt: QuadratureIntegrand = { BigFloat.sqrt($0) }
    /// exp(−1/(1 − x²)) on (−1, 1), 0 elsewhere.
    static let unitBump: QuadratureIntegrand = { x in
        let s = (1 - x) * (1 + x)
        return s.signum > 0 ? BigFloat.exp(-1 / s) : .zero(precision: x.precision)
    }
}

/// A known integral: integrand, interval, breakpoints and the exact value at `precision` bits.
struct QuadratureKnownIntegral: CustomTestStringConvertible, Sendable {
    let name: String
    let f: QuadratureIntegrand
    let a: BigFloat, b: BigFloat
    let breakpoints: [BigFloat]
    let exact: @Sendable (Int) throws -> BigFloat

    var testDescription: String { name }

    static let all: [QuadratureKnownIntegral] = [
        QuadratureKnownIntegral(name: "∫₀¹ eˣ = e − 1", f: QuadratureIntegrands.exp, a: 0, b: 1, breakpoints: [],
                      exact: { BigFloat.e(precision: $0 + 8) - 1 }),
        QuadratureKnownIntegral(name: "∫₋₁¹ 1/(1+x²) = π/2", f: QuadratureIntegrands.lorentzian, a: -1, b: 1, breakpoints: [],
                      exact: { BigFloat.pi(precision: $0).timesPowerOfTwo(-1) }),
        QuadratureKnownIntegral(name: "∫₀¹ √x = 2/3", f: QuadratureIntegrands.sqrt, a: 0, b: 1, breakpoints: [],
                      exact: { BigFloat(2, precision: $0) / 3 }),
        QuadratureKnownIntegral(name: "∫₋₁¹ unit bump", f: QuadratureIntegrands.unitBump, a: -1, b: 1, breakpoints: [],
                      exact: { try QuadratureFixtureFile.integral("bump_unit", precision: $0) }),
        QuadratureKnownIntegral(name: "∫₀¹ unit bump", f: QuadratureIntegrands.unitBump, a: 0, b: 1, breakpoints: [],
                      exact: { try QuadratureFixtureFile.integral("bump_unit_half", precision: $0) }),
    ]
    static func named(_ prefix: String) -> QuadratureKnownIntegral { all.first { $0.name.hasPrefix(prefix) }! }
}

/// One rule on one known integral, to a number of decimal digits.
struct QuadratureKnownCase: CustomTestStringConvertible, Sendable {
    let rule: any QuadratureRule
    let integral: QuadratureKnownIntegral
    let digits: Int

    var testDescription: String { "\(rule.name), \(integral.name), \(digits) digits" }

    /// Every known integral to 50 digits under both rules; to 300 digits, the unit bump and √x
    /// under tanh-sinh, e − 1 and the unit bump under Gauss–Legendre.
    static let all: [QuadratureKnownCase] = {
        let rules: [any QuadratureRule] = [TanhSinhQuadrature(), GaussLegendreQuadrature()]
        let at50 = rules.flatMap { rule in QuadratureKnownIntegral.all.map { QuadratureKnownCase(rule: rule, integral: $0, digits: 50) } }
        let at300 = [(rules[0], "∫₋₁¹ unit bump"), (rules[0], "∫₀¹ √x"), (rules[1], "∫₀¹ eˣ"), (rules[1], "∫₋₁¹ unit bump")]
            .map { QuadratureKnownCase(rule: $0.0, integral: .named($0.1), digits: 300) }
        return at50 + at300
    }()
}

/// Checks a result against the exact value: converged, the true error within the reported bound
/// (the bound is honest), and the error within 2^−targetBits · |exact| (the requested digits).
func expectQuadratureAccurate(_ r: QuadratureResult, exact: BigFloat, targetBits: Int, _ what: String,
                    sourceLocation: SourceLocation = #_sourceLocation) {
    let error = BigFloat.abs(r.value - exact)
    let target = BigFloat.abs(exact).timesPowerOfTwo(-targetBits)
    #expect(r.converged, "\(what): \(r.method) did not converge: \(r)", sourceLocation: sourceLocation)
    #expect(error <= r.errorBound,
            "\(what): \(r.method) error \(error.scientificString(fractionDigits: 2)) exceeds its bound \(r.errorBound.scientificString(fractionDigits: 2))",
            sourceLocation: sourceLocation)
    #expect(error <= target,
            "\(what): \(r.method) error \(error.scientificString(fractionDigits: 2)) above the target \(target.scientificString(fractionDigits: 2))",
            sourceLocation: sourceLocation)
}

// MARK: - Known integrals

@Suite struct QuadratureTests {
    static let digits50 = QuadratureTarget.bits(forDigits: 50)
    static let digits300 = QuadratureTarget.bits(forDigits: 300)

    @Test("Both rules reproduce known integrals to 50 and 300 digits with an honest bound", arguments: QuadratureKnownCase.all)
    func knownIntegrals(_ c: QuadratureKnownCase) throws {
        let bits = QuadratureTarget.bits(forDigits: c.digits)
        let k = c.integral
        let r = c.rule.integrate(k.f, from: k.a, to: k.b, targetBits: bits)
        expectQuadratureAccurate(r, exact: try k.exact(bits + 64), targetBits: bits, k.name)
    }

    @Test("Gauss–Legendre stopped by its panel budget on √x at 300 digits says so, with an honest bound")
    func gaussLegendreBudgetExhaustedIsHonest() throws {
        let bits = Self.digits300
        let r = GaussLegendreQuadrature(points: 24, maxPanels: 40).integrate(QuadratureIntegrands.sqrt, from: 0, to: 1, targetBits: bits)
        #expect(!r.converged)
        #expect(r.levels == 40)
        let error = BigFloat.abs(r.value - BigFloat(2, precision: bits + 64) / 3)
        #expect(error <= r.errorBound, "error \(error.scientificString(fractionDigits: 2)) > bound \(r.errorBound.scientificString(fractionDigits: 2))")
    }

    @Test("Polynomial bumps integrate to the exact rational w·2^(2m+1)(m!)²/(2m+1)! under both rules", arguments: 1...6)
    func polynomialBumpIntegralsAreExactRationals(_ m: Int) throws {
        let bits = Self.digits50
        let c = try BigFloat(parsing: "0.25", precision: bits + 32), w = try BigFloat(parsing: "0.75", precision: bits + 32)
        let phi = PolynomialBump(center: c, halfWidth: w, degree: m)
        let (num, den) = try #require(phi.unitIntegral)
        let exact = w * BigFloat(num, precision: bits + 96) / BigFloat(den, precision: bits + 96)
        let (lo, hi) = phi.support(precision: bits + 32)
        let f: QuadratureIntegrand = { phi.value(at: $0) }
        for rule in [TanhSinhQuadrature() as any QuadratureRule, GaussLegendreQuadrature()] {
            let r = rule.integrate(f, from: lo, to: hi, targetBits: bits)
            expectQuadratureAccurate(r, exact: exact, targetBits: bits, "(1 − t²)^\(m)")
        }
        // A polynomial of degree 2m on one panel: Gauss–Legendre's G_n and G_2n are both exact.
        let gl = GaussLegendreQuadrature().integrate(f, from: lo, to: hi, targetBits: bits)
        #expect(gl.levels == 1)
    }

    @Test("The unit integral formula matches 2^(2m+1)(m!)²/(2m+1)! for small m")
    func polynomialBumpUnitIntegralFormula() {
        #expect(PolynomialBump(center: 0, halfWidth: 1, degree: 1).unitIntegral! == (4, 3))
        #expect(PolynomialBump(center: 0, halfWidth: 1, degree: 2).unitIntegral! == (16, 15))
        #expect(PolynomialBump(center: 0, halfWidth: 1, degree: 3).unitIntegral! == (32, 35))
    }

    // MARK: - Piecewise, kinks and the pairing the distribution check needs

    @Test("−∫ relu·φ′ matches mpmath on bumps across the kink, both rules, breakpoints never evaluated",
          arguments: [("0.25", "0.5"), ("-0.2", "1.5"), ("0", "1")])
    func reluPairingAcrossTheKink(_ spec: (String, String)) throws {
        let bits = Self.digits50
        let p = bits + 32
        let phi = SmoothBump(center: try BigFloat(parsing: spec.0, precision: p), halfWidth: try BigFloat(parsing: spec.1, precision: p))
        let (lo, hi) = phi.support(precision: p)
        let zero = BigFloat.zero(precision: p)
        let touched = Mutex<[String]>([])
        let f: QuadratureIntegrand = { x in
            if x == zero || x == lo || x == hi { touched.withLock { $0.append(x.description) } }
            return x.signum > 0 ? x * phi.firstDerivative(at: x) : .zero(precision: x.precision)
        }
        let exact = try QuadratureFixtureFile.integral("minus_relu_dphi_c\(spec.0)_w\(spec.1)", precision: p + 64)
        let both = TwoRuleQuadrature().integrate(f, from: lo, to: hi, breakpoints: [zero, lo, hi], targetBits: bits)
        expectQuadratureAccurate(both.first.total.negated(), exact: exact, targetBits: bits, "tanh-sinh −∫relu·φ′ \(spec)")
        expectQuadratureAccurate(both.second.total.negated(), exact: exact, targetBits: bits, "Gauss–Legendre −∫relu·φ′ \(spec)")
        #expect(both.agree)
        #expect(both.first.pieces.count == 2)
        #expect(BigFloat.abs(-both.value - exact) <= both.errorBound)
        #expect(touched.withLock { $0 }.isEmpty, "integrand evaluated at a breakpoint: \(touched.withLock { $0 })")
    }

    @Test("A bump times x − c integrates to 0 with an absolute bound relative to ∫|f|")
    func cancellingIntegralHasAbsoluteBound() throws {
        let bits = Self.digits50
        let p = bits + 32
        let c = try BigFloat(parsing: "0.3", precision: p), w = try BigFloat(parsing: "0.7", precision: p)
        let phi = BumpTimesPolynomial(center: c, halfWidth: w, coefficients: [-c, BigFloat(1, precision: p)])
        let (lo, hi) = phi.support(precision: p)
        let f: QuadratureIntegrand = { phi.value(at: $0) }
        func check<R: QuadratureRule>(_ rule: R) {
            let r = PiecewiseQuadrature(rule: rule).integrate(f, from: lo, to: hi, breakpoints: [c], targetBits: bits)
            #expect(r.converged)
            #expect(BigFloat.abs(r.value) <= r.errorBound, "\(r)")
            #expect(r.errorBound <= r.total.absoluteIntegral.timesPowerOfTwo(-bits))
        }
        check(TanhSinhQuadrature())
        check(GaussLegendreQuadrature())
    }

    @Test("Bump times polynomial and a shifted bump match mpmath")
    func bumpTimesPolynomialMatchesMpmath() throws {
        let bits = Self.digits50
        let p = bits + 32
        let c = try BigFloat(parsing: "0.3", precision: p), w = try BigFloat(parsing: "0.7", precision: p)
        let coefficients = try ["1", "-2", "3"].map { try BigFloat(parsing: $0, precision: p) }
        let product = BumpTimesPolynomial(center: c, halfWidth: w, coefficients: coefficients)
        let bump = SmoothBump(center: c, halfWidth: w)
        let (lo, hi) = bump.support(precision: p)
        let cases: [(String, QuadratureIntegrand)] = [
            ("bump_c0.3_w0.7_times_1-2x+3x2", { product.value(at: $0) }),
            ("bump_c0.3_w0.7", { bump.value(at: $0) }),
        ]
        for (name, f) in cases {
            let exact = try QuadratureFixtureFile.integral(name, precision: p + 64)
            let r = TwoRuleQuadrature().integrate(f, from: lo, to: hi, breakpoints: [c], targetBits: bits)
            expectQuadratureAccurate(r.first.total, exact: exact, targetBits: bits, name)
            expectQuadratureAccurate(r.second.total, exact: exact, targetBits: bits, name)
            #expect(r.agree)
        }
    }

    // MARK: - Cache, determinism, two-rule disagreement

    @Test("Node tables are built once per precision and then served from the cache")
    func nodeTablesAreReused() {
        // Guard bits chosen so that no other test uses these working precisions.
        let ts = TanhSinhQuadrature(guardBits: 41)
        let bits = 150, p = ts.workingPrecision(forTargetBits: bits)
        let before = TanhSinhQuadrature.cacheStatistics(workingPrecision: p)
        #expect(before.built == 0)
        let first = ts.integrate(QuadratureIntegrands.exp, from: 0, to: 1, targetBits: bits)
        let afterFirst = TanhSinhQuadrature.cacheStatistics(workingPrecision: p)
        #expect(afterFirst.built == first.levels, "one table level built per level used")
        let second = ts.integrate(QuadratureIntegrands.exp, from: 0, to: 2, targetBits: bits)
        let afterSecond = TanhSinhQuadrature.cacheStatistics(workingPrecision: p)
        #expect(afterSecond.built == afterFirst.built || second.levels > first.levels)
        #expect(afterSecond.hits >= afterFirst.hits + first.levels)

        let gl = GaussLegendreQuadrature(guardBits: 41)
        let n = gl.pointCount(forTargetBits: bits)
        _ = gl.integrate(QuadratureIntegrands.exp, from: 0, to: 1, targetBits: bits)
        _ = gl.integrate(QuadratureIntegrands.exp, from: 1, to: 2, targetBits: bits)
        let glStats = GaussLegendreQuadrature.cacheStatistics(points: n, workingPrecision: p)
        #expect(glStats.built == 1)
        #expect(glStats.hits >= 1)
    }

    @Test("Parallel sides, pieces and rules give bit-identical results")
    func parallelEvaluationIsDeterministic() throws {
        let bits = Self.digits50
        let f = QuadratureIntegrands.unitBump
        let breaks: [BigFloat] = [try BigFloat(parsing: "0.1", precision: 64)]
        let serial = TanhSinhQuadrature().integrate(f, from: -1, to: 1, targetBits: bits)
        let parallel = TanhSinhQuadrature(parallelSides: true).integrate(f, from: -1, to: 1, targetBits: bits)
        #expect(serial.value.isIdentical(to: parallel.value) && serial.value.hexString == parallel.value.hexString)
        #expect(serial.errorBound == parallel.errorBound && serial.evaluations == parallel.evaluations)

        let a = TwoRuleQuadrature().integrate(f, from: -1, to: 1, breakpoints: breaks, targetBits: bits)
        let b = TwoRuleQuadrature(parallelRules: true, parallelPieces: true).integrate(f, from: -1, to: 1, breakpoints: breaks, targetBits: bits)
        #expect(a.value.hexString == b.value.hexString && a.errorBound == b.errorBound)
        #expect(a.first.value.hexString == b.first.value.hexString && a.second.value.hexString == b.second.value.hexString)
    }

    /// A rule that lies: tanh-sinh stopped after three levels, reporting a tiny bound.
    struct OverconfidentRule: QuadratureRule {
        var name: String { "overconfident" }
        func integrate(_ f: QuadratureIntegrand, from a: BigFloat, to b: BigFloat, targetBits: Int) -> QuadratureResult {
            let r = TanhSinhQuadrature(maxLevel: 2).integrate(f, from: a, to: b, targetBits: targetBits)
            return QuadratureResult(value: r.value, errorBound: r.absoluteIntegral.timesPowerOfTwo(-targetBits),
                                    absoluteIntegral: r.absoluteIntegral, method: name, levels: r.levels,
                                    evaluations: r.evaluations, converged: true, workingPrecision: r.workingPrecision,
                                    targetBits: targetBits)
        }
    }

    @Test("A rule with too few levels and a false bound is caught by the two-rule disagreement")
    func overconfidentRuleIsCaught() throws {
        let bits = Self.digits50
        let exact = try QuadratureFixtureFile.integral("bump_unit", precision: bits + 64)
        let check = TwoRuleQuadrature(first: OverconfidentRule(), second: GaussLegendreQuadrature())
        let r = check.integrate(QuadratureIntegrands.unitBump, from: -1, to: 1, targetBits: bits)
        #expect(!r.agree)
        #expect(!r.converged)
        // The combined interval is the hull, so it still covers the truth.
        #expect(BigFloat.abs(r.value - exact) <= r.errorBound)
        // And the honest pair agrees.
        #expect(TwoRuleQuadrature().integrate(QuadratureIntegrands.unitBump, from: -1, to: 1, targetBits: bits).agree)
    }

    @Test("Tanh-sinh stopped at too few levels reports that it did not converge")
    func tanhSinhLevelLimitIsReported() throws {
        let bits = Self.digits50
        let r = TanhSinhQuadrature(maxLevel: 3).integrate(QuadratureIntegrands.unitBump, from: -1, to: 1, targetBits: bits)
        #expect(!r.converged)
        #expect(r.levels == 4)
        let exact = try QuadratureFixtureFile.integral("bump_unit", precision: bits + 64)
        #expect(BigFloat.abs(r.value - exact) <= r.errorBound)
    }

    // MARK: - Edge cases

    @Test("Empty and reversed intervals, ignored breakpoints, NaN integrands")
    func edgeCases() throws {
        let bits = 100
        for rule in [TanhSinhQuadrature() as any QuadratureRule, GaussLegendreQuadrature()] {
            let empty = rule.integrate(QuadratureIntegrands.exp, from: 1, to: 1, targetBits: bits)
            #expect(empty.value.isZero && empty.errorBound.isZero && empty.evaluations == 0 && empty.converged)
            let forward = rule.integrate(QuadratureIntegrands.exp, from: 0, to: 1, targetBits: bits)
            let backward = rule.integrate(QuadratureIntegrands.exp, from: 1, to: 0, targetBits: bits)
            #expect(backward.value == -forward.value && backward.errorBound == forward.errorBound)
            let nan = rule.integrate({ _ in .nan(precision: 64) }, from: 0, to: 1, targetBits: bits)
            #expect(nan.value.isNaN && !nan.converged)
        }
        let piecewise = PiecewiseQuadrature(rule: TanhSinhQuadrature())
        let r = piecewise.integrate(QuadratureIntegrands.exp, from: 0, to: 1, breakpoints: [-1, 0, 0.5, 0.5, 1, 3], targetBits: bits)
        #expect(r.pieces.count == 2)
        #expect(r.pieces[0].upper == 0.5)
        let reversed = piecewise.integrate(QuadratureIntegrands.exp, from: 1, to: 0, breakpoints: [0.5], targetBits: bits)
        #expect(reversed.value == -r.value)
        let exact = BigFloat.e(precision: 200) - 1
        #expect(BigFloat.abs(r.value - exact) <= r.errorBound)
    }

    @Test("A jump inside the interval is exact once it is a breakpoint")
    func jumpAsBreakpoint() throws {
        let bits = Self.digits50
        let p = bits + 32
        let third = BigFloat(1, precision: p) / 3
        let step: QuadratureIntegrand = { x in x < third ? BigFloat(1, precision: x.precision) : BigFloat(2, precision: x.precision) }
        let r = PiecewiseQuadrature(rule: TanhSinhQuadrature()).integrate(step, from: 0, to: 1, breakpoints: [third], targetBits: bits)
        let exact = 2 - third   // 1/3 · 1 + 2/3 · 2
        expectQuadratureAccurate(r.total, exact: exact, targetBits: bits, "step with a breakpoint")
    }

    // MARK: - Cost

    @Test("20 pairings −∫relu·φ′ at 100 digits: evaluation counts stay small (timing printed)")
    func reluPairingCost() throws {
        let bits = QuadratureTarget.bits(forDigits: 100)
        let rule = TanhSinhQuadrature()
        let p = rule.workingPrecision(forTargetBits: bits)
        let zero = BigFloat.zero(precision: p)
        var evaluations = 0
        let start = ContinuousClock.now
        for i in 0..<20 {
            let c = BigFloat(i - 10, precision: p) / 16, w = BigFloat(i % 5 + 1, precision: p) / 4
            let phi = SmoothBump(center: c, halfWidth: w)
            let (lo, hi) = phi.support(precision: p)
            let f: QuadratureIntegrand = { x in x.signum > 0 ? x * phi.firstDerivative(at: x) : .zero(precision: x.precision) }
            let r = PiecewiseQuadrature(rule: rule).integrate(f, from: lo, to: hi, breakpoints: [zero], targetBits: bits)
            #expect(r.converged)
            evaluations += r.evaluations
        }
        let elapsed = ContinuousClock.now - start
        print("20 relu·φ′ pairings at 100 digits (tanh-sinh): \(evaluations) evaluations, \(elapsed)")
        // Measured 25 603 (each side stops where its terms become negligible); evaluating every
        // tabulated node of levels 0…8 would take about 100 000.
        #expect(evaluations < 30_000)
    }
}

/// The proven Gauss–Legendre tables: every bracket and weight enclosure holds the node and weight
/// Newton's method gives at 300 more bits, is tight to the precision asked for, and the weights
/// sum to an enclosure of 2 — for the degrees the certified quadrature uses, odd ones with a
/// centre, and precisions from 64 bits to well beyond 100 digits.
@Test(arguments: [(1, 64), (2, 64), (7, 200), (8, 64), (13, 375), (24, 200), (48, 375), (64, 1100), (96, 375), (128, 375), (128, 700)])
func verifiedNodesHoldNewtonsAndAreTight(_ rule: (Int, Int)) throws {
    let (n, p) = rule
    let table = try #require(VerifiedGaussLegendreNodes.compute(points: n, precision: p))
    let reference = GaussLegendreNodes.compute(points: n, precision: p + 300)
    #expect(table.distances.count == reference.distances.count)
    var sum = MPFRInterval(BigFloat.zero(precision: p + 64))
    for (k, (d, w)) in zip(table.distances, table.weights).enumerated() {
        #expect(d.lower <= reference.distances[k] && reference.distances[k] <= d.upper, "node \(k): \(d) against \(reference.distances[k])")
        #expect(w.lower <= reference.weights[k] && reference.weights[k] <= w.upper, "weight \(k): \(w) against \(reference.weights[k])")
        #expect(d.radius <= BigFloat.abs(reference.distances[k]).timesPowerOfTwo(-p), "node \(k) radius \(d.radius)")
        #expect(w.radius <= BigFloat.abs(reference.weights[k]).timesPowerOfTwo(-p), "weight \(k) radius \(w.radius)")
        let isCentre = table.hasCentre && k == table.distances.count - 1
        sum = sum + (isCentre ? w : MPFRInterval(exactInteger: 2) * w)
    }
    #expect(sum.lower <= BigFloat(2, precision: 64) && BigFloat(2, precision: 64) <= sum.upper, "Σw = \(sum)")
}
