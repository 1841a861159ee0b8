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
