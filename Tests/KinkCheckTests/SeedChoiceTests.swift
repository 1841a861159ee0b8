import KinkCheckGeneration
import KinkCheckProperties
import Testing

/// One seed resolution for the CLI, the property runner and the test helpers: an explicit seed,
/// else KINKCHECK_SEED, else the caller's fallback, else the CI seed under CI, else the
/// process's random seed — and nothing printed on the way.
@Suite struct SeedChoiceTests {
    /// (seed, source, malformed variable) of a choice, to compare in one expectation.
    func parts(_ c: SeedChoice) -> [String] { [c.seed.description, "\(c.source)", c.malformedVariable ?? "-"] }
    func parts(_ seed: RunSeed, _ source: SeedChoice.Source, _ malformed: String? = nil) -> [String] {
        [seed.description, "\(source)", malformed ?? "-"]
    }

    @Test func theOrderIsGivenVariableFallbackCIRandom() {
        let seed = RunSeed(5), fallback = RunSeed(6)
        let variable = RunEnvironment(["KINKCHECK_SEED": "0x2a", "CI": "1"])
        #expect(parts(SeedChoice.resolve(given: seed, environment: variable, fallback: fallback)) == parts(seed, .given))
        #expect(parts(SeedChoice.resolve(environment: variable, fallback: fallback)) == parts(RunSeed(42), .variable))
        #expect(parts(SeedChoice.resolve(environment: RunEnvironment(["CI": "1"]), fallback: fallback)) == parts(fallback, .fallback))
        #expect(parts(SeedChoice.resolve(environment: RunEnvironment(["CI": "1"]))) == parts(.ci, .ci))
        let random = SeedChoice.resolve(environment: RunEnvironment([:]))
        #expect(parts(random) == parts(SeedChoice.processRandom, .random))
        #expect(SeedChoice.resolve(environment: RunEnvironment([:])).seed == random.seed, "one random seed per process")
    }

    /// A malformed KINKCHECK_SEED is kept for the caller to report, and the seed is chosen as
    /// without it; the property runner reports it as an environment problem.
    @Test func aMalformedVariableIsReportedNotUsed() {
        let bad = RunEnvironment(["KINKCHECK_SEED": "junk", "CI": "1"])
        #expect(parts(SeedChoice.resolve(environment: bad)) == parts(.ci, .ci, "junk"))
        #expect(SeedChoice.resolve(given: RunSeed(1), environment: bad).malformedVariable == nil, "an explicit seed needs no variable")
        let configuration = PropertyRunner.Configuration(environment: bad)
        #expect(configuration.seed == .ci)
        #expect(configuration.environmentProblems == ["KINKCHECK_SEED='junk' is not a decimal or 0x-hex 64-bit number; using run seed \(RunSeed.ci)"])
    }

    /// The configuration resolves as the CLI does.
    @Test func theRunnerUsesTheSameResolution() {
        for env in [RunEnvironment([:]), RunEnvironment(["CI": "1"]), RunEnvironment(["KINKCHECK_SEED": "17"])] {
            #expect(PropertyRunner.Configuration(environment: env).seed == SeedChoice.resolve(environment: env).seed)
        }
        #expect(PropertyRunner.Configuration(seed: RunSeed(3), environment: RunEnvironment(["KINKCHECK_SEED": "17"])).seed == RunSeed(3))
    }
}
