import BigFloat
import KinkCheck
import KinkCheckGeneration
import KinkCheckSupport

/// Runs a ``Property``: per format, the regression file, then the deterministic sweep, then
/// the seeded random cases; stops at the first failing case (in case order), shrinks it, and
/// reports with coverage, statistics and health checks.
///
/// Results depend only on the configuration, the seed and the property — never on `threads`
/// (cases are partitioned by index and merged in order, and the first failure *by index* is the
/// one shrunk).
///
/// Edge cases: with `replay` set only that case runs (then shrinks); health checks are skipped.
/// A replay case from another format or phase than this property has runs nothing and says so.
public struct PropertyRunner: Sendable {
    /// How a property is run. Defaults read ``RunEnvironment``.
    public struct Configuration: Sendable {
        /// Formats to generate in, in order.
        public var formats: [NumberFormat]
        /// Random cases per format (after regressions and sweep); `KINKCHECK_CASES` overrides.
        public var randomCases: Int
        public var seed: RunSeed
        /// Kinks to concentrate on (declared ones; see ``KinkTarget/targets(for:discovered:)``).
        package var kinks: [KinkTarget]
        /// Extra kink locations found by analysis, appended after `kinks`.
        package var discoveredKinks: [BigFloat]
        package var regions: [Region]
        package var mixture: Mixture
        /// Run the deterministic sweep (specials and kink neighbourhoods).
        public var runSweep: Bool
        /// Directory holding `<property file name>.txt` regression files (see ``RegressionFile``).
        public var regressionDirectory: String?
        /// Regression entries given in code (replayed after the file's).
        package var regressions: [RegressionEntry]
        package var coverage: CoverageContract
        /// More discards than this fraction of evaluated cases (with at least 20 cases) is an
        /// error: the law tests too little.
        public var maximumDiscardFraction: Double
        /// Replay only this case (`KINKCHECK_CASE`).
        package var replay: CaseID?
        /// Unmet coverage contracts are errors instead of warnings (`CI`).
        public var isCI: Bool
        /// Ask reporters to print per-provenance statistics (`KINKCHECK_STATS`).
        public var showStatistics: Bool
        /// Append each shrunk failure to the regression file (`KINKCHECK_RECORD`).
        public var recordFailures: Bool
        /// Threads evaluating cases (1: the calling thread only).
        public var threads: Int
        /// Property evaluations allowed while shrinking and growing the failing interval.
        public var shrinkBudget: Int
        /// Problems found while reading the environment (reported as warnings).
        public var environmentProblems: [String]

        package init(formats: [NumberFormat] = [.binary64], randomCases: Int = 1000, seed: RunSeed? = nil,
                    kinks: [KinkTarget] = [], discoveredKinks: [BigFloat] = [],
                    regions: [Region] = Region.defaults, mixture: Mixture = .default, runSweep: Bool = true,
                    regressionDirectory: String? = nil, regressions: [RegressionEntry] = [],
                    coverage: CoverageContract = .kinkNeighbourhoods, maximumDiscardFraction: Double = 0.5,
                    threads: Int = 1, shrinkBudget: Int = 2000,
                    environment: RunEnvironment = .current) {
            self.formats = formats
            self.randomCases = environment.cases ?? randomCases
            let seedChoice = SeedChoice.resolve(given: seed, environment: environment)
            self.seed = seedChoice.seed
            self.kinks = kinks
            self.discoveredKinks = discoveredKinks
            self.regions = regions
            self.mixture = mixture
            self.runSweep = runSweep
            self.regressionDirectory = regressionDirectory
            self.regressions = regressions
            self.coverage = coverage
            self.maximumDiscardFraction = maximumDiscardFraction
            self.replay = environment.replayCase
            self.isCI = environment.isCI
            self.showStatistics = environment.statistics
            self.recordFailures = environment.record
            self.threads = threads
            self.shrinkBudget = shrinkBudget
            var problems: [String] = []
            if let t = seedChoice.malformedVariable {
                problems.append("KINKCHECK_SEED='\(t)' is not a decimal or 0x-hex 64-bit number; using run seed \(seedChoice.seed)")
            }
            if let t = environment.caseText, environment.replayCase == nil {
                problems.append("KINKCHECK_CASE='\(t)' is not <format>/<phase>/<index> (e.g. binary64/random/17); running all cases")
            }
            if let t = environment.casesText, environment.cases == nil {
                problems.append("KINKCHECK_CASES='\(t)' is not a non-negative integer; using \(randomCases)")
            }
            self.environmentProblems = problems
        }

        /// A configuration aimed at `activation`'s declared kinks, in `formats`, with
        /// `randomCases` random cases per format after the sweep; the seed, when not given, comes
        /// from `KINKCHECK_SEED` (fixed under `CI`).
        public init(activation: any Activation, formats: [NumberFormat] = [.binary32, .binary64],
                    randomCases: Int = 1000, seed: RunSeed? = nil) {
            self.init(activation: activation, discovered: [], formats: formats, randomCases: randomCases, seed: seed,
                      environment: .current)
        }

        /// The same, plus kinks found by analysis (`discovered`) and an explicit environment.
        package init(activation: any Activation, discovered: [BigFloat],
                    formats: [NumberFormat] = [.binary32, .binary64], randomCases: Int = 1000,
                    seed: RunSeed? = nil, environment: RunEnvironment = .current) {
            self.init(formats: formats, randomCases: randomCases, seed: seed,
                      kinks: KinkTarget.targets(for: activation), discoveredKinks: discovered,
                      environment: environment)
        }
    }

    package var configuration: Configuration

    package init(_ configuration: Configuration = Configuration()) {
        self.configuration = configuration
    }

    /// All kinks of the run: declared, then discovered.
    package var allKinks: [KinkTarget] {
        configuration.kinks + configuration.discoveredKinks.map { KinkTarget($0, label: "discovered kink at \($0)") }
    }

    /// Runs `property` to its first failure (shrunk) or to the end of every phase.
    package func run(_ property: Property) -> PropertyReport {
        var run = PropertyRun(runner: self, property: property)
        for format in configuration.formats {
            if run.runPhases(in: format) { break }
        }
        return run.report()
    }

    package func shrink(_ property: Property, format: NumberFormat, generator: InputGenerator, caseID: CaseID,
                input: PropertyInput, outcome: PropertyOutcome) -> Counterexample {
        let shrinker = Shrinker(property: property, format: format, kinks: generator.planned,
                                budget: configuration.shrinkBudget, original: input, outcome: outcome)
        let result = shrinker.shrink(input)
        let shrunkOutcome = property.check(result.shrunk)
        let focus = result.shrunk.shape == .kinkTriple ? result.shrunk[2] : result.shrunk.x
        let kink = result.kink ?? generator.planned.first { $0.x0.isIdentical(to: focus) }
        let position = kink.flatMap { KinkRelativePosition(of: focus, kink: $0) }
        let ends = result.interval.map { i in
            (kink.flatMap { KinkRelativePosition(of: i.lower, kink: $0) }, kink.flatMap { KinkRelativePosition(of: i.upper, kink: $0) })
        }
        return Counterexample(caseID: caseID, original: input, originalOutcome: outcome,
                              shrunk: result.shrunk, shrunkOutcome: shrunkOutcome, kinkPosition: position,
                              interval: result.interval, intervalPositions: ends,
                              worstMetric: shrinker.worst.metric, worstInput: shrinker.worst.input,
                              worstNote: shrinker.worst.note, steps: shrinker.steps, law: property.law,
                              seed: configuration.seed)
    }

    /// Evaluates cases `range` (on `threads` threads, in blocks) and hands them to `visit` in
    /// index order until it returns false.
    package static func evaluateInOrder(_ range: Range<Int>, threads: Int, make: @escaping @Sendable (Int) -> PropertyInput,
                                check: @escaping @Sendable (PropertyInput) -> PropertyOutcome,
                                visit: (Int, PropertyInput, PropertyOutcome) -> Bool) {
        let workers = Swift.max(1, threads)
        if workers == 1 || !BigFloat.isThreadSafe {
            for i in range {
                let input = make(i)
                if !visit(i, input, check(input)) { return }
            }
            return
        }
        var start = range.lowerBound
        while start < range.upperBound {
            let base = start
            let n = Swift.min(range.upperBound - start, 64 * workers)
            let results = parallelMap(n, threads: workers) { j in
                let input = make(base + j)
                return (input, check(input))
            }
            for j in 0 ..< n {
                let (input, outcome) = results[j]
                if !visit(base + j, input, outcome) { return }
            }
            start += n
        }
    }
}

extension InputShape {
    package var isOrdered: Bool { self == .orderedPair || self == .orderedTriple }
}
