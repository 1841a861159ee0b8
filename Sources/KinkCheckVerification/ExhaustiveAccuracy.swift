import BigFloat
import KinkCheck
import KinkCheckAnalysis
import KinkCheckSupport

/// What the exact value of a quantity at one input is in a format: the class of its correctly
/// rounded value.
package enum ExactClass: String, CaseIterable, Sendable {
    case normal, subnormal
    /// Exactly zero, or so small that it rounds to ±0.
    case zero
    /// Finite, but beyond the format's range: it rounds to ±∞.
    case overflow
    /// ±∞ exactly (a pole).
    case infinite
    /// NaN by definition (outside the domain).
    case nan

    /// The class of an exact value `v` whose correctly rounded value in `format` is `rounded`.
    package init(exactIsNaN: Bool, exactIsInfinite: Bool, rounded: Double, in format: IEEEFormat) {
        if exactIsNaN { self = .nan }
        else if exactIsInfinite { self = .infinite }
        else if rounded.isInfinite { self = .overflow }
        else if rounded == 0 { self = .zero }
        else if Swift.abs(rounded) < format.leastNormalValue { self = .subnormal }
        else { self = .normal }
    }
}

extension IEEEFormat {
    /// 2^emin, the least positive normal value.
    package var leastNormalValue: Double { Double(sign: .plus, exponent: minExponent, significand: 1) }

    /// Every finite value of the format in ascending order, −0 before +0: 63,488 for binary16,
    /// 65,280 for bfloat16 (2^16 less the 2·2^(p−1) encodings of ±∞ and NaN). Only for the
    /// 16-bit formats.
    package var everyFiniteValue: [Double] {
        precondition(bitWidth == 16, "every finite value is listed for 16-bit formats only")
        let codec = self.codec
        var negative: [Double] = [], positive: [Double] = []
        for bits in UInt64(0) ..< (1 << 16) {
            let d = codec.double(bits)
            guard d.isFinite else { continue }
            if d.sign == .minus { negative.append(d) } else { positive.append(d) }
        }
        return negative.reversed() + positive
    }
}

/// `accuracy` and `derivative_accuracy` over **every** input of a 16-bit format: each finite
/// value (63,488 in binary16, 65,280 in bfloat16), then ±∞ and NaN besides, measured with the
/// rule of ``Accuracy`` against the correctly rounded truth — a theorem about the format's kernel
/// instead of a sample.
///
/// Cost: Ziv's first step, shared by f and f′. One enclosure of (f(x), f′(x)) at 64 bits (a
/// ``Dual`` over ``MPFRInterval``, or f and the hand-written derivative; branches decided over
/// the point, in MPFR's widest exponent range) is turned into a `Double` enclosure by directed
/// rounding; when both of its ends round to the same value of the format, that value is the
/// correctly rounded truth (rounding is monotone). When the kernel computed exactly that value,
/// its error is under half an ulp — inside every tolerance of the rule, which is at least k/2
/// ulps — and nothing more is needed. Every other input (an undecided rounding, a branch the
/// point enclosure cannot decide, a kernel result that is not the correctly rounded one, ±∞,
/// NaN) is measured as the sampled run measures it, with ``AccuracyTruth``'s Ziv loops at 128
/// bits. A good kernel sends a handful of inputs there; a bad one pays for its failures.
///
/// Classification: every finite input counts in one ``ExactClass`` per quantity (normal,
/// subnormal, zero, overflow, infinite, NaN), so the inputs where f or f′ overflows, underflows
/// or is NaN by definition are counted, never skipped.
package enum ExhaustiveAccuracy {
    /// The formats run exhaustively.
    package static let formats: [IEEEFormat] = [.binary16, .bfloat16]

    /// The running summary of one quantity in one format (exhaustive or sampled).
    package struct Tally: Sendable {
        package var format: IEEEFormat
        package var quantity: AccuracyQuantity
        package var k: Double
        /// Finite inputs measured.
        package var cases = 0
        /// ±∞ and NaN measured besides.
        package var specials = 0
        package var failures = 0
        package var correctlyRounded = 0
        /// The largest ulp error and its first input (−1 before the first input).
        package var maxULPs = -1.0
        package var at = 0.0
        package var classes: [ExactClass: Int] = [:]
        /// The finite failure with the largest ulp error (first in input order among equals).
        package var worst: AccuracyMeasurement? = nil
        /// The first failure that is no amount of ulps, and the inputs that fail so.
        package var firstNonFinite: AccuracyMeasurement? = nil
        package var nonFiniteInputs: Set<UInt64> = []
        /// Inputs whose truth the Ziv loop could not certify within its precision cap.
        package var uncertified = 0

        /// Counts an input whose kernel result is the correctly rounded value, `ulps` off the exact one.
        mutating func addCorrectlyRounded(x: Double, ulps: Double, class c: ExactClass) {
            cases += 1
            correctlyRounded += 1
            classes[c, default: 0] += 1
            if ulps > maxULPs { maxULPs = ulps; at = x }
        }

        /// Counts a fully measured input (`finite`: a finite input, else a special besides).
        mutating func add(_ m: AccuracyMeasurement, class c: ExactClass, finite: Bool) {
            if finite { cases += 1; classes[c, default: 0] += 1 } else { specials += 1 }
            if finite && m.isCorrectlyRounded { correctlyRounded += 1 }
            if !m.certified { uncertified += 1 }
            if m.ulps > maxULPs { maxULPs = m.ulps; at = m.x }
            guard !m.withinTolerance else { return }
            failures += 1
            if m.isFinite {
                if worst.map({ m.ulps > $0.ulps }) ?? true { worst = m }
            } else {
                nonFiniteInputs.insert(m.x.bitPattern)
                if firstNonFinite == nil { firstNonFinite = m }
            }
        }

        /// The summary (`exhaustive`: the cases are every finite input of the format).
        package func formatAccuracy(exhaustive: Bool) -> FormatAccuracy {
            let others = nonFiniteInputs.count - 1
            var f = FormatAccuracy(format: format, maxULPs: Swift.max(maxULPs, 0), at: at, cases: cases, failures: failures,
                                   correctlyRounded: correctlyRounded, k: k,
                                   nonFinite: firstNonFinite.map { $0.nonFiniteText + (others > 0 ? " (and \(others) other x)" : "") })
            f.exhaustive = exhaustive
            f.specials = specials
            f.uncertified = uncertified
            f.classes = ExactClass.allCases.map { ($0, classes[$0] ?? 0) }
            return f
        }
    }

    /// f(x) and the backward f′(x) enclosed at 64 bits with every branch decided, or nil when a
    /// branch is not decided over the point enclosure (a tie the constants' enclosures straddle).
    static func enclosures(_ activation: any Activation, at x: Double) -> (MPFRInterval, MPFRInterval)? {
        let (r, ambiguous) = BigFloat.withWidestExponentRange {
            IntervalAmbiguity.withTracking { activation.valueAndDerivative(at: MPFRInterval(BigFloat(x, precision: 64))) }
        }
        return ambiguous == 0 ? r : nil
    }

    /// The value of `format` every point of `e` rounds to (nearest, ties to even), or nil when
    /// its ends round differently or it holds NaN. The ends are first rounded outward to
    /// `Double`, which holds every value of the format: rounding is monotone, so when both
    /// outward ends round to one value, every point between them does.
    static func decidedRounding(_ e: MPFRInterval, in format: IEEEFormat) -> Double? {
        guard !e.isNaN else { return nil }
        let low = format.rounded(Double(e.lower, rounding: .down)), high = format.rounded(Double(e.upper, rounding: .up))
        return low == high ? low : nil
    }

    /// |y − v| in ulps of `format` at v, for a finite y and v (subnormal aware, as ``Accuracy``).
    static func ulps(_ y: Double, from v: Double, in format: IEEEFormat) -> Double {
        let e = v == 0 ? format.minExponent : Int(v.exponent)
        let q = Swift.min(Swift.max(e, format.minExponent), format.maxExponent) - format.precision + 1
        return Swift.abs(y - v) * Double(sign: .plus, exponent: -q, significand: 1)
    }

    /// What one quantity at one input came to: correctly rounded (its error in ulps and its
    /// class), or a full measurement.
    enum Outcome {
        case correctlyRounded(ulps: Double, ExactClass)
        case measured(AccuracyMeasurement)
    }

    /// Both quantities of `activation`'s `format` kernel over every input, against
    /// `truthActivation` (the function with its parameters as the kernel holds them); `k` per
    /// quantity. The derivative at ±∞ is measured only when the activation declares its tails.
    /// `inputs` (every finite value of the format unless given) and `blocks` (false: every input
    /// on its own, as the block models' cross-check) are for tests.
    package static func run(_ activation: any Activation, in format: IEEEFormat, k: [AccuracyQuantity: Double],
                            truthActivation: any Activation, inputs: [Double]? = nil, blocks: Bool = true) -> [AccuracyQuantity: Tally] {
        let xs = inputs ?? format.everyFiniteValue
        var outcomes = [[Outcome?]](repeating: [Outcome?](repeating: nil, count: xs.count), count: AccuracyQuantity.allCases.count)
        let computed = AccuracyQuantity.allCases.map { quantity in
            xs.map { quantity == .value ? format.value(of: activation, at: $0) : format.derivative(of: activation, at: $0) }
        }
        var pending: [Int] = blocks ? [] : Array(xs.indices)
        for start in stride(from: 0, to: blocks ? xs.count : 0, by: firstBlock) {
            block(xs, start ..< Swift.min(start + firstBlock, xs.count), truthActivation, format, computed, &outcomes, &pending)
        }
        for i in pending {
            measure(truthActivation, at: xs[i], in: format, computed: computed.map { $0[i] }, k: k) { q, o in outcomes[q][i] = o }
        }
        var tallies = Dictionary(uniqueKeysWithValues: AccuracyQuantity.allCases.map {
            ($0, Tally(format: format, quantity: $0, k: k[$0]!))
        })
        for (q, quantity) in AccuracyQuantity.allCases.enumerated() {
            for (i, x) in xs.enumerated() {
                switch outcomes[q][i]! {
                case .correctlyRounded(let ulps, let c): tallies[quantity]!.addCorrectlyRounded(x: x, ulps: ulps, class: c)
                case .measured(let m): tallies[quantity]!.add(m, class: ExactClass(m), finite: true)
                }
            }
        }
        for x in [Double.infinity, -.infinity, .nan] {   // the generator's order of the specials
            let truth = AccuracyTruth(truthActivation, at: x)
            for quantity in AccuracyQuantity.allCases where quantity == .value || x.isNaN || activation.tails != nil {
                let m = Accuracy.measure(activation, quantity, in: format, at: x, k: k[quantity]!, truth: truth)
                tallies[quantity]!.add(m, class: ExactClass(m), finite: false)
            }
        }
        return tallies
    }

    /// Inputs per block at the start; blocks whose model leaves too many inputs undecided are halved.
    static let firstBlock = 1024
    /// Blocks this small go input by input.
    static let smallestBlock = 8

    /// The inputs `range` of `xs` by one ``BlockTaylorModel``: each input whose enclosure
    /// decides its rounding, and whose kernel result is that value, is settled; the others are
    /// added to `pending`. A block the model cannot describe (a branch switch inside) or that
    /// leaves more than an eighth of its inputs undecided is halved, down to ``smallestBlock``.
    static func block(_ xs: [Double], _ range: Range<Int>, _ truthActivation: any Activation, _ format: IEEEFormat,
                      _ computed: [[Double]], _ outcomes: inout [[Outcome?]], _ pending: inout [Int]) {
        func halves() {
            let mid = range.lowerBound + range.count / 2
            block(xs, range.lowerBound ..< mid, truthActivation, format, computed, &outcomes, &pending)
            block(xs, mid ..< range.upperBound, truthActivation, format, computed, &outcomes, &pending)
        }
        guard range.count > smallestBlock else { pending += Array(range); return }
        let centre = xs[range.lowerBound + range.count / 2]
        guard let model = BlockTaylorModel(truthActivation, from: xs[range.lowerBound], to: xs[range.upperBound - 1], centre: centre) else {
            return halves()
        }
        var settled: [(Int, Int, Outcome)] = [], undecided: Set<Int> = []
        // Where the block's whole range rounds to one value, that value is every input's truth.
        let single = AccuracyQuantity.allCases.map { quantity -> Double? in
            let r = model.range(quantity)
            let low = format.rounded(r.lower), high = format.rounded(r.upper)
            return !r.isNaN && low == high ? low : nil
        }
        for i in range {
            for (q, quantity) in AccuracyQuantity.allCases.enumerated() {
                let y = computed[q][i]
                if let r = single[q] {
                    guard y == r else { undecided.insert(i); continue }
                    let e = model.enclosure(quantity, at: xs[i]).flatMap { $0.isNaN || !$0.lower.isFinite || !$0.upper.isFinite ? nil : $0 }
                    // The error is under half an ulp; its amount, from the polynomial where that is finite.
                    let error = r.isInfinite ? 0 : e.map { ulps(y, from: $0.lower / 2 + $0.upper / 2, in: format) } ?? 0.5
                    settled.append((q, i, .correctlyRounded(ulps: Swift.min(error, 0.5), ExactClass(exactIsNaN: false, exactIsInfinite: false, rounded: r, in: format))))
                    continue
                }
                guard let e = model.enclosure(quantity, at: xs[i]) else { undecided.insert(i); continue }
                let low = format.rounded(e.lower), high = format.rounded(e.upper)
                guard low == high, y == low else { undecided.insert(i); continue }
                let error = low.isInfinite ? 0 : ulps(y, from: e.lower / 2 + e.upper / 2, in: format)
                settled.append((q, i, .correctlyRounded(ulps: error, ExactClass(exactIsNaN: false, exactIsInfinite: false, rounded: low, in: format))))
            }
        }
        if undecided.count > range.count / 8 { return halves() }
        for (q, i, o) in settled where !undecided.contains(i) { outcomes[q][i] = o }
        pending += undecided.sorted()
    }

    /// One finite input, both quantities, on its own: Ziv's first step at 64 bits when it
    /// decides, else the full measure. `record(q, outcome)` receives each quantity's outcome.
    static func measure(_ truthActivation: any Activation, at x: Double, in format: IEEEFormat, computed: [Double],
                        k: [AccuracyQuantity: Double], record: (Int, Outcome) -> Void) {
        let first = enclosures(truthActivation, at: x)
        var truth: AccuracyTruth? = nil
        for (q, quantity) in AccuracyQuantity.allCases.enumerated() {
            let y = computed[q]
            if let e = first.map({ quantity == .value ? $0.0 : $0.1 }), let r = decidedRounding(e, in: format), y == r {
                let exactInfinite = e.lower.isInfinite && e.upper.isInfinite
                let error = r.isInfinite ? 0 : ulps(y, from: Double(e.lower), in: format)
                record(q, .correctlyRounded(ulps: error, ExactClass(exactIsNaN: false, exactIsInfinite: exactInfinite, rounded: r, in: format)))
                continue
            }
            if truth == nil { truth = AccuracyTruth(truthActivation, at: x) }
            record(q, .measured(Accuracy.measure(computed: y, truth: truth!, quantity, in: format, k: k[quantity]!)))
        }
    }
}

extension ExactClass {
    /// The class of a measurement's exact value.
    init(_ m: AccuracyMeasurement) {
        self.init(exactIsNaN: m.exact.isNaN, exactIsInfinite: m.exact.isInfinite, rounded: m.rounded, in: m.format)
    }
}

