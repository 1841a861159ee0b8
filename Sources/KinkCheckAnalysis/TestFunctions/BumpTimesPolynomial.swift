import BigFloat
import KinkCheck
import KinkCheckSupport

/// A bump times a low-degree polynomial in x: φ(x) = q(x) · ψ(x), with ψ any ``TestFunction``
/// (by default ``SmoothBump``) and q(x) = a₀ + a₁x + … + a_k x^k.
///
/// Derivatives by the product rule: φ′ = q′ψ + qψ′, φ″ = q″ψ + 2q′ψ′ + qψ″ (q, q′, q″ by one
/// Horner pass). The support, centre and half-width are ψ's.
///
/// Mathematical properties: moments ∫ x^j ψ are its integrals with q = x^j; with q = x − c, φ is
/// odd about c when ψ is even, so its integral is 0 — a check that an integral that cancels is
/// reported with an absolute error bound.
///
/// Edge cases: an empty coefficient list is the zero polynomial. See ``TestFunction`` for
/// points outside the open support.
package struct BumpTimesPolynomial<Bump: TestFunction>: TestFunction {
    package let bump: Bump
    /// a₀, a₁, …, a_k (ascending powers of x).
    package let coefficients: [BigFloat]

    package init(bump: Bump, coefficients: [BigFloat]) {
        precondition(coefficients.allSatisfy(\.isFinite), "polynomial coefficients must be finite")
        self.bump = bump
        self.coefficients = coefficients
    }

    package var center: BigFloat { bump.center }
    package var halfWidth: BigFloat { bump.halfWidth }
    package var kind: String { "bump_times_polynomial" }
    package var parameters: [TestFunctionParameter] {
        [.init("bump", .text(bump.kind))] + bump.parameters + [.init("coefficients", .reals(coefficients))]
    }

    /// (q(x), q′(x), q″(x)) at x's precision.
    package func polynomial(at x: BigFloat) -> (BigFloat, BigFloat, BigFloat) {
        let p = x.precision
        var q = BigFloat.zero(precision: p), dq = BigFloat.zero(precision: p), ddq = BigFloat.zero(precision: p)
        for a in coefficients.reversed() {
            // Horner for q, q′, q″ together: q″ ← q″x + 2q′, q′ ← q′x + q, q ← qx + a.
            ddq.formProduct(with: x); ddq += dq; ddq += dq
            dq.formProduct(with: x); dq += q
            q.formProduct(with: x); q += a
        }
        return (q, dq, ddq)
    }

    package func profile(t: BigFloat, x: BigFloat, order: Int) -> TestFunctionJet {
        let inner = bump.profile(t: t, x: x, order: order)
        let (q, dq, ddq) = polynomial(at: BigFloat(x, precision: t.precision))
        var value = inner.value
        value.formProduct(with: q)
        guard order >= 1, let g1 = inner.first else { return TestFunctionJet(value: value) }
        // With respect to t: d/dt q(c + wt) = w q′(x).
        var wdq = dq
        wdq.formProduct(with: halfWidth)
        var first = BigFloat(nanWithPrecision: t.precision)
        first.setProduct(wdq, inner.value)
        first.formFusedMultiplyAdd(q, g1)           // w q′ g + q g′
        guard order >= 2, let g2 = inner.second else { return TestFunctionJet(value: value, first: first) }
        var second = BigFloat(nanWithPrecision: t.precision)
        second.setProduct(ddq, halfWidth)
        second.formProduct(with: halfWidth)
        second.formProduct(with: inner.value)       // w² q″ g
        var cross = wdq
        cross *= 2
        second.formFusedMultiplyAdd(cross, g1)      // + 2 w q′ g′
        second.formFusedMultiplyAdd(q, g2)          // + q g″
        return TestFunctionJet(value: value, first: first, second: second)
    }
}

extension BumpTimesPolynomial where Bump == SmoothBump {
    /// The C∞ bump at `center`, `halfWidth` times a₀ + a₁x + ….
    package init(center: BigFloat, halfWidth: BigFloat, coefficients: [BigFloat]) {
        self.init(bump: SmoothBump(center: center, halfWidth: halfWidth), coefficients: coefficients)
    }
}
