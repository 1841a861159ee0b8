import BigFloat
import KinkCheckSupport

/// The four formats networks train and infer in, as ``Activation``s are run in them.
///
/// A half-precision (binary16 or bfloat16) value is computed the way frameworks compute it: the
/// definition runs in `Float` (the "opmath" type) from x, which is exact there, and the result is
/// rounded once to the 16-bit format at the end. The derivative likewise: the backward pass
/// (``Activation/derivative(_:)`` — hand-written when the activation has one, else autodiff)
/// in `Float`, rounded once. binary32 and binary64 run the definition in real `Float` and `Double`.
///
/// Every value of the four formats is exactly a `Double`, so results are returned as `Double`.
extension IEEEFormat {
    /// `float16`, `bfloat16`, `float32`, `float64`: the framework spelling (JSON keys, reports).
    package var name: String { spellings[1] }

    /// `f16`, `bf16`, `f32`, `f64`: the short spelling (`converge --precisions`, tables).
    package var shortName: String { spellings[0] }

    /// The format's spellings in ``FormatName``'s table: the short one, the framework one, then
    /// the others.
    private var spellings: [String] { FormatName.ieeeSpellings.first { $0.format == self }!.names }

    /// The format a ``FormatName`` spelling names (``name``, ``shortName``, the IEEE name,
    /// `half`, `float`, `double`); nil for anything else, MPFR included.
    package init?(name: String) {
        guard let format = FormatName(name)?.ieee else { return nil }
        self = format
    }

    /// The bit layout: a sign bit, p − 1 fraction bits, the rest exponent.
    @inlinable
    package var codec: IEEECodec {
        IEEECodec(width: bitWidth, fractionBits: precision - 1, exponentBits: bitWidth - precision)
    }

    /// The unit roundoff u = 2^−p (2^−11, 2^−8, 2^−24, 2^−53): half an ulp of 1.
    package var unitRoundoff: Double { Double(sign: .plus, exponent: -precision, significand: 1) }

    /// The least positive (subnormal) value, 2^(minExponent − p + 1).
    package var leastSubnormalValue: Double { Double(sign: .plus, exponent: leastSubnormalExponent, significand: 1) }

    /// The largest finite value, (2 − 2^(1−p))·2^maxExponent.
    package var largestFiniteValue: Double {
        Double(sign: .plus, exponent: maxExponent, significand: 2 - Double(sign: .plus, exponent: 1 - precision, significand: 1))
    }

    /// `d` correctly rounded to the format (nearest, ties to even; gradual underflow, overflow to
    /// ±∞; NaN stays NaN).
    package func rounded(_ d: Double) -> Double {
        // Float(d) is IEEE's correctly rounded conversion (nearest, ties to even, gradual underflow).
        if self == .binary32 { return Double(Float(d)) }
        return codec.double(codec.bits(rounding: d))
    }

    /// f(x) as code running in this format computes it (x must be exact in the format).
    package func value<A: Activation>(of activation: A, at x: Double) -> Double {
        switch self {
        case .binary64: activation(x)
        case .binary32: Double(activation(Float(x)))
        case .binary16: Double(Float16(activation(Float(x))))
        case .bfloat16: Double(BFloat16(activation(Float(x))).float)
        }
    }

    /// f(x) and the backward f′(x) as ``value(of:at:)`` and ``derivative(of:at:)`` give them, in
    /// one pass where the derivative is autodiff (its value part is f computed by the same
    /// operations, so both numbers are the same as from the two calls).
    package func valueAndDerivative<A: Activation>(of activation: A, at x: Double) -> (value: Double, derivative: Double) {
        guard !activation.hasHandWrittenDerivative, x.isFinite else {
            return (value(of: activation, at: x), derivative(of: activation, at: x))
        }
        switch self {
        case .binary64:
            let d = activation.valueAndDerivative(at: x)
            return (d.value, d.derivative)
        case .binary32:
            let d = activation.valueAndDerivative(at: Float(x))
            return (Double(d.value), Double(d.derivative))
        case .binary16:
            let d = activation.valueAndDerivative(at: Float(x))
            return (Double(Float16(d.value)), Double(Float16(d.derivative)))
        case .bfloat16:
            let d = activation.valueAndDerivative(at: Float(x))
            return (Double(BFloat16(d.value).float), Double(BFloat16(d.derivative).float))
        }
    }

    /// The backward derivative f′(x) as code running in this format computes it (x exact in the
    /// format): ``Activation/backward(_:)`` in Double or Float, rounded once for 16-bit formats.
    package func derivative<A: Activation>(of activation: A, at x: Double) -> Double {
        switch self {
        case .binary64: activation.backward(x)
        case .binary32: Double(activation.backward(Float(x)))
        case .binary16: Double(Float16(activation.backward(Float(x))))
        case .bfloat16: Double(BFloat16(activation.backward(Float(x))).float)
        }
    }
}

/// The kernels of many inputs in one call: ``IEEEFormat/valueAndDerivative(of:at:)`` at each x.
/// The built-ins conform, so the call is compiled for each of them (their `evaluate` on
/// `Dual<Float>` specialized, not dispatched generically per input): what makes an exhaustive
/// float32 run affordable. Any other activation answers the same numbers through ``kernels(of:_:in:)``.
package protocol KernelBatch: Activation {
    func kernels(_ xs: [Double], in format: IEEEFormat) -> [(value: Double, derivative: Double)]
}

extension KernelBatch {
    package func kernels(_ xs: [Double], in format: IEEEFormat) -> [(value: Double, derivative: Double)] {
        xs.map { format.valueAndDerivative(of: self, at: $0) }
    }
}

/// f(x) and the backward f′(x) at each x as code in `format` computes them (``KernelBatch``'s
/// compiled loop where the activation has one).
package func kernels(of activation: any Activation, _ xs: [Double], in format: IEEEFormat) -> [(value: Double, derivative: Double)] {
    if let batch = activation as? any KernelBatch { return batch.kernels(xs, in: format) }
    return xs.map { format.valueAndDerivative(of: activation, at: $0) }
}

extension Activations.ReLU: KernelBatch {}
extension Activations.ReLU6: KernelBatch {}
extension Activations.LeakyReLU: KernelBatch {}
extension Activations.Hardtanh: KernelBatch {}
extension Activations.AbsoluteValue: KernelBatch {}
extension Activations.Hardsigmoid: KernelBatch {}
extension Activations.Hardswish: KernelBatch {}
extension Activations.Heaviside: KernelBatch {}
extension Activations.Sign: KernelBatch {}
extension Activations.ELU: KernelBatch {}
extension Activations.SELU: KernelBatch {}
extension Activations.CELU: KernelBatch {}
extension Activations.Softplus: KernelBatch {}
extension Activations.Sigmoid: KernelBatch {}
extension Activations.Tanh: KernelBatch {}
extension Activations.GELU: KernelBatch {}
extension Activations.GELUTanh: KernelBatch {}
extension Activations.SiLU: KernelBatch {}
extension Activations.Mish: KernelBatch {}
extension Activations.Softsign: KernelBatch {}
