import BigFloat
import RealModule

extension BigFloat {
    /// log₂|x| as a Double: −∞ for ±0, +∞ for ±∞, NaN for NaN. Exact to Double rounding for any
    /// MPFR exponent (no underflow: the exponent is taken apart first).
    package var log2Magnitude: Double {
        if isNaN { return .nan }
        if isInfinite { return .infinity }
        guard let e = exponent else { return -.infinity }
        let m = Swift.abs(Double(timesPowerOfTwo(-e)))   // ½ ≤ m < 1
        return Double(e) + Double.log2(m)
    }
}
