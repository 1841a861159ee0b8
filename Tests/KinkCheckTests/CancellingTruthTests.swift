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
        let tiny = BigFloat(1, precision: 64).timesPowerOfTwo(-1104)
        #expect(t.valueCertified && t.value.signum >= 0 && t.value < tiny, "\(t.value)")
        // Not correctly rounded at 128 bits, so the value carries its bound.
        #expect(t.valueErrorBound.map { $0 <= tiny } == true)
        // eˣ/(1 + eˣ) does not cancel: its 128-bit rounding is decided, with no bound beside it.
        #expect(t.derivativeCertified && t.derivativeErrorBound == nil)
        let r = naive.correctlyRounded(at: BigFloat(-60000, precision: 53), precision: 128)
        #expect(!r.certified && r.errorBound == nil, "without a caller's test the 128-bit rounding is still undecided")
        // A wrong result there is printed with the bound its exact value carries.
        let m = Accuracy.measure(computed: 1e-300, truth: t, .value, in: .binary64)
        #expect(!m.withinTolerance && m.line.contains("(exact ≈ ") && m.line.contains(" ± "), "\(m.line)")
        // A truth that rounds at 128 bits has no bound beside it.
        #expect(AccuracyTruth(naive, at: -5).valueErrorBound == nil)
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
