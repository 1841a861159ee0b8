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

struct Subgradient: ParsableCommand, PointCommand {
    static let configuration = CommandConfiguration(
        abstract: "Classification, Clarke set, convex subdifferential and autodiff membership at X.",
        discussion: """
        The Clarke set is the convex hull of the limits of f' (autodiff, in MPFR) from both sides; \
        where f' oscillates, those limits are its range over many nearby points. The convex \
        subdifferential [D-, D+] exists where f is convex near X. Each --value G is tested for \
        membership; a value outside the convex subdifferential gets a witness y with \
        f(y) < f(X) + G*(y - X). Membership answers are data: the exit status is 0 unless the \
        input is bad (2).
        """)

    @OptionGroup var point: PointOptions
    @OptionGroup var wrtOption: WrtOption
    @Option(name: .customLong("value"), parsing: .unconditionalSingleValue, help: "A derivative value to test (repeatable).")
    var values: [String] = []

    func run() throws {
        useWidestExponentRange()
        if let target = try multiInputTarget(wrt: wrtOption.wrt) { return try runMultiInput(target) }
        let activation = try activation()
        let p = options.precision
        let point = try parsePoint(at)
        guard point.isFinite, !point.isNaN else { throw InputError("--at: the point must be finite (got \(at))") }
        let gs = try values.map { try parseNumber($0, precision: p, option: "--value") }
        for (text, g) in zip(values, gs) where !g.isFinite { throw InputError("--value: must be finite (got \(text))") }
        let a = SubgradientAnalysis.analyze(activation, at: point, precision: p, otherKinks: neighbourhoodKinks(activation, around: point, precision: p))
        guard a.point.isResolved else { throw InputError("--at \(at): " + a.point.refusalReason) }
        let memberships = gs.map { a.membership(of: $0, activation: activation) }
        let digits = decimalDigits(forBits: p)
        // Rounded to P bits; the text shows at most 20 of the digits.
        func dec(_ v: BigFloat, _ shown: Int = digits) -> String { v.rounded(toPrecision: p).shortDecimal(shown) }
        let textDigits = Swift.min(digits, 20)
        // Endpoints rounded to P bits and printed, with one bound covering both as printed (the
        // analysis's bound, half an ulp at P for the rounding, the digits); "bound" says whether
        // it is certified or an estimate.
        func rounded(_ s: DerivativeSet) -> DerivativeSet { DerivativeSet(s.lower.rounded(toPrecision: p), s.upper.rounded(toPrecision: p)) }
        func printedSet(_ s: DerivativeSet, digits: Int) -> (lower: String, upper: String, bound: PrintedBound) {
            let r = rounded(s)
            let exact = r.lower == s.lower && r.upper == s.upper
            let halfUlp = exact ? .zero(precision: 64)
                : BigFloat.maximum(BigFloat.abs(s.lower), BigFloat.abs(s.upper)).exponent
                    .map { BigFloat(1, precision: 2).timesPowerOfTwo($0 - p - 1) } ?? .zero(precision: 64)
            return r.printed(endBound: a.clarkeBound + halfUlp, significantDigits: digits)
        }
        func setJSON(_ s: DerivativeSet?) -> JSON {
            guard let s else { return .null }
            return .object([("lower", .string(dec(s.lower))), ("upper", .string(dec(s.upper))),
                            ("error_bound", .string(printedSet(s, digits: digits).bound.boundText)),
                            ("bound", .string(a.clarkeCertified ? "certified" : "estimate"))])
        }
        if json {
            print(JSON.object([
                ("activation", .string(spec)), ("x", .string(at)), ("precision", .int(p)),
                ("classification", .string(a.classification.rawValue)),
                ("clarke", setJSON(a.clarke)),
                ("convex_subdifferential", setJSON(a.convexSubdifferential)),
                ("min_norm", a.clarke.map { .string(dec($0.minimumNorm)) } ?? .null),
                ("ad_derivative", .object(a.autodiff.map { ($0.scalar, .string($0.scalar == "mpfr" ? dec($0.derivative) : $0.derivative.description)) })),
                ("ad_in_clarke", .object(a.autodiff.map { ($0.scalar, $0.inClarke.map { .bool($0) } ?? .null) })),
                ("ad_neighbours_agree", .object(a.autodiff.map { ($0.scalar, .bool($0.neighboursAgree)) })),
                ("values", .array(zip(values, memberships).map { text, m in
                    .object([("g", .string(text)), ("in_clarke", .bool(m.inClarke)), ("in_subdifferential", .bool(m.inSubdifferential)),
                             ("witness", m.witness.map { .string($0.decimalString(significantDigits: 0)) } ?? .null),
                             ("witness_hex", m.witness.map { .string($0.hexString) } ?? .null)])
                })),
            ]).rendered())
            return
        }
        func show(_ s: DerivativeSet?) -> String {
            guard let s else { return "none" }
            return s.lower == s.upper ? "{\(dec(s.lower, textDigits))}" : "[\(dec(s.lower, textDigits)), \(dec(s.upper, textDigits))]"
        }
        func boundNote(_ s: DerivativeSet?) -> String {
            guard let s else { return "" }
            let b = printedSet(s, digits: 20).bound.bound
            return b.isZero ? "  exact (certified)" : "  ± \(b.scientificString(fractionDigits: 1, rounding: .up)) (\(a.clarkeCertified ? "certified" : "estimate"))"
        }
        print("\(spec) at x = \(at)  (\(p) bits): \(a.classification.rawValue)")
        print("  Clarke set:              \(show(a.clarke))\(boundNote(a.clarke))")
        print("  convex subdifferential:  \(show(a.convexSubdifferential))")
        if let c = a.clarke { print("  minimum-norm element:    \(dec(c.minimumNorm, textDigits))") }
        for ad in a.autodiff {
            let verdict = !ad.representable ? "not checked: x is not a \(ad.scalar)"
                : ad.inClarke.map { $0 ? "in the Clarke set" : "NOT in the Clarke set" } ?? "no Clarke set (\(a.classification.rawValue))"
            print("  autodiff (\(ad.scalar)):".padded(to: 27) + "\(dec(ad.derivative, textDigits))  \(verdict)")
        }
        for (text, m) in zip(values, memberships) {
            var line = "  g = \(text): " + (m.inClarke ? "in Clarke" : "not in Clarke") + ", "
                + (m.inSubdifferential ? "a subgradient" : (a.convexSubdifferential == nil ? "no convex subdifferential here" : "not a subgradient"))
            if let y = m.witness { line += "; witness y = \(y.decimalString(significantDigits: 0)): f(y) < f(x) + g·(y − x)" }
            print(line)
        }
    }
}
