import BigFloat
import KinkCheck
import KinkCheckSupport

/// A kink as one format sees it: x0 in the format, the dyadic exponents that stay distinct from
/// x0 on each side, and which coverage cells the format can reach at all.
package struct PlannedKink: Sendable {
    package let index: Int
    package let label: String
    package let x0: GeneratedInput
    package let x0Big: BigFloat
    package let x0Double: Double
    package let x0Ordinal: Int64
    /// k with x0 − 2⁻ᵏ ≠ x0 (rounded), and likewise above; nil when there is none.
    package let belowK: ClosedRange<Int>?
    package let aboveK: ClosedRange<Int>?
    /// Reachable cells, indexed by `KinkCell.rawValue`.
    package let reachable: [Bool]
}

/// Makes inputs in one format: the deterministic sweep (specials, then every kink's
/// neighbourhood, then the neighbours of the activation's threshold crossings when given) and
/// the seeded random mixture.
///
/// The binary64/binary32/binary16/bfloat16 random path is integer and `Double` work only
/// (no `BigFloat` per input); `BigFloat` is used once per generator, for the specials and kink
/// locations, and per input only in the MPFR format.
///
/// Sweep, per kink x0 (in kink order, after the specials): x0 (+0 and −0 when x0 = 0);
/// nextUp/nextDown chains of length 1 … 16; x0 ± 2⁻ᵏ for k = −e … until the sum rounds back to
/// x0 (e the exponent with |x0| < 2^e; from k = 0 when x0 = 0), each with one dyadic jitter
/// x0 ± m·2⁻ᵏ, m = 3 + 2(k mod 7).
///
/// Edge cases: in MPFR, x0 = 0 never rounds back; its dyadic sweep stops at k = 1100.
/// Non-finite sweep points (x0 ± δ overflowing) are dropped.
package struct InputGenerator: Sendable {
    package let format: NumberFormat
    package let kinks: [KinkTarget]
    package let regions: [Region]
    package let mixture: Mixture
    /// The format's special values (``NumberFormat/specials``).
    package let specials: [GeneratedInput]
    /// Every kink's sweep neighbourhood, in order (specials not included).
    package let kinkSweep: [GeneratedInput]
    /// Both neighbours of every threshold crossing passed in (``ThresholdCrossing``), in order,
    /// each number once.
    package let thresholdSweep: [GeneratedInput]
    package let planned: [PlannedKink]
    package let regressionValues: [GeneratedInput]
    package let codec: IEEECodec?
    package let regionBounds: [(Double, Double)]
    /// Cumulative mixture weights: special, kink, log-uniform, raw bits, region, regression.
    package let cumulative: [UInt64]

    /// Kink index → position in `planned` (nil when skipped in this format).
    package let plannedPosition: [Int?]

    /// Plans generation in `format`: computes the specials, rounds every kink into the format
    /// once and builds its sweep. `thresholds` (the activation's crossings in this format, from
    /// ``ThresholdCrossing/crossings(of:in:)``) join the sweep after the kinks, both neighbours
    /// each. `regressionValues` seed the random phase's "neighbours of old failures" source
    /// (their provenance should be `.regression`).
    ///
    /// Edge cases: kinks that are not finite in the format are skipped (``kinkValue(_:)`` is nil
    /// and no cell is reachable); with no kinks, regions or regression values those sources get
    /// no weight.
    package init(format: NumberFormat, kinks: [KinkTarget] = [], thresholds: [ThresholdCrossing] = [],
                 regions: [Region] = Region.defaults, regressionValues: [GeneratedInput] = [], mixture: Mixture = .default) {
        self.format = format
        var seen = Set<UInt64>()
        // A jump (say f′ at a kink) crosses many levels between the same two neighbours: once each.
        self.thresholdSweep = thresholds.filter { $0.left.format == format }.flatMap { [$0.left, $0.right] }
            .filter { format.codec == nil || seen.insert($0.bits).inserted }
        self.kinks = kinks
        self.regions = regions
        self.mixture = mixture
        self.codec = format.codec
        self.specials = format.specials
        self.regressionValues = regressionValues.filter { !$0.isNaN || format.codec != nil }
        var planned: [PlannedKink] = []
        var sweep: [GeneratedInput] = []
        var position: [Int?] = []
        for (i, kink) in kinks.enumerated() {
            guard let (plan, points) = InputGenerator.plan(kink, index: i, format: format) else {
                position.append(nil)
                continue
            }
            position.append(planned.count)
            planned.append(plan)
            sweep += points
        }
        self.planned = planned
        self.kinkSweep = sweep
        self.plannedPosition = position
        let largest = format.codec.map { $0.double($0.largestFiniteBits) } ?? .greatestFiniteMagnitude
        self.regionBounds = regions.map { r in
            (Swift.min(Swift.max(r.lower, -largest), largest), Swift.min(Swift.max(r.upper, -largest), largest))
        }
        let weights = [mixture.special, planned.isEmpty ? 0 : mixture.kink, mixture.logUniform, mixture.rawBits,
                       regions.isEmpty ? 0 : mixture.region, regressionValues.isEmpty ? 0 : mixture.regression]
        var running: UInt64 = 0
        var cumulative: [UInt64] = []
        for w in weights { running += UInt64(Swift.max(0, w)); cumulative.append(running) }
        if running == 0 { cumulative = [0, 0, 1, 1, 1, 1] }
        self.cumulative = cumulative
    }

    /// Specials, the kink sweep, then the threshold neighbours: the sweep phase's single inputs,
    /// in order.
    package var sweep: [GeneratedInput] { specials + kinkSweep + thresholdSweep }

    /// Which coverage cells of kink `index` this format can reach (all false when the kink is
    /// skipped here, say because it overflows).
    package func reachableCells(ofKink index: Int) -> [KinkCell] {
        guard index < plannedPosition.count, let p = plannedPosition[index] else { return [] }
        return KinkCell.allCases.filter { planned[p].reachable[$0.rawValue] }
    }

    /// x0 of kink `index` in this format, or nil when skipped.
    package func kinkValue(_ index: Int) -> GeneratedInput? {
        guard index < plannedPosition.count, let p = plannedPosition[index] else { return nil }
        return planned[p].x0
    }

    // MARK: - Random inputs

    /// The random input for a per-case seed: `randomInput(using:)` on `Xoshiro256StarStar(seed:)`.
    @inlinable
    package func randomInput(seed: UInt64) -> GeneratedInput {
        var rng = Xoshiro256StarStar(seed: seed)
        return randomInput(using: &rng)
    }

    /// One draw from the mixture.
    package func randomInput(using rng: inout Xoshiro256StarStar) -> GeneratedInput {
        let total = cumulative[5]
        let r = rng.next(below: total)
        if let codec {
            if r < cumulative[0] { return specials[Int(rng.next(below: UInt64(specials.count)))] }
            if r < cumulative[1] { return ieeeKink(codec, &rng) }
            if r < cumulative[2] { return ieeeLogUniform(codec, &rng) }
            if r < cumulative[3] {
                return GeneratedInput(bits: rng.next() & codec.allBits, format: format, provenance: .rawBits)
            }
            if r < cumulative[4] { return ieeeRegion(codec, &rng) }
            return regressionNeighbour(&rng)
        }
        if r < cumulative[0] { return specials[Int(rng.next(below: UInt64(specials.count)))] }
        if r < cumulative[1] { return mpfrKink(&rng) }
        if r < cumulative[2] { return mpfrLogUniform(&rng, provenance: .logUniform) }
        if r < cumulative[3] { return mpfrRaw(&rng) }
        if r < cumulative[4] { return mpfrRegion(&rng) }
        return regressionNeighbour(&rng)
    }

    /// n in 1 … 2²⁰, log-uniformly (small offsets as likely as large ones per binade).
    @inline(__always)
    package func ulpCount(_ rng: inout Xoshiro256StarStar) -> Int {
        let word = rng.next()
        let b = Int(word & 31) % 21           // 0 … 20
        return 1 + Int((word >> 8) & ((1 << UInt64(b)) &- 1))
    }

    @inline(__always)
    package func ieeeKink(_ codec: IEEECodec, _ rng: inout Xoshiro256StarStar) -> GeneratedInput {
        let k = planned[Int(rng.next(below: UInt64(planned.count)))]
        let r = rng.next()
        if r & 15 == 0 {
            var bits = k.x0.bits
            if k.x0Ordinal == 0 && (r >> 4) & 1 == 1 { bits ^= codec.signMask }
            return GeneratedInput(bits: bits, format: format, provenance: .kink(index: k.index, side: .at, offset: .exact))
        }
        let below = (r >> 5) & 1 == 1
        let side: KinkSide = below ? .left : .right
        if (r >> 6) & 1 == 1, let range = below ? k.belowK : k.aboveK {
            let (m, e) = InputGenerator.dyadicOffset(r, exponents: range)
            let delta = Double(sign: .plus, exponent: -e, significand: Double(m))
            let y = below ? k.x0Double - delta : k.x0Double + delta
            return GeneratedInput(bits: codec.bits(rounding: y), format: format,
                                  provenance: .kink(index: k.index, side: side, offset: .dyadic(m: m, k: e)))
        }
        let n = ulpCount(&rng)
        let o = below ? k.x0Ordinal - Int64(n) : k.x0Ordinal + Int64(n)
        return GeneratedInput(bits: codec.bits(ordinal: o), format: format,
                              provenance: .kink(index: k.index, side: side, offset: .ulps(n)))
    }

    @inline(__always)
    package func ieeeLogUniform(_ codec: IEEECodec, _ rng: inout Xoshiro256StarStar) -> GeneratedInput {
        let word = rng.next()
        let sign = word >> 63 == 1 ? codec.signMask : 0
        let fraction = (word >> 1) & codec.fractionMask
        let biased: UInt64
        if (word >> 62) & 1 == 1 {
            // Any finite binade, subnormals included: log-uniform over the whole format.
            biased = rng.next(below: UInt64(codec.maxBiasedExponent))
        } else {
            // Binades within 2^±32 of 1 (all of them in binary16).
            let span = UInt64(Swift.min(32, codec.bias - 1))
            biased = UInt64(codec.bias) - span + rng.next(below: 2 * span + 1)
        }
        return GeneratedInput(bits: sign | biased << UInt64(codec.fractionBits) | fraction, format: format, provenance: .logUniform)
    }

    @inline(__always)
    package func ieeeRegion(_ codec: IEEECodec, _ rng: inout Xoshiro256StarStar) -> GeneratedInput {
        let i = Int(rng.next(below: UInt64(regionBounds.count)))
        let (lo, hi) = regionBounds[i]
        let u = rng.nextUnitDouble()
        let y = Swift.min(Swift.max(lo * (1 - u) + hi * u, lo), hi)
        return GeneratedInput(bits: codec.bits(rounding: y), format: format, provenance: .region(index: i))
    }

    package func regressionNeighbour(_ rng: inout Xoshiro256StarStar) -> GeneratedInput {
        let i = Int(rng.next(below: UInt64(regressionValues.count)))
        let n = Int(rng.next(below: 9)) - 4
        var v = regressionValues[i].stepped(by: n)
        if case .regression(let line, _) = regressionValues[i].provenance {
            v.provenance = .regression(line: line, ulps: n)
        }
        return v
    }

    // MARK: MPFR draws (BigFloat per input)

    package func mpfrKink(_ rng: inout Xoshiro256StarStar) -> GeneratedInput {
        let k = planned[Int(rng.next(below: UInt64(planned.count)))]
        let r = rng.next()
        if r & 15 == 0 {
            var v = k.x0
            if k.x0Big.isZero && (r >> 4) & 1 == 1 { v = v.negated }
            v.provenance = .kink(index: k.index, side: .at, offset: .exact)
            return v
        }
        let below = (r >> 5) & 1 == 1
        let side: KinkSide = below ? .left : .right
        if (r >> 6) & 1 == 1, let range = below ? k.belowK : k.aboveK {
            let (m, e) = InputGenerator.dyadicOffset(r, exponents: range)
            let y = InputGenerator.dyadicNeighbour(k.x0Big, below: below, m: m, k: e)
            return GeneratedInput(y, format: format, provenance: .kink(index: k.index, side: side, offset: .dyadic(m: m, k: e)))
        }
        let n = ulpCount(&rng)
        var v = k.x0.stepped(by: below ? -n : n)
        v.provenance = .kink(index: k.index, side: side, offset: .ulps(n))
        return v
    }

    /// ±(1 + u)·2^e with u uniform on p + 8 random bits; e within ±32 or ±1100 (even odds),
    /// or the given `exponent` (raw draws pass one from MPFR's whole exponent range).
    package func mpfrLogUniform(_ rng: inout Xoshiro256StarStar, provenance: Provenance, exponent: Int? = nil) -> GeneratedInput {
        let p = format.precision
        let negative = rng.nextBool()
        let e = exponent ?? (rng.nextBool() ? rng.nextInt(in: -1100 ... 1100) : rng.nextInt(in: -32 ... 32))
        let u = InputGenerator.unitBigFloat(&rng, bits: p + 8)
        var v = BigFloat(u, precision: p + 1, rounding: .towardZero) + 1
        v = v.timesPowerOfTwo(e)
        if negative { v.negate() }
        return GeneratedInput(BigFloat(v, precision: p, rounding: .towardZero), format: format, provenance: provenance)
    }

    package func mpfrRaw(_ rng: inout Xoshiro256StarStar) -> GeneratedInput {
        let p = format.precision
        switch rng.next(below: 64) {
        case 0: return GeneratedInput(.zero(precision: p, negative: rng.nextBool()), format: format, provenance: .rawBits)
        case 1: return GeneratedInput(.infinity(precision: p, negative: rng.nextBool()), format: format, provenance: .rawBits)
        case 2: return GeneratedInput(.nan(precision: p), format: format, provenance: .rawBits)
        default:
            let e = rng.nextInt(in: NumberFormat.mpfrMinExponent - 1 ... NumberFormat.mpfrMaxExponent - 1)
            return mpfrLogUniform(&rng, provenance: .rawBits, exponent: e)
        }
    }

    package func mpfrRegion(_ rng: inout Xoshiro256StarStar) -> GeneratedInput {
        let i = Int(rng.next(below: UInt64(regionBounds.count)))
        let (lo, hi) = regionBounds[i]
        let w = format.precision + 72
        let u = InputGenerator.unitBigFloat(&rng, bits: w)
        var a = BigFloat(lo, precision: w)
        a.formProduct(with: 1 - u)
        var b = BigFloat(hi, precision: w)
        b.formProduct(with: u)
        a.formSum(with: b)
        let y = BigFloat.minimum(BigFloat.maximum(a, BigFloat(lo, precision: w)), BigFloat(hi, precision: w))
        return GeneratedInput(y, format: format, provenance: .region(index: i))
    }

    /// A uniform value in [0, 1) with `bits` random bits (whole 64-bit words, high first).
    package static func unitBigFloat(_ rng: inout Xoshiro256StarStar, bits: Int) -> BigFloat {
        let words = (bits + 63) / 64
        var acc = BigFloat(0, precision: Swift.max(64, words * 64))
        for i in 0 ..< words {
            var w = BigFloat(rng.next(), precision: 64)
            w = w.timesPowerOfTwo(-64 * (i + 1))
            acc.formSum(with: w)
        }
        return acc
    }

    /// The dyadic offset m·2⁻ᵉ one random draw `r` picks: e uniform in `exponents` (bits 8 on),
    /// m odd, 2·u + 1 with u of 0 to 7 random bits (bits 36 to 38 say how many; bits 40 on give
    /// them). Typed throughout: inferring this expression's literals took the type checker
    /// seconds per file.
    package static func dyadicOffset(_ r: UInt64, exponents: ClosedRange<Int>) -> (m: UInt64, e: Int) {
        let e = exponents.lowerBound + Int((r >> 8) % UInt64(exponents.count))
        let width: UInt64 = (r >> 36) & 7
        let u: UInt64 = (r >> 40) & ((UInt64(1) << width) &- 1)
        return (2 * u + 1, e)
    }

    /// x0 ± m·2⁻ᵏ rounded to x0's precision (the sum is formed exactly first).
    package static func dyadicNeighbour(_ x0: BigFloat, below: Bool, m: UInt64, k: Int) -> BigFloat {
        // Exact: from the top bit of either term down to the lowest bit of either.
        let top = x0.exponent ?? 0
        let high = Swift.max(top, 66 - k)
        let low = Swift.min(top - x0.precision, -k)
        let width = Swift.max(64, high - low + 2)
        var delta = BigFloat(m, precision: 64).timesPowerOfTwo(-k)
        if below { delta.negate() }
        var sum = BigFloat(x0, precision: width)
        sum.formSum(with: delta)
        return sum
    }

    // MARK: - Planning one kink

    package static func plan(_ kink: KinkTarget, index: Int, format: NumberFormat) -> (PlannedKink, [GeneratedInput])? {
        var x0 = kink.value(in: format)
        guard x0.isFinite else { return nil }
        x0.provenance = .kink(index: index, side: .at, offset: .exact)
        let x0Big = x0.bigFloat
        let codec = format.codec
        var points: [GeneratedInput] = [x0]
        var reachable = [true, false, false, false, false]
        func tag(_ v: GeneratedInput, _ side: KinkSide, _ offset: KinkOffset) -> GeneratedInput {
            var v = v
            v.provenance = .kink(index: index, side: side, offset: offset)
            return v
        }
        if x0.isZero { points.append(tag(x0.negated, .at, .exact)) }
        for below in [true, false] {
            var v = x0
            for n in 1 ... 16 {
                v = below ? v.nextDown : v.nextUp
                if !v.isFinite { break }
                points.append(tag(v, below ? .left : .right, .ulps(n)))
                reachable[below ? KinkCell.belowUlps.rawValue : KinkCell.aboveUlps.rawValue] = true
            }
        }
        var kRanges: [ClosedRange<Int>?] = [nil, nil]
        let kStart = x0Big.isZero ? 0 : -(x0Big.exponent!)
        let kCap = codec == nil && x0Big.isZero ? 1100 : kStart + 4200
        for (s, below) in [true, false].enumerated() {
            let side: KinkSide = below ? .left : .right
            var last: Int? = nil
            var k = kStart
            while k <= kCap {
                let y = GeneratedInput(dyadicNeighbour(x0Big, below: below, m: 1, k: k), format: format, provenance: .logUniform)
                if y.isIdentical(to: x0) || (y.isZero && x0.isZero) { break }
                if y.isFinite {
                    points.append(tag(y, side, .dyadic(m: 1, k: k)))
                    reachable[below ? KinkCell.belowDyadic.rawValue : KinkCell.aboveDyadic.rawValue] = true
                    if last == nil { kRanges[s] = k ... k }
                    last = k
                    let m = UInt64(3 + 2 * (((k % 7) + 7) % 7))
                    let z = GeneratedInput(dyadicNeighbour(x0Big, below: below, m: m, k: k), format: format, provenance: .logUniform)
                    if z.isFinite && !z.isIdentical(to: x0) { points.append(tag(z, side, .dyadic(m: m, k: k))) }
                }
                k += 1
            }
            if let first = kRanges[s]?.lowerBound, let last { kRanges[s] = first ... last }
        }
        let plan = PlannedKink(index: index, label: kink.label, x0: x0, x0Big: x0Big,
                               x0Double: codec.map { $0.double(x0.bits) } ?? Double(x0Big),
                               x0Ordinal: codec.map { $0.ordinal(x0.bits) } ?? 0,
                               belowK: kRanges[0], aboveK: kRanges[1], reachable: reachable)
        return (plan, points)
    }
}
