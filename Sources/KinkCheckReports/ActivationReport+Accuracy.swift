import BigFloat
import KinkCheck
import KinkCheckAnalysis
import KinkCheckGeneration
import KinkCheckProperties
import KinkCheckSamples
import KinkCheckSupport
import KinkCheckVerification

/// The accuracy part of the report: per activation, the ulp error of f over x in the four
/// formats with each format's tolerance, and a table from the `accuracy` and
/// `derivative_accuracy` verdicts; for the index, the worst format.
extension ReportBuilder {
    /// Errors below this are drawn at it (a log axis has no 0: exact results sit on the floor).
    package static let ulpFloor = 1e-3
    /// Errors above this (∞ included: NaN or ∞ where a finite value is due) are drawn at it.
    package static let ulpCeiling = 1e12

    /// The page section: plot, its CSV, the table. Appends the files it makes.
    package static func accuracySection(_ d: ActivationReportData, stem s: String, files: inout [(String, String)]) -> String {
        let plot = accuracyPlot(d)
        files.append(("\(s)-accuracy.svg", plot.svg()))
        files.append(("\(s)-accuracy.csv", plot.csv()))
        var text = "\n## Accuracy in every format\n\n![ulp error of f](\(s)-accuracy.svg)\n\n"
        text += "Data: [\(s)-accuracy.csv](\(s)-accuracy.csv). |y − f(x)| in ulps of the format at f(x), for y as code in "
            + "each format computes it (float16 and bfloat16: in Float, rounded once), x on a grid rounded to the format; "
            + "dashed: the tolerance k·u·(|f| + |x·f′|) + k·tiny/2 in the same ulps. Errors below \(ulpFloor) (exact "
            + "results) are drawn at \(ulpFloor).\n\n"
        text += "| quantity | format | max ulp error | at x | correctly rounded | cases | k |\n|---|---|---|---|---|---|---|\n"
        for p in d.verification.properties where !p.formats.isEmpty {
            for f in p.formats {
                let fraction = (f.correctlyRoundedFraction * 1000).rounded() / 10
                text += "| \(p.name) | \(f.format.name) | \(Accuracy.ulpText(f.maxULPs)) | \(f.at) | \(fraction)% | \(f.cases) | \(Accuracy.ulpText(f.k)) |\n"
            }
        }
        return text
    }

    /// The index cell: the format with the largest ulp error of f, e.g. `bfloat16 (0.5)`.
    package static func worstFormatCell(_ v: ActivationVerification) -> String {
        guard let p = v.properties.first(where: { $0.property == .accuracy }),
              let worst = p.formats.max(by: { $0.maxULPs < $1.maxULPs }) else { return "·" }
        return "\(worst.format.name) (\(Accuracy.ulpText(worst.maxULPs)))"
    }

    package static func accuracyPlot(_ d: ActivationReportData) -> Plot {
        let a = d.activation
        let xs = d.verification.kinks.map { Double($0.x) }
        let lo = (xs.min().map { Swift.min($0 - 3, -4) } ?? -4), hi = (xs.max().map { Swift.max($0 + 3, 4) } ?? 4)
        let n = 48   // enough to show the shape; `kinkcheck check --json` has the maxima
        var series: [PlotSeries] = []
        var tolerances: [PlotSeries] = []
        for (i, format) in IEEEFormat.allCases.enumerated() {
            var errors: [(x: Double, y: Double)] = [], bound: [(x: Double, y: Double)] = []
            var last = Double.nan
            for j in 0...n {
                let x = format.rounded(lo + (hi - lo) * Double(j) / Double(n))
                if x == last { continue }
                last = x
                let k = a.claims.accuracy?.value[format] ?? d.verification.properties.first { $0.property == .accuracy }?.formats.first { $0.format == format }?.k ?? Accuracy.defaultK
                let m = Accuracy.measure(a, .value, in: format, at: x, k: k)
                errors.append((x, Swift.min(Swift.max(m.ulps, ulpFloor), ulpCeiling)))
                bound.append((x, Swift.min(Swift.max(m.toleranceULPs, ulpFloor), ulpCeiling)))
            }
            series.append(PlotSeries(name: format.name, points: errors, style: SeriesStyle(.lineAndMarkers, colorIndex: i)))
            tolerances.append(PlotSeries(name: "\(format.name) tolerance", points: bound, style: SeriesStyle(.line, colorIndex: i, dashed: true)))
        }
        return Plot(title: "\(d.verification.spec): ulp error of f in float16, bfloat16, float32, float64", xLabel: "x",
                    yLabel: "ulps", yScale: .log10, series: series + tolerances, vlines: xs.map { PlotVLine(x: $0, label: nil) })
    }
}
