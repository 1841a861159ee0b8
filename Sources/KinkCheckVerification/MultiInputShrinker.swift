import BigFloat
import KinkCheck
import KinkCheckSupport

/// Shrinks a failing point of ℝⁿ to a simpler one that still fails, group by group (by default
/// each coordinate alone): a group's coordinates, equal, are tried together as 0, ±1, their
/// integer part, and their value with fewer significant bits (the simplest first), every
/// candidate a number of the format; a candidate is kept when the property still fails there.
/// Repeats until no group gets simpler (at most 64 rounds, and at most `budget` calls of `fails`),
/// so the result is a local minimum of simplicity. Deterministic.
package enum MultiInputShrinker {
    package static func shrink(_ start: [Double], in format: IEEEFormat, groups: [[Int]]? = nil, budget: Int = .max,
                               fails: ([Double]) -> Bool) -> [Double] {
        var point = start
        var calls = 0
        for _ in 0..<64 {
            var changed = false
            for group in groups ?? point.indices.map({ [$0] }) {
                let v = point[group[0]]
                for candidate in candidates(v, in: format) where simpler(candidate, than: v) {
                    guard calls < budget else { return point }
                    var trial = point
                    for i in group { trial[i] = candidate }
                    calls += 1
                    if fails(trial) { point = trial; changed = true; break }
                }
            }
            if !changed { break }
        }
        return point
    }

    /// Simpler values for v, simplest first: 0, ±1 (v's sign), v's integer part, v with 1, 2,
    /// 4, … significant bits (rounded toward 0).
    static func candidates(_ v: Double, in format: IEEEFormat) -> [Double] {
        guard v.isFinite, v != 0 else { return [] }
        var out: [Double] = [0, v < 0 ? -1 : 1, v.rounded(.towardZero)]
        // 1 bit: the power of two toward 0; then 2, 4, 8, … bits.
        out.append(Double(sign: v < 0 ? .minus : .plus, exponent: v.exponent, significand: 1))
        var bits = 2
        while bits < format.precision {
            out.append(Double(BigFloat(v, precision: 53).rounded(toPrecision: bits, rounding: .towardZero)))
            bits *= 2
        }
        return out.map { format.rounded($0) }.filter(\.isFinite)
    }

    /// Fewer significant bits, then smaller magnitude.
    static func simpler(_ a: Double, than b: Double) -> Bool {
        let (sa, sb) = (significantBits(a), significantBits(b))
        return sa != sb ? sa < sb : Swift.abs(a) < Swift.abs(b)
    }

    static func significantBits(_ v: Double) -> Int {
        guard v.isFinite, v != 0 else { return 0 }
        let m = v.significandBitPattern
        return 53 - m.trailingZeroBitCount.clamped(to: 0...52)
    }
}

extension Int {
    fileprivate func clamped(to range: ClosedRange<Int>) -> Int { Swift.min(Swift.max(self, range.lowerBound), range.upperBound) }
}
