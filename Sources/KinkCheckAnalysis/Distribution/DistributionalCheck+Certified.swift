import BigFloat
import KinkCheck
import KinkCheckSupport

extension DistributionalCheck {
    /// The identity for one test function with every bound a proof: both integrals enclosed by
    /// ``CertifiedQuadrature`` (split at the support's ends and at every singular point and
    /// breakpoint inside), the point masses from certified one-sided limits times φ enclosed at
    /// the kink (or over its enclosure). A kink no binary number holds is a gap of the integrals,
    /// enclosed by ``gapEnclosures(_:_:)``. Fails — and says why — when the derivative is opaque
    /// Swift code (`derivativeOverride`), a singular point's limits are estimates, its enclosure
    /// reaches a support end or another's, or an integral does not settle (a singularity of f
    /// itself), or its enclosures are too wide to decide (the residual's neither inside nor
    /// outside ±tolerance).
    package func certify(_ phi: any TestFunction) -> Result<IdentityCase, CertifiedQuadrature.Failure> {
        if derivativeOverride != nil {
            return .failure(.init(reason: "the derivative is Swift code with no interval evaluation"))
        }
        let positionBits = DistributionalCheck.positionBits(center: phi.center, halfWidth: phi.halfWidth)
        // Integrands grow with |x| (f ~ x, x²): more bits keep the nodes' enclosures tight.
        let reach = Swift.max(0, (BigFloat.abs(phi.center) + phi.halfWidth).exponent ?? 0)
        let tableBits = targetBits + 40 + 2 * reach
        let p = tableBits + positionBits
        guard let (a, b) = DistributionalCheck.exactSupport(phi, precision: p) else {
            return .failure(.init(reason: "the support's ends are not binary numbers at \(p) bits"))
        }
        let inside = singularPoints.filter { $0.x > a && $0.x < b }
        if let s = inside.first(where: { !$0.isExact && $0.bracket == nil }) {
            return .failure(.init(reason: "the kink near x = \(s.x.shortDecimal(12)) is not known exactly or to an enclosure"))
        }
        if let s = inside.first(where: { !$0.certified }) {
            return .failure(.init(reason: "the one-sided limits at x = \(s.x.shortDecimal(12)) are estimates"))
        }
        // A kink no binary number holds is a gap [lo, hi]: the pieces stop at its ends, and the
        // gap is enclosed over every branch the definition may take in it (``gapEnclosures``).
        let gaps = inside.compactMap { s in s.isExact ? nil : s.bracket }
        if let g = gaps.first(where: { $0.0 <= a || $0.1 >= b }) {
            return .failure(.init(reason: "the kink near x = \(g.0.shortDecimal(12)) is located to an enclosure that reaches the support's end"))
        }
        let ordered = gaps.sorted { $0.0 < $1.0 }
        if let i = ordered.indices.dropLast().first(where: { ordered[$0].1 >= ordered[$0 + 1].0 }) {
            return .failure(.init(reason: "the kinks near x = \(ordered[i].0.shortDecimal(12)) are located to overlapping enclosures"))
        }
        let cuts = inside.filter(\.isExact).map(\.x) + gaps.flatMap { [$0.0, $0.1] }
        let extra = extraBreakpoints.filter { x in x > a && x < b && !gaps.contains { x >= $0.0 && x <= $0.1 } }
        let ends = [a] + (cuts + extra).sorted { $0 < $1 } + [b]
        let tau = BigFloat(1, precision: 64).timesPowerOfTwo(-targetBits)
        let quadrature = CertifiedQuadrature()
        let first = identity == .first
        let integrand = CertifiedIntegrand(activation: activation, testFunction: phi, parts: [
            .init(.value, order: first ? 1 : 2, negated: first),
            .init(first ? .derivative : .secondDerivative, order: 0),
        ])
        var lhs: CertifiedQuadrature.Result, rhsIntegral: CertifiedQuadrature.Result
        switch quadrature.integrate(integrand, ends: ends, skipping: gaps, tolerance: tau, precision: p,
                                    tablePrecision: tableBits, boxPrecision: 64 + positionBits) {
        case .success(let both): (lhs, rhsIntegral) = (both[0], both[1])
        case .failure(let f): return .failure(f)
        }
        for gap in gaps {
            guard let parts = DistributionalCheck.gapEnclosures(integrand, gap) else {
                return .failure(.init(reason: "no finite enclosure of the integrands over the kink's enclosure near x = \(gap.0.shortDecimal(12))"))
            }
            lhs.enclosure = lhs.enclosure + parts[0]
            rhsIntegral.enclosure = rhsIntegral.enclosure + parts[1]
        }
        // Point masses: J·φ(x) (first); [g]·φ(x) − J·φ′(x) (second), each jump an enclosure.
        var masses = MPFRInterval(BigFloat.zero(precision: p))
        for s in inside {
            let x = s.bracket.map { MPFRInterval(lower: $0.0, upper: $0.1) } ?? MPFRInterval(s.x)
            func around(_ v: BigFloat, _ e: BigFloat) -> MPFRInterval { MPFRInterval(v) + MPFRInterval(lower: -e, upper: e) }
            let jump = around(s.jump, s.jumpBound)
            if first {
                masses = masses + jump * phi.derivative(0, over: x)
            } else {
                masses = masses + around(s.backwardJump, s.backwardJumpBound) * phi.derivative(0, over: x) - jump * phi.derivative(1, over: x)
            }
        }
        let rhsEnclosure = rhsIntegral.enclosure + masses
        let residualEnclosure = lhs.enclosure - rhsEnclosure
        func integral(_ r: CertifiedQuadrature.Result) -> IdentityIntegral {
            IdentityIntegral(value: r.enclosure.centre, errorBound: r.enclosure.radius, absoluteIntegral: r.absoluteIntegral, certified: r)
        }
        let left = integral(lhs), right = integral(rhsIntegral)
        let rhs = rhsEnclosure.centre
        let bound = QuadratureMath.sumUp(left.errorBound, rhsEnclosure.radius)
        let residual = BigFloat.abs(left.value - rhs)
        var scale = BigFloat.maximum(BigFloat(1, precision: 64), BigFloat.maximum(left.absoluteIntegral, right.absoluteIntegral))
        scale = BigFloat.maximum(scale, BigFloat.abs(masses.centre))
        let tolerance = self.tolerance * scale
        guard let holds = Self.verdict(residualEnclosure, tolerance: tolerance) else {
            return .failure(.init(reason: "the enclosures are too wide to decide: the residual's reaches from \(residualEnclosure.lower.scientificString(fractionDigits: 2)) to \(residualEnclosure.upper.scientificString(fractionDigits: 2)) against ±\(tolerance.scientificString(fractionDigits: 2))"))
        }
        return .success(IdentityCase(testFunction: phi, lhs: left, rhsIntegral: right, rhsPointMasses: masses.centre, rhs: rhs,
                                     residual: residual, errorBound: bound, scale: scale, tolerance: tolerance,
                                     singularPoints: inside, holds: holds, evidence: .certified))
    }

    /// The verdict from a residual's enclosure alone: true when every point of it is within
    /// ±tolerance (proven to hold), false when every point is outside (proven to fail), nil when
    /// it reaches into ±tolerance without lying within it — that decides nothing (a kink located
    /// only to a wide bracket, a jump enclosed loosely).
    package static func verdict(_ residual: MPFRInterval, tolerance: BigFloat) -> Bool? {
        guard tolerance.isFinite, residual.isFiniteInterval else { return nil }
        if residual.lower >= -tolerance && residual.upper <= tolerance { return true }
        if residual.lower > tolerance || residual.upper < -tolerance { return false }
        return nil
    }

    /// ∫ hᵢ over a gap G = [lo, hi] around a switch point x* no binary number holds, for each
    /// part: (hi − lo)·h(G), with h(G) enclosing hᵢ at every point of G whichever branches the
    /// definition takes there (``BranchHull``). Nil when no finite enclosure is found.
    package static func gapEnclosures(_ h: CertifiedIntegrand, _ gap: (BigFloat, BigFloat)) -> [MPFRInterval]? {
        let g = MPFRInterval(lower: gap.0, upper: gap.1)
        let width = (MPFRInterval(gap.1) - MPFRInterval(gap.0)).upper
        let phi = h.testFunction.derivatives(upTo: h.parts.map(\.order).max() ?? 0, over: g)
        var out: [MPFRInterval] = []
        for part in h.parts {
            guard let a = BranchHull.evaluate({ h.activationPart(part.activationPart, HullProbe(g)).value }), a.isFiniteInterval else { return nil }
            let value = a * phi[part.order]
            out.append(MPFRInterval(width) * (part.negated ? -value : value))
        }
        return out
    }

    /// The support [c − w, c + w] with both ends exact (binary numbers at enough bits, from
    /// `precision` up), or nil if they need more than 2¹⁶ bits.
    package static func exactSupport(_ phi: any TestFunction, precision: Int) -> (BigFloat, BigFloat)? {
        var q = precision
        while q <= 1 << 16 {
            // Outward-rounded ends that equal the inward-rounded ones are exact.
            let outward = phi.support(precision: q)
            var lo = BigFloat(nanWithPrecision: q), hi = BigFloat(nanWithPrecision: q)
            lo.setDifference(phi.center, phi.halfWidth, rounding: .up)
            hi.setSum(phi.center, phi.halfWidth, rounding: .down)
            if lo == outward.lower && hi == outward.upper { return (lo, hi) }
            q *= 2
        }
        return nil
    }
}

extension DistributionalCheck {
    /// "3 proven, 1 estimated (…why…)": how many cases' bounds are proofs.
    package static func evidenceSummary(_ cases: [IdentityCase]) -> String {
        let proven = cases.filter(\.evidence.isCertified).count
        let estimated = cases.compactMap(\.evidence.reason)
        var text = "\(proven) proven, \(estimated.count) estimated"
        if let why = estimated.first { text += " (\(why))" }
        return text
    }
}
