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

struct Kinks: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Discover every point in an interval where f or f' is discontinuous.",
        discussion: """
        A scan, then bisection in MPFR; declared kinks are hints, not required. Each kink is \
        located to 2^-(P-8) relative and reported with its one-sided derivatives and jump.
        """)

    @Argument(help: "Activation spec.")
    var spec: String
    @Option(name: .customLong("in"), parsing: .unconditional, help: "The interval A,B (default -10,10).")
    var interval: String = "-10,10"
    @OptionGroup var options: PrecisionOption<AnalysisPrecision>
    @OptionGroup var output: JSONOption
    @OptionGroup var variants: VariantsOption

    /// An interval end, to 20 digits.
    func show(_ x: BigFloat) -> String { x.shortDecimal() }

    /// An exact location's text when it is a decimal (printed as it is, bound 0), else nil.
    func decimalText(_ text: String) -> String? { (try? DecimalConstant(text)).map { _ in text } }

    func run() throws {
        useWidestExponentRange()
        let activation = try variants.activation(spec)
        let p = options.precision
        let parts = interval.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 2 else { throw InputError("--in: expected A,B (got '\(interval)')") }
        let a = try parseNumber(parts[0], precision: p, option: "--in"), b = try parseNumber(parts[1], precision: p, option: "--in")
        guard a.isFinite, b.isFinite, a < b else { throw InputError("--in: need finite A < B (got '\(interval)')") }
        let survey = KinkDiscovery.survey(activation, in: a, b, precision: p)
        let found = survey.kinks
        let digits = decimalDigits(forBits: p)
        struct Row {
            var x: BigFloat; var xBound: BigFloat; var exact: Bool
            /// "certified", "possible kink (estimate)", or for a declared kink discovery did not
            /// list: "declared: smooth here" or "declared: not established".
            var status: String
            var left: LimitEstimate; var right: LimitEstimate; var jump: LimitEstimate; var declared: Bool
            /// An exact location that is a decimal, printed as it is (bound 0).
            var decimal: String?
            /// An exact location's own text (a rational as n/d).
            var exactText: String
        }
        var rows: [Row] = []
        for k in found {
            let others = found.filter { !($0.bracket.0 == k.bracket.0) }.flatMap { [$0.bracket.0, $0.bracket.1] }
            let analysis = PointAnalysis.analyze(activation, at: k.limitPoint, precision: p, otherKinks: others, known: k.sides)
            // An exact location is the number itself; a located kink is known to its bracket.
            let x = k.x.isZero ? BigFloat.zero(precision: p) : k.x.rounded(toPrecision: p)
            var bound = k.location == nil ? BigFloat.maximum(BigFloat.abs(k.x - k.bracket.0), BigFloat.abs(k.bracket.1 - k.x)) : .zero(precision: 64)
            bound = bound + BigFloat.abs(x - (k.location?.rounded(toPrecision: p + 64) ?? k.x))
            rows.append(Row(x: x, xBound: bound, exact: k.location != nil, status: k.certified ? "certified" : "possible kink (estimate)",
                            left: analysis.leftDerivative, right: analysis.rightDerivative, jump: analysis.jumpLimit, declared: k.matchesDeclared,
                            decimal: k.location.flatMap { decimalText($0.text) }, exactText: k.location?.text ?? ""))
        }
        for q in survey.quietDeclaredKinks(of: activation, in: a, b, precision: p) {
            let d = q.point
            rows.append(Row(x: d.rounded(toPrecision: p), xBound: .zero(precision: 64), exact: true, status: q.status.rawValue,
                            left: q.analysis.leftDerivative, right: q.analysis.rightDerivative, jump: q.analysis.jumpLimit, declared: true,
                            decimal: decimalText(d.text), exactText: d.text))
        }
        rows.sort { $0.x < $1.x }
        if output.json {
            print(JSON.object([
                ("activation", .string(spec)), ("interval", .array([.string(parts[0]), .string(parts[1])])), ("precision", .int(p)),
                ("kinks", .array(rows.map { r in
                    let x = r.decimal.map { (value: $0, boundText: "0") } ?? {
                        let b = PrintedBound(r.x, bound: r.xBound, significantDigits: digits)
                        return (b.value, b.boundText)
                    }()
                    return .object([("x", .string(x.value)), ("x_error_bound", .string(x.boundText)),
                                                           ("location", .string(r.exact ? "exact" : "enclosure")),
                                                           ("status", .string(r.status)),
                                                           ("left_derivative", r.left.json(significantDigits: digits)),
                                                           ("right_derivative", r.right.json(significantDigits: digits)),
                                                           ("jump", r.jump.json(significantDigits: digits)),
                                                           ("declared", .bool(r.declared))]) })),
                ("complete", .bool(survey.complete)),
                ("unresolved", .array(survey.unresolved.map { .array([.string(show($0.0)), .string(show($0.1))]) })),
            ]).rendered())
            return
        }
        let kinkCount = rows.filter { !$0.status.hasPrefix("declared") }.count, quiet = rows.count - kinkCount
        print("\(spec) on [\(parts[0]), \(parts[1])]: \(kinkCount) kink\(kinkCount == 1 ? "" : "s")"
              + (quiet > 0 ? ", \(quiet) declared point\(quiet == 1 ? "" : "s") without one shown" : "") + " (\(p) bits)")
        for r in rows {
            let x = PrintedBound(r.x, bound: r.xBound, significantDigits: 20)
            let location = r.decimal != nil || x.bound.isZero ? "" : " ± \(x.bound.scientificString(fractionDigits: 1, rounding: .up))"
            let shown = r.decimal ?? x.value
            let exactly = r.exact && r.decimal == nil ? " (exactly \(r.exactText))" : ""
            func d(_ l: LimitEstimate) -> String { l.printed(significantDigits: 20).value }
            let jump = r.status == KinkDiscoveryResult.QuietDeclaredKink.Status.notEstablished.rawValue
                ? "|jump| <= " + (BigFloat.abs(r.jump.value) + r.jump.errorBound).scientificString(fractionDigits: 1, rounding: .up)
                : r.jump.printed(significantDigits: 20).value
            print("  x = \(shown)\(location)\(exactly)  D- = \(d(r.left))  D+ = \(d(r.right))  jump = \(jump)"
                  + (r.declared ? "  (declared)" : "  (undeclared)") + (r.status == "certified" ? "" : "  " + r.status))
        }
        for u in survey.unresolved {
            print("  unresolved: [\(show(u.0)), \(show(u.1))]: the branches switch there beyond the search's budget; kinks may hide there")
        }
        print("  (D-, D+ and jump to 20 digits; \(rows.allSatisfy { $0.left.isCertified && $0.right.isCertified } ? "all certified" : "see --json for bounds and which are estimates"))")
    }
}
