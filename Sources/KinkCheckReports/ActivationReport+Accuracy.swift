import BigFloat
import KinkCheck
import KinkCheckAnalysis
import KinkCheckGeneration
import KinkCheckProperties
import KinkCheckSamples
import KinkCheckSupport
import KinkCheckVerification

/// The accuracy part of the report: per activation, the ulp error of f in each of the four
/// formats over inputs spread on a symmetric log scale, with each format's tolerance and the
/// verdict's worst input marked, and a table from the `accuracy` and `derivative_accuracy`
/// verdicts; for the index, the worst format.
extension ReportBuilder {
    /// Errors below this are drawn at it by `samples --report` (a log axis has no 0); the
    /// accuracy plot of `report` draws 0 on a row of its own instead.
    package static let ulpFloor = 1e-3
    /// Errors above this (∞ included) are drawn at it by `samples --report`.
    package static let ulpCeiling = 1e12

    /// The page section: plot, its CSV, the table. Appends the files it makes.
    package static func accuracySection(_ d: ActivationReportData, stem s: String, files: inout [(String, String)]) -> String {
        let samples = accuracySamples(d)
        files.append(("\(s)-accuracy.svg", accuracyPlot(d, samples).svg()))
        files.append(("\(s)-accuracy.csv", accuracyCSV(samples)))
        var text = "\n## Accuracy in every format\n\n![ulp error of f](\(s)-accuracy.svg)\n\n"
        text += "Data: [\(s)-accuracy.csv](\(s)-accuracy.csv). One panel per format: |y − f(x)| in ulps of the format at f(x), "
            + "for y as code in the format computes it (float16 and bfloat16: in Float, rounded once), against x on a "
            + "symmetric log scale — 0, ±2ᵏ from the least subnormal to the largest finite value, a linear grid around the "
            + "kinks, each kink with its two neighbours each side, and the worst x of the verdict (black dot; the panel's "
            + "title gives the verdict over all its cases). Dashed: the tolerance k·u·(|f| + |x·f′|) + k·tiny/2 in the same "
            + "ulps. Errors below \(PlotText.shortest(ulpFloor)) ulps, exact results included, are the hollow circles on the row marked "
            + "<\(PlotText.shortest(ulpFloor)) below the log scale (the CSV has their values); NaN or ∞ where a number is due, those on "
            + "the row marked ∞ above it.\n\n"
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

    /// f's error at the inputs of every format (``accuracyInputs``), format by format in
    /// ascending x.
    package static func accuracySamples(_ d: ActivationReportData) -> [AccuracySample] {
        let a = d.activation
        let verdict = d.verification.properties.first { $0.property == .accuracy }
        let kinks = d.verification.kinks.map { Double($0.x) }
        var samples: [AccuracySample] = []
        for format in IEEEFormat.allCases {
            let worst = verdict?.formats.first { $0.format == format }
            let k = a.claims.accuracy?.value[format] ?? worst?.k ?? Accuracy.defaultK
            for (x, point) in accuracyInputs(format, kinks: kinks, worst: worst?.at) {
                samples.append(AccuracySample(point: point, measurement: Accuracy.measure(a, .value, in: format, at: x, k: k)))
            }
        }
        return samples
    }

    /// The inputs the accuracy plot measures in `format`, ascending, each once (0 for ±0), with
    /// the most specific reason it is there: the verdict's worst x, a kink (rounded to the
    /// format), a kink's neighbour (1 and 2 ulps of the format either side), ±2ᵏ and the largest
    /// finite value (`log`: every k in −8…8, and 40 k evenly spread from the least subnormal's
    /// exponent to the largest, with the least normal and the largest subnormal binade), or the
    /// linear grid of 49 points on [min(kinks) − 3, max(kinks) + 3] ∪ [−4, 4] (`grid`).
    package static func accuracyInputs(_ format: IEEEFormat, kinks: [Double], worst: Double?) -> [(x: Double, point: AccuracyPoint)] {
        var inputs: [(x: Double, point: AccuracyPoint)] = []
        func add(_ x: Double, _ point: AccuracyPoint) {
            let r = format.rounded(x)
            if r.isFinite { inputs.append((r == 0 ? 0 : r, point)) }
        }
        if let worst { add(worst, .worst) }
        let codec = format.codec
        for kink in kinks {
            let r = format.rounded(kink)
            guard r.isFinite else { continue }
            add(r, .kink)
            let o = codec.ordinal(codec.bits(rounding: r))
            for step in [-2, -1, 1, 2] { add(codec.double(codec.bits(ordinal: o + Int64(step))), .kinkNeighbour) }
        }
        let (t, top) = (format.leastSubnormalExponent, format.maxExponent)
        var exponents = Array(-8...8) + [t, format.minExponent - 1, format.minExponent, top]
        exponents += (0..<40).map { t + (top - t) * $0 / 39 }
        for e in exponents where e >= t && e <= top {
            let p = Double(sign: .plus, exponent: e, significand: 1)
            add(p, .log)
            add(-p, .log)
        }
        add(format.largestFiniteValue, .log)
        add(-format.largestFiniteValue, .log)
        add(0, .log)
        let lo = kinks.min().map { Swift.min($0 - 3, -4) } ?? -4, hi = kinks.max().map { Swift.max($0 + 3, 4) } ?? 4
        for j in 0...48 { add(lo + (hi - lo) * Double(j) / 48, .grid) }
        // Ascending x; among equal x the most specific reason (the lowest case) first, kept.
        inputs.sort { $0.x != $1.x ? $0.x < $1.x : $0.point < $1.point }
        var unique: [(x: Double, point: AccuracyPoint)] = []
        for i in inputs where unique.last?.x != i.x { unique.append(i) }
        return unique
    }

    /// One panel per format (float16, bfloat16, float32, float64), x on a symmetric log₂ scale
    /// from the format's least subnormal: the error of f (0 and ∞ on their rows), the tolerance
    /// dashed, kinks as dashed vertical lines, the verdict's worst x as a black dot.
    package static func accuracyPlot(_ d: ActivationReportData, _ samples: [AccuracySample]) -> PlotPanels {
        let verdict = d.verification.properties.first { $0.property == .accuracy }
        let panels = IEEEFormat.allCases.map { format -> Plot in
            let mine = samples.filter { $0.measurement.format == format }
            // Below ulpFloor (exact included) on the row under the log scale; the CSV keeps the numbers.
            let errors = mine.map { (x: $0.measurement.x, y: $0.measurement.ulps < ulpFloor ? 0 : $0.measurement.ulps) }
            let tolerance = mine.map { (x: $0.measurement.x, y: $0.measurement.isFinite ? $0.measurement.toleranceULPs : .nan) }
            let kinks = mine.filter { $0.point == .kink }.map { PlotVLine(x: $0.measurement.x) }
            var title = format.name
            var markers: [PlotMarker] = []
            if let f = verdict?.formats.first(where: { $0.format == format }) {
                let at = f.at.isFinite ? BigFloat(f.at, precision: 53).shortDecimal(4) : Accuracy.specialText(f.at)
                title += ", verdict over \(f.cases) inputs: max \(Accuracy.ulpText(f.maxULPs)) ulps at x = \(at), "
                    + "\(f.failures) outside tolerance"
                if f.at.isFinite {
                    markers.append(PlotMarker(x: f.at, y: f.maxULPs < ulpFloor ? 0 : f.maxULPs, label: "worst: \(Accuracy.ulpText(f.maxULPs))"))
                }
            }
            var plot = Plot(title: title, yLabel: "ulps", xScale: .symlog2(least: format.leastSubnormalExponent),
                            yScale: .log10,
                            series: [PlotSeries(name: "ulp error of f", points: errors, style: SeriesStyle(.lineAndMarkers, colorIndex: 0)),
                                     PlotSeries(name: "tolerance", points: tolerance, style: SeriesStyle(.line, colorIndex: 1, dashed: true))],
                            markers: markers, vlines: kinks, width: 720, height: 250, edgeRows: true)
            plot.zeroRowLabel = "<" + PlotText.shortest(ulpFloor)
            plot.titleSize = 13
            plot.showsLegend = false
            return plot
        }
        let legend = [PlotLegendEntry("ulp error of f", .series(SeriesStyle(.lineAndMarkers, colorIndex: 0))),
                      PlotLegendEntry("tolerance", .series(SeriesStyle(.line, colorIndex: 1, dashed: true))),
                      PlotLegendEntry("below \(PlotText.shortest(ulpFloor)) ulps, exact included (bottom row); NaN or ∞ for a number (row ∞)", .edgePoint(colorIndex: 0)),
                      PlotLegendEntry("the verdict's worst x", .marker)]
        return PlotPanels(title: "\(d.verification.spec): ulp error of f in each format, x on a symmetric log scale",
                          panels: panels, legend: legend)
    }

    /// The points of the accuracy plot: `format,x,point,ulps,tolerance_ulps,computed,correctly_rounded`,
    /// numbers in the shortest decimal that reads back exactly (`inf`, `nan`); `tolerance_ulps`
    /// is `nan` where the comparison is of specials (∞ computed or due), not of numbers.
    package static func accuracyCSV(_ samples: [AccuracySample]) -> String {
        var out = "format,x,point,ulps,tolerance_ulps,computed,correctly_rounded\n"
        for s in samples {
            let m = s.measurement
            out += [m.format.name, PlotText.shortest(m.x), s.point.rawValue, PlotText.shortest(m.ulps),
                    PlotText.shortest(m.isFinite ? m.toleranceULPs : .nan), PlotText.shortest(m.computed),
                    PlotText.shortest(m.rounded)].joined(separator: ",") + "\n"
        }
        return out
    }
}

/// Why an input is on the accuracy plot, most specific first (the order decides which reason a
/// point shared by two keeps).
package enum AccuracyPoint: String, Sendable, Comparable, CaseIterable {
    /// The x where the verdict found its largest error.
    case worst
    case kink
    case kinkNeighbour = "kink_neighbour"
    /// ±2ᵏ, the largest finite value, 0.
    case log
    /// The linear grid around the kinks.
    case grid

    package static func < (a: AccuracyPoint, b: AccuracyPoint) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}

/// One measured input of the accuracy plot.
package struct AccuracySample: Sendable {
    package var point: AccuracyPoint
    package var measurement: AccuracyMeasurement
}
