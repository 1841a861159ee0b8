import BigFloat
import KinkCheck
import KinkCheckSupport
import Synchronization

/// One level of tanh-sinh nodes on [−1, 1] (internal).
///
/// Level 0 holds t = 0, 1, 2, …; level k ≥ 1 holds the new points of step 2^-k,
/// t = (2i + 1)/2^k. For each t ≥ 0 the nodes are ±x with x = tanh(π/2 · sinh t); the table
/// stores the distance to the endpoint, d = 1 − x = 2/(e^{π sinh t} + 1), which keeps full
/// relative precision where x itself would round to 1, and the weight
/// w = (π/2) cosh t / cosh²(π/2 · sinh t) = (π/2) cosh t · d(2 − d) without the step h.
package struct TanhSinhLevel: Sendable {
    package let level: Int
    package let distances: [BigFloat]
    package let weights: [BigFloat]
    package var count: Int { distances.count }

    /// t of node i: i at level 0, (2i + 1)/2^k at level k (exact in Double).
    package func t(_ i: Int) -> Double {
        level == 0 ? Double(i) : Double(2 * i + 1) / Double(1 << level)
    }

    /// The index of the last node with t ≤ `limit` (+∞ allowed), or −1 when there is none.
    package func lastIndex(notBeyond limit: Double) -> Int {
        if limit >= Double(count + 1) { return count - 1 }   // also +∞
        if limit < 0 { return -1 }
        // Level 0: i ≤ limit; level k: (2i + 1)/2^k ≤ limit ⇔ i ≤ (limit·2^k − 1)/2.
        let last = level == 0 ? limit.rounded(.down) : ((limit * Double(1 << level) - 1) / 2).rounded(.down)
        return Swift.min(Int(last), count - 1)
    }
}

/// The tanh-sinh nodes for one working precision, grown level by level on demand and shared by
/// every call and thread at that precision.
///
/// Nodes are computed at `precision + 16 + ⌈log₂ precision⌉` bits and rounded once: the argument
/// of the outer exponential reaches ≈ 2·precision·ln 2, so its rounding error is amplified by
/// that much. A level stops at the first node with d < 2^(−2·precision): beyond it, even an
/// integrand like x^(−1/2) at an endpoint at 0 contributes less than the working epsilon.
package final class TanhSinhNodeTable: Sendable {
    package let precision: Int
    private let levels = Mutex<[TanhSinhLevel]>([])
    private let counters = Mutex(QuadratureCacheStatistics())

    package init(precision: Int) { self.precision = precision }

    package var statistics: QuadratureCacheStatistics { counters.withLock { $0 } }

    /// Level `k`, computing it (and any missing level below it) if needed.
    package func level(_ k: Int) -> TanhSinhLevel {
        precondition(k >= 0)
        var built = 0
        let result: TanhSinhLevel = levels.withLock { table in
            while table.count <= k {
                table.append(TanhSinhNodeTable.compute(level: table.count, precision: precision))
                built += 1
            }
            return table[k]
        }
        counters.withLock { if built > 0 { $0.built += built } else { $0.hits += 1 } }
        return result
    }

    package static func compute(level k: Int, precision p: Int) -> TanhSinhLevel {
        let q = p + 16 + QuadratureMath.ceilLog2(p)
        let pi = BigFloat.pi(precision: q)
        var halfPi = pi; halfPi = halfPi.timesPowerOfTwo(-1)
        let minimumExponent = -2 * p
        var distances: [BigFloat] = [], weights: [BigFloat] = []
        var t = UniqueBigFloat(nanWithPrecision: q), et = UniqueBigFloat(nanWithPrecision: q)
        var inverse = UniqueBigFloat(nanWithPrecision: q), sinh = UniqueBigFloat(nanWithPrecision: q)
        var cosh = UniqueBigFloat(nanWithPrecision: q), big = UniqueBigFloat(nanWithPrecision: q)
        var d = UniqueBigFloat(nanWithPrecision: q), w = UniqueBigFloat(nanWithPrecision: q)
        var twoMinusD = UniqueBigFloat(nanWithPrecision: q)
        let two = BigFloat(2, precision: q), one = BigFloat(1, precision: q)
        var i = 0
        while true {
            // t = i (level 0) or (2i + 1)/2^k
            t.set(k == 0 ? i : 2 * i + 1)
            if k > 0 { t.formTimesPowerOfTwo(-k) }
            et.set(.exp, of: t)
            inverse.setQuotient(one, et)
            sinh.setDifference(et, inverse); sinh.formTimesPowerOfTwo(-1)
            cosh.setSum(et, inverse); cosh.formTimesPowerOfTwo(-1)
            big.setProduct(pi, sinh)
            big.formExp()                       // e^{π sinh t}
            big.formSum(with: 1)
            d.setQuotient(two, big)             // 1 − tanh(π/2 sinh t)
            guard let e = d.exponent, e >= minimumExponent else { break }
            twoMinusD.setDifference(two, d)
            w.setProduct(halfPi, cosh)
            w.formProduct(with: d)
            w.formProduct(with: twoMinusD)
            distances.append(d.rounded(toPrecision: p))
            weights.append(w.rounded(toPrecision: p))
            i += 1
        }
        return TanhSinhLevel(level: k, distances: distances, weights: weights)
    }
}

extension TanhSinhNodeTable {
    /// The process-wide tables, one per working precision.
    package static let cache = QuadratureNodeCache<Int, TanhSinhNodeTable>()

    package static func shared(precision: Int) -> TanhSinhNodeTable {
        cache.table(for: precision) { TanhSinhNodeTable(precision: precision) }
    }
}
