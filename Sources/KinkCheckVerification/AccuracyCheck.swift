import BigFloat
import KinkCheck
import KinkCheckAnalysis
import KinkCheckGeneration
import KinkCheckProperties
import KinkCheckSupport

/// The accuracy of one quantity in one format over a run's cases.
package struct FormatAccuracy: Sendable {
    package var format: IEEEFormat
    /// The largest ulp error seen (+∞ for NaN or ∞ where a finite value is due).
    package var maxULPs: Double
    /// Where it was seen (the first such x in case order).
    package var at: Double
    /// Finite inputs measured (every one of the format's when ``exhaustive``).
    package var cases: Int
    /// Cases outside the tolerance.
    package var failures: Int
    /// The inputs judged (``AccuracyDomain``).
    package var domain: AccuracyDomain = .all
    /// The tolerance at ``at``, in the same ulps as ``maxULPs`` (nil when the largest error is no
    /// number of ulps): what the largest error was held to.
    package var toleranceAtMax: Double? = nil
    /// Cases whose computed number is the exact one correctly rounded.
    package var correctlyRounded: Int
    /// The k used.
    package var k: Double
    /// The failures that are not finite (``AccuracyMeasurement/isFinite``), as one line without
    /// the format — the first in case order, and how many other x fail so; nil when none do.
    package var nonFinite: String? = nil
    /// The parameters this format's kernel was judged with, where they differ from the exact
    /// ones (``HeldParameters``): `key=hex (… as a float holds it)`; nil when every parameter is
    /// exact in the format.
    package var parameters: String? = nil
    /// True when `cases` is every finite input of the format (``ExhaustiveAccuracy``), not a sample.
    package var exhaustive = false
    /// ±∞ and NaN, measured besides the finite inputs.
    package var specials = 0
    /// Inputs whose truth is not certified (the Ziv loop reached its cap).
    package var uncertified = 0
    /// How many finite inputs have their exact value in each class.
    package var classes: [(ExactClass, Int)] = []

    /// Every input, each against a certified truth (a proof about the kernel in this format), or
    /// a sample.
    package var evidence: Evidence { exhaustive && uncertified == 0 ? .proof : .sample }

    /// The fraction of cases correctly rounded.
    package var correctlyRoundedFraction: Double { cases == 0 ? 1 : Double(correctlyRounded) / Double(cases) }
}

/// The `accuracy` and `derivative_accuracy` properties: f(x) and the backward derivative,
/// computed as code in float16, bfloat16, float32 and float64 computes them, measured against
/// the correctly rounded truth with the rule of ``Accuracy`` over the generator's cases in each
/// format — the specials (the exp overflow and underflow points among them), both neighbours of
/// every point where |f| or |f′| crosses the format's overflow, least normal, subnormal-binade
/// or rounding-to-zero level (``ThresholdCrossing``: the same for every seed), every kink's
/// sweep (thinned to at most ``sweepLimit`` points) and `randomCases` seeded random draws. The
/// derivative at ±∞ is measured only when the activation declares its tails (their slopes are
/// the truth there).
///
/// A property holds when every case in every format is within tolerance. Otherwise the
/// counterexample is the most severe finite failure (error over tolerance, x and both numbers
/// finite) over the formats, shrunk toward simpler x that still fails (``Shrinker``), in one
/// line; a failure that is not finite — NaN at x = −∞, ∞ where a finite value is due — has no
/// amount of ulps and is reported on its own line, the formats that share it together
/// (``PropertyVerdict/nonFinite``).
///
/// Cost: the truth (two Ziv loops at 128 bits and one second-order autodiff at 64 bits) is
/// computed once per distinct x and shared by the formats and both properties.
package enum AccuracyCheck {
    /// Sweep points per format at most (the specials always run).
    package static let sweepLimit = 400
    /// Property evaluations for shrinking one counterexample.
    package static let shrinkBudget = 200

    /// Both verdicts for `activation`: `accuracy`, then `derivative_accuracy`.
    package static func verify(_ activation: any Activation, seed: RunSeed, randomCases: Int, k: Double = Accuracy.defaultK,
                              discovered: [BigFloat] = [], exhaustive: Bool = true, domain: AccuracyDomain = .all) -> [PropertyVerdict] {
        var profile = PhaseProfile(activation.spec + " (accuracy)")
        defer { profile.finish() }
        let kinks = KinkTarget.targets(for: activation, discovered: discovered)
        let formats = IEEEFormat.allCases.map(\.numberFormat)
        let thresholds = ThresholdCrossing.crossings(of: activation, in: formats)
        let generators = zip(formats, thresholds).map { InputGenerator(format: $0, kinks: kinks, thresholds: $1) }
        profile.mark("threshold crossings")
        let everyInput = exhaustive ? ExhaustiveAccuracy.formats : []
        // The formats run exhaustively need no sample.
        let inputs = zip(IEEEFormat.allCases, generators).map { format, generator in
            everyInput.contains(format) ? [] : cases(generator, seed: seed, property: "\(activation.spec).accuracy", randomCases: randomCases)
                .filter { domain.contains($0.double) }
        }
        func bound(_ quantity: AccuracyQuantity, _ format: IEEEFormat) -> Double { Self.bound(activation, quantity, in: format, k: k) }
        // Each format's kernel is judged against the function with its parameters as it holds
        // them (``HeldParameters``): a truth per storage type, computed once per distinct x.
        let held = Dictionary(uniqueKeysWithValues: [HeldParameters.Storage.float, .double].map { ($0, activation.held(as: $0)) })
        func truthActivation(_ format: IEEEFormat) -> any Activation { held[HeldParameters.storage(of: format)]!?.activation ?? activation }
        var truths: [HeldParameters.Storage: [UInt64: AccuracyTruth]] = [:]
        // The tolerance the largest error was held to: the sample's truth at that x, or (every
        // input of a 16-bit format, settled without one) one truth more.
        func toleranceAtMax(_ f: FormatAccuracy, _ quantity: AccuracyQuantity, _ k: Double) -> Double? {
            guard f.maxULPs.isFinite, f.at.isFinite else { return nil }
            let truth = truths[HeldParameters.storage(of: f.format)]?[f.at.bitPattern] ?? AccuracyTruth(truthActivation(f.format), at: f.at)
            let m = Accuracy.measure(activation, quantity, in: f.format, at: f.at, k: k, truth: truth)
            return m.isFinite ? m.toleranceULPs : nil
        }
        for (format, xs) in zip(IEEEFormat.allCases, inputs) {
            let storage = HeldParameters.storage(of: format)
            for x in xs where truths[storage]?[x.double.bitPattern] == nil {
                truths[storage, default: [:]][x.double.bitPattern] = AccuracyTruth(truthActivation(format), at: x.double)
            }
        }
        profile.mark("sampled truths")
        let exhaustiveRuns = Dictionary(uniqueKeysWithValues: everyInput.map { format in
            (format, ExhaustiveAccuracy.run(activation, in: format, k: [.value: bound(.value, format), .derivative: bound(.derivative, format)],
                                            truthActivation: truthActivation(format),
                                            inputs: domain == .all ? nil : format.everyFiniteValue.filter(domain.contains),
                                            specials: domain.includesSpecials))
        })
        profile.mark("every 16-bit input")
        defer { profile.mark("measures and shrinking") }
        return AccuracyQuantity.allCases.map { quantity in
            var formats: [FormatAccuracy] = []
            var worst: (failure: (AccuracyMeasurement, GeneratedInput), format: Int, bound: Double)? = nil
            for (i, format) in IEEEFormat.allCases.enumerated() {
                let bound = bound(quantity, format)
                if let tally = exhaustiveRuns[format]?[quantity] {
                    var f = tally.formatAccuracy(exhaustive: true)
                    f.domain = domain
                    f.toleranceAtMax = toleranceAtMax(f, quantity, bound)
                    f.parameters = held[HeldParameters.storage(of: format)]!?.note
                    formats.append(f)
                    if let m = tally.worst, worst.map({ severity(m) > severity($0.failure.0) }) ?? true {
                        let input = GeneratedInput(bits: format.codec.bits(rounding: m.x), format: format.numberFormat, provenance: .rawBits)
                        worst = ((m, input), i, bound)
                    }
                    continue
                }
                // At ±∞ a derivative has a truth only as a declared tail slope (autodiff there
                // is 0·∞ in IEEE arithmetic): without declared tails those cases are left out.
                let xs = quantity == .derivative && activation.tails == nil ? inputs[i].filter(\.isFinite) + inputs[i].filter(\.isNaN) : inputs[i]
                let measured = xs.map { x in
                    Accuracy.measure(activation, quantity, in: format, at: x.double, k: bound,
                                     truth: truths[HeldParameters.storage(of: format)]![x.double.bitPattern]!)
                }
                var f = summary(measured, format: format, k: bound)
                f.domain = domain
                f.toleranceAtMax = toleranceAtMax(f, quantity, bound)
                f.parameters = held[HeldParameters.storage(of: format)]!?.note
                formats.append(f)
                if let failure = worstFailure(measured, xs), worst.map({ severity(failure.0) > severity($0.failure.0) }) ?? true {
                    worst = (failure, i, bound)
                }
            }
            // The most severe failure over all formats (error over tolerance), shrunk.
            let counterexample = worst.map { w in
                let format = IEEEFormat.allCases[w.format]
                let line = shrink(activation, quantity, format: format, k: w.bound, generator: generators[w.format], from: w.failure,
                                  truthActivation: truthActivation(format), domain: domain).line
                return line + (formats[w.format].parameters.map { " — judged with its parameters as the \(format.name) kernel holds them: \($0)" } ?? "")
            }
            return verdict(quantity, formats: formats, counterexample: counterexample)
        }
    }

    /// The k a quantity is held to in `format`: the activation's own accuracy claim there, else `k`.
    package static func bound(_ activation: any Activation, _ quantity: AccuracyQuantity, in format: IEEEFormat, k: Double) -> Double {
        (quantity == .value ? activation.claims.accuracy?.value : activation.claims.accuracy?.derivative)?[format] ?? k
    }

    /// The format's specials, the neighbours of the activation's threshold crossings (every
    /// one, whatever the seed), its kink sweep thinned to ``sweepLimit``, then the random cases.
    package static func cases(_ generator: InputGenerator, seed: RunSeed, property: String, randomCases: Int) -> [GeneratedInput] {
        let sweep = generator.kinkSweep
        let stride = Swift.max(1, (sweep.count + sweepLimit - 1) / sweepLimit)
        let thinned = Swift.stride(from: 0, to: sweep.count, by: stride).map { sweep[$0] }
        let key = seed.streamKey(property: property, format: generator.format)
        let random = (0 ..< randomCases).map { i in
            generator.randomTuple(.single, seed: RunSeed.caseSeed(streamKey: key, index: i)).x
        }
        return generator.specials + generator.thresholdSweep + thinned + random
    }

    /// A sample's summary, counted as an exhaustive run counts (finite inputs as cases, ±∞ and
    /// NaN as specials, each exact value classified).
    package static func summary(_ measured: [AccuracyMeasurement], format: IEEEFormat, k: Double) -> FormatAccuracy {
        var tally = ExhaustiveAccuracy.Tally(format: format, quantity: measured.first?.quantity ?? .value, k: k)
        for m in measured { tally.add(m, class: ExactClass(m), finite: m.x.isFinite) }
        return tally.formatAccuracy(exhaustive: false)
    }

    /// How far a measurement is outside its tolerance: error over tolerance (∞ for a NaN or ∞
    /// where a finite value is due).
    package static func severity(_ m: AccuracyMeasurement) -> Double {
        m.toleranceULPs > 0 ? m.ulps / m.toleranceULPs : .infinity
    }

    /// The finite failing case (``AccuracyMeasurement/isFinite``) with the largest ulp error,
    /// with its input.
    package static func worstFailure(_ measured: [AccuracyMeasurement], _ inputs: [GeneratedInput]) -> (AccuracyMeasurement, GeneratedInput)? {
        var worst: (AccuracyMeasurement, GeneratedInput)? = nil
        for (m, x) in zip(measured, inputs) where !m.withinTolerance && m.isFinite {
            if worst.map({ m.ulps > $0.0.ulps }) ?? true { worst = (m, x) }
        }
        return worst
    }

    /// The worst case shrunk toward simpler x that still fails about as badly (within a factor
    /// 2¹⁰ of its severity, so a gross failure does not shrink into a marginal one); its measurement.
    package static func shrink(_ activation: any Activation, _ quantity: AccuracyQuantity, format: IEEEFormat, k: Double,
                       generator: InputGenerator, from worst: (AccuracyMeasurement, GeneratedInput),
                       truthActivation: any Activation, domain: AccuracyDomain = .all) -> AccuracyMeasurement {
        let floor = Swift.max(1, severity(worst.0) / 1024)
        let property = Property("\(activation.spec).\(quantity == .value ? "accuracy" : "derivative_accuracy")",
                                law: "within k·u·(|f| + |x·f′|) + k·tiny/2") { input in
            guard domain.contains(input.x.double) else { return .pass }   // outside the domain: nothing to shrink to
            let m = Accuracy.measure(activation, quantity, in: format, at: input.x.double, k: k,
                                     truth: AccuracyTruth(truthActivation, at: input.x.double))
            return m.withinTolerance || !m.isFinite || severity(m) < floor ? .pass : .fail(metric: m.ulps, note: m.line)
        }
        let original = PropertyInput(shape: .single, values: [worst.1])
        let shrinker = Shrinker(property: property, format: format.numberFormat, kinks: generator.planned,
                                budget: shrinkBudget, original: original, outcome: .fail(metric: worst.0.ulps, note: worst.0.line))
        let shrunk = shrinker.shrink(original).shrunk.x.double
        let m = Accuracy.measure(activation, quantity, in: format, at: shrunk, k: k, truth: AccuracyTruth(truthActivation, at: shrunk))
        return m.withinTolerance || !m.isFinite ? worst.0 : m
    }

    /// "; kernels judged with their parameters as they hold them: float (…), double (…)", or "".
    package static func heldNote(_ formats: [FormatAccuracy]) -> String {
        var seen: [String] = []
        for f in formats { if let p = f.parameters, !seen.contains(p) { seen.append(p) } }
        return seen.isEmpty ? "" : "; kernels judged with their parameters as they hold them: " + seen.joined(separator: "; ")
    }

    package static func verdict(_ quantity: AccuracyQuantity, formats: [FormatAccuracy], counterexample: String?) -> PropertyVerdict {
        let what = quantity == .value ? "f(x)" : "the backward f′(x)"
        let condition = quantity == .value ? "|x·f′(x)|" : "|x·f″(x)|"
        let ks = Set(formats.map(\.k))
        let kText = ks.count == 1 ? Accuracy.ulpText(ks.first!) : "per format"
        let detail = formats.map { f in
            "\(f.format.name)" + (f.exhaustive ? " (all \(f.domain.inputs(f.cases.grouped))\(f.specials > 0 ? ", ±∞ and NaN" : ""))" : "")
                + " max \(Accuracy.ulpText(f.maxULPs)) ulps at x = \(f.at)"
                + (f.failures > 0 ? " (\(f.failures) of \(f.cases + f.specials) outside)" : "")
        }.joined(separator: "; ") + heldNote(formats)
        let holds = formats.allSatisfy { $0.failures == 0 }
        let every = formats.filter(\.exhaustive).map(\.format.name), sampled = formats.filter { !$0.exhaustive }.map(\.format.name)
        let coverage = (every.isEmpty ? "" : "; every input of \(every.joined(separator: ", "))")
            + (sampled.isEmpty ? "" : (every.isEmpty ? "; " : ", ") + "sampled in \(sampled.joined(separator: ", "))")
        return PropertyVerdict(
            property: quantity == .value ? .accuracy : .derivativeAccuracy,
            law: "\(what) in \(formats.map(\.format.name).joined(separator: ", ")) within k·u·(|exact| + \(condition)) + k·tiny/2 of the correctly rounded value, k = \(kText)\(formats.first?.domain.phrase ?? "")\(coverage)",
            holds: holds, cases: formats.reduce(0) { $0 + $1.cases },
            counterexample: counterexample, detail: detail, formats: formats,
            // A pass is as strong as its weakest format; a failure is an input whose truth is certified.
            evidence: holds ? formats.map(\.evidence).min() ?? .sample : .certified)
    }
}
