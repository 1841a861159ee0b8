import BigFloat
import KinkCheck
import KinkCheckAnalysis
import KinkCheckSupport
import Testing

/// `kinks --in A,B` proves its list complete (``KinkDiscoveryResult/complete``) only when every
/// cell between the listed kinks is shown to be one analytic branch; kinks a grid would miss are
/// listed or their cell is reported.
@Suite struct KinkCompletenessTests {
    static func survey(_ spec: String, _ a: Double, _ b: Double) throws -> KinkDiscoveryResult {
        KinkDiscovery.survey(try Catalogue.activation(spec), in: BigFloat(a, precision: 64), BigFloat(b, precision: 64), precision: 128)
    }

    /// |x − ½| + |x − ½ − 2⁻³⁰|: two kinks 2⁻³⁰ apart, far below any grid's spacing, both listed
    /// with their certified one-sided slopes (−2, 0 and 0, 2), and the list proven complete.
    @Test func twoKinksTwoToTheMinus30ApartAreBothListed() throws {
        let result = try Self.survey("expr:abs(x-0.5)+abs(x-0.5-0x1p-30)", 0, 1)
        let half = BigFloat(1, precision: 64).timesPowerOfTwo(-1)
        let expected: [(BigFloat, Int, Int)] = [(half, -2, 0), (half + BigFloat(1, precision: 64).timesPowerOfTwo(-30), 0, 2)]
        #expect(result.kinks.count == 2 && result.complete, "\(result.kinks.map(\.x)), unresolved \(result.unresolved)")
        for (k, (x, left, right)) in zip(result.kinks, expected) {
            #expect(k.certified && k.x == x, "\(k.x)")
            for (side, slope) in [(Side.left, left), (.right, right)] {
                let d = try #require(k.sides[side]?.slope, "\(x) \(side)")
                #expect(d.lower <= BigFloat(slope, precision: 64) && BigFloat(slope, precision: 64) <= d.upper, "\(x) \(side): \(d)")
            }
        }
    }

    /// |x² − 2| on [0, 2]: the one kink is at √2, which no binary number holds — listed with a
    /// bracket around √2 narrower than 2⁻¹⁰⁰, and the list complete.
    @Test func aKinkAtAnIrrationalPointIsBracketed() throws {
        let result = try Self.survey("expr:abs(x*x-2)", 0, 2)
        let k = try #require(result.kinks.first)
        #expect(result.kinks.count == 1 && result.complete && k.certified)
        let two = BigFloat(2, precision: 256)
        #expect(k.bracket.0 * k.bracket.0 <= two && two <= k.bracket.1 * k.bracket.1, "\(k.bracket)")
        #expect(k.bracket.1 - k.bracket.0 < BigFloat(1, precision: 64).timesPowerOfTwo(-100))
    }

    /// where(sin(1/x) < 0, x, 2x) switches infinitely often near 0: the list is never complete,
    /// and the cells the search could not settle are reported — next to 0, where the switches
    /// accumulate, and nowhere else.
    @Test func infinitelyManyKinksLeaveTheListIncomplete() throws {
        let result = try Self.survey("expr:where(sin(1/x) < 0, x, 2*x)", -1, 1)
        #expect(!result.complete && !result.unresolved.isEmpty)
        #expect(result.unresolved.allSatisfy { BigFloat.abs($0.0) < 0.05 && BigFloat.abs($0.1) < 0.05 }, "\(result.unresolved)")
        let zero = BigFloat.zero(precision: 64)
        #expect(result.unresolved.contains { $0.0 <= zero && zero <= $0.1 }, "\(result.unresolved)")
    }
}
