import BigFloat
import KinkCheck
import KinkCheckSupport

/// Proves, refutes or leaves undecided a shape law (``ShapeProofLaw``) for an activation on
/// [−R, R], by interval arithmetic.
///
/// The argument: split [−R, R] at the kinks, and bisect. Each sub-interval (cell) is shown to be
/// one C² branch g of the definition — on the closed cell, or on its open side beside a kink or
/// branch switch (``ShapeCell``) — and the law's condition on g⁽ᵏ⁾ is decided for every point of
/// it by enclosures. Where the branch changes (a kink, a switch the bisection met, an end of the
/// domain reached only from one side), the junction condition is decided from certified
/// one-sided limits (``ShapeJunction/verdict(_:_:)``). A law holding on every cell and at every
/// junction holds on [−R, R]: f is continuous there and on each closed piece
/// - convex: convex (g″ ≥ 0 inside, continuous on the closure), and the pieces join convexly
///   (D⁻ ≤ D⁺ at each junction);
/// - monotone: non-decreasing on each piece, with f(x⁻) ≤ f(x) ≤ f(x⁺) at each junction;
/// - Lipschitz: L-Lipschitz on each piece by the mean value theorem, so on their union.
///
/// Outcomes: proven; refuted by a certified counterexample (a binary point whose derivative
/// enclosure excludes the law, or a kink whose certified limits do); undecided — a cell below
/// the width limit or past the budget, a junction whose continuity is not certified (two
/// formulas that agree only by an identity: gelu's switch at −10), a located kink's bracket.
/// Never proven with an enclosure undecided.
///
/// Edge cases: an exact kink that is not a binary number splits the cells at its enclosure, and
/// the side cells' probes reach from the exact point; a kink located only to a bracket leaves the
/// bracket undecided. A law refuted somewhere is reported with the clearest counterexample (the
/// largest violation) among the midpoints of the cells that fail at their midpoint, searched five
/// bisection levels below the first, not with the first.
///
/// Cost: one interval Taylor evaluation (order k + 2, `precision` bits) per cell, two point
/// evaluations where it does not decide, a nested-dual side probe per cell beside a junction,
/// and one point analysis per branch switch found (not for declared or discovered kinks, whose
/// analyses the caller passes). Built-ins take 10–200 cells per law.
package struct ShapeProver: Sendable {
    package var activation: any Activation
    /// R: the proof covers [−R, R].
    package var radius: BigFloat
    /// The kinks known (declared and discovered) with their analyses; those outside [−R, R]
    /// are ignored.
    package var junctions: [ShapeJunction]
    /// Bits of the cell enclosures.
    package var precision = 96
    /// Bits of the point analyses at branch switches the proof finds.
    package var junctionPrecision = 64
    /// Cells evaluated at most per law.
    package var cellBudget = 3000
    /// A cell narrower than 2^−widthBits·max(1, |end|) is not split: it stays undecided.
    package var widthBits = 30

    package init(activation: any Activation, radius: BigFloat, junctions: [ShapeJunction]) {
        self.activation = activation
        self.radius = radius
        self.junctions = junctions
    }

    /// The law on [−R, R].
    package func prove(_ law: ShapeProofLaw) -> ShapeProofOutcome { prove([law])[0] }

    /// Each law on [−R, R], the point analyses of the branch switches met shared between them.
    package func prove(_ laws: [ShapeProofLaw]) -> [ShapeProofOutcome] {
        BigFloat.withWidestExponentRange {
            var switches: [(x: BigFloat, junction: ShapeJunction)] = []
            return laws.map { run($0, &switches) }
        }
    }

    /// The state of one proof.
    struct Search {
        var junctions: [ShapeJunction]
        /// Kinks inside [−R, R], whose conditions must hold.
        var used: Set<Int> = []
        /// Branch switches the cells met at plain points (analysed once the cells are done).
        var switches: [BigFloat] = []
        var remaining: [String] = []
        var decided = 0
        var best: (counterexample: ShapeCounterexample, violation: BigFloat)? = nil
        var depthLimit = Int.max
    }

    func run(_ law: ShapeProofLaw, _ analysed: inout [(x: BigFloat, junction: ShapeJunction)]) -> ShapeProofOutcome {
        var search = Search(junctions: junctions)
        var queue = initialCells(&search)
        // Kink conditions first: a certified refutation there needs no cell.
        for i in search.used.sorted() {
            if case .refuted(let c) = search.junctions[i].verdict(law, activation) { return .refuted(c) }
        }
        var head = 0
        while head < queue.count {
            let cell = queue[head]
            head += 1
            guard cell.depth <= search.depthLimit else { continue }
            if search.decided >= cellBudget {
                if search.best == nil { search.remaining.append("\(describe(cell)) (cell budget \(cellBudget) spent)") }
                continue
            }
            search.decided += 1
            if let children = decide(cell, law, &search) { queue += children }
        }
        if let best = search.best { return .refuted(best.counterexample) }
        let switches = search.switches.map { x in switchJunction(x, &analysed, known: search.junctions) }
        for j in search.used.sorted().map({ search.junctions[$0] }) + switches {
            switch j.verdict(law, activation) {
            case .refuted(let c): return .refuted(c)
            case .undecided(let why): search.remaining.append("x = \(describe(j.x)): \(why)")
            case .holds: break
            }
        }
        if search.remaining.isEmpty { return .proven(cells: search.decided, junctions: search.used.count + switches.count) }
        return .undecided(remaining: search.remaining, decided: search.decided)
    }

    /// [−R, R] cut at every kink inside it (at its enclosure when it is not a binary number).
    func initialCells(_ search: inout Search) -> [ShapeCell] {
        let R = BigFloat(radius, precision: precision)
        var cells: [ShapeCell] = []
        var lower = -R, leftJunction: Int? = nil
        let inside = search.junctions.indices.filter { i in
            let e = search.junctions[i].location.nearEnd(.left, precision: precision)
            return e.lower > -R && e.upper < R
        }.sorted { search.junctions[$0].x < search.junctions[$1].x }
        for i in inside {
            let j = search.junctions[i]
            let e = j.location.enclosure ?? j.location.nearEnd(.left, precision: precision)
            guard e.lower > lower else { continue }   // overlapping brackets: the first one rules
            search.used.insert(i)
            cells.append(ShapeCell(lower: lower, upper: e.upper, leftJunction: leftJunction, rightJunction: i, depth: 0))
            if j.location.enclosure != nil { search.remaining.append("[\(describe(e.lower)), \(describe(e.upper))] (a kink located only to this bracket)") }
            lower = e.lower
            leftJunction = i
        }
        cells.append(ShapeCell(lower: lower, upper: R, leftJunction: leftJunction, rightJunction: nil, depth: 0))
        return cells
    }

    /// One cell: decided (nil), refuted (nil, recorded), or split (the halves).
    func decide(_ cell: ShapeCell, _ law: ShapeProofLaw, _ search: inout Search) -> [ShapeCell]? {
        let k = law.order
        var verdict: Bool? = nil
        if search.best != nil {
            // Refuted already: only the midpoints are searched, for a clearer counterexample.
        } else if let d = closedDerivatives(cell, order: k) {
            verdict = judge(law, d, cell, endPoints: [cell.lower, cell.upper])
        } else {
            for side in [Side.right, .left] {
                let point = sidePoint(cell, side, &search)
                guard sideDecides(cell, at: point.location, side: side),
                      let d = sideDerivatives(cell, at: point.location, side: side, order: k) else { continue }
                if let i = point.junction {
                    search.used.insert(i)
                } else if let x = point.switchPoint, !search.switches.contains(where: { $0 == x }) {
                    search.switches.append(x)
                }
                verdict = judge(law, d, cell, endPoints: [side == .right ? cell.upper : cell.lower])
                break
            }
        }
        if verdict == true { return nil }
        let refuted = search.best != nil
        // Undecided (or failing everywhere): a counterexample at the midpoint, if it is one.
        let m = cell.midpoint.rounded(toPrecision: precision)
        if let v = pointDerivatives(m, from: k, count: 1)?[0], law.judge(v, lipschitzEnclosure(law)) == false {
            record(ShapeCounterexample(x: m, text: "x = \(m.decimalString(significantDigits: 12).trimmingFractionZeros) (\(m.hexString)): "
                                       + "\(law.derivativeSymbol)(x) ∈ \(describe(v)), so \(law.condition) fails", atKink: false),
                   violation: law.violation(v, lipschitzEnclosure(law)), depth: cell.depth, &search)
            // Refuted already; the halves are searched (to the depth limit) for a clearer counterexample.
            return cell.depth < search.depthLimit ? split(cell, &search) : nil
        }
        return refuted ? nil : split(cell, &search)
    }

    /// The halves of a cell, or nil (and the cell recorded as remaining) below the width limit.
    func split(_ cell: ShapeCell, _ search: inout Search) -> [ShapeCell]? {
        let scale = BigFloat.maximum(BigFloat(1, precision: 2), BigFloat.maximum(BigFloat.abs(cell.lower), BigFloat.abs(cell.upper)))
        let m = KinkDiscovery.splitPoint(cell.lower, cell.upper, precision: precision)
        guard cell.upper - cell.lower > scale.timesPowerOfTwo(-widthBits), m > cell.lower, m < cell.upper else {
            if search.best == nil { search.remaining.append("\(describe(cell)) (narrower than 2^−\(widthBits) of its magnitude)") }
            return nil
        }
        return [ShapeCell(lower: cell.lower, upper: m, leftJunction: cell.leftJunction, rightJunction: nil, depth: cell.depth + 1),
                ShapeCell(lower: m, upper: cell.upper, leftJunction: nil, rightJunction: cell.rightJunction, depth: cell.depth + 1)]
    }

    /// The near end of a side cell: its kink, or the plain end point (a branch switch if the
    /// side cell is proven there).
    func sidePoint(_ cell: ShapeCell, _ side: Side, _ search: inout Search) -> (location: LimitPoint, junction: Int?, switchPoint: BigFloat?) {
        let i = side == .right ? cell.leftJunction : cell.rightJunction
        if let i { return (search.junctions[i].location, i, nil) }
        let x = side == .right ? cell.lower : cell.upper
        return (.exact(ExactPoint(x)), nil, x)
    }

    /// A branch switch at the plain point x as a junction: its point analysis (one-sided limits
    /// certified where the sides' branches are analytic), computed once for all laws.
    func switchJunction(_ x: BigFloat, _ analysed: inout [(x: BigFloat, junction: ShapeJunction)], known: [ShapeJunction]) -> ShapeJunction {
        if let j = analysed.first(where: { $0.x == x }) { return j.junction }
        let others = known.map(\.x).filter { !($0 == x) }
        let analysis = PointAnalysis.analyze(activation, at: ExactPoint(x), precision: junctionPrecision, otherKinks: others)
        let j = ShapeJunction(location: .exact(ExactPoint(x)), x: x, analysis: analysis)
        analysed.append((x, j))
        return j
    }

    /// Keeps the clearest counterexample; the first one bounds the depth searched (five more levels).
    func record(_ c: ShapeCounterexample, violation: BigFloat, depth: Int, _ search: inout Search) {
        if search.best == nil { search.depthLimit = depth + 5 }
        if search.best.map({ violation > $0.violation }) ?? true { search.best = (c, violation) }
    }

    func describe(_ x: BigFloat) -> String { x.decimalString(significantDigits: 8).trimmingFractionZeros }
    func describe(_ v: MPFRInterval) -> String {
        v.isPoint ? "{\(v.lower.decimalString(significantDigits: 8).trimmingFractionZeros)}"
            : "[\(v.lower.scientificString(fractionDigits: 4, rounding: .down)), \(v.upper.scientificString(fractionDigits: 4, rounding: .up))]"
    }
    func describe(_ c: ShapeCell) -> String { "[\(describe(c.lower)), \(describe(c.upper))]" }
}
