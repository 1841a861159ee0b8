import BigFloat
import KinkCheck
import KinkCheckSupport

extension ProductIdentity {
    /// Both sides of the identity as proven enclosures (``certify()``).
    package struct Certificate: Sendable {
        /// Contain −∬ f φ′(xᵢ)ψ(xⱼ) and ∬ ∂ᵢf φ(xᵢ)ψ(xⱼ).
        package var lhs: MPFRInterval, rhs: MPFRInterval
        /// ≈ ∬|integrand| of both sides, from the same nodes (a scale, not a bound).
        package var absolute: BigFloat
        /// Rectangles settled: by the tensor rule, directly, or as slivers along a cut.
        package var cells: Int
    }

    /// Rectangles examined before giving up.
    static let maximumCells = 400
    /// Points a direction of one rectangle's tensor rule (n² evaluations at most 48²).
    static let tensorDegrees = [4, 6, 8, 12, 16, 24, 32, 48]

    /// Both sides enclosed, when the declared sets cut supp φ × supp ψ into rectangles — every
    /// set but a tie of xᵢ with xⱼ, whose cut moves with the outer variable (maxout's).
    ///
    /// Each cut c (xᵢ = c, xⱼ = c, or a tie with a held input; its enclosure when c is no binary
    /// number) becomes a *sliver* [c − ε, c + ε] across the plane, bounded directly: area times
    /// the integrand's enclosure over every branch the definition may take there (``BranchHull``),
    /// ε a power of two small enough that all slivers together stay far below the target (2⁻⁴ of
    /// the tolerance). Between the slivers the program is proven constant on each rectangle
    /// R = [a, b] × [c, d] by interval arithmetic deciding every comparison over R. Else R is
    /// bisected across the variable the doubt comes from; where the switch is on R's edge (bisection
    /// ends on simple binary numbers, like sigmoid's 0) the two edges become slivers too, and a
    /// switch no binary number holds (a kink at 3/10 left undeclared) never settles. On a proven
    /// R the tensor Gauss–Legendre rule with n points a direction has
    ///
    ///     |∬_R F − Qₙ⊗Qₙ F| ≤ 2hₓh_y · 64(Mₓ + M_y) / (15(ρ² − 1)ρ^(2n))
    ///
    /// (hₓ, h_y the half-widths; Mₓ bounds |F| for xᵢ on the rectangle around the Bernstein
    /// ellipse E_ρ of [a, b] and xⱼ real in [c, d], M_y the other way round): the inner rule's
    /// error at each real xⱼ, integrated, plus the outer rule's on y ↦ Σ wₖ F(xₖ, y), which is
    /// analytic on E_ρ of [c, d] and bounded by 2hₓM_y (positive weights summing to 2hₓ). Both
    /// bounds come from one evaluation of the program's continuation on boxes (``AnalyticProbe``),
    /// the nodes and weights are proven enclosures (``VerifiedGaussLegendreNodes``), and F is
    /// enclosed at every node. A rectangle whose enclosure is already narrow enough is taken
    /// directly (area × F(R)); one that needs more than 48 points is bisected across its longer
    /// side. Fails — and says why — for a moving cut, a described set, an integrand with no
    /// finite bound on the plane, more than ``maximumCells`` rectangles, or an enclosure whose
    /// radius exceeds a quarter of the tolerance.
    package func certify() -> Swift.Result<Certificate, CertifiedQuadrature.Failure> {
        func fail(_ why: String) -> Swift.Result<Certificate, CertifiedQuadrature.Failure> { .failure(.init(reason: why)) }
        if let why = unsupported { return fail(why) }
        let moving = function.nonSmoothSets.contains { set in
            if case .tie(let members) = set { return members.contains(input) && members.contains(other) }
            return false
        }
        if moving {
            return fail("the tie \(function.inputNames[input]) = \(function.inputNames[other]) moves with \(function.inputNames[other]): the pieces are not rectangles")
        }
        let p = Self.bits(forDigits: digits)
        guard let (xLo, xHi) = DistributionalCheck.exactSupport(phi, precision: p),
              let (yLo, yHi) = DistributionalCheck.exactSupport(psi, precision: p) else {
            return fail("the supports' ends are not binary numbers")
        }
        let target = DistributionalCheck.tolerance(digits: digits).timesPowerOfTwo(-4)
        let plane = Rectangle(x: MPFRInterval(lower: xLo, upper: xHi), y: MPFRInterval(lower: yLo, upper: yHi))
        guard let bound = hullBound(plane) else {
            return fail("no finite bound of the integrands over supp φ × supp ψ")
        }
        let xCuts = fixedCuts(across: input, precision: p + 64), yCuts = fixedCuts(across: other, precision: p + 64)
        // Slivers: 2ε + the cut's width across a side of at most W, each bounded by `bound`.
        let reach = (plane.x.upper - plane.x.lower) + (plane.y.upper - plane.y.lower)
        // (the cuts, and room for the edges of 4 rectangles shaved where a branch switches)
        let slivers = BigFloat(xCuts.count + yCuts.count + 1 + 16, precision: 64)
        // (Integrands 0 on the whole plane — f ≡ 0 with a held input at 0 — need no room.)
        let weight = MPFRInterval(exactInteger: 64) * MPFRInterval(BigFloat.maximum(bound, BigFloat(1, precision: 64).timesPowerOfTwo(-64)))
        let room = (MPFRInterval(target) / (weight * MPFRInterval(reach) * MPFRInterval(slivers))).lower
        guard room.isFinite, room.signum > 0, let e = room.exponent else {
            return fail("no finite bound of the integrands over supp φ × supp ψ")
        }
        let epsilon = BigFloat(1, precision: 64).timesPowerOfTwo(e - 1)        // ≤ room
        let xCells = Self.cells(xLo, xHi, cuts: xCuts, epsilon: epsilon, precision: p + 64)
        let yCells = Self.cells(yLo, yHi, cuts: yCuts, epsilon: epsilon, precision: p + 64)
        let area = (plane.x.upper - plane.x.lower) * (plane.y.upper - plane.y.lower)
        var lhs = MPFRInterval(BigFloat.zero(precision: p)), rhs = MPFRInterval(BigFloat.zero(precision: p))
        var absolute = BigFloat.zero(precision: 64), cells = 0
        func addSliver(_ r: Rectangle) -> Bool {
            guard let (l, h) = sliver(r) else { return false }
            lhs = lhs + l
            rhs = rhs + h
            cells += 1
            return true
        }
        var regular: [(Rectangle, shaved: Bool)] = []
        for (xa, xb, xSliver) in xCells {
            for (ya, yb, ySliver) in yCells {
                let r = Rectangle(x: MPFRInterval(lower: xa, upper: xb), y: MPFRInterval(lower: ya, upper: yb))
                guard xSliver || ySliver else { regular.append((r, false)); continue }
                guard addSliver(r) else { return fail("no finite enclosure of the integrands over the sliver \(r.description)") }
            }
        }
        while let (r, shaved) = regular.popLast() {
            cells += 1
            if cells > Self.maximumCells {
                return fail("no proof within \(Self.maximumCells) rectangles (last near \(r.description))")
            }
            let share = (MPFRInterval(target) * r.area / MPFRInterval(area)).lower
            switch settle(r, share: share, precision: p) {
            case .settled(let l, let h, let magnitude):
                lhs = lhs + l
                rhs = rhs + h
                absolute = absolute + magnitude
            case .ambiguous(let axis) where !shaved:
                // A switch of branch on R's edge (a cell that bisection ended on sigmoid's 0):
                // the two edges across that variable become slivers, and the inside is tried
                // once more.
                let (inside, edges) = r.shaved(by: epsilon, across: axis)
                for edge in edges {
                    guard addSliver(edge) else { return fail("no finite enclosure of the integrands over the sliver \(edge.description)") }
                }
                if let inside { regular.append((inside, true)) }
            case .ambiguous(let axis):
                regular += r.halves(across: axis).map { ($0, false) }
            case .bisect:
                regular += r.halves(across: nil).map { ($0, false) }
            }
        }
        let widest = BigFloat.maximum(lhs.radius, rhs.radius)
        guard widest <= target.timesPowerOfTwo(2) else {
            return fail("the enclosures' radius \(widest.scientificString(fractionDigits: 2)) exceeds a quarter of the tolerance")
        }
        return .success(Certificate(lhs: lhs, rhs: rhs, absolute: absolute, cells: cells))
    }

    /// A closed rectangle of the plane (xᵢ, xⱼ).
    struct Rectangle {
        var x: MPFRInterval, y: MPFRInterval

        var area: MPFRInterval { (MPFRInterval(x.upper) - MPFRInterval(x.lower)) * (MPFRInterval(y.upper) - MPFRInterval(y.lower)) }
        var description: String {
            "[\(x.lower.shortDecimal(8)), \(x.upper.shortDecimal(8))] × [\(y.lower.shortDecimal(8)), \(y.upper.shortDecimal(8))]"
        }

        /// R less a margin ε on both sides across `axis` (nil when that leaves nothing), and the
        /// two margins.
        func shaved(by e: BigFloat, across axis: Axis) -> (Rectangle?, [Rectangle]) {
            let v = axis == .x ? x : y
            var a = BigFloat(nanWithPrecision: v.precision + 64), b = BigFloat(nanWithPrecision: v.precision + 64)
            a.setSum(v.lower, e, rounding: .up)
            b.setDifference(v.upper, e, rounding: .down)
            guard a < b else { return (nil, [self]) }
            let parts = [MPFRInterval(lower: v.lower, upper: a), MPFRInterval(lower: a, upper: b), MPFRInterval(lower: b, upper: v.upper)]
            let cut = parts.map { axis == .x ? Rectangle(x: $0, y: y) : Rectangle(x: x, y: $0) }
            return (cut[1], [cut[0], cut[2]])
        }

        /// The two halves across `axis` (nil: the longer side), split where
        /// ``CertifiedQuadrature/split(_:_:)`` does.
        func halves(across axis: Axis?) -> [Rectangle] {
            if axis ?? (x.upper - x.lower >= y.upper - y.lower ? .x : .y) == .x {
                let m = CertifiedQuadrature.split(x.lower, x.upper)
                return [Rectangle(x: MPFRInterval(lower: x.lower, upper: m), y: y), Rectangle(x: MPFRInterval(lower: m, upper: x.upper), y: y)]
            }
            let m = CertifiedQuadrature.split(y.lower, y.upper)
            return [Rectangle(x: x, y: MPFRInterval(lower: y.lower, upper: m)), Rectangle(x: x, y: MPFRInterval(lower: m, upper: y.upper))]
        }
    }

    /// xᵢ's or xⱼ's axis of the plane.
    enum Axis { case x, y }

    /// The variable a comparison undecided over R depends on: xᵢ when holding it at its midpoint
    /// decides every comparison, else xⱼ.
    func culprit(_ r: Rectangle) -> Axis {
        let (_, ambiguous) = IntervalAmbiguity.withTracking {
            valueAndPartial(inputs(MPFRInterval(r.x.centre), r.y) { MPFRInterval($0) }, unit: MPFRInterval.init(exactInteger:))
        }
        return ambiguous == 0 ? .x : .y
    }

    /// The inputs with xᵢ = x, xⱼ = y and the others held at the origin (`held`, in T).
    func inputs<T>(_ x: T, _ y: T, held: (BigFloat) -> T) -> [T] {
        origin.indices.map { k in k == input ? x : k == other ? y : held(origin[k]) }
    }

    /// max(sup|f φ′ψ|, sup|∂ᵢf φψ|) over R whichever branches the definition takes there, or nil.
    func hullBound(_ r: Rectangle) -> BigFloat? {
        guard let (l, h) = hull(r) else { return nil }
        return BigFloat.maximum(l.magnitude, h.magnitude)
    }

    /// Enclosures of −f φ′ψ and ∂ᵢf φψ at every point of R, whichever branches the definition
    /// takes there (``BranchHull``), or nil.
    func hull(_ r: Rectangle) -> (MPFRInterval, MPFRInterval)? {
        let args = inputs(HullProbe(r.x), HullProbe(r.y)) { HullProbe(MPFRInterval($0)) }
        guard let value = BranchHull.evaluate({ function(args).value }),
              let partial = BranchHull.evaluate({ valueAndPartial(args, unit: HullProbe.init(exactInteger:)).1.value }),
              value.isFiniteInterval, partial.isFiniteInterval else { return nil }
        let phis = phi.derivatives(upTo: 1, over: r.x), psiY = psi.derivative(0, over: r.y)
        return (-(value * phis[1] * psiY), partial * phis[0] * psiY)
    }

    /// Both sides over a sliver: area × the hull enclosures.
    func sliver(_ r: Rectangle) -> (MPFRInterval, MPFRInterval)? {
        guard let (l, h) = hull(r) else { return nil }
        return (r.area * l, r.area * h)
    }

    /// The cuts across xₖ (k = i or j) that stay put: xₖ = c (its enclosure at `precision` bits
    /// when c is no binary number) and ties of xₖ with held inputs.
    func fixedCuts(across k: Int, precision q: Int) -> [MPFRInterval] {
        function.nonSmoothSets.flatMap { set -> [MPFRInterval] in
            switch set {
            case .coordinate(let j, let c):
                return j == k ? [MPFRInterval(lower: c.bigFloat(precision: q, rounding: .down), upper: c.bigFloat(precision: q, rounding: .up))] : []
            case .tie(let members):
                guard members.contains(k) else { return [] }
                return members.filter { $0 != input && $0 != other }.map { MPFRInterval(origin[$0]) }
            case .described: return []
            }
        }
    }

    /// [lo, hi] split into slivers [c − ε, c + ε] around the cuts inside (merged where they meet,
    /// clipped to [lo, hi]) and the regular cells between them: (a, b, is a sliver).
    static func cells(_ lo: BigFloat, _ hi: BigFloat, cuts: [MPFRInterval], epsilon: BigFloat,
                      precision q: Int) -> [(BigFloat, BigFloat, Bool)] {
        var slivers: [(BigFloat, BigFloat)] = []
        for c in cuts.sorted(by: { $0.lower < $1.lower }) where c.upper > lo && c.lower < hi {
            var a = BigFloat(nanWithPrecision: q), b = BigFloat(nanWithPrecision: q)
            a.setDifference(c.lower, epsilon, rounding: .down)
            b.setSum(c.upper, epsilon, rounding: .up)
            a = BigFloat.maximum(a, lo)
            b = BigFloat.minimum(b, hi)
            if let last = slivers.last, a <= last.1 { slivers[slivers.count - 1].1 = BigFloat.maximum(last.1, b) } else { slivers.append((a, b)) }
        }
        var out: [(BigFloat, BigFloat, Bool)] = []
        var at = lo
        for (a, b) in slivers {
            if a > at { out.append((at, a, false)) }
            out.append((a, b, true))
            at = b
        }
        if hi > at { out.append((at, hi, false)) }
        return out
    }

    enum CellStep {
        /// Both sides' enclosures over the rectangle and ≈ ∬|F| of both.
        case settled(MPFRInterval, MPFRInterval, BigFloat)
        /// A comparison is not decided over the rectangle, because of this variable's range.
        case ambiguous(Axis)
        /// Too wide for the rule, or a node not finite.
        case bisect
    }

    /// One rectangle between the cuts: direct, by the tensor rule, or bisect.
    func settle(_ r: Rectangle, share: BigFloat, precision p: Int) -> CellStep {
        let quadrature = CertifiedQuadrature()
        let radii = quadrature.radii
        let oneHalf = MPFRInterval(BigFloat(0.5, precision: 64))
        let halfX = (MPFRInterval(r.x.upper) - MPFRInterval(r.x.lower)) * oneHalf
        let halfY = (MPFRInterval(r.y.upper) - MPFRInterval(r.y.lower)) * oneHalf
        func rectangle(_ along: MPFRInterval, _ half: MPFRInterval, _ rho: Double) -> ComplexBox {
            var m = BigFloat(nanWithPrecision: Swift.max(along.lower.precision, along.upper.precision) + 1)
            m.setSum(along.lower, along.upper)
            return CertifiedQuadrature.ellipseRectangle(centre: m.timesPowerOfTwo(-1), half: half, rho: rho, precision: p)
        }
        // Boxes 0 ..< k: xᵢ on E_ρ's rectangle, xⱼ real; boxes k ..< 2k: the other way round.
        let xBoxes = radii.map { rectangle(r.x, halfX, $0) } + radii.map { _ in ComplexBox(real: r.x) }
        let yBoxes = radii.map { _ in ComplexBox(real: r.y) } + radii.map { rectangle(r.y, halfY, $0) }
        let args = inputs(AnalyticProbe(probe: r.x, boxes: xBoxes), AnalyticProbe(probe: r.y, boxes: yBoxes)) {
            AnalyticProbe(probe: MPFRInterval($0), boxes: [ComplexBox(real: MPFRInterval($0))])
        }
        let (both, ambiguous) = IntervalAmbiguity.withTracking { valueAndPartial(args, unit: AnalyticProbe.init(exactInteger:)) }
        guard ambiguous == 0 else { return .ambiguous(culprit(r)) }
        let phiX = phi.derivatives(upTo: 1, over: r.x), psiY = psi.derivative(0, over: r.y)
        let phiBoxes = xBoxes.map { phi.derivatives(upTo: 1, over: $0) }, psiBoxes = yBoxes.map { psi.derivative(0, over: $0) }
        // Each side on R and on every box.
        let real = [-(both.0.probe * phiX[1] * psiY), both.1.probe * phiX[0] * psiY]
        // A result that did not depend on the inputs (a constant branch) holds one box for all.
        func box(_ v: AnalyticProbe<MPFRInterval>, _ k: Int) -> ComplexBox {
            v.boxes.isEmpty ? .whole(precision: p) : v.boxes[v.boxes.count == 1 ? 0 : k]
        }
        let boxes = [xBoxes.indices.map { -(box(both.0, $0) * phiBoxes[$0][1] * psiBoxes[$0]) },
                     xBoxes.indices.map { box(both.1, $0) * phiBoxes[$0][0] * psiBoxes[$0] }]
        let area = r.area
        let directs = real.map { v -> MPFRInterval? in
            let d = area * v
            return v.isFiniteInterval && d.upper - d.lower <= share ? d : nil
        }
        if let l = directs[0], let h = directs[1] { return .settled(l, h, l.magnitude + h.magnitude) }
        // The fewest points that bound both sides' error within the share, over the ellipses.
        var tensor = quadrature
        tensor.degrees = Self.tensorDegrees
        let scale = (MPFRInterval(exactInteger: 2) * halfX * halfY).upper
        // Per ρ: Mₓ + M_y of each side not settled directly (0 for one that is).
        var best: (n: Int, rho: Double, bounds: [BigFloat])? = nil
        for (k, rho) in radii.enumerated() {
            let bounds = (0 ..< 2).map { side in
                directs[side] != nil ? BigFloat.zero(precision: 64)
                    : (MPFRInterval(boxes[side][k].magnitudeUpperBound) + MPFRInterval(boxes[side][k + radii.count].magnitudeUpperBound)).upper
            }
            let needs = (0 ..< 2).map { directs[$0] != nil ? 0 : tensor.degree(half: scale, bound: bounds[$0], rho: rho, share: share) }
            guard let a = needs[0], let b = needs[1] else { continue }
            if best == nil || Swift.max(a, b) < best!.n { best = (Swift.max(a, b), rho, bounds) }
        }
        guard let (n, rho, bounds) = best, let nodes = VerifiedGaussLegendreNodes.shared(points: n, precision: p) else { return .bisect }
        let errors = bounds.map { tensor.errorBound(half: scale, bound: $0, rho: rho, n: n) }
        guard (0 ..< 2).allSatisfy({ directs[$0] != nil || errors[$0] <= share }) else { return .bisect }
        func mapped(_ v: MPFRInterval, _ half: MPFRInterval) -> [(MPFRInterval, MPFRInterval)] {
            var out: [(MPFRInterval, MPFRInterval)] = []
            _ = nodes.forEachNode(on: v.lower, v.upper, half: half) { out.append(($0, $1)); return true }
            return out
        }
        let xData = mapped(r.x, halfX).map { (x: $0.0, w: $0.1, phi: phi.derivatives(upTo: 1, over: $0.0)) }
        var sums = [MPFRInterval(BigFloat.zero(precision: p)), MPFRInterval(BigFloat.zero(precision: p))]
        var magnitude = BigFloat.zero(precision: 64)
        var point = inputs(r.x, r.y) { MPFRInterval($0) }       // xᵢ and xⱼ set at each node
        let (finite, nodeAmbiguity) = IntervalAmbiguity.withTracking { () -> Bool in
            for (y, wy) in mapped(r.y, halfY) {
                let outer = wy * psi.derivative(0, over: y)
                point[other] = y
                for (x, wx, phis) in xData {
                    point[input] = x
                    let (v, g) = valueAndPartial(point, unit: MPFRInterval.init(exactInteger:))
                    guard v.isFiniteInterval, g.isFiniteInterval else { return false }
                    let w = wx * outer
                    let l = -(w * v * phis[1]), h = w * g * phis[0]
                    sums[0] = sums[0] + l
                    sums[1] = sums[1] + h
                    magnitude = magnitude + l.magnitude + h.magnitude
                }
            }
            return true
        }
        guard nodeAmbiguity == 0 else { return .ambiguous(culprit(r)) }
        guard finite else { return .bisect }
        let enclosures = (0 ..< 2).map { side in
            directs[side] ?? halfX * halfY * sums[side] + MPFRInterval(lower: -errors[side], upper: errors[side])
        }
        return .settled(enclosures[0], enclosures[1], (halfX * halfY * MPFRInterval(magnitude)).upper)
    }
}
