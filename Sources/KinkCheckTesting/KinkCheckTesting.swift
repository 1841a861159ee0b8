import BigFloat
import KinkCheckAnalysis
import KinkCheckGeneration
import KinkCheckProperties
import KinkCheckSupport
import KinkCheckVerification
import Testing

/// Runs `property` and reports to Swift Testing: one issue per failing property, at the
/// caller's source location, with the law, the minimal input (decimal, hex-float, raw bits),
/// its position relative to the kink, the failing interval, the worst metric, the seed, the case
/// and a one-line replay command; the shrink log is attached as a text file. Health findings
/// are recorded as issues too (warnings locally; errors under `CI` for coverage, always for
/// too many discards). Set `KINKCHECK_STATS=1` (or `showStatistics`) to print per-provenance
/// statistics.
///
/// ```swift
/// @Test func relu6IsMonotone() {
///     let law = Property("relu6 is monotone", law: "a ≤ b ⇒ relu6(a) ≤ relu6(b)", shape: .orderedPair) { p in
///         .require(Activations.ReLU6()(p[0].double) <= Activations.ReLU6()(p[1].double))
///     }
///     checkProperty(law, configuration: .init(activation: Activations.ReLU6()))
/// }
/// ```
///
/// Edge cases: outside a running test (no `Test.current`) issues are still recorded (Swift
/// Testing then reports them as unattributed) and the replay command filters by property name.
@discardableResult
public func checkProperty(_ property: Property,
                          configuration: PropertyRunner.Configuration? = nil,
                          sourceLocation: SourceLocation = #_sourceLocation) -> PropertyReport {
    let configuration = configuration ?? PropertyRunner.Configuration()
    // A run on the process's seed says how that seed was chosen (once per process).
    if configuration.seed == RunSeed.environment { SeedNotice.announce(.process) }
    let report = PropertyRunner(configuration).run(property)
    let filter = Test.current.map { testFilter(for: $0.name) }
    if report.failure != nil {
        Issue.record(Comment(rawValue: report.failureMessage(testFilter: filter)), sourceLocation: sourceLocation)
        Attachment.record(report.counterexampleTable(), named: RegressionFile.fileName(for: property.name)
            .replacingSuffix(".txt", with: "-counterexamples.txt"), sourceLocation: sourceLocation)
    }
    for finding in report.health {
        Issue.record(Comment(rawValue: finding.message),
                     severity: finding.severity == .error ? .error : .warning, sourceLocation: sourceLocation)
    }
    if configuration.showStatistics {
        print(report.summary)
        print(report.statisticsTable())
        print(report.coverageTable())
    }
    return report
}

/// `checkProperty(Property(name, law: law, shape: shape, check: check), …)`: the law written
/// inline.
///
/// ```swift
/// @Test func relu6IsMonotone() {
///     checkProperty("relu6 is monotone", law: "a ≤ b ⇒ relu6(a) ≤ relu6(b)", shape: .orderedPair,
///                   configuration: .init(activation: Activations.ReLU6())) { p in
///         .require(Activations.ReLU6()(p[0].double) <= Activations.ReLU6()(p[1].double))
///     }
/// }
/// ```
@discardableResult
public func checkProperty(_ name: String, law: String, shape: InputShape = .single,
                          configuration: PropertyRunner.Configuration? = nil,
                          sourceLocation: SourceLocation = #_sourceLocation,
                          _ check: @escaping @Sendable (PropertyInput) -> PropertyOutcome) -> PropertyReport {
    checkProperty(Property(name, law: law, shape: shape, check: check), configuration: configuration,
                  sourceLocation: sourceLocation)
}

/// `relu6IsMonotone()` → `relu6IsMonotone`: a `swift test --filter` pattern for a test name.
func testFilter(for name: String) -> String {
    name.hasSuffix("()") ? String(name.dropLast(2)) : (name.firstIndex(of: "(").map { String(name[..<$0]) } ?? name)
}

extension String {
    func replacingSuffix(_ suffix: String, with replacement: String) -> String {
        hasSuffix(suffix) ? String(dropLast(suffix.count)) + replacement : self + replacement
    }
}
