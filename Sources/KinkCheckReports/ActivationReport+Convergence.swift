import BigFloat
import KinkCheck
import KinkCheckAnalysis
import KinkCheckGeneration
import KinkCheckProperties
import KinkCheckSamples
import KinkCheckSupport
import KinkCheckVerification

/// The convergence part of the report: per kink (or generic point), the V-curves of the
/// one-sided difference quotients — one panel per precision — their CSV and the summary table.
extension ReportBuilder {
    /// A convergence table and V-curve plot per kink (CSV and SVG added to `files`).
    package static func convergenceSection(_ d: ActivationReportData, stem s: String, files: inout [(String, String)]) -> String {
        let v = d.verification
        var text = "\n## Convergence of one-sided differences\n\n"
        for (n, entry) in d.convergence.enumerated() {
            let tag = "\(s)-converge-\(n + 1)"
            files.append(("\(tag).csv", convergenceCSV(entry.map, spec: v.spec)))
            text += "### At x = \(entry.x.shortDecimal())\(v.kinks.isEmpty ? " (no kinks: a generic point)" : "")\n\n"
            if entry.map.points.contains(where: { !$0.error.isZero }) {
                files.append(("\(tag).svg", vCurvePlot(entry.map, at: entry.x, spec: v.spec).svg()))
                text += "![V-curves](\(tag).svg)\n\n"
                text += "One panel per precision, log–log: |D(h) − L| against h = 2⁻ᵏ, forward and backward differences; an "
                    + "exact difference (error 0) is a hollow circle on the row marked 0 below the log scale; the black dot is "
                    + "the best h of the side with the lower nonzero floor. Each panel stops two plotted steps after the last change "
                    + "of regime (once x ± h rounds back to x, or every difference is exact, nothing new happens); the CSV "
                    + "keeps those steps too.\n\n"
            } else {
                text += "Every difference quotient equals its one-sided limit exactly (both branches are linear here), at every precision and step: no V-curve to draw.\n\n"
            }
            text += "L(bwd) = \(limitCell(entry.map.leftLimit)), L(fwd) = \(limitCell(entry.map.rightLimit)). "
            text += "The plotted points: [\(tag).csv](\(tag).csv) (every k to 8, the optimum ± 2, and every ⌈kmax/32⌉-th k); "
                + "every point: `kinkcheck converge \(v.spec) --at \(entry.x.shortDecimal(40)) --csv`.\n\n"
            text += summaryTable(entry.map)
        }
        return text
    }

    /// Per precision and side: the optimum and the floor against the prediction.
    package static func summaryTable(_ map: ConvergenceMap) -> String {
        var text = "| precision | side | best h | floor | predicted h* | predicted floor |\n|---|---|---|---|---|---|\n"
        for sm in map.summaries {
            text += "| \(sm.precision) | \(sm.side.stencilLabel) | 2^-\(sm.bestK) | \(sm.floor.isZero ? "0" : sm.floor.scientificString(fractionDigits: 2)) | "
                + "\(sm.predictedH.map { $0.scientificString(fractionDigits: 2) } ?? "n/a") | \(sm.predictedFloor.map { $0.scientificString(fractionDigits: 2) } ?? "n/a") |\n"
        }
        return text + "\n"
    }

    /// The points a page keeps of a sweep (the plot and its CSV): per precision and side, k ≤ 8,
    /// the optimum k ± 2, and every ⌈kmax/32⌉-th k — about 45 of up to 4104, enough to draw the
    /// V. `kinkcheck converge --csv` gives every point.
    package static func plottedPoints(_ map: ConvergenceMap) -> [SweepPoint] {
        var best: [String: Int] = [:]
        for s in map.summaries { best["\(s.precision.description)/\(s.side)"] = s.bestK }
        var kmax: [String: Int] = [:]
        for pt in map.points { kmax["\(pt.precision.description)/\(pt.side)", default: 0] = Swift.max(kmax["\(pt.precision.description)/\(pt.side)", default: 0], pt.k) }
        return map.points.filter { pt in
            let key = "\(pt.precision.description)/\(pt.side)"
            let step = Swift.max(1, (kmax[key, default: 1] + 31) / 32)
            return pt.k <= 8 || pt.k % step == 0 || Swift.abs(pt.k - (best[key] ?? -100)) <= 2
        }
    }

    /// The panels' order: each MPFR precision beside the hardware format of the same precision,
    /// then the higher precisions in pairs.
    package static let panelOrder: [SweepPrecision] = [.mpfr(24), .float32, .mpfr(53), .float64, .mpfr(113), .mpfr(256), .mpfr(1024), .mpfr(4096)]

    /// The largest k a panel shows for one side's points (ascending k): the sweep ends, once
    /// x ± h rounds back to x (saturated) or the difference is exact at every smaller h, in a
    /// run of one regime that says nothing new; the panel keeps the run's first two points.
    package static func informativeK(_ points: [SweepPoint]) -> Int? {
        guard let last = points.last else { return nil }
        guard last.regime == .saturated || last.regime == .exact else { return last.k }
        var start = points.count - 1
        while start > 0 && points[start - 1].regime == last.regime { start -= 1 }
        return points[Swift.min(start + 1, points.count - 1)].k
    }

    /// One panel per precision (``panelOrder``, two columns), x = h and y = |D(h) − L| in log₂
    /// coordinates on log₂ / decade axes: forward and backward differences, exact ones on the 0
    /// row, the best h of the side with the lower nonzero floor marked; each panel's h clipped to
    /// ``informativeK``.
    package static func vCurvePlot(_ map: ConvergenceMap, at x: BigFloat, spec: String) -> PlotPanels {
        let kept = plottedPoints(map)
        let sides: [(Side, String, SeriesStyle)] = [(.right, "forward", SeriesStyle(.line, colorIndex: 0)),
                                                    (.left, "backward", SeriesStyle(.line, colorIndex: 1, dashed: true))]
        func log2(_ e: BigFloat) -> Double {
            e.isZero ? -.infinity : Double(BigFloat.log2(BigFloat(e, precision: Swift.max(e.precision, 64))))
        }
        let order = panelOrder.filter { p in map.summaries.contains { $0.precision == p } }
            + precisions.filter { p in !panelOrder.contains(p) && map.summaries.contains { $0.precision == p } }
        let panels = order.map { p -> Plot in
            let mine = sides.map { side in kept.filter { $0.precision == p && $0.side == side.0 }.sorted { $0.k < $1.k } }
            let shown = mine.compactMap(informativeK).max() ?? 1
            let series = zip(sides, mine).map { side, points in
                PlotSeries(name: side.1, points: points.filter { $0.k <= shown }.map { (x: Double(-$0.k), y: log2($0.error)) }, style: side.2)
            }
            var markers: [PlotMarker] = []
            // A floor of 0 (an exact difference somewhere) has no best h worth marking.
            let best = map.summaries.filter { $0.precision == p && !$0.floor.isZero }
                .min { ($0.floor, $0.side == .left ? 1 : 0) < ($1.floor, $1.side == .left ? 1 : 0) }
            if let best, let at = kept.first(where: { $0.precision == p && $0.side == best.side && $0.k == best.bestK }) {
                markers.append(PlotMarker(x: Double(-at.k), y: log2(at.error), label: "best h = 2^-\(at.k) (\(best.side.stencilLabel))"))
            }
            let exact = mine.allSatisfy { $0.allSatisfy { $0.error.isZero } }
            let name: String
            switch p {
            case .mpfr(let bits): name = "MPFR \(bits) bits"
            case .float32: name = "float32 (real Float)"
            case .float64: name = "float64 (real Double)"
            case .float16: name = "float16"
            case .bfloat16: name = "bfloat16"
            }
            var plot = Plot(title: name + (exact ? ": exact at every h" : ""), xLabel: "h", yLabel: "error",
                            xScale: .log2, yScale: .log10, xCoordinates: .log2, yCoordinates: .log2,
                            series: series, markers: markers, width: 360, height: 240, edgeRows: true)
            plot.titleSize = 13
            plot.showsLegend = false
            return plot
        }
        // The legend names only what some panel draws.
        let exactSomewhere = panels.contains { $0.series.contains { $0.points.contains { $0.y == -.infinity } } }
        let legend = [PlotLegendEntry("forward", .series(sides[0].2)), PlotLegendEntry("backward", .series(sides[1].2))]
            + (exactSomewhere ? [PlotLegendEntry("exact, error 0 (row 0, in its side's colour)", .edgePoint(colorIndex: 6))] : [])
            + (panels.contains { !$0.markers.isEmpty } ? [PlotLegendEntry("best h", .marker)] : [])
        return PlotPanels(title: "\(spec) at x = \(x.shortDecimal(12)): |D(h) − L| against h, per precision",
                          columns: 2, panels: panels, legend: legend)
    }

    package static func convergenceCSV(_ map: ConvergenceMap, spec: String) -> String {
        var out = "activation,precision,side,k,error,log2_error,regime\n"
        for pt in plottedPoints(map) {
            let e = pt.error.isZero ? "0.000000e+00" : pt.error.scientificString(fractionDigits: 6)
            let l = pt.error.isZero ? "-inf" : BigFloat.log2(BigFloat(pt.error, precision: Swift.max(pt.error.precision, 128))).fixedString(fractionDigits: 4)
            out += "\(CSV.field(spec)),\(pt.precision),\(pt.side.stencilLabel),\(pt.k),\(e),\(l),\(pt.regime.rawValue)\n"
        }
        return out
    }
}
