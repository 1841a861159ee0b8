import BigFloat
import Foundation
import KinkCheck
import KinkCheckSupport

/// Kink-aware points of ℝⁿ for a multi-input activation, every coordinate a number of the
/// format: on each non-smooth set (xᵢ = c with the others drawn; a tie xᵢ = xⱼ at a drawn
/// value), one ulp off it in each variable involved (both ways), on the intersection of all its
/// coordinate sets (ReGLU's a = 0, b = 0 included: 0 is drawn for the free coordinates too),
/// in the tails (one coordinate huge), and drawn at random (log-uniform magnitudes, both signs).
/// Deterministic: the points depend on the seed, the activation's name and the format only.
package struct MultiInputGenerator: Sendable {
    package struct Point: Sendable {
        package var coordinates: [Double]
        /// Why the point was chosen ("on a = 0", "1 ulp above x1 = x2", "random").
        package var provenance: String
        /// True when it lies on a non-smooth set (the Clarke and continuity checks use these).
        package var onNonSmoothSet: Bool
        package init(coordinates: [Double], provenance: String, onNonSmoothSet: Bool) {
            self.coordinates = coordinates; self.provenance = provenance; self.onNonSmoothSet = onNonSmoothSet
        }
    }

    package var seed: RunSeed
    package init(seed: RunSeed) { self.seed = seed }

    /// `count` random points plus the structured ones, for `f` in `format` (binary32 or binary64;
    /// the 16-bit formats use binary32's points rounded).
    package func points(for f: any MultiInputActivation, format: IEEEFormat, random count: Int) -> [Point] {
        let n = f.arity
        var rng = Xoshiro256StarStar(seed: SplitMix64.mix(seed.value ^ FNV1a64.hash(f.name + "\u{1F}" + format.name)))
        func rounded(_ d: Double) -> Double { format.rounded(d) }
        let scales = f.inputScales.map { $0?.double }
        func draw() -> Double {
            // Magnitudes 2^−12 … 2^12, log-uniform, both signs; 1 in 16 exactly 0.
            let u = rng.next()
            if u & 15 == 0 { return 0 }
            let e = Double(Int((u >> 8) % 25)) - 12
            let m = 1 + Double((u >> 16) & 0xFFFF) / 65536
            return rounded((u & 16 == 0 ? 1 : -1) * m * Double.pow2(e))
        }
        func draw(_ i: Int) -> Double {
            guard let c = scales[i] else { return draw() }
            // c·2ᵘ with u uniform in [−2, 2]: near c, on its side of 0.
            let u = Double(rng.next() >> 11) / Double(1 << 53) * 4 - 2
            return rounded(c * Foundation.pow(2, u))
        }
        func drawPoint() -> [Double] { (0..<n).map(draw) }
        let codec = format.codec
        func next(_ v: Double, up: Bool) -> Double {
            // The neighbour in the format, on its bit patterns (v is finite and in the format).
            let bits = codec.bits(rounding: v)
            let negative = bits & codec.signMask != 0
            let magnitude = bits & codec.magnitudeMask
            if magnitude == 0 { return codec.double(up ? 1 : codec.signMask | 1) }
            return codec.double(up != negative ? bits + 1 : bits - 1)
        }
        var out: [Point] = []
        let names = f.inputNames
        var coordinateSets: [(Int, Double)] = []
        for set in f.nonSmoothSets {
            switch set {
            case .coordinate(let i, let c):
                let v = rounded(c.double)
                coordinateSets.append((i, v))
                for _ in 0..<3 {
                    var p = drawPoint()
                    p[i] = v
                    out.append(Point(coordinates: p, provenance: "on \(set.description(names: names))", onNonSmoothSet: true))
                    for up in [true, false] {
                        var q = p; q[i] = next(v, up: up)
                        out.append(Point(coordinates: q, provenance: "1 ulp \(up ? "above" : "below") \(set.description(names: names))", onNonSmoothSet: false))
                    }
                }
            case .tie(let ix):
                for _ in 0..<3 {
                    var p = drawPoint()
                    // The tie's value from an input with a domain, if one is tied (x = min).
                    let v = p[ix.first { scales[$0] != nil } ?? ix[0]]
                    for i in ix { p[i] = v }
                    out.append(Point(coordinates: p, provenance: "on \(set.description(names: names))", onNonSmoothSet: true))
                    for i in ix {
                        for up in [true, false] {
                            var q = p; q[i] = next(v, up: up)
                            out.append(Point(coordinates: q, provenance: "\(names[i]) 1 ulp \(up ? "above" : "below") the tie", onNonSmoothSet: false))
                        }
                    }
                }
            case .described:
                break
            }
        }
        if coordinateSets.count > 1 || (coordinateSets.count == 1 && n > 1) {
            // The intersection: every coordinate set at once, the free coordinates 0 too (a
            // parameter at its own value).
            var p = (0..<n).map { scales[$0].map(rounded) ?? 0 }
            for (i, v) in coordinateSets { p[i] = v }
            out.append(Point(coordinates: p, provenance: "on the intersection of the sets", onNonSmoothSet: true))
        }
        for i in 0..<n where scales[i] == nil {
            for big in [1e6, -1e6, 1e30, -1e30] where rounded(big).isFinite {
                var p = drawPoint()
                p[i] = rounded(big)
                out.append(Point(coordinates: p, provenance: "tail: \(names[i]) = \(big)", onNonSmoothSet: false))
            }
        }
        for _ in 0..<count {
            out.append(Point(coordinates: drawPoint(), provenance: "random", onNonSmoothSet: false))
        }
        return out
    }
}

extension Double {
    /// 2^e exactly (|e| ≤ 1000).
    fileprivate static func pow2(_ e: Double) -> Double { Double(sign: .plus, exponent: Int(e), significand: 1) }
}
