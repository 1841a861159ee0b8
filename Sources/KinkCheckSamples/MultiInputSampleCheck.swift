import BigFloat
import KinkCheck
import KinkCheckAnalysis
import KinkCheckSupport

/// One flagged row of a dump of an activation of several inputs.
package struct MultiInputSampleVerdict: Sendable {
    package var row: DumpRow
    /// "value", or "∂/∂a" for a gradient component.
    package var quantity: String
    package var got: Double
    /// The truth as text (the correctly rounded value, or the Clarke set's vertices).
    package var want: String
    package var ulps: Double?
    package var tolerance: Double?
    package var kind: SampleClass
}

/// The rows of one (framework, version, device, mode, dtype, activation).
package struct MultiInputSampleGroup: Sendable {
    package var framework: String, version: String, device: String, mode: String
    package var dtype: IEEEFormat
    package var activation: String
    /// The activation's input names and declared non-smooth sets (for the report's plots).
    package var inputNames: [String] = []
    package var nonSmoothSets: [NonSmoothSet] = []
    package var rows = 0
    package var maxValueULPs: Double? = nil
    package var maxGradientULPs: Double? = nil
    /// What made the numbers (``SampleGroup/provenance``).
    package var provenance: String { SampleGroup.provenance(framework, version, device, mode) }
    package var counts: [SampleClass: Int] = [:]
    /// Indices into the result's `flagged`.
    package var flagged: [Int] = []
    /// Rows on a non-smooth set, whose gradient was tested against the Clarke set.
    package var onNonSmoothSet = 0
    /// The rows kept for plots (`keepPoints`): every flagged row, and of the others one in
    /// ``MultiInputSampleCheck/pointStride(rows:)`` — a reading of the whole dump, not all of it.
    package var points: [MultiInputSamplePoint] = []
}

/// One row as the report plots it.
package struct MultiInputSamplePoint: Sendable {
    package var inputs: [Double]
    /// |y − f| in ulps (nil: not measured — the truth not certified, or a special value).
    package var valueULPs: Double?
    /// The largest over the gradient's components (off the non-smooth sets).
    package var gradientULPs: Double?
    /// The row's class when flagged.
    package var kind: SampleClass?
}

package struct MultiInputSampleResult: Sendable {
    package var groups: [MultiInputSampleGroup] = []
    package var flagged: [MultiInputSampleVerdict] = []
    /// `--allow ftz`: flush_to_zero rows are reported, not defects.
    package var allowFTZ = false
    package var rows: Int { groups.reduce(0) { $0 + $1.rows } }
    package var defectRows: Int { flagged.filter { $0.kind.isDefect(allowFTZ: allowFTZ) }.count }
    package var holds: Bool { defectRows == 0 }
}

/// `samples` for activations of several inputs, row by row against MPFR truth: the value and,
/// off the non-smooth sets, every gradient component within the rule of ``MultiInputAccuracy``
/// (k from `--ulps`); on a non-smooth set (an input exactly at a coordinate set's value, or
/// tied inputs) the gradient in the Clarke set — the hull of certified limiting gradients —
/// within a few ulps of the dtype. Classes: `not_finite` (NaN or ±∞ where the truth does not
/// round to it, or a finite number where it does), `flush_to_zero` (a row with a subnormal input
/// that is wrong, but right for the input with its subnormals set to ±0), `outside_clarke`,
/// `value_inaccurate`, `derivative_inaccurate`; the first that applies, as for one input.
package enum MultiInputSampleCheck {
    /// Rows kept for plots at most, besides the flagged ones (``pointStride(rows:)``).
    package static let plottedRows = 4096

    /// One row in this many is kept for plots: the dump thinned evenly to about ``plottedRows``.
    package static func pointStride(rows: Int) -> Int { Swift.max(1, (rows + plottedRows - 1) / plottedRows) }

    /// The rows checked; with `keepPoints`, each group keeps its rows for the report's plots
    /// (``MultiInputSampleGroup/points``).
    package static func check(_ rows: [DumpRow], activations: [String: any MultiInputActivation], k: Double,
                              allowFTZ: Bool = false, keepPoints: Bool = false) -> MultiInputSampleResult {
        // The Clarke analyses, once per (spec, point) on a non-smooth set.
        var onSet: [String: Set<[UInt64]>] = [:]
        for r in rows {
            let f = activations[r.activation]!
            if let xs = r.inputs, isOnNonSmoothSet(f, xs) { onSet[r.activation, default: []].insert(xs.map(\.bitPattern)) }
        }
        let keys = onSet.keys.sorted().flatMap { spec in onSet[spec]!.sorted { $0.lexicographicallyPrecedes($1) }.map { (spec, $0) } }
        let analyses = parallelMap(keys.count) { i in
            MultiInputAnalysis.analyze(activations[keys[i].0]!, at: keys[i].1.map { DecimalConstant.exact(Double(bitPattern: $0)) }, precision: 128)
        }
        var table: [String: [[UInt64]: MultiInputAnalysis]] = [:]
        for (key, a) in zip(keys, analyses) { table[key.0, default: [:]][key.1] = a }
        let clarke = table
        // The truth, once per distinct (spec, point): modes and files repeat their points.
        var firstRow: [PointKey: Int] = [:]
        for (i, r) in rows.enumerated() where firstRow[PointKey(spec: r.activation, bits: r.inputs!.map(\.bitPattern))] == nil {
            firstRow[PointKey(spec: r.activation, bits: r.inputs!.map(\.bitPattern))] = i
        }
        let distinct = firstRow.sorted { $0.value < $1.value }.map(\.key)
        let computed = parallelMap(distinct.count) { i in
            let key = distinct[i]
            return PointTruth(activations[key.spec]!, at: key.bits.map { Double(bitPattern: $0) }, partials: clarke[key.spec]?[key.bits] == nil)
        }
        let truths = Dictionary(uniqueKeysWithValues: zip(distinct, computed))
        let verdicts = parallelMap(rows.count) { i in
            let key = PointKey(spec: rows[i].activation, bits: rows[i].inputs!.map(\.bitPattern))
            return classify(rows[i], activations[key.spec]!, clarke: clarke[key.spec]?[key.bits], truth: truths[key]!, k: k)
        }
        var result = MultiInputSampleResult()
        result.allowFTZ = allowFTZ
        var index: [String: Int] = [:]
        let stride = pointStride(rows: rows.count)
        for (i, (r, found)) in zip(rows, verdicts).enumerated() {
            let key = [r.framework, r.version, r.device, r.mode, r.dtype.name, r.activation].joined(separator: "\u{1}")
            let g: Int
            if let j = index[key] { g = j } else {
                g = result.groups.count
                index[key] = g
                let f = activations[r.activation]!
                result.groups.append(MultiInputSampleGroup(framework: r.framework, version: r.version, device: r.device, mode: r.mode,
                                                           dtype: r.dtype, activation: r.activation, inputNames: f.inputNames,
                                                           nonSmoothSets: f.nonSmoothSets))
            }
            result.groups[g].rows += 1
            if found.onSet { result.groups[g].onNonSmoothSet += 1 }
            if let u = found.valueULPs, result.groups[g].maxValueULPs.map({ u > $0 }) ?? true { result.groups[g].maxValueULPs = u }
            if let u = found.gradientULPs, result.groups[g].maxGradientULPs.map({ u > $0 }) ?? true { result.groups[g].maxGradientULPs = u }
            if keepPoints, found.verdict != nil || i % stride == 0 {
                result.groups[g].points.append(MultiInputSamplePoint(inputs: r.inputs!, valueULPs: found.valueULPs,
                                                                     gradientULPs: found.gradientULPs, kind: found.verdict?.kind))
            }
            if let v = found.verdict {
                result.groups[g].counts[v.kind, default: 0] += 1
                result.groups[g].flagged.append(result.flagged.count)
                result.flagged.append(v)
            }
        }
        return result
    }

    /// True when some input sits exactly on a declared coordinate set or some declared tie holds.
    static func isOnNonSmoothSet(_ f: any MultiInputActivation, _ xs: [Double]) -> Bool {
        guard xs.allSatisfy(\.isFinite) else { return false }
        return f.nonSmoothSets.contains { s in
            switch s {
            case .coordinate(let i, let c): BigFloat(xs[i], precision: 53) == c.bigFloat(precision: 256)
            case .tie(let ix): ix.contains { i in ix.contains { j in j != i && xs[i] == xs[j] } }
            case .described: false
            }
        }
    }

    struct Found: Sendable {
        var verdict: MultiInputSampleVerdict?
        var valueULPs: Double?
        var gradientULPs: Double?
        var onSet: Bool
    }

    struct PointKey: Hashable, Sendable { var spec: String; var bits: [UInt64] }

    /// What a row is measured against at its point: f and (off the non-smooth sets) every
    /// partial, correctly rounded at 128 bits, with their conditioning terms.
    struct PointTruth: Sendable {
        var value: CorrectlyRounded
        var valueCondition: BigFloat
        var partials: [(truth: CorrectlyRounded, condition: BigFloat)]
        init(_ f: any MultiInputActivation, at xs: [Double], partials: Bool) {
            let exact = xs.map { ExactPoint(BigFloat($0, precision: 53)) }
            value = f.correctlyRounded(at: exact, precision: Accuracy.truthPrecision)
            valueCondition = MultiInputAccuracy.condition(f, at: xs, component: nil)
            self.partials = partials ? (0..<f.arity).map { i in
                (f.correctlyRoundedPartial(i, at: exact, precision: Accuracy.truthPrecision), MultiInputAccuracy.condition(f, at: xs, component: i))
            } : []
        }
    }

    static func classify(_ r: DumpRow, _ f: any MultiInputActivation, clarke: MultiInputAnalysis?, truth: PointTruth, k: Double) -> Found {
        var found = judge(r, at: r.inputs!, f, clarke: clarke, truth: truth, k: k)
        // A wrong row with subnormal inputs that is right for those inputs flushed to ±0.
        let least = Double(sign: .plus, exponent: r.dtype.minExponent, significand: 1)   // the least normal
        if var v = found.verdict, r.inputs!.contains(where: { $0 != 0 && Swift.abs($0) < least }) {
            let flushed = r.inputs!.map { $0 != 0 && Swift.abs($0) < least ? ($0 < 0 ? -0.0 : 0.0) : $0 }
            let onSet = isOnNonSmoothSet(f, flushed)
            let atFlushed = onSet ? MultiInputAnalysis.analyze(f, at: flushed.map(DecimalConstant.exact), precision: 128) : nil
            let truth = PointTruth(f, at: flushed, partials: atFlushed == nil)
            if judge(r, at: flushed, f, clarke: atFlushed, truth: truth, k: k).verdict == nil {
                v.kind = .flushToZero
                v.want += " (right for the subnormal input(s) flushed to 0)"
                found.verdict = v
            }
        }
        return found
    }

    /// The verdict of row `r` as the numbers of `f` at `xs` (the row's inputs, or flushed ones).
    static func judge(_ r: DumpRow, at xs: [Double], _ f: any MultiInputActivation, clarke: MultiInputAnalysis?, truth point: PointTruth,
                      k: Double) -> Found {
        var found = Found(verdict: nil, valueULPs: nil, gradientULPs: nil, onSet: clarke != nil)
        func flag(_ q: String, _ got: Double, _ want: String, _ u: Double?, _ t: Double?, _ kind: SampleClass) {
            if found.verdict == nil || SampleClass.allCases.firstIndex(of: kind)! < SampleClass.allCases.firstIndex(of: found.verdict!.kind)! {
                found.verdict = MultiInputSampleVerdict(row: r, quantity: q, got: got, want: want, ulps: u, tolerance: t, kind: kind)
            }
        }
        let amplification = xs.filter(\.isFinite).map(Swift.abs).max() ?? 1
        // The value.
        let truth = point.value
        if truth.certified {
            let c = point.valueCondition
            let (u, allowed) = MultiInputAccuracy.ulps(r.value, exact: truth.value, condition: c, in: r.dtype, k: k, amplification: amplification)
            found.valueULPs = u.isFinite ? u : nil
            let want = Accuracy.specialText(Double(truth.value.rounded(to: r.dtype).value))
            let special = !r.value.isFinite || !truth.value.isFinite
            if special && u > 0 { flag("value", r.value, want, nil, nil, .notFinite) }
            else if u > allowed { flag("value", r.value, want, u, allowed, .valueInaccurate) }
        }
        guard let gradient = r.gradient else { return found }
        if let clarke {
            // On a non-smooth set: the gradient given must lie in the Clarke set.
            let given = gradient.map { $0 ?? .nan }
            guard given.allSatisfy(\.isFinite), !clarke.clarke.isEmpty else {
                if gradient.allSatisfy({ $0 != nil }) && !given.allSatisfy(\.isFinite) {
                    flag("gradient", given.first { !$0.isFinite } ?? .nan, "a finite gradient", nil, nil, .notFinite)
                }
                return found
            }
            var scale = BigFloat(1, precision: 64)
            for v in clarke.clarke { for c in v where BigFloat.abs(c) > scale { scale = BigFloat.abs(c).rounded(toPrecision: 64, rounding: .up) } }
            let own = (scale * BigFloat(Swift.max(k, 1) * Double(f.arity), precision: 64)).timesPowerOfTwo(1 - r.dtype.precision)
            let d = ConvexHull.distance(from: given.map { BigFloat($0, precision: 53) }, to: clarke.clarke, precision: 192)
            if d > clarke.tolerance + own {
                let hull = clarke.clarke.map { "(" + $0.map { $0.shortDecimal(8) }.joined(separator: ", ") + ")" }.joined(separator: ", ")
                flag("gradient", given[0], "in the hull of \(hull)", nil, nil, .outsideClarke)
            }
            return found
        }
        for (i, g) in gradient.enumerated() {
            guard let g else { continue }
            let (t, c) = point.partials[i]
            guard t.certified else { continue }
            let (u, allowed) = MultiInputAccuracy.ulps(g, exact: t.value, condition: c, in: r.dtype, k: k, amplification: amplification)
            if u.isFinite, found.gradientULPs.map({ u > $0 }) ?? true { found.gradientULPs = u }
            let want = Accuracy.specialText(Double(t.value.rounded(to: r.dtype).value))
            let special = !g.isFinite || !t.value.isFinite
            if special && u > 0 { flag("∂/∂\(f.inputNames[i])", g, want, nil, nil, .notFinite) }
            else if u > allowed { flag("∂/∂\(f.inputNames[i])", g, want, u, allowed, .derivativeInaccurate) }
        }
        return found
    }
}
