import BigFloat
import KinkCheck
import KinkCheckSupport

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
/// 2. Level 0 (h = 1) evaluates every tabulated t = 0, 1, 2, … on each side. A term is
///    negligible when |w·f| ≤ 2^−p · ∑|w·f| so far. Each later level evaluates its new nodes on a
///    side only out to the first node of the previous grid beyond that side's outermost
///    significant term (assuming, as the double-exponential decay of the weights makes true
///    for any integrand that is not growing double-exponentially, that nothing significant lies
///    beyond). A node whose abscissa rounds onto the endpoint is never evaluated: the side stops
///    there.
/// 3. Levels 1, 2, … halve h, adding only the new (odd) nodes. With L ≈ ∫|f| the running ∑|w·f|,
///    δⱼ = log₂(|S_j − S_{j−1}| / L) approximates the log-error of S_{j−1}. Tanh-sinh's log-error
///    roughly doubles per level (for the bump it grows by ×1.75–1.9), so from level 4 on, when
///    the differences shrank twice in a row, the next gain is predicted as r·(δ_k − δ_{k−1}), r the
///    ratio of the last two gains, and 3/4 of it is trusted:
///    log₂(error of S_k / L) ≈ δ_k + ¾·r·(δ_k − δ_{k−1}) — only while the convergence is regular
///    (1 ≤ r ≤ 2); after an irregular gain the estimate is the last difference δ_k itself, and
///    otherwise the larger of the last two differences. (Bailey and Borwein's max(δ₁²/δ₂, 2δ₁) trusts the whole doubling
///    and under-estimated the bump's error at 100 digits by a digit; with ¾, the worst ratio of
///    true error to estimate over 14 test integrals at 15–300 digits was 2^−2.2.) Added to it:
///    the tails, bounded by half · |w·f| at each side's outermost node, and the rounding floor
///    2^−(p − ⌈log₂ N⌉ − 1) · L for N evaluations. It stops when the total is ≤ 2^−targetBits · L.
///
/// Cost: level k adds about (T₋ + T₊)·2^(k−1) evaluations, T± ≈ 1.5–6 the cut-off points in t
/// (smaller where f vanishes fast, as a bump does at its support ends). Measured (evaluations,
/// levels): e − 1 to 100 digits 655 (0…6); the unit bump to 100 digits 799 (0…8), to 300 digits
/// 3417 (0…10); −∫₀¹ x·φ′ to 100 digits 1411 (0…8). The node table for 100 digits is built in
/// about 10 ms, once per process.
///
/// Edge cases:
/// - `f` is never evaluated at a or b (nor at a breakpoint given to ``PiecewiseQuadrature``).
///   Integrable endpoint singularities are handled best when the endpoint is 0 (then the nodes
///   reach d ≈ 2^−2p); at an endpoint c ≠ 0 nodes closer than ulp(c) round onto c and are
///   skipped, which the estimate reports through the last evaluated term.
/// - While ∑|w·f| is 0 nothing is negligible, so an integrand that vanishes at every level-0
///   node is evaluated out to the end of the table (an identically zero piece costs ≈ 45
///   evaluations: levels 0–2 agree exactly and stop it).
/// - A kink or jump inside (a, b) slows convergence to a few digits per level; split there.
/// - An oscillating integrand can agree with itself at three coarse levels by accident; the
///   two-rule check (``TwoRuleQuadrature``) is the guard against such rare false convergence.
package struct TanhSinhQuadrature: QuadratureRule {
    package var name: String { "tanh-sinh" }
    /// Extra bits of working precision over the target (rounding of ~10⁴ terms and the node
    /// mapping cost far fewer).
    package var guardBits: Int
    /// An absolute error below which the rule stops even short of the relative target, and which
    /// it then reports as its bound (nil: none). A caller whose check is absolute below some
    /// scale (the distributional identities' tolerance is relative to max(1, …)) need not
    /// resolve a piece whose whole integral is astronomically small — a sliver of a bump's
    /// support beside its end, where φ ≈ e^(−10⁸) — to full relative precision.
    package var absoluteTolerance: BigFloat? = nil
    /// The deepest level tried (step 2^−maxLevel); a result that needed more is returned with
    /// `converged == false`. 12 covers bumps to about 1000 digits.
    package var maxLevel: Int
    /// Evaluate the left and right halves of each level on two threads. The two half-sums are
    /// added in a fixed order, so the result is bit-identical to the serial one. Ignored when
    /// MPFR is not built thread-safe (``BigFloat/isThreadSafe``). Worth it only for costly
    /// integrands on an idle machine: 20 bump pairings at 100 digits took 0.078 s instead of 0.10 s.
    package var parallelSides: Bool

    package init(guardBits: Int = 32, maxLevel: Int = 12, parallelSides: Bool = false) {
        precondition(guardBits >= 8, "at least 8 guard bits")
        precondition(maxLevel >= 2, "tanh-sinh needs at least three levels (0, 1, 2) to estimate its error")
        self.guardBits = guardBits
        self.maxLevel = maxLevel
        self.parallelSides = parallelSides
    }

    /// The precision nodes, sums and integrand arguments use for a given target.
    package func workingPrecision(forTargetBits targetBits: Int) -> Int { targetBits + guardBits }

    /// Node-table counters for one working precision: `built` counts levels computed, `hits`
    /// levels served from the cache.
    package static func cacheStatistics(workingPrecision p: Int) -> QuadratureCacheStatistics {
        TanhSinhNodeTable.shared(precision: p).statistics
    }

    package func integrate(_ f: QuadratureIntegrand, from a: BigFloat, to b: BigFloat, targetBits: Int) -> QuadratureResult {
        integrateInOrder(from: a, to: b, targetBits: targetBits, title: "tanh-sinh",
                         workingPrecision: workingPrecision(forTargetBits:)) { lo, hi, p in
            integrateOrdered(f, lo: lo, hi: hi, p: p, targetBits: targetBits)
        }
    }

    private func integrateOrdered(_ f: QuadratureIntegrand, lo: BigFloat, hi: BigFloat, p: Int, targetBits: Int) -> QuadratureResult {
        let table = TanhSinhNodeTable.shared(precision: p)
        var half = BigFloat(nanWithPrecision: p)
        half.setDifference(hi, lo)
        half = half.timesPowerOfTwo(-1)

        // Level 0: the centre, then every tabulated node on each side.
        let level0 = table.level(0)
        var centreTerm = BigFloat(nanWithPrecision: p)
        do {
            var x = BigFloat(nanWithPrecision: p)
            x.setSum(lo, half)
            centreTerm.setProduct(f(x), level0.weights[0])
        }
        var sides = [TanhSinhSide(.left, precision: p), TanhSinhSide(.right, precision: p)]
        evaluate(&sides, f, level: level0, first: 1, window: .infinity, lo: lo, hi: hi, half: half,
                 negligibleBelow: nil, keepTerms: true)
        var sum = BigFloat(nanWithPrecision: p), absSum = BigFloat(nanWithPrecision: p)
        sum.set(centreTerm)
        absSum.set(centreTerm); absSum.formMagnitude()
        for s in sides { sum.formSum(with: s.sum); absSum.formSum(with: s.absSum) }
        var evaluations = 1 + sides[0].evaluations + sides[1].evaluations
        for i in sides.indices { sides[i].findLastSignificant(negligibleBelow: negligibleExponent(absSum, p)) }

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
            // Beyond each side's outermost evaluated node the terms fall double-exponentially
            // (by e^{π/2·e^t} per unit of t), so ∫ of |w·f| there is below the outermost term:
            // half · ∑ |outermost w·f| bounds the truncated tails.
            var tail = BigFloat.zero(precision: QuadratureMath.boundPrecision)
            for s in sides { tail = QuadratureMath.sumUp(tail, QuadratureMath.magnitudeUp(s.edgeTerm ?? centreTerm)) }
            tail = QuadratureMath.productUp(tail, QuadratureMath.magnitudeUp(half))
            estimate = errorEstimate(history, absIntegral: absIntegral, tail: tail, precision: p, evaluations: evaluations)
            if level >= 2, let stop = QuadratureMath.stoppingBound(estimate: estimate, targetBits: targetBits,
                                                                  absoluteIntegral: absIntegral, absolute: absoluteTolerance) {
                estimate = stop.bound
                converged = true
                break
            }
            if level >= maxLevel { break }

            level += 1
            let nodes = table.level(level)
            let threshold = negligibleExponent(absSum, p)
            for i in sides.indices { sides[i].reset() }
            // New nodes up to the next node of the previous grid (spacing 2^−(level−1)) beyond the
            // outermost significant term: that node was negligible, and so is all beyond it.
            let spacing = 1 / Double(1 << (level - 1))
            evaluate(&sides, f, level: nodes, first: 0, window: spacing, lo: lo, hi: hi, half: half,
                     negligibleBelow: threshold, keepTerms: false)
            for s in sides { sum.formSum(with: s.sum); absSum.formSum(with: s.absSum) }
            evaluations += sides[0].evaluations + sides[1].evaluations
        }
        return QuadratureResult(value: integral, errorBound: estimate, absoluteIntegral: absIntegral, method: name,
                                levels: level + 1, evaluations: evaluations, converged: converged,
                                workingPrecision: p, targetBits: targetBits)
    }

    /// A term w·f is negligible when its exponent is at most this: |w·f| < 2^−p · ∑|w·f| so far
    /// (at level k its share h·half·|w·f| of the integral is below 2^−p of ∫|f|). Nil while
    /// ∑|w·f| is 0 — nothing is negligible then.
    private func negligibleExponent(_ absSum: BigFloat, _ p: Int) -> Int? {
        absSum.exponent.map { $0 - p - 1 }
    }

    /// Adds the nodes of `level` on both sides, from index `first` out to each side's window
    /// (`window` is added to its last significant t), serially or on two threads.
    private func evaluate(_ sides: inout [TanhSinhSide], _ f: QuadratureIntegrand, level: TanhSinhLevel,
                          first: Int, window: Double, lo: BigFloat, hi: BigFloat, half: BigFloat,
                          negligibleBelow: Int?, keepTerms: Bool) {
        let last = sides.map { level.lastIndex(notBeyond: $0.lastSignificant + window) }
        let parallel = parallelSides && last[0] + last[1] - 2 * first >= 8
        sides.parallelUpdate(threads: parallel ? 2 : 1) { s, side in
            side.add(f, level: level, first: first, last: last[s], lo: lo, hi: hi, half: half,
                     negligibleBelow: negligibleBelow, keepTerms: keepTerms)
        }
    }

    /// The share of the predicted gain of the next level that the estimate trusts (see the type's
    /// documentation). Measured: the bump's log-error grows by ×1.75–1.9 per level, not ×2, and
    /// the predicted gain scatters by about 10% around the true one.
    package static let trustedGain = 0.75

    /// The error estimate of the last sum in `s` (see the type's documentation), with the tails
    /// and the rounding floor added.
    private func errorEstimate(_ s: [BigFloat], absIntegral: BigFloat, tail: BigFloat, precision p: Int,
                               evaluations: Int) -> BigFloat {
        let floor = QuadratureMath.roundingFloor(precision: p, terms: evaluations, absoluteIntegral: absIntegral)
        let k = s.count - 1
        guard k >= 1 else { return .infinity(precision: QuadratureMath.boundPrecision) }
        let scale = absIntegral.log2Magnitude
        if s[k] == s[k - 1] || !scale.isFinite {
            // The last two levels agree exactly (always so for an integrand that vanishes at every
            // node: then L = 0 too).
            return QuadratureMath.sumUp(tail, floor)
        }
        // δ[j] ≈ log₂(error of S_{j−1} / L), the newest first.
        let deltas = (0..<Swift.min(3, k)).map { i in
            (s[k - i] - s[k - i - 1]).log2Magnitude - scale
        }
        let e: Double
        // Extrapolate only from level 4 on (levels 0–2 are rarely in the asymptotic regime yet)
        // and only when the differences are small and have shrunk twice in a row.
        let asymptotic = k >= 4 && deltas[0] < -4 && deltas[1].isFinite && deltas[2].isFinite
            && deltas[0] < deltas[1] && deltas[1] < deltas[2]
        let ratio = asymptotic ? (deltas[0] - deltas[1]) / (deltas[1] - deltas[2]) : 0
        if asymptotic && ratio >= 1 && ratio <= 2 {
            let drop = deltas[0] - deltas[1]             // < 0: the last gain
            e = deltas[0] + Self.trustedGain * ratio * drop
        } else if asymptotic {
            // An irregular gain (more than doubled, or shrank): no prediction. (ELU's second
            // identity at 30 digits gained 35 bits, then 23: extrapolating the 35 claimed 2^−105
            // for a sum 2^−75 off.) The last difference bounds the previous sum's error and so,
            // conservatively, this one's.
            e = deltas[0]
        } else {
            e = deltas.prefix(2).max()!                  // the last differences themselves
        }
        let truncation = QuadratureMath.powerOfTwo(atLeast: e + scale)
        return QuadratureMath.sumUp(QuadratureMath.sumUp(truncation, tail), floor)
    }
}

/// Running sums for one side of a tanh-sinh level (internal). ``add(_:level:first:last:lo:hi:half:negligibleBelow:keepTerms:)``
/// runs its loop on ``UniqueBigFloat``s that it owns (no uniqueness check per operation); the
/// sides themselves stay copyable, to live in an array the two threads write disjointly.
package struct TanhSinhSide {
    package enum Which { case left, right }
    package let which: Which
    package var sum: BigFloat
    package var absSum: BigFloat
    package var evaluations = 0
    /// The largest t whose term was not negligible (+∞ while nothing can be called negligible).
    package var lastSignificant: Double = 0
    /// |w·f| at the outermost node evaluated so far, and its t.
    package var edgeTerm: BigFloat?
    package var edgeT: Double = -1
    /// Level 0 only: the terms |w·f| for nodes 1, 2, … (index 0 is the centre, kept elsewhere).
    package var terms: [BigFloat] = []

    package init(_ which: Which, precision p: Int) {
        self.which = which
        sum = .zero(precision: p)
        absSum = .zero(precision: p)
    }

    package mutating func reset() {
        sum.set(0)
        absSum.set(0)
        evaluations = 0
    }

    /// Adds w·f(x) for nodes `first…last` of `level`, outward; stops at the first node whose
    /// abscissa rounds onto the endpoint (it and everything beyond are never evaluated).
    package mutating func add(_ f: QuadratureIntegrand, level: TanhSinhLevel, first: Int, last: Int,
                      lo: BigFloat, hi: BigFloat, half: BigFloat, negligibleBelow: Int?, keepTerms: Bool) {
        guard first <= last else { return }
        let p = self.sum.precision
        var x = UniqueBigFloat(nanWithPrecision: p), term = UniqueBigFloat(nanWithPrecision: p)
        var sum = UniqueBigFloat(nanWithPrecision: p), absSum = UniqueBigFloat(nanWithPrecision: p)
        sum.set(self.sum)
        absSum.set(self.absSum)
        var lastEvaluated = -1
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
            let fx = x.withValue { f($0) }
            term.setProduct(fx, level.weights[j])
            sum.formSum(with: term)
            term.formMagnitude()
            absSum.formSum(with: term)
            evaluations += 1
            lastEvaluated = j
            if keepTerms { terms.append(term.value) }
            if let limit = negligibleBelow, !(term.isZero || (term.exponent.map { $0 <= limit } ?? false)) {
                lastSignificant = Swift.max(lastSignificant, level.t(j))
            }
        }
        if lastEvaluated >= 0, level.t(lastEvaluated) > edgeT {
            edgeT = level.t(lastEvaluated)
            edgeTerm = term.value
        }
        self.sum = BigFloat(sum)
        self.absSum = BigFloat(absSum)
    }

    /// After level 0: the outermost significant term among the kept ones (+∞ when ∑|w·f| = 0).
    package mutating func findLastSignificant(negligibleBelow limit: Int?) {
        guard let limit else { lastSignificant = .infinity; return }
        lastSignificant = 0
        // terms[i] belongs to t = i + 1.
        for (i, term) in terms.enumerated() where !(term.isZero || (term.exponent.map { $0 <= limit } ?? false)) {
            lastSignificant = Double(i + 1)
        }
        terms = []
    }
}
