import BigFloat
import KinkCheck
import KinkCheckSupport
import RealModule

/// Proven enclosures of ∫ hᵢ over [e₀, e_last] for the parts hᵢ of one integrand (both sides of
/// an identity, sharing every sub-interval and node), split at given points, by Gauss–Legendre with
/// Bernstein-ellipse error bounds on adaptively bisected sub-intervals (the method of Arb's
/// `acb_calc_integrate`; F. Johansson, "Numerical integration in arbitrary-precision ball
/// arithmetic", 2018).
///
/// On each sub-interval [a, b] (midpoint m, half-width r), ``CertifiedIntegrand/cell`` proves
/// which program the definition runs on [a, b] (minus at most one end) and encloses h over
/// [a, b] and on a rectangle around the narrowest Bernstein ellipse E_ρ = {m + r·(ρe^{iθ} +
/// e^{−iθ}/ρ)/2} of the few ρ tried — on the wider ones too where the direct bound below does not
/// settle every part and some part is bounded on the narrowest. Then, part by part, either
/// - **direct:** (b − a)·h([a, b]) — the mean value theorem — when its width is within the
///   sub-interval's share of the tolerance, τ·(b − a)/L (slivers beside a support end, where
///   φ ≈ e^(−1/s) is far below the tolerance, or where h is 0);
/// - **Gauss–Legendre:** h analytic on a rectangle around E_ρ with |h| ≤ M there gives
///   |∫ − Gₙ| ≤ r · 64M/(15(ρ² − 1)ρ^(2n)) (L. N. Trefethen, *Approximation Theory and
///   Approximation Practice*, Thm 19.3, scaled to [a, b]); the smallest n of ``degrees`` that
///   meets the share is used, with the nodes and weights as proven enclosures
///   (``VerifiedGaussLegendreNodes``) and h enclosed at each node (``CertifiedIntegrand/node(_:)``);
/// - else [a, b] is bisected.
///
/// A support end, where φ has an essential singularity, is never inside an analytic rectangle's
/// finite evaluation: the sub-intervals beside it shrink until the direct bound takes them. A
/// branch switch at a simple binary number is reached exactly by bisection (``split(_:_:)``) and
/// proven from one side; one at a point no binary number holds (1/3, √½) is the caller's gap
/// (``DistributionalCheck/gapEnclosures(_:_:)``). A switch the caller did not name there, a
/// singularity of f itself (x²·sin(1/x) at 0) or a pole leaves sub-intervals that never settle:
/// after ``maximumSubintervals`` the integral is not certified, and the failure says where.
package struct CertifiedQuadrature: Sendable {
    package var degrees = [8, 12, 16, 24, 32, 48, 64, 96, 128]
    /// ρ of the Bernstein ellipses tried on every sub-interval.
    package var radii: [Double] = [64, 12, 4, 1.8, 1.25]
    /// Sub-intervals examined per integral before giving up.
    package var maximumSubintervals = 3_000

    package init() {}

    package struct Result: Sendable {
        /// Contains ∫ h.
        package var enclosure: MPFRInterval
        /// ≈ ∫ |h| (from the same nodes; a scale, not a bound).
        package var absoluteIntegral: BigFloat
    }

    package struct Failure: Error, Sendable {
        /// Why, and where: "no proof on [a, b]: …".
        package var reason: String
    }

    /// ∫ hᵢ for every part of `h` over [ends.first, ends.last] but the `gaps` (pieces the caller
    /// encloses itself), split at the interior ends, each to an absolute `tolerance` τ (the
    /// enclosures' radii are about τ or below), nodes at
    /// `precision` bits (which must resolve the ends), Gauss–Legendre tables at `tablePrecision`
    /// bits (relative to each sub-interval), rectangles at `boxPrecision` bits. The parts share
    /// every sub-interval and node.
    package func integrate(_ h: CertifiedIntegrand, ends: [BigFloat], skipping gaps: [(BigFloat, BigFloat)] = [],
                           tolerance tau: BigFloat, precision p: Int,
                           tablePrecision: Int, boxPrecision: Int) -> Swift.Result<[Result], Failure> {
        precondition(ends.count >= 2)
        let total = MPFRInterval(ends.last!) - MPFRInterval(ends.first!)
        let length = total.upper
        let count = h.parts.count
        var sums = [MPFRInterval](repeating: MPFRInterval(BigFloat.zero(precision: p)), count: count)
        var absolute = [BigFloat](repeating: .zero(precision: 64), count: count)
        var subintervals = 0
        var lastReason = ""
        for i in 0..<(ends.count - 1) where ends[i] < ends[i + 1] {
            let l = ends[i], r = ends[i + 1]
            if gaps.contains(where: { $0.0 == l && $0.1 == r }) { continue }
            var stack = [(l, r)]
            while let (a, b) = stack.popLast() {
                subintervals += 1
                if subintervals > maximumSubintervals {
                    return .failure(Failure(reason: "no proof within \(maximumSubintervals) sub-intervals (last near [\(a.shortDecimal(8)), \(b.shortDecimal(8))]: \(lastReason))"))
                }
                let share = (MPFRInterval(tau) * (MPFRInterval(b) - MPFRInterval(a)) / MPFRInterval(length)).lower
                switch settle(h, a, b, atLeft: a == l, atRight: b == r, share: share, precision: p,
                              tablePrecision: tablePrecision, boxPrecision: boxPrecision) {
                case .settled(let parts):
                    for j in 0..<count {
                        sums[j] = sums[j] + parts[j].0
                        absolute[j] = absolute[j] + parts[j].1
                    }
                case .bisect(let why):
                    lastReason = why
                    let mid = CertifiedQuadrature.split(a, b)
                    guard mid > a && mid < b else {
                        return .failure(Failure(reason: "no proof on [\(a.shortDecimal(8)), \(b.shortDecimal(8))]: \(why)"))
                    }
                    stack.append((mid, b))
                    stack.append((a, mid))
                }
            }
        }
        return .success((0..<count).map { Result(enclosure: sums[$0], absoluteIntegral: absolute[$0]) })
    }

    enum Step {
        /// Each part's enclosure and ≈ ∫|hᵢ|.
        case settled([(MPFRInterval, BigFloat)])
        case bisect(String)
    }

    /// One sub-interval: for each part a direct bound or a Gauss–Legendre enclosure (one set of
    /// nodes for all parts that need one), or the reason to bisect.
    func settle(_ h: CertifiedIntegrand, _ a: BigFloat, _ b: BigFloat, atLeft: Bool, atRight: Bool, share: BigFloat,
                precision p: Int, tablePrecision: Int, boxPrecision: Int) -> Step {
        let width = MPFRInterval(b) - MPFRInterval(a)
        let half = width * MPFRInterval(BigFloat(0.5, precision: 64))
        let q = Swift.max(a.precision, b.precision) + 1
        var m = BigFloat(nanWithPrecision: q)
        m.setSum(a, b)
        m = m.timesPowerOfTwo(-1)
        func rectangle(_ rho: Double) -> ComplexBox { Self.ellipseRectangle(centre: m, half: half, rho: rho, precision: boxPrecision) }
        // Prove the program from the side whose end is a breakpoint, else from either, over K and
        // the narrowest rectangle. Where every part's direct bound settles K (slivers, zeros), no
        // other rectangle is evaluated; where no part that needs one is bounded even on the
        // narrowest (a support end or a singularity close by), neither are the wider ones, which
        // contain it: [a, b] is bisected (about half the sub-intervals tried).
        let sides: [Side] = atRight && !atLeft ? [.left, .right] : [.right, .left]
        let narrowest = radii.indices.min { radii[$0] < radii[$1] }!
        guard let first = h.cell(a, b, sides: sides, boxes: [rectangle(radii[narrowest])]) else {
            return .bisect("a branch of the definition is not proven constant")
        }
        let directs = first.map { cell -> (MPFRInterval, BigFloat)? in
            guard cell.real.isFiniteInterval else { return nil }
            let direct = width * cell.real
            guard direct.upper - direct.lower <= share else { return nil }
            return (direct, BigFloat.maximum(BigFloat.abs(direct.lower), BigFloat.abs(direct.upper)))
        }
        if directs.allSatisfy({ $0 != nil }) { return .settled(directs.map { $0! }) }
        guard directs.indices.contains(where: { directs[$0] == nil && first[$0].boxes[0].isFinite }) else {
            return .bisect("the integrand is not analytic and bounded around it")
        }
        let others = radii.indices.filter { $0 != narrowest }
        guard let rest = h.cell(a, b, sides: sides, boxes: others.map { rectangle(radii[$0]) }) else {
            return .bisect("a branch of the definition is not proven constant")
        }
        // Each part's boxes in the order of `radii`.
        let cells = first.indices.map { j in
            (real: first[j].real, boxes: radii.indices.map { $0 == narrowest ? first[j].boxes[0] : rest[j].boxes[others.firstIndex(of: $0)!] })
        }
        var settled = directs
        var degree = 0, errors = [BigFloat?](repeating: nil, count: cells.count)
        for (j, cell) in cells.enumerated() where settled[j] == nil {
            // The cheapest degree over the rectangles where hⱼ is analytic and bounded.
            var best: (n: Int, error: BigFloat)? = nil
            for (rho, box) in zip(radii, cell.boxes) where box.isFinite {
                let mag = box.magnitudeUpperBound
                guard let n = self.degree(half: half.upper, bound: mag, rho: rho, share: share) else { continue }
                if best == nil || n < best!.n { best = (n, errorBound(half: half.upper, bound: mag, rho: rho, n: n)) }
            }
            guard let (n, error) = best, error <= share else {
                return .bisect("the integrand is not analytic and bounded around it")
            }
            degree = Swift.max(degree, n)
            errors[j] = error
        }
        // One set of nodes for the parts left; a larger n than a part needed only lowers its
        // bound (ρ^(−2n)): its own bound stands.
        let gaussParts = errors.indices.filter { errors[$0] != nil }
        guard !gaussParts.isEmpty else { return .settled(settled.map { $0! }) }
        guard let nodes = VerifiedGaussLegendreNodes.shared(points: degree, precision: tablePrecision) else {
            return .bisect("no proven Gauss–Legendre nodes of degree \(degree)")
        }
        var sums = [MPFRInterval](repeating: MPFRInterval(BigFloat.zero(precision: p)), count: cells.count)
        var magnitudes = [BigFloat](repeating: .zero(precision: 64), count: cells.count)   // ≈ Σ w|h|
        func visit(_ x: MPFRInterval, _ w: MPFRInterval) -> Bool {
            guard let v = h.node(x) else { return false }
            for j in gaussParts {
                sums[j] = sums[j] + w * v[j]
                magnitudes[j].formFusedMultiplyAdd(w.upper, BigFloat.maximum(BigFloat.abs(v[j].lower), BigFloat.abs(v[j].upper)))
            }
            return true
        }
        let (finite, ambiguous) = IntervalAmbiguity.withTracking { nodes.forEachNode(on: a, b, half: half, visit) }
        guard finite else { return .bisect("the integrand is not finite at a node") }
        guard ambiguous == 0 else { return .bisect("a node's branch is ambiguous") }
        for j in gaussParts {
            let error = errors[j]!
            settled[j] = (half * sums[j] + MPFRInterval(lower: -error, upper: error), (half * MPFRInterval(magnitudes[j])).upper)
        }
        return .settled(settled.map { $0! })
    }
    /// The rectangle around the Bernstein ellipse E_ρ of the interval with midpoint m and half-width
    /// r: semi-axes r(ρ ± 1/ρ)/2, widened by 2⁻²⁰ for m's rounding (far below r), at `p` bits.
    package static func ellipseRectangle(centre m: BigFloat, half r: MPFRInterval, rho: Double, precision p: Int) -> ComplexBox {
        let along = BigFloat((rho + 1 / rho) / 2 * (1 + 0x1p-20), precision: 64)
        let across = BigFloat((rho - 1 / rho) / 2 * (1 + 0x1p-20), precision: 64)
        return ComplexBox.rectangle(center: m, halfWidth: (r * MPFRInterval(along)).upper,
                                    halfHeight: (r * MPFRInterval(across)).upper, precision: p)
    }

    /// Where to bisect (a, b): at the simplest binary number inside — 0, else the one with the
    /// fewest significant bits (from MPFR's minimum of 2: 1 and ±0.75 alike), the closest to the
    /// midpoint among those. Definitions switch
    /// branch at such numbers (sigmoid's two forms at 0, softsign's at ±1, a threshold at 20), and
    /// a switch is proven only from a sub-interval that ends exactly on it; midpoints of other
    /// ends need never land there. Being the closest to the midpoint of its kind, the point is
    /// inside whenever any of its kind is, and splits evenly where the interval is wide.
    package static func split(_ a: BigFloat, _ b: BigFloat) -> BigFloat {
        let q = Swift.max(a.precision, b.precision) + 1
        if a.signum < 0 && b.signum > 0 { return .zero(precision: q) }
        var mid = BigFloat(nanWithPrecision: q)
        mid.setSum(a, b)
        mid = mid.timesPowerOfTwo(-1)
        for bits in BigFloat.minimumPrecision..<q {
            let candidate = BigFloat(BigFloat(mid, precision: bits), precision: q)
            if candidate > a && candidate < b { return candidate }
        }
        return mid
    }

    /// The smallest n of ``degrees`` whose bound r·64M/(15(ρ² − 1)ρ^(2n)) is within `share`
    /// (estimated in Double logarithms; ``errorBound`` is the proven value).
    func degree(half r: BigFloat, bound m: BigFloat, rho: Double, share: BigFloat) -> Int? {
        guard m.isFinite, let lr = binaryLogarithm(r), let ls = binaryLogarithm(share) else { return nil }
        guard let lm = binaryLogarithm(m) else { return degrees.first }   // M = 0: h ≡ 0 there
        let need = (lr + lm + Double.log2(64.0 / 15) - Double.log2(rho * rho - 1) - ls) / (2 * Double.log2(rho))
        return degrees.first { Double($0) >= need + 0.5 }
    }

    /// r·64M/(15(ρ² − 1)ρ^(2n)), rounded up.
    func errorBound(half r: BigFloat, bound m: BigFloat, rho: Double, n: Int) -> BigFloat {
        let rh = MPFRInterval(BigFloat(rho, precision: 64))
        let num = MPFRInterval(r) * MPFRInterval(m) * MPFRInterval(exactInteger: 64)
        let den = MPFRInterval(exactInteger: 15) * (rh * rh - MPFRInterval(exactInteger: 1)) * MPFRInterval.power(rh, 2 * n)
        return (num / den).upper
    }

    /// log₂|x| for a finite nonzero x (any exponent), else nil.
    func binaryLogarithm(_ x: BigFloat) -> Double? {
        let l = x.log2Magnitude
        return l.isFinite ? l : nil
    }
}
