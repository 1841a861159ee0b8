import BigFloat
import KinkCheck
import KinkCheckAnalysis
import Testing

/// A definition that cancels, log(1 + eˣ): far left 1 + eˣ rounds to 1 at any precision below
/// |x|/ln 2 bits, far right eˣ overflows MPFR's exponent range. The truths an accuracy check needs
/// stay cheap and honest there.
@Suite struct CancellingTruthTests {
    let naive = try! Catalogue.activation("expr:log(1 + exp(x))")

    /// At x = −60000 no enclosure below ~86,600 bits rounds to 128 bits, but one narrower than
    /// 2⁻¹¹⁰⁴ fixes every format's error in ulps: the truth is certified for accuracy, and tiny.
    @Test func aTinyTruthIsCertifiedWithinTheWidthAccuracyNeeds() {
        let t = AccuracyTruth(naive, at: -60000)
        #expect(t.valueCertified && t.value.signum >= 0 && t.value < BigFloat(1, precision: 64).timesPowerOfTwo(-1104), "\(t.value)")
        let r = naive.correctlyRounded(at: BigFloat(-60000, precision: 53), precision: 128)
        #expect(!r.certified && !r.enclosedWithinWidth, "without a width the 128-bit rounding is still undecided")
    }

    /// At x = 10³⁰, e^x overflows MPFR's exponent range at every precision: the loop stops after
    /// two unbounded enclosures instead of doubling to its 16,384-bit cap, and says it is not certified.
    @Test func anExponentOverflowStopsTheLoop() {
        let r = naive.correctlyRounded(at: BigFloat(1e30, precision: 53), precision: 128)
        #expect(!r.certified && r.attempts <= 2, "\(r.attempts) attempts")
        let fine = naive.correctlyRounded(at: BigFloat(100, precision: 53), precision: 128)
        #expect(fine.certified && fine.value == BigFloat(100, precision: 128))
    }
}
