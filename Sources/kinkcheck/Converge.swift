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

struct Converge: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The finite-difference error |D(h) - L| for h = 2^-k at several precisions (the V-curves).",
        discussion: """
        D = (f(X+h) - f(X))/h (fwd) and (f(X) - f(X-h))/h (bwd), with f correctly rounded at p bits, \
        X +/- h and the difference rounded at p bits; f32 and f64 run the definition in real Float \
        and Double; f16 and bf16 run it in Float and round each result to the 16-bit format. L is the one-sided derivative limit, extrapolated at a higher precision. \
        Rows: precisions as listed, side fwd then bwd, k = 1...kmax (default p + 8).
        """)

    @Argument(help: "Activation spec.")
    var spec: String
    @Option(parsing: .unconditional, help: "The point, decimal or hex-float.")
    var at: String
    @Option(parsing: .unconditional, help: "Comma-separated precisions: bits (2...\(BigFloat.maximumPrecision)), mpfr:P, or f16, bf16, f32, f64 (or another spelling of these formats: float32, binary32, …).")
    var precisions: String = "24,53,113,256,1024,4096,f32,f64"
    @Option(parsing: .unconditional, help: "Largest k (h = 2^-k); default p + 8 for each precision.")
    var kmax: Int?
    @Flag(help: "CSV rows: activation,precision,side,k,error,log2_error.")
    var csv = false
    @OptionGroup var output: JSONOption
    @OptionGroup var variants: VariantsOption

    func validate() throws {
        if csv && output.json { throw ValidationError("choose one of --csv and --json") }
        if let kmax, kmax < 1 || kmax > 100_000 { throw ValidationError("--kmax must be between 1 and 100000 (got \(kmax))") }
        for item in precisions.split(separator: ",", omittingEmptySubsequences: false) where SweepPrecision(String(item)) == nil {
            throw ValidationError("--precisions: '\(item)' is not a precision; use bits (2...\(BigFloat.maximumPrecision)) or a format: \(FormatName.accepted(mpfr: true))")
        }
    }

    func run() throws {
        useWidestExponentRange()
        let activation = try variants.activation(spec)
        let list = precisions.split(separator: ",").compactMap { SweepPrecision(String($0)) }
        // X is read with 64 guard bits where the maximum precision leaves room for them (at the
        // maximum itself X is read at the maximum: its rounding there is the one the sweep uses).
        let top = BigFloat.clampedPrecision(list.map(\.bits).max()! + 64)
        let point = try parsePoint(at)
        guard point.isFinite, !point.isNaN else { throw InputError("--at: the point must be finite (got \(at))") }
        // The sweeps step from a binary number: a typed decimal that is not one is rounded to
        // `top` bits, and the map (limits included) is about that number, as the output says.
        let x = point.rounded(toPrecision: top)
        let rounding = point.isBinary && x == point.binary ?? x ? nil : "\(at) is not a \(top)-bit number: X is its rounding \(x.hexString); the limits L and every point are about that X"
        let kinks = KinkDiscovery.neighbourhoodKinks(of: activation, around: x, precision: top)
        let map = ConvergenceMap.compute(activation, at: x, precisions: list, kmax: kmax, otherKinks: kinks)
        guard !map.leftLimit.value.isNaN, !map.rightLimit.value.isNaN else {
            throw InputError("--at \(at): " + PointAnalysis.refusal)
        }
        if csv {
            print("activation,precision,side,k,error,log2_error")
            // Each row is formatted on its own: do it on every core, print in order.
            let points = map.points
            let rows = parallelMap(points.count) { i in
                let pt = points[i]
                return "\(spec),\(pt.precision),\(pt.side.stencilLabel),\(pt.k),\(errorText(pt.error)),\(log2Text(pt.error))\n"
            }
            print(rows.joined(), terminator: "")
            return
        }
        if output.json {
            print(JSON.object([
                ("activation", .string(spec)), ("x", .string(at)), ("x_used", .string(x.hexString)),
                ("x_rounded", .bool(rounding != nil)),
                ("limits", .object([("bwd", map.leftLimit.json(significantDigits: 40)), ("fwd", map.rightLimit.json(significantDigits: 40))])),
                ("summary", .array(map.summaries.map(summaryJSON))),
                ("points", .array(map.points.map { pt in
                    .object([("precision", .string(pt.precision.description)), ("side", .string(pt.side.stencilLabel)),
                             ("k", .int(pt.k)), ("error", .string(errorText(pt.error))),
                             ("log2_error", .string(log2Text(pt.error))), ("regime", .string(pt.regime.rawValue))])
                })),
            ]).rendered())
            return
        }
        print("\(spec) at x = \(at): one-sided difference error |D(2^-k) - L|")
        if let rounding { print("  (\(rounding))") }
        print("  L(bwd) = \(map.leftLimit.value.shortDecimal())   L(fwd) = \(map.rightLimit.value.shortDecimal())   (error bounds in --json)")
        print("  " + "precision".padded(to: 10) + "side  " + "best k".leftPadded(to: 6) + "  " + "best h".padded(to: 9) + "floor".padded(to: 16) + "predicted h*".padded(to: 14) + "predicted floor")
        for s in map.summaries {
            let ph = s.predictedH.map { $0.scientificString(fractionDigits: 2) } ?? "n/a"
            let pf = s.predictedFloor.map { $0.scientificString(fractionDigits: 2) } ?? "n/a"
            print("  " + s.precision.description.padded(to: 10) + s.side.stencilLabel.padded(to: 6)
                  + String(s.bestK).leftPadded(to: 6) + "  " + ("2^-" + String(s.bestK)).padded(to: 9)
                  + errorText(s.floor).padded(to: 16) + ph.padded(to: 14) + pf)
        }
        print("  (h* and floor predicted by E(h) = |f''|h/2 + 2u|f|/h with u = 2^-p; use --csv or --json for every point)")
    }

    func summaryJSON(_ s: SweepSummary) -> JSON {
        .object([("precision", .string(s.precision.description)), ("side", .string(s.side.stencilLabel)),
                 ("best_k", .int(s.bestK)), ("floor", .string(errorText(s.floor))),
                 ("predicted_h", s.predictedH.map { .string($0.scientificString(fractionDigits: 3)) } ?? .null),
                 ("predicted_floor", s.predictedFloor.map { .string($0.scientificString(fractionDigits: 3)) } ?? .null)])
    }
}

/// C's `%.6e` of an exact error: 7 significant digits, correctly rounded ties-to-even.
func errorText(_ e: BigFloat) -> String {
    e.isZero ? "0.000000e+00" : e.scientificString(fractionDigits: 6, rounding: .nearestEven)
}

/// log₂ of the error with 4 decimals (`-inf` for 0): log₂ e rounded to nearest at
/// P = max(128, e's precision) bits, then to 4 decimals.
///
/// Fast path: RN_P(log₂ e) lies between log₂ e rounded down and rounded up at 128 bits (fewer
/// bits never round closer), and rounding to 4 decimals is monotone, so when those two give the
/// same text, so does RN_P(log₂ e). Only a value within a few 128-bit ulps of a rounding boundary
/// pays for the full-precision log₂ (at 4096 bits, about a hundred times the cost).
func log2Text(_ e: BigFloat) -> String {
    if e.isZero { return "-inf" }
    let p = Swift.max(e.precision, 128)
    if p > 128 {
        let low = BigFloat.log2(e, precision: 128, rounding: .down).fixedString(fractionDigits: 4)
        if low == BigFloat.log2(e, precision: 128, rounding: .up).fixedString(fractionDigits: 4) { return low }
    }
    return BigFloat.log2(BigFloat(e, precision: p)).fixedString(fractionDigits: 4)
}

