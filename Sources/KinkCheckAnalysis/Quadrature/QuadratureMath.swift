import BigFloat
import KinkCheck
import KinkCheckSupport
import RealModule

/// The arithmetic of bounds shared by the quadrature rules: sums and products rounded up, a
/// total with its bound, the rounding floor of a sum, the stopping bound.
package enum QuadratureMath {
    /// Precision of error bounds: they need a few correct bits, not the working precision.
    package static let boundPrecision = 64

    /// 2^⌈e⌉ at bound precision (+∞ for e = +∞, 0 for e = −∞): a power of two ≥ 2^e.
    package static func powerOfTwo(atLeast e: Double) -> BigFloat {
        if e.isNaN || e == .infinity { return .infinity(precision: boundPrecision) }
        if e == -.infinity { return .zero(precision: boundPrecision) }
        let k = Int(Swift.max(Swift.min(e.rounded(.up), 1e15), -1e15))
        return BigFloat(1, precision: boundPrecision).timesPowerOfTwo(k)
    }

    /// Whether a rule may stop with error estimate `estimate`, and the bound it then reports.
    /// It stops when the estimate is at most 2^−targetBits · ∫|f| (reporting the estimate), or
    /// at most `absolute`, and then it reports `absolute` itself: a piece stopped for being
    /// negligible is vouched for to that tolerance, not to an estimate from nodes that may have
    /// missed where it lives (a sliver beside a support end, whose integral sits in a boundary
    /// layer a few nodes straddle). Nil: go on.
    package static func stoppingBound(estimate: BigFloat, targetBits: Int, absoluteIntegral: BigFloat,
                              absolute: BigFloat?) -> (bound: BigFloat, byAbsolute: Bool)? {
        let relative = productUp(BigFloat(1, precision: boundPrecision).timesPowerOfTwo(-targetBits),
                                 magnitudeUp(absoluteIntegral))
        if estimate <= relative { return (estimate, false) }
        guard let absolute, estimate <= absolute else { return nil }
        return (magnitudeUp(absolute), true)
    }

    /// |x| rounded up to bound precision.
    package static func magnitudeUp(_ x: BigFloat) -> BigFloat {
        var r = BigFloat(nanWithPrecision: boundPrecision)
        r.set(x, rounding: x.signBit ? .down : .up)
        r.formMagnitude()
        return r
    }

    /// a + b rounded up, at bound precision (the sum of two error bounds stays a bound).
    package static func sumUp(_ a: BigFloat, _ b: BigFloat) -> BigFloat {
        var r = BigFloat(nanWithPrecision: boundPrecision)
        r.setSum(a, b, rounding: .up)
        return r
    }

    /// a · b rounded up, at bound precision.
    package static func productUp(_ a: BigFloat, _ b: BigFloat) -> BigFloat {
        var r = BigFloat(nanWithPrecision: boundPrecision)
        r.setProduct(a, b, rounding: .up)
        return r
    }

    /// Parts (value, ∫|f|, error bound) added in order: values and magnitudes at `p` bits, the
    /// bounds rounded up at bound precision.
    package static func total<Parts: Sequence>(_ parts: Parts, precision p: Int) -> (value: BigFloat, absValue: BigFloat, bound: BigFloat)
        where Parts.Element == (BigFloat, BigFloat, BigFloat) {
        var value = BigFloat.zero(precision: p), absValue = BigFloat.zero(precision: p)
        var bound = BigFloat.zero(precision: boundPrecision)
        for (v, a, b) in parts {
            value += v
            absValue += a
            bound = sumUp(bound, b)
        }
        return (value, absValue, bound)
    }

    /// ⌈log₂ n⌉ for n ≥ 1 (0 for n ≤ 1).
    package static func ceilLog2(_ n: Int) -> Int {
        n <= 1 ? 0 : Int.bitWidth - (n - 1).leadingZeroBitCount
    }

    /// The rounding floor: 2^-(p − ⌈log₂ max(n,1)⌉ − 1) · L, rounded up — a bound on the error of
    /// summing `n` products each rounded at `p` bits when ∑|terms| ≈ L.
    package static func roundingFloor(precision p: Int, terms n: Int, absoluteIntegral l: BigFloat) -> BigFloat {
        let scale = BigFloat(1, precision: boundPrecision).timesPowerOfTwo(-(p - ceilLog2(Swift.max(n, 1)) - 1))
        return productUp(scale, magnitudeUp(l))
    }
}
