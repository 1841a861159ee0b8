import BigFloat
import KinkCheck
import KinkCheckSupport

/// The C∞ bump φ(x) = exp(−1/(1 − t²)) for |t| < 1, t = (x − c)/w, and 0 elsewhere.
///
/// Derivatives (s = 1 − t², derived by hand, checked against MPFR finite differences and mpmath
/// in the tests):
/// - φ′(x) = φ · (−2t/s²) / w
/// - φ″(x) = φ · (6t⁴ − 2)/s⁴ / w²   (from (4t² − 2s² − 8t²s)/s⁴ with s = 1 − t²)
///
/// Mathematical properties: φ ∈ C∞ with support [c − w, c + w]; every derivative vanishes at
/// c ± w; φ(c) = 1/e; φ is even about c; ∫φ = w · (K₁(½) − K₀(½))/√e = w · 0.44399381616807943…
///
/// Edge cases: exp(−1/s) underflows MPFR's exponent range (to +0) once s ≲ 1.3·10⁻⁹, where the
/// true value is below 10^(−3·10⁸) — zero for every purpose; value and derivatives are then +0.
/// See ``TestFunction`` for the points outside the open support.
package struct SmoothBump: TestFunction {
    package let center: BigFloat
    package let halfWidth: BigFloat

    /// The bump centred at `center` with support [center − halfWidth, center + halfWidth].
    package init(center: BigFloat, halfWidth: BigFloat) {
        TestFunctionValidation.check(center: center, halfWidth: halfWidth)
        self.center = center
        self.halfWidth = halfWidth
    }

    package var kind: String { "bump" }
    package var parameters: [TestFunctionParameter] {
        [.init("center", .real(center)), .init("half_width", .real(halfWidth))]
    }

    package func profile(t: BigFloat, x: BigFloat, order: Int) -> TestFunctionJet {
        // Three allocations and one division (−1/s) besides the exponential: this is the inner
        // loop of every distributional check.
        let p = t.precision
        var s = BigFloat(1, precision: p)
        s -= t                                  // 1 − t
        var g = BigFloat(1, precision: p)
        g += t                                  // 1 + t
        s.formProduct(with: g)                  // s = (1 − t)(1 + t), no cancellation near |t| = 1
        var v = BigFloat(-1, precision: p)
        v.formQuotient(with: s)                 // −1/s
        g.set(.exp, of: v)                      // φ = exp(−1/s)
        if g.isZero { return .zero(order: order, precision: p) }
        guard order >= 1 else { return TestFunctionJet(value: g) }
        v.formSquare()                          // 1/s²
        var first = v
        first.formProduct(with: t)
        first *= -2
        first.formProduct(with: g)              // φ · (−2t/s²)
        guard order >= 2 else { return TestFunctionJet(value: g, first: first) }
        var second = BigFloat(nanWithPrecision: p)
        second.setProduct(t, t)
        second.formSquare()
        second *= 6
        second -= 2                             // 6t⁴ − 2
        v.formSquare()                          // 1/s⁴
        second.formProduct(with: v)
        second.formProduct(with: g)             // φ · (6t⁴ − 2)/s⁴
        return TestFunctionJet(value: g, first: first, second: second)
    }
}
