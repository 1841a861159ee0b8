import BigFloat
import KinkCheck
import KinkCheckGeneration
import KinkCheckSupport

/// What a run must exercise, checked after a passing run. Unmet contracts are warnings
/// locally and errors under `CI`.
///
/// Edge cases: cells a format cannot reach (no finite value above a kink at the largest finite
/// number, a kink that overflows the format) are not required.
package struct CoverageContract: Sendable, Hashable {
    /// Every reachable kink × side × offset class cell (see ``KinkCell``) must be hit.
    package var kinkCells: Bool
    /// Hits each required cell needs (non-discarded cases).
    package var minimumHitsPerCell: Int
    /// Provenance categories (``Provenance/category``) that must each appear at least once per
    /// format, e.g. `["special", "log-uniform"]`.
    package var requiredCategories: [String]

    package init(kinkCells: Bool = true, minimumHitsPerCell: Int = 1, requiredCategories: [String] = []) {
        self.kinkCells = kinkCells
        self.minimumHitsPerCell = minimumHitsPerCell
        self.requiredCategories = requiredCategories
    }

    /// Every reachable kink cell at least once (the default).
    package static let kinkNeighbourhoods = CoverageContract()
    /// No requirement.
    package static let none = CoverageContract(kinkCells: false)

    package func check(_ coverage: [KinkCoverage], statistics: StatisticsAccumulator, severity: HealthFinding.Severity,
               property: String) -> [HealthFinding] {
        var out: [HealthFinding] = []
        if kinkCells {
            for k in coverage {
                let missing = k.cells.filter { $0.reachable && $0.hits < minimumHitsPerCell }
                if !missing.isEmpty {
                    out.append(HealthFinding(severity: severity, kind: .coverage,
                        message: "\(property): coverage contract unmet in \(k.format) for \(k.label): " +
                            missing.map { "\($0.cell) (\($0.hits) hit\($0.hits == 1 ? "" : "s"))" }.joined(separator: ", ") +
                            " — need \(minimumHitsPerCell) each; is the sweep off, or are these inputs discarded?"))
                }
            }
        }
        for category in requiredCategories {
            for format in statistics.formats where statistics.count(category: category, format: format) == 0 {
                out.append(HealthFinding(severity: severity, kind: .coverage,
                                         message: "\(property): coverage contract unmet in \(format): no \(category) inputs were run"))
            }
        }
        return out
    }
}

/// Hits per coverage cell of one kink in one format.
package struct KinkCoverage: Sendable {
    package struct Cell: Sendable {
        package let cell: KinkCell
        package let hits: Int
        package let reachable: Bool
    }
    package let format: NumberFormat
    package let kinkIndex: Int
    package let label: String
    package let cells: [Cell]

    /// True when every reachable cell was hit at least once.
    package var isComplete: Bool { cells.allSatisfy { !$0.reachable || $0.hits > 0 } }
}
