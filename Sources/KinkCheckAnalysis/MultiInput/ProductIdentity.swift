import BigFloat
import KinkCheck
import KinkCheckSupport

/// The first distributional identity of an activation of several inputs for ∂ᵢf over a product
/// test function Φ = φ(xᵢ)·ψ(xⱼ), the other inputs held at a point:
///
///     −∬ f · φ′(xᵢ) ψ(xⱼ) dxᵢ dxⱼ = ∬ ∂ᵢf · φ(xᵢ) ψ(xⱼ) dxᵢ dxⱼ
///
/// for a continuous f (with two inputs, the whole identity; ∂ᵢf is the code's backward: the
/// hand-written gradient's component, else autodiff). Both sides are iterated Gauss–Legendre sums
/// over supp φ × supp ψ, cut by the declared non-smooth sets into pieces where f is analytic:
/// xᵢ = c and ties xᵢ = xₘ cut the inner integral (at the outer variable's value when m = j);
/// xⱼ = c, ties of xⱼ with a held input, and — for a tie xᵢ = xⱼ — the ends of supp φ, where the
/// moving cut enters or leaves it, cut the outer one. φ and ψ are polynomial bumps (1 − t²)^m,
/// polynomials on their supports, so each piece's integrand is analytic on the closed piece and
/// the sums converge geometrically.
///
/// Where the cuts stay put (every set but a tie of xᵢ with xⱼ) both sides are proven enclosures
/// (``certify()``), and the identity holds when every point of the residual's enclosure is within
/// the tolerance 10^−(D−3)·max(1, ∬|integrand|), the one-input rule's. Elsewhere (maxout's moving
/// cut) the result is an estimate, not a bound: the sums with n = 4, 8, 16, 32 and 64 points a
/// direction, until the last one's error estimate (``errorEstimate(_:_:_:)``, from the last two
/// differences) is within the tolerance for both sides; it holds when they settle and
/// |lhs − rhs| is within the tolerance.
package struct ProductIdentity: Sendable {
    package var function: any MultiInputActivation
    /// i: the input differentiated; j: the other input integrated over.
    package var input: Int, other: Int
    /// The point whose other inputs are held (its i-th and j-th coordinates are unused).
    package var origin: [BigFloat]
    /// φ over xᵢ, ψ over xⱼ.
    package var phi: PolynomialBump, psi: PolynomialBump
    package var digits: Int

    package init(function: any MultiInputActivation, input: Int, other: Int, origin: [BigFloat],
                 phi: PolynomialBump, psi: PolynomialBump, digits: Int) {
        self.function = function; self.input = input; self.other = other; self.origin = origin
        self.phi = phi; self.psi = psi; self.digits = digits
    }

    package struct Result: Sendable {
        package var lhs: BigFloat, rhs: BigFloat
        /// Each side's error estimate (``errorEstimate(_:_:_:)``).
        package var lhsError: BigFloat, rhsError: BigFloat
        package var residual: BigFloat
        /// max(1, ∬|integrand|) over both sides: the tolerance's scale.
        package var scale: BigFloat
        package var tolerance: BigFloat
        /// Points per direction of the last sum (estimates; 0 when certified).
        package var points: Int
        /// Rectangles of the certified integration (0 for estimates).
        package var cells: Int
        /// Both error estimates are within the tolerance (certified: true).
        package var converged: Bool
        /// Certified: the residual's enclosure lies within ±tolerance. Estimated: converged and
        /// the residual within the tolerance.
        package var holds: Bool
        /// Certified (``certify()``), or an estimate and why no proof was possible.
        package var evidence: IdentityEvidence
    }

    /// Why the identity cannot be set up (a surface only described, which gives no cut), or nil.
    package var unsupported: String? {
        for set in function.nonSmoothSets {
            if case .described(let text) = set { return "the non-smooth set \"\(text)\" is only described: no cut to integrate piecewise" }
        }
        return nil
    }

    /// The working precision: D digits and 32 guard bits.
    package static func bits(forDigits digits: Int) -> Int { QuadratureTarget.bits(forDigits: digits) + 32 }

    /// Certified where the pieces allow (``certify()``), else the estimate.
    package func evaluate() -> Result {
        let tolerance = DistributionalCheck.tolerance(digits: digits)
        switch certify() {
        case .success(let c):
            let scale = BigFloat.maximum(BigFloat(1, precision: 64), c.absolute)
            let allowed = tolerance * scale
            guard let holds = DistributionalCheck.verdict(c.lhs - c.rhs, tolerance: allowed) else {
                return estimate(tolerance: tolerance, why: "the enclosures are too wide to decide")
            }
            return Result(lhs: c.lhs.centre, rhs: c.rhs.centre, lhsError: c.lhs.radius, rhsError: c.rhs.radius,
                          residual: BigFloat.abs(c.lhs.centre - c.rhs.centre), scale: scale, tolerance: allowed, points: 0, cells: c.cells,
                          converged: true, holds: holds, evidence: .certified)
        case .failure(let why):
            return estimate(tolerance: tolerance, why: why.reason)
        }
    }

    /// The sums with 4, 8, … 64 points a direction until both error estimates settle.
    func estimate(tolerance: BigFloat, why: String) -> Result {
        let p = Self.bits(forDigits: digits)
        var sums: [(lhs: BigFloat, rhs: BigFloat, scale: BigFloat)] = []
        var points = 4
        while true {
            sums.append(self.sums(points: points, precision: p))
            let last = sums[sums.count - 1]
            let scale = BigFloat.maximum(BigFloat(1, precision: 64), last.scale)
            let allowed = tolerance * scale
            if sums.count >= 3 {
                let (a, b) = (sums[sums.count - 3], sums[sums.count - 2])
                let lhsError = Self.errorEstimate(a.lhs, b.lhs, last.lhs), rhsError = Self.errorEstimate(a.rhs, b.rhs, last.rhs)
                let converged = lhsError <= allowed && rhsError <= allowed
                if converged || points >= Self.maximumPoints {
                    let residual = BigFloat.abs(last.lhs - last.rhs)
                    return Result(lhs: last.lhs, rhs: last.rhs, lhsError: lhsError, rhsError: rhsError, residual: residual, scale: scale,
                                  tolerance: allowed, points: points, cells: 0, converged: converged, holds: converged && residual <= allowed,
                                  evidence: .estimate(why))
                }
            }
            points *= 2
        }
    }

    /// The error of the last of three sums with n/4, n/2 and n points: with the differences
    /// d = |S_n − S_n/2| and d′ = |S_n/2 − S_n/4|, d²/d′ — the geometric rate of Gauss–Legendre on
    /// an analytic integrand continued one step (as mpmath's `quad` estimates) — but never below
    /// d/2³⁰ unless d is 0, and d itself where the differences do not shrink (not yet geometric).
    static func errorEstimate(_ quarter: BigFloat, _ half: BigFloat, _ full: BigFloat) -> BigFloat {
        let d = BigFloat(BigFloat.abs(full - half), precision: 64), before = BigFloat(BigFloat.abs(half - quarter), precision: 64)
        guard !d.isZero else { return d }
        guard d < before else { return d }
        return BigFloat.maximum(d * d / before, d.timesPowerOfTwo(-30))
    }

    /// Points per direction at most.
    package static let maximumPoints = 64

    /// The iterated sums of both sides with `n` points a direction on every piece, and Σ|terms|.
    func sums(points n: Int, precision p: Int) -> (lhs: BigFloat, rhs: BigFloat, scale: BigFloat) {
        let rule = GaussLegendreNodes.shared(points: n, precision: p)
        let (iLo, iHi) = phi.support(precision: p)
        let (jLo, jHi) = psi.support(precision: p)
        var lhs = BigFloat.zero(precision: p), rhs = BigFloat.zero(precision: p), scale = BigFloat.zero(precision: 64)
        // The inner pieces' nodes with φ and φ′ there, made once per piece (the cuts of most
        // sets do not move with the outer variable).
        var innerNodes: [String: [(x: BigFloat, w: BigFloat, phi: BigFloat, slope: BigFloat)]] = [:]
        func inner(_ a: BigFloat, _ b: BigFloat) -> [(x: BigFloat, w: BigFloat, phi: BigFloat, slope: BigFloat)] {
            let key = a.hexString + " " + b.hexString
            if let known = innerNodes[key] { return known }
            var out: [(x: BigFloat, w: BigFloat, phi: BigFloat, slope: BigFloat)] = []
            Self.nodes(rule, a, b, precision: p) { x, w in
                let phis = phi.derivatives(upTo: 1, over: x)
                out.append((x, w, phis[0], phis[1]))
            }
            innerNodes[key] = out
            return out
        }
        var inputs = origin.map { BigFloat($0, precision: p) }
        for (ya, yb) in Self.pieces(jLo, jHi, cuts: outerCuts(iLo, iHi)) {
            Self.nodes(rule, ya, yb, precision: p) { y, wy in
                let psiY = psi.derivatives(upTo: 0, over: y)[0]
                guard !psiY.isZero else { return }
                inputs[other] = y
                let outer = wy * psiY
                for (xa, xb) in Self.pieces(iLo, iHi, cuts: innerCuts(at: y)) {
                    for (x, wx, phiX, slope) in inner(xa, xb) {
                        inputs[input] = x
                        let (value, partial) = valueAndPartial(inputs) { BigFloat($0, precision: p) }
                        let weight = wx * outer
                        let l = -(value * slope) * weight, r = partial * phiX * weight
                        lhs = lhs + l
                        rhs = rhs + r
                        scale = scale + BigFloat(BigFloat.abs(l), precision: 64) + BigFloat(BigFloat.abs(r), precision: 64)
                    }
                }
            }
        }
        return (lhs, rhs, scale)
    }

    /// f and the backward's i-th component in any scalar: one dual pass with autodiff (seeded
    /// with `unit(1)` in the i-th input, `unit(0)` elsewhere), the hand-written gradient's
    /// component otherwise.
    func valueAndPartial<T: ActivationScalar>(_ inputs: [T], unit: (Int) -> T) -> (T, T) {
        if function.hasHandWrittenGradient { return (function(inputs), function.gradient(inputs)[input]) }
        let d = function(inputs.indices.map { Dual(inputs[$0], derivative: unit($0 == input ? 1 : 0)) })
        return (d.value, d.derivative)
    }

    /// Where the inner integral over xᵢ is cut when xⱼ = y.
    func innerCuts(at y: BigFloat) -> [BigFloat] {
        function.nonSmoothSets.flatMap { set -> [BigFloat] in
            switch set {
            case .coordinate(let k, let c): return k == input ? [c.bigFloat(precision: y.precision)] : []
            case .tie(let members):
                guard members.contains(input) else { return [] }
                return members.filter { $0 != input }.map { $0 == other ? y : origin[$0] }
            case .described: return []
            }
        }
    }

    /// Where the outer integral over xⱼ is cut: xⱼ = c, ties of xⱼ with held inputs, and supp φ's
    /// ends [lo, hi] for a tie of xᵢ with xⱼ (where its moving cut enters or leaves the inner range).
    /// (A cut where f is smooth only adds a piece.)
    func outerCuts(_ lo: BigFloat, _ hi: BigFloat) -> [BigFloat] {
        function.nonSmoothSets.flatMap { set -> [BigFloat] in
            switch set {
            case .coordinate(let k, let c): return k == other ? [c.bigFloat(precision: lo.precision)] : []
            case .tie(let members):
                guard members.contains(other) else { return [] }
                let held = members.filter { $0 != other && $0 != input }.map { origin[$0] }
                return members.contains(input) ? held + [lo, hi] : held
            case .described: return []
            }
        }
    }

    /// [lo, hi] cut at the points strictly inside it.
    static func pieces(_ lo: BigFloat, _ hi: BigFloat, cuts: [BigFloat]) -> [(BigFloat, BigFloat)] {
        let inside = cuts.filter { $0 > lo && $0 < hi }.sorted { $0 < $1 }
        var ends = [lo]
        for c in inside where c != ends.last! { ends.append(c) }
        ends.append(hi)
        return (0 ..< ends.count - 1).map { (ends[$0], ends[$0 + 1]) }
    }

    /// `visit(node, weight)` for the rule mapped to [a, b] (weights scaled by the half-width).
    static func nodes(_ rule: GaussLegendreNodes, _ a: BigFloat, _ b: BigFloat, precision p: Int,
                      _ visit: (BigFloat, BigFloat) -> Void) {
        var half = BigFloat(nanWithPrecision: p), mid = BigFloat(nanWithPrecision: p)
        half.setDifference(b, a)
        half = half.timesPowerOfTwo(-1)
        mid.setSum(a, b)
        mid = mid.timesPowerOfTwo(-1)
        for (d, w) in zip(rule.distances, rule.weights) {
            let weight = w * half
            if d == 1 && rule.hasCentre {                       // the centre (n odd)
                visit(mid, weight)
                continue
            }
            let offset = half * (BigFloat(1, precision: p) - d)
            visit(mid - offset, weight)
            visit(mid + offset, weight)
        }
    }
}
