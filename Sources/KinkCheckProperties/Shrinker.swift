import BigFloat
import KinkCheck
import KinkCheckGeneration
import KinkCheckSupport

/// One evaluation made while shrinking or growing, for the counterexample table.
package struct ShrinkStep: Sendable {
    /// `original`, `simplify`, `toward-kink`, `grow-below`, `grow-above`, `gap`.
    package let role: String
    package let input: PropertyInput
    package let outcome: PropertyOutcome
}

/// The contiguous run of failing values around the shrunk input (as sampled: galloping outward
/// in ulp space, then bisecting to the first passing neighbour).
///
/// For `.kinkTriple` cases the interval is over the triple's upper element (the offset δ).
package struct FailingInterval: Sendable, CustomStringConvertible {
    package let lower: GeneratedInput
    package let upper: GeneratedInput
    /// The value just below `lower` was evaluated and passes, or `lower` is −∞ (false: the
    /// shrink budget ran out first).
    package let lowerIsEdge: Bool
    package let upperIsEdge: Bool
    /// Values in the interval (decimal integer text).
    package let count: String

    package var description: String {
        let lo = lowerIsEdge ? "[" : "(…"
        let hi = upperIsEdge ? "]" : "…)"
        return "\(lo)\(lower.decimalString), \(upper.decimalString)\(hi) — \(count) value\(count == "1" ? "" : "s")"
            + " (\(lower.hexString) … \(upper.hexString))"
    }
}

/// Shrinks one failing case. Every evaluation counts against `budget`.
///
/// - Single inputs (and the derived pairs (x, −x), (x, nextUp x)): near a kink — the input came
///   from a kink neighbourhood, or simplification left it within max(|x0|, 1) of a kink x0 —
///   bisect in ulp space between x0 and the input to the failing value nearest x0 (x0 itself if
///   it fails). Elsewhere, greedily replace it by simpler failing values (0, ±1, ±2, truncations,
///   powers of two, fewer significant bits), simplest first. Then grow outward both ways to the
///   contiguous failing interval.
/// - (x0 − δ, x0, x0 + δ): bisect δ toward 0, then grow δ outward.
/// - Ordered tuples: simplify each element keeping the order, then close the gaps by bisection.
///
/// The worst metric over every failing evaluation is kept, so a gross bug is not reported at
/// the size of its shrunk edge.
package final class Shrinker {
    package let property: Property
    package let format: NumberFormat
    package let space: UlpSpace
    package let kinks: [PlannedKink]
    package var budget: Int
    package var steps: [ShrinkStep] = []
    package var worst: (metric: Double, input: PropertyInput, note: String)

    package init(property: Property, format: NumberFormat, kinks: [PlannedKink], budget: Int,
         original: PropertyInput, outcome: PropertyOutcome) {
        self.property = property
        self.format = format
        self.space = UlpSpace(format)
        self.kinks = kinks
        self.budget = budget
        if case .fail(let m, let note) = outcome {
            worst = (m, original, note)
        } else {
            worst = (0, original, "")
        }
        steps.append(ShrinkStep(role: "original", input: original, outcome: outcome))
    }

    /// Evaluates and logs; true when the law fails. Out of budget counts as "not failing".
    package func fails(_ input: PropertyInput, _ role: String) -> Bool {
        guard budget > 0 else { return false }
        budget -= 1
        let outcome = property.check(input)
        steps.append(ShrinkStep(role: role, input: input, outcome: outcome))
        if case .fail(let m, let note) = outcome {
            if m > worst.metric || m.isNaN && !worst.metric.isNaN { worst = (m, input, note) }
            return true
        }
        return false
    }

    package struct Result {
        package var shrunk: PropertyInput
        package var interval: FailingInterval?
        package var kink: PlannedKink?
    }

    package func shrink(_ input: PropertyInput) -> Result {
        switch input.shape {
        case .single, .negationPair, .successorPair:
            let build: (GeneratedInput) -> PropertyInput = { v in
                switch input.shape {
                case .negationPair: PropertyInput(shape: input.shape, values: [v, v.negated])
                case .successorPair: PropertyInput(shape: input.shape, values: [v, v.nextUp])
                default: PropertyInput(shape: input.shape, values: [v])
                }
            }
            return shrinkValue(input.x, build: build)
        case .kinkTriple:
            return shrinkTriple(input)
        case .orderedPair, .orderedTriple:
            return shrinkOrdered(input)
        }
    }

    // MARK: Single values

    package func shrinkValue(_ x: GeneratedInput, build: (GeneratedInput) -> PropertyInput) -> Result {
        var current = x
        var kink: PlannedKink? = nil
        if case .kink(let index, _, _) = x.provenance { kink = kinks.first { $0.index == index } }
        if kink == nil {
            current = simplify(current, build: build)
            kink = nearbyKink(current)
        }
        if let k = kink, current.isFinite {
            current = towardKink(current, k, build: build)
        }
        let interval = grow(current) { build($0) }
        return Result(shrunk: build(current), interval: interval, kink: kink)
    }

    /// The kink nearest `v` if within max(|x0|, 1) of it.
    package func nearbyKink(_ v: GeneratedInput) -> PlannedKink? {
        guard v.isFinite else { return nil }
        let x = v.bigFloat
        var best: (PlannedKink, BigFloat)? = nil
        for k in kinks {
            let w = Swift.max(x.precision, k.x0Big.precision) + Swift.abs((x.exponent ?? 0) - (k.x0Big.exponent ?? 0)) + 4
            var d = BigFloat(x, precision: Swift.min(w, 1 << 16))
            d.formDifference(with: k.x0Big)
            d.formMagnitude()
            let reach = BigFloat.maximum(BigFloat.abs(k.x0Big), BigFloat(1, precision: 2))
            if d <= reach, best == nil || d < best!.1 { best = (k, d) }
        }
        return best?.0
    }

    /// Bisection in ulp space between x0 (passing) and `x` (failing).
    package func towardKink(_ x: GeneratedInput, _ kink: PlannedKink, build: (GeneratedInput) -> PropertyInput) -> GeneratedInput {
        var x0 = kink.x0
        if x0.isZero && x.signBit != x0.signBit { x0 = x0.negated }
        if x.isIdentical(to: x0) { return x }
        if fails(build(x0), "toward-kink") { return x0 }
        var lo = space.ordinal(of: x0), hi = space.ordinal(of: x)
        var best = x
        while let mid = space.midpoint(lo, hi), budget > 0 {
            let v = space.input(atOrdinal: mid, provenance: x.provenance)
            if fails(build(v), "toward-kink") { hi = mid; best = v } else { lo = mid }
        }
        return best
    }

    /// Ordered "simplicity": finite before ∞ before NaN, integers first, then small binary
    /// exponent, few significant bits, positive.
    package static func measure(_ v: GeneratedInput) -> [Int] {
        if v.isNaN { return [2, 0, 0, 0, 0] }
        if v.isInfinite { return [1, 0, 0, 0, v.signBit ? 1 : 0] }
        if v.isZero { return [0, 0, 0, 0, v.signBit ? 1 : 0] }
        let b = v.bigFloat
        let parts = DyadicParts(b)!
        return [0, b.isInteger ? 0 : 1, Swift.abs(b.exponent!), parts.significantBits, v.signBit ? 1 : 0]
    }

    package static func simpler(_ a: [Int], than b: [Int]) -> Bool { a.lexicographicallyPrecedes(b) }

    package func candidates(_ v: GeneratedInput) -> [GeneratedInput] {
        let p = format.precision
        var out: [BigFloat] = [.zero(precision: p), BigFloat(1, precision: p), BigFloat(-1, precision: p),
                               BigFloat(2, precision: p), BigFloat(-2, precision: p)]
        if v.isNaN || v.isInfinite {
            if let ieee = format.ieee {
                out += [BigFloat.largestFinite(ieee), -BigFloat.largestFinite(ieee)]
            }
            out += [.infinity(precision: p), .infinity(precision: p, negative: true)]
        } else if !v.isZero {
            let x = v.bigFloat
            let e = x.exponent!
            let sign = x.signBit ? -1 : 1
            let one = BigFloat(sign, precision: p)
            out.append(one.timesPowerOfTwo(e - 1))
            out.append(one.timesPowerOfTwo(e))
            if e >= 2 { out.append(BigFloat(x, precision: e, rounding: .towardZero)) }
            if e >= 3 { out.append(BigFloat(x.timesPowerOfTwo(-1), precision: e - 1, rounding: .towardZero)) }
            if let parts = DyadicParts(x) {
                for bits in Swift.stride(from: 2, to: parts.significantBits, by: 1) {
                    out.append(BigFloat(x, precision: bits, rounding: .towardZero))
                }
            }
            if e > 0 { out.append(x.timesPowerOfTwo(-1)) }
            if e < 0 { out.append(x.timesPowerOfTwo(1)) }
            if x.signBit { out.append(-x) }
        }
        return out.map { GeneratedInput($0, format: format, provenance: v.provenance) }
    }

    package func simplify(_ x: GeneratedInput, build: (GeneratedInput) -> PropertyInput) -> GeneratedInput {
        var current = x
        var improved = true
        while improved && budget > 0 {
            improved = false
            let m = Shrinker.measure(current)
            if let p = powerOfTwoSearch(current, build: build), Shrinker.simpler(Shrinker.measure(p), than: m) {
                current = p
                improved = true
                continue
            }
            let options = candidates(current)
                .map { ($0, Shrinker.measure($0)) }
                .filter { Shrinker.simpler($0.1, than: m) }
                .sorted { Shrinker.simpler($0.1, than: $1.1) }
            for (c, _) in options {
                if fails(build(c), "simplify") { current = c; improved = true; break }
            }
        }
        return current
    }

    /// The simplest failing power of two of `v`'s sign between `v`'s binade and 1 (or ½ for
    /// |v| < 1), by bisection on the exponent — a handful of evaluations where halving one step
    /// at a time would take a thousand. nil when the power of two just below |v| passes.
    package func powerOfTwoSearch(_ v: GeneratedInput, build: (GeneratedInput) -> PropertyInput) -> GeneratedInput? {
        guard v.isFinite, !v.isZero else { return nil }
        let x = v.bigFloat
        let e = x.exponent!
        let unit = BigFloat(x.signBit ? -1 : 1, precision: format.precision)
        func power(_ j: Int) -> GeneratedInput { GeneratedInput(unit.timesPowerOfTwo(j), format: format, provenance: v.provenance) }
        func test(_ j: Int) -> Bool {
            let c = power(j)
            return c.isIdentical(to: v) || fails(build(c), "simplify")
        }
        // Between the power just below |v|, 2^(e−1), and the simplest, 2⁰ (2⁻¹ for |v| < 1),
        // assuming the failures run from the first toward the second up to some point: the
        // failing exponent closest to the simplest (smallest for |v| ≥ 1, largest below).
        let nearest = e - 1, simplest = e >= 1 ? 0 : -1
        guard test(nearest) else { return nil }
        if nearest == simplest || test(simplest) { return power(simplest) }
        var failing = nearest, passing = simplest
        while Swift.abs(failing - passing) > 1 && budget > 0 {
            let mid = Swift.min(failing, passing) + Swift.abs(failing - passing) / 2
            if test(mid) { failing = mid } else { passing = mid }
        }
        return power(failing)
    }

    /// Gallops outward from failing `x` both ways, then bisects to the first passing value.
    package func grow(_ x: GeneratedInput, build: (GeneratedInput) -> PropertyInput) -> FailingInterval? {
        guard !x.isNaN else { return nil }
        let origin = space.ordinal(of: x)
        let infinity = space.infinityOrdinal
        var ends: [(BigFloat, Bool)] = []
        for direction in [-1, 1] {
            var edge = origin
            var step = BigFloat(1, precision: space.ordinalPrecision)
            var exact = false
            let role = direction < 0 ? "grow-below" : "grow-above"
            while budget > 0 {
                var candidate = edge + (direction < 0 ? -step : step)
                if candidate > infinity { candidate = infinity }
                if candidate < -infinity { candidate = -infinity }
                if candidate == edge { exact = true; break }     // ±∞: the end of the format
                let v = space.input(atOrdinal: candidate, provenance: x.provenance)
                if fails(build(v), role) {
                    edge = candidate
                    step = step.timesPowerOfTwo(1)
                    continue
                }
                var failing = edge, passing = candidate
                while let mid = space.midpoint(failing, passing), budget > 0 {
                    if fails(build(space.input(atOrdinal: mid, provenance: x.provenance)), role) { failing = mid } else { passing = mid }
                }
                edge = failing
                exact = space.midpoint(failing, passing) == nil
                break
            }
            ends.append((edge, exact))
        }
        let count = BigFloat(ends[1].0, precision: space.ordinalPrecision + 2) - ends[0].0 + 1
        return FailingInterval(lower: space.input(atOrdinal: ends[0].0, provenance: x.provenance),
                               upper: space.input(atOrdinal: ends[1].0, provenance: x.provenance),
                               lowerIsEdge: ends[0].1, upperIsEdge: ends[1].1,
                               count: count.decimalString(significantDigits: 0))
    }

    // MARK: Triples around a kink

    package func shrinkTriple(_ input: PropertyInput) -> Result {
        let centre = input[1]
        let kink = kinks.first { $0.x0.isIdentical(to: centre) || ($0.x0.isZero && centre.isZero) }
        guard let kink, input[2].isFinite, input[0].isFinite else {
            // A triple around an ordinary point: simplify the centre at a fixed ulp offset.
            guard centre.isFinite, input[2].isFinite else { return Result(shrunk: input, interval: nil, kink: nil) }
            let n = space.ordinal(of: input[2]) - space.ordinal(of: centre)
            let build: (GeneratedInput) -> PropertyInput = { [space] c in
                let o = space.ordinal(of: c)
                return PropertyInput(shape: .kinkTriple, values: [space.input(atOrdinal: o - n, provenance: input[0].provenance), c,
                                                                  space.input(atOrdinal: o + n, provenance: input[2].provenance)])
            }
            let c = simplify(centre, build: build)
            return Result(shrunk: build(c), interval: nil, kink: nil)
        }
        let generator = MirrorBuilder(format: format, x0: centre, below: input[0].provenance, above: input[2].provenance)
        let upper = input[2].precedes(centre) ? input[0] : input[2]
        // Bisect δ between 0 (the degenerate triple, taken as passing) and the failing δ.
        var lo = space.ordinal(of: centre), hi = space.ordinal(of: upper)
        var best = upper
        while let mid = space.midpoint(lo, hi), budget > 0 {
            let v = space.input(atOrdinal: mid, provenance: upper.provenance)
            if fails(generator.triple(v), "toward-kink") { hi = mid; best = v } else { lo = mid }
        }
        let interval = grow(best) { generator.triple($0) }
        return Result(shrunk: generator.triple(best), interval: interval, kink: kink)
    }

    // MARK: Ordered tuples

    /// Small halves, simplest first: 0, ±1, ±2, ±0.5, ±3, ±1.5, ±4, ±2.5, ±3.5.
    package static let simpleValues: [Int] = [0, 2, -2, 4, -4, 1, -1, 6, -6, 3, -3, 8, -8, 5, -5, 7, -7]   // in halves

    /// The first ordered tuple of simple values (``simpleValues``, strictly increasing) that
    /// fails, trying the simplest first — a non-monotone SiLU is shown by (−2, −1.5), not by
    /// two neighbours near −836.
    package func simpleOrderedTuple(like input: PropertyInput) -> PropertyInput? {
        let n = input.values.count
        guard n == 2 || n == 3, input.values.allSatisfy(\.isFinite) else { return nil }
        let format = input.values[0].format
        let values = Shrinker.simpleValues.map { BigFloat($0, precision: 64).timesPowerOfTwo(-1) }
        var picks: [[Int]] = []
        func choose(_ start: [Int]) {
            if start.count == n { picks.append(start); return }
            for i in 0..<values.count where !start.contains(i) { choose(start + [i]) }
        }
        choose([])
        // Simplest first: by the largest index used, then the sum of indices.
        picks.sort { ($0.max()!, $0.reduce(0, +)) < ($1.max()!, $1.reduce(0, +)) }
        var seen = Set<[Int]>()
        for p in picks {
            let sorted = p.sorted { values[$0] < values[$1] }
            guard seen.insert(sorted).inserted, budget > 0 else { continue }
            let tuple = zip(sorted, input.values).map { GeneratedInput(values[$0], format: format, provenance: $1.provenance) }
            guard tuple.allSatisfy({ $0.isFinite }) else { continue }
            let candidate = PropertyInput(shape: input.shape, values: tuple)
            if fails(candidate, "simplify") { return candidate }
        }
        return nil
    }

    package func shrinkOrdered(_ input: PropertyInput) -> Result {
        if let simple = simpleOrderedTuple(like: input) {
            return Result(shrunk: simple, interval: nil, kink: nil)
        }
        var values = input.values
        func ordered(_ v: [GeneratedInput]) -> Bool {
            zip(v, v.dropFirst()).allSatisfy { !$0.1.precedes($0.0) }
        }
        for i in values.indices {
            let build: (GeneratedInput) -> PropertyInput = { c in
                var v = values
                v[i] = c
                return PropertyInput(shape: input.shape, values: v)
            }
            var current = values[i]
            var improved = true
            while improved && budget > 0 {
                improved = false
                let m = Shrinker.measure(current)
                let options = candidates(current).map { ($0, Shrinker.measure($0)) }
                    .filter { Shrinker.simpler($0.1, than: m) }
                    .sorted { Shrinker.simpler($0.1, than: $1.1) }
                for (c, _) in options {
                    var trial = values
                    trial[i] = c
                    guard ordered(trial) else { continue }
                    if fails(build(c), "simplify") { current = c; values[i] = c; improved = true; break }
                }
            }
        }
        // Close the gaps: move the outer elements toward their inner neighbour.
        let movable: [(Int, Int)] = values.count == 2 ? [(1, 0), (0, 1)] : [(0, 1), (2, 1)]
        for (i, anchor) in movable where values[i].isFinite && values[anchor].isFinite {
            var lo = space.ordinal(of: values[anchor]), hi = space.ordinal(of: values[i])
            while let mid = space.midpoint(lo, hi), budget > 0 {
                var trial = values
                trial[i] = space.input(atOrdinal: mid, provenance: values[i].provenance)
                if fails(PropertyInput(shape: input.shape, values: trial), "gap") { hi = mid; values = trial } else { lo = mid }
            }
        }
        return Result(shrunk: PropertyInput(shape: input.shape, values: values), interval: nil, kink: nil)
    }
}

/// Builds (x0 − δ, x0, x0 + δ) from the upper element, mirroring it exactly around x0 and
/// rounding to the format.
package struct MirrorBuilder {
    package let format: NumberFormat
    package let x0: GeneratedInput
    package let below: Provenance
    package let above: Provenance

    package func triple(_ upper: GeneratedInput) -> PropertyInput {
        let a = x0.bigFloat, b = upper.bigFloat
        let w = Swift.max(a.precision, 64) + Swift.abs((a.exponent ?? 0) - (b.exponent ?? 0)) + 4
        var twice = BigFloat(a, precision: w).timesPowerOfTwo(1)
        twice.formDifference(with: b)
        var u = upper
        u.provenance = above
        return PropertyInput(shape: .kinkTriple, values: [GeneratedInput(twice, format: format, provenance: below), x0, u])
    }
}
