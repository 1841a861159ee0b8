import BigFloat
import KinkCheck
import KinkCheckAnalysis
import KinkCheckGeneration
import KinkCheckProperties
import KinkCheckSupport
import KinkCheckVerification
import Testing

/// Verifies `activation` against every property `kinkcheck check` runs — continuity and jumps,
/// one-sided limits with bounds, the autodiff derivative at each declared kink, Clarke membership
/// of the backward derivative (autodiff, or the hand-written one) in Float/Double/MPFR, a
/// hand-written derivative against f′ on the generator, the declared shape claims on the generator
/// (with shrunk counterexamples) and both distributional identities — in one line of a Swift
/// Testing test:
///
/// ```swift
/// @Test func squaredReLUKeepsItsClaims() { verifyActivation(SquaredReLU()) }
/// ```
///
/// Each failing property is recorded as one issue at the caller's source location, with the law,
/// the (shrunk) counterexample and a replay line. The run seed comes from `KINKCHECK_SEED` (fixed
/// under `CI`, else random and printed), so a failure replays exactly. The verification's four
/// independent parts run side by side (a single test uses both cores of a 2-core machine).
@discardableResult
public func verifyActivation(_ activation: any Activation, seed: RunSeed? = nil, cases: Int = 200,
                             precision: Int = 128, digits: Int = 30,
                             sourceLocation: SourceLocation = #_sourceLocation) -> ActivationVerification {
    let choice = SeedChoice.resolve(given: seed)
    SeedNotice.announce(choice)
    let runSeed = choice.seed
    // Its four independent parts (derivative, shapes, identities, accuracy) side by side: one
    // test verifying one activation uses every core, and the verdicts do not depend on it.
    let result = Verifier(seed: runSeed, cases: cases, precision: precision, digits: digits, threads: 4).verify(activation)
    let filter = Test.current.map { testFilter(for: $0.name) } ?? activation.name
    for v in result.properties where !v.holds {
        let message = """
            \(activation.spec): \(v.name) fails — \(v.law)
              counterexample: \(v.counterexample ?? "—")
              found: \(v.detail)
              seed \(runSeed); replay: KINKCHECK_SEED=\(runSeed) swift test --filter \(filter)
            """
        Issue.record(Comment(rawValue: message), sourceLocation: sourceLocation)
    }
    return result
}
