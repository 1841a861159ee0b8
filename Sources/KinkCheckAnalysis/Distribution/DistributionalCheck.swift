import BigFloat
import KinkCheck
import KinkCheckSupport

/// Checks the identities for an activation against test functions, to D digits.
///
/// Kinks and jumps come from the activation's declared kinks and from kink discovery over the
/// test functions' supports — never from a list kept here. Jumps and slope jumps are one-sided
/// limits (``PointAnalysis``) with bounds. Integrals are split at singular points and support
/// ends and enclosed by ``CertifiedQuadrature`` (``certify(_:)``): a case holds when the
/// residual's enclosure lies within 10^−(D−3) of its scale. Where no proof is possible the case
/// is an estimate by tanh-sinh and Gauss–Legendre (``estimate(_:reason:)``), holding only when
/// the two rules agree within their bounds on both sides and the residual is below 10^−(D−3).
///
/// g is the backward derivative (``Activation/derivative(_:)``), so a hand-written derivative
/// is checked as a distribution: one wrong on a set of positive measure (an interval, or a
/// constant off on one side) breaks the identities; one wrong only at kink points does not.
package struct DistributionalCheck: Sendable {
    package var activation: any Activation
    package var digits: Int
    package var identity: DistributionalIdentity
    /// Replaces the first identity's `g` (by default the backward derivative
    /// ``Activation/derivative(_:)``: autodiff of `evaluate`, or the hand-written derivative).
    /// A test may replace it with a deliberately wrong one.
    package var derivativeOverride: (@Sendable (BigFloat) -> BigFloat)?
    package var singularPoints: [SingularPoint]
    /// Further points where the integrands are not smooth (kinks of f′ or f″, such as softsign's
    /// f″ jump at 0): integrals are split there too, but they carry no point mass.
    package var extraBreakpoints: [BigFloat]
    package let targetBits: Int
    /// Try certified quadrature first (``certify(_:)``); false: the rules' estimates only.
    package var certifying = true
    /// Also run the two rules on certified cases, as a check on the enclosures.
    package var crossCheck = false

    /// Prepares the check: discovers kinks over `span` (the union of the supports to be used) and
    /// measures every jump and slope jump once.
    package init(activation: any Activation, digits: Int, identity: DistributionalIdentity, span: (BigFloat, BigFloat),
                derivativeOverride: (@Sendable (BigFloat) -> BigFloat)? = nil) {
        self.activation = activation
        self.digits = digits
        self.identity = identity
        self.derivativeOverride = derivativeOverride
        targetBits = QuadratureTarget.bits(forDigits: digits)
        let p = targetBits + 32
        // Singular points: each declared kink at its exact location, then what discovery finds
        // (at its proven location or enclosure, with the limits it certified).
        var points: [(x: BigFloat, location: LimitPoint, known: [Side: CertifiedLimit])] = activation.kinks
            .map { ExactPoint($0.location) }.filter { $0.isFinite && !$0.isNaN }
            .map { ($0.rounded(toPrecision: p), LimitPoint.exact($0), [:]) }
            .filter { $0.x >= span.0 && $0.x <= span.1 }
        func isNew(_ k: DiscoveredKink, _ xs: [BigFloat]) -> Bool {
            !xs.contains { $0 >= k.bracket.0 && $0 <= k.bracket.1 || BigFloat.abs($0 - k.x) <= BigFloat.abs(k.bracket.1 - k.bracket.0) * 2 }
        }
        let survey = KinkDiscovery.survey(activation, in: span.0 - 1, span.1 + 1, precision: p)
        for k in survey.kinks where isNew(k, points.map(\.x)) {
            points.append((k.x, k.limitPoint, k.sides))
        }
        // A hand-written g may jump where f does not (a piece wrong on an interval): its jumps
        // are singular points too, with the point mass [g] in the second identity (f's jump
        // there is 0), so its right-hand side is the distributional derivative of g.
        let backward = activation.hasHandWrittenDerivative ? BackwardDerivative(base: activation) : nil
        let backwardSurvey = backward.map { KinkDiscovery.survey($0, in: span.0 - 1, span.1 + 1, precision: p) }
        for k in backwardSurvey?.kinks ?? [] where isNew(k, points.map(\.x)) {
            points.append((k.x, k.limitPoint, [:]))
        }
        points.sort { $0.x < $1.x }
        let xs = points.map(\.x)
        // Kinks of f′ and f″ (discontinuities of f″ or f‴ make the integrands non-smooth) can only
        // lie where f's program switches branch or meets a singular point — every other point is
        // inside one analytic piece — so the breakpoints are the search's candidates, smooth
        // switches included (they cost a piece), and those of a hand-written g.
        var extra: [BigFloat] = []
        for b in survey.breakpoints + (backwardSurvey?.breakpoints ?? [])
        where !(xs + extra).contains(where: { BigFloat.abs($0 - b) <= BigFloat.maximum(BigFloat.abs(b), BigFloat(1, precision: 64)).timesPowerOfTwo(-(p - 16)) }) {
            extra.append(b)
        }
        extraBreakpoints = extra.sorted { $0 < $1 }
        singularPoints = points.map { x, location, known in
            let others = xs.filter { !($0 == x) }
            let a = PointAnalysis.analyze(activation, at: location, precision: p, otherKinks: others, known: known)
            let slope = a.rightDerivative.value - a.leftDerivative.value
            let jump = a.rightValue.value - a.leftValue.value
            let slopeBound = a.leftDerivative.errorBound + a.rightDerivative.errorBound
            var point = SingularPoint(x: x, jump: a.continuous ? .zero(precision: p) : jump,
                                      slopeJump: slope,
                                      jumpBound: a.leftValue.errorBound + a.rightValue.errorBound,
                                      slopeJumpBound: slopeBound, backwardJump: slope, backwardJumpBound: slopeBound)
            point.certified = a.leftValue.isCertified && a.rightValue.isCertified
                && a.leftDerivative.isCertified && a.rightDerivative.isCertified
            switch location {
            case .exact(let e):
                let c = e.enclosure(precision: p)
                point.isExact = c.isPoint
                if !c.isPoint { point.bracket = (c.lower, c.upper) }
            case .located(let l, let u):
                point.bracket = (l, u)
            }
            if let backward {
                // g's one-sided limits are the one-sided *values* of g as an activation.
                let b = PointAnalysis.analyze(backward, at: location, precision: p, otherKinks: others)
                point.backwardJump = b.rightValue.value - b.leftValue.value
                point.backwardJumpBound = b.leftValue.errorBound + b.rightValue.errorBound
                point.certified = point.certified && b.leftValue.isCertified && b.rightValue.isCertified
            }
            return point
        }
    }

    /// The relative tolerance on the residual: 10^−(D−3) (times the case's scale).
    package var tolerance: BigFloat { Self.tolerance(digits: digits) }

    /// 10^−(D−3), the relative tolerance of an identity checked to D digits.
    package static func tolerance(digits: Int) -> BigFloat {
        BigFloat(1, precision: 64) / BigFloat.pow(BigFloat(10, precision: QuadratureTarget.bits(forDigits: digits) + 16), digits - 3)
    }

    /// Checks the identity for one test function: certified (``certify(_:)``) where every piece
    /// allows it, else by the rules' estimates with the reason; with ``crossCheck`` a certified
    /// case also runs the rules and holds only if their values lie within their bounds of the
    /// enclosures.
    package func check(_ phi: any TestFunction) -> IdentityCase {
        guard certifying else { return estimate(phi, reason: "certified quadrature not asked for") }
        switch certify(phi) {
        case .failure(let failure):
            return estimate(phi, reason: failure.reason)
        case .success(var proven):
            guard crossCheck else { return proven }
            let rules = estimate(phi, reason: "cross-check")
            func inside(_ r: TwoRuleQuadratureResult?, _ c: IdentityIntegral) -> Bool {
                guard let r else { return false }
                return BigFloat.abs(r.value - c.value) <= r.errorBound + c.errorBound
            }
            let consistent = inside(rules.lhs.rules, proven.lhs) && inside(rules.rhsIntegral.rules, proven.rhsIntegral)
            proven.lhs.rules = rules.lhs.rules
            proven.rhsIntegral.rules = rules.rhsIntegral.rules
            proven.holds = proven.holds && consistent
            return proven
        }
    }

    /// The identity for one test function by the two rules: every bound is their own estimate.
    package func estimate(_ phi: any TestFunction, reason: String) -> IdentityCase {
        // Pieces stop at 2^−64 of the tolerance at scale 1 (which every case's tolerance is at
        // least), and then report that as their bound: a piece whose whole integral lies below it
        // cannot move the verdict, and resolving it relatively (a sliver beside a support end,
        // φ ≈ e^(−10⁸)) costs a hundred thousand nodes.
        var quadrature = TwoRuleQuadrature()
        quadrature.first.rule.absoluteTolerance = tolerance.timesPowerOfTwo(-64)
        quadrature.second.rule.absoluteTolerance = tolerance.timesPowerOfTwo(-64)
        // Nodes x = c + w·t must resolve t to the target: |c|/w costs that many bits more.
        let positionBits = DistributionalCheck.positionBits(center: phi.center, halfWidth: phi.halfWidth)
        let targetBits = self.targetBits + positionBits
        let (a, b) = phi.support(precision: targetBits + 32)
        let inside = singularPoints.filter { $0.x > a && $0.x < b }
        let breakpoints = (inside.map(\.x) + extraBreakpoints.filter { $0 > a && $0 < b }).sorted { $0 < $1 }
        let f = activation
        let g = derivativeOverride
        let lhs: TwoRuleQuadratureResult
        let rhsIntegral: TwoRuleQuadratureResult
        let autodiff = g == nil && !f.hasHandWrittenDerivative
        // With autodiff, pieces where f, f′ and f″ are proven 0 have nothing to integrate.
        let nodeBits = Swift.max(quadrature.first.rule.workingPrecision(forTargetBits: targetBits),
                                 quadrature.second.rule.workingPrecision(forTargetBits: targetBits))
        let vanishes: (@Sendable (BigFloat, BigFloat) -> Bool)? = autodiff
            ? { @Sendable l, r in DistributionalCheck.vanishes(f, l, r, nodeBits: nodeBits) } : nil
        func integrate(_ integrand: @escaping QuadratureIntegrand) -> TwoRuleQuadratureResult {
            quadrature.integrate(integrand, from: a, to: b, breakpoints: breakpoints, targetBits: targetBits, vanishes: vanishes)
        }
        // Each rule evaluates both sides at the same nodes wherever it refines them alike, so φ's
        // jet is computed once per node for both. (Sharing f too, from one dual evaluation, saved
        // nothing: lhs nodes the rhs does not reuse then pay for the dual.)
        switch identity {
        case .first:
            let jet = NodeMemo { x in phi.jet(at: x, order: 1) }
            lhs = integrate { x in -(f(x) * jet(x).first!) }
            rhsIntegral = integrate { x in (g?(x) ?? f.derivative(x)) * jet(x).value }
        case .second:
            let jet = NodeMemo { x in phi.jet(at: x, order: 2) }
            lhs = integrate { x in f(x) * jet(x).second! }
            // g′: f″ (nested autodiff of f) unless g is hand-written, then autodiff of g.
            let handWritten = f.hasHandWrittenDerivative
            rhsIntegral = integrate { x in
                let curvature = handWritten ? f.derivative(Dual(x, derivative: 1)).derivative : f.trueSecondDerivative(x)
                return curvature * jet(x).value
            }
        }
        let p = targetBits + 32
        var masses = BigFloat.zero(precision: p)
        var massBound = BigFloat.zero(precision: p)
        for s in inside {
            let jet = phi.jet(at: BigFloat(s.x, precision: p), order: 1)
            switch identity {
            case .first:
                masses += s.jump * jet.value
                massBound += s.jumpBound * BigFloat.abs(jet.value)
            case .second:
                masses += s.backwardJump * jet.value - s.jump * jet.first!
                massBound += s.backwardJumpBound * BigFloat.abs(jet.value) + s.jumpBound * BigFloat.abs(jet.first!)
            }
        }
        let rhs = rhsIntegral.value + masses
        let residual = BigFloat.abs(lhs.value - rhs)
        let bound = lhs.errorBound + rhsIntegral.errorBound + massBound
        // Relative to the integrals' own scale: a bump far out (relu ≈ 10⁴ on its support) has
        // integrands of that size, and the quadrature is accurate relative to ∫|integrand|.
        var scale = BigFloat.maximum(BigFloat(1, precision: 64),
                                     BigFloat.maximum(lhs.first.total.absoluteIntegral, rhsIntegral.first.total.absoluteIntegral))
        scale = BigFloat.maximum(scale, BigFloat.abs(masses))
        let tolerance = self.tolerance * scale
        // A case holds when both rules agree within their bounds on both sides, the bounds are
        // below the tolerance, and so is the residual.
        // Agreement allows a floor of 2^−4 of the tolerance: two independent rules that agree to
        // a sixteenth of the tolerance confirm every digit the identity is checked to, even where
        // their own error estimates are a little optimistic (celu's f″ jump beside a support
        // end: rules 4.5e−30 apart at 30 digits), or where pieces are astronomically small
        // (φ ≈ 10^−5800000 beside a support end) and differ relatively.
        let floor = tolerance.timesPowerOfTwo(-4)
        func agree(_ r: TwoRuleQuadratureResult) -> Bool {
            r.agree || BigFloat.abs(r.first.value - r.second.value) <= r.first.errorBound + r.second.errorBound + floor
        }
        // A side that is not finite (a pole's jump, 1/x at 0) holds nothing, whatever the scale.
        let finite = lhs.value.isFinite && rhs.isFinite && bound.isFinite && tolerance.isFinite
        let holds = finite && agree(lhs) && agree(rhsIntegral) && bound <= tolerance && residual <= tolerance
        func integral(_ r: TwoRuleQuadratureResult) -> IdentityIntegral {
            IdentityIntegral(value: r.value, errorBound: r.errorBound, absoluteIntegral: r.first.total.absoluteIntegral, rules: r)
        }
        return IdentityCase(testFunction: phi, lhs: integral(lhs), rhsIntegral: integral(rhsIntegral), rhsPointMasses: masses, rhs: rhs,
                            residual: residual, errorBound: bound, scale: scale, tolerance: tolerance,
                            singularPoints: inside, holds: holds, evidence: .estimate(reason))
    }

    /// True when f, f′ and f″ (autodiff) are identically 0 at every node a rule working at
    /// `nodeBits` can place inside (l, r), proven by interval arithmetic: nested duals over
    /// [next above l, next below r] (the ends rounded to `nodeBits` as the rules round them; the
    /// open rules never evaluate at the ends, where a kink's own branch may differ) decide every
    /// branch alike and give [0, 0] for all four parts. Then every integrand of the identities
    /// (f φ⁽ᵏ⁾, f′ φ, f″ φ) is ±0 at each node of the piece.
    package static func vanishes(_ f: any Activation, _ l: BigFloat, _ r: BigFloat, nodeBits: Int) -> Bool {
        let lower = BigFloat(l, precision: nodeBits).nextUp, upper = BigFloat(r, precision: nodeBits).nextDown
        guard lower <= upper else { return false }
        let piece = MPFRInterval(lower: lower, upper: upper)
        let (d, ambiguous) = IntervalAmbiguity.withTracking {
            f(Dual(Dual(piece, derivative: 1), derivative: Dual(1, derivative: 0)))
        }
        guard ambiguous == 0 else { return false }
        return [d.value.value, d.value.derivative, d.derivative.value, d.derivative.derivative].allSatisfy {
            $0.lower.isZero && $0.upper.isZero
        }
    }

    /// Extra bits that resolve a support c ± w far from 0: max(0, e(|c|) − e(w)).
    package static func positionBits(center c: BigFloat, halfWidth w: BigFloat) -> Int {
        guard let top = c.exponent, let width = w.exponent else { return 0 }
        return Swift.max(0, top - width)
    }

    /// The most position bits a case may need (``positionBits(_:_:)``); beyond, it is refused.
    package static let maximumPositionBits = 1 << 14
}
