import BigFloat
import KinkCheckSupport

/// An activation's own accuracy bound per format: the k of the accuracy rule
/// |y − f(x)| ≤ k·u·(|f(x)| + |x·f′(x)|) + k·(least subnormal)/2 (see ``Accuracy``), for the value
/// and for the backward derivative. A format not listed uses the run's k (8 by default,
/// `--ulps K` on the command line).
///
/// ```swift
/// var claims: ActivationClaims {
///     ActivationClaims(continuous: true, accuracy: AccuracyClaims(value: [.bfloat16: 16]))
/// }
/// ```
public struct AccuracyClaims: Sendable, Hashable {
    /// k for f(x), per format.
    public var value: [IEEEFormat: Double]
    /// k for the backward derivative f′(x), per format.
    public var derivative: [IEEEFormat: Double]

    public init(value: [IEEEFormat: Double] = [:], derivative: [IEEEFormat: Double] = [:]) {
        self.value = value; self.derivative = derivative
    }

    /// The same k for value and derivative in every format.
    public init(k: Double) {
        let all = Dictionary(uniqueKeysWithValues: IEEEFormat.allCases.map { ($0, k) })
        self.init(value: all, derivative: all)
    }
}
