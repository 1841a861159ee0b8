import ArgumentParser
import BigFloat
import Foundation
import KinkCheck
import KinkCheckAnalysis
import KinkCheckGeneration
import KinkCheckProperties
import KinkCheckReports
import KinkCheckSupport
import KinkCheckVerification

/// `check --exhaustive FORMAT [--shard I/N]`: accuracy and derivative_accuracy over every finite
/// input of a 16- or 32-bit format (or shard I of N of them, by input range), written so that
/// `merge` puts the shards back together into the unsharded run's document.
extension Check {
    /// The format named by `--exhaustive`, or a one-line refusal.
    static func exhaustiveFormat(_ text: String) throws -> IEEEFormat {
        guard let format = IEEEFormat(name: text) else {
            throw ValidationError("--exhaustive: unknown format '\(text)' (f16, bf16 or f32)")
        }
        guard FiniteValues(format) != nil else {
            throw ValidationError("--exhaustive: \(format.name) has 2^64 inputs, too many to run each one; exhaustive runs take f16, bf16 or f32")
        }
        return format
    }

    func runExhaustive(_ formatText: String) throws {
        let format = try Check.exhaustiveFormat(formatText)
        guard wrt == nil else { throw InputError("--wrt: an exhaustive run takes activations of one input") }
        let file = try variants.load()
        let activations: [any Activation]
        if specs.isEmpty {
            activations = file.map(\.variants) ?? (Catalogue.all + (all ? Catalogue.composites.map(\.defaultActivation) : []))
        } else {
            activations = try specs.map { spec in
                if try parseMultiInputActivation(spec, variants: file) != nil {
                    throw InputError("--exhaustive: \(spec) has several inputs; an exhaustive run takes activations of one input")
                }
                return try parseActivation(spec, variants: file)
            }
        }
        let (i, n) = try shard.map(Check.parseShard) ?? (1, 1)
        let runSeed = try seed.resolve()
        let domain = try accuracyDomain.domain
        let total = FiniteValues(format)!.count
        let range = ExhaustiveShard.range(i, of: n, total: total)
        var dump: NPYKernel? = nil
        if let kernel {
            guard activations.count == 1 else { throw InputError("--kernel: name the one activation the dump is of") }
            dump = try NPYKernel(path: kernel, dtype: format, range: range, specials: i == n)
        }
        let progress = Progress(total: activations.count)
        let parts = activations.map { a -> (String, [ExhaustiveSummary]) in
            defer { progress.step(a.spec) }
            return (a.spec, ExhaustiveRun.run(a, in: format, range: range, specials: i == n, k: accuracy.ulps, domain: domain, kernel: dump))
        }
        progress.finish()
        let run = ExhaustiveDocument.Run(format: format, specs: activations.map(\.spec), ulps: accuracy.ulps, domain: domain,
                                         seed: runSeed.description, version: KinkCheckCommand.version, kernel: dump == nil ? "definition" : "dump")
        let document = ExhaustiveDocument(run: run, shard: shard == nil ? nil : (i, n), parts: parts)
        try document.print(json: output.json)
    }
}

/// What an exhaustive run (or one shard of it) found, and how it is printed and read back.
struct ExhaustiveDocument {
    /// What identifies a run: shards of one run agree on all of it.
    struct Run: Equatable {
        var format: IEEEFormat
        var specs: [String]
        var ulps: Double
        var domain: AccuracyDomain
        var seed: String
        var version: String
        /// Whose kernel is judged: `definition` (the activation's own), or `dump` (`--kernel`).
        var kernel: String

        var json: JSON {
            .object([("exhaustive", .string(format.name)), ("inputs", .int(FiniteValues(format)!.count)), ("count", .int(specs.count)),
                     ("specs", .array(specs.map { .string($0) })), ("ulps", .string("\(ulps)")), ("domain", .string(domain.description)),
                     ("kernel", .string(kernel))])
        }
    }

    var run: Run
    /// (i, n), or nil for the whole run.
    var shard: (Int, Int)?
    /// Each activation's two summaries (value, derivative) over the shard's inputs.
    var parts: [(String, [ExhaustiveSummary])]

    var range: Range<Int> {
        let (i, n) = shard ?? (1, 1)
        return ExhaustiveShard.range(i, of: n, total: FiniteValues(run.format)!.count)
    }

    var verifications: [ActivationVerification] {
        parts.map { ExhaustiveRun.verification(spec: $0.0, $0.1, exhaustive: shard == nil, domain: run.domain) }
    }

    func print(json: Bool) throws {
        let results = verifications
        let holds = results.allSatisfy(\.holds)
        let values = FiniteValues(run.format)!
        let (i, n) = shard ?? (1, 1)
        if json {
            let span: [(String, JSON)] = [("first", .int(range.lowerBound)), ("end", .int(range.upperBound)),
                                          ("from", range.isEmpty ? .null : .string("\(values.value(range.lowerBound))")),
                                          ("to", range.isEmpty ? .null : .string("\(values.value(range.upperBound - 1))")),
                                          ("specials", .bool(i == n))]
            Swift.print(JSON.object([
                ("seed", .string(run.seed)), ("holds", .bool(holds)), ("activations", .array(results.map(Check.json))),
                ("version", .string(run.version)), ("shard", shard.map { .string("\($0.0)/\($0.1)") } ?? .null), ("run", run.json),
                ("exhaustive", .object([("format", .string(run.format.name)), ("range", .object(span)),
                                        ("summaries", .array(parts.map { spec, s in
                                            .object([("activation", .string(spec)), ("value", s[0].json), ("derivative", s[1].json)])
                                        }))])),
            ]).rendered())
        } else {
            Swift.print(Check.table(results, seed: RunSeed(run.seed) ?? RunSeed(0),
                                    only: [PropertyName.accuracy, .derivativeAccuracy].map(\.rawValue), shard: shard != nil))
            let what = range.count == values.count ? "every finite input (\(values.count.grouped))"
                : "inputs \((range.lowerBound + 1).grouped)–\(range.upperBound.grouped) of \(values.count.grouped) (shard \(i)/\(n))"
            Swift.print("\(run.format.name): \(what)" + (i == n && run.domain.includesSpecials ? ", ±∞ and NaN" : "")
                        + (shard == nil ? "" : "; merge the shards' --json results with `kinkcheck merge`"))
        }
        if !holds { throw ExitCode(1) }
    }

    /// The document a shard printed with `--json`, read back; nil when it is not one.
    init?(_ doc: [(String, JSON)]) {
        func string(_ o: [(String, JSON)], _ key: String) -> String? { if case .string(let s)? = o[field: key] { s } else { nil } }
        guard case .object(let r)? = doc[field: "run"], let formatName = string(r, "exhaustive"), let format = IEEEFormat(name: formatName),
              FiniteValues(format) != nil, case .array(let specList)? = r[field: "specs"], let ulps = string(r, "ulps").flatMap(Double.init),
              let domainText = string(r, "domain"), case .success(let domain) = AccuracyDomain.parse(domainText),
              let seed = string(doc, "seed"), let version = string(doc, "version"),
              case .object(let ex)? = doc[field: "exhaustive"], case .array(let list)? = ex[field: "summaries"] else { return nil }
        let specs = specList.compactMap { if case .string(let s) = $0 { s } else { nil } }
        guard let kernel = string(r, "kernel") else { return nil }
        run = Run(format: format, specs: specs, ulps: ulps, domain: domain, seed: seed, version: version, kernel: kernel)
        if case .string(let text)? = doc[field: "shard"] {
            guard let s = try? Check.parseShard(text) else { return nil }
            shard = s
        } else { shard = nil }
        var parts: [(String, [ExhaustiveSummary])] = []
        for item in list {
            guard case .object(let o) = item, let spec = string(o, "activation"),
                  case .object(let v)? = o[field: "value"], case .object(let d)? = o[field: "derivative"],
                  let value = ExhaustiveSummary(json: v, format: format, quantity: .value),
                  let derivative = ExhaustiveSummary(json: d, format: format, quantity: .derivative) else { return nil }
            parts.append((spec, [value, derivative]))
        }
        guard parts.map(\.0) == specs else { return nil }
        self.parts = parts
    }

    init(run: Run, shard: (Int, Int)?, parts: [(String, [ExhaustiveSummary])]) {
        self.run = run; self.shard = shard; self.parts = parts
    }
}

extension ExhaustiveSummary {
    /// The summary as a shard writes it: every count, and each number as Swift prints a
    /// `Double` (which reads back to the same bits).
    var json: JSON {
        func number(_ d: Double?) -> JSON { d.map { .string("\($0)") } ?? .null }
        return .object([
            ("format", .string(format.name)), ("k", number(k)), ("cases", .int(cases)), ("specials", .int(specials)),
            ("failures", .int(failures)), ("correctly_rounded", .int(correctlyRounded)), ("uncertified", .int(uncertified)),
            ("max_ulps", number(maxULPs)), ("at", number(at)), ("tolerance_at_max", number(toleranceAtMax)),
            ("classes", .object(ExactClass.allCases.map { ($0.rawValue, .int(classes[$0.ordinal])) })),
            ("worst_ulps", number(worstULPs)), ("worst", worstLine.map { .string($0) } ?? .null),
            ("first_non_finite", firstNonFinite.map { .string($0) } ?? .null), ("non_finite_inputs", .int(nonFiniteInputs)),
            ("parameters", parameters.map { .string($0) } ?? .null),
        ])
    }

    init?(json o: [(String, JSON)], format: IEEEFormat, quantity: AccuracyQuantity) {
        func int(_ key: String) -> Int? { if case .number(let t)? = o[field: key] { Int(t) } else { nil } }
        func text(_ key: String) -> String?? {
            switch o[field: key] { case .string(let s)?: .some(s); case .null?: .some(nil); default: nil }
        }
        /// A number (`.some`), null (`.some(nil)`), or nil when missing or not a number.
        func double(_ key: String) -> Double?? {
            switch o[field: key] {
            case .string(let s)?: Double(s).map { .some($0) } ?? nil
            case .null?: .some(nil)
            default: nil
            }
        }
        guard case .string(format.name)? = o[field: "format"], let k = double("k") ?? nil,
              let cases = int("cases"), let specials = int("specials"), let failures = int("failures"),
              let correctlyRounded = int("correctly_rounded"), let uncertified = int("uncertified"),
              let maxULPs = double("max_ulps") ?? nil, let at = double("at") ?? nil, let tolerance = double("tolerance_at_max"),
              case .object(let c)? = o[field: "classes"], let worstULPs = double("worst_ulps"), let worst = text("worst"),
              let firstNonFinite = text("first_non_finite"), let nonFiniteInputs = int("non_finite_inputs"),
              let parameters = text("parameters") else { return nil }
        self.init(format: format, quantity: quantity, k: k)
        (self.cases, self.specials, self.failures, self.correctlyRounded, self.uncertified) = (cases, specials, failures, correctlyRounded, uncertified)
        (self.maxULPs, self.at, self.toleranceAtMax) = (maxULPs, at, tolerance)
        for cls in ExactClass.allCases {
            guard case .number(let t)? = c[field: cls.rawValue], let n = Int(t) else { return nil }
            classes[cls.ordinal] = n
        }
        (self.worstULPs, self.worstLine, self.firstNonFinite, self.nonFiniteInputs, self.parameters) = (worstULPs, worst, firstNonFinite, nonFiniteInputs, parameters)
    }
}
