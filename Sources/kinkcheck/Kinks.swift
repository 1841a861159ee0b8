import ArgumentParser
import BigFloat
import KinkCheck

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

    func run() throws {
        let activation = try variants.activation(spec)
        let p = options.precision
        let parts = interval.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 2 else { throw InputError("--in: expected A,B (got '\(interval)')") }
        let a = try parseNumber(parts[0], precision: p, option: "--in"), b = try parseNumber(parts[1], precision: p, option: "--in")
        guard a.isFinite, b.isFinite, a < b else { throw InputError("--in: need finite A < B (got '\(interval)')") }
        let found = KinkDiscovery.discover(activation, in: a, b, precision: p)
        let kinkPoints = found.flatMap { [$0.bracket.0, $0.bracket.1] } + activation.kinks.map { $0.location.value(precision: p) }
        let digits = decimalDigits(forBits: p)
        struct Row { var x: BigFloat; var xBound: BigFloat; var proven: Bool; var left: LimitEstimate; var right: LimitEstimate; var jump: LimitEstimate; var declared: Bool }
        var rows: [Row] = []
        for k in found {
            let others = kinkPoints.filter { !($0 >= k.bracket.0 && $0 <= k.bracket.1) }
            let analysis = PointAnalysis.analyze(activation, at: k.x, precision: p, otherKinks: others)
            // Certified one-sided limits that differ prove the kink is exactly at x; otherwise x is
            // known to its bracket.
            let certified = [analysis.leftValue, analysis.rightValue, analysis.leftDerivative, analysis.rightDerivative].allSatisfy(\.isCertified)
            let proven = certified && !(analysis.continuous && analysis.differentiable)
            let bracketBound = BigFloat.maximum(BigFloat.abs(k.x - k.bracket.0), BigFloat.abs(k.bracket.1 - k.x))
            let x = k.x.isZero ? BigFloat.zero(precision: p) : k.x.rounded(toPrecision: p)
            var bound = proven ? BigFloat.zero(precision: 64) : bracketBound
            bound = bound + BigFloat.abs(x - k.x)
            rows.append(Row(x: x, xBound: bound, proven: proven,
                            left: analysis.leftDerivative, right: analysis.rightDerivative, jump: analysis.jumpLimit, declared: k.matchesDeclared))
        }
        if output.json {
            print(JSON.object([
                ("activation", .string(spec)), ("interval", .array([.string(parts[0]), .string(parts[1])])), ("precision", .int(p)),
                ("kinks", .array(rows.map { r in
                    let x = PrintedBound(r.x, bound: r.xBound, significantDigits: digits)
                    return .object([("x", .string(x.value)), ("x_error_bound", .string(x.boundText)),
                                                           ("location", .string(r.proven ? "proven" : "bracket")),
                                                           ("left_derivative", r.left.json(significantDigits: digits)),
                                                           ("right_derivative", r.right.json(significantDigits: digits)),
                                                           ("jump", r.jump.json(significantDigits: digits)),
                                                           ("declared", .bool(r.declared))]) })),
            ]).rendered())
            return
        }
        print("\(spec) on [\(parts[0]), \(parts[1])]: \(rows.count) kink\(rows.count == 1 ? "" : "s") (\(p) bits)")
        for r in rows {
            let x = PrintedBound(r.x, bound: r.xBound, significantDigits: 20)
            let location = r.proven && x.bound.isZero ? "" : " ± \(x.bound.scientificString(fractionDigits: 1, rounding: .up))"
            func d(_ l: LimitEstimate) -> String { l.printed(significantDigits: 20).value }
            print("  x = \(x.value)\(location)  D- = \(d(r.left))  D+ = \(d(r.right))  jump = \(r.jump.printed(significantDigits: 20).value)"
                  + (r.declared ? "  (declared)" : "  (undeclared)"))
        }
        print("  (D-, D+ and jump to 20 digits; \(rows.allSatisfy { $0.left.isCertified && $0.right.isCertified } ? "all certified" : "see --json for bounds and which are estimates"))")
    }
}
