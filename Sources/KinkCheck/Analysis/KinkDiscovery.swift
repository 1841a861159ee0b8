import BigFloat

/// A point where f or f′ is discontinuous, located by ``KinkDiscovery``.
package struct DiscoveredKink: Sendable {
    /// The location: a declared kink's exact value when one lies in the final bracket, else the
    /// bracket's midpoint.
    package var x: BigFloat
    /// The final bracket [a, b] (width ≤ 2^−(p−8)·max(|x|, 1)).
    package var bracket: (BigFloat, BigFloat)
    /// True when a declared kink confirmed the location.
    package var matchesDeclared: Bool
    /// True when an undeclared kink was snapped to a short number at which the branch switch was
    /// verified (``KinkDiscovery/snap(_:bracket:precision:)``).
    package var snapped: Bool = false
    /// f′ jumps (a kink) and/or f jumps (a discontinuity) across the bracket.
    package var slopeJumps: Bool
    package var valueJumps: Bool
}

/// Finds every point of an interval where f or f′ is discontinuous: a scan, then bisection in
/// MPFR. Declared kinks are hints (added to the scan grid), never required.
///
/// The test is persistence under refinement. Across a cell of width w, a smooth function's
/// derivative changes by about |f″|·w and its value by about |f′|·w; both halve with w. Across a
/// kink the derivative change tends to the slope jump, and across a discontinuity the value
/// change tends to the jump: they do not shrink. Each cell is halved repeatedly, following the
/// half with the larger change; a change that survives ``probeDepth`` halvings far above the
/// smooth prediction (and above the evaluation noise) marks a kink, which bisection then
/// locates to ≤ 2^−(p−8) relative.
///
/// Cells where interval arithmetic proves f smooth are not probed at all (``provedSmooth``): the
/// grid is settled by halving from the whole interval, so a span the definition never branches
/// in costs one interval evaluation. What is found is what the probes alone would find, less
/// any false alarm in a cell proven smooth.
package enum KinkDiscovery {
    /// Scan cells over the interval.
    package static let gridCells = 512
    /// Halvings a cell's change must survive to count as a kink.
    package static let probeDepth = 10

    struct Sample {
        var x: BigFloat
        var value: BigFloat
        var slope: BigFloat
    }

    /// All kinks of `activation` strictly inside (a, b), located at `precision` bits (at least
    /// 64: below that the noise floors would swallow a unit slope jump).
    /// `proving: false` probes every cell (the tests compare the two).
    package static func discover(_ activation: any Activation, in a: BigFloat, _ b: BigFloat, precision requested: Int,
                                 proving: Bool = true) -> [DiscoveredKink] {
        let precision = Swift.min(Swift.max(requested, 64), BigFloat.maximumPrecision - 64)
        let w = precision + 32
        let declared = activation.kinks.map { $0.location.value(precision: w) }
        func sample(_ x: BigFloat) -> Sample {
            let d = activation(Dual(BigFloat(x, precision: w), derivative: 1))
            return Sample(x: x, value: d.value, slope: d.derivative)
        }
        // Grid: uniform cells plus declared kinks inside (x), kept sorted and unique.
        var xs: [BigFloat] = []
        let A = BigFloat(a, precision: w), B = BigFloat(b, precision: w)
        let width = B - A
        for i in 0...gridCells { xs.append(A + width * BigFloat(i, precision: w) / BigFloat(gridCells, precision: w)) }
        for k in declared where k > A && k < B { xs.append(k) }
        xs.sort { $0 < $1 }
        var unique: [BigFloat] = []
        for x in xs where unique.last.map({ !($0 == x) }) ?? true { unique.append(x) }
        // The cells the interval proof cannot settle, left to right: a run of cells proven smooth
        // together is skipped whole (one evaluation for a branch-free span), the rest halved down
        // to single cells. Only an unsettled cell's ends are sampled and probed.
        var unsettled: [Int] = []
        func settle(_ i: Int, _ j: Int) {   // the cells i ..< j
            if proving && provedSmooth(activation, unique[i], unique[j]) { return }
            if j - i == 1 { unsettled.append(i); return }
            settle(i, (i + j) / 2)
            settle((i + j) / 2, j)
        }
        settle(0, unique.count - 1)
        var samples: [Int: Sample] = [:]
        func sampleAt(_ i: Int) -> Sample {
            if let s = samples[i] { return s }
            let s = sample(unique[i])
            samples[i] = s
            return s
        }
        var found: [DiscoveredKink] = []
        for i in unsettled {
            if var k = probe(sampleAt(i), sampleAt(i + 1), sample: sample, precision: precision, declared: declared),
               k.x > A, k.x < B {   // interior points only: at an end, one side is missing
                if !k.matchesDeclared, let s = snap(activation, bracket: k.bracket, precision: precision) {
                    k.x = s
                    k.snapped = true
                }
                if let last = found.last, BigFloat.abs(last.x - k.x) <= BigFloat.abs(k.bracket.1 - k.bracket.0) * 4 { continue }
                found.append(k)
            }
        }
        return found
    }

    /// Precision of the interval evaluation in ``provedSmooth(_:_:_:)``: it only has to decide
    /// the branches and bound f and f′, not to be tight.
    static let proofPrecision = 64

    /// True when f is one analytic expression on the whole closed interval [l, r], proven by interval
    /// arithmetic: `Dual<MPFRInterval>` over (an outward 64-bit rounding of) the cell decides
    /// every branch of the definition the same way for all its points, and encloses f and f′ in
    /// finite intervals (so no log, division or square root met its singularity there). Then f is
    /// smooth on the cell, its end samples come from the same branch, and the probe could only
    /// raise a false alarm: the cell is skipped. A cell the proof cannot settle (an ambiguous
    /// branch, an infinite or NaN bound) is probed as before.
    static func provedSmooth(_ activation: any Activation, _ l: BigFloat, _ r: BigFloat) -> Bool {
        let cell = MPFRInterval(lower: l.rounded(toPrecision: proofPrecision, rounding: .down),
                                upper: r.rounded(toPrecision: proofPrecision, rounding: .up))
        let (d, ambiguous) = IntervalAmbiguity.withTracking { activation(Dual(cell, derivative: 1)) }
        return ambiguous == 0 && d.value.isFiniteInterval && d.derivative.isFiniteInterval
    }

    /// Declared kinks (at `precision`) plus those discovered on [x − 2, x + 2]: the set that caps
    /// one-sided steps at x.
    package static func neighbourhoodKinks(of activation: any Activation, around x: BigFloat, precision: Int) -> [BigFloat] {
        var result = activation.kinks.map { $0.location.value(precision: precision) }
        let scanPrecision = Swift.min(precision, 128)
        let found = discover(activation, in: x - 2, x + 2, precision: scanPrecision)
        for k in found where !result.contains(where: { BigFloat.abs($0 - k.x) <= BigFloat.abs(k.bracket.1 - k.bracket.0) * 2 }) {
            // A discovered kink is only known to lie in its bracket: keep both ends so that a
            // step from x stops short of the whole bracket.
            result.append(k.bracket.0)
            result.append(k.bracket.1)
        }
        return result
    }

    /// The shortest decimal s in the bracket (1 … 40 significant digits) at which the definition's
    /// branch decisions switch: the decisions recorded just left of s (within 2^−(p+128) relative)
    /// equal those at the bracket's left end, those just right of s equal those at its right end,
    /// and the two differ. Nil when no such number exists (a kink that is not a branch switch, or
    /// one at a long number): the caller keeps the bracket's midpoint.
    package static func snap(_ activation: any Activation, bracket: (BigFloat, BigFloat), precision: Int) -> BigFloat? {
        let w = BigFloat.clampedPrecision(precision + 64)
        let (l, r) = (BigFloat(bracket.0, precision: w), BigFloat(bracket.1, precision: w))
        guard let atLeft = CertifiedLimit.branchDecisions(activation, at: l),
              let atRight = CertifiedLimit.branchDecisions(activation, at: r), atLeft != atRight else { return nil }
        var mid = l + r
        mid = mid.timesPowerOfTwo(-1)
        var tried = Set<String>()
        for digits in 1...40 {
            let text = mid.decimalString(significantDigits: digits)
            guard tried.insert(text).inserted, let s = BigFloat(text, precision: w), s >= l, s <= r else { continue }
            guard let below = CertifiedLimit.anchor(beside: s, side: .left, precision: BigFloat.clampedPrecision(w + 64), otherKinks: []),
                  let above = CertifiedLimit.anchor(beside: s, side: .right, precision: BigFloat.clampedPrecision(w + 64), otherKinks: []),
                  CertifiedLimit.branchDecisions(activation, at: below) == atLeft,
                  CertifiedLimit.branchDecisions(activation, at: above) == atRight else { continue }
            return s
        }
        return nil
    }

    /// Across [l, r]: the change of f′, and the trapezoid defect |Δf − ½(f′ₗ + f′ᵣ)·w| (which
    /// shrinks like w² for smooth f and w for a kink, but tends to |J| across a jump J).
    static func changes(_ l: Sample, _ r: Sample) -> (slope: BigFloat, value: BigFloat) {
        var mean = l.slope + r.slope
        mean = mean.timesPowerOfTwo(-1)
        return (BigFloat.abs(r.slope - l.slope), BigFloat.abs((r.value - l.value) - mean * (r.x - l.x)))
    }

    /// Noise floor for changes of magnitude like `m` at working precision.
    static func noise(_ m: BigFloat, precision: Int) -> BigFloat {
        BigFloat.maximum(BigFloat.abs(m), BigFloat(1, precision: 64)).timesPowerOfTwo(-(precision - 8))
    }

    static func midpoint(_ a: BigFloat, _ b: BigFloat) -> BigFloat {
        var m = a + b
        m = m.timesPowerOfTwo(-1)
        return m
    }

    /// Where bisection splits [a, b]: at 0 when the bracket straddles it, at the geometric
    /// midpoint (a power of two) when it spans more than a few binades, at 2^(e/2) when one end
    /// is 0 and the other is beyond 2^`precision` (2^e and more), else at the midpoint — so a
    /// bracket from −10^999999 to 10^999999, or from 0 to 10^9999999, narrows in a few thousand
    /// steps, not millions. (Below 2^`precision` a bracket from 0 is halved as before: those
    /// steps are few.)
    static func splitPoint(_ a: BigFloat, _ b: BigFloat, precision: Int) -> BigFloat {
        if a.signum < 0 && b.signum > 0 { return .zero(precision: a.precision) }
        if let ea = a.exponent, let eb = b.exponent, a.signum == b.signum, Swift.abs(ea - eb) > 2 {
            return BigFloat(a.signum, precision: 2).timesPowerOfTwo((ea + eb) / 2)
        }
        if a.isZero != b.isZero {
            let far = a.isZero ? b : a
            if let e = far.exponent, e > precision { return BigFloat(far.signum, precision: 2).timesPowerOfTwo(e / 2) }
        }
        return midpoint(a, b)
    }

    static func probe(_ left: Sample, _ right: Sample, sample: (BigFloat) -> Sample, precision: Int,
                      declared: [BigFloat]) -> DiscoveredKink? {
        var l = left, r = right
        // The reference change: the largest over the cell and its two halves. (A cell straddling a
        // cusp of f′ almost symmetrically shows almost no change by cancellation; measured against
        // that, any sub-cell would look persistent.)
        var slope0: BigFloat, value0: BigFloat
        do {
            let s = sample(midpoint(l.x, r.x))
            let (sw, vw) = changes(l, r), (sl, vl) = changes(l, s), (sr, vr) = changes(s, r)
            slope0 = BigFloat.maximum(sw, BigFloat.maximum(sl, sr))
            value0 = BigFloat.maximum(vw, BigFloat.maximum(vl, vr))
        }
        let scale = BigFloat.maximum(BigFloat.maximum(BigFloat.abs(l.slope), BigFloat.abs(r.slope)), BigFloat(1, precision: 64))
        let floorSlope = noise(scale, precision: precision)
        let floorValue = noise(BigFloat.maximum(BigFloat.maximum(BigFloat.abs(l.value), BigFloat.abs(r.value)), scale), precision: precision)
        if slope0 <= floorSlope && value0 <= floorValue { return nil }
        var slope = slope0, value = value0
        // Halve, following the half whose change is the larger fraction of the cell's.
        func score(_ s: BigFloat, _ v: BigFloat) -> BigFloat {
            let a = slope0 > floorSlope ? s / slope0 : BigFloat.zero(precision: 64)
            let b = value0 > floorValue ? v / value0 : BigFloat.zero(precision: 64)
            return BigFloat.maximum(a, b)
        }
        func step(bisecting: Bool = false) {
            let s = sample(bisecting ? splitPoint(l.x, r.x, precision: precision) : midpoint(l.x, r.x))
            let (sl, vl) = changes(l, s), (sr, vr) = changes(s, r)
            if score(sl, vl) >= score(sr, vr) { r = s; slope = sl; value = vl } else { l = s; slope = sr; value = vr }
        }
        for _ in 0..<probeDepth { step() }
        let shrink = BigFloat(1, precision: 64).timesPowerOfTwo(-(probeDepth - 3))   // smooth change ≤ 2^−(depth−3) of the start
        let slopeJumps = slope > slope0 * shrink && slope > floorSlope * 16
        let valueJumps = value > value0 * shrink && value > floorValue * 16
        guard slopeJumps || valueJumps else { return nil }
        // Bisect to ≤ 2^−(p−8)·max(|x|, 1).
        while true {
            let magnitude = BigFloat.maximum(BigFloat.maximum(BigFloat.abs(l.x), BigFloat.abs(r.x)), BigFloat(1, precision: 64))
            if BigFloat.abs(r.x - l.x) <= magnitude.timesPowerOfTwo(-(precision - 8)) { break }
            let before = (l.x, r.x)
            step(bisecting: true)
            if l.x == before.0 && r.x == before.1 { break }
        }
        var x = l.x + r.x
        x = x.timesPowerOfTwo(-1)
        var matches = false
        for d in declared where d >= l.x && d <= r.x { x = d; matches = true; break }
        return DiscoveredKink(x: x.rounded(toPrecision: precision), bracket: (l.x, r.x), matchesDeclared: matches,
                              slopeJumps: slopeJumps, valueJumps: valueJumps)
    }
}
