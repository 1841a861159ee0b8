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

struct Limits: ParsableCommand, PointCommand {
    static let configuration = CommandConfiguration(
        abstract: "Continuity, jump and one-sided derivative limits at X, with error bounds.",
        discussion: """
        Where the branch on a side is analytic at X, its limits are certified: rigorous \
        enclosures from interval Taylor arithmetic with that side's branch decisions, and the \
        bound covers the whole enclosure and the printed digits. Elsewhere (e.g. x^2 sin(1/x) at \
        0) they are Richardson extrapolations over h = 2^-k, cross-checked at a second precision, \
        and labelled estimates. Steps are capped by the distance to the nearest declared or \
        discovered kink, so no stencil straddles a kink. At a jump, derivatives are taken relative \
        to f(X-) and f(X+).
        """)

    @OptionGroup var point: PointOptions
    @OptionGroup var wrtOption: WrtOption
    @Option(name: .customLong("direction"), parsing: .unconditionalSingleValue, help: "At a point of several inputs: a direction d1,…,dn for f'(x; d) (repeatable; default ±e_i and more).")
    var directions: [String] = []

    func run() throws {
        useWidestExponentRange()
        if let target = try multiInputTarget(wrt: wrtOption.wrt) { return try runMultiInput(target) }
        let activation = try activation()
        let p = options.precision
        let point = try parsePoint(at)
        guard point.isFinite, !point.isNaN else { throw InputError("--at: limits need a finite point (got \(at))") }
        let a = PointAnalysis.analyze(activation, at: point, precision: p, otherKinks: neighbourhoodKinks(activation, around: point, precision: p))
        guard a.isResolved else { throw InputError("--at \(at): " + a.refusalReason) }
        guard a.valueCertified else {
            throw InputError("--at \(at): f(x) could not be certified: " + (CostLimit.lastRefusal ?? "the working precision's cap was reached"))
        }
        let digits = decimalDigits(forBits: p)
        let jump = a.jumpLimit.printed(significantDigits: digits)
        if json {
            print(JSON.object([
                ("activation", .string(spec)), ("x", .string(at)), ("precision", .int(p)),
                ("value", .string(a.value.decimalString(significantDigits: decimalDigits(forBits: a.value.precision)).trimmingFractionZeros)),
                ("continuous", .bool(a.continuous)), ("continuity_established", .bool(a.continuityEstablished)),
                ("jump", .string(jump.value)), ("jump_error_bound", .string(jump.boundText)),
                ("jump_bound", .string(a.jumpLimit.boundKind)),
                ("left_value", a.leftValue.json(significantDigits: digits)), ("right_value", a.rightValue.json(significantDigits: digits)),
                ("left_derivative", a.leftDerivative.json(significantDigits: digits)),
                ("right_derivative", a.rightDerivative.json(significantDigits: digits)),
                ("differentiable", .bool(a.differentiable)), ("differentiability_established", .bool(a.differentiabilityEstablished)),
                ("holder_exponent", .object([("left", a.holderLeft.map { .string(BigFloat($0, precision: 53).fixedString(fractionDigits: 3)) } ?? .null),
                                             ("right", a.holderRight.map { .string(BigFloat($0, precision: 53).fixedString(fractionDigits: 3)) } ?? .null)])),
            ]).rendered())
            return
        }
        let shown = Swift.min(digits, 40)
        print("\(spec) at x = \(at)  (\(p) bits)")
        print("  f(x)      = \(a.value.decimalString(significantDigits: shown).trimmingFractionZeros)")
        print("  f(x-)     = \(a.leftValue.text(significantDigits: shown))")
        print("  f(x+)     = \(a.rightValue.text(significantDigits: shown))")
        let unsettled = !a.leftValue.isNumber || !a.rightValue.isNumber
        let why = [a.leftValue, a.rightValue].contains { $0.method == .oscillating } ? "f has no one-sided limit: it oscillates"
            : [a.leftValue, a.rightValue].contains { $0.method == .divergent } ? "a one-sided limit of f is infinite"
            : "a one-sided limit of f did not converge"
        let undefinedHere = !a.value.isFinite ? "no: f(x) = \(a.value.isNaN ? "nan, undefined here (IEEE semantics, as every format computes it)" : a.value.description)"
            + (a.jump.isZero && !unsettled ? "; the one-sided limits agree (a removable singularity)" : "") : nil
        let within = BigFloat.abs(a.jump) + a.jumpLimit.errorBound
        let unproven = "not established: |f(x+) - f(x-)| <= \(within.scientificString(fractionDigits: 1, rounding: .up)) (certified), but f(x-) and f(x+) are not proven equal (a jump below the enclosures' width looks the same)"
        print("  continuous: \(a.continuous ? "yes" : undefinedHere ?? (unsettled ? "not established (\(why))" : !a.continuityEstablished ? unproven : "no, jump f(x+) - f(x-) = \(a.jumpLimit.text(significantDigits: shown))"))")
        print("  D-        = \(a.leftDerivative.text(significantDigits: shown))")
        print("  D+        = \(a.rightDerivative.text(significantDigits: shown))")
        print("  differentiable: \(a.differentiable ? "yes" : a.differentiabilityEstablished ? "no" : "not established (D- and D+ agree to within their enclosures but are not proven equal)")")
    }
}

