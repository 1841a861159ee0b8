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

struct Eval: ParsableCommand, PointCommand {
    static let configuration = CommandConfiguration(
        abstract: "Value and autodiff derivative at X in Float16, bfloat16, Float, Double and MPFR.",
        discussion: """
        X is rounded correctly to each type first. Float and Double run the definition in real \
        float32/float64 arithmetic; float16 and bfloat16 run it in Float and round the result once \
        (as frameworks do); mpfr gives f(X) correctly rounded at --precision bits and the \
        autodiff derivative (the derivative the definition's branches give) correctly rounded too.
        """)

    @OptionGroup var point: PointOptions
    @OptionGroup var wrtOption: WrtOption

    func run() throws {
        useWidestExponentRange()
        if let target = try multiInputTarget(wrt: wrtOption.wrt, allowNaN: true) { return try runMultiInput(target) }
        let activation = try activation()
        let p = options.precision
        let point = try parsePoint(at)
        let xd = Double(point.rounded(to: .binary64))
        let xf = Float(point.rounded(to: .binary32))
        let f = activation.valueAndDerivative(at: xf)
        let d = activation.valueAndDerivative(at: xd)
        let value = activation.correctlyRounded(at: point, precision: p)
        let slope = activation.correctlyRoundedDerivative(at: point, precision: p)
        // An MPFR number that could not be proven correctly rounded is not printed.
        for (what, r) in [("f(x)", value), ("the derivative", slope)] where !r.certified {
            let why = CostLimit.lastRefusal
                ?? "its enclosures still straddle a rounding boundary or a branch at \(r.workingPrecision) bits of working precision, the cap"
            throw InputError("--at \(at): \(what) could not be certified: \(why)")
        }
        // Half precision as frameworks compute it: X rounded to the format, the definition in
        // Float, the result rounded once (see IEEEFormat.value(of:at:)).
        let halves: [(String, String, String)] = [IEEEFormat.binary16, .bfloat16].map { format in
            let x = Double(point.rounded(to: format))
            let v = format.value(of: activation, at: x), dv = format.derivative(of: activation, at: x)
            return format == .binary16 ? (format.name, Float16(v).description, Float16(dv).description)
                                       : (format.name, Float(v).description, Float(dv).description)
        }
        let rows: [(String, String, String)] = halves + [
            ("float", f.value.description, f.derivative.description),
            ("double", d.value.description, d.derivative.description),
            ("mpfr", value.value.description, slope.value.description),
        ]
        if json {
            var pairs: [(String, JSON)] = [("activation", .string(spec)), ("x", .string(at)), ("precision", .int(p))]
            for (k, v, dv) in rows { pairs.append((k, .object([("value", .string(v)), ("derivative", .string(dv))]))) }
            pairs.append(("certified", .bool(value.certified && slope.certified)))
            print(JSON.object(pairs).rendered())
        } else {
            print("\(spec) at x = \(at)  (mpfr: \(p) bits, correctly rounded)")
            let kind = activation.hasHandWrittenDerivative ? "hand-written" : "autodiff"
            for (k, v, dv) in rows {
                print("  " + k.padded(to: 9) + "f = \(v)    f' (\(kind)) = \(dv)")
            }
            if value.value.isNaN {
                print("  (nan: the definition is undefined at x in IEEE semantics, in MPFR as in every format; its one-sided limits: kinkcheck limits)")
            }
        }
    }
}
