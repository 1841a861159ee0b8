import BigFloat
import KinkCheck
import KinkCheckGeneration
import KinkCheckSupport

/// The shrunk failure of a property, with everything needed to understand and replay it.
package struct Counterexample: Sendable {
    /// The first failing case, in case order.
    package let caseID: CaseID
    package let original: PropertyInput
    package let originalOutcome: PropertyOutcome
    /// The minimal input the shrinker found.
    package let shrunk: PropertyInput
    package let shrunkOutcome: PropertyOutcome
    /// Where the shrunk input sits relative to its kink (for triples: the upper element).
    package let kinkPosition: KinkRelativePosition?
    /// The contiguous failing values around the shrunk input.
    package let interval: FailingInterval?
    /// The interval's ends relative to the kink.
    package let intervalPositions: (KinkRelativePosition?, KinkRelativePosition?)?
    /// The largest metric over every failing evaluation (original, shrinking and growing).
    package let worstMetric: Double
    package let worstInput: PropertyInput
    package let worstNote: String
    /// Every evaluation made while shrinking, in order (the original first).
    package let steps: [ShrinkStep]
    package let law: String
    package let seed: RunSeed

    /// The regression-file line that replays the shrunk case.
    package var regressionEntry: RegressionEntry {
        RegressionEntry(format: caseID.format, values: shrunk.values.map(\.hexString),
                        comment: "\(law) — shrunk from seed \(seed) case \(caseID)")
    }

    /// The note of the shrunk failure (or the original's).
    package var note: String {
        if case .fail(_, let n) = shrunkOutcome, !n.isEmpty { return n }
        if case .fail(_, let n) = originalOutcome { return n }
        return ""
    }
}

/// What happened when a property ran. ``failureMessage(testFilter:)`` is the text a test
/// failure shows; ``counterexampleTable()`` the full shrink log.
public struct PropertyReport: Sendable {
    public let property: String
    public let law: String
    public let shape: InputShape
    public let seed: RunSeed
    public let formats: [NumberFormat]
    /// The case replayed alone, if any.
    package let replayed: CaseID?
    /// Cases evaluated per format and phase.
    package let phaseCounts: [PhaseCount]
    package let failure: Counterexample?
    package let coverage: [KinkCoverage]
    package let statistics: [ProvenanceStatistics]
    package let health: [HealthFinding]
    /// The regression file consulted, if any.
    public let regressionPath: String?
    /// The run's kink labels and region names (what provenance indices refer to).
    public let kinkLabels: [String]
    public let regionNames: [String]

    /// A provenance in words, with kink labels and region names filled in.
    package func describe(_ provenance: Provenance) -> String {
        switch provenance {
        case .kink(let i, let side, let offset) where i < kinkLabels.count:
            return side == .at ? "\(kinkLabels[i]): x0" : "\(kinkLabels[i]): x0 \(side == .left ? "-" : "+") \(offset)"
        case .region(let i) where i < regionNames.count:
            return "region \(regionNames[i])"
        default:
            return provenance.description
        }
    }

    /// No counterexample and no health error.
    public var passed: Bool { failure == nil && !health.contains { $0.severity == .error } }
    /// Cases evaluated in all phases.
    public var casesRun: Int { phaseCounts.reduce(0) { $0 + $1.cases } }
    /// Discarded cases.
    public var discarded: Int { statistics.reduce(0) { $0 + $1.discarded } }
    /// True when every reachable kink cell was hit in every format.
    public var kinkCoverageComplete: Bool { coverage.allSatisfy(\.isComplete) }

    /// `KINKCHECK_SEED=… KINKCHECK_CASE=… swift test --filter <filter>` for the failure.
    public func replayCommand(testFilter: String?) -> String? {
        guard let f = failure else { return nil }
        return "KINKCHECK_SEED=\(seed) KINKCHECK_CASE=\(f.caseID) swift test --filter \(PropertyReport.shellQuoted(testFilter ?? property))"
    }

    package static func shellQuoted(_ s: String) -> String {
        let plain = s.unicodeScalars.allSatisfy { $0.isASCII && (Character($0).isLetter || Character($0).isNumber || "._-/".unicodeScalars.contains($0)) }
        return plain ? s : "'" + s.replacingAll("'", with: "'\\''") + "'"
    }

    /// One line: pass/fail, cases, discards, coverage.
    public var summary: String {
        let status = failure != nil ? "FAILED" : (passed ? "passed" : "unhealthy")
        let phases = Phase.allCases.map { p in "\(phaseCounts.filter { $0.phase == p }.reduce(0) { $0 + $1.cases }) \(p.rawValue)" }
        let cells = coverage.flatMap(\.cells).filter(\.reachable)
        return "\(property): \(status) after \(casesRun) cases (\(phases.joined(separator: ", "))), \(discarded) discarded, "
            + "kink cells hit \(cells.filter { $0.hits > 0 }.count)/\(cells.count), seed \(seed)"
    }

    /// The message for a failing property: law, minimal input (decimal, hex-float, raw bits),
    /// kink offset, failing interval, worst metric, seed, case and the replay command.
    public func failureMessage(testFilter: String?) -> String {
        guard let f = failure else { return summary }
        var lines: [String] = []
        lines.append("Property \"\(property)\" failed in \(f.caseID.format): \(law)")
        lines.append("  minimal input: " + PropertyReport.describe(f.shrunk))
        if let k = f.kinkPosition { lines.append("    = \(k)") }
        lines.append("    outcome: \(PropertyReport.describe(f.shrunkOutcome))")
        if let i = f.interval {
            lines.append("  failing interval\(f.shrunk.shape == .kinkTriple ? " (of x0 + δ)" : ""): \(i)")
            if let (lo, hi) = f.intervalPositions, lo != nil || hi != nil {
                let ends = [lo.map { "lower end: x0 \(PropertyReport.offsetText($0))" }, hi.map { "upper end: x0 \(PropertyReport.offsetText($0))" }]
                lines.append("    " + ends.compactMap { $0 }.joined(separator: ", "))
            }
        }
        lines.append("  worst metric seen: \(f.worstMetric) at \(PropertyReport.describe(f.worstInput))" + (f.worstNote.isEmpty ? "" : " — \(f.worstNote)"))
        lines.append("  original: case \(f.caseID) (\(f.original.values.map { describe($0.provenance) }.joined(separator: "; "))): \(f.original)")
        lines.append("  seed \(seed), case \(f.caseID), \(f.steps.count - 1) shrink evaluations")
        if let r = replayCommand(testFilter: testFilter) { lines.append("  replay: \(r)") }
        lines.append("  regression line\(regressionPath.map { " for \($0)" } ?? ""): \(f.regressionEntry.text)")
        return lines.joined(separator: "\n")
    }

    package static func offsetText(_ p: KinkRelativePosition) -> String {
        if p.ulps == "0" { return "exactly" }
        let n = p.ulps.hasPrefix("-") ? "- " + p.ulps.dropFirst() : "+ " + p.ulps
        return "\(n) ulp" + (p.dyadic.map { " (\($0))" } ?? "")
    }

    package static func describe(_ input: PropertyInput) -> String {
        input.values.count == 1 ? input.x.description : "(" + input.values.map(\.description).joined(separator: ", ") + ")"
    }

    package static func describe(_ outcome: PropertyOutcome) -> String {
        switch outcome {
        case .pass: "pass"
        case .discard: "discard"
        case .fail(let m, let note): "fail, metric \(m)" + (note.isEmpty ? "" : " — \(note)")
        }
    }

    /// The shrink log as a text table: step, role, inputs (decimal and hex), outcome.
    public func counterexampleTable() -> String {
        guard let f = failure else { return "" }
        var out = "# \(property): \(law)\n# seed \(seed), case \(f.caseID)\n"
        let rows = f.steps.map { s in s.input.values.map { "\($0.decimalString) | \($0.hexString)" }.joined(separator: " ; ") }
        let width = Swift.max(24, (rows.map(\.count).max() ?? 0) + 2)
        out += "step".padded(to: 6) + "role".padded(to: 13) + "input (decimal | hex)".padded(to: width) + "outcome\n"
        for (i, s) in f.steps.enumerated() {
            out += String(i).padded(to: 6) + s.role.padded(to: 13) + rows[i].padded(to: width) + PropertyReport.describe(s.outcome) + "\n"
        }
        return out
    }

    /// Cases per provenance source and format, with pass/fail/discard counts.
    public func statisticsTable() -> String {
        var out = "# \(property): cases per provenance (seed \(seed))\n"
        out += "format".padded(to: 10) + "cases".leftPadded(to: 8) + "pass".leftPadded(to: 8) + "fail".leftPadded(to: 6)
            + "discard".leftPadded(to: 9) + "  source\n"
        for r in statistics {
            out += r.format.name.padded(to: 10) + String(r.cases).leftPadded(to: 8) + String(r.passed).leftPadded(to: 8)
                + String(r.failed).leftPadded(to: 6) + String(r.discarded).leftPadded(to: 9) + "  " + r.source + "\n"
        }
        return out
    }

    /// Hits per kink cell and format (`-` for unreachable cells).
    public func coverageTable() -> String {
        var out = "format".padded(to: 10) + KinkCell.allCases.map { $0.description.padded(to: 16) }.joined() + "kink\n"
        for k in coverage {
            out += k.format.name.padded(to: 10) + k.cells.map { ($0.reachable ? String($0.hits) : "-").padded(to: 16) }.joined() + k.label + "\n"
        }
        return out
    }
}

/// Cases evaluated in one phase of one format.
package struct PhaseCount: Sendable, Hashable {
    package let format: NumberFormat
    package let phase: Phase
    package let cases: Int
}
