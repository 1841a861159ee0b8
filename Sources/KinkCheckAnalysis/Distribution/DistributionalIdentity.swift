/// Which distributional identity to check.
package enum DistributionalIdentity: String, Sendable, CaseIterable {
    /// −∫ f φ′ = ∫ g φ + Σⱼ Jⱼ φ(xⱼ): f′ as a distribution is g (f′ almost everywhere) plus a
    /// Dirac mass Jⱼ = f(xⱼ⁺) − f(xⱼ⁻) at every jump.
    case first
    /// ∫ f φ″ = ∫ g′ φ + Σⱼ [g]ⱼ φ(xⱼ) − Σⱼ Jⱼ φ′(xⱼ) with g the backward derivative, g′ its
    /// autodiff and [g]ⱼ = g(xⱼ⁺) − g(xⱼ⁻) at the kinks of f and the jumps of g: every kink is a
    /// Dirac mass of f″ weighted by its slope jump, every jump a dipole. For g = f′ (autodiff) this is ∫ f″ φ + Σⱼ (D⁺f − D⁻f) φ(xⱼ).
    case second
}
