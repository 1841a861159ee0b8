import KinkCheck
import KinkCheckAnalysis
import KinkCheckSamples
import KinkCheckSupport

/// The pages of `samples --report` for dumps of activations of several inputs: per group the rows
/// over the plane of the first two inputs by class with the non-smooth sets drawn, the ulp error
/// against the first input, and the flagged rows.
extension SamplesReport {
    /// The index's section and the pages (numbered from `first`), or nothing without such rows.
    static func multiInputFiles(_ m: MultiInputSampleResult?, sources: [String], first: Int) -> (index: String, files: [(String, String)]) {
        guard let m, !m.groups.isEmpty else { return ("", []) }
        var index = "## Several inputs\n\n\(m.rows) rows; " + (m.holds ? "no defect" : "\(m.defectRows) defect row(s)")
            + ". On a non-smooth set the gradient is checked against the Clarke set.\n\n"
            + "| framework | mode | dtype | activation | rows | on a non-smooth set | max value ulps | max gradient ulps | classes |\n"
            + "|---|---|---|---|---|---|---|---|---|\n"
        var files: [(String, String)] = []
        for (i, g) in m.groups.enumerated() {
            let stem = String(format: first + i) + "-" + slug([g.framework, g.mode, g.dtype.name, g.activation].filter { !$0.isEmpty }.joined(separator: "-"))
            files.append(("\(stem)-plane.svg", planePlot(g).svg()))
            files.append(("\(stem)-errors.svg", errorPlot(g).svg()))
            files.append(("\(stem).md", page(g, result: m, stem: stem, sources: sources)))
            index += "| \(g.framework) | \(g.mode) | \(g.dtype.name) | [\(g.activation)](\(stem).md) | \(g.rows) | \(g.onNonSmoothSet) | "
                + "\(ulps(g.maxValueULPs)) | \(ulps(g.maxGradientULPs)) | \(SampleClass.summary(g.counts)) |\n"
        }
        return (index, files)
    }

    static func page(_ g: MultiInputSampleGroup, result: MultiInputSampleResult, stem: String, sources: [String]) -> String {
        let names = g.inputNames, drawn = names.prefix(2).joined(separator: ", ")
        var text = "# \(g.activation) in \(g.dtype.name) (\(g.provenance))\n\n"
        text += "\(g.rows) rows, \(g.onNonSmoothSet) on a non-smooth set; max value error \(ulps(g.maxValueULPs)) ulps; "
            + "max gradient error \(ulps(g.maxGradientULPs)) ulps (off the non-smooth sets); classes: \(SampleClass.summary(g.counts)).\n\n"
        let unflagged = g.points.filter { $0.kind == nil }.count
        let reading = unflagged == g.rows - g.flagged.count ? "every row" : "every flagged row and \(unflagged) of the \(g.rows - g.flagged.count) others (one in \(MultiInputSampleCheck.pointStride(rows: result.rows)) of the dump's rows)"
        let unplotted = g.points.filter { $0.inputs.prefix(2).contains { !$0.isFinite } }.count
        text += "![rows over (\(drawn))](\(stem)-plane.svg)\n\n"
        text += "The rows at their inputs (\(drawn)) on symmetric log₂ axes (each binade the same width, the subnormals "
            + "linear about 0), by class; the non-smooth sets declared in that plane in black"
            + (names.count > 2 ? " (the other inputs, \(names.dropFirst(2).joined(separator: ", ")), are not shown)" : "")
            + ". Drawn: \(reading)" + (unplotted > 0 ? "; \(unplotted) with an infinite or NaN input have no place on the axes" : "") + ".\n\n"
        text += "![ulp error against \(names.first ?? "x")](\(stem)-errors.svg)\n\n"
        text += "|y − f| in ulps of \(g.dtype.name) at the truth for the value and for the gradient's worst component (off the "
            + "non-smooth sets; on them the gradient is checked against the Clarke set), against \(names.first ?? "x"); below "
            + "\(PlotText.shortest(ReportBuilder.ulpFloor)) ulps on the bottom row; a row with no ulp count (NaN or ∞ given or due) "
            + "is not drawn there, and the table lists it when it is flagged.\n\n"
        guard !g.flagged.isEmpty else { return text + "No row flagged.\n" }
        text += "| row | \(names.joined(separator: "; ")) | quantity | got | want | ulps | tolerance | class |\n|---|---|---|---|---|---|---|---|\n"
        for i in g.flagged {
            let v = result.flagged[i]
            let row = sources.count > 1 ? "\(v.row.file + 1):\(v.row.row)" : "\(v.row.row)"
            text += "| \(row) | `\(v.row.inputs!.map(SampleVerdict.hex).joined(separator: ";"))` | \(v.quantity) | `\(SampleVerdict.hex(v.got))` | "
                + "\(v.want) | \(ulps(v.ulps)) | \(ulps(v.tolerance)) | \(v.kind.rawValue)\(v.kind.isDefect(allowFTZ: result.allowFTZ) ? "" : " (not a defect)") |\n"
        }
        return text
    }

    /// The kept rows over (x₀, x₁), one series per class; coordinate sets of x₀ as vertical
    /// lines, of x₁ and ties of the two as black lines.
    static func planePlot(_ g: MultiInputSampleGroup) -> Plot {
        let least = g.dtype.leastSubnormalExponent
        let finite = g.points.filter { $0.inputs.count >= 2 && $0.inputs[0].isFinite && $0.inputs[1].isFinite }
        func at(_ p: MultiInputSamplePoint) -> (x: Double, y: Double) { (p.inputs[0], p.inputs[1]) }
        var series = [PlotSeries(name: "within tolerance", points: finite.filter { $0.kind == nil }.map(at), style: SeriesStyle(.markers, colorIndex: 2))]
        for (k, c) in SampleClass.allCases.enumerated() where finite.contains(where: { $0.kind == c }) {
            series.append(PlotSeries(name: c.rawValue, points: finite.filter { $0.kind == c }.map(at), style: SeriesStyle(.markers, colorIndex: [1, 3, 4, 0, 7][k % 5])))
        }
        let xs = finite.map(\.inputs[0]), ys = finite.map(\.inputs[1])
        let (x0, x1) = (xs.min() ?? -1, xs.max() ?? 1), (y0, y1) = (ys.min() ?? -1, ys.max() ?? 1)
        var vlines: [PlotVLine] = []
        for set in g.nonSmoothSets {
            switch set {
            case .coordinate(0, let c): vlines.append(PlotVLine(x: c.double, label: set.description(names: g.inputNames)))
            case .coordinate(1, let c):
                series.append(PlotSeries(name: set.description(names: g.inputNames), points: [(x0, c.double), (x1, c.double)], style: SeriesStyle(.line, colorIndex: 6)))
            case .tie(let members) where members.contains(0) && members.contains(1):
                let lo = Swift.min(x0, y0), hi = Swift.max(x1, y1)
                guard lo < hi else { continue }
                // Points along the diagonal in each binade, so the segment follows the axes' scale.
                let line = ([lo, hi] + finite.flatMap { [$0.inputs[0], $0.inputs[1]] }.filter { $0 > lo && $0 < hi }).sorted().map { ($0, $0) }
                series.append(PlotSeries(name: "\(g.inputNames[0]) = \(g.inputNames[1])", points: line, style: SeriesStyle(.line, colorIndex: 6)))
            default: break
            }
        }
        return Plot(title: "\(g.activation), \(g.dtype.name), \(g.framework) \(g.mode): rows over (\(g.inputNames.prefix(2).joined(separator: ", ")))",
                    xLabel: g.inputNames.first ?? "x", yLabel: g.inputNames.dropFirst().first ?? "y",
                    xScale: .symlog2(least: least), yScale: .symlog2(least: least), series: series, vlines: vlines, height: 560)
    }

    /// The ulp error of the value and of the gradient's worst component against x₀.
    static func errorPlot(_ g: MultiInputSampleGroup) -> Plot {
        let least = g.dtype.leastSubnormalExponent
        func points(_ u: (MultiInputSamplePoint) -> Double?) -> [(x: Double, y: Double)] {
            g.points.filter { $0.inputs[0].isFinite }.compactMap { p in
                u(p).map { (p.inputs[0], $0 < ReportBuilder.ulpFloor ? 0 : Swift.min($0, ReportBuilder.ulpCeiling)) }
            }.sorted { $0.x < $1.x }
        }
        let lines = g.nonSmoothSets.compactMap { s -> PlotVLine? in
            if case .coordinate(0, let c) = s { return PlotVLine(x: c.double, label: s.description(names: g.inputNames)) }
            return nil
        }
        var plot = Plot(title: "\(g.activation), \(g.dtype.name), \(g.framework) \(g.mode): ulp error", xLabel: g.inputNames.first ?? "x", yLabel: "ulps",
                        xScale: .symlog2(least: least), yScale: .log10,
                        series: [PlotSeries(name: "value", points: points(\.valueULPs), style: SeriesStyle(.markers, colorIndex: 0)),
                                 PlotSeries(name: "gradient (worst component)", points: points(\.gradientULPs), style: SeriesStyle(.markers, colorIndex: 1))],
                        vlines: lines, edgeRows: true)
        plot.zeroRowLabel = "<" + PlotText.shortest(ReportBuilder.ulpFloor)
        return plot
    }
}
