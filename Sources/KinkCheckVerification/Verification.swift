import BigFloat
import KinkCheck
import KinkCheckAnalysis
import KinkCheckGeneration
import KinkCheckProperties
import KinkCheckSupport

/// The verdict on one property of one activation.
public struct PropertyVerdict: Sendable {
    /// Which property.
    package var property: PropertyName
    /// Its name in tables and JSON (`kinks_declared`, `continuity`, …).
    public var name: String { property.rawValue }
    /// The law, in words.
    public var law: String
    public var holds: Bool
    /// Points, pairs or test functions examined.
    public var cases: Int
    /// The (shrunk) counterexample when the property fails, in one line.
    public var counterexample: String?
    /// Failures that are no amount of error (`accuracy` and `derivative_accuracy`: a NaN or ±∞
    /// where something else is due, or a wrong value at x = ±∞ or NaN), one line per finding,
    /// the formats that share it first (`float16, float32: at x = -inf: f computed nan, the
    /// limit is -0`). The counterexample is then the worst finite failure, if any.
    public var nonFinite: [String] {
        var order: [String] = [], formatsOf: [String: [String]] = [:]
        for f in formats {
            guard let text = f.nonFinite else { continue }
            if formatsOf[text] == nil { order.append(text) }
            formatsOf[text, default: []].append(f.format.name)
        }
        return order.map { "\(formatsOf[$0]!.joined(separator: ", ")): \($0)" }
    }
    /// What was found, in one line (also when it holds).
    public var detail: String
    /// Per format (`accuracy` and `derivative_accuracy` only; empty for the others).
    package var formats: [FormatAccuracy] = []
    /// What kind of argument the verdict rests on (the README's table of evidence).
    public var evidence: Evidence = .sample
}

/// What a verdict rests on, from strongest to weakest (ordered by strength: the weakest of
/// several is their `min()`).
public enum Evidence: String, Sendable, Comparable {
    /// Shown for every point of the stated domain: by an argument the code checks (interval
    /// bisection, an exhaustive run over every input of a format, a construction).
    case proof
    /// Shown at named points by certified computation: the kinks' one-sided limits, the identity
    /// for each test function drawn, a counterexample whose exact values are enclosed.
    case certified
    /// No counterexample among the cases examined, or a number that is an estimate.
    case sample

    public static func < (a: Evidence, b: Evidence) -> Bool { a.strength < b.strength }

    /// 2 for a proof, 1 certified, 0 a sample.
    var strength: Int {
        switch self {
        case .proof: 2
        case .certified: 1
        case .sample: 0
        }
    }
}

/// The properties `check` verifies, in table order.
package enum PropertyName: String, Sendable, CaseIterable {
    case kinksDeclared = "kinks_declared"
    case continuity
    case oneSidedLimits = "one_sided_limits"
    case autodiffConvention = "autodiff_convention"
    case autodiffInClarke = "autodiff_in_clarke"
    /// A hand-written derivative equals f′ almost everywhere (holds trivially for autodiff).
    case derivative
    case convex, monotone, lipschitz
    case distributionFirst = "distribution_first"
    case distributionSecond = "distribution_second"
    case accuracy
    case derivativeAccuracy = "derivative_accuracy"

    /// The column header in `check`'s table and the report index.
    package var header: String {
        switch self {
        case .kinksDeclared: "kinks"
        case .continuity: "cont"
        case .oneSidedLimits: "limits"
        case .autodiffConvention: "ad conv"
        case .autodiffInClarke: "ad∈Clarke"
        case .derivative: "deriv"
        case .convex: "convex"
        case .monotone: "monotone"
        case .lipschitz: "Lipschitz"
        case .distributionFirst: "dist 1"
        case .distributionSecond: "dist 2"
        case .accuracy: "accuracy"
        case .derivativeAccuracy: "d accuracy"
        }
    }

    /// The property a shape law is checked as.
    package init(_ law: ShapeLaw) {
        switch law {
        case .convexity: self = .convex
        case .monotonicity: self = .monotone
        case .lipschitz: self = .lipschitz
        }
    }
}

/// Everything found about one kink (declared or discovered).
package struct KinkFinding: Sendable {
    /// The location (rounded to the analysis precision; a located kink's enclosure midpoint).
    package var x: BigFloat
    /// Where the analysis was taken: the exact point, or the enclosure.
    package var location: LimitPoint
    package var declared: Bool
    package var discovered: Bool
    package var point: PointAnalysis
    package var subgradient: SubgradientAnalysis
}

/// The verification of one activation against its declared claims.
public struct ActivationVerification: Sendable {
    public var spec: String
    public var holds: Bool { properties.allSatisfy(\.holds) }
    public var properties: [PropertyVerdict]
    package var kinks: [KinkFinding]
    package var distributionCases: [IdentityCase]

    /// A verification of `properties` alone (no kink findings or identity cases: an exhaustive run).
    package init(spec: String, properties: [PropertyVerdict]) {
        self.spec = spec; self.properties = properties; kinks = []; distributionCases = []
    }

    init(spec: String, properties: [PropertyVerdict], kinks: [KinkFinding], distributionCases: [IdentityCase]) {
        self.spec = spec; self.properties = properties; self.kinks = kinks; self.distributionCases = distributionCases
    }
}

/// Runs every property on an activation: continuity (and jumps), one-sided limits with bounds,
/// the autodiff convention at each declared kink, Clarke membership of the backward derivative in
/// Float/Double/MPFR, a hand-written derivative against f′ on the generator, the shape claims on
/// the generator, and both distributional identities.
///
/// The backward derivative is ``Activation/derivative(_:)`` (autodiff of `evaluate` unless
/// written by hand): the convention, the Clarke membership and the distributional identities
/// examine it; kink discovery, limits and Clarke sets are built on the true derivative.
/// Each activation's *declared* claims are what is checked; properties it makes no claim about
/// are reported, not failed.
package struct Verifier: Sendable {
    package var seed: RunSeed
    /// Random cases per shape property and test functions per identity.
    package var cases: Int
    /// MPFR precision of the limit and subgradient analyses.
    package var precision: Int
    /// Digits for the distributional identities.
    package var digits: Int
    /// The scan interval for kink discovery (widened to cover declared kinks).
    package var scan: (Double, Double)

    /// Workers for a verification's four independent parts (the hand-written derivative, the
    /// shape claims, the identities, accuracy): 1 (the default) inside an already parallel caller
    /// — `check` over many activations — more when verifying a single activation
    /// (`verifyActivation`, `check`/`report` of one). The verdicts do not depend on it.
    package var threads: Int
    /// k of the accuracy rule (see ``Accuracy``) where an activation claims none.
    package var ulps: Double = Accuracy.defaultK
    /// Accuracy over every input of float16 and bfloat16 (``ExhaustiveAccuracy``); false samples
    /// them as float32 and float64 are (tests that verify something else, in a debug build).
    package var exhaustiveAccuracy: Bool
    /// R: the shape claims are proven on [−R, R] (``ShapeProver``); beyond, the sampled run is
    /// their evidence.
    package var radius: Double = Verifier.defaultRadius
    package static let defaultRadius: Double = 64
    /// The inputs the accuracy verdicts judge.
    package var accuracyDomain: AccuracyDomain = .all

    package init(seed: RunSeed, cases: Int = 200, precision: Int = 128, digits: Int = 30, scan: (Double, Double) = (-10, 10),
                threads: Int = 1, exhaustiveAccuracy: Bool = true) {
        self.seed = seed; self.cases = cases; self.precision = precision; self.digits = digits; self.scan = scan
        self.threads = threads; self.exhaustiveAccuracy = exhaustiveAccuracy
    }

    package func verify(_ activation: any Activation) -> ActivationVerification {
        let p = precision
        var profile = PhaseProfile(activation.spec)
        defer { profile.finish() }
        let survey = KinkSurvey(activation, scan: (BigFloat(scan.0, precision: 64), BigFloat(scan.1, precision: 64)), precision: p)
        let found = survey.found
        profile.mark("discovery")
        let surveyed = survey.kinks
        let all = survey.allPoints
        let kinks: [KinkFinding] = surveyed.map { k in
            let x = k.x
            let others = all.filter { !($0 == x) && BigFloat.abs($0 - x) > BigFloat.abs(x).timesPowerOfTwo(-(p - 16)) }
            let s = SubgradientAnalysis.analyze(activation, at: k.location, precision: p, otherKinks: others, known: k.known)
            return KinkFinding(x: x, location: k.location, declared: k.declared, discovered: k.discovered, point: s.point, subgradient: s)
        }
        profile.mark("kink analyses")
        var verdicts: [PropertyVerdict] = []
        verdicts.append(declarations(activation, kinks))
        verdicts.append(continuity(activation, kinks))
        verdicts.append(limits(kinks))
        verdicts.append(convention(activation, kinks))
        verdicts.append(clarkeMembership(activation, kinks))
        profile.mark("kink verdicts")
        // The rest are four independent parts: with more than one thread (a single activation,
        // as `verifyActivation` verifies) they run side by side, their verdicts in this order.
        let parts = threads > 1
            ? parallelMap(4, threads: threads) { i in
                var own = PhaseProfile("\(activation.spec) (part \(i + 1) of 4, in parallel)")
                defer { own.finish() }
                return part(i, activation, kinks, found, &own)
            }
            : (0 ..< 4).map { part($0, activation, kinks, found, &profile) }
        return ActivationVerification(spec: activation.spec, properties: verdicts + parts.flatMap(\.verdicts), kinks: kinks,
                                      distributionCases: parts.flatMap(\.cases))
    }

    /// Part i of a verification after the kinks: 0 the hand-written derivative, 1 the shape
    /// claims (sampled, then proven), 2 the distributional identities, 3 accuracy.
    func part(_ i: Int, _ activation: any Activation, _ kinks: [KinkFinding], _ found: [DiscoveredKink],
              _ profile: inout PhaseProfile) -> (verdicts: [PropertyVerdict], cases: [IdentityCase]) {
        switch i {
        case 0:
            defer { profile.mark("derivative") }
            return ([handWrittenDerivative(activation, kinks, found)], [])
        case 1:
            let sampled = ShapeClaims.verify(activation, seed: seed, randomCases: cases, discovered: found.map(\.x), threads: 1)
            profile.mark("shape claims")
            let prover = ShapeProver(activation: activation, radius: BigFloat(radius, precision: 64),
                                     junctions: kinks.map { ShapeJunction(location: $0.location, x: $0.x, analysis: $0.point) })
            let proofs = prover.prove(sampled.map { proofLaw($0.law, activation) })
            profile.mark("shape proofs")
            return (zip(sampled, proofs).map { shapeVerdict($0, proof: $1) }, [])
        case 2:
            return identities(activation, kinks, &profile)
        default:
            defer { profile.mark("accuracy") }
            return (AccuracyCheck.verify(activation, seed: seed, randomCases: cases, k: ulps, discovered: found.map(\.x),
                                         exhaustive: exhaustiveAccuracy, domain: accuracyDomain), [])
        }
    }

    /// Both distributional identities, from one check.
    func identities(_ activation: any Activation, _ kinks: [KinkFinding],
                    _ profile: inout PhaseProfile) -> (verdicts: [PropertyVerdict], cases: [IdentityCase]) {
        var verdicts: [PropertyVerdict] = []
        var identityCases: [IdentityCase] = []
        // One check for both identities: its kink discovery (of f, f′, f″) and jump measurements
        // do not depend on the identity, only on the span of the test functions.
        let bits = QuadratureTarget.bits(forDigits: digits) + 64
        let n = Swift.max(1, Swift.min(cases / 40, 8))
        let draws = DistributionalIdentity.allCases.map { identity in
            TestFunctionDraw.draw(count: n, seed: seed.value ^ FNV1a64.hash(activation.spec + identity.rawValue),
                                  kinks: kinks.map(\.x), precision: bits,
                                  coveringEveryKink: activation.hasHandWrittenDerivative).map(\.0)
        }
        let supports = draws.joined().map { $0.support(precision: bits) }
        let span = (supports.map(\.lower).min()!, supports.map(\.upper).max()!)
        var check = DistributionalCheck(activation: activation, digits: digits, identity: .first, span: span)
        profile.mark("distribution setup")
        for (identity, phis) in zip(DistributionalIdentity.allCases, draws) {
            check.identity = identity
            let (verdict, results) = distribution(check, phis)
            verdicts.append(verdict)
            identityCases += results
            profile.mark(identity == .first ? "distribution 1" : "distribution 2")
        }
        return (verdicts, identityCases)
    }

    package func describe(_ x: BigFloat) -> String { x.decimalString(significantDigits: 12).trimmingFractionZeros }

    /// Every kink discovery finds is declared: an undeclared one is a finding of its own, with
    /// the fix (its location was snapped to a short number where the branch switch was verified).
    /// An activation that does not declare every kink (``Activation/declaresEveryKink``: a
    /// formula) holds with the count of each.
    package func declarations(_ a: any Activation, _ kinks: [KinkFinding]) -> PropertyVerdict {
        let undeclared = kinks.filter { !$0.declared }
        let declared = kinks.count - undeclared.count
        if !a.declaresEveryKink {
            return PropertyVerdict(property: .kinksDeclared, law: "kinks are declared or discovered (kinks of a formula are discovered)",
                                   holds: true, cases: kinks.count, counterexample: nil,
                                   detail: "\(kinks.count) kink(s): \(declared) declared, \(undeclared.count) discovered (kinks of a formula are discovered)",
                                   evidence: .certified)
        }
        // An exact location is named as it is; a located one (no short number proven) approximately.
        func location(_ k: KinkFinding) -> String {
            if case .exact(let p) = k.location { return p.text }
            return "≈" + describe(k.x)
        }
        func fix(_ k: KinkFinding) -> String {
            let at = location(k).replacingOccurrences(of: "≈", with: "")
            return a is Formula ? "add { at = \"\(at)\" } to its kinks" : "DeclaredKink(at: \"\(at)\")"
        }
        let where_ = undeclared.map(location).joined(separator: ", ")
        return PropertyVerdict(property: .kinksDeclared, law: "every kink discovery finds is declared", holds: undeclared.isEmpty,
                               cases: kinks.count,
                               counterexample: undeclared.first.map { "undeclared kink at \(location($0)): declare it (\(fix($0)))" },
                               detail: undeclared.isEmpty ? "\(declared) declared kink(s), none undeclared" : "undeclared kink(s) at \(where_)",
                               evidence: .certified)
    }

    package func continuity(_ a: any Activation, _ kinks: [KinkFinding]) -> PropertyVerdict {
        // A continuity the enclosures cannot settle (one-sided limits that agree to within their
        // width at an irrational kink) refutes no claim: it is reported, not failed.
        let jumps = kinks.filter { !$0.point.continuous && $0.point.continuityEstablished }
        let unsettled = kinks.filter { !$0.point.continuityEstablished }
        let law = "f(x⁻) = f(x) = f(x⁺) at every kink (and no value jump elsewhere)"
        var detail = jumps.isEmpty ? "continuous at all \(kinks.count - unsettled.count) kink(s)"
            : jumps.map { "jump \(describe($0.point.jump)) at \(describe($0.x))" }.joined(separator: "; ")
        if !unsettled.isEmpty {
            detail += "; not established at " + unsettled.map { k in
                "\(describe(k.x)) (|f(x⁺) − f(x⁻)| ≤ \((BigFloat.abs(k.point.jump) + k.point.jumpLimit.errorBound).scientificString(fractionDigits: 1, rounding: .up)))"
            }.joined(separator: ", ")
        }
        let evidence: Evidence = unsettled.isEmpty ? .certified : .sample
        switch a.claims.continuous {
        case true?:
            return PropertyVerdict(property: .continuity, law: "continuous: " + law, holds: jumps.isEmpty, cases: kinks.count,
                                   counterexample: jumps.first.map { "x = \(describe($0.x)): f(x+) − f(x−) = \(describe($0.point.jump))" }, detail: detail,
                                   evidence: evidence)
        case false?:
            return PropertyVerdict(property: .continuity, law: "not continuous: a jump exists", holds: !jumps.isEmpty, cases: kinks.count,
                                   counterexample: jumps.isEmpty ? "no jump found at any kink" : nil, detail: detail,
                                   evidence: jumps.isEmpty ? evidence : .certified)
        case nil:
            return PropertyVerdict(property: .continuity, law: "no claim (reported)", holds: true, cases: kinks.count, counterexample: nil, detail: detail,
                                   evidence: evidence)
        }
    }

    package func limits(_ kinks: [KinkFinding]) -> PropertyVerdict {
        let target = BigFloat(1, precision: 64).timesPowerOfTwo(-(precision / 2))
        let bad = kinks.filter { k in
            [k.point.leftDerivative, k.point.rightDerivative].contains { l in
                !l.isNumber || !(l.errorBound <= target * BigFloat.maximum(BigFloat.abs(l.value), BigFloat(1, precision: 64)))
            }
        }
        let estimated = kinks.filter { k in !(k.point.leftDerivative.isCertified && k.point.rightDerivative.isCertified) }.count
        let detail = kinks.map { "at \(describe($0.x)): D⁻ = \(describe($0.point.leftDerivative.value)), D⁺ = \(describe($0.point.rightDerivative.value))" }
            .joined(separator: "; ")
        let how = estimated == 0 ? "certified" : "\(kinks.count - estimated) certified, \(estimated) estimated"
        return PropertyVerdict(property: .oneSidedLimits, law: "D⁻ and D⁺ exist at every kink, to \(precision / 2) bits with a bound (certified where the branch is analytic)",
                               holds: bad.isEmpty, cases: 2 * kinks.count,
                               counterexample: bad.first.map { k in
                                   let l = [k.point.leftDerivative, k.point.rightDerivative].first { !$0.isNumber } ?? k.point.leftDerivative
                                   return "x = \(describe(k.x)): a one-sided derivative " + (l.isNumber ? "did not converge to \(precision / 2) bits" : l.method.rawValue)
                               },
                               detail: detail.isEmpty ? "no kinks" : detail + " (\(how))", evidence: estimated == 0 ? .certified : .sample)
    }

    package func convention(_ a: any Activation, _ kinks: [KinkFinding]) -> PropertyVerdict {
        var checked = 0
        var failure: String? = nil
        for k in a.kinks {
            guard let want = k.autodiffDerivative else { continue }
            let x = k.location.value(precision: precision)
            checked += 1
            // MPFR at the exact location; Float and Double at the location as they hold it (their
            // kernels' kink is there: the parameter as that format holds it).
            let mpfr = a.correctlyRoundedDerivative(at: ExactPoint(k.location), precision: precision).value
            let exact = want.bigFloat(precision: precision + 64)
            let tol = BigFloat.maximum(BigFloat.abs(exact), BigFloat(1, precision: 64))
            if BigFloat.abs(mpfr - exact) > tol.timesPowerOfTwo(-(precision - 8)) {
                failure = failure ?? "x = \(describe(x)): MPFR autodiff gives \(describe(mpfr)), declared \(want)"
            }
            let d = a.valueAndDerivative(at: Double(x)).derivative
            if BigFloat.abs(BigFloat(d, precision: 53) - exact) > tol.timesPowerOfTwo(-48) {
                failure = failure ?? "x = \(describe(x)): Double autodiff gives \(d), declared \(want)"
            }
            let f = a.valueAndDerivative(at: Float(x)).derivative
            if BigFloat.abs(BigFloat(f, precision: 24) - exact) > tol.timesPowerOfTwo(-19) {
                failure = failure ?? "x = \(describe(x)): Float autodiff gives \(f), declared \(want)"
            }
        }
        return PropertyVerdict(property: .autodiffConvention, law: "the autodiff derivative at each declared kink is the declared one, in Float, Double and MPFR",
                               holds: failure == nil, cases: checked, counterexample: failure,
                               detail: checked == 0 ? "no declared autodiff derivatives"
                                   : a.kinks.compactMap { k in k.autodiffDerivative.map { "at \(k.location.value(precision: 64)): declared \($0)" } }
                                       .joined(separator: "; ") + (failure == nil ? ", matched in Float, Double and MPFR" : ""),
                               evidence: .certified)
    }

    /// The backward derivative at every kink in the Clarke set, and beside it tending to the
    /// one-sided limits of f′ (autodiff, or the hand-written derivative when there is one).
    package func clarkeMembership(_ a: any Activation, _ kinks: [KinkFinding]) -> PropertyVerdict {
        var failure: String? = nil
        var checked = 0
        let what = a.hasHandWrittenDerivative ? "hand-written derivative" : "autodiff"
        for k in kinks {
            guard let c = k.subgradient.clarke else { continue }
            for ad in k.subgradient.autodiff {
                checked += 1
                if ad.inClarke == false {
                    failure = failure ?? "x = \(describe(k.x)): \(ad.scalar) \(what) \(describe(ad.derivative)) ∉ [\(describe(c.lower)), \(describe(c.upper))]"
                }
                if !ad.neighboursAgree {
                    failure = failure ?? "x = \(describe(k.x)): \(ad.scalar) \(what) beside the kink disagrees with the one-sided limit"
                }
            }
        }
        let subject = a.hasHandWrittenDerivative ? "the backward derivative (hand-written)" : "the autodiff derivative"
        return PropertyVerdict(property: .autodiffInClarke, law: "\(subject) at every kink lies in the Clarke set (Float, Double, MPFR; neighbours too)",
                               holds: failure == nil, cases: checked, counterexample: failure,
                               detail: kinks.map { "\(describe($0.x)): \($0.subgradient.classification.rawValue)" }.joined(separator: "; "),
                               evidence: .certified)
    }

    /// A hand-written derivative equals f′ almost everywhere (``HandWrittenDerivative``), off
    /// every declared and discovered kink; without one, holds with no cases.
    package func handWrittenDerivative(_ a: any Activation, _ kinks: [KinkFinding], _ found: [DiscoveredKink]) -> PropertyVerdict {
        guard a.hasHandWrittenDerivative else {
            return PropertyVerdict(property: .derivative, law: "the backward derivative is autodiff of the definition", holds: true, cases: 0,
                                   counterexample: nil, detail: "autodiff (no hand-written derivative)", evidence: .proof)
        }
        let intervals = kinks.map { ($0.x, $0.x) } + found.map(\.bracket)
        let (report, line) = HandWrittenDerivative.verify(a, seed: seed, randomCases: cases, precision: precision,
                                                          kinks: intervals, discovered: found.map(\.x), threads: threads)
        let passed = report.passed
        return PropertyVerdict(property: .derivative, law: HandWrittenDerivative.law, holds: passed, cases: report.casesRun,
                               counterexample: passed ? nil : line ?? report.health.map(\.message).joined(separator: "; "),
                               detail: passed ? "agrees with f′ in \(report.casesRun) cases (Float, Double, MPFR \(precision) bits)"
                                   : "counterexample after \(report.casesRun) cases: \(line ?? report.health.map(\.message).joined(separator: "; "))")
    }

    package func distribution(_ check: DistributionalCheck, _ phis: [any TestFunction]) -> (PropertyVerdict, [IdentityCase]) {
        let identity = check.identity
        let results = phis.map { check.check($0) }
        let worst = results.map(\.residual).max()!
        let failing = results.first { !$0.holds }
        let second = check.activation.hasHandWrittenDerivative
            ? "∫ f φ″ = ∫ g′ φ + Σ [g] φ(xⱼ) − Σ J φ′(xⱼ), g the hand-written derivative,"
            : "∫ f φ″ = ∫ f″ φ + Σ (D⁺ − D⁻) φ(xⱼ) − Σ J φ′(xⱼ)"
        let law = identity == .first ? "−∫ f φ′ = ∫ g φ + Σ J φ(xⱼ) to \(digits) digits" : "\(second) to \(digits) digits"
        return (PropertyVerdict(property: identity == .first ? .distributionFirst : .distributionSecond, law: law, holds: failing == nil, cases: results.count,
                                counterexample: failing.map { "\($0.testFunction): residual \($0.residual.scientificString(fractionDigits: 2))" },
                                detail: "max residual \(worst.isZero ? "0" : worst.scientificString(fractionDigits: 2)) over \(results.count) test functions; "
                                    + DistributionalCheck.evidenceSummary(results),
                                evidence: results.allSatisfy(\.evidence.isCertified) ? .certified : .sample),
                results)
    }
}

