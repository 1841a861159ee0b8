/// How a run's seed was decided: the one resolution behind `--seed` and `KINKCHECK_SEED` in the
/// CLI, ``PropertyRunner``'s configurations and the test helpers.
///
/// The order: an explicit seed (`--seed`, a configuration's `seed:`), else `KINKCHECK_SEED`,
/// else the caller's fallback (`grid`, `distribution --case`), else ``RunSeed/ci`` under `CI`,
/// else a random seed — the process's, drawn once, so every run of one process replays with the
/// same seed.
///
/// It prints nothing. A random seed must be told to the user, or the run cannot be replayed:
/// the CLI says it on stderr and KinkCheckTesting prints it once per process (``source`` is
/// `.random`); likewise a malformed `KINKCHECK_SEED` (``malformedVariable``), which the CLI
/// refuses and a test run reports before going on as if it were unset.
package struct SeedChoice: Sendable, Equatable {
    package enum Source: Sendable, Equatable {
        /// Given explicitly.
        case given
        /// `KINKCHECK_SEED`.
        case variable
        /// The caller's fallback.
        case fallback
        /// ``RunSeed/ci``, under `CI`.
        case ci
        /// The process's random seed.
        case random
    }

    package var seed: RunSeed
    package var source: Source
    /// `KINKCHECK_SEED`'s text when it is set but no seed (the seed is then chosen as if it
    /// were unset).
    package var malformedVariable: String?

    package static func resolve(given: RunSeed? = nil, environment: RunEnvironment = .current,
                                fallback: RunSeed? = nil) -> SeedChoice {
        if let given { return SeedChoice(seed: given, source: .given) }
        var malformed: String? = nil
        if let text = environment.seedText {
            if let seed = RunSeed(text) { return SeedChoice(seed: seed, source: .variable) }
            malformed = text
        }
        if let fallback { return SeedChoice(seed: fallback, source: .fallback, malformedVariable: malformed) }
        if environment.isCI { return SeedChoice(seed: .ci, source: .ci, malformedVariable: malformed) }
        return SeedChoice(seed: processRandom, source: .random, malformedVariable: malformed)
    }

    /// The process's random seed, from the system's entropy, drawn at its first use.
    package static let processRandom: RunSeed = {
        var g = SystemRandomNumberGenerator()
        return RunSeed(g.next())
    }()

    /// The choice for this process's environment, with nothing given.
    package static var process: SeedChoice { resolve() }
}
