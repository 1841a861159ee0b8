import BigFloat
import KinkCheck
import KinkCheckSupport

/// A point where f or f′ is discontinuous, found by ``KinkDiscovery``.
package struct DiscoveredKink: Sendable {
    /// The location: the exact point when one is proven (``location``), else the middle of
    /// ``bracket``.
    package var x: BigFloat
    /// The exact location, when the one-sided limits were proven at one number: a declared kink,
    /// or a short decimal or simple rational inside the bracket (``snapped``).
    package var location: ExactPoint?
    /// An enclosure [a, b] of the kink: every switch of the definition's branches near it lies
    /// inside (width ≤ 2^−(p−8) of the magnitude).
    package var bracket: (BigFloat, BigFloat)
    /// True when the exact location is a declared kink.
    package var matchesDeclared: Bool
    /// True when an undeclared kink was proven at a short number inside its bracket.
    package var snapped: Bool = false
    /// f′ jumps (a kink) and/or f jumps (a discontinuity) across the bracket.
    package var slopeJumps: Bool
    package var valueJumps: Bool
    /// True when the jump is proven: certified one-sided limits beside the location that differ
    /// (values, or derivatives). False: a possible kink whose one-sided limits are estimates (a
    /// singular point like √|x| at 0).
    package var certified: Bool
    /// The certified one-sided limits beside the location, where proven.
    package var sides: [Side: CertifiedLimit]

    /// Where the one-sided limits of this kink are taken.
    package var limitPoint: LimitPoint {
        location.map { .exact($0) } ?? .located(lower: bracket.0, upper: bracket.1)
    }
}

/// Everything discovery found on an interval.
package struct KinkDiscoveryResult: Sendable {
    package var kinks: [DiscoveredKink]
    /// Sub-intervals the search could not settle within its budget (branches switching without
    /// end, as `where(sin(1/x) < 0, …)` near 0): kinks may hide there.
    package var unresolved: [(BigFloat, BigFloat)]
    /// Every enclosure the cell search left (kinks, smooth branch switches and singular points
    /// alike): away from them and from `unresolved`, f is one analytic program, so f′ and f″ are
    /// smooth there too — the breakpoints an integral of f, f′ or f″ must be split at.
    package var candidates: [(BigFloat, BigFloat)] = []
    /// True when every point of the interval was either proven smooth or is inside a listed kink's
    /// bracket.
    package var complete: Bool { unresolved.isEmpty }

    /// A declared kink inside (a, b) that discovery did not list, with its point analysis and
    /// what that shows: a kink after all (its jump or slope change is certified), smooth there
    /// (a C¹ switch: continuity and differentiability proven), or not established (the
    /// enclosures can neither show a kink nor rule one out).
    package struct QuietDeclaredKink: Sendable {
        package enum Status: String, Sendable {
            case kink = "certified"
            case smooth = "declared: smooth here"
            case notEstablished = "declared: not established"
        }
        package var point: ExactPoint
        package var analysis: PointAnalysis
        package var status: Status
    }

    /// The declared kinks of `activation` strictly inside (a, b) that ``kinks`` does not hold
    /// (at their exact location or within a kink's bracket), each analysed at `precision`: said,
    /// not dropped.
    package func quietDeclaredKinks(of activation: any Activation, in a: BigFloat, _ b: BigFloat,
                                    precision: Int) -> [QuietDeclaredKink] {
        let others = kinks.flatMap { [$0.bracket.0, $0.bracket.1] }
        let listed = { (d: ExactPoint) in
            kinks.contains { k in
                k.location.map { $0.isSame(as: d) }
                    ?? ((d.compare(to: k.bracket.0) ?? 0) >= 0 && (d.compare(to: k.bracket.1) ?? 0) <= 0)
            }
        }
        return activation.kinks.map { ExactPoint($0.location) }.filter { d in
            d.isFinite && !d.isNaN && (d.compare(to: a) ?? 1) > 0 && (d.compare(to: b) ?? -1) < 0 && !listed(d)
        }.map { d in
            let analysis = PointAnalysis.analyze(activation, at: d, precision: precision, otherKinks: others)
            let kink = (!analysis.continuous && analysis.continuityEstablished)
                || (!analysis.differentiable && analysis.differentiabilityEstablished)
            let status: QuietDeclaredKink.Status = kink ? .kink : (analysis.continuous && analysis.differentiable ? .smooth : .notEstablished)
            return QuietDeclaredKink(point: d, analysis: analysis, status: status)
        }
    }

    /// The middle of every candidate and unresolved interval (see ``candidates``).
    package var breakpoints: [BigFloat] {
        (candidates + unresolved).map { c in
            var m = BigFloat(nanWithPrecision: Swift.max(c.0.precision, c.1.precision) + 1)
            m.setSum(c.0, c.1)
            return m.timesPowerOfTwo(-1)
        }
    }
}

/// Finds every point of an interval where f or f′ is discontinuous, with proofs.
///
/// 1. Settle: a cell where interval arithmetic (`Dual<MPFRInterval>` over the whole closed cell)
///    decides every branch the same way and encloses f and f′ in finite intervals is one smooth
///    piece — nothing to find. The grid (512 cells plus every declared kink) is settled by halving
///    from the whole interval; a cell that will not settle is bisected down to a width of
///    2^−(p−8) of its magnitude (2^−2p near 0). What remains are candidates: small enclosures of
///    every branch switch and singular point.
/// 2. Prove: beside each candidate, ``CertifiedLimit`` proves what f computes on each side and
///    encloses f(x±) and D±. At a declared kink inside the candidate, or at a short decimal or a
///    simple rational inside it, both sides are tried at that exact number, with the proof
///    reaching across the candidate: success locates the kink exactly. Otherwise the limits are
///    taken beside the candidate's ends, and the kink is known to its enclosure.
/// 3. Classify: limits that differ (values or derivatives) prove a kink; limits that agree are a
///    smooth switch (sigmoid's branches at 0, or a steep but smooth step) and are not kinks. A
///    candidate no proof reaches (a pole, √|x| at 0) is classified from estimates and labelled so.
///
/// Budget: at most ``cellBudget`` evaluations to bisect one grid cell and ``evaluationBudget`` in
/// all; beyond them the cells left are reported as unresolved, never silently dropped.
package enum KinkDiscovery {
    /// Scan cells over the interval.
    package static let gridCells = 512
    /// Interval evaluations allowed for the bisection of one grid cell, and in all.
    package static let cellBudget = 2_000
    package static let evaluationBudget = 60_000

    /// All kinks of `activation` strictly inside (a, b), located at `precision` bits (at least 64).
    package static func discover(_ activation: any Activation, in a: BigFloat, _ b: BigFloat, precision requested: Int) -> [DiscoveredKink] {
        survey(activation, in: a, b, precision: requested).kinks
    }

    /// ``discover(_:in:_:precision:)`` with what it could not settle.
    package static func survey(_ activation: any Activation, in a: BigFloat, _ b: BigFloat, precision requested: Int) -> KinkDiscoveryResult {
        let p = Swift.min(Swift.max(requested, 64), BigFloat.maximumPrecision - 4096)
        return BigFloat.withWidestExponentRange {
            var search = Search(activation: activation, a: a, b: b, precision: p)
            let (candidates, unresolved) = search.candidates()
            var kinks: [DiscoveredKink] = []
            for (i, c) in candidates.enumerated() {
                let neighbours = candidates.enumerated().filter { $0.offset != i }.flatMap { [$0.element.0, $0.element.1] }
                if let k = classify(activation, candidate: c, declared: search.declared, neighbours: neighbours, precision: p),
                   k.bracket.1 > search.A, k.bracket.0 < search.B {
                    kinks.append(k)
                }
            }
            return KinkDiscoveryResult(kinks: kinks, unresolved: unresolved, candidates: candidates)
        }
    }

    /// The cell search of step 1.
    package struct Search {
        package let activation: any Activation
        package let A: BigFloat, B: BigFloat
        package let precision: Int
        /// Working precision of the cell ends and evaluations.
        package let w: Int
        package let declared: [ExactPoint]
        package var evaluations = 0

        package init(activation: any Activation, a: BigFloat, b: BigFloat, precision p: Int) {
            self.activation = activation
            precision = p
            // Cells must stay distinct numbers down to 2^−2p near 0 and 2^−(p−8) relative elsewhere.
            let magnitude = BigFloat.maximum(BigFloat.abs(a), BigFloat.abs(b)).exponent ?? 0
            let span = (b - a).exponent ?? 0
            w = BigFloat.clampedPrecision(2 * p + 32 + Swift.max(0, magnitude - span))
            A = BigFloat(a, precision: w, rounding: .down)
            B = BigFloat(b, precision: w, rounding: .up)
            declared = activation.kinks.map { ExactPoint($0.location) }.filter { $0.isFinite }
        }

        /// The candidates (merged unsettled leaves) and the cells left unresolved, left to right.
        package mutating func candidates() -> ([(BigFloat, BigFloat)], [(BigFloat, BigFloat)]) {
            var xs: [BigFloat] = []
            let width = B - A
            for i in 0...gridCells {
                xs.append(A + width * BigFloat(i, precision: w) / BigFloat(gridCells, precision: w))
            }
            for d in declared {
                let e = d.enclosure(precision: w)
                for end in [e.lower, e.upper] where end > A && end < B { xs.append(BigFloat(end, precision: w)) }
            }
            xs.sort { $0 < $1 }
            var grid: [BigFloat] = []
            for x in xs where grid.last.map({ $0 < x }) ?? true { grid.append(x) }
            var leaves: [(BigFloat, BigFloat)] = [], unresolved: [(BigFloat, BigFloat)] = []
            // Settle the grid by halving index ranges (depth ≤ log₂ of the grid size), then bisect
            // each cell that will not settle.
            var ranges = [(0, grid.count - 1)]
            while let (i, j) = ranges.popLast() {
                guard j > i else { continue }
                if proved(grid[i], grid[j]) { continue }
                if j - i == 1 { refine(grid[i], grid[j], into: &leaves, unresolved: &unresolved); continue }
                let m = (i + j) / 2
                ranges.append((m, j))
                ranges.append((i, m))
            }
            return (merged(leaves), merged(unresolved))
        }

        /// Bisects [l, r] until every piece is proven smooth or is a leaf of the minimum width.
        package mutating func refine(_ l: BigFloat, _ r: BigFloat, into leaves: inout [(BigFloat, BigFloat)],
                             unresolved: inout [(BigFloat, BigFloat)]) {
            var stack = [(l, r)]
            let start = evaluations
            while let (a, b) = stack.popLast() {
                if evaluations >= evaluationBudget || evaluations - start >= cellBudget { unresolved.append((a, b)); continue }
                if proved(a, b) { continue }
                if b - a <= minimumWidth(a, b) { leaves.append((a, b)); continue }
                let m = KinkDiscovery.splitPoint(a, b, precision: w)
                guard m > a, m < b else { leaves.append((a, b)); continue }
                stack.append((m, b))
                stack.append((a, m))
            }
        }

        /// 2^−(p−8) of the cell's magnitude; 2^−2p for a cell that touches 0.
        package func minimumWidth(_ a: BigFloat, _ b: BigFloat) -> BigFloat {
            let one = BigFloat(1, precision: 2)
            if a.signum <= 0 && b.signum >= 0 { return one.timesPowerOfTwo(-2 * precision) }
            let m = BigFloat.maximum(BigFloat.abs(a), BigFloat.abs(b))
            return one.timesPowerOfTwo((m.exponent ?? 0) - (precision - 8))
        }

        /// The proof over [a, b] at the bits that resolve the cell (its magnitude over its width,
        /// plus 40), not the finest cell's: a wide cell is decided as well at 64 bits as at 300.
        package mutating func proved(_ a: BigFloat, _ b: BigFloat) -> Bool {
            evaluations += 1
            let magnitude = BigFloat.maximum(BigFloat.abs(a), BigFloat.abs(b)).exponent ?? 0
            let width = (b - a).exponent ?? magnitude
            let bits = Swift.min(w, Swift.max(64, magnitude - width + 40))
            return KinkDiscovery.provedSmooth(activation, a, b, precision: bits)
        }

        /// Adjacent or overlapping intervals joined.
        package func merged(_ cells: [(BigFloat, BigFloat)]) -> [(BigFloat, BigFloat)] {
            var out: [(BigFloat, BigFloat)] = []
            for c in cells.sorted(by: { $0.0 < $1.0 }) {
                if let last = out.last, c.0 <= last.1 { out[out.count - 1].1 = BigFloat.maximum(last.1, c.1) } else { out.append(c) }
            }
            return out
        }
    }

    /// True when f is one smooth piece on the whole closed interval [l, r], proven by interval
    /// arithmetic: `Dual<MPFRInterval>` over the cell (at `precision`, ends rounded outward)
    /// decides every branch the same way for all its points and encloses f and f′ in finite
    /// intervals (so no log, division or square root met its singular point there).
    package static func provedSmooth(_ activation: any Activation, _ l: BigFloat, _ r: BigFloat, precision: Int = 64) -> Bool {
        let cell = MPFRInterval(lower: l.rounded(toPrecision: precision, rounding: .down),
                                upper: r.rounded(toPrecision: precision, rounding: .up))
        let (d, ambiguous) = BigFloat.withWidestExponentRange {
            IntervalAmbiguity.withTracking { activation(Dual(cell, derivative: 1)) }
        }
        return ambiguous == 0 && d.value.isFiniteInterval && d.derivative.isFiniteInterval
    }

    /// Step 2 and 3 for one candidate [l, r]; nil for a smooth switch (no kink).
    package static func classify(_ activation: any Activation, candidate c: (BigFloat, BigFloat), declared: [ExactPoint],
                         neighbours: [BigFloat], precision p: Int) -> DiscoveredKink? {
        let (l, r) = c
        let midpoint = BigFloat.withWidestExponentRange { () -> BigFloat in
            var m = BigFloat(nanWithPrecision: Swift.max(l.precision, r.precision) + 1)
            m.setSum(l, r)
            return m.timesPowerOfTwo(-1)
        }
        // Exact locations to try: declared kinks inside, then short numbers inside.
        let inside = declared.filter { ($0.compare(to: l) ?? 0) >= 0 && ($0.compare(to: r) ?? 0) <= 0 }
        for (point, isDeclared) in inside.map({ ($0, true) }) + snapCandidates(l, r, midpoint: midpoint).map({ ($0, false) }) {
            guard let sides = provenAt(activation, point, covering: c, precision: p) else { continue }
            var k = kink(from: sides, at: point.rounded(toPrecision: BigFloat.clampedPrecision(p + 64)), bracket: c)
            k.location = point
            k.matchesDeclared = isDeclared
            k.snapped = !isDeclared
            if k.certified { return k.valueJumps || k.slopeJumps ? k : nil }   // else a smooth switch, proven at one number
            return estimated(k, activation, neighbours: neighbours, precision: p)
        }
        var sides: [Side: CertifiedLimit] = [:]
        for side in Side.allCases {
            sides[side] = CertifiedLimit.compute(activation, at: .located(lower: l, upper: r), side: side, precision: p)
        }
        var k = kink(from: sides, at: midpoint, bracket: c)
        if k.certified { return k.valueJumps || k.slopeJumps ? k : nil }
        // Unproven: estimated at the declared kink inside, if there is one, else at the middle.
        if let d = inside.first {
            k.location = d
            k.x = d.rounded(toPrecision: BigFloat.clampedPrecision(p + 64))
            k.matchesDeclared = true
            k.sides = [:]
        }
        return estimated(k, activation, neighbours: neighbours, precision: p)
    }

    /// A candidate whose sides are not both certified, classified from the estimates of
    /// ``SubgradientAnalysis`` (certified sides kept; the limits of f′ too, so x²·sin(1/x) at 0,
    /// differentiable but with no limit of f′, is a kink): nil when they find it differentiable,
    /// else a possible kink, labelled uncertified.
    package static func estimated(_ k: DiscoveredKink, _ activation: any Activation, neighbours: [BigFloat], precision p: Int) -> DiscoveredKink? {
        let s = SubgradientAnalysis.analyze(activation, at: k.limitPoint, precision: p, otherKinks: neighbours, known: k.sides)
        if s.classification == .differentiable { return nil }
        var out = k
        out.slopeJumps = s.point.continuous
        out.valueJumps = !s.point.continuous
        out.certified = false
        return out
    }

    /// A kink from two sides' certified limits: proven when both values are certified and differ,
    /// or both derivatives are certified and differ.
    package static func kink(from sides: [Side: CertifiedLimit], at x: BigFloat, bracket: (BigFloat, BigFloat)) -> DiscoveredKink {
        let l = sides[.left], r = sides[.right]
        var valueJumps = false, slopeJumps = false, certified = false
        if let l, let r {
            valueJumps = !l.value.intersects(r.value)
            if let ls = l.slope, let rs = r.slope {
                slopeJumps = !ls.intersects(rs)
                certified = true
            } else {
                certified = valueJumps
            }
        }
        return DiscoveredKink(x: x, location: nil, bracket: bracket, matchesDeclared: false, slopeJumps: slopeJumps,
                              valueJumps: valueJumps, certified: certified, sides: sides)
    }

    /// Both sides proven at the exact `point`, each proof reaching past the candidate's far end
    /// (so no other switch of the candidate escapes it); nil otherwise.
    package static func provenAt(_ activation: any Activation, _ point: ExactPoint, covering c: (BigFloat, BigFloat),
                         precision p: Int) -> [Side: CertifiedLimit]? {
        var sides: [Side: CertifiedLimit] = [:]
        for side in Side.allCases {
            let end = side == .right ? c.1 : c.0
            let e = BigFloat.maximum(BigFloat.abs(c.0), BigFloat.abs(c.1)).exponent ?? 0
            // δ: a power of two at least twice the distance to the candidate's far end.
            let distance = BigFloat.abs(point.rounded(toPrecision: BigFloat.clampedPrecision(end.precision + 64)) - end)
            let reachExponent = Swift.max((distance.exponent ?? (e - 2 * p)) + 1, e - 2 * p)
            let w = BigFloat.clampedPrecision(Swift.max(p + 64, point.bits, end.precision) + Swift.max(0, e - reachExponent) + 16)
            let delta = BigFloat(1, precision: 2).timesPowerOfTwo(reachExponent)
            guard var limit = CertifiedLimit.probe(activation, at: .exact(point), side: side, precision: w, reach: delta),
                  limit.value.isNarrow(relativeBits: p + 2), limit.slope.map({ $0.isNarrow(relativeBits: p + 2) }) ?? true else { return nil }
            limit.value = limit.value.fittedOutward()
            limit.slope = limit.slope?.fittedOutward()
            sides[side] = limit
        }
        return sides
    }

    /// Exact numbers inside [l, r] worth trying as the kink's location, simplest first: the
    /// shortest decimals (1 … 40 significant digits, from the midpoint), then the continued-
    /// fraction convergents of the midpoint with denominators up to 10⁶.
    package static func snapCandidates(_ l: BigFloat, _ r: BigFloat, midpoint: BigFloat) -> [ExactPoint] {
        var out: [ExactPoint] = [], seen = Set<String>()
        for digits in 1...40 {
            let text = midpoint.decimalString(significantDigits: digits)
            guard seen.insert(text).inserted, let c = try? DecimalConstant(text) else { continue }
            let point = ExactPoint(c)
            if (point.compare(to: l) ?? -1) >= 0 && (point.compare(to: r) ?? 1) <= 0 { out.append(point); break }
        }
        if let q = Rational(exactly: midpoint) {
            for convergent in continuedFractionConvergents(q, maximumDenominator: 1_000_000) where !convergent.isDyadic {
                let point = ExactPoint(convergent)
                if (point.compare(to: l) ?? -1) >= 0 && (point.compare(to: r) ?? 1) <= 0 && seen.insert(convergent.description).inserted {
                    out.append(point)
                    break
                }
            }
        }
        return out
    }

    /// The convergents of q's continued fraction whose denominators stay below the limit.
    package static func continuedFractionConvergents(_ q: Rational, maximumDenominator: Int) -> [Rational] {
        // a/b as integers in 64 bits would overflow for q's wide numerator: work in BigFloat-free
        // Rational arithmetic, one partial quotient at a time.
        var out: [Rational] = []
        var (h0, h1) = (Rational(0), Rational(1))   // numerators h_{n−2}, h_{n−1}
        var (k0, k1) = (Rational(1), Rational(0))   // denominators
        var x = q
        let limit = Rational(maximumDenominator)
        for _ in 0..<40 {
            guard let a = floor(x) else { break }
            guard let h = a * h1, let hn = h + h0, let k = a * k1, let kn = k + k0 else { break }
            if Rational.compare(kn, limit) > 0 { break }
            if let c = hn / kn { out.append(c) }
            (h0, h1, k0, k1) = (h1, hn, k1, kn)
            guard let frac = x - a, !frac.isZero, let next = Rational(1) / frac else { break }
            x = next
        }
        return out
    }

    /// ⌊q⌋ as a rational.
    package static func floor(_ q: Rational) -> Rational? {
        // Rounded down at enough bits to hold ⌊q⌋ exactly, then to an integer downward.
        let v = BigFloat(q, precision: Swift.max(q.bits + 8, 64), rounding: .down)
        var f = BigFloat.rint(v)
        if f > v { f = f - BigFloat(1, precision: 2) }
        return Rational(exactly: f)
    }

    /// Declared kinks (at `precision`) plus the brackets of those discovered near x (but the one
    /// holding x: that kink is the point itself): the set that caps one-sided extrapolation
    /// steps at x. The neighbourhood is ±2 around x, or ±|x|·2⁻¹⁶
    /// where that is wider (at 10³⁰⁰, ±2 is below any useful precision).
    package static func neighbourhoodKinks(of activation: any Activation, around x: BigFloat, precision: Int) -> [BigFloat] {
        var result = activation.kinks.map { $0.location.value(precision: precision) }
        guard x.isFinite else { return result }
        let scanPrecision = Swift.min(precision, 128)
        let radius = BigFloat.maximum(BigFloat(2, precision: 64), BigFloat.abs(x).timesPowerOfTwo(-16))
        let w = BigFloat.clampedPrecision(Swift.max(x.precision, (x.exponent ?? 0) - (radius.exponent ?? 0) + 64))
        let lo = BigFloat.withWidestExponentRange { BigFloat(x, precision: w) - radius }
        let hi = BigFloat.withWidestExponentRange { BigFloat(x, precision: w) + radius }
        for k in discover(activation, in: lo, hi, precision: scanPrecision)
        where !result.contains(where: { $0 >= k.bracket.0 && $0 <= k.bracket.1 }) && !(x >= k.bracket.0 && x <= k.bracket.1) {
            // A located kink is only known to lie in its bracket: keep both ends so that a step
            // from x stops short of the whole bracket.
            result.append(k.bracket.0)
            result.append(k.bracket.1)
        }
        return result
    }

    /// Where bisection splits [a, b]: at 0 when the bracket straddles it, at the geometric
    /// midpoint (a power of two) when it spans more than a few binades, at 2^(e/2) when one end is
    /// 0 and the other is 2^e with e beyond `precision`, else at the midpoint — so a bracket from
    /// −10^999999 to 10^999999, or from 0 to 10^9999999, narrows in a few thousand steps, not
    /// millions. The split point is rounded to `precision` bits (any point strictly inside will do);
    /// a power of two that is not strictly inside gives way to the midpoint.
    package static func splitPoint(_ a: BigFloat, _ b: BigFloat, precision: Int) -> BigFloat {
        if a.signum < 0 && b.signum > 0 { return .zero(precision: precision) }
        func inside(_ m: BigFloat) -> Bool { m > a && m < b }
        if let ea = a.exponent, let eb = b.exponent, a.signum == b.signum, Swift.abs(ea - eb) > 2 {
            // ⌊(ea + eb)/2⌋ (a shift floors; `/` would truncate a negative sum towards 0 and
            // land on an end that is a power of two: [−2⁻⁸, −2⁻¹¹] split at −2⁻⁸, no split).
            let m = BigFloat(a.signum, precision: precision).timesPowerOfTwo((ea + eb) >> 1)
            if inside(m) { return m }
        }
        if a.isZero != b.isZero {
            let far = a.isZero ? b : a
            if let e = far.exponent, e > precision {
                let m = BigFloat(far.signum, precision: precision).timesPowerOfTwo(e / 2)
                if inside(m) { return m }
            }
        }
        var m = BigFloat(nanWithPrecision: precision)
        m.setSum(a, b)
        return m.timesPowerOfTwo(-1)
    }
}
