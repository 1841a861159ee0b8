/// The one vocabulary for sides: of a point, a kink, a one-sided limit or stencil. Generated
/// inputs beside a kink (``KinkSide``) and convergence stencils (`bwd`/`fwd`, ``stencilLabel``)
/// are named from it.
@usableFromInline package enum Side: String, Sendable, CaseIterable, Hashable {
    case left, right
    /// −1 for left, +1 for right.
    package var sign: Int { self == .left ? -1 : 1 }
    /// The convergence-map label: `bwd` for left, `fwd` for right.
    package var stencilLabel: String { self == .left ? "bwd" : "fwd" }
}
