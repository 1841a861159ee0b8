import BigFloat
import Testing
@testable import KinkCheck
@testable import KinkCheckAnalysis

/// Exact Clarke sets at every built-in kink (from the one-sided derivatives of each branch).
struct ClarkeTruth: Sendable, CustomStringConvertible {
    let spec: String, x: String, lower: String, upper: String, classification: PointClassification
    var description: String { "\(spec) at \(x)" }
}

let clarkeTable: [ClarkeTruth] = [
    .init(spec: "relu", x: "0", lower: "0", upper: "1", classification: .convexKink),
    .init(spec: "leaky_relu", x: "0", lower: "0.01", upper: "1", classification: .convexKink),
    .init(spec: "prelu", x: "0", lower: "0.25", upper: "1", classification: .convexKink),
    .init(spec: "elu:alpha=0.5", x: "0", lower: "0.5", upper: "1", classification: .convexKink),
    .init(spec: "elu:alpha=2", x: "0", lower: "1", upper: "2", classification: .concaveKink),
    .init(spec: "elu", x: "0", lower: "1", upper: "1", classification: .differentiable),
    .init(spec: "selu", x: "0", lower: "1.0507009873554804934193349852946", upper: "lambda*alpha", classification: .concaveKink),
    .init(spec: "celu", x: "0", lower: "1", upper: "1", classification: .differentiable),
    .init(spec: "relu6", x: "0", lower: "0", upper: "1", classification: .convexKink),
    .init(spec: "relu6", x: "6", lower: "0", upper: "1", classification: .concaveKink),
    .init(spec: "hardtanh", x: "-1", lower: "0", upper: "1", classification: .convexKink),
    .init(spec: "hardtanh", x: "1", lower: "0", upper: "1", classification: .concaveKink),
    .init(spec: "hardsigmoid", x: "-3", lower: "0", upper: "1/6", classification: .convexKink),
    .init(spec: "hardsigmoid", x: "3", lower: "0", upper: "1/6", classification: .concaveKink),
    .init(spec: "hardswish", x: "-3", lower: "-0.5", upper: "0", classification: .concaveKink),
    .init(spec: "hardswish", x: "3", lower: "1", upper: "1.5", classification: .concaveKink),
    .init(spec: "abs", x: "0", lower: "-1", upper: "1", classification: .convexKink),
]

func subgradient(_ spec: String, at x: String, precision p: Int = 160) throws -> (any Activation, SubgradientAnalysis) {
    let a = try Catalogue.activation(spec)
    let point = try BigFloat(parsing: x, precision: p)
    let kinks = KinkDiscovery.neighbourhoodKinks(of: a, around: point, precision: p)
    return (a, SubgradientAnalysis.analyze(a, at: point, precision: p, otherKinks: kinks))
}

@Test("Clarke sets at every built-in kink are exact, and every PyTorch-convention derivative is a member",
      arguments: clarkeTable)
func clarkeSetsAtBuiltInKinksAreExact(_ row: ClarkeTruth) throws {
    let (_, s) = try subgradient(row.spec, at: row.x)
    #expect(s.classification == row.classification)
    let c = try #require(s.clarke)
    let tolerance = BigFloat(1, precision: 64).timesPowerOfTwo(-120)
    #expect(BigFloat.abs(c.lower - truth(row.lower, 160)) <= tolerance, "lower \(c.lower)")
    #expect(BigFloat.abs(c.upper - truth(row.upper, 160)) <= tolerance, "upper \(c.upper)")
    for ad in s.autodiff {
        #expect(ad.inClarke == true, "\(ad.scalar) autodiff \(ad.derivative) outside [\(c.lower), \(c.upper)]")
        #expect(ad.neighboursAgree, "\(ad.scalar) autodiff beside the kink disagrees with the one-sided limit")
    }
    // The convex subdifferential exists exactly where the kink is convex (or f is smooth and convex).
    if row.classification == .concaveKink { #expect(s.convexSubdifferential == nil) }
    if row.classification == .convexKink { #expect(s.convexSubdifferential != nil) }
}

@Test("Jumps have no Clarke set")
func jumpsHaveNoClarkeSet() throws {
    for spec in ["heaviside", "sign"] {
        let (_, s) = try subgradient(spec, at: "0")
        #expect(s.classification == .jump && s.clarke == nil && s.convexSubdifferential == nil)
        #expect(s.autodiff.allSatisfy { $0.inClarke == nil })
    }
}

@Test("ReLU at 0: 0, ½ and 1 are subgradients; 1.5 and −0.5 are not, with witnesses that really violate")
func reluSubgradientsAndWitnesses() throws {
    let (a, s) = try subgradient("relu", at: "0")
    for g in ["0", "0.5", "1"] {
        let m = s.membership(of: try BigFloat(parsing: g, precision: 160), activation: a)
        #expect(m.inClarke && m.inSubdifferential && m.witness == nil, "g = \(g)")
    }
    for g in ["1.5", "-0.5", "1.0000001"] {
        let gv = try BigFloat(parsing: g, precision: 160)
        let m = s.membership(of: gv, activation: a)
        #expect(!m.inClarke && !m.inSubdifferential)
        let y = try #require(m.witness, "no witness for g = \(g)")
        // The subgradient inequality fails at y, checked independently at 512 bits.
        let fy = a.correctlyRounded(at: y, precision: 512).value
        let fx = a.correctlyRounded(at: BigFloat(0, precision: 64), precision: 512).value
        #expect(fy < fx + BigFloat(gv, precision: 512) * BigFloat(y, precision: 512), "witness \(y) for g = \(g)")
    }
    #expect(s.clarke!.minimumNorm.isZero)
}

@Test("Witnesses for |x| and softplus violate the subgradient inequality in BigFloat")
func witnessesViolateTheInequality() throws {
    for (spec, x, g) in [("abs", "0", "1.25"), ("abs", "0", "-3"), ("softplus", "1", "0.5"), ("leaky_relu", "0", "0.001")] {
        let (a, s) = try subgradient(spec, at: x)
        let gv = try BigFloat(parsing: g, precision: 160)
        let m = s.membership(of: gv, activation: a)
        let y = try #require(m.witness, "\(spec) at \(x), g = \(g)")
        let xv = try BigFloat(parsing: x, precision: 512)
        let lhs = a.correctlyRounded(at: y, precision: 512).value
        let rhs = a.correctlyRounded(at: xv, precision: 512).value + BigFloat(gv, precision: 512) * (BigFloat(y, precision: 512) - xv)
        #expect(lhs < rhs)
    }
}

@Test("Composites: autodiff leaves the Clarke set exactly where the papers say", arguments: [
    ("relu_minus_relu_neg", false), ("relu_minus_relu_neg:grad0=1", false), ("relu_minus_relu_neg:grad0=0.5", true),
    ("relu_plus_relu_neg", true), ("relu_plus_relu_neg:grad0=1", true),
    ("relu_neg_plus_x", true), ("relu_neg_plus_x:grad0=0.5", true),
    ("relu_half_sym", true), ("relu_half_sym:grad0=1", true), ("x_relu", true),
])
func compositesAreFlaggedWhereThePapersSay(_ spec: String, _ member: Bool) throws {
    let (_, s) = try subgradient(spec, at: "0", precision: 128)
    for ad in s.autodiff { #expect(ad.inClarke == member, "\(spec) \(ad.scalar): autodiff \(ad.derivative)") }
}

@Test("relu(x) − relu(−x) is the identity: differentiable at 0 with Clarke set {1}, autodiff 2s")
func reluMinusReluOfNegativeIsTheIdentity() throws {
    for (s0, expected) in [("0", "0"), ("0.5", "1"), ("1", "2")] {
        let (_, s) = try subgradient("relu_minus_relu_neg:grad0=\(s0)", at: "0", precision: 128)
        #expect(s.classification == .differentiable)
        #expect(s.clarke!.lower == 1 && s.clarke!.upper == 1)
        #expect(s.autodiff.allSatisfy { $0.derivative == (try! BigFloat(parsing: expected, precision: 64)) })
    }
}

@Test("x²·sin(1/x) at 0 is nonsmooth: difference quotients give 0, the Clarke set is about [−1, 1]")
func oscillatingControlIsNonsmooth() throws {
    let (_, s) = try subgradient("x2_sin_inv_x", at: "0", precision: 128)
    #expect(s.classification == .nonsmooth)
    #expect(s.point.continuous && s.point.differentiable)
    #expect(BigFloat.abs(s.point.leftDerivative.value) <= s.point.leftDerivative.errorBound)
    let c = try #require(s.clarke)
    #expect(c.lower < -0.999 && c.upper > 0.999 && c.lower >= -1.001 && c.upper <= 1.001)
    #expect(s.convexSubdifferential == nil)
}
