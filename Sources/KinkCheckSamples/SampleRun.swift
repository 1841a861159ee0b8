import BigFloat
import KinkCheck
import KinkCheckAnalysis
import KinkCheckGeneration
import KinkCheckSupport

/// The second pass: rows checked in order, a chunk at a time, and summed up per group as they
/// go. Only the flagged rows are kept (and, for the plots of `--report`, two ulp counts a row),
/// so the rows themselves need not be held.
///
/// Truth (``AccuracyTruth``) is computed once per distinct (spec, x) in parallel and kept for
/// later chunks in a table of at most ``defaultTruthCacheSize`` points (emptied when full: a
/// dump that repeats its points reuses them, one that does not costs no more than before). Kinks are found
/// and analysed once per spec (``SampleKinks``) over the survey's x range. The result does not
/// depend on how the rows are split into calls of ``add(_:)``.
package struct SampleRun {
    /// Distinct points whose truth is kept between chunks, unless the run is told otherwise.
    package static let defaultTruthCacheSize = 1 << 17

    package let checker: SampleChecker
    package let specIndex: [String: Int]
    package let kinks: [[SampleKink]]
    package let zeros: [AccuracyTruth]
    package let activations: [any Activation]
    /// Every row's (x, ulps) per group, for the plots of `--report` (off: the groups' error lists stay empty).
    package let keepErrors: Bool
    package let truthCacheSize: Int
    package struct Point: Hashable { var spec: Int; var bits: UInt64 }
    private var truths: [Point: AccuracyTruth] = [:]
    private var groupIndex: [String: Int] = [:]
    private var groups: [SampleGroup] = []
    private var flagged: [SampleVerdict] = []
    private var rows = 0
    private var defectRows = 0

    /// `activations` maps every spec of `survey` to its activation.
    package init(_ checker: SampleChecker, survey: SampleSurvey, activations: [String: any Activation], keepErrors: Bool = true,
                truthCacheSize: Int = SampleRun.defaultTruthCacheSize) {
        self.checker = checker
        self.keepErrors = keepErrors
        self.truthCacheSize = truthCacheSize
        specIndex = survey.index
        let list = survey.specs.map { activations[$0]! }, ranges = survey.ranges
        self.activations = list
        kinks = parallelMap(list.count) { SampleKinks.find(list[$0], xRange: ranges[$0]) }
        zeros = parallelMap(list.count) { AccuracyTruth(list[$0], at: 0) }
    }

    /// Checks `rows` (the next rows of the dump, in order).
    package mutating func add(_ rows: [DumpRow]) {
        for v in verdicts(rows) { tally(v) }
    }

    /// The verdicts of `rows`, in order.
    package mutating func verdicts(_ rows: [DumpRow]) -> [SampleVerdict] {
        let index = specIndex
        let rowPoint = rows.map { row in row.x.isNaN ? nil : Point(spec: index[row.activation]!, bits: row.x.bitPattern) }
        func missing() -> [Point] {
            var seen = Set<Point>()
            return rowPoint.compactMap { $0 }.filter { truths[$0] == nil && seen.insert($0).inserted }
        }
        var points = missing()
        if truths.count + points.count > truthCacheSize {
            truths.removeAll(keepingCapacity: true)
            points = missing()
        }
        let list = activations, needed = points
        let computed = parallelMap(needed.count) { AccuracyTruth(list[needed[$0].spec], at: Double(bitPattern: needed[$0].bits)) }
        for (p, t) in zip(needed, computed) { truths[p] = t }
        let rowTruth = rowPoint.map { $0.map { truths[$0]! } }
        let (checker, kinks, zeros, specIndex) = (self.checker, self.kinks, self.zeros, self.specIndex)
        return parallelMap(rows.count) { i in
            let s = specIndex[rows[i].activation]!
            return checker.classify(rows[i], truth: rowTruth[i], kinks: kinks[s], zero: zeros[s])
        }
    }

    /// Adds one verdict to its group (per (framework, version, device, mode, dtype, activation),
    /// in order of first appearance).
    package mutating func tally(_ v: SampleVerdict) {
        rows += 1
        let r = v.row
        let key = [r.framework, r.version, r.device, r.mode, r.dtype.name, r.activation].joined(separator: "\u{1}")
        let g: Int
        if let j = groupIndex[key] { g = j } else {
            g = groups.count
            groupIndex[key] = g
            var group = SampleGroup(framework: r.framework, mode: r.mode, dtype: r.dtype, activation: r.activation)
            (group.version, group.device) = (r.version, r.device)
            group.kinks = kinks[specIndex[r.activation]!].map(\.approximate)
            groups.append(group)
        }
        groups[g].rows += 1
        groups[g].valueNarrowing.add(v.valueNarrowing, file: r.file, row: r.row)
        groups[g].derivativeNarrowing.add(v.derivativeNarrowing, file: r.file, row: r.row)
        if let u = v.valueULPs, !r.x.isNaN {
            if keepErrors { groups[g].valueErrors.append((r.x, u)) }
            if groups[g].maxValueULPs.map({ u > $0.ulps }) ?? true { groups[g].maxValueULPs = (u, r.x) }
        }
        if let u = v.derivativeULPs, !r.x.isNaN {
            if keepErrors { groups[g].derivativeErrors.append((r.x, u)) }
            if groups[g].maxDerivativeULPs.map({ u > $0.ulps }) ?? true { groups[g].maxDerivativeULPs = (u, r.x) }
        }
        if let c = v.kind {
            groups[g].counts[c, default: 0] += 1
            groups[g].flagged.append(flagged.count)
            flagged.append(v)
            if v.isDefect { defectRows += 1 }
        }
    }

    /// Everything found so far. With `--allow ftz`, a flush_to_zero row of a narrowed quantity
    /// (``SampleGroup/narrowed(_:)``) is a defect all the same: a float32 computation flushes
    /// float64's small numbers as a flush-to-zero mode does, and which one did cannot be told from
    /// the row, so the allowance meant for the dtype's own flushing does not excuse it.
    package func result() -> SampleCheckResult {
        var flagged = self.flagged, defectRows = self.defectRows, unexcused = 0
        if checker.allowFTZ {
            for g in groups where g.narrowed(.value) || g.narrowed(.derivative) {
                for i in g.flagged where flagged[i].kind == .flushToZero && !flagged[i].isDefect && g.narrowed(flagged[i].quantity) {
                    flagged[i].isDefect = true
                    defectRows += 1
                    unexcused += 1
                }
            }
        }
        var result = SampleCheckResult(rows: rows, defectRows: defectRows, flagged: flagged, groups: groups, k: checker.k,
                                       allowFTZ: checker.allowFTZ)
        result.unexcusedFlushes = unexcused
        return result
    }
}
