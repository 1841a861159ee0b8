import BigFloat
import KinkCheck
import KinkCheckSupport
import RealModule

/// How a sampled one-sided sequence g(h), h → 0⁺, behaves when Richardson extrapolation (which
/// assumes g(h) = L + c₁h + c₂h² + …) does not settle it: a limit approached like a fractional
/// power (√h), a divergence to ±∞ (h^−½, log h), or an oscillation with no limit (sin(1/h)).
///
/// Two sequences are sampled: h = H·2^−k and h = c·H·2^−k with c = 0.618… (the golden ratio's
/// conjugate), so that an oscillation locked to the dyadic steps (sin(2^k)) cannot pass for a
/// constant. Everything here is an estimate from finitely many samples, and labelled so.
package enum LimitBehaviour {
    /// Levels sampled per sequence.
    package static let levels = 48
    /// Levels of the tail the tests look at.
    package static let tail = 16

    /// The second sequence's factor, 0.6180339887… at 64 bits.
    package static let jitter = BigFloat(0.6180339887498949, precision: 53)

    /// Classifies g on the samples: nil when none of the patterns fits (the caller keeps
    /// Richardson's unconverged estimate).
    package static func classify(firstStep H: BigFloat, precision: Int, pointExponent: Int,
                                 sample: (BigFloat, Int) -> BigFloat) -> LimitEstimate? {
        let hBits = Swift.max(0, -(H.exponent ?? 0)) + Swift.max(0, pointExponent)
        let w = precision + 2 * levels + hBits + 64
        guard w <= BigFloat.maximumPrecision else { return nil }
        let main = (0..<levels).map { sample(H.timesPowerOfTwo(-$0), w) }
        let shifted = (0..<levels).map { sample((H * jitter).timesPowerOfTwo(-$0), w) }
        let a = Array(main.suffix(tail)), b = Array(shifted.suffix(tail))
        if let e = divergence(a, b) { return e }
        if a.contains(where: { !$0.isFinite }) || b.contains(where: { !$0.isFinite }) { return nil }
        if let e = oscillation(a, b, precision: precision) { return e }
        return powerLaw(a, b, precision: precision) ?? shrinkingTail(a, b)
    }

    /// The tails' spread keeps shrinking (by 4 or more from the first half of the tail to the
    /// second), without a pattern to extrapolate (h·sin(1/h)): the last sample, with twice the
    /// recent spread as the bound.
    package static func shrinkingTail(_ a: [BigFloat], _ b: [BigFloat]) -> LimitEstimate? {
        let n = a.count / 2
        func spread(_ xs: [BigFloat]) -> BigFloat { xs.max { $0 < $1 }! - xs.min { $0 < $1 }! }
        let recent = spread(Array(a.suffix(n)) + Array(b.suffix(n))), earlier = spread(Array(a.prefix(n)) + Array(b.prefix(n)))
        guard recent.timesPowerOfTwo(2) <= earlier else { return nil }
        let last = a[a.count - 1]
        let bound = BigFloat(recent.timesPowerOfTwo(1), precision: 64, rounding: .up)
        return LimitEstimate(value: BigFloat.abs(last) <= bound ? .zero(precision: last.precision) : last, errorBound: bound,
                             order: nil, method: .sequenceTail, verified: true, levels: levels)
    }

    /// Both tails growing without bound in one direction: every step moves the same way and the
    /// steps do not shrink (h^−γ, or log h with constant steps), or the samples are ±∞.
    package static func divergence(_ a: [BigFloat], _ b: [BigFloat]) -> LimitEstimate? {
        if let first = a.last, first.isInfinite, (a + b).allSatisfy({ $0.isInfinite && $0.signBit == first.signBit }) {
            return diverging(sign: first.signBit ? -1 : 1, rate: nil)
        }
        guard (a + b).allSatisfy(\.isFinite) else { return nil }
        var sign = 0
        var rates: [Double] = []
        for s in [a, b] {
            let steps = zip(s.dropFirst(), s).map { $0 - $1 }
            for d in steps {
                guard !d.isZero else { return nil }
                if sign == 0 { sign = d.signum } else if d.signum != sign { return nil }
            }
            for (d1, d0) in zip(steps.dropFirst(), steps) {
                let r = Double(BigFloat.abs(d1 / d0))
                guard r >= 0.75 else { return nil }   // shrinking steps: a limit, not a divergence
                rates.append(r)
            }
        }
        // The samples must actually be large compared with their start's spread: |g| grows.
        guard BigFloat.abs(a[a.count - 1]) > BigFloat.abs(a[0]) else { return nil }
        let r = rates.sorted()[rates.count / 2]
        return diverging(sign: sign, rate: r > 1.05 ? Double.log2(r) : 0)
    }

    /// ±∞ as an estimate; `rate` γ when |g| grows like h^−γ (0 for a logarithm).
    package static func diverging(sign: Int, rate: Double?) -> LimitEstimate {
        LimitEstimate(value: .infinity(precision: 64, negative: sign < 0), errorBound: .zero(precision: 64),
                      order: rate.map { -$0 }, method: .divergent, verified: true, levels: levels)
    }

    /// The tails keep spreading over a range that does not shrink: no limit.
    package static func oscillation(_ a: [BigFloat], _ b: [BigFloat], precision: Int) -> LimitEstimate? {
        let n = a.count / 2
        func spread(_ xs: [BigFloat]) -> (BigFloat, BigFloat) { (xs.min { $0 < $1 }!, xs.max { $0 < $1 }!) }
        let recent = spread(Array(a.suffix(n)) + Array(b.suffix(n)))
        let before = spread(Array(a.prefix(n)) + Array(b.prefix(n)))
        let width = recent.1 - recent.0, earlier = before.1 - before.0
        let scale = BigFloat.maximum(BigFloat.maximum(BigFloat.abs(recent.0), BigFloat.abs(recent.1)), BigFloat(1, precision: 64))
        guard width > scale.timesPowerOfTwo(-(precision / 4)), width.timesPowerOfTwo(1) >= earlier else { return nil }
        let all = spread(a + b)
        var mid = all.0 + all.1
        mid = mid.timesPowerOfTwo(-1)
        var half = all.1 - all.0
        half = half.timesPowerOfTwo(-1)
        return LimitEstimate(value: mid, errorBound: BigFloat(half, precision: 64, rounding: .up), order: nil,
                             method: .oscillating, verified: true, levels: levels, range: (all.0, all.1))
    }

    /// Steps shrinking by a steady ratio r < 1 (g ≈ L + C·h^β, β = −log₂ r, fractional or not):
    /// Aitken's Δ² gives L; the bound is twice the disagreement of the last two Aitken values
    /// and of the two sequences (the classic estimate of an accelerated sequence's error), and
    /// never below the geometric tail when the Aitken values still move by more than it does.
    package static func powerLaw(_ a: [BigFloat], _ b: [BigFloat], precision: Int) -> LimitEstimate? {
        func aitken(_ s: [BigFloat]) -> (value: BigFloat, previous: BigFloat, ratio: Double, rest: BigFloat)? {
            let steps = zip(s.dropFirst(), s).map { $0 - $1 }
            guard steps.count >= 4, !steps.contains(where: \.isZero) else { return nil }
            let ratios = zip(steps.dropFirst(), steps).map { Double($0 / $1) }
            let r = ratios[ratios.count - 1]
            guard r > 0, r < 0.95, ratios.suffix(4).allSatisfy({ Swift.abs($0 - r) <= 0.1 * r + 1e-9 }) else { return nil }
            func extrapolate(_ i: Int) -> BigFloat {
                // L ≈ s_{i+2} − Δ_{i+1}²/(Δ_{i+1} − Δ_i)
                let d0 = steps[i], d1 = steps[i + 1]
                return s[i + 2] - d1 * d1 / (d1 - d0)
            }
            let last = steps.count - 2
            let rest = BigFloat.abs(steps[steps.count - 1]) * BigFloat(r / (1 - r), precision: 64)
            return (extrapolate(last), extrapolate(last - 1), r, rest)
        }
        guard let x = aitken(a), let y = aitken(b) else { return nil }
        let disagreement = BigFloat.maximum(BigFloat.abs(x.value - x.previous), BigFloat.abs(x.value - y.value))
        // Aitken values that move less than the unaccelerated tail show the model fits: their
        // disagreement is the estimate; otherwise the tail still counts.
        var bound = disagreement * 2
        if disagreement > x.rest.timesPowerOfTwo(-8) { bound = bound + x.rest }
        let scale = BigFloat.maximum(BigFloat.abs(x.value), BigFloat(1, precision: 64))
        bound = BigFloat.maximum(bound, scale.timesPowerOfTwo(-(precision - 8)))
        let value = BigFloat.abs(x.value) <= bound ? BigFloat.zero(precision: x.value.precision) : x.value
        return LimitEstimate(value: value, errorBound: BigFloat(bound, precision: 64, rounding: .up), order: -Double.log2(x.ratio),
                             method: .powerLaw, verified: true, levels: levels)
    }
}

extension LimitEstimate {
    /// The one-sided limit of g(h) as h → 0⁺, estimated: Richardson cross-checked
    /// (``crossChecked(firstStep:precision:targetBits:pointExponent:sample:)``); where that
    /// does not converge, or the jittered samples disagree with it, ``LimitBehaviour`` names what
    /// g does instead (a fractional power, a divergence, an oscillation).
    package static func estimated(firstStep H: BigFloat, precision: Int, targetBits: Int, pointExponent: Int = 0,
                                  sample: @escaping (BigFloat, Int) -> BigFloat) -> LimitEstimate {
        let richardson = crossChecked(firstStep: H, precision: precision, targetBits: targetBits, pointExponent: pointExponent, sample: sample)
        if richardson.method == .richardson || richardson.method == .exact {
            // Cross-check off the dyadic steps: an oscillation locked to h = 2^−k looks constant.
            let hBits = Swift.max(0, -(H.exponent ?? 0)) + Swift.max(0, pointExponent)
            let w = precision + hBits + 64 + 2 * LimitBehaviour.levels
            guard w <= BigFloat.maximumPrecision else { return richardson }
            let probes = (LimitBehaviour.levels - 6)..<LimitBehaviour.levels
            let scale = BigFloat.maximum(BigFloat.abs(richardson.value), BigFloat(1, precision: 64))
            let agrees = probes.allSatisfy { k in
                let v = sample((H * LimitBehaviour.jitter).timesPowerOfTwo(-k), w)
                return v.isFinite && BigFloat.abs(v - richardson.value) <= BigFloat.maximum(richardson.errorBound * 4, scale.timesPowerOfTwo(-(precision / 4)))
                    || (v.isFinite && BigFloat.abs(v - richardson.value) <= BigFloat.abs(H).timesPowerOfTwo(-k + 8) * scale)
            }
            if agrees { return richardson }
        }
        guard let named = LimitBehaviour.classify(firstStep: H, precision: precision, pointExponent: pointExponent, sample: sample) else {
            return richardson
        }
        // A deeper tail replaces a shallower one only when it is tighter.
        if named.method == .sequenceTail, richardson.isNumber, richardson.errorBound <= named.errorBound { return richardson }
        return named
    }
}
