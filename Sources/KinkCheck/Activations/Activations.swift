import BigFloat
import KinkCheckSupport

/// The built-in activations, as types (`Activations.GELU()`, `Activations.LeakyReLU(slope: 0.2)`)
/// and by spec (`Activations.named("softplus:beta=2")`), so their names cannot collide with a
/// user's own `GELU`. The spec syntax and the parameter keys are those of `kinkcheck list`.
public enum Activations {
    /// The activation a spec names: `name` or `name:key=value,…` (a built-in or a composite of
    /// the catalogue, or `expr:<formula>`). Throws a ``SpecError`` whose description is one line.
    public static func named(_ spec: String) throws -> any Activation { try Catalogue.activation(spec) }

    /// Every built-in with its default parameters, in the catalogue's order.
    public static var all: [any Activation] { Catalogue.all }
}
