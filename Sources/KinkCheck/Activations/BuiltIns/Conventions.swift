import BigFloat
import KinkCheckSupport

/// Which framework's choice of derivative at kinks a built-in reproduces in autodiff.
///
/// | activation | `pytorch` (default) | `jax` |
/// |---|---|---|
/// | relu at 0 | 0 | 0 |
/// | leaky_relu, prelu at 0 | slope | 1 |
/// | elu at 0 | α | α |
/// | selu at 0 | λα | λα |
/// | celu at 0 | 1 | 1 |
/// | relu6 at 0, 6 | 0, 0 | 0, 0 |
/// | hardtanh at min, max | 0, 0 | 1, 1 |
/// | hardsigmoid at ±3 | 0, 0 | 0, 0 |
/// | hardswish at −3, 3 | 0, 1 | 0, 1 |
/// | abs at 0 | 0 | 1 |
///
/// ReLU also takes `grad0=0|0.5|1` (TensorFlow and most frameworks 0; some papers ½; `x ≥ 0`
/// masks 1), which overrides the convention at 0.
public enum KinkConvention: String, Sendable, CaseIterable, Hashable {
    case pytorch, jax
}
