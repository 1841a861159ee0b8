import ArgumentParser
import BigFloat
import KinkCheck
import KinkCheckAnalysis
import KinkCheckGeneration
import KinkCheckProperties
import KinkCheckReports
import KinkCheckSamples
import KinkCheckSupport
import KinkCheckVerification

struct Distribution: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check the distributional derivative identities against test functions, to D digits.",
        discussion: """
        first:  -∫ f φ' = ∫ g φ + Σ J φ(x_j)            (g = f' almost everywhere, J the jumps)
        second:  ∫ f φ'' = ∫ f'' φ + Σ (D+f - D-f) φ(x_j) - Σ J φ'(x_j)

        Kinks and jumps come from the declarations and from kink discovery. Integrals are split at \
        them and at the support's ends and enclosed by certified Gauss-Legendre quadrature \
        (Bernstein-ellipse error bounds on adaptively bisected pieces, interval arithmetic at the \
        nodes): a certified case holds when the residual's enclosure lies within \
        ±10^-(D-3) (times the case's scale) and fails when it lies wholly outside; a kink no binary \
        number holds (sqrt(1/2), 3/10) is enclosed over every branch inside its tiny enclosure. \
        Where no proof is possible (one-sided limits that are estimates, a singularity of f itself, \
        an enclosure too wide to decide) the case is \
        an estimate by tanh-sinh and Gauss-Legendre, says why, and holds when both rules agree \
        within their bounds and |lhs - rhs| < 10^-(D-3). --cross-check runs the two rules on \
        certified cases too. Test functions are \
        C∞ bumps exp(-1/(1-t²)), polynomial bumps (1-t²)^m and bumps times polynomials, t = (x-c)/w, \
        drawn from the seed so that kinks fall inside, on and just beside the support's ends; \
        --case C,W gives explicit bumps instead. The seed defaults to KINKCHECK_SEED, else a fixed \
        seed under CI or with --case, else a random one (announced on stderr). Exit status 1 when a \
        case fails, 2 for bad input.
        """)

    @Argument(help: "Activation spec.")
    var spec: String
    @Option(parsing: .unconditional, help: "Decimal digits (5...1000).")
    var digits: Int = 50
    @Option(parsing: .unconditional, help: "Generated test functions (1...10000).")
    var cases: Int = 20
    @OptionGroup var seed: SeedOption
    @Option(name: .customLong("case"), parsing: .unconditionalSingleValue, help: "An explicit bump: centre,half-width (repeatable).")
    var explicitCases: [String] = []
    @Option(help: "first or second.")
    var identity: DistributionalIdentity = .first
    @Flag(name: .customLong("cross-check"), help: "Also run tanh-sinh and Gauss-Legendre on certified cases; a case then holds only if they agree with its enclosures.")
    var crossCheck = false
    @OptionGroup var output: JSONOption
    @OptionGroup var variants: VariantsOption

    func validate() throws {
        guard (5...1000).contains(digits) else { throw ValidationError("--digits must be between 5 and 1000 (got \(digits))") }
        guard (1...10000).contains(cases) else { throw ValidationError("--cases must be between 1 and 10000 (got \(cases))") }
    }

    func run() throws {
        useWidestExponentRange()
        let activation = try variants.activation(spec)
        let p = QuadratureTarget.bits(forDigits: digits) + 64
        var functions: [any TestFunction] = []
        for text in explicitCases {
            let parts = text.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            guard parts.count == 2 else { throw InputError("--case: expected C,W (got '\(text)')") }
            let c = try parseNumber(parts[0], precision: p, option: "--case"), w = try parseNumber(parts[1], precision: p, option: "--case")
            guard c.isFinite, w.isFinite, w > 0 else { throw InputError("--case: need a finite centre and a half-width > 0 (got '\(text)')") }
            let bits = DistributionalCheck.positionBits(center: c, halfWidth: w)
            guard bits <= DistributionalCheck.maximumPositionBits else {
                throw InputError("--case: centre \(parts[0]) is 2^\(bits) half-widths from 0; resolving the bump there needs more than \(DistributionalCheck.maximumPositionBits) extra bits")
            }
            functions.append(SmoothBump(center: c, halfWidth: w))
        }
        // The seed matters only for generated cases; it is announced only then.
        let runSeed = try seed.resolve(fallback: explicitCases.isEmpty ? nil : RunSeed.ci)
        if explicitCases.isEmpty {
            let kinks = activation.kinks.map { $0.location.value(precision: p) }
            functions = TestFunctionDraw.draw(count: cases, seed: runSeed.value, kinks: kinks, precision: p).map(\.0)
        }
        var lo = functions[0].support(precision: p).lower, hi = functions[0].support(precision: p).upper
        for phi in functions {
            let s = phi.support(precision: p)
            lo = BigFloat.minimum(lo, s.lower); hi = BigFloat.maximum(hi, s.upper)
        }
        var check = DistributionalCheck(activation: activation, digits: digits, identity: identity, span: (lo, hi))
        check.crossCheck = crossCheck
        let results = parallelMap(functions.count) { [functions, check] i in check.check(functions[i]) }
        let holds = results.allSatisfy(\.holds)
        let maxResidual = results.map(\.residual).max() ?? .zero(precision: 64)
        let shown = digits + 2, textDigits = Swift.min(shown, 20)
        func sci(_ v: BigFloat) -> String { v.isZero ? "0" : v.scientificString(fractionDigits: 2, rounding: .up) }
        // The bound printed beside lhs and rhs covers both as printed (quadrature estimate + the
        // printing of each); text shows lhs truncated, marked with an ellipsis.
        func truncated(_ v: BigFloat) -> String {
            let full = v.shortDecimal(shown)
            let cut = v.isZero ? "0" : v.decimalString(significantDigits: 20, rounding: .towardZero).trimmingFractionZeros
            return full == cut ? full : cut + "…"
        }
        if output.json {
            print(JSON.object([
                ("activation", .string(spec)), ("digits", .int(digits)), ("seed", .string(runSeed.description)),
                ("identity", .string(identity.rawValue)),
                ("singular_points", .array(check.singularPoints.map { s in
                    .object([("x", .string(s.x.shortDecimal(shown))),
                             ("jump", .string(s.jump.shortDecimal(shown))), ("jump_error_bound", .string(PrintedBound(s.jump, bound: s.jumpBound, significantDigits: shown).boundText)),
                             ("slope_jump", .string(s.slopeJump.shortDecimal(shown))),
                             ("slope_jump_error_bound", .string(PrintedBound(s.slopeJump, bound: s.slopeJumpBound, significantDigits: shown).boundText))])
                })),
                ("cases", .array(results.map { $0.json(significantDigits: shown) })),
                ("max_residual", .string(sci(maxResidual))), ("holds", .bool(holds)),
            ]).rendered())
        } else {
            print("\(spec): \(identity == .first ? "-∫ f φ' = ∫ g φ + Σ J φ(x_j)" : "∫ f φ'' = ∫ f'' φ + Σ (D+f - D-f) φ(x_j) - Σ J φ'(x_j)")  (\(digits) digits, seed \(runSeed))")
            for s in check.singularPoints {
                print("  singular point x = \(s.x.shortDecimal(textDigits)): jump \(s.jump.shortDecimal(textDigits)), slope jump \(s.slopeJump.shortDecimal(textDigits))")
            }
            for (i, r) in results.enumerated() {
                let tf = "\(r.testFunction.kind) \(r.testFunction.formula) (c=\(r.testFunction.center.shortDecimal()), w=\(r.testFunction.halfWidth.shortDecimal()))"
                print("  " + String(i + 1).leftPadded(to: 3) + "  " + tf.padded(to: 56) + " lhs \(truncated(r.lhs.value).padded(to: 24)) residual \(sci(r.residual).padded(to: 10)) "
                      + "\(r.evidence.isCertified ? "bound" : "est. bound") \(sci(r.errorBound).padded(to: 10)) \(r.evidence.name.padded(to: 9)) \(r.holds ? "holds" : "FAILS")")
                if let why = r.evidence.reason { print("       estimate: \(why)") }
            }
            print("bounds: \(DistributionalCheck.evidenceSummary(results)) (certified: enclosures proven by interval arithmetic)")
            print("max residual \(sci(maxResidual)) (tolerance 1e-\(digits - 3) times each case's scale max(1, ∫|integrand|)): \(holds ? "the identity holds in every case" : "the identity FAILS")")
        }
        if !holds { throw ExitCode(1) }
    }
}

extension DistributionalIdentity: ExpressibleByArgument {}
