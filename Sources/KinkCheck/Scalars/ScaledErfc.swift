import BigFloat
import KinkCheckSupport
import RealModule

/// erfcx(x) = e^(x²)·erfc(x) in Double, to a few ulps, with no intermediate underflow or
/// overflow short of erfcx itself overflowing (x < −26.6).
///
/// Method: below 26, erfc(x)·e^h·(1 + l) with h + l = x² exactly (l by a fused multiply-add), so
/// the rounding of x² costs nothing (e^l = 1 + l to within l²/2 < 2^−90); erfc(x) is a normal
/// number there. From 26 on, the asymptotic series
/// erfcx(x) = 1/(x√π)·Σₙ (−1)ⁿ(2n − 1)!!/(2x²)ⁿ, whose error is below its first omitted term:
/// with 2x² ≥ 1352 that is 17!!/1352⁹ < 2^−68 after nine terms.
///
/// Edge cases: NaN → NaN; +∞ → 0; −∞ → +∞; beyond x ≈ 10^154, where x² overflows, the result
/// is 1/(x√π), subnormal past x ≈ 2.5·10^307.
@usableFromInline package enum ScaledErfc {
    /// 1/√π.
    package static let inverseSqrtPi = 0.56418958354775628694807945156077258584405

    @usableFromInline package static func erfcx(_ x: Double) -> Double {
        if x.isNaN { return x }
        if x < 26 {
            let h = x * x
            if h.isInfinite { return .infinity }   // x < −1.3·10^154: e^(x²) alone overflows
            let l = (-h).addingProduct(x, x)
            return Double.erfc(x) * Double.exp(h) * (1 + l)
        }
        let t = 1 / (2 * (x * x))   // 0 once x² overflows, where the first term is all
        var sum = 1.0, term = 1.0
        for n in 1 ... 8 {
            term *= -Double(2 * n - 1) * t
            sum += term
        }
        return inverseSqrtPi / x * sum
    }
}
