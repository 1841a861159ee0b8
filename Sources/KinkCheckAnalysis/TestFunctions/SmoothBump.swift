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
    package var formula: String { "exp(−1/(1 − t²))" }
    package var parameters: [TestFunctionParameter] {
        [.init("center", .real(center)), .init("width", .real(halfWidth))]
    }

    package func profile<T: TestFunctionScalar>(t: T, x: T, order: Int) -> (value: T, first: T?, second: T?) {
        let one = T.integer(1, like: t)
        let s = (one - t) * (one + t)           // 1 − t², no cancellation near |t| = 1
        let (e, e2, e4) = T.bumpFactors(s, order: order)
        guard order >= 1, let e2 else { return (e, nil, nil) }
        let first = T.integer(-2, like: t) * t * e2                                  // φ · (−2t/s²)
        guard order >= 2, let e4 else { return (e, first, nil) }
        let t2 = t * t
        let second = (T.integer(6, like: t) * t2 * t2 - T.integer(2, like: t)) * e4   // φ · (6t⁴ − 2)/s⁴
        return (e, first, second)
    }
}
