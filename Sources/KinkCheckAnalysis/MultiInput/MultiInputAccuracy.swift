import BigFloat
import KinkCheck
import KinkCheckSupport

/// The accuracy rule for activations of several inputs, shared by `check` and `samples`: the
/// one-input tolerance k·u·(|exact| + condition) + n·λ/2 with condition Σⱼ|xⱼ·∂ⱼ(·)| (nested
/// autodiff for a partial), and the underflow term multiplied by the largest input magnitude.
package enum MultiInputAccuracy {
    /// Σⱼ |xⱼ·∂ⱼ(·)| at 64 bits for f (component nil) or for ∂f/∂xᵢ (nested autodiff); 0 where
    /// not a finite number.
    package static func condition(_ f: any MultiInputActivation, at xs: [Double], component i: Int?) -> BigFloat {
        let x = xs.map { BigFloat($0, precision: 64) }
        var sum = BigFloat.zero(precision: 64)
        for j in x.indices {
            let dj: BigFloat
            if let i {
                let inputs = x.indices.map { k in Dual(Dual(x[k], derivative: k == i ? 1 : 0), derivative: Dual(k == j ? 1 : 0, derivative: 0)) }
                dj = f(inputs).derivative.derivative
            } else {
                dj = f.partialDerivative(j, at: x)
            }
            let term = BigFloat.abs(x[j] * dj)
            if term.isFinite { sum = sum + term }
        }
        return sum
    }

    /// The error of `y` in ulps of `format` at the exact value, and the tolerance in the same
    /// ulps; NaN or ±∞ against a finite exact value that does not round to it is +∞ ulps.
    /// The underflow term n·λ/2 is multiplied by `amplification` (≥ 1): an intermediate that
    /// underflows (σ(b) far left) and is then multiplied by an input (a·σ(b)) carries its
    /// rounding times that input's magnitude.
    package static func ulps(_ y: Double, exact v: BigFloat, condition: BigFloat, in format: IEEEFormat, k: Double,
                     amplification: Double) -> (Double, Double) {
        if v.isNaN || y.isNaN { return (v.isNaN && y.isNaN ? 0 : .infinity, 0) }
        let rounded = Double(v.rounded(to: format).value)
        if !y.isFinite || !v.isFinite { return (y == rounded ? 0 : .infinity, 0) }
        let q = Accuracy.ulpExponent(of: v, in: format)
        var difference = BigFloat(nanWithPrecision: 64)
        difference.setDifference(BigFloat(y, precision: 53), v)
        let underflow = Accuracy.tolerance(.zero(precision: 64), condition: .zero(precision: 64), in: format, k: k)
        let allowed = Accuracy.tolerance(BigFloat.abs(v), condition: condition, in: format, k: k)
            + underflow * BigFloat(Swift.max(amplification, 1) - 1, precision: 64)
        return (Double(BigFloat.abs(difference).timesPowerOfTwo(-q)), Double(allowed.timesPowerOfTwo(-q)))
    }
}
