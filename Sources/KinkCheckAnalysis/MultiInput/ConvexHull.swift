import BigFloat
import KinkCheck
import KinkCheckSupport

/// Distances to the convex hull of finitely many points of ℝⁿ, by Wolfe's minimum-norm-point
/// algorithm (finite in exact arithmetic; here in MPFR at a working precision well beyond the
/// points', so its own rounding is far below any tolerance a caller passes).
package enum ConvexHull {
    /// The Euclidean distance from `v` to conv(`points`), rounded up; `points` is not empty and
    /// every point has v's dimension.
    package static func distance(from v: [BigFloat], to points: [[BigFloat]], precision w: Int) -> BigFloat {
        let p = points.map { q in zip(q, v).map { BigFloat($0.0, precision: w) - BigFloat($0.1, precision: w) } }
        let x = minimumNormPoint(p, precision: w)
        var sum = BigFloat.zero(precision: w)
        for c in x { sum += c * c }
        return BigFloat.sqrt(sum).rounded(toPrecision: 64, rounding: .up)
    }

    /// The indices of the points that are not within `tolerance` of the hull of the others
    /// (the vertices), in order; of points within `tolerance` of each other the first is kept.
    package static func vertices(_ points: [[BigFloat]], tolerance: BigFloat, precision w: Int) -> [Int] {
        var kept = Array(points.indices)
        var changed = true
        while changed && kept.count > 1 {
            changed = false
            for (k, i) in kept.enumerated().reversed() {
                let others = kept.enumerated().filter { $0.offset != k }.map { points[$0.element] }
                if distance(from: points[i], to: others, precision: w) <= tolerance {
                    kept.remove(at: k)
                    changed = true
                    break
                }
            }
        }
        return kept
    }

    /// Wolfe's algorithm: the point of conv(`p`) nearest the origin.
    private static func minimumNormPoint(_ p: [[BigFloat]], precision w: Int) -> [BigFloat] {
        let zero = BigFloat.zero(precision: w)
        func dot(_ a: [BigFloat], _ b: [BigFloat]) -> BigFloat { zip(a, b).reduce(zero) { $0 + $1.0 * $1.1 } }
        func combine(_ s: [Int], _ l: [BigFloat]) -> [BigFloat] {
            var out = Array(repeating: zero, count: p[0].count)
            for (i, k) in s.enumerated() { for j in out.indices { out[j] += l[i] * p[k][j] } }
            return out
        }
        let slack = BigFloat(1, precision: w).timesPowerOfTwo(-(w - 16))
        var s = [p.indices.min { dot(p[$0], p[$0]) < dot(p[$1], p[$1]) }!]
        var lambda = [BigFloat(1, precision: w)]
        var x = p[s[0]]
        for _ in 0..<(4 * p.count + 16) {
            let xx = dot(x, x)
            guard let j = p.indices.filter({ !s.contains($0) }).min(by: { dot(x, p[$0]) < dot(x, p[$1]) }),
                  dot(x, p[j]) < xx - slack * Swift.max(xx, BigFloat(1, precision: w)) else { return x }
            s.append(j); lambda.append(zero)
            while true {
                guard let mu = affineMinimizer(s.map { p[$0] }, precision: w) else { return x }
                if mu.allSatisfy({ $0 > slack }) { lambda = mu; x = combine(s, mu); break }
                // Step from λ towards μ until a weight reaches 0; drop it.
                var theta = BigFloat(1, precision: w)
                for (l, m) in zip(lambda, mu) where m <= slack {
                    let t = l / (l - m)
                    if t < theta { theta = t }
                }
                lambda = zip(lambda, mu).map { $0.0 + theta * ($0.1 - $0.0) }
                let drop = lambda.indices.filter { lambda[$0] <= slack }
                guard !drop.isEmpty else { return x }
                for k in drop.reversed() { s.remove(at: k); lambda.remove(at: k) }
                x = combine(s, lambda)
                if s.count == 1 { lambda = [BigFloat(1, precision: w)]; x = p[s[0]]; break }
            }
        }
        return x
    }

    /// The weights μ (Σμ = 1) of the point of the affine hull of `q` nearest the origin, by
    /// solving [QᵀQ 1; 1ᵀ 0]·[μ; ν] = [0; 1]; nil when the system is singular (q affinely dependent).
    private static func affineMinimizer(_ q: [[BigFloat]], precision w: Int) -> [BigFloat]? {
        let m = q.count
        let zero = BigFloat.zero(precision: w), one = BigFloat(1, precision: w)
        var a: [[BigFloat]] = (0...m).map { i in
            (0...(m + 1)).map { j in
                if i == m { return j == m ? zero : (j == m + 1 ? one : one) }
                if j == m { return one }
                if j == m + 1 { return zero }
                return zip(q[i], q[j]).reduce(zero) { $0 + $1.0 * $1.1 }
            }
        }
        // Gaussian elimination with partial pivoting.
        for c in 0...m {
            guard let r = (c...m).max(by: { BigFloat.abs(a[$0][c]) < BigFloat.abs(a[$1][c]) }), !a[r][c].isZero else { return nil }
            a.swapAt(c, r)
            for i in 0...m where i != c {
                let f = a[i][c] / a[c][c]
                if f.isZero { continue }
                for j in c...(m + 1) { a[i][j] = a[i][j] - f * a[c][j] }
            }
        }
        return (0..<m).map { a[$0][m + 1] / a[$0][$0] }
    }
}
