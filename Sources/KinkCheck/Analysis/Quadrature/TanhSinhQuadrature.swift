import BigFloat
import Dispatch

/// Tanh-sinh (double exponential) quadrature over a finite interval, in MPFR.
///
/// With x = tanh(π/2 · sinh t), ∫_{−1}^{1} f(x) dx = ∫_{−∞}^{∞} f(x(t)) x′(t) dt, and the
/// trapezoidal rule with step h = 2^−k converges roughly quadratically in the number of levels
/// (each halving about doubles the correct digits) for integrands analytic inside the interval,
/// even with algebraic or logarithmic singularities at the endpoints, because x′(t) decays
/// double-exponentially. [a, b] is mapped affinely onto [−1, 1].
///
/// Algorithm (raise the precision, compute, round once — the value is returned at working
/// precision with its error estimate):
/// 1. Working precision p = targetBits + ``guardBits``. Nodes and weights come from a table per p
///    (computed once, shared across calls and threads); abscissas are stored as distances to the
///    nearest endpoint, so x = a + d·(b−a)/2 or x = b − d·(b−a)/2 never cancels.
/// 2. Level 0 (h = 1) evaluates every tabulated t = 0, 1, 2, …; on each side the sum is truncated
///    at the first of two consecutive terms with |w·f| ≤ 2^−p · ∑|w·f| (the same window serves
///    all later levels). A node whose abscissa rounds onto the endpoint is never evaluated: the
///    side stops there.
/// 3. Levels 1, 2, … halve h, adding only the new (odd) nodes. With L ≈ ∫|f| the running ∑|w·f|,
///    δⱼ = log₂(|S_j − S_{j−1}| / L) approximates the log-error of S_{j−1}. Tanh-sinh's log-error
///    roughly doubles per level (for the bump it grows by ×1.75–1.9), so from level 4 on, when
///    the differences shrank twice in a row, the next gain is predicted as r·(δ_k − δ_{k−1}), r the
///    ratio of the last two gains clamped to [1, 2], and 3/4 of it is trusted:
///    log₂(error of S_k / L) ≈ δ_k + ¾·r·(δ_k − δ_{k−1}). Otherwise the estimate is the larger of
///    the last two differences. (Bailey and Borwein's max(δ₁²/δ₂, 2δ₁) trusts the whole doubling
///    and under-estimated the bump's error at 100 digits by a digit; with ¾, the worst ratio of
///    true error to estimate over 14 test integrals at 15–200 digits was 2^−2.2.) Added to it:
///    the tails, bounded by half · |w·f| at each side's outermost node, and the rounding floor
///    2^−(p − ⌈log₂ N⌉ − 1) · L for N evaluations. It stops when the total is ≤ 2^−targetBits · L.
///
/// Cost: level k adds about (T₋ + T₊)·2^(k−1) evaluations, T± ≈ 2–7 the truncation points in t
/// (smaller where f vanishes fast, as a bump does at its support ends). Measured: e − 1 to 100
/// digits takes levels 0…6 (695 evaluations), the unit bump levels 0…8 (1031), and 300 digits
/// of the bump levels 0…10 (4105).
///
/// Edge cases:
/// - `f` is never evaluated at a or b (nor at a breakpoint given to ``PiecewiseQuadrature``).
///   Integrable endpoint singularities are handled best when the endpoint is 0 (then the nodes
///   reach d ≈ 2^−2p); at an endpoint c ≠ 0 nodes closer than ulp(c) round onto c and are
///   skipped, which the estimate reports through the last evaluated term.
/// - An integrand that vanishes at every level-0 node is not truncated (the window is the table).
/// - A kink or jump inside (a, b) slows convergence to a few digits per level; split there.
/// - An oscillating integrand can agree with itself at three coarse levels by accident; the
///   two-rule check (``TwoRuleQuadrature``) is the guard against such rare false convergence.
public struct TanhSinhQuadrature: QuadratureRule {
    public var name: String { "tanh-sinh" }
    /// Extra bits of working precision over the target (rounding of ~10⁴ terms and the node
    /// mapping cost far fewer).
    public var guardBits: Int
    /// The deepest level tried (step 2^−maxLevel); a result that needed more is returned with
    /// `converged == false`. 12 covers bumps to about 1000 digits.
    public var maxLevel: Int
    /// Evaluate the left and right halves of each level on two threads. The two half-sums are
    /// added in a fixed order, so the result is bit-identical to the serial one.
    public var parallelSides: Bool

    public init(guardBits: Int = 32, maxLevel: Int = 12, parallelSides: Bool = false) {
        precondition(guardBits >= 8, "at least 8 guard bits")
        precondition(maxLevel >= 2, "tanh-sinh needs at least three levels (0, 1, 2) to estimate its error")
        self.guardBits = guardBits
        self.maxLevel = maxLevel
        self.parallelSides = parallelSides
    }

    /// The precision nodes, sums and integrand arguments use for a given target.
    public func workingPrecision(forTargetBits targetBits: Int) -> Int { targetBits + guardBits }

    /// Node-table counters for one working precision: `built` counts levels computed, `hits`
    /// levels served from the cache.
    public static func cacheStatistics(workingPrecision p: Int) -> QuadratureCacheStatistics {
        TanhSinhNodeTable.shared(precision: p).statistics
    }

    public func integrate(_ f: QuadratureIntegrand, from a: BigFloat, to b: BigFloat, targetBits: Int) -> QuadratureResult {
        precondition(targetBits >= 2, "target of at least 2 bits")
        precondition(a.isFinite && b.isFinite, "tanh-sinh needs finite endpoints, got \(a) and \(b)")
        let p = workingPrecision(forTargetBits: targetBits)
        let lo = BigFloat(a, precision: p), hi = BigFloat(b, precision: p)
        if lo == hi { return .empty(method: name, workingPrecision: p, targetBits: targetBits) }
        if lo > hi { return integrateOrdered(f, lo: hi, hi: lo, p: p, targetBits: targetBits).negated() }
        return integrateOrdered(f, lo: lo, hi: hi, p: p, targetBits: targetBits)
    }

    private func integrateOrdered(_ f: QuadratureIntegrand, lo: BigFloat, hi: BigFloat, p: Int, targetBits: Int) -> QuadratureResult {
        let table = TanhSinhNodeTable.shared(precision: p)
        var half = BigFloat(nanWithPrecision: p)
        half.setDifference(hi, lo)
        half = half.timesPowerOfTwo(-1)

        // Level 0: the centre, then every tabulated node on each side, keeping the terms.
        let level0 = table.level(0)
        var centreTerm = BigFloat(nanWithPrecision: p)
        do {
            var x = BigFloat(nanWithPrecision: p)
            x.setSum(lo, half)
            centreTerm.setProduct(f(x), level0.weights[0])
        }
        var sides = [TanhSinhSide(.left, precision: p), TanhSinhSide(.right, precision: p)]
        evaluate(&sides, f, level: level0, first: 1, last: [level0.count - 1, level0.count - 1],
                 lo: lo, hi: hi, half: half, keepTerms: true)
        var sum = BigFloat(nanWithPrecision: p), absSum = BigFloat(nanWithPrecision: p)
        sum.set(centreTerm)
        absSum.set(centreTerm); absSum.formMagnitude()
        for s in sides { sum.formSum(with: s.sum); absSum.formSum(with: s.absSum) }
        var evaluations = 1 + sides[0].evaluations + sides[1].evaluations

        // The truncation window on each side (in whole t).
        let window = sides.map { $0.truncation(absSum: absSum, precision: p) }

        var history: [BigFloat] = []
        var estimate = BigFloat.infinity(precision: QuadratureMath.boundPrecision)
        var integral = BigFloat(nanWithPrecision: p), absIntegral = BigFloat(nanWithPrecision: p)
        var converged = false
        var level = 0
        while true {
            // S_k = h · half · ∑ w f with h = 2^−level.
            integral.setProduct(sum, half)
            integral = integral.timesPowerOfTwo(-level)
            absIntegral.setProduct(absSum, half)
            absIntegral.formMagnitude()
            absIntegral = absIntegral.timesPowerOfTwo(-level)
            history.append(integral)
            if !integral.isFinite || !absIntegral.isFinite {
                estimate = .infinity(precision: QuadratureMath.boundPrecision)
                break
            }
            // What lies beyond the outermost node of each side: at most about its term (the
            // weights decay double-exponentially), so half · ∑ |outermost w·f| bounds it.
            var tail = BigFloat.zero(precision: QuadratureMath.boundPrecision)
            for s in sides { tail = QuadratureMath.sumUp(tail, QuadratureMath.magnitudeUp(s.outermost ?? centreTerm)) }
            tail = QuadratureMath.productUp(tail, QuadratureMath.magnitudeUp(half))
            estimate = errorEstimate(history, absIntegral: absIntegral, tail: tail, precision: p, evaluations: evaluations)
            let tolerance = QuadratureMath.productUp(
                BigFloat(1, precision: QuadratureMath.boundPrecision).timesPowerOfTwo(-targetBits),
                QuadratureMath.magnitudeUp(absIntegral))
            if level >= 2 && estimate <= tolerance { converged = true; break }
            if level >= maxLevel { break }

            level += 1
            let nodes = table.level(level)
            for s in sides.indices { sides[s].reset() }
            let last = window.map { nodes.lastIndex(notBeyond: $0) }
            evaluate(&sides, f, level: nodes, first: 0, last: last, lo: lo, hi: hi, half: half, keepTerms: false)
            for s in sides { sum.formSum(with: s.sum); absSum.formSum(with: s.absSum) }
            evaluations += sides[0].evaluations + sides[1].evaluations
        }
        return QuadratureResult(value: integral, errorBound: estimate, absoluteIntegral: absIntegral, method: name,
                                levels: level + 1, evaluations: evaluations, converged: converged,
                                workingPrecision: p, targetBits: targetBits)
    }

    /// Adds nodes `first…last[side]` of `level` on both sides, serially or on two threads.
    private func evaluate(_ sides: inout [TanhSinhSide], _ f: QuadratureIntegrand, level: TanhSinhLevel,
                          first: Int, last: [Int], lo: BigFloat, hi: BigFloat, half: BigFloat, keepTerms: Bool) {
        if parallelSides && last[0] + last[1] - 2 * first >= 8 {
            sides.withUnsafeMutableBufferPointer { buffer in
                let base = QuadratureDisjointSlots(buffer.baseAddress!)
                DispatchQueue.concurrentPerform(iterations: 2) { s in
                    base.pointer[s].add(f, level: level, first: first, last: last[s], lo: lo, hi: hi, half: half, keepTerms: keepTerms)
                }
            }
        } else {
            for s in 0..<2 {
                sides[s].add(f, level: level, first: first, last: last[s], lo: lo, hi: hi, half: half, keepTerms: keepTerms)
            }
        }
    }

    /// The share of the predicted gain of the next level that the estimate trusts (see the type's
    /// documentation). Measured: the bump's log-error grows by ×1.75–1.9 per level, not ×2, and
    /// the predicted gain scatters by about 10% around the true one.
    static let trustedGain = 0.75

    /// The error estimate of the last sum in `s` (see the type's documentation), with the tails
    /// and the rounding floor added.
    private func errorEstimate(_ s: [BigFloat], absIntegral: BigFloat, tail: BigFloat, precision p: Int,
                               evaluations: Int) -> BigFloat {
        let floor = QuadratureMath.roundingFloor(precision: p, terms: evaluations, absoluteIntegral: absIntegral)
        let k = s.count - 1
        guard k >= 1 else { return .infinity(precision: QuadratureMath.boundPrecision) }
        let scale = QuadratureMath.log2Magnitude(absIntegral)
        if s[k] == s[k - 1] || !scale.isFinite {
            // The last two levels agree exactly (always so for an integrand that vanishes at every
            // node: then L = 0 too).
            return QuadratureMath.sumUp(tail, floor)
        }
        // δ[j] ≈ log₂(error of S_{j−1} / L), the newest first.
        let deltas = (0..<Swift.min(3, k)).map { i in
            QuadratureMath.log2Magnitude(s[k - i] - s[k - i - 1]) - scale
        }
        let e: Double
        // Extrapolate only from level 4 on (levels 0–2 are rarely in the asymptotic regime yet)
        // and only when the differences are small and have shrunk twice in a row.
        let asymptotic = k >= 4 && deltas[0] < -4 && deltas[1].isFinite && deltas[2].isFinite
            && deltas[0] < deltas[1] && deltas[1] < deltas[2]
        if asymptotic {
            let drop = deltas[0] - deltas[1]             // < 0: the last gain
            let ratio = Swift.min(2, Swift.max(1, drop / (deltas[1] - deltas[2])))
            e = deltas[0] + Self.trustedGain * ratio * drop
        } else {
            e = deltas.prefix(2).max()!                  // the last differences themselves
        }
        let truncation = QuadratureMath.powerOfTwo(atLeast: e + scale)
        return QuadratureMath.sumUp(QuadratureMath.sumUp(truncation, tail), floor)
    }
}

/// Running sums and preallocated temporaries for one side of a tanh-sinh level (internal).
struct TanhSinhSide {
    enum Which { case left, right }
    let which: Which
    var sum: BigFloat
    var absSum: BigFloat
    var evaluations = 0
    /// |w·f| at the outermost node evaluated in the current level (nil: none evaluated).
    var outermost: BigFloat?
    /// Level 0 only: the terms w·f for nodes 1, 2, … (index 0 is the centre, kept elsewhere).
    var terms: [BigFloat] = []
    private var x: BigFloat
    private var term: BigFloat

    init(_ which: Which, precision p: Int) {
        self.which = which
        sum = .zero(precision: p)
        absSum = .zero(precision: p)
        x = BigFloat(nanWithPrecision: p)
        term = BigFloat(nanWithPrecision: p)
    }

    mutating func reset() {
        sum.set(0)
        absSum.set(0)
        evaluations = 0
        outermost = nil
    }

    /// Adds w·f(x) for nodes `first…last` of `level`, outward; stops at the first node whose
    /// abscissa rounds onto the endpoint (it and everything beyond are never evaluated).
    mutating func add(_ f: QuadratureIntegrand, level: TanhSinhLevel, first: Int, last: Int,
                      lo: BigFloat, hi: BigFloat, half: BigFloat, keepTerms: Bool) {
        guard first <= last else { return }
        for j in first...last {
            x.setProduct(level.distances[j], half)
            if which == .left {
                x.formSum(with: lo)                      // a + d·half
                if !(x > lo) { break }
            } else {
                x.negate()
                x.formSum(with: hi)                      // b − d·half
                if !(x < hi) { break }
            }
            term.setProduct(f(x), level.weights[j])
            sum.formSum(with: term)
            if keepTerms { terms.append(term) }
            term.formMagnitude()
            absSum.formSum(with: term)
            evaluations += 1
        }
        if evaluations > 0 { outermost = term }
    }

    /// From the level-0 terms: the window — the largest t (an integer) to use on this side at
    /// every level. It is the first of two consecutive negligible terms; failing that, one past
    /// the last evaluated node, so that finer levels go on until their nodes round onto the
    /// endpoint or the table ends (`add` stops there).
    func truncation(absSum: BigFloat, precision p: Int) -> Int {
        // terms[i] belongs to t = i + 1.
        guard let scale = absSum.exponent else { return terms.count + 1 }
        func negligible(_ i: Int) -> Bool {
            guard let e = terms[i].exponent else { return terms[i].isZero }
            return e <= scale - p - 1
        }
        for i in terms.indices where negligible(i) && i + 1 < terms.count && negligible(i + 1) {
            return i + 1
        }
        return terms.count + 1
    }
}
