import BigFloat
import KinkCheck
import KinkCheckGeneration
import KinkCheckSupport

/// The shape laws an activation may claim, checked on the generator with shrunk counterexamples.
package enum ShapeLaw: String, Sendable, CaseIterable {
    /// f((a + b)/2) ≤ (f(a) + f(b))/2 for all a < b.
    case convexity = "convex"
    /// a ≤ b ⇒ f(a) ≤ f(b).
    case monotonicity = "monotone"
    /// |f(b) − f(a)| ≤ L·(b − a).
    case lipschitz
}

/// The verdict on one claim.
package struct ShapeClaimResult: Sendable {
    package var law: ShapeLaw
    /// What the activation claims: true/false for convex and monotone; true for a declared
    /// Lipschitz constant.
    package var claim: Bool
    /// The generator's finding agrees with the claim: no counterexample for a true claim, a
    /// counterexample for a false one.
    package var verified: Bool
    /// The property run (its `failure` is the shrunk counterexample, when there is one).
    package var report: PropertyReport
    /// One line describing the counterexample, if any.
    package var counterexample: String?
}

/// Checks an activation's declared shape claims (convex, monotone, Lipschitz constant) as
/// properties on the generator. The claims are about the function, not about a floating-point
/// evaluation of its formula: f is correctly rounded at 192 bits (the Ziv loop, so `exp(x) − 1`
/// near 0 is as good as `expm1`), midpoints are exact, and a law counts as violated only beyond
/// 2^−150 of the values involved — far above the values' half-ulp rounding — so rounding never
/// passes for a counterexample. A claim that the function is *not* convex (or monotone) is
/// verified by finding a counterexample. (These verdicts are sampled evidence on the generator's
/// cases, not proofs.)
package enum ShapeClaims {
    package static let precision = 192

    /// f(x) correctly rounded at 192 bits; nil when not finite.
    package static func value(_ f: any Activation, at x: BigFloat) -> BigFloat? {
        let v = f.correctlyRounded(at: x, precision: precision).value
        return v.isFinite ? v : nil
    }

    package static let smallestScale = BigFloat(1, precision: 64).timesPowerOfTwo(-1000)

    /// 2^−150 of the largest magnitude among `values`, or of 2^−1000 when that is larger (the
    /// largest found by comparison: this runs for every case of every law).
    package static func tolerance(_ values: BigFloat...) -> BigFloat {
        var largest = smallestScale
        for v in values where v.isMagnitude(greaterThan: largest) { largest = v }
        return BigFloat.abs(largest).timesPowerOfTwo(-150)
    }

    /// The property for `law` (nil when there is nothing to check: no Lipschitz constant declared).
    package static func property(_ law: ShapeLaw, for f: any Activation) -> Property? {
        property(law, for: f, values: NodeMemo { value(f, at: $0) })
    }

    /// The same with f's values from `values`, which the laws of one activation share: their
    /// cases differ, but the generator's special and kink-relative inputs recur in each.
    package static func property(_ law: ShapeLaw, for f: any Activation, values: NodeMemo<BigFloat?>) -> Property? {
        @Sendable func value(_ x: GeneratedInput) -> BigFloat? { x.isFinite ? values(x.bigFloat) : nil }
        switch law {
        case .convexity:
            return Property("\(f.spec).midpointConvexity", law: "f((a+b)/2) ≤ (f(a)+f(b))/2", shape: .orderedPair) { p in
                guard let fa = value(p[0]), let fb = value(p[1]) else { return .discard }
                // (a + b)/2 exactly: binary64 inputs need at most 2100 bits.
                var m = BigFloat(nanWithPrecision: 2200)
                m.setSum(p[0].bigFloat, p[1].bigFloat)
                guard let fm = values(m.timesPowerOfTwo(-1).trimmed) else { return .discard }
                var mean = fa + fb
                mean = mean.timesPowerOfTwo(-1)
                let excess = fm - mean
                return .require(excess <= tolerance(fa, fb, fm), metric: Double(excess), "f(mid) − mean = \(excess.decimalString(significantDigits: 6))")
            }
        case .monotonicity:
            return Property("\(f.spec).monotonicity", law: "a ≤ b ⇒ f(a) ≤ f(b)", shape: .orderedPair) { p in
                guard let fa = value(p[0]), let fb = value(p[1]) else { return .discard }
                let drop = fa - fb
                return .require(drop <= tolerance(fa, fb), metric: Double(drop), "f(a) − f(b) = \(drop.decimalString(significantDigits: 6))")
            }
        case .lipschitz:
            guard let L = f.claims.lipschitz else { return nil }
            return Property("\(f.spec).lipschitz", law: "|f(b) − f(a)| ≤ \(L)·(b − a)", shape: .orderedPair) { p in
                guard let fa = value(p[0]), let fb = value(p[1]) else { return .discard }
                let dx = BigFloat(p[1].bigFloat, precision: precision) - BigFloat(p[0].bigFloat, precision: precision)
                let excess = BigFloat.abs(fb - fa) - L.bigFloat(precision: precision) * dx
                return .require(excess <= tolerance(fa, fb), metric: Double(excess), "|Δf| − L·Δx = \(excess.decimalString(significantDigits: 6))")
            }
        }
    }

    /// Verifies every shape claim `f` makes.
    /// `threads`: workers per property run (1 inside an already parallel caller — `check` over
    /// many activations, or tests running in parallel — so nothing oversubscribes the cores).
    package static func verify(_ f: any Activation, seed: RunSeed, randomCases: Int = 1000,
                              formats: [NumberFormat] = [.binary64], discovered: [BigFloat] = [],
                              threads: Int = 1) -> [ShapeClaimResult] {
        var results: [ShapeClaimResult] = []
        let claims: [(ShapeLaw, Bool?)] = [(.convexity, f.claims.convex), (.monotonicity, f.claims.monotone),
                                           (.lipschitz, f.claims.lipschitz == nil ? nil : true)]
        let values = NodeMemo { value(f, at: $0) }
        for (law, claim) in claims {
            guard let claim, let property = property(law, for: f, values: values) else { continue }
            var configuration = PropertyRunner.Configuration(activation: f, discovered: discovered, formats: formats,
                                                             randomCases: randomCases, seed: seed)
            configuration.coverage = .none
            configuration.threads = threads
            let report = PropertyRunner(configuration).run(property)
            let found = report.failure != nil
            let line = report.failure.map { c in
                "\(PropertyReport.describe(c.shrunk)): \(PropertyReport.describe(c.shrunkOutcome))"
            }
            results.append(ShapeClaimResult(law: law, claim: claim, verified: claim ? !found && report.passed : found,
                                            report: report, counterexample: line))
        }
        return results
    }
}
