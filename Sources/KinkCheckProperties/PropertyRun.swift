import BigFloat
import KinkCheck
import KinkCheckGeneration
import KinkCheckSupport

/// One ``PropertyRunner/run(_:)`` in stages: the regression entries, then per format the
/// phases (regression, sweep, random) up to the first failure, then the closing health checks
/// and the report. Holds what the phases have found so far.
package struct PropertyRun {
    package let runner: PropertyRunner
    package let property: Property
    /// Declared, then discovered.
    package let kinks: [KinkTarget]
    /// The regression file's entries, then the configuration's.
    package let entries: [RegressionEntry]
    package let regressionPath: String?
    package var findings: [HealthFinding]
    package var statistics = StatisticsAccumulator()
    package var coverage: [KinkCoverage] = []
    package var phaseCounts: [PhaseCount] = []
    package var failure: Counterexample? = nil
    /// The replay case belongs to this property: it ran, or was reported as missing.
    package var replayFound = false

    private var configuration: PropertyRunner.Configuration { runner.configuration }

    package init(runner: PropertyRunner, property: Property) {
        let c = runner.configuration
        self.runner = runner
        self.property = property
        kinks = runner.allKinks
        var findings = c.environmentProblems.map { HealthFinding(severity: .warning, kind: .environment, message: $0) }
        var entries: [RegressionEntry] = []
        var regressionPath: String? = nil
        if let dir = c.regressionDirectory {
            let file = RegressionFile(directory: dir, property: property.name)
            regressionPath = file.path
            entries += file.entries
            findings += file.problems.map { HealthFinding(severity: .warning, kind: .regressions, message: $0) }
        }
        self.entries = entries + c.regressions
        self.regressionPath = regressionPath
        self.findings = findings
    }

    /// The regression entries as inputs of the property's shape in `format` (one value completes
    /// a negation or successor pair); an entry of another arity is a warning.
    private mutating func regressionCases(in format: NumberFormat) -> [PropertyInput] {
        let shape = property.shape
        var cases: [PropertyInput] = []
        for entry in entries {
            guard let values = entry.inputs(in: format) else { continue }
            if values.count == shape.arity {
                cases.append(PropertyInput(shape: shape, values: shape.isOrdered ? values.map(\.orderable) : values))
            } else if values.count == 1, shape == .negationPair || shape == .successorPair {
                let x = values[0]
                cases.append(PropertyInput(shape: shape, values: [x, shape == .negationPair ? x.negated : x.nextUp]))
            } else {
                findings.append(HealthFinding(severity: .warning, kind: .regressions,
                                              message: "regression line \(entry.line) has \(values.count) value(s); \(property.name) takes \(shape.arity)"))
            }
        }
        return cases
    }

    /// The cases of `phase` to run: all of them, or only the replayed one (nil when the replay
    /// case belongs elsewhere or does not exist, which is a warning).
    private mutating func caseRange(_ phase: Phase, count: Int, in format: NumberFormat) -> Range<Int>? {
        guard let r = configuration.replay else { return 0 ..< count }
        guard r.format == format, r.phase == phase else { return nil }
        replayFound = true
        guard r.index < count else {
            findings.append(HealthFinding(severity: .warning, kind: .environment,
                                          message: "replay case \(r) does not exist: \(property.name) has \(count) \(phase.rawValue) case(s) in \(format)"))
            return nil
        }
        return r.index ..< r.index + 1
    }

    /// Runs the phases of `format` in order; true when a failure (then shrunk) ends the run.
    package mutating func runPhases(in format: NumberFormat) -> Bool {
        let c = configuration, shape = property.shape
        let regressionList = regressionCases(in: format)
        let generator = InputGenerator(format: format, kinks: kinks, regions: c.regions,
                                       regressionValues: regressionList.map(\.x), mixture: c.mixture)
        let sweepList = c.runSweep ? generator.sweepTuples(shape) : []
        let key = c.seed.streamKey(property: property.name, format: format)
        let phases: [(Phase, Int, @Sendable (Int) -> PropertyInput)] = [
            (.regression, regressionList.count, { regressionList[$0] }),
            (.sweep, sweepList.count, { sweepList[$0] }),
            (.random, c.randomCases, { i in
                var rng = Xoshiro256StarStar(seed: RunSeed.caseSeed(streamKey: key, index: i))
                return generator.randomTuple(shape, using: &rng)
            }),
        ]
        var cells = CoverageAccumulator(kinkCount: kinks.count)
        var evaluated = 0, discarded = 0
        for (phase, count, make) in phases {
            guard let range = caseRange(phase, count: count, in: format) else { continue }
            var phaseEvaluated = 0
            var found: (Int, PropertyInput, PropertyOutcome)? = nil
            PropertyRunner.evaluateInOrder(range, threads: c.threads, make: make, check: property.check) { i, input, outcome in
                phaseEvaluated += 1
                evaluated += 1
                if outcome.isDiscard { discarded += 1 } else { cells.record(input) }
                statistics.record(format: format, input: input, outcome: outcome)
                if outcome.isFailure { found = (i, input, outcome); return false }
                return true
            }
            phaseCounts.append(PhaseCount(format: format, phase: phase, cases: phaseEvaluated))
            if let (i, input, outcome) = found {
                failure = runner.shrink(property, format: format, generator: generator,
                                        caseID: CaseID(format: format, phase: phase, index: i), input: input, outcome: outcome)
                coverage += cells.report(format: format, generator: generator, kinks: kinks)
                return true
            }
        }
        coverage += cells.report(format: format, generator: generator, kinks: kinks)
        checkDiscards(discarded, of: evaluated, in: format)
        return false
    }

    /// More discards than the configuration allows (with at least 20 cases) is an error.
    private mutating func checkDiscards(_ discarded: Int, of evaluated: Int, in format: NumberFormat) {
        let c = configuration
        guard c.replay == nil && evaluated >= 20 && Double(discarded) > c.maximumDiscardFraction * Double(evaluated) else { return }
        let pct = (Double(discarded) / Double(evaluated) * 1000).rounded() / 10
        findings.append(HealthFinding(
            severity: .error, kind: .discards,
            message: "\(property.name) discarded \(discarded) of \(evaluated) cases (\(pct)%) in \(format), above the limit of \(Int(c.maximumDiscardFraction * 100))%: the law is barely tested. Generate what it needs directly (an input shape such as .orderedPair, or a Region) instead of discarding."))
    }

    /// The closing checks (a replay that ran nothing, the coverage contract, recording the
    /// failure), then the report.
    package mutating func report() -> PropertyReport {
        let c = configuration
        if c.replay != nil && !replayFound {
            findings.append(HealthFinding(severity: .warning, kind: .environment,
                                          message: "replay case \(c.replay!) is not a case of \(property.name) (formats: \(c.formats.map(\.name).joined(separator: ", "))); nothing ran"))
        }
        if failure == nil && c.replay == nil {
            findings += c.coverage.check(coverage, statistics: statistics, severity: c.isCI ? .error : .warning, property: property.name)
        }
        if let failure, c.recordFailures, let regressionPath {
            if !RegressionFile.append(failure.regressionEntry, to: regressionPath) {
                findings.append(HealthFinding(severity: .warning, kind: .regressions, message: "could not append to \(regressionPath)"))
            }
        }
        return PropertyReport(property: property.name, law: property.law, shape: property.shape, seed: c.seed,
                              formats: c.formats, replayed: c.replay, phaseCounts: phaseCounts, failure: failure,
                              coverage: coverage, statistics: statistics.rows(kinks: kinks, regions: c.regions),
                              health: findings, regressionPath: regressionPath,
                              kinkLabels: kinks.map(\.label), regionNames: c.regions.map(\.name))
    }
}
