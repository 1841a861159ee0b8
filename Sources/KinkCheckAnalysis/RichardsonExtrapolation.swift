import BigFloat
import KinkCheck
import KinkCheckSupport

/// Richardson extrapolation of g(h) as h → 0⁺ over h_i = H·2⁻ⁱ, assuming
/// g(h) = L + c₁h + c₂h² + … (true for difference quotients and values of a function analytic
/// on the side of the point). The Neville/Richardson table's diagonal is followed until its
/// successive differences stop shrinking ("stop when the error grows").
package enum RichardsonExtrapolation {
    package struct Result: Sendable {
        package var value: BigFloat
        package var estimate: BigFloat
        package var levels: Int
        package var samples: [BigFloat]
        package var isConstant: Bool
    }

    /// - Parameters:
    ///   - maxLevels: the most samples taken.
    ///   - precision: working precision of the table.
    ///   - sample: g at level i (h = H·2⁻ⁱ), computed by the caller at `precision` or more.
    package static func extrapolate(maxLevels: Int, precision: Int, sample: (Int) -> BigFloat) -> Result {
        var samples: [BigFloat] = []
        var row: [BigFloat] = []                 // previous row of the table
        var diagonal: [BigFloat] = []
        var diffs: [BigFloat] = []
        var best = 0
        var growing = 0
        for i in 0..<maxLevels {
            let s = BigFloat(sample(i), precision: precision)
            samples.append(s)
            var current = [s]
            for j in 1...max(i, 1) where i >= 1 {
                // T[i][j] = T[i][j−1] + (T[i][j−1] − T[i−1][j−1]) / (2^j − 1)
                var t = current[j - 1] - row[j - 1]
                t /= BigFloat((1 << min(j, 62)) - 1, precision: precision)
                if j > 62 { t = t.timesPowerOfTwo(62 - j) }
                current.append(current[j - 1] + t)
            }
            row = current
            diagonal.append(current[current.count - 1])
            if i >= 1 {
                diffs.append(BigFloat.abs(diagonal[i] - diagonal[i - 1]))
                let d = diffs.count - 1
                if samples.allSatisfy({ $0.isIdentical(to: samples[0]) }) && i >= 3 {
                    return Result(value: samples[0], estimate: .zero(precision: precision), levels: i + 1, samples: samples, isConstant: true)
                }
                if d == 0 || diffs[d] < diffs[best] || diffs[d].isZero { best = d; growing = 0 }
                else { growing += 1 }
                if diffs[best].isZero && d >= best + 1 { break }
                if growing >= 3 && d >= 4 { break }
            }
        }
        let value = diagonal[best + 1]
        // The classic estimate |T_n − T_{n−1}|, doubled, and never below a few ulps of the table.
        var estimate = diffs.isEmpty ? BigFloat.infinity(precision: precision) : diffs[best] * 2
        let floor = BigFloat.abs(value).timesPowerOfTwo(-(precision - 16))
        if estimate < floor { estimate = floor }
        return Result(value: value, estimate: estimate, levels: samples.count, samples: samples, isConstant: false)
    }
}

extension LimitEstimate {
    /// Extrapolates twice — at `precision` with step H, and at a higher precision with step c·H —
    /// and keeps a bound only if the second value lies within it; otherwise the bound grows to
    /// cover the disagreement. `sample(h, W)` returns g(h) computed at working precision W.
    /// `pointExponent` is the binary exponent of the point x the steps are taken from: x ± h must
    /// be exact-ish at the working precision, so a huge x costs that many bits more.
    package static func crossChecked(firstStep H: BigFloat, precision: Int, targetBits: Int, pointExponent: Int = 0,
                                     sample: @escaping (BigFloat, Int) -> BigFloat) -> LimitEstimate {
        let levels = Swift.min(120, Int(Double(2 * targetBits).squareRoot()) + 12)
        let hBits = Swift.max(0, -(H.exponent ?? 0)) + Swift.max(0, pointExponent)
        let w1 = precision + 2 * levels + hBits + 64
        guard w1 + targetBits / 2 + 64 + 2 * levels <= BigFloat.maximumPrecision else {
            // The steps would need more than MPFR's largest precision: no estimate at all.
            return LimitEstimate(value: .nan(precision: precision), errorBound: .infinity(precision: 64), order: nil,
                                 method: .unconverged, verified: false, levels: 0)
        }
        var first = RichardsonExtrapolation.extrapolate(maxLevels: levels, precision: w1) { i in
            sample(H.timesPowerOfTwo(-i), w1)
        }
        let w2 = w1 + targetBits / 2 + 64
        // The second run's steps are c·H·2^−i with c = 0.618… (not H/2): off the first run's
        // dyadic steps, so a sequence locked to them (sin(1/h) at h = 2^−k) cannot agree with
        // itself by construction.
        let H2 = H * LimitBehaviour.jitter
        var second = RichardsonExtrapolation.extrapolate(maxLevels: levels + 1, precision: w2) { i in
            sample(H2.timesPowerOfTwo(-i), w2)
        }
        // A limit of 0 is reported as +0 (the sign of a zero limit carries no information).
        if first.value.isZero { first.value = .zero(precision: first.value.precision) }
        if second.value.isZero { second.value = .zero(precision: second.value.precision) }
        let disagreement = BigFloat.abs(first.value - second.value)
        let held = disagreement <= first.estimate
        var bound = BigFloat.maximum(first.estimate, second.estimate)
        if !held { bound = BigFloat.maximum(bound, disagreement * 2) }
        if first.isConstant && second.isConstant && first.value.isIdentical(to: second.value) {
            return LimitEstimate(value: second.value, errorBound: .zero(precision: w2), order: nil,
                                 method: .exact, verified: true, levels: second.levels)
        }
        // Observed order of the raw sequence against the limit, in its truncation regime.
        var order: Double? = nil
        let raw = second.samples
        if raw.count >= 4 {
            let e1 = BigFloat.abs(raw[1] - second.value), e2 = BigFloat.abs(raw[2] - second.value)
            if !e1.isZero && !e2.isZero {
                order = Double(BigFloat.log2(BigFloat(e1 / e2, precision: 64)))
            }
        }
        let converged = bound <= BigFloat.abs(second.value).timesPowerOfTwo(-targetBits / 2) || bound.exponent.map { $0 < -targetBits / 2 } ?? true
        if !converged {
            // The sequence is not analytic in h (it oscillates, or has a fractional power): fall
            // back to its tail — the deepest sample, with the spread of the last few samples of
            // both runs as the bound — when that is tighter.
            let tail = ((levels - 3)...levels).flatMap { i in
                [sample(H.timesPowerOfTwo(-i), w2), sample(H2.timesPowerOfTwo(-i), w2)]
            }
            let last = tail[tail.count - 1]
            var spread = BigFloat.zero(precision: w2)
            for s in tail { spread = BigFloat.maximum(spread, BigFloat.abs(s - last)) }
            let tailBound = spread * 2
            if tailBound < bound {
                return LimitEstimate(value: last.isZero ? .zero(precision: w2) : last, errorBound: tailBound, order: order,
                                     method: .sequenceTail, verified: true, levels: second.levels)
            }
        }
        return LimitEstimate(value: second.value, errorBound: bound, order: order,
                             method: converged ? .richardson : .unconverged,
                             verified: held, levels: second.levels)
    }
}
