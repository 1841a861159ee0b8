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

    /// The position in `allCases`.
    package var ordinal: Int {
        switch self {
        case .normal: 0
        case .subnormal: 1
        case .zero: 2
        case .overflow: 3
        case .infinite: 4
        case .nan: 5
        }
    }

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
/// Cost: Ziv's first step, shared by f and f′, in three tiers. (1) A ``BlockTaylorModel`` per
/// block of consecutive inputs (1,024 at first, halved where a branch switches inside or too
/// many inputs stay undecided) gives each input an enclosure of f(x) and f′(x) in outward-rounded
/// `Double`; (2) an input it leaves undecided gets its own enclosure at 64 bits (a ``Dual`` over
/// ``MPFRInterval``, branches decided over the point, MPFR's widest exponent range); (3) the rest
/// — a kernel result that is not the correctly rounded one, a rounding no enclosure decides, ±∞,
/// NaN — is measured as the sampled formats are, with ``AccuracyTruth``'s Ziv loops at 128 bits.
/// An enclosure settles an input when both of its ends round to the same value of the format
/// (rounding is monotone, so every point between them does) and the kernel computed exactly that
/// value — its error is then under half an ulp, inside every tolerance of the rule (at least k/2
/// ulps) — or a value whose distance from every point of the enclosure is under k/2 ulps (a
/// kernel a few ulps off, as float32 kernels often are, still settled without a Ziv loop; counted
/// as not correctly rounded). The error itself is kept to 2⁻³⁰ ulp (2⁻²⁰ in binary32: ``resolution(in:)``) where the enclosure is that
/// narrow, else as the range the enclosure allows; the inputs whose range reaches the largest
/// error found are measured again alone (``narrowCandidates``), so the reported maximum and where
/// it is are those of the exact errors to that resolution. A good kernel sends a few hundred
/// inputs past the first tier; a bad one pays for its failures.
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
        /// Finite inputs per ``ExactClass``, in `allCases` order.
        package var classes = [Int](repeating: 0, count: ExactClass.allCases.count)
        /// The finite failure with the largest ulp error (first in input order among equals).
        package var worst: AccuracyMeasurement? = nil
        /// The first failure that is no amount of ulps, and the inputs that fail so.
        package var firstNonFinite: AccuracyMeasurement? = nil
        package var nonFiniteInputs: Set<UInt64> = []
        /// Inputs whose truth the Ziv loop could not certify within its precision cap.
        package var uncertified = 0

        /// Counts an input settled within tolerance, `ulps` off the exact value (its kernel result
        /// the correctly rounded value, or not).
        mutating func addSettled(x: Double, ulps: Double, class c: ExactClass, correctlyRounded isCorrectlyRounded: Bool) {
            cases += 1
            if isCorrectlyRounded { correctlyRounded += 1 }
            classes[c.ordinal] += 1
            if ulps > maxULPs { maxULPs = ulps; at = x }
        }

        /// Counts a fully measured input (`finite`: a finite input, else a special besides).
        mutating func add(_ m: AccuracyMeasurement, class c: ExactClass, finite: Bool) {
            if finite { cases += 1; classes[c.ordinal] += 1 } else { specials += 1 }
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
            ExhaustiveSummary(self).formatAccuracy(exhaustive: exhaustive, domain: .all)
        }
    }

    /// f(x) and the backward f′(x) enclosed at 64 bits with every branch decided, or nil when a
    /// branch is not decided over the point enclosure (a tie the constants' enclosures straddle).
    static func enclosures(_ activation: any Activation, at x: Double, precision: Int = 64) -> (MPFRInterval, MPFRInterval)? {
        let (r, ambiguous) = BigFloat.withWidestExponentRange {
            IntervalAmbiguity.withTracking { activation.valueAndDerivative(at: MPFRInterval(BigFloat(x, precision: precision))) }
        }
        return ambiguous == 0 ? r : nil
    }

    /// The resolution of the errors the first step reports: 2⁻³⁰ ulp. An enclosure narrower
    /// than half of that gives the error rounded to a multiple of it, within the resolution of
    /// the exact one (an exact kernel result reports 0).
    static let resolution = 0x1p-30

    /// The resolution in `format`: 2⁻³⁰ ulp for the 16-bit formats; 2⁻²⁰ ulp (10⁻⁶, below
    /// every digit printed) for binary32, whose ulp is only 2²⁹ of `Double`'s: the one-ulp
    /// widening of each outward-rounded `Double` operation (2⁻²⁹ to 2⁻²⁸ ulp of a float32 each,
    /// a few of them per Horner sum) would otherwise leave every error a range — and send every
    /// input of an exact kernel to be measured again alone.
    package static func resolution(in format: IEEEFormat) -> Double { format.bitWidth > 16 ? 0x1p-20 : resolution }

    /// The outcome of a computed `y` against an enclosure `e` of the exact value: correctly
    /// rounded when both ends of `e` round to y in `format` (rounding is monotone, so every point
    /// between them does); nil otherwise (or for NaN). Its error in ulps: to the ``resolution``
    /// when `e` is that narrow, else the range e allows (``Outcome/correctlyRounded(ulps:upTo:_:)``,
    /// narrowed afterwards where it could be the largest). `exactInfinite`: e is ±∞ exactly.
    ///
    /// `within` (half the quantity's k): a finite y that is *not* the decided rounding is settled
    /// too (``Outcome/close(ulps:upTo:_:)``) when its error is certainly below `within` ulps, or
    /// below `allowed` (``allowed(_:_:x:k:in:)``, the tolerance's own lower bound) — the
    /// rule's tolerance is never under k/2 ulps (k·u·|f| ≥ k/2 ulps of f; k·λ/2 for subnormals),
    /// so such an input is within it whatever the conditioning term: a kernel a few ulps off
    /// costs no Ziv loop per input.
    static func settle(_ y: Double, _ e: OutwardInterval, in format: IEEEFormat, exactInfinite: Bool = false,
                       within: Double = 0, allowed: Double = 0) -> Outcome? {
        guard !e.isNaN else { return nil }
        let r = format.rounded(e.lower)
        guard r == format.rounded(e.upper) else { return nil }
        let isCorrectlyRounded = y == r
        let c = ExactClass(exactIsNaN: false, exactIsInfinite: exactInfinite, rounded: r, in: format)
        // y = ±∞ where the exact value rounds there: 0 ulps, as ``Accuracy`` counts an overflow.
        if isCorrectlyRounded && r.isInfinite { return .correctlyRounded(ulps: 0, upTo: 0, c) }
        guard isCorrectlyRounded || (y.isFinite && r.isFinite && e.lower.isFinite && e.upper.isFinite) else { return nil }
        // 1/ulp over e: largest at the end nearer 0 (e does not straddle 0 unless r = 0, where
        // the ulp is the least subnormal throughout).
        func scale(_ v: Double) -> Double { Double(sign: .plus, exponent: -ulpExponent(of: v, in: format), significand: 1) }
        let (sLow, sHigh) = (Swift.min(scale(e.lower), scale(e.upper)), Swift.max(scale(e.lower), scale(e.upper)))
        let distance = Swift.max(Swift.abs(y - e.lower), Swift.abs(e.upper - y))
        // Not the rounding: below k/2 ulps, or below a lower bound of the tolerance itself.
        guard isCorrectlyRounded || distance * sHigh < within || distance < allowed else { return nil }
        func outcome(_ low: Double, _ high: Double) -> Outcome {
            isCorrectlyRounded ? .correctlyRounded(ulps: low, upTo: high, c) : .close(ulps: low, upTo: high, c)
        }
        let resolution = resolution(in: format)
        // To the resolution when e is that narrow (and, off the rounding, inside one binade).
        if (isCorrectlyRounded || sLow == sHigh) && (e.upper - e.lower) * sHigh < resolution / 2 {
            let q = (Swift.abs(y - (e.lower / 2 + e.upper / 2)) * sHigh / resolution).rounded() * resolution
            return outcome(q, q)
        }
        let nearest = y < e.lower ? e.lower - y : y > e.upper ? y - e.upper : 0
        return outcome(nearest * sLow, isCorrectlyRounded ? Swift.min(distance * sHigh, 0.5) : distance * sHigh)
    }

    /// A lower bound of the tolerance k·u·(|f| + |x·f′|) + k·λ/2 from enclosures of f and f′ at x
    /// (for the derivative: of f′ and f″), 0 without them: a kernel many ulps off where f is
    /// ill-conditioned (silu far left, e^(x + ln|x|) in float: 68 ulps, about 280 allowed) is then
    /// settled without a Ziv loop. Rounded down by a margin far above `Double`'s rounding of the
    /// few operations.
    static func allowed(_ f: OutwardInterval?, _ slope: OutwardInterval?, x: Double, k: Double, in format: IEEEFormat) -> Double {
        guard let f, let slope, !f.isNaN, !slope.isNaN else { return 0 }
        func least(_ e: OutwardInterval) -> Double { e.lower > 0 ? e.lower : e.upper < 0 ? -e.upper : 0 }
        let t = k * format.unitRoundoff * (least(f) + Swift.abs(x) * least(slope)) + k * format.leastSubnormalValue / 2
        return t.isFinite ? t * (1 - 0x1p-40) : 0
    }

    /// The exponent of `format`'s ulp at v (subnormal aware, as ``Accuracy/ulpExponent(of:in:)``).
    static func ulpExponent(of v: Double, in format: IEEEFormat) -> Int {
        let e = v == 0 ? format.minExponent : Int(v.exponent)
        return Swift.min(Swift.max(e, format.minExponent), format.maxExponent) - format.precision + 1
    }

    /// What one quantity at one input came to: correctly rounded (its error in ulps, between
    /// `ulps` and `upTo`, equal when known to the ``resolution``, and its class), or a full
    /// measurement (its index in ``Results/measurements``). No reference counting: a run holds
    /// four of them per input.
    enum Outcome {
        case correctlyRounded(ulps: Double, upTo: Double, ExactClass)
        /// Not the correctly rounded value, but within the tolerance for certain (``settle(_:_:in:exactInfinite:within:allowed:)``).
        case close(ulps: Double, upTo: Double, ExactClass)
        case measured(Int)

        /// An error known only as a range.
        var isRange: Bool {
            switch self {
            case .correctlyRounded(let low, let high, _), .close(let low, let high, _): low != high
            case .measured: false
            }
        }
    }

    /// Every input's outcome per quantity, and the full measurements they point to.
    struct Results {
        var outcomes: [[Outcome?]]
        var measurements: [AccuracyMeasurement] = []

        init(inputs: Int) {
            outcomes = [[Outcome?]](repeating: [Outcome?](repeating: nil, count: inputs), count: AccuracyQuantity.allCases.count)
        }

        mutating func record(_ q: Int, _ i: Int, _ m: AccuracyMeasurement) {
            outcomes[q][i] = .measured(measurements.count)
            measurements.append(m)
        }

        /// The error's lower bound at input i.
        func error(_ q: Int, _ i: Int) -> Double {
            switch outcomes[q][i]! {
            case .correctlyRounded(let low, _, _), .close(let low, _, _): low
            case .measured(let j): measurements[j].ulps
            }
        }
    }

    /// Both quantities of `activation`'s `format` kernel over every input, against
    /// `truthActivation` (the function with its parameters as the kernel holds them); `k` per
    /// quantity. The derivative at ±∞ is measured only when the activation declares its tails.
    /// `inputs` (every finite value of the format unless given: the ones of an
    /// ``AccuracyDomain``, in ascending order), `specials` (false: ±∞ and NaN left out) and
    /// `blocks` (false: every input on its own, as the block models' cross-check, for tests).
    package static func run(_ activation: any Activation, in format: IEEEFormat, k: [AccuracyQuantity: Double],
                            truthActivation: any Activation, inputs: [Double]? = nil, specials: Bool = true,
                            blocks: Bool = true, computed given: [(value: Double, derivative: Double)]? = nil) -> [AccuracyQuantity: Tally] {
        let xs = inputs ?? format.everyFiniteValue
        var results = Results(inputs: xs.count)
        // Another program's kernel (a framework's dump) when given, else the activation's own.
        let kernels = given ?? KinkCheck.kernels(of: activation, xs, in: format)
        let computed = [kernels.map(\.value), kernels.map(\.derivative)]   // AccuracyQuantity.allCases' order
        var pending: [Int] = blocks ? [] : Array(xs.indices)
        let halfK = AccuracyQuantity.allCases.map { k[$0]! / 2 }
        var profile = PhaseProfile("\(activation.spec) \(format.name)")
        defer { profile.finish() }
        for start in stride(from: 0, to: blocks ? xs.count : 0, by: firstBlock) {
            block(xs, start ..< Swift.min(start + firstBlock, xs.count), truthActivation, format, computed, halfK, &results, &pending)
        }
        profile.mark("blocks (\(xs.count - pending.count) of \(xs.count) inputs settled)")
        for i in pending {
            measure(truthActivation, at: i, xs, in: format, computed: computed, k: k, into: &results)
        }
        profile.mark("\(pending.count) inputs one by one (\(results.measurements.count) full measures)")
        narrowCandidates(xs, truthActivation, format, computed, k, &results)
        profile.mark("narrowing")
        var tallies: [AccuracyQuantity: Tally] = [:]
        for (q, quantity) in AccuracyQuantity.allCases.enumerated() {
            var tally = Tally(format: format, quantity: quantity, k: k[quantity]!)
            for (i, x) in xs.enumerated() {
                switch results.outcomes[q][i]! {
                case .correctlyRounded(let ulps, _, let c): tally.addSettled(x: x, ulps: ulps, class: c, correctlyRounded: true)
                case .close(let ulps, _, let c): tally.addSettled(x: x, ulps: ulps, class: c, correctlyRounded: false)
                case .measured(let j): tally.add(results.measurements[j], class: ExactClass(results.measurements[j]), finite: true)
                }
            }
            tallies[quantity] = tally
        }
        if specials { measureSpecials(activation, in: format, k: k, truthActivation: truthActivation, into: &tallies) }
        return tallies
    }

    /// The specials in the generator's order: +∞, −∞, NaN.
    package static let specialInputs: [Double] = [.infinity, -.infinity, .nan]

    /// ±∞ and NaN, in the generator's order of the specials, added to `tallies` besides the
    /// finite inputs. The derivative at ±∞ is measured only when the activation declares its tails.
    /// `computed`: another kernel's results at the three (a framework's dump), else the activation's.
    package static func measureSpecials(_ activation: any Activation, in format: IEEEFormat, k: [AccuracyQuantity: Double],
                                        truthActivation: any Activation, into tallies: inout [AccuracyQuantity: Tally],
                                        computed: [(value: Double, derivative: Double)]? = nil) {
        for (s, x) in specialInputs.enumerated() {
            let truth = AccuracyTruth(truthActivation, at: x)
            for quantity in AccuracyQuantity.allCases where quantity == .value || x.isNaN || activation.tails != nil {
                let m = computed.map { c in
                    Accuracy.measure(computed: quantity == .value ? c[s].value : c[s].derivative, truth: truth, quantity, in: format, k: k[quantity]!)
                } ?? Accuracy.measure(activation, quantity, in: format, at: x, k: k[quantity]!, truth: truth)
                tallies[quantity]!.add(m, class: ExactClass(m), finite: false)
            }
        }
    }

    /// The largest error is a maximum over every input, so the inputs whose error is known only
    /// as a range (a block model's enclosure was wide) and might reach the largest lower bound are
    /// measured again on their own (a 64-bit point enclosure, else the 128-bit truth); the others
    /// stay below it whatever their exact error.
    static func narrowCandidates(_ xs: [Double], _ truthActivation: any Activation, _ format: IEEEFormat, _ computed: [[Double]],
                                 _ k: [AccuracyQuantity: Double], _ results: inout Results) {
        var again: Set<Int> = []
        for q in results.outcomes.indices {
            let floor = xs.indices.map { results.error(q, $0) }.max() ?? 0
            for (i, o) in results.outcomes[q].enumerated() {
                switch o {
                case .correctlyRounded(_, let high, _)?, .close(_, let high, _)?: if o!.isRange && high >= floor { again.insert(i) }
                default: break
                }
            }
        }
        for i in again.sorted() {
            measure(truthActivation, at: i, xs, in: format, computed: computed, k: k, exactly: true, into: &results)
        }
    }

    /// Inputs per block at the start; blocks whose model leaves too many inputs undecided are halved.
    package static let firstBlock = 1024
    /// Blocks this small go input by input.
    static let smallestBlock = 8

    /// The inputs `range` of `xs` by one ``BlockTaylorModel``: each input whose enclosure
    /// decides its rounding, and whose kernel result is that value or certainly within k/2 ulps
    /// of every point of the enclosure, is settled; the others are
    /// added to `pending`. A block the model cannot describe (a branch switch inside) or that
    /// leaves more than an eighth of its inputs undecided is halved, down to ``smallestBlock``.
    static func block(_ xs: [Double], _ range: Range<Int>, _ truthActivation: any Activation, _ format: IEEEFormat,
                      _ computed: [[Double]], _ halfK: [Double], _ results: inout Results, _ pending: inout [Int]) {
        func halves() {
            let mid = range.lowerBound + range.count / 2
            block(xs, range.lowerBound ..< mid, truthActivation, format, computed, halfK, &results, &pending)
            block(xs, mid ..< range.upperBound, truthActivation, format, computed, halfK, &results, &pending)
        }
        guard range.count > smallestBlock else { pending += Array(range); return }
        let centre = xs[range.lowerBound + range.count / 2]
        guard let model = BlockTaylorModel(truthActivation, from: xs[range.lowerBound], to: xs[range.upperBound - 1], centre: centre) else {
            return halves()
        }
        var settled: [(Int, Int, Outcome)] = [], undecided = [Bool](repeating: false, count: range.count)
        for i in range {
            // f and the backward at x: the polynomials (each once: f's tolerance needs both).
            let (value, backward) = (model.enclosure(.value, at: xs[i]), model.enclosure(.derivative, at: xs[i]))
            for (q, quantity) in AccuracyQuantity.allCases.enumerated() {
                // The polynomial at x, else the enclosure over the whole block (the tails, where
                // a polynomial in a huge t = x − c is useless but f is flat to the format).
                let y = computed[q][i]
                let within = halfK[q], enclosure = quantity == .value ? value : backward
                // The tolerance's conditioning term as ``AccuracyTruth`` has it: the backward at x
                // for the value, the definition's f″ over the block for the derivative.
                let slope = quantity == .value ? backward : model.secondDerivativeRange
                let allowed = Self.allowed(enclosure, slope, x: xs[i], k: 2 * within, in: format)
                if let o = enclosure.flatMap({ settle(y, $0, in: format, within: within, allowed: allowed) })
                    ?? settle(y, model.range(quantity), in: format, within: within) {
                    settled.append((q, i, o))
                } else {
                    undecided[i - range.lowerBound] = true
                }
            }
        }
        let left = range.filter { undecided[$0 - range.lowerBound] }
        if left.count > range.count / 8 { return halves() }
        for (q, i, o) in settled where !undecided[i - range.lowerBound] { results.outcomes[q][i] = o }
        pending += left
    }

    /// Whether a computed ±∞ is certainly outside the rule for an exact value in `f`: of the
    /// other sign, or a gap to the overflow threshold more than twice the largest tolerance f and
    /// f′'s enclosures allow (``Accuracy/measure(computed:truth:_:in:k:)`` admits ±∞ only within
    /// tolerance of the threshold).
    static func infinityIsWrong(_ y: Double, _ f: MPFRInterval, _ slope: MPFRInterval, x: Double, in format: IEEEFormat, k: Double) -> Bool {
        if (y > 0 && f.upper.signum <= 0) || (y < 0 && f.lower.signum >= 0) { return true }
        let largest = BigFloat.max(BigFloat.abs(f.lower), BigFloat.abs(f.upper))
        let condition = BigFloat.abs(BigFloat(x, precision: 64)) * BigFloat.max(BigFloat.abs(slope.lower), BigFloat.abs(slope.upper))
        let allowed = Accuracy.tolerance(largest, condition: condition, in: format, k: k)
        return allowed.isFinite && Accuracy.overflowThreshold(format) - BigFloat(largest, precision: 64) > 2 * allowed
    }

    /// The precisions of the point enclosures tried before the full truth: 64 bits decides
    /// nearly every input; more where an enclosure straddles a rounding boundary of the format —
    /// a definition that cancels (log(1 + eˣ) far left holds 1 + eˣ to the working precision, so
    /// its enclosure of a tiny f is [0, 2⁻ʷ]) — which the 128-bit truth's Ziv loop would chase
    /// to its cap of 16,384 bits.
    static let enclosurePrecisions = [64, 256, 1024]

    /// Input i on its own, both quantities: Ziv's first steps (``enclosurePrecisions``) while an
    /// enclosure does not yet decide the rounding, else the full measure (a result that is not the
    /// exact value correctly rounded is measured against the certified truth). `exactly`: only
    /// the quantities whose error is still a range are measured again, and only an error known to
    /// the resolution will do (else the full measure).
    static func measure(_ truthActivation: any Activation, at i: Int, _ xs: [Double], in format: IEEEFormat, computed: [[Double]],
                        k: [AccuracyQuantity: Double], exactly: Bool = false, into results: inout Results) {
        let x = xs[i]
        var open = AccuracyQuantity.allCases.indices.filter { !exactly || results.outcomes[$0][i]?.isRange == true }
        var full: [Int] = []
        for precision in enclosurePrecisions where !open.isEmpty {
            guard let pair = enclosures(truthActivation, at: x, precision: precision) else { continue }
            open = open.filter { q in
                let y = computed[q][i]
                let e = q == 0 ? pair.0 : pair.1, o = OutwardInterval(e)
                let allowed = q == 0 ? Self.allowed(o, OutwardInterval(pair.1), x: x, k: k[.value]!, in: format) : 0
                if let settled = settle(y, o, in: format, exactInfinite: e.lower.isInfinite && e.upper.isInfinite,
                                        within: k[AccuracyQuantity.allCases[q]]! / 2, allowed: allowed),
                   !exactly || !settled.isRange {
                    results.outcomes[q][i] = settled
                    return false
                }
                // Decided, and y is not it: the full measure (no narrower enclosure changes that) —
                // unless y is NaN or a ∞ the rule cannot admit, where the decided rounding is all
                // there is to say.
                let r = format.rounded(o.lower)
                guard !o.isNaN, r == format.rounded(o.upper), y != r else { return true }
                if !y.isFinite, r.isFinite, o.lower.isFinite, o.upper.isFinite,
                   y.isNaN || (q == 0 && infinityIsWrong(y, e, pair.1, x: x, in: format, k: k[.value]!)) {
                    results.record(q, i, Accuracy.nonFinite(computed: y, exact: e.lower, rounded: r, x: x,
                                                            AccuracyQuantity.allCases[q], in: format, k: k[AccuracyQuantity.allCases[q]]!))
                    return false
                }
                full.append(q)
                return false
            }
        }
        var truth: AccuracyTruth? = nil
        for q in (full + open).sorted() {
            let quantity = AccuracyQuantity.allCases[q]
            if truth == nil { truth = AccuracyTruth(truthActivation, at: x) }
            results.record(q, i, Accuracy.measure(computed: computed[q][i], truth: truth!, quantity, in: format, k: k[quantity]!))
        }
    }
}

extension ExactClass {
    /// The class of a measurement's exact value.
    init(_ m: AccuracyMeasurement) {
        self.init(exactIsNaN: m.exact.isNaN, exactIsInfinite: m.exact.isInfinite, rounded: m.rounded, in: m.format)
    }
}

