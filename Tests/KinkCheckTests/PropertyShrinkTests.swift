import BigFloat
import KinkCheck
import KinkCheckGeneration
import KinkCheckProperties
import Testing

/// Self-tests of the property runner's shrinking and failure reports (KinkCheckProperties): each
/// one must be able to fail.
@Suite struct PropertyShrinkTests {
    static let quiet = RunEnvironment([:])

    static func config(_ formats: [NumberFormat] = [.binary64], seed: UInt64 = 1, kinks: [KinkTarget] = [],
                       randomCases: Int = 300) -> PropertyRunner.Configuration {
        PropertyRunner.Configuration(formats: formats, randomCases: randomCases, seed: RunSeed(seed), kinks: kinks,
                                     environment: quiet)
    }

    static func six(_ p: Int = 53) -> KinkTarget { KinkTarget(BigFloat(6, precision: p), label: "six") }

    /// Fails exactly for x ≥ 6 + 2⁻⁴⁰ (metric: x − 6).
    static let aboveThreshold = Property("FailsFromSixPlusTwoToMinusForty", law: "x < 6 + 2^-40") { input in
        let x = input.x.bigFloat
        let threshold = BigFloat(6, precision: 64) + BigFloat(1, precision: 2).timesPowerOfTwo(-40)
        return x >= threshold ? .fail(metric: Double(x - 6), note: "x ≥ 6 + 2^-40") : .pass
    }

    @Test func thresholdShrinksToExactlySixPlusTwoToMinusForty() throws {
        let report = PropertyRunner(PropertyShrinkTests.config(kinks: [PropertyShrinkTests.six()])).run(PropertyShrinkTests.aboveThreshold)
        let f = try #require(report.failure)
        #expect(f.shrunk.x.double == 6 + 0x1p-40)
        #expect(f.kinkPosition?.ulps == "1024" && f.kinkPosition?.dyadic == "+ 2^-40")
        let i = try #require(f.interval)
        #expect(i.lower.double == 6 + 0x1p-40 && i.lowerIsEdge)
        #expect(i.upper.double == .infinity && i.upperIsEdge)
        #expect(f.worstMetric == .infinity)        // the gross end of the interval, not the edge's 2^-40
        let message = report.failureMessage(testFilter: "thresholdShrinks")
        #expect(message.contains("x0 + 1024 ulp = x0 + 2^-40"))
        #expect(message.contains("0x1.80000000004p+2") && message.contains("0x4018000000000400"))
        #expect(message.contains("KINKCHECK_SEED=0x0000000000000001 KINKCHECK_CASE=\(f.caseID) swift test --filter thresholdShrinks"))
        #expect(message.contains("x < 6 + 2^-40"))
    }

    @Test func withoutAKinkTheIntervalStillFindsTheEdge() throws {
        let report = PropertyRunner(PropertyShrinkTests.config()).run(PropertyShrinkTests.aboveThreshold)
        let f = try #require(report.failure)
        #expect(f.shrunk.x.double == 8)                       // simplest failing value
        #expect(f.interval?.lower.double == 6 + 0x1p-40 && f.interval?.lowerIsEdge == true)
    }

    @Test func thresholdInBinary32AndMPFR() throws {
        let r32 = PropertyRunner(PropertyShrinkTests.config([.binary32], kinks: [PropertyShrinkTests.six()])).run(PropertyShrinkTests.aboveThreshold)
        // 6 + 2^-40 is not a binary32 number: the first failing float is 6 + 1 ulp = 6 + 2^-21.
        #expect(r32.failure?.shrunk.x.float == Float(6).nextUp)
        #expect(r32.failure?.kinkPosition?.dyadic == "+ 2^-21")
        let p = 100
        let deep = Property("FailsFromSixPlusTwoToMinusSeventy", law: "x < 6 + 2^-70") { input in
            let t = BigFloat(6, precision: 128) + BigFloat(1, precision: 2).timesPowerOfTwo(-70)
            return .require(input.x.bigFloat < t, metric: 1)
        }
        let rm = PropertyRunner(PropertyShrinkTests.config([.mpfr(precision: p)], kinks: [PropertyShrinkTests.six(p)], randomCases: 20)).run(deep)
        let f = try #require(rm.failure)
        #expect(f.shrunk.x.bigFloat == BigFloat(6, precision: p) + BigFloat(1, precision: 2).timesPowerOfTwo(-70))
        #expect(f.kinkPosition?.dyadic == "+ 2^-70")
        #expect(f.kinkPosition?.ulps == String(1 << 27))     // ulp(6) = 2^-97 at 100 bits
    }

    /// relu6 one ulp low at its upper kink: returns 6⁻ at x = 6 exactly.
    static func buggyReLU6(_ x: Double) -> Double { x <= 0 ? 0 : (x == 6 ? 6.0.nextDown : Swift.min(x, 6)) }
    static func buggyReLU6(_ x: Float) -> Float { x <= 0 ? 0 : (x == 6 ? Float(6).nextDown : Swift.min(x, 6)) }

    static let relu6MatchesMPFR = Property("BuggyReLU6MatchesMPFR", law: "relu6(x) in float = relu6(x) correctly rounded") { input in
        let x = input.x
        guard !x.isNaN else { return .discard }
        let truth = Activations.ReLU6().correctlyRounded(at: x.bigFloat, precision: x.format.precision).value
        let got = x.format == .binary32 ? BigFloat(buggyReLU6(x.float), precision: 24) : BigFloat(buggyReLU6(x.double), precision: 53)
        guard got != truth else { return .pass }
        return .fail(metric: Double(BigFloat.abs(got - truth) / truth.ulp), note: "got \(got), want \(truth)")
    }

    @Test(arguments: [UInt64(1), 2, 0xDEAD_BEEF])
    func oneUlpOffReLU6IsCaughtByTheSweep(seed: UInt64) throws {
        for format in [NumberFormat.binary32, .binary64] {
            let kinks = KinkTarget.targets(for: Activations.ReLU6())
            let report = PropertyRunner(PropertyShrinkTests.config([format], seed: seed, kinks: kinks, randomCases: 0))
                .run(PropertyShrinkTests.relu6MatchesMPFR)
            let f = try #require(report.failure, "\(format) seed \(seed)")
            #expect(f.caseID.phase == .sweep)
            #expect(f.shrunk.x.double == 6 && f.kinkPosition?.ulps == "0")
            #expect(f.interval?.lower.double == 6 && f.interval?.upper.double == 6)
            #expect(f.interval?.lowerIsEdge == true && f.interval?.upperIsEdge == true && f.interval?.count == "1")
            #expect(f.worstMetric == 1)
        }
    }

    @Test func elsewhereShrinksTowardSimpleValues() throws {
        let p = Property("SmallerThanAThousand", law: "x ≤ 1000 or x is not finite") { input in
            let x = input.x.double
            return .require(!(x > 1000 && x.isFinite), metric: x - 1000)
        }
        let f = try #require(PropertyRunner(PropertyShrinkTests.config()).run(p).failure)
        #expect(f.shrunk.x.double == 1024)
        #expect(f.interval?.lower.double == 1000.0.nextUp && f.interval?.upper.double == .greatestFiniteMagnitude)
        let q = Property("NotBetweenZeroAndTiny", law: "x ≤ 0 or x ≥ 2^-1000") { input in
            let x = input.x.double
            return .require(!(x > 0 && x < 0x1p-1000))
        }
        let g = try #require(PropertyRunner(PropertyShrinkTests.config()).run(q).failure)
        #expect(g.shrunk.x.double == 0x1p-1001)
        #expect(g.interval?.lower.double == .leastNonzeroMagnitude && g.interval?.upper.double == Double(0x1p-1000).nextDown)
    }

    @Test func convexityAtAConcaveCornerShrinksToOneUlp() throws {
        let p = Property("ReLU6IsConvex", law: "f(b) ≤ ((c − b)f(a) + (b − a)f(c))/(c − a)", shape: .kinkTriple) { t in
            let (a, b, c) = (t[0].bigFloat, t[1].bigFloat, t[2].bigFloat)
            guard a.isFinite, c.isFinite, a < b, b < c else { return .discard }
            let w = 4200
            func f(_ x: BigFloat) -> BigFloat { BigFloat(Activations.ReLU6()(x), precision: w) }
            let rhs = ((BigFloat(c, precision: w) - b) * f(a) + (BigFloat(b, precision: w) - a) * f(c)) / (BigFloat(c, precision: w) - a)
            return .require(f(b) <= rhs, metric: Double(f(b) - rhs))
        }
        let config = PropertyShrinkTests.config(kinks: KinkTarget.targets(for: Activations.ReLU6()), randomCases: 100)
        let f = try #require(PropertyRunner(config).run(p).failure)
        #expect(f.shrunk[1].double == 6 && f.shrunk[2].double == 6.0.nextUp && f.shrunk[0].double == 6.0.nextDown)
        #expect(f.kinkPosition?.ulps == "1")
    }

    @Test func orderedPairsShrinkAndStayOrdered() throws {
        // A dip: f(x) = x − 1 on [3, 3.5), x elsewhere — not monotone at 3.
        @Sendable func f(_ x: Double) -> Double { x >= 3 && x < 3.5 ? x - 1 : x }
        let p = Property("DipIsMonotone", law: "a ≤ b ⇒ f(a) ≤ f(b)", shape: .orderedPair) { t in
            let (a, b) = (t[0].double, t[1].double)
            return .require(f(a) <= f(b), metric: f(a) - f(b))
        }
        let config = PropertyShrinkTests.config(kinks: [KinkTarget(BigFloat(3, precision: 53), label: "dip")], randomCases: 2000)
        let c = try #require(PropertyRunner(config).run(p).failure)
        #expect(c.shrunk[0].double <= c.shrunk[1].double)
        #expect(f(c.shrunk[0].double) > f(c.shrunk[1].double))
        // The simplest pair of small halves that shows the dip: (2.5, 3) — not two neighbours.
        #expect(c.shrunk[1].double == 3 && c.shrunk[0].double == 2.5, "\(c.shrunk)")
    }

    @Test func successorPairsShrinkThroughTheirFirstElement() throws {
        // A jump at 6: f(6⁺) − f(6) should be tiny for a continuous f; this one jumps by 1.
        @Sendable func g(_ x: Double) -> Double { x > 6 ? x + 1 : x }
        let p = Property("JumpIsContinuous", law: "|f(nextUp x) − f(x)| ≤ 2 ulp", shape: .successorPair) { t in
            let (x, y) = (t[0].double, t[1].double)
            guard x.isFinite, y.isFinite else { return .discard }
            let d = (g(y) - g(x)).magnitude
            return .require(d <= 2 * y.ulp, metric: d)
        }
        let f = try #require(PropertyRunner(PropertyShrinkTests.config(kinks: [PropertyShrinkTests.six()])).run(p).failure)
        #expect(f.shrunk[0].double == 6 && f.shrunk[1].double == 6.0.nextUp)
    }
}
