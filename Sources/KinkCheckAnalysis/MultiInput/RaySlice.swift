import BigFloat
import KinkCheck
import KinkCheckSupport

/// A multi-input activation along a ray, t ↦ f(x + t·d) (or, with `component` i, the autodiff
/// partial t ↦ ∂f/∂xᵢ(x + t·d)): a function of one variable, so the certified one-sided limits
/// of ``CertifiedLimit`` apply to it unchanged. At t → 0⁺ the first gives f(x⁺ along d) and the
/// directional derivative f′(x; d); the second gives the i-th component of the limiting
/// gradient along d.
///
/// x and d are exact constants (a typed decimal, or a binary number's exact hex form), so each
/// input x_j + d_j·t is enclosed without rounding x first.
package struct RaySlice: Activation {
    package let function: any MultiInputActivation
    package let origin: [DecimalConstant]
    package let direction: [DecimalConstant]
    /// nil: the value; i: ∂f/∂xᵢ.
    package let component: Int?

    package init(_ function: any MultiInputActivation, origin: [DecimalConstant], direction: [DecimalConstant], component: Int? = nil) {
        self.function = function; self.origin = origin; self.direction = direction; self.component = component
    }

    package var name: String { function.name + " along (" + direction.map(\.text).joined(separator: ", ") + ")" }
    /// Kinks along the ray are whatever f's non-smooth sets cut: not declared.
    package var declaresEveryKink: Bool { false }

    /// The point x + t·d, each input enclosed from the exact constants.
    package func inputs<T: ActivationScalar>(at t: T) -> [T] {
        origin.indices.map { j in
            let x = T.constant(origin[j], like: t)
            return direction[j].isZero ? x : x + T.constant(direction[j], like: t) * t
        }
    }

    package func evaluate<T: ActivationScalar>(_ t: T) -> T {
        let inputs = inputs(at: t)
        guard let i = component else { return function(inputs) }
        return function.partialDerivative(i, at: inputs)
    }
}

extension DecimalConstant {
    /// True for 0 or −0 written in any form.
    package var isZero: Bool { rational?.isZero ?? false }
}
