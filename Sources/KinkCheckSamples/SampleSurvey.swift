import BigFloat
import KinkCheck
import KinkCheckAnalysis
import KinkCheckGeneration
import KinkCheckSupport

/// What the first pass over a dump learns: each spec once, in order of first appearance, with
/// the range of its finite x values (which decides how far kink discovery scans) and the first
/// row that names it (for errors).
package struct SampleSurvey: Sendable {
    /// Specs in order of first appearance.
    package private(set) var specs: [String] = []
    /// The first row of each spec.
    package private(set) var firstRows: [DumpRow] = []
    /// Rows seen.
    package private(set) var rows = 0
    package var index: [String: Int] = [:]
    package var ranges: [ClosedRange<Double>?] = []

    package init() {}

    package init(_ rows: [DumpRow]) {
        for r in rows { add(r) }
    }

    package mutating func add(_ row: DumpRow) {
        rows += 1
        let s: Int
        if let i = index[row.activation] { s = i } else {
            s = specs.count
            index[row.activation] = s
            specs.append(row.activation)
            firstRows.append(row)
            ranges.append(nil)
        }
        if row.x.isFinite {
            ranges[s] = ranges[s].map { Swift.min($0.lowerBound, row.x)...Swift.max($0.upperBound, row.x) } ?? row.x...row.x
        }
    }

    /// Whether `row` is one this survey has seen the like of: its spec known, its x within the
    /// spec's range (a file that changed between two passes may break this).
    package func covers(_ row: DumpRow) -> Bool {
        guard let s = index[row.activation] else { return false }
        return !row.x.isFinite || ranges[s].map { $0.contains(row.x) } == true
    }
}
