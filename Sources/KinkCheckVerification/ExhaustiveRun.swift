import BigFloat
import KinkCheck
import KinkCheckAnalysis
import KinkCheckSupport

/// Another program's f and f′ at the finite inputs of a format, by index (a framework's dump read
/// from a file), and at +∞, −∞ and NaN.
package protocol Kernel: Sendable {
    /// (f, f′) at the input of index i (``FiniteValues``).
    func results(at i: Int) -> (value: Double, derivative: Double)
    /// (f, f′) at the special s: 0 +∞, 1 −∞, 2 NaN.
    func special(_ s: Int) -> (value: Double, derivative: Double)
}

/// Every finite value of a format of at most 32 bits, by its index in ascending order (−0 before
/// +0): 63,488 in binary16, 65,280 in bfloat16, 2³² − 2²⁴ in binary32.
package struct FiniteValues: Sendable {
    package let format: IEEEFormat

    package init?(_ format: IEEEFormat) {
        guard format.bitWidth <= 32 else { return nil }
        self.format = format
    }

    /// 2^w less the 2^p encodings of ±∞ and NaN.
    package var count: Int { (1 << format.bitWidth) - (1 << format.precision) }

    /// The value at index i: the negatives from the largest magnitude down to −0, then +0 up.
    @inline(__always)
    package func value(_ i: Int) -> Double {
        let half = count / 2
        let bits = i < half ? (UInt64(1) << (format.bitWidth - 1)) | UInt64(half - 1 - i) : UInt64(i - half)
        return format == .binary32 ? Double(Float(bitPattern: UInt32(truncatingIfNeeded: bits))) : format.codec.double(bits)
    }

    /// The index of x, a finite value of the format (nil for anything else): ``value(_:)``'s inverse.
    package func index(of x: Double) -> Int? {
        let codec = format.codec, bits = codec.bits(rounding: x)
        guard x.isFinite, codec.double(bits).bitPattern == x.bitPattern else { return nil }
        let sign = UInt64(1) << (format.bitWidth - 1), half = count / 2
        return bits & sign != 0 ? half - 1 - Int(bits & ~sign) : half + Int(bits)
    }
}

/// Shard i of n of an exhaustive run: a contiguous range of whole blocks of
/// ``ExhaustiveAccuracy/firstBlock`` inputs, so a shard's block models are the unsharded run's.
/// The shards of one n are disjoint and cover every index; ±∞ and NaN belong to the last.
package enum ExhaustiveShard {
    package static func range(_ i: Int, of n: Int, total: Int) -> Range<Int> {
        let size = ExhaustiveAccuracy.firstBlock
        let blocks = (total + size - 1) / size
        let lo = (i - 1) * blocks / n, hi = i * blocks / n
        return Swift.min(lo * size, total) ..< Swift.min(hi * size, total)
    }
}

/// One quantity's result over a range of inputs, in the form shards are written in and merged
/// from: counts add, the largest error and the worst failure are the first largest in input
/// order. Merging the shards of a run in input order gives the unsharded run's summary.
package struct ExhaustiveSummary: Sendable, Equatable {
    package var format: IEEEFormat
    package var quantity: AccuracyQuantity
    package var k: Double
    package var cases = 0, specials = 0, failures = 0, correctlyRounded = 0, uncertified = 0
    /// The largest ulp error (−1 before the first input) and its first input.
    package var maxULPs = -1.0
    package var at = 0.0
    /// The tolerance at ``at`` in the same ulps (nil when the error is no number of ulps).
    package var toleranceAtMax: Double? = nil
    /// Finite inputs per ``ExactClass``, in `allCases` order.
    package var classes = [Int](repeating: 0, count: ExactClass.allCases.count)
    /// The finite failure with the largest ulp error: its error and its line.
    package var worstULPs: Double? = nil
    package var worstLine: String? = nil
    /// The first failure that is no amount of ulps (``AccuracyMeasurement/nonFiniteText``), and
    /// how many inputs fail so.
    package var firstNonFinite: String? = nil
    package var nonFiniteInputs = 0
    /// The parameters as the kernel holds them, where they differ from the exact ones.
    package var parameters: String? = nil

    package init(format: IEEEFormat, quantity: AccuracyQuantity, k: Double) {
        self.format = format; self.quantity = quantity; self.k = k
    }

    init(_ t: ExhaustiveAccuracy.Tally) {
        self.init(format: t.format, quantity: t.quantity, k: t.k)
        (cases, specials, failures, correctlyRounded, uncertified) = (t.cases, t.specials, t.failures, t.correctlyRounded, t.uncertified)
        (maxULPs, at, classes) = (t.maxULPs, t.at, t.classes)
        (worstULPs, worstLine) = (t.worst?.ulps, t.worst?.line)
        (firstNonFinite, nonFiniteInputs) = (t.firstNonFinite?.nonFiniteText, t.nonFiniteInputs.count)
    }

    /// `next`, the summary of the inputs after these, added.
    package mutating func append(_ next: ExhaustiveSummary) {
        cases += next.cases; specials += next.specials; failures += next.failures
        correctlyRounded += next.correctlyRounded; uncertified += next.uncertified
        for i in classes.indices { classes[i] += next.classes[i] }
        if next.maxULPs > maxULPs { (maxULPs, at, toleranceAtMax) = (next.maxULPs, next.at, next.toleranceAtMax) }
        if let u = next.worstULPs, worstULPs.map({ u > $0 }) ?? true { (worstULPs, worstLine) = (u, next.worstLine) }
        if firstNonFinite == nil { firstNonFinite = next.firstNonFinite }
        nonFiniteInputs += next.nonFiniteInputs
    }

    /// The format's accuracy (`exhaustive`: the inputs are every finite one of the format in `domain`).
    package func formatAccuracy(exhaustive: Bool, domain: AccuracyDomain) -> FormatAccuracy {
        let others = nonFiniteInputs - 1
        var f = FormatAccuracy(format: format, maxULPs: Swift.max(maxULPs, 0), at: at, cases: cases, failures: failures,
                               correctlyRounded: correctlyRounded, k: k,
                               nonFinite: firstNonFinite.map { $0 + (others > 0 ? " (and \(others) other x)" : "") })
        f.exhaustive = exhaustive
        f.domain = domain
        f.toleranceAtMax = toleranceAtMax
        f.parameters = parameters
        f.specials = specials
        f.uncertified = uncertified
        f.classes = ExactClass.allCases.map { ($0, classes[$0.ordinal]) }
        return f
    }
}

/// `accuracy` and `derivative_accuracy` of one activation over a range of the finite inputs of a
/// format of at most 32 bits (a shard of `check --exhaustive`): ``ExhaustiveAccuracy``'s three
/// tiers per chunk of ``chunk`` inputs, the chunks on every core, each reduced to an
/// ``ExhaustiveSummary`` at once, so memory stays that of a few chunks however many inputs.
/// Chunks start at multiples of ``chunk`` in the format's index, so a shard's chunks and block
/// models are those of the unsharded run.
package enum ExhaustiveRun {
    /// Inputs per chunk: 64 blocks.
    package static let chunk = 64 * ExhaustiveAccuracy.firstBlock

    /// Both summaries, value then derivative, over `range` of the format's finite values (those
    /// in `domain`), and ±∞ and NaN when `specials` (and the domain has them).
    /// Another program's kernel (a framework's dump of the same inputs, ``Kernel``) replaces the
    /// activation's own when given: the activation is then only the truth.
    package static func run(_ activation: any Activation, in format: IEEEFormat, range: Range<Int>, specials: Bool,
                            k: Double = Accuracy.defaultK, domain: AccuracyDomain = .all, threads: Int? = nil,
                            kernel: (any Kernel)? = nil) -> [ExhaustiveSummary] {
        let values = FiniteValues(format)!
        let ks = Dictionary(uniqueKeysWithValues: AccuracyQuantity.allCases.map { ($0, AccuracyCheck.bound(activation, $0, in: format, k: k)) })
        let held = activation.held(as: HeldParameters.storage(of: format))
        let truth = held?.activation ?? activation
        let starts = Array(Swift.stride(from: range.lowerBound - range.lowerBound % chunk, to: range.upperBound, by: chunk))
        let parts = parallelMap(starts.count, threads: threads) { c -> [ExhaustiveSummary] in
            let lo = Swift.max(starts[c], range.lowerBound), hi = Swift.min(starts[c] + chunk, range.upperBound)
            let judged = Array((lo ..< hi).lazy.map { ($0, values.value($0)) }.filter { domain.contains($0.1) })
            let computed = kernel.map { k in judged.map { k.results(at: $0.0) } }
            let tallies = ExhaustiveAccuracy.run(activation, in: format, k: ks, truthActivation: truth, inputs: judged.map(\.1),
                                                 specials: false, computed: computed)
            return AccuracyQuantity.allCases.map { ExhaustiveSummary(tallies[$0]!) }
        }
        var summaries = AccuracyQuantity.allCases.map { ExhaustiveSummary(format: format, quantity: $0, k: ks[$0]!) }
        for part in parts {
            for q in summaries.indices { summaries[q].append(part[q]) }
        }
        if specials && domain.includesSpecials {
            var tallies = Dictionary(uniqueKeysWithValues: AccuracyQuantity.allCases.map {
                ($0, ExhaustiveAccuracy.Tally(format: format, quantity: $0, k: ks[$0]!))
            })
            ExhaustiveAccuracy.measureSpecials(activation, in: format, k: ks, truthActivation: truth, into: &tallies,
                                               computed: kernel.map { k in (0 ..< 3).map { k.special($0) } })
            for (q, quantity) in AccuracyQuantity.allCases.enumerated() { summaries[q].append(ExhaustiveSummary(tallies[quantity]!)) }
        }
        // The tolerance the largest error was held to, measured once at its input.
        for (q, quantity) in AccuracyQuantity.allCases.enumerated() {
            summaries[q].parameters = held?.note
            guard summaries[q].maxULPs.isFinite, summaries[q].maxULPs >= 0, summaries[q].at.isFinite else { continue }
            let at = summaries[q].at, t = AccuracyTruth(truth, at: at)
            let m = kernel.map { k in
                let r = k.results(at: values.index(of: at)!)
                return Accuracy.measure(computed: quantity == .value ? r.value : r.derivative, truth: t, quantity, in: format, k: ks[quantity]!)
            } ?? Accuracy.measure(activation, quantity, in: format, at: at, k: ks[quantity]!, truth: t)
            summaries[q].toleranceAtMax = m.isFinite ? m.toleranceULPs : nil
        }
        return summaries
    }

    /// The two verdicts of `spec` from its summaries (value, derivative), as `check` reports them;
    /// the counterexample is the worst failure itself (every input was measured: nothing to shrink).
    package static func verification(spec: String, _ summaries: [ExhaustiveSummary], exhaustive: Bool,
                                     domain: AccuracyDomain) -> ActivationVerification {
        ActivationVerification(spec: spec, properties: summaries.map { s in
            let f = s.formatAccuracy(exhaustive: exhaustive, domain: domain)
            let counterexample = s.worstLine.map { line in
                line + (s.parameters.map { " — judged with its parameters as the \(s.format.name) kernel holds them: \($0)" } ?? "")
            }
            return AccuracyCheck.verdict(s.quantity, formats: [f], counterexample: counterexample)
        })
    }
}
