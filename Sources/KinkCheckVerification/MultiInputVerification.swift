import BigFloat
import KinkCheck
import KinkCheckAnalysis
import KinkCheckGeneration
import KinkCheckSupport

/// `check` for an activation of several inputs: the same verdict format as for one input.
///
/// - continuity (when claimed) and autodiff ∈ Clarke at the generator's points on the
///   non-smooth sets (certified ray limits at each point: ``MultiInputAnalysis``);
/// - one-sided limits: at the same points, every directional derivative f′(x; d) equals
///   ⟨g, d⟩ for the limiting gradient g of the cell d enters (the piece active along d);
/// - deriv (a hand-written gradient): equal to the definition's gradient at sampled points;
/// - convex (when claimed): f′(x; d) = max over the Clarke set of ⟨g, d⟩ in every direction;
/// - accuracy and derivative accuracy: value and every autodiff partial in float16, bfloat16,
///   float32 and float64 against the correctly rounded truth (128 bits), with the tolerance
///   k·u·(|exact| + Σⱼ|xⱼ·∂ⱼ(·)|) + n·λ/2·max(1, maxⱼ|xⱼ|): the one-input rule with the
///   conditioning of a function of several inputs, and underflows carried through products
///   with the inputs — on the generator's points (a sample).
extension Verifier {
    package func verify(_ f: any MultiInputActivation) -> ActivationVerification {
        let generator = MultiInputGenerator(seed: seed)
        let structured = generator.points(for: f, format: .binary64, random: 0).filter(\.onNonSmoothSet)
        let analyses = structured.prefix(12).map { point in
            (point, MultiInputAnalysis.analyze(f, at: point.coordinates.map(DecimalConstant.exact), precision: precision))
        }
        var properties: [PropertyVerdict] = []
        if f.claimsContinuous == true { properties.append(continuity(f, analyses)) }
        properties.append(limits(f, analyses))
        properties.append(membership(f, analyses))
        if f.claimsConvex == true { properties.append(convexity(f, analyses)) }
        // Slices through points on the non-smooth sets, and through one ordinary point (a wrong
        // gradient off the sets shows there: on them the pieces often agree).
        let ordinary = generator.points(for: f, format: .binary64, random: 64)
            .filter { !$0.onNonSmoothSet && $0.provenance == "random" && $0.coordinates.allSatisfy { $0.isFinite && Swift.abs($0) <= 16 } }
        properties.append(sliceIdentities(f, Array(structured.prefix(Self.identityPoints)) + Array(ordinary.prefix(1))))
        let formats: [IEEEFormat] = [.binary16, .bfloat16, .binary32, .binary64]
        let samples = formats.map { format in (format, generator.points(for: f, format: format, random: Swift.max(cases, 64))) }
        if f.hasHandWrittenGradient { properties.append(handWritten(f, samples)) }
        properties.append(accuracy(f, samples, gradient: false))
        properties.append(accuracy(f, samples, gradient: true))
        return ActivationVerification(spec: f.spec, properties: properties, kinks: [], distributionCases: [])
    }

    private func where_(_ p: MultiInputGenerator.Point) -> String {
        "(" + p.coordinates.map { Accuracy.specialText($0) }.joined(separator: ", ") + ") [\(p.provenance)]"
    }

    typealias Analyzed = (MultiInputGenerator.Point, MultiInputAnalysis)

    private func continuity(_ f: any MultiInputActivation, _ analyses: [Analyzed]) -> PropertyVerdict {
        PropertyVerdict(property: .continuity, law: "f(x + t·d) → f(x) as t → 0⁺ along every probed direction, at points on the non-smooth sets",
                        holds: true, cases: analyses.count, counterexample: nil,
                        detail: "\(analyses.count) point(s) on the non-smooth sets", evidence: .certified)
            .failing(firstFailure(f, analyses) { point, a in
                a.classification == .jump || a.classification == .notEstablished ? "at \(where_(point)): \(a.classification.rawValue)" : nil
            })
    }

    private func limits(_ f: any MultiInputActivation, _ analyses: [Analyzed]) -> PropertyVerdict {
        let checked = analyses.map { $0.1.directions.filter { $0.gradient != nil && $0.certified }.count }.reduce(0, +)
        return PropertyVerdict(property: .oneSidedLimits, law: "f′(x; d) = ⟨g, d⟩ for the limiting gradient g of the cell d enters (certified ray limits)",
                               holds: true, cases: checked, counterexample: nil,
                               detail: "\(checked) direction(s) at \(analyses.count) point(s)", evidence: .certified)
            .failing(firstFailure(f, analyses) { point, a in
                for d in a.directions {
                    let along = "at \(where_(point)) along (\(d.direction.map(\.text).joined(separator: ", ")))"
                    guard let g = d.gradient, d.certified else {
                        if !d.certified { return along + ": a limit is not established" }
                        continue
                    }
                    let inner = MultiInputVerification.dot(g.map(\.value), d.direction, precision: precision + 64)
                    let slack = MultiInputVerification.slack(g.map(\.errorBound), d.direction, d.derivative.errorBound, precision: precision)
                    if BigFloat.abs(inner - d.derivative.value) > slack {
                        return along + ": f′(x; d) = \(d.derivative.value.shortDecimal(12)) but ⟨g, d⟩ = \(inner.shortDecimal(12))"
                    }
                }
                return nil
            })
    }

    private func membership(_ f: any MultiInputActivation, _ analyses: [Analyzed]) -> PropertyVerdict {
        let checked = analyses.map { $0.1.autodiff.filter { $0.inClarke != nil }.count }.reduce(0, +)
        return PropertyVerdict(property: .autodiffInClarke, law: "autodiff's gradient (float, double, mpfr) is in the Clarke set at points on the non-smooth sets",
                               holds: true, cases: checked, counterexample: nil,
                               detail: "\(checked) gradient(s) at \(analyses.count) point(s)", evidence: .certified)
            .failing(firstFailure(f, analyses) { point, a in
                guard let ad = a.autodiff.first(where: { $0.inClarke == false }) else { return nil }
                return "at \(where_(point)): autodiff (\(ad.scalar)) gives (\(ad.gradient.map { $0.shortDecimal(12) }.joined(separator: ", "))), "
                    + "outside the Clarke set, the hull of " + a.clarke.map { "(" + $0.map { $0.shortDecimal(12) }.joined(separator: ", ") + ")" }.joined(separator: ", ")
            })
    }

    private func convexity(_ f: any MultiInputActivation, _ analyses: [Analyzed]) -> PropertyVerdict {
        let checked = analyses.filter { !$0.1.clarke.isEmpty }.map { $0.1.directions.filter(\.derivative.isCertified).count }.reduce(0, +)
        return PropertyVerdict(property: .convex, law: "f′(x; d) = max over the Clarke set of ⟨g, d⟩ (the convex case), at points on the non-smooth sets",
                               holds: true, cases: checked, counterexample: nil,
                               detail: "\(checked) direction(s) at \(analyses.count) point(s); convexity between them is not proven", evidence: .certified)
            .failing(firstFailure(f, analyses) { point, a in
                guard !a.clarke.isEmpty else { return nil }
                let bound = a.clarkeBound
                for d in a.directions where d.derivative.isCertified {
                    let best = a.clarke.map { MultiInputVerification.dot($0, d.direction, precision: precision + 64) }.max()!
                    let slack = MultiInputVerification.slack(Array(repeating: bound, count: d.direction.count), d.direction, d.derivative.errorBound, precision: precision)
                    if BigFloat.abs(best - d.derivative.value) > slack {
                        return "at \(where_(point)) along (\(d.direction.map(\.text).joined(separator: ", "))): f′(x; d) = \(d.derivative.value.shortDecimal(12)) but the max over the Clarke set is \(best.shortDecimal(12))"
                    }
                }
                return nil
            })
    }

    /// Analyses at most per shrink (each is a certified analysis of a point: tens of milliseconds).
    static let shrinkBudget = 40

    /// The first point where `failure` says something, shrunk on its non-smooth set: coordinates
    /// fixed by a set it lies on (a = 0) stay, tied ones (x1 = x2) move together, the others move
    /// alone (``MultiInputShrinker``), each candidate analysed afresh and kept while the
    /// property still fails there. The failure at the simplest such point, or nil.
    private func firstFailure(_ f: any MultiInputActivation, _ analyses: [Analyzed],
                              _ failure: (MultiInputGenerator.Point, MultiInputAnalysis) -> String?) -> String? {
        var found: (MultiInputGenerator.Point, String)? = nil
        for (p, a) in analyses { if let text = failure(p, a) { found = (p, text); break } }
        guard let (point, first) = found else { return nil }
        var cache: [[Double]: String?] = [point.coordinates: first]
        func failureAt(_ xs: [Double]) -> String? {
            if let known = cache[xs] { return known }
            let shown = MultiInputGenerator.Point(coordinates: xs, provenance: point.provenance + ", shrunk", onNonSmoothSet: true)
            let text = failure(shown, MultiInputAnalysis.analyze(f, at: xs.map(DecimalConstant.exact), precision: precision))
            cache[xs] = text
            return text
        }
        let simple = MultiInputShrinker.shrink(point.coordinates, in: .binary64, groups: Self.shrinkGroups(f, point.coordinates),
                                               budget: Self.shrinkBudget) { failureAt($0) != nil }
        return failureAt(simple)
    }

    /// How a point on the non-smooth sets may shrink and stay on them: a coordinate a set fixes
    /// (xᵢ = c) is left out; coordinates a tie makes equal form one group; every other one is a
    /// group of its own. A set only described fixes nothing it can name, so then nothing moves.
    package static func shrinkGroups(_ f: any MultiInputActivation, _ xs: [Double]) -> [[Int]] {
        var root = Array(xs.indices)
        func find(_ i: Int) -> Int { root[i] == i ? i : find(root[i]) }
        var fixed = Set<Int>()
        for set in f.nonSmoothSets {
            switch set {
            case .coordinate(let i, let c):
                if xs[i] == Double(c.bigFloat(precision: 53)) { fixed.insert(i) }
            case .tie(let members):
                for m in members { for k in members where k > m && xs[k] == xs[m] { root[find(k)] = find(m) } }
            case .described:
                return []
            }
        }
        let groups = Dictionary(grouping: xs.indices, by: find).values.map { $0.sorted() }
        return groups.filter { $0.allSatisfy { !fixed.contains($0) } }.sorted { $0[0] < $1[0] }
    }

    /// A hand-written gradient equals the definition's (autodiff) gradient almost everywhere: at
    /// the float64 sample off the non-smooth sets, both correctly rounded at 128 bits must agree
    /// (two correctly rounded values of one exact number are the same number).
    private func handWritten(_ f: any MultiInputActivation, _ samples: [(IEEEFormat, [MultiInputGenerator.Point])]) -> PropertyVerdict {
        let points = samples.first { $0.0 == .binary64 }?.1.filter { !$0.onNonSmoothSet } ?? []
        var failure: String? = nil
        var checked = 0
        for point in points where failure == nil {
            let exact = point.coordinates.map { ExactPoint(BigFloat($0, precision: 53)) }
            for i in 0..<f.arity {
                let written = f.correctlyRoundedBackward(i, at: exact, precision: Accuracy.truthPrecision)
                let truth = f.correctlyRoundedPartial(i, at: exact, precision: Accuracy.truthPrecision)
                guard written.certified, truth.certified else { continue }
                checked += 1
                if !Self.agrees(f, i, at: point.coordinates) {
                    // The simplest point where they still differ (shrunk coordinate by coordinate).
                    let simple = MultiInputShrinker.shrink(point.coordinates, in: .binary64) { !Self.agrees(f, i, at: $0) }
                    let exactSimple = simple.map { ExactPoint(BigFloat($0, precision: 53)) }
                    let w = f.correctlyRoundedBackward(i, at: exactSimple, precision: Accuracy.truthPrecision).value
                    let t = f.correctlyRoundedPartial(i, at: exactSimple, precision: Accuracy.truthPrecision).value
                    let shown = MultiInputGenerator.Point(coordinates: simple, provenance: point.provenance + ", shrunk", onNonSmoothSet: false)
                    failure = "at \(where_(shown)): the hand-written ∂f/∂\(f.inputNames[i]) is \(w.shortDecimal(17)), the definition's is \(t.shortDecimal(17))"
                    break
                }
            }
        }
        return PropertyVerdict(property: .derivative, law: "the hand-written gradient equals the definition's gradient almost everywhere (correctly rounded, at the float64 sample off the non-smooth sets)",
                               holds: failure == nil, cases: checked, counterexample: failure,
                               detail: "\(checked) partial(s) at \(points.count) point(s)", evidence: .sample)
    }

    /// The hand-written ∂f/∂xᵢ and the definition's agree at `xs` (both correctly rounded at 128
    /// bits; true where either is not certified).
    private static func agrees(_ f: any MultiInputActivation, _ i: Int, at xs: [Double]) -> Bool {
        let exact = xs.map { ExactPoint(BigFloat($0, precision: 53)) }
        let written = f.correctlyRoundedBackward(i, at: exact, precision: Accuracy.truthPrecision)
        let truth = f.correctlyRoundedPartial(i, at: exact, precision: Accuracy.truthPrecision)
        guard written.certified, truth.certified else { return true }
        return written.value.isNaN ? truth.value.isNaN : written.value == truth.value
    }

    private func accuracy(_ f: any MultiInputActivation, _ samples: [(IEEEFormat, [MultiInputGenerator.Point])], gradient: Bool) -> PropertyVerdict {
        let k = ulps
        var worst: (ulps: Double, text: String)? = nil
        var failure: String? = nil
        var cases = 0, uncertified = 0
        var perFormat: [String] = []
        for (format, points) in samples {
            var formatWorst = 0.0
            for point in points {
                let exact = point.coordinates.map { ExactPoint(BigFloat($0, precision: 53)) }
                let computed = MultiInputVerification.computed(f, at: point.coordinates, in: format)
                let quantities = gradient ? Array(0..<f.arity) : [-1]
                for q in quantities {
                    let truth = q < 0 ? f.correctlyRounded(at: exact, precision: Accuracy.truthPrecision)
                                      : f.correctlyRoundedPartial(q, at: exact, precision: Accuracy.truthPrecision)
                    if !truth.certified { uncertified += 1; continue }
                    cases += 1
                    let y = q < 0 ? computed.value : computed.gradient[q]
                    let condition = MultiInputAccuracy.condition(f, at: point.coordinates, component: q < 0 ? nil : q)
                    let (u, allowed) = MultiInputAccuracy.ulps(y, exact: truth.value, condition: condition, in: format, k: k,
                                                                   amplification: point.coordinates.map(Swift.abs).max() ?? 1)
                    let what = q < 0 ? "f" : "∂f/∂\(f.inputNames[q])"
                    if u > formatWorst { formatWorst = u }
                    if worst.map({ u > $0.ulps }) ?? true {
                        worst = (u, "\(Accuracy.ulpText(u)) ulps (\(what), \(format.name), at \(where_(point)))")
                    }
                    if u > allowed, failure == nil {
                        // The simplest point of the format where this quantity still fails.
                        let simple = MultiInputShrinker.shrink(point.coordinates, in: format) { xs in
                            MultiInputVerification.measure(f, q, at: xs, in: format, k: k).map { $0.ulps > $0.allowed } ?? false
                        }
                        let m = MultiInputVerification.measure(f, q, at: simple, in: format, k: k)
                        let shown = MultiInputGenerator.Point(coordinates: simple, provenance: point.provenance + (simple == point.coordinates ? "" : ", shrunk"), onNonSmoothSet: false)
                        if let m {
                            failure = "\(format.name) at \(where_(shown)): \(what) computed \(Accuracy.specialText(m.computed)), exact \(m.exact.shortDecimal(17)): \(Accuracy.ulpText(m.ulps)) ulps of \(Accuracy.ulpText(m.allowed)) allowed"
                        }
                    }
                }
            }
            perFormat.append("\(format.name) \(Accuracy.ulpText(formatWorst))")
        }
        let name = gradient ? "every autodiff partial ∂f/∂xᵢ" : "f"
        return PropertyVerdict(property: gradient ? .derivativeAccuracy : .accuracy,
                               law: "\(name) within k·u·(|exact| + Σⱼ|xⱼ·∂ⱼ|) + n·λ/2·max(1, maxⱼ|xⱼ|) of the correctly rounded truth, k = \(Accuracy.ulpText(k)), in each format",
                               holds: failure == nil, cases: cases, counterexample: failure,
                               detail: "largest error per format (ulps): " + perFormat.joined(separator: ", ")
                                   + (uncertified > 0 ? "; \(uncertified) truth(s) not certified, skipped" : ""),
                               evidence: .sample)
    }
}

/// Arithmetic for the multi-input verdicts.
package enum MultiInputVerification {
    /// One quantity (q < 0: f; else ∂f/∂x_q) at `xs` in `format`: computed, exact, its error and
    /// the tolerance in ulps; nil when the truth is not certified.
    static func measure(_ f: any MultiInputActivation, _ q: Int, at xs: [Double], in format: IEEEFormat, k: Double)
        -> (computed: Double, exact: BigFloat, ulps: Double, allowed: Double)? {
        let exact = xs.map { ExactPoint(BigFloat($0, precision: 53)) }
        let truth = q < 0 ? f.correctlyRounded(at: exact, precision: Accuracy.truthPrecision)
                          : f.correctlyRoundedPartial(q, at: exact, precision: Accuracy.truthPrecision)
        guard truth.certified else { return nil }
        let c = computed(f, at: xs, in: format)
        let y = q < 0 ? c.value : c.gradient[q]
        let condition = MultiInputAccuracy.condition(f, at: xs, component: q < 0 ? nil : q)
        let (u, allowed) = MultiInputAccuracy.ulps(y, exact: truth.value, condition: condition, in: format, k: k, amplification: xs.map(Swift.abs).max() ?? 1)
        return (y, truth.value, u, allowed)
    }

    /// ⟨g, d⟩ at `precision` bits.
    static func dot(_ g: [BigFloat], _ d: [DecimalConstant], precision w: Int) -> BigFloat {
        var sum = BigFloat.zero(precision: w)
        for (gi, di) in zip(g, d) { sum += BigFloat(gi, precision: w) * di.bigFloat(precision: w) }
        return sum
    }

    /// How far ⟨g, d⟩ and f′(x; d) may differ: Σ|dᵢ|·(bound of gᵢ) + the derivative's bound,
    /// plus a few ulps at `precision` of the terms.
    static func slack(_ bounds: [BigFloat], _ d: [DecimalConstant], _ derivativeBound: BigFloat, precision p: Int) -> BigFloat {
        var s = BigFloat(derivativeBound, precision: 64, rounding: .up)
        for (b, di) in zip(bounds, d) {
            let weight: Double = Swift.abs(di.double) * 2   // ≥ |dᵢ| for every finite double
            s = s + BigFloat(b, precision: 64, rounding: .up) * BigFloat(weight, precision: 64)
        }
        return s + BigFloat(1, precision: 64).timesPowerOfTwo(-(p - 8))
    }

    /// The value and autodiff gradient as code in `format` computes them: the inputs (already
    /// in the format) in Double for binary64, else in Float with each result rounded once.
    static func computed(_ f: any MultiInputActivation, at xs: [Double], in format: IEEEFormat) -> (value: Double, gradient: [Double]) {
        if format == .binary64 { return f.valueAndGradient(at: xs) }
        let r = f.valueAndGradient(at: xs.map { Float($0) })
        return (format.rounded(Double(r.value)), r.gradient.map { format.rounded(Double($0)) })
    }
}

extension PropertyVerdict {
    /// This verdict failing with `counterexample`, or as it is when that is nil.
    fileprivate func failing(_ counterexample: String?) -> PropertyVerdict {
        guard let counterexample else { return self }
        var v = self
        v.holds = false
        v.counterexample = counterexample
        return v
    }
}
