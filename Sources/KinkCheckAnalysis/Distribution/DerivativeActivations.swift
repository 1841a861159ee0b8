import KinkCheck

/// f′ (order 1) or f″ (order 2) of an activation as an activation itself, by autodiff — so kink
/// discovery can find where the derivatives are not smooth.
package struct DerivativeOf: Activation {
    package let base: any Activation
    package let order: Int
    package var name: String { base.name + String(repeating: "′", count: order) }
    package func evaluate<T: ActivationScalar>(_ x: T) -> T {
        order == 1
            ? base(Dual(x, derivative: 1)).derivative
            : base(Dual(Dual(x, derivative: 1), derivative: Dual(1, derivative: 0))).derivative.derivative
    }
    package var kinks: [DeclaredKink] { base.kinks }
}

/// The backward derivative g (``Activation/derivative(_:)``) of an activation as an activation
/// itself, with the base's kinks: its one-sided *values* at a kink (``PointAnalysis``, certified
/// where g's branch is analytic) are g(x±), and kink discovery on it finds where g switches.
package struct BackwardDerivative: Activation {
    package let base: any Activation
    package var name: String { base.name + " backward" }
    package func evaluate<T: ActivationScalar>(_ x: T) -> T { base.derivative(x) }
    package var kinks: [DeclaredKink] { base.kinks }
}
