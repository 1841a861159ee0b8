import BigFloat
import Foundation
import Testing
@testable import KinkCheck
@testable import KinkCheckAnalysis

/// The built-in ReLU (derivative 0 at its kink), counting its evaluations.
final class CountingReLU: Activation, @unchecked Sendable {
    private let relu = Activations.ReLU()
    private let lock = NSLock()
    private var count = 0
    var evaluations: Int { lock.withLock { count } }
    var name: String { "counting_relu" }
    func evaluate<T: ActivationScalar>(_ x: T) -> T {
        lock.withLock { count += 1 }
        return relu.evaluate(x)
    }
    var kinks: [DeclaredKink] { relu.kinks }
    var claims: ActivationClaims { relu.claims }
}

/// Bisection toward a kink at 0 from a bracket reaching 10^20000 steps down in exponent, not
/// one binade at a time (which took 98 s for `grid relu --in 1e999999,1e9999999`).
@Test("ABracketFromZeroToAHugeNumberNarrowsInFewSteps")
func aBracketFromZeroToAHugeNumberNarrowsInFewSteps() throws {
    let relu = CountingReLU()
    let b = try BigFloat(parsing: "1e20000", precision: 160)
    let found = KinkDiscovery.discover(relu, in: BigFloat(-3, precision: 160), b, precision: 128)
    #expect(found.count == 1 && found.first?.x.isZero == true, "\(found.map(\.x))")
    // One bisection step a binade would be 20000·log2(10) ≈ 66,000 evaluations.
    #expect(relu.evaluations < 5000, "\(relu.evaluations) evaluations")
}

/// The split of [0, 2^e] for e beyond the precision halves the exponent; at or below it, the
/// bracket is halved as before (so ordinary scans locate their kinks as they always did).
@Test("AZeroEndedBracketIsSplitGeometricallyOnlyBeyondThePrecision")
func aZeroEndedBracketIsSplitGeometricallyOnlyBeyondThePrecision() {
    let zero = BigFloat.zero(precision: 160)
    let far = BigFloat(1, precision: 160).timesPowerOfTwo(1_000_000)
    #expect(KinkDiscovery.splitPoint(zero, far, precision: 128) == BigFloat(1, precision: 160).timesPowerOfTwo(500_000))
    #expect(KinkDiscovery.splitPoint(-far, zero, precision: 128) == -BigFloat(1, precision: 160).timesPowerOfTwo(500_000))
    let near = BigFloat(1, precision: 160).timesPowerOfTwo(100)
    #expect(KinkDiscovery.splitPoint(zero, near, precision: 128) == near.timesPowerOfTwo(-1))
}

/// A bracket spanning binades splits strictly inside, also when an end is a power of two and the
/// exponents' sum is odd and negative: [−2⁻⁸, −2⁻¹¹] once split at −2⁻⁸ — no split — which left
/// it a candidate kink 0.0034 wide, and maxout:k=3's slice along x1 through (0.000910833477973938,
/// −0.0007244646549224854, −0.002619236707687378) a certified failure of `distribution_first`
/// (`check maxout:k=3 --seed 4`): its kink, at t = 0.0016352981…, was "located" only to that
/// bracket, with a phantom jump of −5.6·10⁻⁴ across it.
@Test(arguments: [(-8, -11), (-11, -8), (8, 11), (-9, -12), (3, -4)])
func aBracketAcrossBinadesSplitsStrictlyInside(_ ends: (Int, Int)) {
    for sign in [1, -1] {
        let one = BigFloat(sign, precision: 64)
        let (a, b) = (one.timesPowerOfTwo(ends.0), one.timesPowerOfTwo(ends.1))
        let (lo, hi) = a < b ? (a, b) : (b, a)
        let m = KinkDiscovery.splitPoint(lo, hi, precision: 128)
        #expect(m > lo && m < hi, "[\(lo), \(hi)] split at \(m)")
    }
}

@Test func maxoutsSliceThroughANearTieHasItsKinkLocatedExactly() throws {
    let f = try #require(try Catalogue.multiInputActivation("maxout:k=3"))
    let point: [Double] = [0.000910833477973938, -0.0007244646549224854, -0.002619236707687378]
    let slice = RaySlice(f, origin: point.map(DecimalConstant.exact), direction: [1, 0, 0])
    let bits = QuadratureTarget.bits(forDigits: 30) + 64
    let phi = SmoothBump(center: BigFloat(0.290679931640625, precision: bits), halfWidth: BigFloat(0.5859375, precision: bits))
    let support = phi.support(precision: bits)
    let check = DistributionalCheck(activation: slice, digits: 30, identity: .first, span: (support.lower, support.upper))
    // The kink where x1 + t = x2: t = x2 − x1, a binary number, continuous there.
    let kink = BigFloat(point[1], precision: 128) - BigFloat(point[0], precision: 128)
    #expect(check.singularPoints.count == 1 && check.singularPoints[0].x == kink && check.singularPoints[0].isExact,
            "\(check.singularPoints.map { ($0.x, $0.bracket.map { "\($0.0)…\($0.1)" } ?? "exact") })")
    #expect(check.singularPoints.allSatisfy { $0.jump.isZero })
    let c = check.check(phi)
    #expect(c.holds && c.evidence == .certified, "residual \(c.residual)")
}
