import BigFloat
import KinkCheck

/// One side's integral of an identity: a value and a bound on its error, with what produced them.
package struct IdentityIntegral: Sendable {
    package var value: BigFloat
    /// Certified: the enclosure's radius (a proof). Estimated: the rules' combined bound.
    package var errorBound: BigFloat
    /// ≈ ∫|integrand| (the scale of the tolerance).
    package var absoluteIntegral: BigFloat
    /// The proven enclosure, when certified.
    package var certified: CertifiedQuadrature.Result?
    /// The two rules (tanh-sinh and Gauss–Legendre): the estimate, or the cross-check.
    package var rules: TwoRuleQuadratureResult?

    /// The rules agree within their bounds (true when they did not run).
    package var agree: Bool { rules?.agree ?? true }
}

/// How a case's bounds were obtained.
package enum IdentityEvidence: Sendable, Equatable {
    /// Every bound is a proof: certified quadrature and certified jumps.
    case certified
    /// The rules' own error estimates, and why no proof was possible.
    case estimate(String)

    package var isCertified: Bool { self == .certified }
    /// `certified` or `estimate`.
    package var name: String { isCertified ? "certified" : "estimate" }
    /// Why the case is an estimate (nil when certified).
    package var reason: String? {
        if case .estimate(let why) = self { return why }
        return nil
    }
}

/// One test function's check.
package struct IdentityCase: Sendable {
    package var testFunction: any TestFunction
    /// −∫ f φ′ (first) or ∫ f φ″ (second).
    package var lhs: IdentityIntegral
    /// ∫ g φ (first) or ∫ f″ φ (second).
    package var rhsIntegral: IdentityIntegral
    /// The point masses' contribution.
    package var rhsPointMasses: BigFloat
    package var rhs: BigFloat
    /// |lhs − rhs|.
    package var residual: BigFloat
    /// Bound on |computed − exact| for lhs and rhs together (so for the residual too): the radii
    /// of the certified enclosures, or the rules' estimates and the point masses' bounds.
    package var errorBound: BigFloat
    /// The scale the tolerance is relative to: max(1, ∫|lhs integrand|, ∫|rhs integrand|, |masses|).
    package var scale: BigFloat
    /// 10^−(D−3)·scale.
    package var tolerance: BigFloat
    /// Singular points inside the support.
    package var singularPoints: [SingularPoint]
    /// Certified: the residual's enclosure lies within ±tolerance (|residual| + bound ≤ tolerance),
    /// from the enclosures alone. Estimated: both rules agree within their bounds (plus a floor of
    /// 2^−4 of the tolerance) on both integrals, the bound is below the tolerance, and so is the
    /// residual. With the cross-check, certified cases also need the rules inside the enclosures.
    package var holds: Bool
    package var evidence: IdentityEvidence
}
