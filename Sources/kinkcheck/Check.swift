import ArgumentParser
import BigFloat
import Foundation
import KinkCheck
import KinkCheckAnalysis
import KinkCheckGeneration
import KinkCheckProperties
import KinkCheckReports
import KinkCheckSamples
import KinkCheckSupport
import KinkCheckVerification

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Verify activations against all properties: continuity, limits, subgradients, shape claims, distributions.",
        discussion: """
        Every built-in by default, those of several inputs too (composites with --all); --wrt views \
        named parameterized activations as functions of x and their parameters. Each activation's declared claims are \
        what is checked; a claim that it is *not* convex or monotone is verified by finding a \
        counterexample. Each cell of the table says what a holding verdict rests on: proof (every \
        point of the domain), certified (at named points) or sample (the cases examined); FAILS \
        otherwise. Accuracy in float16 and bfloat16 covers every input. The seed defaults to \
        KINKCHECK_SEED, else a fixed seed under CI, else a random one (announced on stderr). Exit \
        status 0 when every claim holds, 1 when any fails, 2 for bad input.
        """)

    @Argument(help: "Activation specs (default: every built-in; with --variants, every variant in the file).")
    var specs: [String] = []
    @Flag(help: "Also check the named composites and controls.")
    var all = false
    @OptionGroup var seed: SeedOption
    @OptionGroup var cases: PropertyCasesOption
    @OptionGroup var precision: PrecisionOption<VerificationPrecision>
    @OptionGroup var accuracy: AccuracyULPsOption
    @OptionGroup var shapeRadius: ShapeRadiusOption
    @OptionGroup var accuracyDomain: AccuracyDomainOption
    @Option(parsing: .unconditional, help: "Only shard I of N (I/N, 1-based), for CI matrices: of the activation list, or with --exhaustive of the format's inputs.")
    var shard: String?
    @Option(parsing: .unconditional, help: "Only accuracy and derivative_accuracy, over every finite input of this format (f16, bf16 or f32), and ±inf and NaN.")
    var exhaustive: String?
    @Option(parsing: .unconditional, help: "With --exhaustive and one spec: judge this kernel instead of the definition's own — a framework's dump as a .npy of shape (N, 3) (x, f, f' per input of the shard, as `grid --exhaustive --format npy` wrote the inputs; docs/scaling.md).")
    var kernel: String?
    @OptionGroup var output: JSONOption
    @OptionGroup var variants: VariantsOption
    @Option(help: "Check each named parameterized activation as a function of x and these parameters (a comma list, or all): ∂f/∂θ is verified like ∂f/∂x.")
    var wrt: String?

    func validate() throws {
        if let shard { _ = try Check.parseShard(shard) }
        if let exhaustive { _ = try Check.exhaustiveFormat(exhaustive) }
        if kernel != nil && exhaustive == nil { throw ValidationError("--kernel judges a dump over every input: only with --exhaustive") }
    }

    static func parseShard(_ text: String) throws -> (Int, Int) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let i = Int(parts[0]), let n = Int(parts[1]), n >= 1, (1...n).contains(i) else {
            throw ValidationError("--shard must be I/N with 1 ≤ I ≤ N (got '\(text)')")
        }
        return (i, n)
    }

    /// One item of the list: an activation of one input or of several.
    enum Item: Sendable {
        case single(any Activation)
        case multi(any MultiInputActivation)
        var spec: String {
            switch self { case .single(let a): a.spec; case .multi(let f): f.spec }
        }
    }

    /// The specs as items: several inputs where the catalogue says so, else one input.
    func items() throws -> [Item] {
        let file = try variants.load()
        var list: [Item] = try specs.map { spec in
            if let f = try parseMultiInputActivation(spec, variants: file) {
                if wrt != nil { throw InputError("--wrt: \(spec) has several inputs already; --wrt takes parameterized activations of x") }
                return .multi(f)
            }
            let a = try parseActivation(spec, variants: file)
            guard let wrt else { return .single(a) }
            guard let p = a as? any ParameterDifferentiable, !p.differentiableParameters.isEmpty else {
                throw InputError("--wrt: \(a.name) has no parameters to differentiate; parameterized built-ins: prelu, leaky_relu, elu, celu, selu, softplus, hardtanh, silu")
            }
            let named = wrt.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            do {
                // x is always a variable here: the generator draws it.
                return .multi(try ParameterView(p, variables: named == ["all"] ? named : ["x"] + named.filter { $0 != "x" }, fixedX: nil))
            } catch let e as SpecError { throw InputError(e.message) }
        }
        if list.isEmpty, wrt != nil { throw InputError("--wrt: name the activations to view (e.g. check elu prelu --wrt all)") }
        if list.isEmpty {
            // With a variant file and no specs: the file's variants (a CI job's whole list).
            if let file { list = file.variants.map { .single($0) } + file.multiInputVariants.map { .multi($0) } }
            else {
                list = (Catalogue.all + (all ? Catalogue.composites.map(\.defaultActivation) : [])).map { .single($0) }
                    + Catalogue.allMultiInput.map { .multi($0) }
            }
        }
        return list
    }

    func run() throws {
        if let exhaustive { return try runExhaustive(exhaustive) }
        var list = try items()
        let runSpecs = list.map(\.spec)
        if let shard {
            let (i, n) = try Check.parseShard(shard)
            list = list.enumerated().filter { $0.offset % n == i - 1 }.map(\.element)
        }
        let runSeed = try seed.resolve()
        var configured = Verifier(seed: runSeed, cases: cases.cases, precision: precision.precision)
        configured.ulps = accuracy.ulps
        configured.radius = shapeRadius.radius
        configured.accuracyDomain = try accuracyDomain.domain
        // One activation: its independent parts side by side; many: one activation per core.
        configured.threads = list.count == 1 ? 4 : 1
        let verifier = configured
        let progress = Progress(total: list.count)
        let activations = list
        let results = parallelMap(activations.count) { i in
            let r: ActivationVerification
            switch activations[i] {
            case .single(let a): r = verifier.verify(a)
            case .multi(let f): r = verifier.verify(f)
            }
            progress.step(activations[i].spec)
            return r
        }
        progress.finish()
        let holds = results.allSatisfy(\.holds)
        if output.json {
            print(JSON.object([
                ("seed", .string(runSeed.description)), ("holds", .bool(holds)),
                ("activations", .array(results.map(Check.json))),
                // What `merge` needs to put shards back together and refuse strangers.
                ("version", .string(KinkCheckCommand.version)), ("shard", shard.map { .string($0) } ?? .null),
                ("run", .object([("count", .int(runSpecs.count)), ("specs", .array(runSpecs.map { .string($0) })),
                                 ("cases", .int(cases.cases)), ("precision", .int(precision.precision)),
                                 ("ulps", .string("\(accuracy.ulps)"))])),
            ]).rendered())
        } else {
            print(Check.table(results, seed: runSeed))
        }
        if !holds { throw ExitCode(1) }
    }

    /// One activation of `--json` (docs/json.md): `activation`, `holds` and `properties`, each
    /// verdict encoded as on the report pages (`accuracy` and `derivative_accuracy` with their
    /// per-format results).
    static func json(_ r: ActivationVerification) -> JSON {
        .object([("activation", .string(r.spec)), ("holds", .bool(r.holds)),
                 ("properties", .array(r.properties.map(\.json)))])
    }

    static let columns = PropertyColumns.columns
    static let headers = PropertyColumns.headers

    /// Activation × property: what a holding verdict rests on (`proof`, `certified`, `sample`),
    /// `FAILS`, or `·` (no claim to check); a legend line says what the three mean.
    /// `only`: these property columns (an exhaustive run has two), else all.
    /// `shard`: the results are of one shard's inputs (every one of them, not a sample).
    static func table(_ results: [ActivationVerification], seed: RunSeed, only: [String]? = nil, shard: Bool = false) -> String {
        let picked = columns.indices.filter { only?.contains(columns[$0]) ?? true }
        let width = max(12, (results.map(\.spec.count).max() ?? 0) + 2)
        // Columns padded to 11, the last one not (no trailing blanks).
        func row(_ first: String, _ cells: [String]) -> String {
            String((first.padded(to: width) + cells.map { $0.padded(to: 11) }.joined()).reversed().drop { $0 == " " }.reversed())
        }
        var lines = [row("activation", picked.map { headers[$0] })]
        for r in results {
            lines.append(row(r.spec, picked.map { columns[$0] }.map { c in
                let v = r.properties.first { $0.name == c }
                return v.map { $0.holds ? $0.evidence.rawValue : "FAILS" } ?? "·"
            }))
        }
        let failures = results.flatMap { r in r.properties.filter { !$0.holds }.map { (r.spec, $0) } }
        for (spec, v) in failures {
            lines.append("\(spec) \(v.name) FAILS — \(v.law)")
            if v.counterexample != nil || v.nonFinite.isEmpty { lines.append("    counterexample: \(v.counterexample ?? "—")") }
            lines += v.nonFinite.map { "    non-finite: \($0)" }
        }
        lines += coverage(results, shard: shard)
        lines.append("holds by proof: for every point of the domain; certified: at named points (kinks, test functions); sample: in the cases examined")
        lines.append(failures.isEmpty ? "every claim holds (seed \(seed))" : "\(failures.count) claim(s) fail (seed \(seed); replay with --seed \(seed))")
        return lines.joined(separator: "\n")
    }

    /// The accuracy columns per format, one line each: how many inputs (every one of a 16-bit
    /// format, or the sample's count per activation), the largest error of f and of f′ over the
    /// activations with where it is, and how many inputs fall outside the tolerance.
    static func coverage(_ results: [ActivationVerification], shard: Bool = false) -> [String] {
        let verdicts = results.map { r in (r.spec, r.properties.filter { !$0.formats.isEmpty }) }
        guard let first = verdicts.lazy.flatMap(\.1).first else { return [] }
        var lines = ["accuracy per format (the largest error over the activations, and where):"]
        for format in first.formats.map(\.format) {
            var cases = 0, exhaustive = true, outside = 0
            var worst: [(ulps: Double, text: String)] = []
            for property in [PropertyName.accuracy, .derivativeAccuracy] {
                var best: (ulps: Double, text: String)? = nil
                for (spec, ps) in verdicts {
                    guard let f = ps.first(where: { $0.property == property })?.formats.first(where: { $0.format == format }) else { continue }
                    if property == .accuracy { cases += f.cases; exhaustive = exhaustive && f.exhaustive }
                    outside += f.failures
                    if best.map({ f.maxULPs > $0.ulps }) ?? true {
                        best = (f.maxULPs, "\(Accuracy.ulpText(f.maxULPs)) ulps"
                                + (f.toleranceAtMax.map { " of \(Accuracy.ulpText($0)) allowed" } ?? "")
                                + (results.count > 1 ? " (\(spec), x = \(f.at))" : " at x = \(f.at)"))
                    }
                }
                if let best { worst.append(best) }
            }
            let f = first.formats.first { $0.format == format }!
            let inputs = exhaustive ? "all " + f.domain.inputs(f.cases.grouped)
                : shard ? "all " + f.domain.inputs(f.cases.grouped, " of this shard")
                : f.domain.inputs("\(cases.grouped) sampled", results.count > 1 ? " in all" : "")
            lines.append("  \(format.name.padded(to: 9)) \(inputs): f \(worst.first?.text ?? "—"); f′ \(worst.dropFirst().first?.text ?? "—"); "
                         + "\(outside) outside the tolerance")
        }
        return lines
    }
}
