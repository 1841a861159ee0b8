import ArgumentParser
import BigFloat
import KinkCheck

struct Eval: ParsableCommand, PointCommand {
    static let configuration = CommandConfiguration(
        abstract: "Value and autodiff derivative at X in Float, Double and MPFR.",
        discussion: """
        X is rounded correctly to each type first. Float and Double run the definition in real \
        float32/float64 arithmetic; mpfr gives f(X) correctly rounded at --precision bits and the \
        autodiff derivative (the derivative the definition's branches give) correctly rounded too.
        """)

    @OptionGroup var point: PointOptions

    func run() throws {
        let activation = try activation()
        let p = options.precision
        let xm = try parseNumber(at, precision: p)
        let xd = Double(try parseNumber(at, precision: 53))
        let xf = Float(try parseNumber(at, precision: 24))
        let f = activation.valueAndDerivative(at: xf)
        let d = activation.valueAndDerivative(at: xd)
        let value = activation.correctlyRounded(at: xm, precision: p)
        let slope = activation.correctlyRoundedDerivative(at: xm, precision: p)
        let rows: [(String, String, String)] = [
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
            print("\(spec) at x = \(at)  (mpfr: \(p) bits, correctly rounded\(value.certified && slope.certified ? "" : " — NOT certified, precision cap reached"))")
            let kind = activation.hasHandWrittenDerivative ? "hand-written" : "autodiff"
            for (k, v, dv) in rows {
                print("  " + k.padded(to: 7) + "f = \(v)    f' (\(kind)) = \(dv)")
            }
        }
    }
}
