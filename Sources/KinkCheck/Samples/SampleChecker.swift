import BigFloat

/// Checks framework dump rows against MPFR truth (`kinkcheck samples`).
///
/// Truth (``AccuracyTruth``: f and f′ correctly rounded at 128 bits, and the conditioning terms)
/// is computed once per distinct (spec, x) — it does not depend on the dtype, and every dtype
/// number is exactly a `Double` — in parallel over the distinct points. Kinks are found and
/// analysed once per spec (``SampleKinks``). Each row then gets at most one ``SampleClass``
/// (see there for the precedence); the rules are in ``classify(_:truth:kinks:zero:)``.
public struct SampleChecker: Sendable {
    /// k of the accuracy rule (`--ulps`).
    public var k: Double
    /// `--allow ftz`: flush_to_zero rows are reported but are not defects.
    public var allowFTZ: Bool
    /// "Beside a kink": 0 < |x − x₀| ≤ 2^−10·max(|x₀|, 1) for the nearest kink x₀ — covers the
    /// grid's ±16-ulp chains and dyadic offsets down from 2^−10 in every dtype.
    public static let besideExponent = -10

    public init(k: Double = Accuracy.defaultK, allowFTZ: Bool = false) {
        self.k = k
        self.allowFTZ = allowFTZ
    }

    /// Checks `rows`; `activations` maps every row's spec to its activation.
    public func check(_ rows: [DumpRow], activations: [String: any Activation]) -> SampleCheckResult {
        var specIndex: [String: Int] = [:]
        var specs: [any Activation] = [], ranges: [ClosedRange<Double>?] = []
        struct Key: Hashable { var spec: Int; var bits: UInt64 }
        var pointIndex: [Key: Int] = [:]
        var points: [Key] = []
        var rowPoint: [Int] = []
        rowPoint.reserveCapacity(rows.count)
        for row in rows {
            let s: Int
            if let i = specIndex[row.activation] { s = i } else {
                s = specs.count
                specIndex[row.activation] = s
                specs.append(activations[row.activation]!)
                ranges.append(nil)
            }
            if row.x.isFinite {
                ranges[s] = ranges[s].map { Swift.min($0.lowerBound, row.x)...Swift.max($0.upperBound, row.x) } ?? row.x...row.x
            }
            guard !row.x.isNaN else { rowPoint.append(-1); continue }
            let key = Key(spec: s, bits: row.x.bitPattern)
            if let p = pointIndex[key] { rowPoint.append(p) } else {
                pointIndex[key] = points.count
                rowPoint.append(points.count)
                points.append(key)
            }
        }
        let activationList = specs, rangeList = ranges, rowPoints = rowPoint
        let kinkTables = parallelMap(specs.count) { SampleKinks.find(activationList[$0], xRange: rangeList[$0]) }
        let zeros = parallelMap(specs.count) { AccuracyTruth(activationList[$0], at: 0) }
        let pointList = points
        let truths = parallelMap(points.count) { i in
            AccuracyTruth(activationList[pointList[i].spec], at: Double(bitPattern: pointList[i].bits))
        }
        let rowSpec = rows.map { specIndex[$0.activation]! }
        let verdicts = parallelMap(rows.count) { i in
            classify(rows[i], truth: rowPoints[i] >= 0 ? truths[rowPoints[i]] : nil, kinks: kinkTables[rowSpec[i]], zero: zeros[rowSpec[i]])
        }
        return SampleCheckResult(verdicts: verdicts, groups: Self.groups(verdicts, kinks: rows.isEmpty ? [] : kinkTables, rowSpec: rowSpec),
                                 k: k, allowFTZ: allowFTZ)
    }

    /// Groups per (framework, mode, dtype, activation), in order of first appearance.
    static func groups(_ verdicts: [SampleVerdict], kinks: [[SampleKink]], rowSpec: [Int]) -> [SampleGroup] {
        var index: [String: Int] = [:]
        var groups: [SampleGroup] = []
        for (i, v) in verdicts.enumerated() {
            let r = v.row
            let key = [r.framework, r.mode, r.dtype.name, r.activation].joined(separator: "\u{1}")
            let g: Int
            if let j = index[key] { g = j } else {
                g = groups.count
                index[key] = g
                var group = SampleGroup(framework: r.framework, mode: r.mode, dtype: r.dtype, activation: r.activation)
                group.kinks = kinks[rowSpec[i]].map(\.approximate)
                groups.append(group)
            }
            groups[g].rows += 1
            if let u = v.valueULPs, !r.x.isNaN {
                groups[g].valueErrors.append((r.x, u))
                if groups[g].maxValueULPs.map({ u > $0.ulps }) ?? true { groups[g].maxValueULPs = (u, r.x) }
            }
            if let u = v.derivativeULPs, !r.x.isNaN {
                groups[g].derivativeErrors.append((r.x, u))
                if groups[g].maxDerivativeULPs.map({ u > $0.ulps }) ?? true { groups[g].maxDerivativeULPs = (u, r.x) }
            }
            if let c = v.kind {
                groups[g].counts[c, default: 0] += 1
                groups[g].flagged.append(i)
            }
        }
        return groups
    }
}
