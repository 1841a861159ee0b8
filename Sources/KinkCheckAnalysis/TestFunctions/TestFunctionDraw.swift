import BigFloat
import KinkCheckSupport

/// Test functions drawn from a seed, biased so that kinks fall inside the support, exactly on
/// its ends, and just beside them. Centres and half-widths are short dyadic numbers, exact at
/// every precision.
package enum TestFunctionDraw {
    package enum Placement: String, Sendable, CaseIterable { case inside, atEdge = "at_edge", besideEdge = "beside_edge", anywhere }

    /// `count` test functions for kinks `kinks` (0 when there are none), from `seed`. With
    /// `coveringEveryKink`, the first function drawn for each kink has the kink inside its support
    /// (the other placements may leave every kink where φ and its derivatives vanish, so a wrong
    /// jump or derivative there would go unseen); the random stream is the same either way.
    package static func draw(count: Int, seed: UInt64, kinks: [BigFloat], precision: Int,
                            coveringEveryKink: Bool = false) -> [(any TestFunction, Placement)] {
        var rng = SplitMix64(seed: seed ^ 0x6469_7374_7269_6275)   // "distribu"
        let targets = kinks.isEmpty ? [BigFloat.zero(precision: precision)] : kinks
        func unit() -> Int { Int(rng.next() >> 11) }     // 53 random bits
        func dyadic(_ numerator: Int, _ k: Int) -> BigFloat { BigFloat(numerator, precision: precision).timesPowerOfTwo(-k) }
        var out: [(any TestFunction, Placement)] = []
        for i in 0..<count {
            let x0 = BigFloat(targets[i % targets.count], precision: precision)
            // Half-width in [1/4, 2) with 8 fractional bits.
            let w = dyadic(64 + unit() % 448, 8)
            let drawn = Placement.allCases[unit() % 4]
            let placement = coveringEveryKink && i < targets.count ? .inside : drawn
            let sign = unit() % 2 == 0 ? 1 : -1
            var c: BigFloat
            switch placement {
            case .inside:       // the kink at t ∈ (−0.9, 0.9)
                let t = dyadic(unit() % 461 - 230, 8)
                c = x0 - t * w
            case .atEdge:       // the kink exactly at c ∓ w
                c = sign > 0 ? x0 + w : x0 - w
            case .besideEdge:   // the kink 2^−m of the width inside or outside an end
                let m = 4 + unit() % 37
                let offset = w * (1 + (unit() % 2 == 0 ? 1 : -1) * (BigFloat(1, precision: precision).timesPowerOfTwo(-m)))
                c = sign > 0 ? x0 + offset : x0 - offset
            case .anywhere:
                c = dyadic(unit() % 2561 - 1280, 8)       // [−5, 5]
            }
            c = BigFloat(c, precision: precision)
            let kind = unit() % 10
            let phi: any TestFunction
            if kind < 7 {
                phi = SmoothBump(center: c, halfWidth: w)
            } else if kind < 9 {
                phi = PolynomialBump(center: c, halfWidth: w, degree: 3 + unit() % 4)
            } else {
                let coefficients = (0..<(1 + unit() % 3)).map { _ in dyadic(unit() % 17 - 8, 2) }
                phi = BumpTimesPolynomial(center: c, halfWidth: w, coefficients: coefficients)
            }
            out.append((phi, placement))
        }
        return out
    }
}
