import BigFloat
import KinkCheck
import KinkCheckSupport

/// How an activation behaves at a point, for subgradient purposes.
package enum PointClassification: String, Sendable {
    /// Continuous, D⁻ = D⁺, and f′ has that limit from both sides.
    case differentiable
    /// D⁻ < D⁺ (a corner that turns up, like ReLU at 0).
    case convexKink = "convex_kink"
    /// D⁻ > D⁺ (a corner that turns down, like SELU at 0).
    case concaveKink = "concave_kink"
    /// D⁻ = D⁺ (or f differentiable) but f′ has no limit nearby — it oscillates (x²·sin(1/x) at 0).
    case nonsmooth
    /// Discontinuous: no Clarke set.
    case jump
    /// Continuous, but a one-sided derivative is infinite (√|x| at 0, x·log x at 0⁺): f is not
    /// Lipschitz near the point, so there is no Clarke set.
    case infiniteSlope = "infinite_slope"
    /// f has no limit on a side: it oscillates (where(sin(1/x) < 0, 0, 1) at 0), over a range
    /// the one-sided value reports. No Clarke set.
    case noOneSidedLimit = "no_one_sided_limit"
    /// The one-sided limits agree to within their certified enclosures but are not proven equal
    /// (softplus's jump of e^(−10⁹) at a threshold of 10⁹): continuity, and with it a Clarke set,
    /// is not established.
    case notEstablished = "not_established"
}

/// A closed interval [lower, upper] of derivative values.
package struct DerivativeSet: Sendable {
    package var lower: BigFloat
    package var upper: BigFloat
    package init(_ lower: BigFloat, _ upper: BigFloat) { self.lower = lower; self.upper = upper }
    /// The element closest to 0.
    package var minimumNorm: BigFloat {
        if lower.signum > 0 { return lower }
        if upper.signum < 0 { return upper }
        return .zero(precision: lower.precision)
    }
    /// g ∈ [lower − tolerance, upper + tolerance].
    package func contains(_ g: BigFloat, tolerance: BigFloat) -> Bool {
        g >= lower - tolerance && g <= upper + tolerance
    }
}

/// Subgradient analysis at a point: classification, Clarke generalized gradient, convex
/// subdifferential, minimum-norm element, and autodiff derivatives per scalar type.
package struct SubgradientAnalysis: Sendable {
    package var x: BigFloat
    package var precision: Int
    package var classification: PointClassification
    /// The convex hull of the limits of f′ at nearby differentiable points from each side
    /// (nil at a jump). Where f′ converges on both sides it is [min(D⁻, D⁺), max(D⁻, D⁺)];
    /// where f′ oscillates it is estimated from the range of f′ over ~1000 nearby points, an
    /// inner approximation of the set of cluster points.
    package var clarke: DerivativeSet?
    /// [D⁻, D⁺] where f is convex near x (nil otherwise).
    package var convexSubdifferential: DerivativeSet?
    /// The limit sets of f′ from the left and right (a point when f′ converges).
    package var leftLimits: DerivativeSet
    package var rightLimits: DerivativeSet
    /// Whether f′ converged on each side (false: it oscillates).
    package var leftConverges: Bool
    package var rightConverges: Bool
    package var point: PointAnalysis
    /// The backward derivative (``Activation/derivative(_:)``: autodiff, or the hand-written
    /// one) at x in each scalar type, and whether it lies in the Clarke set.
    package var autodiff: [AutodiffCheck]
    /// Tolerance used for membership (the limits' error bounds plus a few ulps at `precision`).
    package var tolerance: BigFloat
    /// A bound on the error of the Clarke set's endpoints (before printing).
    package var clarkeBound: BigFloat
    /// True when the endpoints are certified (both one-sided limits of f′ are enclosures); false
    /// when they are estimates (extrapolated, or extremes of an oscillating f′).
    package var clarkeCertified: Bool

    package struct AutodiffCheck: Sendable {
        package var scalar: String          // "float", "double", "mpfr"
        package var derivative: BigFloat
        package var inClarke: Bool?         // nil at a jump
        /// The backward derivative just beside x (nextUp/nextDown in that type, subnormal
        /// neighbours at 0) agrees with the one-sided limit of the function's f′ on that side,
        /// within the type's rounding.
        package var neighboursAgree: Bool
        /// False when x is not exactly a number of this type (1e−200 in Float): then nothing
        /// about this type is checked at x (`inClarke` is nil, `neighboursAgree` true).
        package var representable: Bool = true
    }

    /// Membership of a proposed derivative value.
    package struct Membership: Sendable {
        package var g: BigFloat
        package var inClarke: Bool
        package var inSubdifferential: Bool
        /// For a non-member of the convex subdifferential where f is convex near x: a point y with
        /// f(y) < f(x) + g·(y − x), checked in BigFloat and shrunk to the simplest such y.
        package var witness: BigFloat?
    }
}

extension SubgradientAnalysis {
    /// The limit of f′ on each side: where that side's branch is analytic at x it is the certified
    /// one-sided derivative D± (the limit of g′ is g′(x)); otherwise f′ (the true derivative,
    /// autodiff of `evaluate` in BigFloat — never a hand-written one) is
    /// sampled at x ± t and extrapolated, and where that does not converge (f′ oscillates) the
    /// limit set runs between the extremes of f′ found deep beside x (``oscillationExtremes``).
    package static func analyze(_ activation: any Activation, at x: BigFloat, precision: Int,
                               otherKinks: [BigFloat]) -> SubgradientAnalysis {
        analyze(activation, at: .exact(ExactPoint(x)), precision: precision, otherKinks: otherKinks)
    }

    /// As the binary-point form, at an exact point (a typed decimal is the decimal).
    package static func analyze(_ activation: any Activation, at x: ExactPoint, precision: Int,
                               otherKinks: [BigFloat]) -> SubgradientAnalysis {
        analyze(activation, at: .exact(x), precision: precision, otherKinks: otherKinks)
    }

    /// As the binary-point form, at an exact point or a located kink (whose one-sided limits
    /// discovery may already have certified: `known`). The autodiff and membership checks, which
    /// need one number, take the point (or the enclosure's midpoint).
    package static func analyze(_ activation: any Activation, at location: LimitPoint, precision: Int,
                                otherKinks: [BigFloat], known: [Side: CertifiedLimit] = [:]) -> SubgradientAnalysis {
        let point = PointAnalysis.analyze(activation, at: location, precision: precision, otherKinks: otherKinks, known: known)
        let x = point.x
        let w = BigFloat.clampedPrecision(precision + 64)
        func slope(_ t: BigFloat, _ p: Int) -> BigFloat {
            activation.trueDerivative(BigFloat(t, precision: p))
        }
        var sets: [Side: DerivativeSet] = [:], converges: [Side: Bool] = [:]
        var setBound = BigFloat.zero(precision: 64), certified = true
        func widen(_ b: BigFloat) { setBound = BigFloat.maximum(setBound, b.isNaN ? .infinity(precision: 64) : b) }
        for side in Side.allCases {
            let H = PointAnalysis.firstStep(at: x, side: side, kinks: otherKinks)
            let s = side.sign
            let d = side == .left ? point.leftDerivative : point.rightDerivative
            if d.isCertified {
                sets[side] = DerivativeSet(d.value, d.value)
                converges[side] = true
                widen(d.errorBound)
                continue
            }
            certified = false
            if !d.isNumber {
                // An infinite or undefined one-sided derivative: no finite limit set of f′.
                sets[side] = DerivativeSet(d.value, d.value)
                converges[side] = false
                widen(.infinity(precision: 64))
                continue
            }
            let limit = LimitEstimate.estimated(firstStep: H, precision: precision, targetBits: precision / 2, pointExponent: x.exponent ?? 0) { h, p in
                slope(BigFloat(x, precision: p) + (s > 0 ? h : -h), p)
            }
            let scale = BigFloat.maximum(BigFloat.abs(limit.value), BigFloat(1, precision: 64))
            // A power law (f′ ≈ L + C·t^β, β fractional) is sampled to t ≈ 2^−48 of the step: its
            // bound is judged against 2^−16, Richardson's against 2^−p/4.
            let target = limit.method == .powerLaw ? Swift.min(16, precision / 4) : precision / 4
            let good = limit.isNumber && limit.method != .sequenceTail && limit.errorBound <= scale.timesPowerOfTwo(-target)
            if good {
                sets[side] = DerivativeSet(limit.value, limit.value)
                converges[side] = true
                widen(limit.errorBound)
            } else {
                // Oscillation (or worse): the extremes of f′ deep beside x — an estimate of the
                // set of cluster points.
                let (set, bound) = oscillationExtremes(slope: slope, at: x, side: side, step: H, precision: precision)
                sets[side] = set
                converges[side] = false
                widen(bound)
            }
        }
        let left = sets[.left]!, right = sets[.right]!
        let bounds = point.leftDerivative.errorBound + point.rightDerivative.errorBound
        // The analyses run at ≥ 64 bits whatever precision is asked for: a few ulps of that.
        let tolerance = BigFloat.maximum(bounds * 2, BigFloat(1, precision: 64).timesPowerOfTwo(-(Swift.max(precision, 64) - 8)))
        var classification: PointClassification
        let clarke: DerivativeSet?
        let values = [point.leftValue, point.rightValue], slopes = [point.leftDerivative, point.rightDerivative]
        if values.contains(where: { $0.method == .oscillating }) {
            classification = .noOneSidedLimit
            clarke = nil
        } else if !point.continuous {
            classification = point.continuityEstablished ? .jump : .notEstablished
            clarke = nil
        } else if slopes.contains(where: { $0.method == .divergent }) {
            classification = .infiniteSlope
            clarke = nil
        } else {
            var hull = DerivativeSet(BigFloat.minimum(left.lower, right.lower), BigFloat.maximum(left.upper, right.upper))
            if !(converges[.left]! && converges[.right]!) {
                classification = .nonsmooth
            } else {
                let dl = left.lower, dr = right.lower
                let certifiedSides = point.leftDerivative.isCertified && point.rightDerivative.isCertified
                if certifiedSides ? point.differentiable : BigFloat.abs(dl - dr) <= tolerance {
                    classification = .differentiable
                    // {f′(x)}: the certified autodiff value when it agrees, else the mean of the limits.
                    let ad = activation.correctlyRoundedTrueDerivative(at: point.point, precision: w)
                    var mean = dl + dr
                    mean = mean.timesPowerOfTwo(-1)
                    let v = ad.certified && BigFloat.abs(ad.value - mean) <= tolerance ? ad.value : mean
                    hull = DerivativeSet(v, v)
                } else { classification = dl < dr ? .convexKink : .concaveKink }
            }
            clarke = hull
        }
        // Convex subdifferential: f convex near x — D⁻ ≤ D⁺ and f″ ≥ 0 just beside x on both sides.
        var convexSub: DerivativeSet? = nil
        if point.continuous, ![.nonsmooth, .concaveKink, .infiniteSlope, .noOneSidedLimit, .notEstablished].contains(classification),
           isLocallyConvex(activation, at: x, otherKinks: otherKinks, precision: w) {
            convexSub = DerivativeSet(point.leftDerivative.value, point.rightDerivative.value)
            if classification == .differentiable, let clarke { convexSub = clarke }
        }
        let autodiff = autodiffChecks(activation, at: point.point, clarke: clarke, left: left, right: right, precision: precision)
        return SubgradientAnalysis(x: x, precision: precision, classification: classification, clarke: clarke,
                                   convexSubdifferential: convexSub, leftLimits: left, rightLimits: right,
                                   leftConverges: converges[.left]!, rightConverges: converges[.right]!,
                                   point: point, autodiff: autodiff, tolerance: tolerance,
                                   clarkeBound: setBound, clarkeCertified: certified && point.continuous)
    }

    /// The lim inf and lim sup of an oscillating f′ on one side of x, estimated: in the window
    /// t ∈ [2^−(k+1), 2^−k]·H with k = p + 16 (deep enough that terms vanishing like t are below
    /// 2^−p), a zooming grid search (64 points, keep the best, shrink the bracket 16-fold, until
    /// it stops moving) follows one oscillation to its local extreme; the same at depth k − 16
    /// gives the estimate's bound (twice the difference, plus 2^−p of the scale).
    package static func oscillationExtremes(slope: (BigFloat, Int) -> BigFloat, at x: BigFloat, side: Side, step H: BigFloat,
                                    precision p: Int) -> (DerivativeSet, BigFloat) {
        func extreme(depth k: Int, maximum: Bool) -> BigFloat? {
            let w = p + k + (H.exponent.map { Swift.max(0, -$0) } ?? 0) + 64
            guard w <= BigFloat.maximumPrecision else { return nil }
            let s = side.sign
            func f(_ t: BigFloat) -> BigFloat? {
                let v = slope(BigFloat(x, precision: w) + (s > 0 ? t : -t), w)
                return v.isFinite ? v : nil
            }
            func better(_ a: BigFloat, _ b: BigFloat) -> Bool { maximum ? a > b : a < b }
            var lo = BigFloat(H, precision: w).timesPowerOfTwo(-(k + 1)), hi = BigFloat(H, precision: w).timesPowerOfTwo(-k)
            var best: (t: BigFloat, v: BigFloat)? = nil
            for _ in 0..<(w / 2) {
                let spacing = (hi - lo) / BigFloat(64, precision: 64)
                for i in 0...64 {
                    let t = lo + spacing * BigFloat(i, precision: 64)
                    if let v = f(t), best.map({ better(v, $0.v) }) ?? true { best = (t, v) }
                }
                guard let b = best else { return nil }
                let newLo = BigFloat.maximum(lo, b.t - spacing * 2), newHi = BigFloat.minimum(hi, b.t + spacing * 2)
                if newLo == lo && newHi == hi { break }
                (lo, hi) = (newLo, newHi)
                if BigFloat.abs(hi - lo) <= BigFloat.abs(b.t).timesPowerOfTwo(-(w - 8)) { break }
            }
            return best?.v
        }
        let k = p + 16
        guard let hi = extreme(depth: k, maximum: true), let lo = extreme(depth: k, maximum: false),
              let hi2 = extreme(depth: k - 16, maximum: true), let lo2 = extreme(depth: k - 16, maximum: false) else {
            let nan = BigFloat.nan(precision: p)
            return (DerivativeSet(nan, nan), .infinity(precision: 64))
        }
        let scale = BigFloat.maximum(BigFloat.maximum(BigFloat.abs(hi), BigFloat.abs(lo)), BigFloat(1, precision: 64))
        var bound = BigFloat.maximum(BigFloat.abs(hi - hi2), BigFloat.abs(lo - lo2)) * 2
        bound = bound + scale.timesPowerOfTwo(-p)
        return (DerivativeSet(lo.rounded(toPrecision: p), hi.rounded(toPrecision: p)), BigFloat(bound, precision: 64, rounding: .up))
    }

    /// f″ ≥ 0 at x ± t for t = 2^−4 … 2^−40 inside the kink-free neighbourhood (nested autodiff).
    package static func isLocallyConvex(_ activation: any Activation, at x: BigFloat, otherKinks: [BigFloat], precision: Int) -> Bool {
        for side in Side.allCases {
            let H = PointAnalysis.firstStep(at: x, side: side, kinks: otherKinks)
            for k in stride(from: 0, through: 36, by: 4) {
                let t = H.timesPowerOfTwo(-k)
                let y = BigFloat(x, precision: precision) + (side == .right ? t : -t)
                let d2 = activation.trueSecondDerivative(y)
                let scale = BigFloat.maximum(BigFloat.abs(d2), BigFloat(1, precision: 64))
                if d2 < -scale.timesPowerOfTwo(-(precision / 2)) { return false }
            }
        }
        return true
    }

    /// The backward derivative (``Activation/valueAndDerivative(at:)`` in Float and Double,
    /// ``Activation/correctlyRoundedDerivative(at:precision:rounding:maximumWorkingPrecision:)``
    /// in MPFR — autodiff, or the hand-written derivative) at x and at its neighbours, against
    /// the Clarke set and the one-sided limits of the true f′.
    package static func autodiffChecks(_ activation: any Activation, at point: ExactPoint, clarke: DerivativeSet?,
                               left: DerivativeSet, right: DerivativeSet, precision: Int) -> [AutodiffCheck] {
        let x = point.rounded(toPrecision: Swift.max(precision, point.bits))
        func member(_ d: BigFloat, bits: Int) -> Bool? {
            guard let clarke else { return nil }
            // A few ulps of the type at the magnitude of the set's ends.
            let scale = BigFloat.maximum(BigFloat.maximum(BigFloat.abs(clarke.lower), BigFloat.abs(clarke.upper)), BigFloat(1, precision: 64))
            return clarke.contains(d, tolerance: scale.timesPowerOfTwo(-(bits - 2)))
        }
        func near(_ d: BigFloat, _ set: DerivativeSet, bits: Int) -> Bool {
            let scale = BigFloat.maximum(BigFloat.maximum(BigFloat.abs(set.lower), BigFloat.abs(set.upper)), BigFloat(1, precision: 64))
            // At a neighbour one ulp away, f′ differs from the limit by at most |f″|·ulp; allow 2^−(bits/2).
            return set.contains(d, tolerance: scale.timesPowerOfTwo(-(bits / 2)))
        }
        let xf = Float(x), xd = Double(x)
        let df = activation.valueAndDerivative(at: xf).derivative
        let dd = activation.valueAndDerivative(at: xd).derivative
        let dm = activation.correctlyRoundedDerivative(at: point, precision: precision).value
        let fNeighbours = [xf.nextUp, xf.nextDown].map { (Double(activation.valueAndDerivative(at: $0).derivative), $0 > xf) }
        let dNeighbours = [xd.nextUp, xd.nextDown].map { (activation.valueAndDerivative(at: $0).derivative, $0 > xd) }
        let mNeighbours = [x.nextUp, x.nextDown].map { (activation.valueAndDerivative(at: $0).derivative, $0 > x) }
        let checks = [
            AutodiffCheck(scalar: "float", derivative: BigFloat(df, precision: 24), inClarke: member(BigFloat(df, precision: 24), bits: 24),
                          neighboursAgree: fNeighbours.allSatisfy { near(BigFloat($0.0, precision: 53), $0.1 ? right : left, bits: 24) }),
            AutodiffCheck(scalar: "double", derivative: BigFloat(dd, precision: 53), inClarke: member(BigFloat(dd, precision: 53), bits: 53),
                          neighboursAgree: dNeighbours.allSatisfy { near(BigFloat($0.0, precision: 53), $0.1 ? right : left, bits: 53) }),
            AutodiffCheck(scalar: "mpfr", derivative: dm, inClarke: member(dm, bits: precision),
                          neighboursAgree: mNeighbours.allSatisfy { near($0.0, $0.1 ? right : left, bits: precision) }),
        ]
        // Float and Double are checked only at a point they hold exactly; MPFR's derivative is
        // taken at the exact point (a typed 0.35 too), its neighbours at x's rounding to the
        // precision, which lie on either side of the point.
        let exact = [point.isBinary && BigFloat(xf, precision: 24) == x, point.isBinary && BigFloat(xd, precision: 53) == x, true]
        return zip(checks, exact).map { check, isExact in
            var c = check
            if !isExact { c.inClarke = nil; c.neighboursAgree = true; c.representable = false }
            return c
        }
    }

    /// Is g in the Clarke set and in the convex subdifferential? For a convex-case non-member,
    /// find y with f(y) < f(x) + g·(y − x): try y = x ± 2^−j (the side g violates) for j = 0, 1, …
    /// and keep the first (largest, simplest) step that violates, verified with f correctly
    /// rounded at twice the precision.
    package func membership(of g: BigFloat, activation: any Activation) -> Membership {
        let inClarke = clarke?.contains(g, tolerance: tolerance) ?? false
        guard let sub = convexSubdifferential else {
            return Membership(g: g, inClarke: inClarke, inSubdifferential: false, witness: nil)
        }
        let inSub = sub.contains(g, tolerance: tolerance)
        if inSub { return Membership(g: g, inClarke: inClarke, inSubdifferential: true, witness: nil) }
        let side: Side = g > sub.upper ? .right : .left
        let p = 2 * precision
        let fx = activation.correctlyRounded(at: x, precision: p).value
        for j in 0...precision {
            let t = BigFloat(1, precision: 64).timesPowerOfTwo(-j)
            let y = BigFloat(x, precision: p + j + 64) + (side == .right ? t : -t)
            let fy = activation.correctlyRounded(at: y, precision: p).value
            var rhs = BigFloat(nanWithPrecision: p + j + 64)
            rhs.setDifference(y, x)
            rhs = fx + BigFloat(g, precision: p + j + 64) * rhs
            // Strict violation beyond both roundings.
            let margin = BigFloat.maximum(BigFloat.abs(fy), BigFloat.abs(rhs)).timesPowerOfTwo(-(p - 4))
            if fy + margin < rhs {
                return Membership(g: g, inClarke: inClarke, inSubdifferential: false, witness: y)
            }
        }
        return Membership(g: g, inClarke: inClarke, inSubdifferential: false, witness: nil)
    }
}
