import BigFloat
import KinkCheck
import KinkCheckSupport

/// The polynomial bump φ(x) = (1 − t²)^m for |t| < 1, t = (x − c)/w, and 0 elsewhere.
///
/// Derivatives (s = 1 − t²):
/// - φ′(x) = −2m t s^(m−1) / w
/// - φ″(x) = 2m s^(m−2) (2(m − 1)t² − s) / w²
///
/// Mathematical properties: a polynomial on the support, so its integrals are exact rationals —
/// ∫φ = w · 2^(2m+1) (m!)² / (2m + 1)! — and Gauss–Legendre with n ≥ m + 1 points on the
/// support integrates it exactly: a cross-check for the quadrature independent of any reference
/// value. φ is C^(m−1) across c ± w (its m-th derivative jumps there), so it is a C² test
/// function for m ≥ 3.
///
/// Edge cases: m ≥ 1 is required; for m ≤ 2, φ″ (and for m = 1, φ′) jumps at c ± w, where this
/// type reports the outside limit 0.
package struct PolynomialBump: TestFunction {
    package let center: BigFloat
    package let halfWidth: BigFloat
    /// The exponent m ≥ 1.
    package let degree: Int

    package init(center: BigFloat, halfWidth: BigFloat, degree: Int) {
        TestFunctionValidation.check(center: center, halfWidth: halfWidth)
        precondition(degree >= 1, "polynomial bump needs m ≥ 1, got \(degree)")
        self.center = center
        self.halfWidth = halfWidth
        self.degree = degree
    }

    package var kind: String { "polynomial_bump" }
    /// `(1 − t²)^3`, with this bump's m.
    package var formula: String { "(1 − t²)^\(degree)" }
    package var parameters: [TestFunctionParameter] {
        [.init("center", .real(center)), .init("width", .real(halfWidth)), .init("degree", .integer(degree))]
    }

    /// ∫φ over its support divided by w, exactly: (numerator, denominator) of 2^(2m+1)(m!)²/(2m+1)!,
    /// or nil if it does not fit in 64-bit integers.
    package var unitIntegral: (numerator: Int, denominator: Int)? {
        // ∏_{k=1}^{m} 2k/(2k+1) · 2 — built up as a reduced fraction.
        var num = 2, den = 1
        for k in 1...degree {
            let (n, o1) = num.multipliedReportingOverflow(by: 2 * k)
            let (d, o2) = den.multipliedReportingOverflow(by: 2 * k + 1)
            if o1 || o2 { return nil }
            let g = gcd(n, d)
            num = n / g; den = d / g
        }
        return (num, den)
    }

    private func gcd(_ a: Int, _ b: Int) -> Int { b == 0 ? a : gcd(b, a % b) }

    package func profile<T: TestFunctionScalar>(t: T, x: T, order: Int) -> (value: T, first: T?, second: T?) {
        let m = degree
        let one = T.integer(1, like: t)
        let s = (one - t) * (one + t)           // 1 − t²
        let sm1 = T.power(s, m - 1)             // s^(m−1)
        let value = sm1 * s
        guard order >= 1 else { return (value, nil, nil) }
        let first = T.integer(-2 * m, like: t) * t * sm1
        guard order >= 2 else { return (value, first, nil) }
        // 2m s^(m−2) (2(m−1)t² − s); for m = 1 the factor is 0 and s^(−1) is never formed.
        let inner = T.integer(2 * (m - 1), like: t) * t * t - s
        let second = m >= 2 ? T.integer(2 * m, like: t) * T.power(s, m - 2) * inner : T.integer(-2, like: t)
        return (value, first, second)
    }
}
