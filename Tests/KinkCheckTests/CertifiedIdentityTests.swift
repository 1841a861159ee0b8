import BigFloat
import Foundation
import Testing
@testable import KinkCheck
@testable import KinkCheckAnalysis

/// Certified quadrature of the identities: the printed enclosures hold the exact integrals
/// (Fixtures/identities.json, mpmath at 100+ digits, scripts/gen_identity_fixtures.py).
enum IdentityFixtureFile {
    struct Document: Decodable, Sendable {
        /// kind, center, half_width, degree?, coefficients?: the quadrature fixture's record.
        typealias TestFunctionRecord = QuadratureFixtureFile.Document.Function
        struct Case: Decodable, Sendable {
            let id: String
            let spec: String
            let variants: String?
            let identity: String
            let test_function: TestFunctionRecord
            let lhs: String
        }
        let cases: [Case]
    }

    static let document: Document? = {
        guard let url = Bundle.module.url(forResource: "identities", withExtension: "json", subdirectory: "Fixtures"),
              let data = try? Data(contentsOf: url) else { return nil }
        return try? JSONDecoder().decode(Document.self, from: data)
    }()

    static var ids: [String] { document?.cases.map(\.id) ?? ["missing: Fixtures/identities.json"] }

    static func testFunction(_ r: Document.TestFunctionRecord, precision p: Int) throws -> any TestFunction {
        let c = try BigFloat(parsing: r.center, precision: p), w = try BigFloat(parsing: r.half_width, precision: p)
        switch r.kind {
        case "bump": return SmoothBump(center: c, halfWidth: w)
        case "polynomial_bump": return PolynomialBump(center: c, halfWidth: w, degree: try #require(r.degree))
        case "bump_times_polynomial":
            return BumpTimesPolynomial(center: c, halfWidth: w,
                                       coefficients: try #require(r.coefficients).map { try BigFloat(parsing: $0, precision: p) })
        default: throw FixtureError(message: "unknown test function kind \(r.kind)")
        }
    }

    static func activation(_ record: Document.Case) throws -> any Activation {
        guard let file = record.variants else { return try Catalogue.activation(record.spec) }
        let name = (file as NSString).deletingPathExtension
        let url = try #require(Bundle.module.url(forResource: name, withExtension: "toml", subdirectory: "Fixtures"))
        let variants = try VariantFile(text: try String(contentsOf: url, encoding: .utf8), path: file)
        return try #require(try variants.activation(record.spec))
    }

    struct FixtureError: Error { let message: String }
}

/// At 20 digits: each side's certified enclosure holds the exact value (the fixture has 100).
@Test("Certified enclosures hold the exact integrals", arguments: IdentityFixtureFile.ids)
func certifiedEnclosuresHoldTheExactIntegrals(_ id: String) throws {
    let doc = try #require(IdentityFixtureFile.document, "Fixtures/identities.json is missing or malformed")
    let record = try #require(doc.cases.first { $0.id == id })
    let digits = 20, p = QuadratureTarget.bits(forDigits: digits) + 64
    let phi = try IdentityFixtureFile.testFunction(record.test_function, precision: p)   // the centres are short binary numbers: exact
    let s = phi.support(precision: p)
    let identity: DistributionalIdentity = record.identity == "first" ? .first : .second
    let check = DistributionalCheck(activation: try IdentityFixtureFile.activation(record), digits: digits, identity: identity,
                                    span: (s.lower, s.upper))
    let r = check.check(phi)
    let truth = try BigFloat(parsing: record.lhs, precision: 4 * p)
    #expect(r.evidence == .certified, "\(id): \(r.evidence.reason ?? "")")
    for (side, value) in [("lhs", r.lhs.value), ("rhs", r.rhs)] {
        let miss = BigFloat.abs(BigFloat(value, precision: 4 * p) - truth)
        #expect(miss <= r.errorBound, "\(id) \(side): \(value) misses \(record.lhs) by \(miss), bound \(r.errorBound)")
    }
    #expect(r.holds, "\(id): residual \(r.residual) ± \(r.errorBound), tolerance \(r.tolerance)")
}

@Test("A wrong hand-written derivative fails with a certified residual that excludes 0")
func aWrongHandWrittenDerivativeFailsCertified() throws {
    let url = try #require(Bundle.module.url(forResource: "two_slope", withExtension: "toml", subdirectory: "Fixtures"))
    let variants = try VariantFile(text: try String(contentsOf: url, encoding: .utf8), path: "two_slope.toml")
    let bad = try #require(try variants.activation("two_slope_bad"))
    let p = QuadratureTarget.bits(forDigits: 30) + 64
    let phi = SmoothBump(center: BigFloat(0, precision: p), halfWidth: BigFloat(1, precision: p))
    let s = phi.support(precision: p)
    let r = DistributionalCheck(activation: bad, digits: 30, identity: .first, span: (s.lower, s.upper)).check(phi)
    #expect(r.evidence == .certified)
    #expect(!r.holds && r.residual > r.errorBound, "residual \(r.residual) ± \(r.errorBound)")
    // lhs = 1.6·I, rhs = 1.5·I with I = ∫₀¹ φ: the residual is 0.1·I.
    let i = try BigFloat(parsing: "0.221996908084039718911524460585276331880600894522848748653742", precision: 4 * p)
    #expect(BigFloat.abs(BigFloat(r.residual, precision: 4 * p) - i / 10) <= r.errorBound)
}

@Test("x²·sin(1/x) stays a labelled estimate; a derivative given as Swift code too")
func nonAnalyticPiecesStayEstimates() throws {
    let p = QuadratureTarget.bits(forDigits: 8) + 64
    let phi = SmoothBump(center: BigFloat(0.25, precision: p), halfWidth: BigFloat(1, precision: p))
    // certify alone: its refusal is what check() then labels (the estimate's own two rules on an
    // oscillation are slow in a debug build; `distribution x2_sin_inv_x` shows the whole case).
    let oscillating = try checker("x2_sin_inv_x", digits: 8, identity: .first, phis: [phi]).certify(phi)
    guard case .failure(let refusal) = oscillating else { Issue.record("x²·sin(1/x) was certified"); return }
    #expect(refusal.reason.contains("estimates"), "\(refusal.reason)")
    let opaque = try checker("relu", digits: 8, identity: .first, phis: [phi],
                             derivative: { x in x.signum > 0 ? BigFloat(1, precision: x.precision) : .zero(precision: x.precision) })
        .check(phi)
    #expect(opaque.evidence == .estimate("the derivative is Swift code with no interval evaluation"))
}

@Test("A support ending 2⁻⁴⁰ beyond relu's kink: the sliver's enclosure is not the false 0 ± 0")
func aSliverBesideAKinkHasAnHonestEnclosure() throws {
    let p = QuadratureTarget.bits(forDigits: 30) + 64
    // Support [−2 + 2⁻⁴⁰, 2⁻⁴⁰]: relu is x on [0, 2⁻⁴⁰] only, where φ ≈ e^(−2³⁹).
    let c = BigFloat(-1, precision: p) + BigFloat(1, precision: p).timesPowerOfTwo(-40)
    let phi = SmoothBump(center: c, halfWidth: BigFloat(1, precision: p))
    let r = try checker("relu", digits: 30, identity: .first, phis: [phi]).check(phi)
    #expect(r.evidence == .certified && r.holds)
    let lhs = try #require(r.lhs.certified).enclosure
    // The value is about 6·10^−1492224477754 > 0: the enclosure is not the point 0.
    #expect(lhs.upper.signum > 0 && lhs.lower.signum >= 0, "\(lhs)")
}

@Test("A pole inside the support: infinite sides never hold, however the scale grows")
func aPoleInsideTheSupportNeverHolds() throws {
    let p = QuadratureTarget.bits(forDigits: 5) + 64
    let phi = SmoothBump(center: BigFloat(0.5, precision: p), halfWidth: BigFloat(1, precision: p))
    let r = try checker("expr:1/x", digits: 5, identity: .first, phis: [phi]).check(phi)
    #expect(!r.holds && !r.evidence.isCertified, "residual \(r.residual), tolerance \(r.tolerance)")
}
