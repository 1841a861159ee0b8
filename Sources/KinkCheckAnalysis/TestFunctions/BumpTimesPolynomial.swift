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
    /// `q(x)·exp(−1/(1 − t²))`, q(x) = Σ coefficients[k]·x^k (the parameter `coefficients`, exact).
    package var formula: String { "q(x)·" + bump.formula }
    package var parameters: [TestFunctionParameter] {
        [.init("bump", .text(bump.kind))] + bump.parameters + [.init("coefficients", .reals(coefficients))]
    }

    /// (q(x), q′(x), q″(x)) by one Horner pass: q″ ← q″x + 2q′, q′ ← q′x + q, q ← qx + a.
    package func polynomial<T: TestFunctionScalar>(at x: T) -> (T, T, T) {
        var q = T.integer(0, like: x), dq = q, ddq = q
        for a in coefficients.reversed() {
            ddq = ddq * x + dq + dq
            dq = dq * x + q
            q = q * x + T.real(a, like: x)
        }
        return (q, dq, ddq)
    }

    package func profile<T: TestFunctionScalar>(t: T, x: T, order: Int) -> (value: T, first: T?, second: T?) {
        let inner = bump.profile(t: t, x: x, order: order)
        let (q, dq, ddq) = polynomial(at: x)
        let value = inner.value * q
        guard order >= 1, let g1 = inner.first else { return (value, nil, nil) }
        // With respect to t: d/dt q(c + wt) = w q′(x).
        let w = T.real(halfWidth, like: t)
        let wdq = w * dq
        let first = wdq * inner.value + q * g1                                           // w q′ g + q g′
        guard order >= 2, let g2 = inner.second else { return (value, first, nil) }
        let second = w * w * ddq * inner.value + T.integer(2, like: t) * wdq * g1 + q * g2   // w² q″ g + 2 w q′ g′ + q g″
        return (value, first, second)
    }
}

extension BumpTimesPolynomial where Bump == SmoothBump {
    /// The C∞ bump at `center`, `halfWidth` times a₀ + a₁x + ….
    package init(center: BigFloat, halfWidth: BigFloat, coefficients: [BigFloat]) {
        self.init(bump: SmoothBump(center: center, halfWidth: halfWidth), coefficients: coefficients)
    }
}
