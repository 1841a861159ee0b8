import BigFloat
import Foundation
import Testing
@testable import KinkCheck
@testable import KinkCheckAnalysis
@testable import KinkCheckGeneration
@testable import KinkCheckProperties
@testable import KinkCheckSupport

/// Analytic one-sided derivatives at every built-in kink. Sources: the piecewise definitions
/// (differentiate each branch and evaluate at the kink); SELU's constants from Klambauer et al.
/// (2017) as PyTorch prints them; softplus's threshold jump is log1p(e^(−t))/β.
struct KinkTruth {
    let spec: String
    let x: String
    let left: String        // D⁻ (decimal, or an expression evaluated below)
    let right: String
    let jump: String        // f(x⁺) − f(x⁻)
}

let kinkTable: [KinkTruth] = [
    .init(spec: "relu", x: "0", left: "0", right: "1", jump: "0"),
    .init(spec: "leaky_relu", x: "0", left: "0.01", right: "1", jump: "0"),
    .init(spec: "prelu", x: "0", left: "0.25", right: "1", jump: "0"),
    .init(spec: "elu", x: "0", left: "1", right: "1", jump: "0"),
    .init(spec: "elu:alpha=0.5", x: "0", left: "0.5", right: "1", jump: "0"),
    .init(spec: "selu", x: "0", left: "lambda*alpha", right: "1.0507009873554804934193349852946", jump: "0"),
    .init(spec: "celu", x: "0", left: "1", right: "1", jump: "0"),
    .init(spec: "celu:alpha=2", x: "0", left: "1", right: "1", jump: "0"),
    .init(spec: "relu6", x: "0", left: "0", right: "1", jump: "0"),
    .init(spec: "relu6", x: "6", left: "1", right: "0", jump: "0"),
    .init(spec: "hardtanh", x: "-1", left: "0", right: "1", jump: "0"),
    .init(spec: "hardtanh", x: "1", left: "1", right: "0", jump: "0"),
    .init(spec: "hardtanh:min=-2,max=2", x: "2", left: "1", right: "0", jump: "0"),
    .init(spec: "hardsigmoid", x: "-3", left: "0", right: "1/6", jump: "0"),
    .init(spec: "hardsigmoid", x: "3", left: "1/6", right: "0", jump: "0"),
    .init(spec: "hardswish", x: "-3", left: "0", right: "-0.5", jump: "0"),
    .init(spec: "hardswish", x: "3", left: "1.5", right: "1", jump: "0"),
    .init(spec: "abs", x: "0", left: "-1", right: "1", jump: "0"),
    .init(spec: "heaviside", x: "0", left: "0", right: "0", jump: "1"),
    .init(spec: "sign", x: "0", left: "0", right: "0", jump: "2"),
    .init(spec: "softplus:threshold=20", x: "20", left: "sigmoid(20)", right: "1", jump: "-log1p(exp(-20))"),
]

/// Evaluates the small expressions used in the table at `p` bits.
func truth(_ text: String, _ p: Int) -> BigFloat {
    let w = p + 64
    switch text {
    case "1/6": return BigFloat(1, precision: w) / 6
    case "lambda*alpha":   // the exact product of SELU's two published 32-digit decimals
        return try! BigFloat(parsing: "1.0507009873554804934193349852946", precision: 2 * w)
            * (try! BigFloat(parsing: "1.6732632423543772848170429916717", precision: 2 * w))
    case "sigmoid(20)": return 1 / (BigFloat.exp(BigFloat(-20, precision: w)) + 1)
    case "-log1p(exp(-20))": return -BigFloat.log1p(BigFloat.exp(BigFloat(-20, precision: w)))
    default: return try! BigFloat(parsing: text, precision: w)
    }
}

func agrees(_ estimate: LimitEstimate, _ exact: BigFloat, bits: Int) -> Bool {
    let error = BigFloat.abs(estimate.value - exact)
    // The reported bound must hold, and the value must be good to `bits` bits.
    let tolerance = BigFloat.maximum(BigFloat.abs(exact), BigFloat(1, precision: 64)).timesPowerOfTwo(-bits)
    return error <= BigFloat.maximum(estimate.errorBound, tolerance) && error <= tolerance
}

@Test("One-sided derivatives and jumps at every built-in kink match the analytic table", arguments: kinkTable)
func oneSidedLimitsMatchAnalyticValuesAtKinks(_ row: KinkTruth) throws {
    let a = try Catalogue.activation(row.spec)
    let p = 200
    let x = try BigFloat(parsing: row.x, precision: p)
    let kinks = a.kinks.map { $0.location.value(precision: p) }
    let r = PointAnalysis.analyze(a, at: x, precision: p, otherKinks: kinks)
    #expect(agrees(r.leftDerivative, truth(row.left, p), bits: 150), "D⁻ of \(row.spec) at \(row.x): \(r.leftDerivative.value)")
    #expect(agrees(r.rightDerivative, truth(row.right, p), bits: 150), "D⁺ of \(row.spec) at \(row.x): \(r.rightDerivative.value)")
    let jump = truth(row.jump, p)
    #expect(r.continuous == jump.isZero, "continuity of \(row.spec) at \(row.x)")
    if !jump.isZero {
        #expect(BigFloat.abs(r.jump - jump) <= BigFloat.abs(jump).timesPowerOfTwo(-150), "jump \(r.jump) vs \(jump)")
    }
    let smoothHere = r.continuous && truth(row.left, p) == truth(row.right, p)
    #expect(r.differentiable == smoothHere)
}

/// Analytic derivatives of smooth built-ins (closed forms evaluated in BigFloat).
let smoothDerivatives: [(String, @Sendable (BigFloat) -> BigFloat)] = [
    ("softplus", { x in 1 / (1 + BigFloat.exp(-x)) }),
    ("sigmoid", { x in let s = 1 / (1 + BigFloat.exp(-x)); return s * (1 - s) }),
    ("tanh", { x in let t = BigFloat.tanh(x); return 1 - t * t }),
    ("gelu", { x in
        let w = x.precision
        let phi = BigFloat.exp(-(x * x) / 2) / BigFloat.sqrt(BigFloat.pi(precision: w) * 2)
        return BigFloat.erfc(-x / BigFloat.sqrt(BigFloat(2, precision: w))) / 2 + x * phi
    }),
    ("silu", { x in let s = 1 / (1 + BigFloat.exp(-x)); return s * (1 + x * (1 - s)) }),
    ("softsign", { x in let d = 1 + BigFloat.abs(x); return 1 / (d * d) }),
]

@Test("At smooth points D⁻ = D⁺ = f′ and the raw quotients converge with order ≈ 1")
func smoothPointsHaveEqualOneSidedDerivativesOfOrderOne() throws {
    // Points from the project's own SplitMix64-free fixed list (deterministic).
    let points = ["-7.25", "-2.5", "-0.75", "0.3", "1.125", "4.5"]
    for (name, derivative) in smoothDerivatives {
        let a = try Catalogue.activation(name)
        for text in points {
            let x = try BigFloat(parsing: text, precision: 128)
            let r = PointAnalysis.analyze(a, at: x, precision: 128, otherKinks: [])
            let exact = derivative(BigFloat(x, precision: 256))
            #expect(agrees(r.leftDerivative, exact, bits: 100), "\(name)′(\(text)⁻) = \(r.leftDerivative.value), want \(exact)")
            #expect(agrees(r.rightDerivative, exact, bits: 100), "\(name)′(\(text)⁺)")
            #expect(r.differentiable && r.continuous)
            for order in [r.leftDerivative.order, r.rightDerivative.order] {
                let q = try #require(order)
                #expect(abs(q - 1) < 0.2, "observed order \(q) of \(name) at \(text)")
            }
        }
    }
}

@Test("No stencil crosses a kink: the first step stays within an eighth of the distance")
func noStencilCrossesAKink() throws {
    let kinks = [BigFloat(0, precision: 64), BigFloat(6, precision: 64)]
    for (x, side) in [(BigFloat(5.999, precision: 64), Side.right), (BigFloat(1e-6, precision: 64), Side.left),
                      (BigFloat(6, precision: 64), Side.left), (BigFloat(0, precision: 64), Side.right)] {
        let h = PointAnalysis.firstStep(at: x, side: side, kinks: kinks)
        let nearest = kinks.filter { side == .right ? $0 > x : $0 < x }.map { BigFloat.abs($0 - x) }.min()!
        #expect(h.timesPowerOfTwo(2) < nearest, "step \(h) at \(x) \(side) reaches a kink \(nearest) away")
    }
    // Near relu6's corner at 6, a wide stencil would average the two slopes; ours sees 1 exactly.
    let a = Activations.ReLU6()
    let x = try BigFloat(parsing: "5.9999", precision: 128)
    let r = PointAnalysis.analyze(a, at: x, precision: 128, otherKinks: [BigFloat(6, precision: 128)])
    #expect(r.rightDerivative.value == 1 && r.rightDerivative.isCertified && r.rightDerivative.errorBound.isZero)
}

@Test("The convergence map's optimum h lies within a factor 4 of √ε for softplus", arguments: [24, 53, 113])
func convergenceOptimumIsNearSquareRootOfEpsilon(_ p: Int) throws {
    let map = ConvergenceMap.compute(Activations.Softplus(), at: BigFloat(0, precision: 64), precisions: [.mpfr(p)], kmax: nil, otherKinks: [])
    for s in map.summaries {
        // ε = 2^(1−p): √ε = 2^((1−p)/2); the optimum is h = 2^−bestK.
        let ratio = pow(2.0, Double(-s.bestK) - Double(1 - p) / 2)
        #expect(ratio >= 0.25 && ratio <= 4, "p = \(p) \(s.side): h = 2^-\(s.bestK), ratio to √ε \(ratio)")
    }
    // The contract's first rows (checked independently with mpmath).
    let first = map.points.first { $0.side == .right && $0.k == 1 }!
    if p == 53 { #expect(first.error.scientificString(fractionDigits: 6) == "6.185961e-02") }
    // Regimes: truncation first, then round-off.
    let fwd = map.points.filter { $0.side == .right }
    #expect(fwd.prefix(5).allSatisfy { $0.regime == .truncation })
    #expect(fwd.suffix(5).contains { $0.regime == .roundoff || $0.regime == .saturated })
}

@Test("Kink discovery finds the hard kinks and nothing for smooth activations on [−10, 10]")
func kinkDiscoveryFindsExactlyTheKinks() throws {
    let expected: [(String, [Double])] = [
        ("hardswish", [-3, 3]), ("hardsigmoid", [-3, 3]), ("relu6", [0, 6]), ("hardtanh", [-1, 1]),
        ("relu", [0]), ("leaky_relu", [0]), ("prelu", [0]), ("selu", [0]), ("elu:alpha=0.5", [0]), ("abs", [0]),
        ("heaviside", [0]), ("sign", [0]),
        ("gelu", []), ("silu", []), ("mish", []), ("sigmoid", []), ("tanh", []), ("softplus", []), ("gelu_tanh", []),
        ("softsign", []), ("elu", []), ("celu", []),
    ]
    for (spec, xs) in expected {
        let found = KinkDiscovery.discover(try Catalogue.activation(spec), in: BigFloat(-10, precision: 64), BigFloat(10, precision: 64), precision: 96)
        #expect(found.map { Double($0.x) } == xs, "\(spec): found \(found.map { Double($0.x) })")
    }
    let t = KinkDiscovery.discover(try Catalogue.activation("softplus:threshold=20"), in: BigFloat(15, precision: 64), BigFloat(25, precision: 64), precision: 96)
    #expect(t.map { Double($0.x) } == [20] && t.first?.valueJumps == true)
}

/// A variant with an undeclared kink at 1/3 (not a dyadic number): discovery must locate it.
struct UndeclaredKink: Activation {
    var name: String { "undeclared" }
    func evaluate<T: ActivationScalar>(_ x: T) -> T {
        let c = 1 / T.constant(3, like: x)
        return x > c ? 2 * x - c : x
    }
}

@Test("Kinks are discovered without declarations, to 2^−(p−8) relative")
func undeclaredKinksAreLocated() throws {
    let p = 128
    let found = KinkDiscovery.discover(UndeclaredKink(), in: BigFloat(-1, precision: 64), BigFloat(2, precision: 64), precision: p)
    try #require(found.count == 1)
    let third = BigFloat(1, precision: p + 64) / 3
    #expect(BigFloat.abs(found[0].x - third) <= third.timesPowerOfTwo(-(p - 8)))
    #expect(!found[0].matchesDeclared && found[0].slopeJumps && !found[0].valueJumps)
}

@Test("A cusp of f′ (softsign at 0) is not a kink of f, and is a kink of f′")
func cuspOfTheDerivativeIsNotAKink() throws {
    // Regression: over this span a cell straddled 0 almost symmetrically, its f′ change cancelled,
    // and a sub-cell at 0.0012359619140625 passed for a persistent kink.
    let a = try Catalogue.activation("softsign")
    let lo = try BigFloat(parsing: "-5.8828125", precision: 64), hi = try BigFloat(parsing: "5.7265625", precision: 64)
    #expect(KinkDiscovery.discover(a, in: lo, hi, precision: 196).isEmpty)
    let derivative = KinkDiscovery.discover(DerivativeOf(base: a, order: 1), in: lo, hi, precision: 196)
    #expect(derivative.count == 1 && BigFloat.abs(derivative[0].x) < 1e-40)
}

@Test("On the generator: at random points D⁻ = D⁺ = f′ (analytic) for the smooth built-ins",
      arguments: smoothDerivatives.map(\.0))
func oneSidedLimitsMatchAnalyticDerivativesOnTheGenerator(_ name: String) throws {
    let a = try Catalogue.activation(name)
    let derivative = smoothDerivatives.first { $0.0 == name }!.1
    let property = Property("\(name).oneSidedLimitsEqualDerivative", law: "D⁻(x) = D⁺(x) = f′(x) to 80 bits") { input in
        let x = input.x
        guard x.isFinite else { return .discard }
        let p = 112
        let r = PointAnalysis.analyze(a, at: BigFloat(x.bigFloat, precision: p), precision: p, otherKinks: [])
        let exact = derivative(BigFloat(x.bigFloat, precision: 256))
        let ok = agrees(r.leftDerivative, exact, bits: 80) && agrees(r.rightDerivative, exact, bits: 80) && r.differentiable
        return .require(ok, "D⁻ = \(r.leftDerivative.value), D⁺ = \(r.rightDerivative.value), f′ = \(exact)")
    }
    var configuration = PropertyRunner.Configuration(formats: [.binary64], randomCases: 12, seed: RunSeed(5),
                                                     regions: [Region("core", -6, 6)], mixture: Mixture(special: 0, kink: 0, logUniform: 1, rawBits: 0, region: 3, regression: 0),
                                                     runSweep: false, coverage: .none)
    configuration.threads = 2
    let report = PropertyRunner(configuration).run(property)
    #expect(report.passed, "\(report.failureMessage(testFilter: nil))")
    #expect(report.casesRun >= 12)
}
