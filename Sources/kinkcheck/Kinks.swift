import ArgumentParser
import BigFloat
import KinkCheck

/// A decimal string cut to 20 significant digits for a terminal (JSON keeps all of them).
func short(_ decimal: String) -> String {
    guard let v = BigFloat(decimal, precision: 128) else { return decimal }
    return v.decimalString(significantDigits: 20).trimmingFractionZeros
}

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
    @OptionGroup var options: PrecisionOption
    @Flag(help: "Print JSON.")
    var json = false

    func run() throws {
        let activation = try parseActivation(spec)
        let p = options.precision
        let parts = interval.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 2 else { throw InputError("--in: expected A,B (got '\(interval)')") }
        let a = try parseNumber(parts[0], precision: p, option: "--in"), b = try parseNumber(parts[1], precision: p, option: "--in")
        guard a.isFinite, b.isFinite, a < b else { throw InputError("--in: need finite A < B (got '\(interval)')") }
        let found = KinkDiscovery.discover(activation, in: a, b, precision: p)
        let kinkPoints = found.flatMap { [$0.bracket.0, $0.bracket.1] } + activation.kinks.map { $0.location.value(precision: p) }
        let digits = decimalDigits(forBits: p)
        var rows: [(String, String, String, String, Bool)] = []
        for k in found {
            let others = kinkPoints.filter { !($0 >= k.bracket.0 && $0 <= k.bracket.1) }
            let analysis = PointAnalysis.analyze(activation, at: k.x, precision: p, otherKinks: others)
            func s(_ v: BigFloat) -> String { (v.isZero ? BigFloat.zero(precision: p) : v.rounded(toPrecision: p)).decimalString(significantDigits: digits).trimmingFractionZeros }
            rows.append((s(k.x), s(analysis.leftDerivative.value), s(analysis.rightDerivative.value),
                         analysis.continuous ? "0" : s(analysis.jump), k.matchesDeclared))
        }
        if json {
            print(JSON.object([
                ("activation", .string(spec)), ("interval", .array([.string(parts[0]), .string(parts[1])])), ("precision", .int(p)),
                ("kinks", .array(rows.map { r in .object([("x", .string(r.0)), ("left_derivative", .string(r.1)),
                                                           ("right_derivative", .string(r.2)), ("jump", .string(r.3)),
                                                           ("declared", .bool(r.4))]) })),
            ]).rendered())
            return
        }
        print("\(spec) on [\(parts[0]), \(parts[1])]: \(rows.count) kink\(rows.count == 1 ? "" : "s") (\(p) bits)")
        for r in rows {
            print("  x = \(short(r.0))  D- = \(short(r.1))  D+ = \(short(r.2))  jump = \(short(r.3))\(r.4 ? "  (declared)" : "  (undeclared)")")
        }
    }
}
