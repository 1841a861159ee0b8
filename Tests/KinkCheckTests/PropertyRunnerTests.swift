import BigFloat
import KinkCheck
import KinkCheckGeneration
import KinkCheckProperties
import KinkCheckTesting
import Testing

/// Self-tests of the property runner (KinkCheckProperties): phases, coverage, health checks,
/// replay, determinism and the Swift Testing entry point (KinkCheckTesting).
@Suite struct PropertyRunnerTests {
    static let quiet = RunEnvironment([:])

    /// Tests/KinkCheckTests/Fixtures/regressions, found next to this source file.
    static var regressionDirectory: String {
        let path = String(#filePath)
        return String(path[..<path.lastIndex(of: "/")!]) + "/Fixtures/regressions"
    }

    /// Every finite input gives a non-NaN output in its own format (cheap: the point is coverage).
    static func finiteInFiniteOut(_ activation: any Activation) -> Property {
        Property("\(activation.name)GivesNumbers", law: "x finite ⇒ f(x) is not NaN") { input in
            let x = input.x
            guard x.isFinite else { return .pass }
            let y = x.format == .binary32 ? Double(activation(x.float)) : activation(x.double)
            return .require(!y.isNaN, metric: 1, "f(\(x.decimalString)) = nan")
        }
    }

    @Test func everyBuiltInKinkIsFullyCoveredInBinary32AndBinary64() {
        var cells = 0
        for activation in Catalogue.all where !activation.kinks.isEmpty {
            let config = PropertyRunner.Configuration(activation: activation, discovered: [], formats: [.binary32, .binary64],
                                                      seed: RunSeed(3), environment: PropertyRunnerTests.quiet)
            let report = PropertyRunner(config).run(PropertyRunnerTests.finiteInFiniteOut(activation))
            #expect(report.failure == nil, "\(report.failureMessage(testFilter: nil))")
            #expect(report.kinkCoverageComplete, "\(activation.name)\n\(report.coverageTable())")
            #expect(!report.health.contains { $0.kind == .coverage }, "\(report.health)")
            #expect(report.coverage.count == 2 * activation.kinks.count)
            for k in report.coverage {
                let allReachable = k.cells.allSatisfy { $0.reachable }
                #expect(allReachable, "\(k.label) in \(k.format)")
                cells += k.cells.count
            }
        }
        #expect(cells >= 150)     // 16 kinks × 5 cells × 2 formats, at least
    }

    @Test func unmetCoverageIsAWarningLocallyAndAnErrorUnderCI() {
        let trivial = Property("TrivialWithoutSweep", law: "true") { _ in .pass }
        for (env, severity) in [(RunEnvironment([:]), HealthFinding.Severity.warning), (RunEnvironment(["CI": "1"]), .error)] {
            var config = PropertyRunner.Configuration(activation: Activations.ReLU6(), discovered: [], formats: [.binary64], randomCases: 0, environment: env)
            config.runSweep = false
            let report = PropertyRunner(config).run(trivial)
            let coverage = report.health.filter { $0.kind == .coverage }
            #expect(coverage.count == 2 && coverage.allSatisfy { $0.severity == severity })
            #expect(report.passed == (severity == .warning))
        }
        var config = PropertyRunner.Configuration(formats: [.binary64], randomCases: 50, seed: RunSeed(1), environment: PropertyRunnerTests.quiet)
        config.coverage = CoverageContract(kinkCells: false, requiredCategories: ["log-uniform", "region"])
        config.mixture = Mixture(special: 1, kink: 0, logUniform: 0, rawBits: 1, region: 0)
        let report = PropertyRunner(config).run(trivial)
        #expect(report.health.filter { $0.kind == .coverage }.count == 2)
    }

    @Test func discardingNinetyFivePercentTripsTheHealthCheck() {
        let picky = Property("DiscardsAlmostEverything", law: "only one case in twenty counts") { input in
            let x = input.x
            guard x.isFinite else { return .discard }
            // Keep a case iff its bits' low digit in base 20 is 0: about 5 %.
            return x.bits % 20 == 0 ? .pass : .discard
        }
        let report = PropertyRunner(PropertyRunner.Configuration(seed: RunSeed(9), environment: PropertyRunnerTests.quiet)).run(picky)
        let finding = report.health.first { $0.kind == .discards }
        #expect(finding?.severity == .error && !report.passed)
        #expect(Double(report.discarded) > 0.9 * Double(report.casesRun))
        let fine = Property("DiscardsNaNOnly", law: "x = x for non-NaN x") { input in
            input.x.isNaN ? .discard : .require(input.x.double == input.x.double)
        }
        #expect(!PropertyRunner(PropertyRunner.Configuration(seed: RunSeed(9), environment: PropertyRunnerTests.quiet)).run(fine)
            .health.contains { $0.kind == .discards })
    }

    /// Fails only on a narrow band no sweep point reaches, so the failure comes from the
    /// random phase.
    static let band = Property("NarrowBand", law: "x ∉ [2.5, 2.75]") { input in
        let x = input.x.double
        return .require(!(x >= 2.5 && x <= 2.75), metric: x)
    }

    static func bandConfig(threads: Int) -> PropertyRunner.Configuration {
        var c = PropertyRunner.Configuration(formats: [.binary64], randomCases: 5000, seed: RunSeed(0xC0FFEE), threads: threads,
                                             environment: PropertyRunnerTests.quiet)
        c.regions = [Region("near", 2, 3)]
        return c
    }

    @Test func resultsDoNotDependOnThreads() throws {
        let one = PropertyRunner(PropertyRunnerTests.bandConfig(threads: 1)).run(PropertyRunnerTests.band)
        let two = PropertyRunner(PropertyRunnerTests.bandConfig(threads: 2)).run(PropertyRunnerTests.band)
        let f1 = try #require(one.failure), f2 = try #require(two.failure)
        #expect(f1.caseID.phase == .random)
        #expect(f1.caseID == f2.caseID && f1.shrunk.x.bits == f2.shrunk.x.bits)
        #expect(one.summary == two.summary)
        #expect(one.failureMessage(testFilter: "t") == two.failureMessage(testFilter: "t"))
        #expect(one.statisticsTable() == two.statisticsTable())
    }

    @Test func replayingACaseReproducesItAlone() throws {
        let full = PropertyRunner(PropertyRunnerTests.bandConfig(threads: 1)).run(PropertyRunnerTests.band)
        let f = try #require(full.failure)
        let env = RunEnvironment(["KINKCHECK_SEED": "\(full.seed)", "KINKCHECK_CASE": "\(f.caseID)"])
        var config = PropertyRunner.Configuration(formats: [.binary64], randomCases: 5000, environment: env)
        config.regions = [Region("near", 2, 3)]
        let replay = PropertyRunner(config).run(PropertyRunnerTests.band)
        let r = try #require(replay.failure)
        #expect(replay.casesRun == 1 && replay.replayed == f.caseID)
        #expect(r.caseID == f.caseID && r.original.x.bits == f.original.x.bits && r.shrunk.x.bits == f.shrunk.x.bits)
        // A case of another format runs nothing, and says so.
        let other = RunEnvironment(["KINKCHECK_CASE": "binary16/random/0"])
        let none = PropertyRunner(PropertyRunner.Configuration(formats: [.binary64], seed: RunSeed(1), environment: other)).run(PropertyRunnerTests.band)
        #expect(none.casesRun == 0 && none.health.contains { $0.kind == .environment })
    }

    @Test func regressionFileIsReplayedFirst() throws {
        let p = Property("Regressions replay first", law: "x ≤ 6") { input in
            .require(input.x.double <= 6, metric: input.x.double - 6)
        }
        var config = PropertyRunner.Configuration(formats: [.binary64], randomCases: 10, seed: RunSeed(1),
                                                  environment: PropertyRunnerTests.quiet)
        config.regressionDirectory = PropertyRunnerTests.regressionDirectory
        let report = PropertyRunner(config).run(p)
        #expect(report.regressionPath?.hasSuffix("regressions/regressions-replay-first.txt") == true)
        let f = try #require(report.failure)
        // Line 4 (1) passes; line 5 (6 + 1 ulp) fails before any sweep case runs.
        #expect(f.caseID == CaseID(format: .binary64, phase: .regression, index: 1))
        #expect(f.original.x.provenance == .regression(line: 5, ulps: 0))
        #expect(f.shrunk.x.double == 8)
        #expect(f.interval?.lower.double == 6.0.nextUp)
        // binary32 gets only the format-less line (6).
        let quiet = Property("Regressions replay first", law: "true") { _ in .pass }
        config.formats = [.binary32]
        let r32 = PropertyRunner(config).run(quiet)
        #expect(r32.phaseCounts.first { $0.phase == .regression }?.cases == 1)
        #expect(r32.statistics.first { $0.category == "regression" }?.cases == 1)
    }

    @Test func regressionFilesParseAndReportProblems() {
        let file = RegressionFile(path: "x.txt", text: "# header\n\nbinary32 0x1p-3 inf  # pair\n0x1.8p+2\nbinary64 banana\nmpfr80 -0x1p+1\n")
        #expect(file.entries.count == 3 && file.problems.count == 1 && file.problems[0].contains("x.txt:5"))
        #expect(file.entries[0].format == .binary32 && file.entries[0].values == ["0x1p-3", "inf"] && file.entries[0].comment == "pair")
        #expect(file.entries[1].format == nil && file.entries[1].inputs(in: .binary16)?.first?.double == 6)
        #expect(file.entries[2].inputs(in: .mpfr(precision: 80))?.first?.bigFloat == BigFloat(-2, precision: 80))
        #expect(file.entries[0].inputs(in: .binary64) == nil)
        #expect(RegressionFile.fileName(for: "ReLU6 is monotone (x ≤ y)") == "relu6-is-monotone-x-y.txt")
    }

    @Test func recordingAppendsTheShrunkCase() throws {
        let dir = "/tmp/kinkcheck-generation-test-\(getpid())"
        #expect(mkdirForTest(dir))
        let p = Property("Recorded failure", law: "x < 6") { .require($0.x.double < 6) }
        var config = PropertyRunner.Configuration(formats: [.binary64], randomCases: 0, seed: RunSeed(1),
                                                  kinks: [KinkTarget(BigFloat(6, precision: 53), label: "six")],
                                                  environment: RunEnvironment(["KINKCHECK_RECORD": "1"]))
        config.regressionDirectory = dir
        #expect(config.recordFailures)
        _ = PropertyRunner(config).run(p)
        let file = RegressionFile(directory: dir, property: p.name)
        #expect(file.entries.count == 1 && file.entries[0].values == ["0x1.8p+2"] && file.entries[0].format == .binary64)
        // The next run replays it first.
        let again = PropertyRunner(config).run(p)
        #expect(again.failure?.caseID == CaseID(format: .binary64, phase: .regression, index: 0))
        unlink(file.path)
        rmdir(dir)
    }

    @Test func statisticsAccountForEveryCase() {
        let p = Property("CountsEverything", law: "true") { $0.x.isNaN ? .discard : .pass }
        let config = PropertyRunner.Configuration(activation: Activations.ReLU6(), discovered: [], formats: [.binary64], randomCases: 500, seed: RunSeed(2),
                                                  environment: PropertyRunnerTests.quiet)
        let report = PropertyRunner(config).run(p)
        #expect(report.statistics.reduce(0) { $0 + $1.cases } == report.casesRun)
        let categories = Set(report.statistics.map(\.category))
        #expect(categories == ["special", "kink", "log-uniform", "raw-bits", "region"])
        #expect(report.statisticsTable().contains("relu6 kink at 6: above, m·2^-k"))
    }

    @Test func checkPropertyRecordsOneIssueWithTheReplayLine() {
        let failing = Property("AlwaysBelowSix", law: "x < 6") { .require($0.x.double < 6, metric: 1) }
        let config = PropertyRunner.Configuration(formats: [.binary64], randomCases: 10, seed: RunSeed(4),
                                                  kinks: [KinkTarget(BigFloat(6, precision: 53), label: "six")],
                                                  environment: PropertyRunnerTests.quiet)
        withKnownIssue {
            let report = checkProperty(failing, configuration: config)
            #expect(report.failure?.shrunk.x.double == 6)
        } matching: { issue in
            let text = issue.comments.map(\.rawValue).joined()
            return text.contains("KINKCHECK_SEED=0x0000000000000004") && text.contains("swift test --filter checkPropertyRecordsOneIssueWithTheReplayLine")
                && text.contains("x < 6") && text.contains("0x1.8p+2") && text.contains("0x4018000000000000")
        }
        let passing = Property("AlwaysFinite", law: "true") { _ in .pass }
        let report = checkProperty(passing, configuration: config)
        #expect(report.passed)
    }
}

#if canImport(Glibc)
import Glibc
#endif

func mkdirForTest(_ path: String) -> Bool { mkdir(path, 0o755) == 0 }
