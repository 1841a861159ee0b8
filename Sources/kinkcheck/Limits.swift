import ArgumentParser
import BigFloat
import KinkCheck

struct Limits: ParsableCommand, PointCommand {
    static let configuration = CommandConfiguration(
        abstract: "Continuity, jump and one-sided derivative limits at X, with error bounds.",
        discussion: """
        One-sided limits are Richardson extrapolations over h = 2^-k, cross-checked at a second, \
        higher precision with a second step sequence; a bound is reported only as it held there. \
        Steps are capped by the distance to the nearest declared or discovered kink, so no \
        stencil straddles a kink. At a jump, derivatives are taken relative to f(X-) and f(X+).
        """)

    @OptionGroup var point: PointOptions

    func run() throws {
        let activation = try parseActivation(spec)
        let p = options.precision
        let x = try parseNumber(at, precision: p)
        guard x.isFinite else { throw InputError("--at: limits need a finite point (got \(at))") }
        let kinks = KinkDiscovery.neighbourhoodKinks(of: activation, around: x, precision: p)
        let a = PointAnalysis.analyze(activation, at: x, precision: p, otherKinks: kinks)
        let digits = decimalDigits(forBits: p)
        func limitJSON(_ l: LimitEstimate) -> JSON { l.json(significantDigits: digits) }
        if json {
            print(JSON.object([
                ("activation", .string(spec)), ("x", .string(at)), ("precision", .int(p)),
                ("value", .string(a.value.decimalString(significantDigits: digits).trimmingFractionZeros)),
                ("continuous", .bool(a.continuous)),
                ("jump", .string(a.continuous ? "0" : a.jump.decimalString(significantDigits: digits).trimmingFractionZeros)),
                ("left_value", limitJSON(a.leftValue)), ("right_value", limitJSON(a.rightValue)),
                ("left_derivative", limitJSON(a.leftDerivative)), ("right_derivative", limitJSON(a.rightDerivative)),
                ("differentiable", .bool(a.differentiable)),
                ("holder_exponent", .object([("left", a.holderLeft.map { .string(BigFloat($0, precision: 53).fixedString(fractionDigits: 3)) } ?? .null),
                                             ("right", a.holderRight.map { .string(BigFloat($0, precision: 53).fixedString(fractionDigits: 3)) } ?? .null)])),
            ]).rendered())
            return
        }
        func show(_ l: LimitEstimate) -> String {
            let v = l.value.rounded(toPrecision: p).decimalString(significantDigits: Swift.min(digits, 40)).trimmingFractionZeros
            let b = l.errorBound.isZero ? "exact" : "± " + l.errorBound.scientificString(fractionDigits: 1, rounding: .up)
            return "\(v)  \(b)  (\(l.method.rawValue)\(l.order.map { ", order \(BigFloat($0, precision: 53).fixedString(fractionDigits: 2))" } ?? ""))"
        }
        print("\(spec) at x = \(at)  (\(p) bits)")
        print("  f(x)      = \(a.value.decimalString(significantDigits: Swift.min(digits, 40)).trimmingFractionZeros)")
        print("  f(x-)     = \(show(a.leftValue))")
        print("  f(x+)     = \(show(a.rightValue))")
        print("  continuous: \(a.continuous ? "yes" : "no, jump f(x+) - f(x-) = \(a.jump.decimalString(significantDigits: Swift.min(digits, 40)).trimmingFractionZeros)")")
        print("  D-        = \(show(a.leftDerivative))")
        print("  D+        = \(show(a.rightDerivative))")
        print("  differentiable: \(a.differentiable ? "yes" : "no")")
    }
}

/// Decimal digits that distinguish every p-bit value: 1 + ⌈p·log₁₀2⌉.
func decimalDigits(forBits p: Int) -> Int { 1 + Int((Double(p) * 0.30102999566398120).rounded(.up)) }

