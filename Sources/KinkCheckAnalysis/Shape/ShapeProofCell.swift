import BigFloat
import KinkCheck
import KinkCheckSupport

/// Enclosures of g⁽ᵏ⁾ on one sub-interval (a cell) of a shape proof, where g is the one branch f
/// computes there, and the decision they support.
///
/// A *closed* cell [a, b] is one where ``TaylorSeries`` over the whole cell decides every branch
/// the same way (no ``IntervalAmbiguity``) with finite coefficients: f = g on [a, b]. A *side*
/// cell is one beside a point E (a kink, a branch switch, or an end of the domain) where only the
/// open side (E, b] (or [a, E)) is one branch: a ``SideProbe`` proves it, and nested ``Dual``s
/// over it give g′, g″, g‴ (and g⁗ over the cell) both over the cell and at E — valid because
/// every intermediate value and derivative is finite over the cell, so g is C⁴ there.
///
/// The enclosure of g⁽ᵏ⁾ over the cell X = [a, b] is the intersection of
/// - the natural one, G = g⁽ᵏ⁾(X);
/// - the Taylor forms at each end e with a known value: g⁽ᵏ⁾(e) + g⁽ᵏ⁺¹⁾(e)·(X − e) +
///   g⁽ᵏ⁺²⁾(X)·(X − e)²/2, which are tight where g⁽ᵏ⁾ is flat (sigmoid′ at its maximum ¼);
/// - when g⁽ᵏ⁺¹⁾(X) has one sign (g⁽ᵏ⁾ monotone on X), the hull of the two end values.
/// Cost: one interval Taylor evaluation of order k + 2, and up to two point evaluations of order
/// k + 1 only when the natural enclosure does not decide.
struct ShapeCell {
    var lower: BigFloat
    var upper: BigFloat
    /// Index of the junction at each end (nil: a plain bisection point or an end of the domain).
    var leftJunction: Int?
    var rightJunction: Int?
    var depth: Int

    var midpoint: BigFloat {
        var m = BigFloat(nanWithPrecision: Swift.max(lower.precision, upper.precision) + 1)
        m.setSum(lower, upper)
        return m.timesPowerOfTwo(-1)
    }

    /// [lower, upper] as an interval.
    var interval: MPFRInterval { MPFRInterval(lower: lower, upper: upper) }
}

/// The derivatives one cell evaluation gives: g⁽ᵏ⁾, g⁽ᵏ⁺¹⁾, g⁽ᵏ⁺²⁾ over the cell, and at each
/// end whose value is known, the offset range X − e with g⁽ᵏ⁾(e), g⁽ᵏ⁺¹⁾(e).
struct CellDerivatives {
    var over: [MPFRInterval]
    var ends: [(offset: MPFRInterval, values: [MPFRInterval])]
}

extension ShapeProver {
    /// g⁽ⁱ⁾ for i = `from` … `from + count − 1` (1 ≤ i ≤ 3) at the binary point x, from a point
    /// ``TaylorSeries``; nil when a branch is ambiguous there or a value is not finite. `exact`:
    /// from one evaluation on `Dual<Dual<Dual<MPFRInterval>>>` in exact mode instead, where the
    /// constants keep their rational values, so that a derivative equal to a decimal constant
    /// (selu′(0⁻) = λα, the claimed L) is that rational (Taylor coefficients carry no exact values).
    func pointDerivatives(_ x: BigFloat, from k: Int, count: Int, exact: Bool = false) -> [MPFRInterval]? {
        typealias D1 = Dual<MPFRInterval>
        typealias D2 = Dual<D1>
        let point = MPFRInterval(x.rounded(toPrecision: Swift.max(precision, x.precision)))
        let evaluate = { () -> Dual<D2> in
            activation(Dual<D2>(D2(D1(point, derivative: 1), derivative: D1(1, derivative: 0)),
                                derivative: D2(D1(1, derivative: 0), derivative: D1(0, derivative: 0))))
        }
        if !exact {
            // Plain: a point Taylor series (cheaper than nested duals).
            let n = k + count - 1
            let (s, ambiguous) = IntervalAmbiguity.withTracking {
                activation(TaylorSeries(variable: point, order: n, precision: precision))
            }
            guard ambiguous == 0 else { return nil }
            let out = (k...n).map { factorialScaled(s.coefficient($0), $0) }
            return out.allSatisfy(\.isFiniteInterval) ? out : nil
        }
        let (r, ambiguous) = IntervalAmbiguity.withTracking { ExactArithmetic.with(evaluate) }
        guard ambiguous == 0 else { return nil }
        let all = [r.derivative.value.value, r.derivative.derivative.value, r.derivative.derivative.derivative]
        let out = Array(all[(k - 1)..<(k - 1 + count)])
        return out.allSatisfy(\.isFiniteInterval) ? out : nil
    }

    /// c·i! (a Taylor coefficient c = g⁽ⁱ⁾/i! back to the derivative), rounded outward.
    func factorialScaled(_ c: MPFRInterval, _ i: Int) -> MPFRInterval {
        IntervalAccumulator.scaled(c, by: (1...Swift.max(1, i)).reduce(1, *), precision: precision)
    }

    /// The closed-cell derivatives: nil when a branch is ambiguous over the cell or a coefficient
    /// is not finite (then the cell holds a switch, or it is too wide to tell).
    func closedDerivatives(_ cell: ShapeCell, order k: Int) -> CellDerivatives? {
        let (s, ambiguous) = IntervalAmbiguity.withTracking {
            activation(TaylorSeries(variable: cell.interval, order: k + 2, precision: precision))
        }
        guard ambiguous == 0 else { return nil }
        let over = (k...(k + 2)).map { factorialScaled(s.coefficient($0), $0) }
        guard over.allSatisfy(\.isFiniteInterval) else { return nil }
        return CellDerivatives(over: over, ends: [])
    }

    /// Whether a plain ``SideProbe`` (values and first derivatives only) decides every branch on
    /// the open side of `near` within the cell: the cheap test before the nested evaluation.
    func sideDecides(_ cell: ShapeCell, at point: LimitPoint, side: Side) -> Bool {
        let (_, log) = SideProbeLog.run(side: side) { () -> SideProbe in
            activation(sideProbe(cell, at: point, side: side))
        }
        return log.decided && log.continuous
    }

    /// The probe over the cell (widened to the junction's enclosure) at the near end E.
    func sideProbe(_ cell: ShapeCell, at point: LimitPoint, side: Side) -> SideProbe {
        let near = point.nearEnd(side, precision: precision)
        let inner = point.enclosure ?? near
        let k = side == .right ? MPFRInterval(lower: BigFloat.minimum(inner.lower, cell.lower), upper: cell.upper)
            : MPFRInterval(lower: cell.lower, upper: BigFloat.maximum(inner.upper, cell.upper))
        return SideProbe(over: Dual(k, derivative: 1), at: Dual(near, derivative: 1),
                         enclosure: point.enclosure.map { Dual($0, derivative: 1) })
    }

    /// The side-cell derivatives beside `point` (the cell's end on the near side): g′ … g‴ (and
    /// g⁗ over the cell) from one evaluation on `Dual<Dual<Dual<SideProbe>>>`; nil when a
    /// comparison is unproven on the open side or some component is not finite over the cell.
    func sideDerivatives(_ cell: ShapeCell, at point: LimitPoint, side: Side, order k: Int) -> CellDerivatives? {
        typealias D1 = Dual<SideProbe>
        typealias D2 = Dual<D1>
        let (r, log) = SideProbeLog.run(side: side) { () -> Dual<D2> in
            let p = sideProbe(cell, at: point, side: side)
            let x = Dual<D2>(D2(D1(p, derivative: 1), derivative: D1(1, derivative: 0)),
                             derivative: D2(D1(1, derivative: 0), derivative: D1(0, derivative: 0)))
            return activation(x)
        }
        guard log.decided, log.continuous, log.smooth else { return nil }
        let d1 = r.derivative.value.value, d2 = r.derivative.derivative.value, d3 = r.derivative.derivative.derivative
        let over = k == 1 ? [d1.over.value, d2.over.value, d3.over.value] : [d2.over.value, d3.over.value, d3.over.derivative]
        let at = k == 1 ? [d1.at.value, d2.at.value] : [d2.at.value, d3.at.value]
        guard (over + at).allSatisfy(\.isFiniteInterval) else { return nil }
        // X − E over the open side: [0, b − lower end of E's enclosure] to the right, mirrored to the left.
        let inner = point.enclosure ?? point.nearEnd(side, precision: precision)
        var w = BigFloat(nanWithPrecision: precision)
        if side == .right { w.setDifference(cell.upper, inner.lower, rounding: .up) } else { w.setDifference(inner.upper, cell.lower, rounding: .up) }
        let zero = BigFloat.zero(precision: precision)
        let offset = side == .right ? MPFRInterval(lower: zero, upper: w) : MPFRInterval(lower: -w, upper: zero)
        return CellDerivatives(over: over, ends: [(offset, at)])
    }

    /// The law's verdict on a cell from its derivatives (see ``ShapeCell``): true (holds on the
    /// whole cell), false (fails on the whole cell), nil (undecided). `endPoints` are the cell's
    /// ends whose point values may be used (those inside the proven branch), each with X − e.
    func judge(_ law: ShapeProofLaw, _ d: CellDerivatives, _ cell: ShapeCell, endPoints: [BigFloat]) -> Bool? {
        let L = lipschitzEnclosure(law)
        if let verdict = law.judge(d.over[0], L) { return verdict }
        var ends = d.ends.map { (offset: $0.offset, values: $0.values, point: BigFloat?.none) }
        for e in endPoints {
            guard let v = pointDerivatives(e, from: law.order, count: 2) else { continue }
            var lo = BigFloat(nanWithPrecision: precision), hi = BigFloat(nanWithPrecision: precision)
            lo.setDifference(cell.lower, e, rounding: .down)
            hi.setDifference(cell.upper, e, rounding: .up)
            ends.append((MPFRInterval(lower: lo, upper: hi), v, e))
        }
        var v = d.over[0]
        let half = MPFRInterval(BigFloat(1, precision: 2).timesPowerOfTwo(-1))
        for e in ends {
            let taylor = e.values[0] + e.values[1] * e.offset + d.over[2] * (e.offset * e.offset) * half
            v = v.intersection(taylor)
        }
        let g1 = d.over[1]
        if ends.count == 2, g1.lower.signum >= 0 || g1.upper.signum <= 0 {
            // g⁽ᵏ⁾ is monotone on the cell: its values lie between the two ends', and the law's
            // region (an interval) holds both ends — decided exactly where an end is a rational.
            let holds = ends.allSatisfy { e in
                law.holds(exactly: e.values[0], L) || e.point.flatMap { pointDerivatives($0, from: law.order, count: 1, exact: true) }
                    .map { law.holds(exactly: $0[0], L) } == true
            }
            if holds { return true }
            let (a, b) = (ends[0].values[0], ends[1].values[0])
            v = v.intersection(MPFRInterval(lower: BigFloat.minimum(a.lower, b.lower), upper: BigFloat.maximum(a.upper, b.upper)))
        }
        return law.judge(v, L)
    }

    /// [L↓, L↑] at the cell precision for a Lipschitz law; nil otherwise.
    func lipschitzEnclosure(_ law: ShapeProofLaw) -> MPFRInterval? {
        guard case .lipschitz(let L) = law else { return nil }
        return MPFRInterval(lower: L.bigFloat(precision: precision, rounding: .down), upper: L.bigFloat(precision: precision, rounding: .up))
    }
}

extension MPFRInterval {
    /// The common part of two enclosures of one number (both hold it, so it is not empty unless
    /// one of them is wrong; then the first is returned).
    func intersection(_ other: MPFRInterval) -> MPFRInterval {
        guard other.isFiniteInterval, isFiniteInterval else { return isFiniteInterval ? self : other }
        let lo = BigFloat.maximum(lower, other.lower), hi = BigFloat.minimum(upper, other.upper)
        return lo <= hi ? MPFRInterval(lower: lo, upper: hi) : self
    }
}
