import BigFloat
import KinkCheck
import KinkCheckSupport

/// A precision in a convergence map: MPFR at p bits (f correctly rounded at p), or the real
/// Float/Double evaluation of the definition, or float16/bfloat16 as frameworks compute them
/// (every operation in Float, rounded to the 16-bit format).
package enum SweepPrecision: Sendable, Hashable, CustomStringConvertible {
    case mpfr(Int)
    case float32
    case float64
    case float16
    case bfloat16

    /// Parses bits (`24`, `4096`) or any spelling ``FormatName`` reads (`f32`, `float32`,
    /// `bf16`, `mpfr:256`, …).
    package init?(_ text: String) {
        if let p = Int(text) {
            guard BigFloat.isValidPrecision(p) else { return nil }
            self = .mpfr(p)
            return
        }
        switch FormatName(text) {
        case .ieee(.binary16)?: self = .float16
        case .ieee(.bfloat16)?: self = .bfloat16
        case .ieee(.binary32)?: self = .float32
        case .ieee(.binary64)?: self = .float64
        case .mpfr(let p)?: self = .mpfr(p)
        case nil: return nil
        }
    }
    package var description: String {
        switch self {
        case .mpfr(let p): String(p)
        case .float32: "f32"
        case .float64: "f64"
        case .float16: "f16"
        case .bfloat16: "bf16"
        }
    }
    /// Significand bits p (11 for f16, 8 for bf16, 24 for f32, 53 for f64); unit round-off is 2^−p.
    package var bits: Int {
        switch self { case .mpfr(let p): p; case .float32: 24; case .float64: 53; case .float16: 11; case .bfloat16: 8 }
    }
    /// The 16-bit format, for f16 and bf16.
    package var half: IEEEFormat? {
        switch self { case .float16: .binary16; case .bfloat16: .bfloat16; default: nil }
    }
}

/// How a point of a sweep behaves.
package enum SweepRegime: String, Sendable {
    /// Error follows the truncation model (∝ h^order).
    case truncation
    /// Error dominated by rounding in f and the difference (grows as h shrinks).
    case roundoff = "round-off"
    /// D equals the limit exactly.
    case exact
    /// x0 ± h rounds back to x0: the difference is 0.
    case saturated
}

package struct SweepPoint: Sendable {
    package var precision: SweepPrecision
    package var side: Side
    package var k: Int
    /// |D(2^−k) − L|, computed exactly (to far more than the 7 digits printed).
    package var error: BigFloat
    package var regime: SweepRegime
}

/// Per precision and side: the observed optimum and the textbook prediction.
package struct SweepSummary: Sendable {
    package var precision: SweepPrecision
    package var side: Side
    /// The optimum k (h = 2^−k) and the floor: the smallest maximum error over k−1, k, k+1
    /// (robust to isolated exact hits in the round-off regime).
    package var bestK: Int
    package var floor: BigFloat
    /// Prediction for first-order one-sided differences, E(h) ≈ |f″|h/2 + 2u|f|/h:
    /// h* = 2√(u|f|/|f″|), E* = 2√(u|f·f″|), u = 2^−p, with |f″| ≈ 4·e(½) from the sweep's
    /// first point; nil when f(x0) = 0 (round-off then does not grow as h shrinks) or f″ ≈ 0.
    package var predictedH: BigFloat?
    package var predictedFloor: BigFloat?
}

/// The finite-difference error |D(h) − L| for h = 2^−k, k = 1…kmax, per precision and side.
package struct ConvergenceMap: Sendable {
    package var points: [SweepPoint]
    package var summaries: [SweepSummary]
    /// The one-sided limits L used (left, right), with their bounds.
    package var leftLimit: LimitEstimate
    package var rightLimit: LimitEstimate

    /// Default kmax: p + 8.
    package static func defaultKmax(_ p: SweepPrecision) -> Int { p.bits + 8 }

    /// Computes the map. D = (f(x0+h) − f(x0))/h forward and (f(x0) − f(x0−h))/h backward with
    /// f correctly rounded at p bits at x0 ± h rounded to p bits, the difference rounded at p
    /// bits; for f32/f64, the same in real Float/Double arithmetic. L is the one-sided derivative
    /// limit from ``PointAnalysis`` at a precision above every p in the map.
    ///
    /// Cost: for each MPFR precision and side, the points with k ≥ `TaylorSweepModel.smallestK`
    /// (about p/96 + 2) take their correctly rounded f from one Taylor model (two
    /// ``TaylorSeries`` evaluations, then a short Horner sum per point), the others and any point
    /// the model cannot certify from the Ziv loop — the same numbers either way. The limit
    /// analysis runs on its own thread meanwhile, and the points on every core; the result does
    /// not depend on the number of cores.
    package static func compute(_ activation: any Activation, at x0: BigFloat, precisions: [SweepPrecision],
                               kmax: Int?, otherKinks: [BigFloat]) -> ConvergenceMap {
        compute(activation, at: x0, precisions: precisions, kmax: kmax, otherKinks: otherKinks, taylorModels: true)
    }

    /// `compute` with the Taylor models switched on or off (off: one Ziv loop per point, the
    /// reference the tests compare the fast path with).
    package static func compute(_ activation: any Activation, at x0: BigFloat, precisions: [SweepPrecision],
                        kmax: Int?, otherKinks: [BigFloat], taylorModels: Bool) -> ConvergenceMap {
        let top = (precisions.map(\.bits).max() ?? 53) + 64
        let plan = SweepPlan(x0: x0, precisions: precisions, kmax: kmax, taylorModels: taylorModels)
        // The limits do not depend on the sweep: compute them on their own thread, alongside it.
        let limitsJob = BackgroundJob {
            let analysis = PointAnalysis.analyze(activation, at: x0, precision: top, otherKinks: otherKinks)
            // "Exact where known": the true (autodiff) derivative at x0, certified by interval
            // arithmetic, replaces a side's extrapolated limit when it lies within that limit's
            // bound (at a differentiable point, or on the side whose branch the definition takes
            // at x0).
            return (analysis, activation.correctlyRoundedTrueDerivative(at: x0, precision: BigFloat.clampedPrecision(2 * top + 64)))
        }
        let quotients = plan.quotients(activation)
        let (analysis, ad) = limitsJob.wait()
        let limits = referenceLimits(activation, at: x0, analysis: analysis, autodiff: ad, top: top, otherKinks: otherKinks)
        let errors = plan.errors(quotients, limits: limits, wide: top + 64)
        var points: [SweepPoint] = []
        var summaries: [SweepSummary] = []
        var index = 0
        for p in precisions {
            for side in [Side.right, Side.left] {
                let n = kmax ?? defaultKmax(p)
                let slice = Array(errors[index..<(index + n)])
                index += n
                let order = (side == .left ? analysis.leftDerivative.order : analysis.rightDerivative.order) ?? 1
                points += classified(slice, precision: p, side: side, order: order)
                summaries.append(summary(slice, precision: p, side: side, value: analysis.value))
            }
        }
        return ConvergenceMap(points: points, summaries: summaries,
                              leftLimit: analysis.leftDerivative, rightLimit: analysis.rightDerivative)
    }

    /// L per side: a certified side recomputed (cheaply) at the autodiff's precision, so L is as
    /// exact as the errors it is subtracted from need; else the autodiff derivative where it lies
    /// within the extrapolated limit's bound, else the extrapolation.
    private static func referenceLimits(_ activation: any Activation, at x0: BigFloat, analysis: PointAnalysis,
                                        autodiff ad: CorrectlyRounded, top: Int, otherKinks: [BigFloat]) -> [Side: BigFloat] {
        var limits: [Side: BigFloat] = [:]
        for (side, l) in [(Side.left, analysis.leftDerivative), (Side.right, analysis.rightDerivative)] {
            let fine = BigFloat.clampedPrecision(2 * top + 64)
            if l.isCertified, let slope = CertifiedLimit.compute(activation, at: .exact(ExactPoint(x0)), side: side, precision: fine)?.slope {
                limits[side] = LimitEstimate.certified(slope, precision: fine).value
                continue
            }
            let agrees = ad.certified && ad.value.isFinite && BigFloat.abs(ad.value - l.value) <= l.errorBound
            limits[side] = agrees ? ad.value : l.value
        }
        return limits
    }

    /// The sweep points of one precision and side (errors for k = 1 … kmax, and whether each
    /// saturated), each with its regime against the truncation model from k = 1:
    /// T_k = e₁·2^−(k−1)·q (q the observed order, 1 if unknown).
    private static func classified(_ slice: [(BigFloat, Bool)], precision p: SweepPrecision, side: Side,
                                   order q: Double) -> [SweepPoint] {
        let e1 = Double(slice[0].0)   // truncation error at h = 1/2
        return slice.enumerated().map { j, item in
            let (e, saturated) = item
            let k = j + 1
            let regime: SweepRegime
            if saturated { regime = .saturated }
            else if e.isZero { regime = .exact }
            else {
                let model = e1 * pow2(-Double(k - 1) * q)
                regime = Double(e) <= 2 * model ? .truncation : .roundoff
            }
            return SweepPoint(precision: p, side: side, k: k, error: e, regime: regime)
        }
    }

    /// The observed optimum of one precision and side against the prediction (see
    /// ``SweepSummary``); `value` is f(x0).
    private static func summary(_ slice: [(BigFloat, Bool)], precision p: SweepPrecision, side: Side,
                                value: BigFloat) -> SweepSummary {
        // The optimum: the smallest 3-point moving maximum, so that a lucky exact hit in
        // the round-off regime (D happening to equal L) does not pass for the floor.
        func envelope(_ j: Int) -> BigFloat {
            slice[Swift.max(0, j - 1)...Swift.min(slice.count - 1, j + 1)].map(\.0).max()!
        }
        var best = 0
        for j in slice.indices where envelope(j) < envelope(best) { best = j }
        // f″ ≈ 2·e₁/h₁ (truncation error of the first-order quotient at h = ½).
        let f2 = slice[0].0.timesPowerOfTwo(2)
        var h: BigFloat? = nil, floor: BigFloat? = nil
        if !value.isZero && !f2.isZero && value.isFinite {
            let u = BigFloat(1, precision: 64).timesPowerOfTwo(-p.bits)
            let absF = BigFloat(BigFloat.abs(value), precision: 64)
            h = BigFloat.sqrt(u * absF / f2) * 2
            floor = BigFloat.sqrt(u * absF * f2) * 2
        }
        return SweepSummary(precision: p, side: side, bestK: best + 1, floor: envelope(best),
                            predictedH: h, predictedFloor: floor)
    }

    package static func pow2(_ e: Double) -> Double { Double(BigFloat.exp2(BigFloat(e, precision: 64))) }

    /// x0 ± 2^−k rounded to p bits (x0 first rounded to p bits).
    package static func sweepPoint(_ x0: BigFloat, _ bits: Int, _ side: Side, _ k: Int) -> BigFloat {
        let c = x0.rounded(toPrecision: bits)
        let h = BigFloat(1, precision: 2).timesPowerOfTwo(-k)
        var x = BigFloat(nanWithPrecision: bits)
        if side == .right { x.setSum(c, h) } else { x.setDifference(c, h) }
        return x
    }

    /// D(2^−k) at p bits for the sweep point x, and whether x rounded back to c: f(x) from the
    /// side's Taylor model when it certifies the value, else from the Ziv loop (the same
    /// correctly rounded number either way); a saturated point reuses f(c) = f0.
    package static func quotient(_ activation: any Activation, _ x0: BigFloat, _ bits: Int, _ side: Side, _ k: Int,
                         _ x: BigFloat, _ f0: BigFloat, _ model: TaylorSweepModel?) -> (BigFloat, Bool) {
        let c = x0.rounded(toPrecision: bits)
        let saturated = x == c
        let fx = saturated ? f0
            : (model?.correctlyRounded(at: x) ?? activation.correctlyRounded(at: x, precision: bits).value)
        var d = BigFloat(nanWithPrecision: bits)
        if side == .right { d.setDifference(fx, f0) } else { d.setDifference(f0, fx) }
        return (d.timesPowerOfTwo(k), saturated)
    }

    package static func centreValue(_ activation: any Activation, _ x0: BigFloat, _ p: SweepPrecision) -> BigFloat {
        switch p {
        case .mpfr(let bits):
            return activation.correctlyRounded(at: x0.rounded(toPrecision: bits), precision: bits).value
        case .float32:
            return BigFloat(activation(Float(x0)), precision: 24)
        case .float64:
            return BigFloat(activation(Double(x0)), precision: 53)
        case .float16, .bfloat16:
            let format = p.half!
            return BigFloat(format.value(of: activation, at: Double(x0.rounded(to: format).value)), precision: format.precision)
        }
    }

    /// D(2^−k) on `side` at precision p, and whether x0 ± h rounded back to x0.
    package static func quotient(_ activation: any Activation, _ x0: BigFloat, _ p: SweepPrecision, _ side: Side, _ k: Int,
                         _ f0: BigFloat) -> (BigFloat, Bool) {
        switch p {
        case .mpfr(let bits):
            return quotient(activation, x0, bits, side, k, sweepPoint(x0, bits, side, k), f0, nil)
        case .float32:
            let (d, same) = ieeeQuotient(activation, Float(x0), Float(f0), side, k)
            return (BigFloat(d, precision: 24), same)
        case .float64:
            let (d, same) = ieeeQuotient(activation, Double(x0), Double(f0), side, k)
            return (BigFloat(d, precision: 53), same)
        case .float16, .bfloat16:
            let format = p.half!
            let (d, same) = halfQuotient(activation, format, Double(x0.rounded(to: format).value), Double(f0), side, k)
            return (BigFloat(d, precision: format.precision), same)
        }
    }

    /// The quotient in a 16-bit format: x = c ± h, f(x), the difference and the division each
    /// rounded to the format (f(x) computed in Float, as ``IEEEFormat/value(of:at:)`` does).
    package static func halfQuotient(_ activation: any Activation, _ format: IEEEFormat, _ c: Double, _ fc: Double,
                             _ side: Side, _ k: Int) -> (Double, Bool) {
        let h = Double(sign: .plus, exponent: -k, significand: 1)
        let x = format.rounded(side == .right ? c + h : c - h)
        let fx = format.value(of: activation, at: x)
        let difference = format.rounded(side == .right ? fx - fc : fc - fx)
        return (format.rounded(difference / h), x == c)
    }

    /// The quotient in real Float or Double arithmetic: h = 2^−k, x = c ± h rounded in F.
    package static func ieeeQuotient<F: BinaryFloatingPoint & ActivationScalar>(_ activation: any Activation, _ c: F, _ fc: F,
                                                                       _ side: Side, _ k: Int) -> (F, Bool) {
        let h = F(sign: .plus, exponent: F.Exponent(-k), significand: 1)
        let x = side == .right ? c + h : c - h
        let fx = activation(x)
        return (side == .right ? (fx - fc) / h : (fc - fx) / h, x == c)
    }
}

/// The points of a convergence map in loop order (precisions as listed, forward then backward,
/// k = 1 … kmax), their MPFR abscissae, and per precision and side the Taylor model's points.
private struct SweepPlan: Sendable {
    struct Task: Sendable { let precision: SweepPrecision; let side: Side; let k: Int }
    struct SideKey: Hashable, Sendable { let precision: SweepPrecision; let side: Side }

    let x0: BigFloat
    let precisions: [SweepPrecision]
    let tasks: [Task]
    /// The MPFR sweep points x = c ± 2^−k (c = x0 at p bits); nil for f32 and f64.
    let abscissae: [BigFloat?]
    /// Per precision and side, the points its Taylor model serves (k ≥
    /// `TaylorSweepModel.smallestK(p)`, x ≠ c); the keys sorted by precision, forward first.
    let modelPoints: [SideKey: [BigFloat]]
    let modelKeys: [SideKey]

    init(x0: BigFloat, precisions: [SweepPrecision], kmax: Int?, taylorModels: Bool) {
        self.x0 = x0
        self.precisions = precisions
        let tasks: [Task] = precisions.flatMap { p in
            [Side.right, Side.left].flatMap { side in
                (1...(kmax ?? ConvergenceMap.defaultKmax(p))).map { Task(precision: p, side: side, k: $0) }
            }
        }
        let abscissae: [BigFloat?] = tasks.map { t in
            guard case .mpfr(let bits) = t.precision else { return nil }
            return ConvergenceMap.sweepPoint(x0, bits, t.side, t.k)
        }
        var modelPoints: [SideKey: [BigFloat]] = [:]
        for (i, t) in tasks.enumerated() where taylorModels {
            guard case .mpfr(let bits) = t.precision, t.k >= TaylorSweepModel.smallestK(precision: bits),
                  let x = abscissae[i], x != x0.rounded(toPrecision: bits) else { continue }
            modelPoints[SideKey(precision: t.precision, side: t.side), default: []].append(x)
        }
        self.tasks = tasks
        self.abscissae = abscissae
        self.modelPoints = modelPoints
        self.modelKeys = modelPoints.keys.sorted { ($0.precision.bits, $0.side == .right ? 0 : 1) < ($1.precision.bits, $1.side == .right ? 0 : 1) }
    }

    /// Stage 1, in parallel: f(x0) once per precision, and the models.
    func centresAndModels(_ activation: any Activation) -> ([SweepPrecision: BigFloat], [SideKey: TaylorSweepModel]) {
        enum Prepared: Sendable { case centre(BigFloat); case model(TaylorSweepModel?) }
        let prepared: [Prepared] = parallelMap(precisions.count + modelKeys.count) { i in
            if i < precisions.count { return .centre(ConvergenceMap.centreValue(activation, x0, precisions[i])) }
            let key = modelKeys[i - precisions.count]
            let bits = key.precision.bits
            return .model(TaylorSweepModel.build(activation, centre: x0.rounded(toPrecision: bits), precision: bits,
                                                 side: key.side, points: modelPoints[key]!))
        }
        var centres: [SweepPrecision: BigFloat] = [:]
        var models: [SideKey: TaylorSweepModel] = [:]
        for (i, item) in prepared.enumerated() {
            switch item {
            case .centre(let v): centres[precisions[i]] = v
            case .model(let m): if let m { models[modelKeys[i - precisions.count]] = m }
            }
        }
        return (centres, models)
    }

    /// Stage 2, in parallel: every point's difference quotient, and whether it saturated.
    func quotients(_ activation: any Activation) -> [(BigFloat, Bool)] {
        let (centres, models) = centresAndModels(activation)
        return parallelMap(tasks.count) { i in
            let t = tasks[i]
            let f0 = centres[t.precision]!
            if let x = abscissae[i] {
                let model = models[SideKey(precision: t.precision, side: t.side)]
                return ConvergenceMap.quotient(activation, x0, t.precision.bits, t.side, t.k, x, f0, model)
            }
            return ConvergenceMap.quotient(activation, x0, t.precision, t.side, t.k, f0)
        }
    }

    /// |D − L| per point, computed exactly (`wide` bits, or 64 above the point's precision), with
    /// the saturation flags kept.
    func errors(_ quotients: [(BigFloat, Bool)], limits: [Side: BigFloat], wide: Int) -> [(BigFloat, Bool)] {
        tasks.indices.map { i in
            let (d, saturated) = quotients[i]
            let t = tasks[i]
            var e = BigFloat(nanWithPrecision: Swift.max(wide, t.precision.bits + 64))
            e.setDifference(d, limits[t.side]!)
            e.formMagnitude()
            return (e, saturated)
        }
    }
}
