import ArgumentParser
import BigFloat
import KinkCheck

struct Limits: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Continuity, jump and one-sided derivative limits at X, with error bounds.",
        discussion: """
        One-sided limits are Richardson extrapolations over h = 2^-k, cross-checked at a second,
        higher precision with a second step sequence; a bound is reported only as it held there.
        Steps are capped by the distance to the nearest declared or discovered kink, so no
        stencil straddles a kink. At a jump, derivatives are taken relative to f(X-) and f(X+).
        """)

    @Argument(help: "Activation spec, e.g. relu or elu:alpha=0.5.")
    var spec: String
    @Option(parsing: .unconditional, help: "The point, decimal or hex-float.")
    var at: String
    @OptionGroup var options: PrecisionOption
    @Flag(help: "Print JSON.")
    var json = false

    func run() throws {
        let activation = try parseActivation(spec)
        let p = options.precision
        let x = try parseNumber(at, precision: p)
        guard x.isFinite else { throw InputError("--at: limits need a finite point (got \(at))") }
        let kinks = KinkDiscovery.neighbourhoodKinks(of: activation, around: x, precision: p)
        let a = PointAnalysis.analyze(activation, at: x, precision: p, otherKinks: kinks)
        let digits = decimalDigits(forBits: p)
        func limitJSON(_ l: LimitEstimate) -> JSON {
            .object([("value", .string(l.value.rounded(toPrecision: p).decimalString(significantDigits: digits).trimmedDecimal)),
                     ("error_bound", .string(l.errorBound.isZero ? "0" : l.errorBound.scientificString(fractionDigits: 2, rounding: .up))),
                     ("order", .string(l.order.map { formatFixed($0, 3) } ?? "inf")),
                     ("method", .string(l.method)),
                     ("verified", .bool(l.verified))])
        }
        if json {
            print(JSON.object([
                ("activation", .string(spec)), ("x", .string(at)), ("precision", .int(p)),
                ("value", .string(a.value.decimalString(significantDigits: digits).trimmedDecimal)),
                ("continuous", .bool(a.continuous)),
                ("jump", .string(a.continuous ? "0" : a.jump.decimalString(significantDigits: digits).trimmedDecimal)),
                ("left_value", limitJSON(a.leftValue)), ("right_value", limitJSON(a.rightValue)),
                ("left_derivative", limitJSON(a.leftDerivative)), ("right_derivative", limitJSON(a.rightDerivative)),
                ("differentiable", .bool(a.differentiable)),
                ("holder_exponent", .object([("left", a.holderLeft.map { .string(formatFixed($0, 3)) } ?? .null),
                                             ("right", a.holderRight.map { .string(formatFixed($0, 3)) } ?? .null)])),
            ]).rendered())
            return
        }
        func show(_ l: LimitEstimate) -> String {
            let v = l.value.rounded(toPrecision: p).decimalString(significantDigits: Swift.min(digits, 40)).trimmedDecimal
            let b = l.errorBound.isZero ? "exact" : "± " + l.errorBound.scientificString(fractionDigits: 1, rounding: .up)
            return "\(v)  \(b)  (\(l.method)\(l.order.map { ", order \(formatFixed($0, 2))" } ?? ""))"
        }
        print("\(spec) at x = \(at)  (\(p) bits)")
        print("  f(x)      = \(a.value.decimalString(significantDigits: Swift.min(digits, 40)).trimmedDecimal)")
        print("  f(x-)     = \(show(a.leftValue))")
        print("  f(x+)     = \(show(a.rightValue))")
        print("  continuous: \(a.continuous ? "yes" : "no, jump f(x+) - f(x-) = \(a.jump.decimalString(significantDigits: Swift.min(digits, 40)).trimmedDecimal)")")
        print("  D-        = \(show(a.leftDerivative))")
        print("  D+        = \(show(a.rightDerivative))")
        print("  differentiable: \(a.differentiable ? "yes" : "no")")
    }
}

/// Decimal digits that distinguish every p-bit value: 1 + ⌈p·log₁₀2⌉.
func decimalDigits(forBits p: Int) -> Int { 1 + Int((Double(p) * 0.30102999566398120).rounded(.up)) }

/// `x` with `places` digits after the point (plain decimal; for small reporting numbers).
func formatFixed(_ x: Double, _ places: Int) -> String {
    if x.isNaN { return "nan" }
    if x.isInfinite { return x < 0 ? "-inf" : "inf" }
    let v = BigFloat(x, precision: 53)
    guard let (digits, e, negative) = v.decimalDigits(0) else { return "0." + String(repeating: "0", count: places) }
    _ = (digits, e, negative)
    let scaled = (x * pow10(places)).rounded(.toNearestOrEven)
    let magnitude = Int(scaled.magnitude)
    var s = String(magnitude)
    while s.count <= places { s = "0" + s }
    let cut = s.index(s.endIndex, offsetBy: -places)
    let text = places == 0 ? s : s[..<cut] + "." + s[cut...]
    return (scaled < 0 ? "-" : "") + text
}

func pow10(_ n: Int) -> Double { var r = 1.0; for _ in 0..<n { r *= 10 }; return r }

extension String {
    /// Drops trailing zeros after a decimal point (and the point itself), keeping exponents.
    var trimmedDecimal: String {
        var mantissa = self, exponent = ""
        if let e = firstIndex(where: { $0 == "e" || $0 == "E" }) { mantissa = String(self[..<e]); exponent = String(self[e...]) }
        guard mantissa.contains(".") else { return self }
        while mantissa.hasSuffix("0") { mantissa.removeLast() }
        if mantissa.hasSuffix(".") { mantissa.removeLast() }
        return mantissa + exponent
    }
}
