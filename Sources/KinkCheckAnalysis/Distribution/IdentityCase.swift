import BigFloat

/// One test function's check.
package struct IdentityCase: Sendable {
    package var testFunction: any TestFunction
    /// −∫ f φ′ (first) or ∫ f φ″ (second), by two rules.
    package var lhs: TwoRuleQuadratureResult
    /// ∫ g φ (first) or ∫ f″ φ (second), by two rules.
    package var rhsIntegral: TwoRuleQuadratureResult
    /// The point masses' contribution.
    package var rhsPointMasses: BigFloat
    package var rhs: BigFloat
    /// |lhs − rhs|.
    package var residual: BigFloat
    /// Bound on |computed − exact| for lhs and rhs together: the quadrature rules' own error
    /// estimates and the point masses' bounds (an estimate: the rules' bounds are).
    package var errorBound: BigFloat
    /// The scale the tolerance is relative to: max(1, ∫|lhs integrand|, ∫|rhs integrand|, |masses|).
    package var scale: BigFloat
    /// 10^−(D−3)·scale.
    package var tolerance: BigFloat
    /// Singular points inside the support.
    package var singularPoints: [SingularPoint]
    /// Both rules agreed within their bounds (plus a floor of 2^−4 of the tolerance) on both
    /// integrals, the bound is below the tolerance, and so is the residual.
    package var holds: Bool
}
