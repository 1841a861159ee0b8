import BigFloat
import Testing
@testable import KinkCheck
@testable import KinkCheckAnalysis
@testable import KinkCheckGeneration
@testable import KinkCheckVerification

// Every certified answer true: one regression test per cause the hostile audit found, with other
// numbers than the audit's. Reference values: exact rationals worked by hand, or mpmath at 80
// digits (quoted beside each).

/// |v − ref| ≤ bound for a certified limit (and the printed text agrees to 30 digits).
private func covers(_ l: LimitEstimate, _ reference: String, _ message: Comment) throws {
    let ref = try BigFloat(parsing: reference, precision: 300)
    #expect(l.isCertified, message)
    #expect(BigFloat.abs(BigFloat(l.value, precision: 300) - ref) <= l.errorBound, message)
}

// MARK: 1. A typed decimal is the exact decimal; so are constants and kink locations

@Test("LimitsAtATypedDecimalAreAboutTheDecimalNotItsBinaryRounding")
func limitsAtATypedDecimalAreAboutTheDecimal() throws {
    // where(x < 0.9, 3x, x + 1.2) at 9/10: f(x−) = 27/10, f(x+) = 21/10, jump −3/5, D− = 3, D+ = 1.
    let f = try Catalogue.activation("expr:where(x < 0.9, 3*x, x + 1.2)")
    for p in [24, 53, 128] {
        let a = PointAnalysis.analyze(f, at: try ExactPoint(parsing: "0.9"), precision: p, otherKinks: [])
        try covers(a.leftValue, "2.7", "f(x−) at \(p) bits")
        try covers(a.rightValue, "2.1", "f(x+) at \(p) bits")
        try covers(a.jumpLimit, "-0.6", "jump at \(p) bits")
        try covers(a.leftDerivative, "3", "D− at \(p) bits")
        try covers(a.rightDerivative, "1", "D+ at \(p) bits")
        #expect(!a.continuous && a.continuityEstablished && !a.differentiable)
    }
    // |x − 0.35| at 0.35: a corner, D± = ∓1, continuous (exactly).
    let g = PointAnalysis.analyze(try Catalogue.activation("expr:abs(x - 0.35)"), at: try ExactPoint(parsing: "0.35"), precision: 64, otherKinks: [])
    #expect(g.continuous && g.continuityEstablished && !g.differentiable)
    try covers(g.leftDerivative, "-1", "D− of |x − 0.35|")
}

@Test("BoundsAtTypedDecimalsCoverTheDecimalsOwnValues")
func boundsAtTypedDecimalsCoverTheDecimalsOwnValues() throws {
    // mpmath, 80 digits (the references must hold more digits than 256 bits do): tanh′(0.45) = sech²(0.45); gelu′(−0.3) = Φ(−0.3) − 0.3·φ(−0.3).
    let cases = [("tanh", "0.45", "0.82200122936905378371294603518080793235446287140621343360128673053021534673213616"),
                 ("gelu", "-0.3", "0.26767223317289013701106188402731664635941485049945306244056511852868302408474192")]
    for (spec, x, slope) in cases {
        for p in [24, 53, 113, 256] {
            let a = PointAnalysis.analyze(try Catalogue.activation(spec), at: try ExactPoint(parsing: x), precision: p, otherKinks: [])
            try covers(a.leftDerivative, slope, "\(spec)′(\(x)) from the left at \(p) bits")
            try covers(a.rightDerivative, slope, "\(spec)′(\(x)) from the right at \(p) bits")
            #expect(a.differentiable && a.differentiabilityEstablished)
        }
    }
}

@Test("AQuotientKinkIsExactlyAtTheQuotient")
func aQuotientKinkIsExactlyAtTheQuotient() throws {
    // softplus with β = 7, threshold 15: the kink is at 15/7; left of it log(1 + e^15)/7, right x.
    let f = try Catalogue.activation("softplus:beta=7,threshold=15")
    let point = ExactPoint(f.kinks[0].location)
    #expect(point.rational == Rational(15) / Rational(7))
    let a = PointAnalysis.analyze(f, at: point, precision: 128, otherKinks: [])
    try covers(a.leftValue, "2.1428571865574676733886408424313110400471259894575928202319355932", "f(15/7−)")
    try covers(a.rightDerivative, "1", "D+ = 1 exactly")
    // σ(15), mpmath.
    try covers(a.leftDerivative, "0.99999969409777307437527485321756560364827113137736022955287190020", "D− = σ(15)")
    // Discovery proves it there, as a declared kink.
    let found = KinkDiscovery.discover(f, in: BigFloat(0, precision: 64), BigFloat(5, precision: 64), precision: 128)
    #expect(found.count == 1 && found[0].matchesDeclared && found[0].location?.rational == point.rational && found[0].valueJumps)
}

@Test("ANonDyadicClipBoundIsAConcaveKinkAtTheDecimal")
func aNonDyadicClipBoundIsAConcaveKinkAtTheDecimal() throws {
    let f = try Catalogue.activation("hardtanh:min=-0.45,max=0.65")
    let s = SubgradientAnalysis.analyze(f, at: try ExactPoint(parsing: "0.65"), precision: 128, otherKinks: [])
    #expect(s.classification == .concaveKink, "\(s.classification)")
    #expect(s.clarke.map { $0.lower == 0 && $0.upper == 1 } == true)
    for k in f.kinks {
        let a = PointAnalysis.analyze(f, at: ExactPoint(k.location), precision: 96, otherKinks: [])
        #expect(a.leftDerivative.isCertified && a.rightDerivative.isCertified && !(a.leftDerivative.value == a.rightDerivative.value))
    }
}

@Test("ARationalConstantTieIsDecidedExactly")
func aRationalConstantTieIsDecidedExactly() throws {
    // x + 0.2 < 0.7 at x = 0.5 is a tie: false, exactly, so f = 10 (the other branch); certified.
    let f = try Catalogue.activation("expr:where(x + 0.2 < 0.7, 1, 10)")
    let r = f.correctlyRounded(at: BigFloat(0.5, precision: 53), precision: 53)
    #expect(r.certified && r.value == 10)
    // The same at a typed decimal: 0.3 + 0.4 < 0.7 is false.
    let g = try Catalogue.activation("expr:where(x + 0.4 < 0.7, 1, 10)")
    let s = g.correctlyRounded(at: try ExactPoint(parsing: "0.3"), precision: 53)
    #expect(s.certified && s.value == 10)
}

// MARK: 2. Located kinks: an enclosure, and one-sided limits beside it

@Test("DiscoveryLocatesKinksAndTakesTheLimitsBesideThem")
func discoveryLocatesKinksAndTakesTheLimitsBesideThem() throws {
    func kinks(_ spec: String, _ a: Double, _ b: Double) throws -> [DiscoveredKink] {
        KinkDiscovery.discover(try Catalogue.activation(spec), in: BigFloat(a, precision: 53), BigFloat(b, precision: 53), precision: 128)
    }
    // |5x − 2|: exactly at 2/5, D± = ∓5.
    let abs5 = try kinks("expr:abs(5*x - 2)", -1, 1)
    #expect(abs5.count == 1 && abs5[0].location?.text == "0.4" && abs5[0].certified)
    #expect(abs5[0].sides[.left]?.slope.map { $0.lower == -5 && $0.upper == -5 } == true)
    // max(x, x⁵): kinks at −1, 0 and 1 (and none invented between).
    let m = try kinks("expr:max(x, x^5)", -2, 2)
    #expect(m.compactMap { $0.location?.text } == ["-1", "0", "1"] && m.allSatisfy(\.certified), "\(m.map(\.x))")
    // relu(x² − 3) at ±√3, located: D−/D+ are the limits beside the enclosure (0 and 2√3).
    let r = try kinks("expr:relu(x*x - 3)", 0, 4)
    #expect(r.count == 1 && r[0].location == nil && r[0].certified)
    let twoRootThree = try BigFloat(parsing: "3.4641016151377545870548926830117447338856105076207612561116139589", precision: 300)
    let right = try #require(r[0].sides[.right]?.slope)
    #expect(right.lower <= twoRootThree && twoRootThree <= right.upper)
    #expect(r[0].sides[.left]?.slope.map { $0.lower.isZero && $0.upper.isZero } == true)
    #expect(r[0].bracket.0 < BigFloat.sqrt(BigFloat(3, precision: 300)) && BigFloat.sqrt(BigFloat(3, precision: 300)) < r[0].bracket.1)
    // |eˣ − 2| at ln 2: D− = −2, D+ = 2 (enclosures holding them).
    let e = try kinks("expr:abs(exp(x) - 2)", -3, 3)
    let (l, rr) = (try #require(e.first?.sides[.left]?.slope), try #require(e.first?.sides[.right]?.slope))
    #expect(e.count == 1 && l.lower <= -2 && -2 <= l.upper && rr.lower <= 2 && 2 <= rr.upper)
}

@Test("SteepSmoothFunctionsHaveNoCertifiedKinks")
func steepSmoothFunctionsHaveNoCertifiedKinks() throws {
    for spec in ["expr:tanh(1e11*(x - 0.2))", "expr:sigmoid(3e13*(x + 0.6))", "expr:erf(2e9*(x - 1.5))"] {
        let found = KinkDiscovery.discover(try Catalogue.activation(spec), in: BigFloat(-5, precision: 53), BigFloat(5, precision: 53), precision: 128)
        #expect(found.isEmpty, "\(spec): \(found.map { ($0.x, $0.certified) })")
    }
}

@Test("AVariantThatListsKinksAndForgetsOneGetsTheUndeclaredKink")
func aVariantThatListsKinksAndForgetsOneGetsTheUndeclaredKink() throws {
    let f = try Formula(name: "clip_m1_3", formula: "min(max(-1, x), 3)", kinks: [DeclaredKink(at: -1)])
    #expect(f.declaresEveryKink)
    let v = Verifier(seed: RunSeed(3), cases: 20, precision: 96, digits: 16, exhaustiveAccuracy: false).verify(f)
    let declared = try #require(v.properties.first { $0.property == .kinksDeclared })
    #expect(!declared.holds && declared.counterexample?.contains("undeclared kink at 3") == true, "\(declared.counterexample ?? "")")
    // Without listed kinks a formula leaves them to discovery.
    #expect(!(try Formula(formula: "min(max(-1, x), 3)")).declaresEveryKink)
}

// MARK: 3. Classification beyond Lipschitz

@Test("NonLipschitzPointsAreNamed")
func nonLipschitzPointsAreNamed() throws {
    func classify(_ spec: String, at x: String) throws -> SubgradientAnalysis {
        SubgradientAnalysis.analyze(try Catalogue.activation(spec), at: try ExactPoint(parsing: x), precision: 64, otherKinks: [])
    }
    // C¹ although built from |x|: |x|·√|x| has derivative 0 at 0.
    let c1 = try classify("expr:abs(x)*sqrt(abs(x))", at: "0")
    #expect(c1.classification == .differentiable && c1.point.continuous, "\(c1.classification)")
    // Continuous with an infinite one-sided slope: no Clarke set.
    for (spec, x) in [("expr:sqrt(abs(x - 1))", "1"), ("expr:where(x > 2, (x - 2)*log(x - 2), 0)", "2")] {
        let s = try classify(spec, at: x)
        #expect(s.classification == .infiniteSlope && s.clarke == nil && s.point.continuous, "\(spec): \(s.classification)")
    }
    // No one-sided limit: the value oscillates over [−1, 2] on both sides.
    let o = try classify("expr:where(cos(1/x) < 0, -1, 2)", at: "0")
    #expect(o.classification == .noOneSidedLimit && o.clarke == nil)
    let range = try #require(o.point.rightValue.range)
    #expect(range.0 == -1 && range.1 == 2 && o.point.rightValue.method == .oscillating)
}

// MARK: 4. The whole exponent range, no crash, no hang

@Test("HugeAndTinyPointsGetTheirExactAnswers")
func hugeAndTinyPointsGetTheirExactAnswers() throws {
    try BigFloat.withWidestExponentRange {
        let relu = try Catalogue.activation("relu")
        let a = PointAnalysis.analyze(relu, at: try ExactPoint(parsing: "3e-500000000"), precision: 64, otherKinks: [])
        #expect(a.differentiable && a.leftDerivative.value == 1 && a.leftDerivative.isCertified)
        let big = relu.correctlyRounded(at: try ExactPoint(parsing: "7e999999990"), precision: 64)
        #expect(big.certified && big.value.isFinite && big.value.exponent! > 3_000_000_000)
        // sigmoid(−9e8) = e^(−9e8)/(1 + …) ≈ 10^(−390865034.8): finite, not 0.
        let s = try Catalogue.activation("sigmoid").correctlyRounded(at: try ExactPoint(parsing: "-9e8"), precision: 64)
        #expect(s.certified && !s.value.isZero && s.value.exponent! < -1_298_000_000)
        let h = try Catalogue.activation("heaviside").correctlyRounded(at: try ExactPoint(parsing: "2e-300000000"), precision: 64)
        #expect(h.value == 1)
    }
}

@Test("KinksAtHugeFinitePointsAreAnalysedWithoutRecursion")
func kinksAtHugeFinitePointsAreAnalysed() throws {
    try BigFloat.withWidestExponentRange {
        let cases = [("hardtanh:min=-1e200,max=1e200", "1e200", true, "1", "0"),
                     ("expr:where(x < 1e80, x, 3*x)", "1e80", false, "1", "3"),
                     ("expr:min(x, x)", "-1e250", true, "1", "1")]
        for (spec, x, continuous, dl, dr) in cases {
            let f = try Catalogue.activation(spec)
            let p = try ExactPoint(parsing: x)
            let kinks = KinkDiscovery.neighbourhoodKinks(of: f, around: p.rounded(toPrecision: 800), precision: 128)
            let a = PointAnalysis.analyze(f, at: p, precision: 128, otherKinks: kinks.filter { p.compare(to: $0) != 0 })
            #expect(a.continuous == continuous && a.continuityEstablished, "\(spec)")
            try covers(a.leftDerivative, dl, "\(spec) D−")
            try covers(a.rightDerivative, dr, "\(spec) D+")
        }
    }
}

@Test("TrigonometryOfHugeArgumentsIsRefusedQuicklyWithTheReason")
func trigonometryOfHugeArgumentsIsRefused() throws {
    try BigFloat.withWidestExponentRange {
        let f = try Catalogue.activation("expr:x^2*cos(1/x)")
        let r = f.correctlyRounded(at: try ExactPoint(parsing: "0x1p-50000000"), precision: 53)
        #expect(!r.certified)
        #expect(CostLimit.lastRefusal?.contains("bits of π") == true)
        // Below the limit, sin of a large argument is still answered: sin(2^1000) = −0.15920170308624243824… (mpmath).
        let s = try Catalogue.activation("expr:sin(x)").correctlyRounded(at: BigFloat(1, precision: 2).timesPowerOfTwo(1000), precision: 53)
        #expect(s.certified && Double(s.value) == -0.15920170308624244)
    }
}

@Test("AnUndefinedPointIsNaNInMPFRAsInEveryFormat")
func anUndefinedPointIsNaNInMPFRAsInEveryFormat() throws {
    let f = try Catalogue.activation("expr:x*cos(1/x)")
    #expect(f.correctlyRounded(at: BigFloat(0, precision: 53), precision: 53).value.isNaN)
    #expect(f.valueAndDerivative(at: 0.0).value.isNaN)
    // Its one-sided limits exist (0): reported, with f(0) undefined.
    let a = PointAnalysis.analyze(f, at: BigFloat(0, precision: 64), precision: 64, otherKinks: [])
    #expect(a.isResolved && !a.continuous && a.value.isNaN && BigFloat.abs(a.rightValue.value) <= a.rightValue.errorBound)
}

@Test("AJumpBelowAnyPrecisionIsNotEstablishedNeverCertifiedZero")
func aJumpBelowAnyPrecisionIsNotEstablished() throws {
    // softplus with threshold 10⁸ jumps by −log1p(e^(−10⁸)) at 10⁸: not 0, and far below 2^−p.
    let f = try Catalogue.activation("softplus:threshold=1e8")
    let a = PointAnalysis.analyze(f, at: try ExactPoint(parsing: "1e8"), precision: 128, otherKinks: [])
    #expect(!a.continuous && !a.continuityEstablished)
    #expect(!a.jumpLimit.errorBound.isZero)   // the printed "0" never comes with "exact"
    // Identical branches are proven continuous: softplus (no threshold) at 0, sigmoid at 0.
    for spec in ["softplus", "sigmoid", "silu", "expr:where(x < 1.5, exp(x), exp(x))"] {
        let g = try Catalogue.activation(spec)
        let x = spec.hasPrefix("expr") ? try ExactPoint(parsing: "1.5") : ExactPoint(BigFloat(0, precision: 2))
        let b = PointAnalysis.analyze(g, at: x, precision: 96, otherKinks: [])
        #expect(b.continuous && b.continuityEstablished && b.differentiable && b.differentiabilityEstablished, "\(spec)")
    }
}

// MARK: 1. A kernel holds its parameters in its own type; the mathematics holds them exactly

@Test("AKernelIsJudgedWithItsParametersAsItHoldsThemAndALiteralAsWritten")
func aKernelIsJudgedWithItsParametersAsItHoldsThem() throws {
    // hardtanh's float64 kernel clips at the double nearest −0.45: judged against that function,
    // it is exact (before, the truth clipped at −0.45 itself and the double at the kink failed).
    let clip = try Catalogue.activation("hardtanh:min=-0.45,max=0.65")
    for v in AccuracyCheck.verify(clip, seed: RunSeed(5), randomCases: 40, exhaustive: false) {
        #expect(v.holds, "\(v.name): \(v.counterexample ?? "")")
        let f64 = try #require(v.formats.first { $0.format == .binary64 })
        #expect(f64.parameters?.contains("min=-0x1.ccccccccccccdp-2") == true, "\(f64.parameters ?? "nil")")
    }
    #expect(clip.held(as: .double)?.activation.kinks.map { $0.location.value(precision: 53) } == [BigFloat(-0.45, precision: 53), BigFloat(0.65, precision: 53)])
    // A literal is the function's own constant: where(x < C, x, 2x) with C = 0.5009765625000001,
    // which binary32 rounds to 0.5009765625 = 513/1024, a float16 number. The float kernels take
    // the 2x branch there alone: 0.5009765625/2^−11 = 1026 float16 ulps, found.
    let planted = try Catalogue.activation("expr:where(x < 0.5009765625000001, x, 2*x)")
    let accuracy = AccuracyCheck.verify(planted, seed: RunSeed(5), randomCases: 40, exhaustive: false)[0]
    let f16 = try #require(accuracy.formats.first { $0.format == .binary16 })
    #expect(!accuracy.holds && f16.at == 0.5009765625 && Int(f16.maxULPs) == 1026 && f16.parameters == nil, "\(f16)")
}

@Test("AContinuityNoEnclosureCanSettleRefutesNoClaim")
func aContinuityNoEnclosureCanSettleRefutesNoClaim() throws {
    // |eˣ − 2| is continuous at ln 2, an irrational kink: its one-sided limits agree to within
    // their enclosures but cannot be proven equal there. A continuity claim is not failed for it.
    let f = try Formula(name: "abs_exp_minus_2", formula: "abs(exp(x) - 2)", claims: ActivationClaims(continuous: true))
    let v = Verifier(seed: RunSeed(2), cases: 20, precision: 96, digits: 16, exhaustiveAccuracy: false).verify(f)
    let continuity = try #require(v.properties.first { $0.property == .continuity })
    #expect(continuity.holds && continuity.detail.contains("not established"), "\(continuity.detail)")
    // A divergent one-sided derivative fails one_sided_limits by name.
    let g = Verifier(seed: RunSeed(2), cases: 20, precision: 96, digits: 16, exhaustiveAccuracy: false).verify(try Formula(formula: "sqrt(abs(x - 0.5))"))
    let limits = try #require(g.properties.first { $0.property == .oneSidedLimits })
    #expect(!limits.holds && limits.counterexample?.contains("diverges") == true, "\(limits.counterexample ?? "")")
}
