import BigFloat
import KinkCheck
import KinkCheckAnalysis
import KinkCheckGeneration
import KinkCheckSupport
import KinkCheckVerification

/// Everything the report says about one activation of several inputs, computed once.
package struct MultiInputReportData: Sendable {
    package var function: any MultiInputActivation
    package var verification: ActivationVerification
    /// The subgradient analysis at each representative point (on the non-smooth sets, and their
    /// intersection), in order.
    package var points: [MultiInputAnalysis]
}

/// The pages of `kinkcheck report` for activations of several inputs: a heat map of f over
/// [−3, 3]² with the non-smooth sets drawn (two inputs), slices f(·, b) along the first input,
/// the property verdicts, and the Clarke sets at representative points; CSV and JSON beside.
/// Pure and deterministic like ``ReportBuilder``.
package enum MultiInputReport {
    /// The representative points: on each coordinate set with the others at 1.5, on each tie
    /// at 1, and the origin — as exact constants.
    package static func representativePoints(_ f: any MultiInputActivation) -> [[DecimalConstant]] {
        let n = f.arity
        var out: [[DecimalConstant]] = []
        for set in f.nonSmoothSets {
            switch set {
            case .coordinate(let i, let c): out.append((0..<n).map { $0 == i ? c : "1.5" })
            case .tie(let ix): out.append((0..<n).map { ix.contains($0) ? 1 : ($0 == 0 ? 0 : "-1") })
            case .described: continue
            }
        }
        out.append(Array(repeating: 0, count: n))
        var unique: [[DecimalConstant]] = []
        for p in out where !unique.contains(p) { unique.append(p) }
        return unique
    }

    package static func compute(_ f: any MultiInputActivation, seed: RunSeed, cases: Int, ulps: Double) -> MultiInputReportData {
        var verifier = Verifier(seed: seed, cases: cases)
        verifier.ulps = ulps
        let verification = verifier.verify(f)
        let points = representativePoints(f).map { MultiInputAnalysis.analyze(f, at: $0, precision: 128) }
        return MultiInputReportData(function: f, verification: verification, points: points)
    }

    /// The page and its files, in order: Markdown, heat map (SVG, CSV), slices (SVG, CSV), JSON.
    package static func page(_ d: MultiInputReportData, stem s: String) -> [(String, String)] {
        let f = d.function
        var files: [(String, String)] = []
        var text = "# \(d.verification.spec)\n\n[← index](README.md)\n\n**f(\(f.inputNames.joined(separator: ", "))) = \(ReportBuilder.md(f.formula))**\n\n"
        let sets = f.nonSmoothSets.map { $0.description(names: f.inputNames) }
        text += "Non-smooth set: \(sets.isEmpty ? "none (f is smooth)" : sets.joined(separator: "; ")). "
            + "Gradients are autodiff of the definition; Clarke sets are hulls of certified limiting gradients "
            + "([docs/multi-input.md](../docs/multi-input.md)).\n\n"
        if f.arity == 2 {
            let (svg, csv) = heatMap(f)
            files.append(("\(s)-heatmap.svg", svg))
            files.append(("\(s)-heatmap.csv", csv))
            text += "![f over its inputs' ranges, the non-smooth set drawn](\(s)-heatmap.svg)\n\n"
                + "Data: [\(s)-heatmap.csv](\(s)-heatmap.csv) (f at the centre of each cell, float64).\n\n"
        }
        let slices = slicePlot(d)
        files.append(("\(s)-slices.svg", slices.svg()))
        files.append(("\(s)-slices.csv", slices.csv()))
        text += "![slices of f along \(f.inputNames[0])](\(s)-slices.svg)\n\nData: [\(s)-slices.csv](\(s)-slices.csv).\n\n"
        text += ReportBuilder.propertiesSection(d.verification)
        text += "\n## Clarke sets at representative points\n\n| point | classification | Clarke set (vertices) | autodiff float | double | mpfr |\n|---|---|---|---|---|---|\n"
        for a in d.points {
            func vector(_ v: [BigFloat]) -> String { "(" + v.map { $0.shortDecimal(12) }.joined(separator: ", ") + ")" }
            let ads = a.autodiff.map { ad in
                vector(ad.gradient) + " " + (ad.inClarke.map { $0 ? "∈" : "∉ (outside)" } ?? "(not a point of the type)")
            }
            text += "| (\(a.point.map(\.text).joined(separator: ", "))) | \(a.classification.rawValue) | "
                + (a.clarke.count == 1 ? "{\(vector(a.clarke[0]))}" : "hull of " + a.clarke.map(vector).joined(separator: ", "))
                + " | \(ads.joined(separator: " | ")) |\n"
        }
        text += "\nCertified at 128 bits: each vertex is the limit of ∇f along a ray into a cell, enclosed on an interval beside the point.\n\n"
        text += "Data for this page: [\(s).json](\(s).json).\n"
        files.append(("\(s).md", text))
        files.append(("\(s).json", json(d).rendered() + "\n"))
        return files
    }

    /// The interval drawn for each input: [−3, 3], or for a parameter (an input with a scale c,
    /// see ``MultiInputActivation/inputScales``) [c/4, 4c] on its side of 0 — its domain.
    static func ranges(_ f: any MultiInputActivation) -> [(lower: Double, upper: Double)] {
        f.inputScales.map { c in
            guard let c = c?.double, c != 0 else { return (-3, 3) }
            return c > 0 ? (c / 4, 4 * c) : (4 * c, c / 4)
        }
    }

    /// f over the inputs' ranges (``ranges(_:)``) on a 48 × 48 grid of cells, coloured blue
    /// (negative) to white (0) to red (positive) on a scale symmetric in the largest |f|, with the
    /// non-smooth sets as black lines.
    static func heatMap(_ f: any MultiInputActivation) -> (svg: String, csv: String) {
        let cells = 48, origin = (x: 70.0, y: 40.0), side = 384.0
        let r = ranges(f)
        let (x0, x1, y0, y1) = (r[0].lower, r[0].upper, r[1].lower, r[1].upper)
        var values: [[Double]] = []
        var csv = "\(f.inputNames[0]),\(f.inputNames[1]),f\n"
        for j in 0..<cells {
            var row: [Double] = []
            for i in 0..<cells {
                let a = x0 + (Double(i) + 0.5) * (x1 - x0) / Double(cells), b = y0 + (Double(j) + 0.5) * (y1 - y0) / Double(cells)
                let v = f.valueAndGradient(at: [a, b]).value
                row.append(v)
                csv += "\(PlotText.shortest(a)),\(PlotText.shortest(b)),\(PlotText.shortest(v))\n"
            }
            values.append(row)
        }
        let top = values.joined().map { Swift.abs($0) }.filter(\.isFinite).max() ?? 1
        let scale = top > 0 ? top : 1
        func colour(_ v: Double) -> String {
            guard v.isFinite else { return "#000000" }
            let t = Swift.max(-1, Swift.min(1, v / scale))
            let fade = Int((1 - Swift.abs(t)) * 255 + 0.5)
            let hex = { (n: Int) in String(format0: n) }
            return t >= 0 ? "#ff" + hex(fade) + hex(fade) : "#" + hex(fade) + hex(fade) + "ff"
        }
        let width = 580.0, height = 480.0
        var out = SVGPlotRenderer.header(width: width, height: height, title: "\(f.name): f(\(f.inputNames.joined(separator: ", ")))")
        let cell = side / Double(cells)
        for (j, row) in values.enumerated() {
            for (i, v) in row.enumerated() {
                let x = origin.x + Double(i) * cell, y = origin.y + side - Double(j + 1) * cell
                out += "<rect x=\"\(PlotText.fixed2(x))\" y=\"\(PlotText.fixed2(y))\" width=\"\(PlotText.fixed2(cell + 0.3))\" height=\"\(PlotText.fixed2(cell + 0.3))\" fill=\"\(colour(v))\"/>\n"
            }
        }
        // The non-smooth sets, in data coordinates mapped to the square.
        func px(_ a: Double) -> Double { origin.x + (a - x0) / (x1 - x0) * side }
        func py(_ b: Double) -> Double { origin.y + side - (b - y0) / (y1 - y0) * side }
        func line(_ a0: Double, _ b0: Double, _ a1: Double, _ b1: Double) -> String {
            "<line x1=\"\(PlotText.fixed2(px(a0)))\" y1=\"\(PlotText.fixed2(py(b0)))\" x2=\"\(PlotText.fixed2(px(a1)))\" y2=\"\(PlotText.fixed2(py(b1)))\" stroke=\"#000000\" stroke-width=\"2\"/>\n"
        }
        for set in f.nonSmoothSets {
            switch set {
            case .coordinate(0, let c) where c.double >= x0 && c.double <= x1: out += line(c.double, y0, c.double, y1)
            case .coordinate(1, let c) where c.double >= y0 && c.double <= y1: out += line(x0, c.double, x1, c.double)
            case .tie(let ix) where Set(ix) == [0, 1]:
                let lo = Swift.max(x0, y0), hi = Swift.min(x1, y1)
                if lo < hi { out += line(lo, lo, hi, hi) }
            default: break
            }
        }
        out += "<rect x=\"\(PlotText.fixed2(origin.x))\" y=\"\(PlotText.fixed2(origin.y))\" width=\"\(PlotText.fixed2(side))\" height=\"\(PlotText.fixed2(side))\" fill=\"none\" stroke=\"#333333\"/>\n"
        func label(_ v: Double) -> String { BigFloat(v, precision: 53).shortDecimal(3).replacingAll("-", with: PlotText.minus) }
        for k in 0...6 {
            let a = x0 + Double(k) * (x1 - x0) / 6, b = y0 + Double(k) * (y1 - y0) / 6
            out += "<text x=\"\(PlotText.fixed2(px(a)))\" y=\"\(PlotText.fixed2(origin.y + side + 18))\" text-anchor=\"middle\">\(label(a))</text>\n"
            out += "<text x=\"\(PlotText.fixed2(origin.x - 8))\" y=\"\(PlotText.fixed2(py(b) + 4))\" text-anchor=\"end\">\(label(b))</text>\n"
        }
        out += "<text x=\"\(PlotText.fixed2(origin.x + side / 2))\" y=\"\(PlotText.fixed2(origin.y + side + 40))\" text-anchor=\"middle\">\(PlotText.xml(f.inputNames[0]))</text>\n"
        out += "<text x=\"\(PlotText.fixed2(origin.x - 50))\" y=\"\(PlotText.fixed2(origin.y + side / 2 - 14))\" text-anchor=\"middle\">\(PlotText.xml(f.inputNames[1]))</text>\n"
        out += "<text x=\"\(PlotText.fixed2(width / 2))\" y=\"24\" text-anchor=\"middle\" font-size=\"15\">\(PlotText.xml("\(f.name): f, non-smooth set in black"))</text>\n"
        // The colour key: −max, 0, +max.
        let keyX = origin.x + side + 30
        for (k, t) in [1.0, 0.5, 0, -0.5, -1].enumerated() {
            let y = origin.y + Double(k) * side / 4
            out += "<rect x=\"\(PlotText.fixed2(keyX))\" y=\"\(PlotText.fixed2(y))\" width=\"16\" height=\"16\" fill=\"\(colour(t * scale))\" stroke=\"#333333\"/>\n"
            let label = BigFloat(t * scale, precision: 53).shortDecimal(3).replacingAll("-", with: PlotText.minus)
            out += "<text x=\"\(PlotText.fixed2(keyX + 22))\" y=\"\(PlotText.fixed2(y + 12))\">\(PlotText.xml(label))</text>\n"
        }
        out += "</svg>\n"
        return (out, csv)
    }

    /// f along the first input for three settings of the others: each other input at −1, 0.5
    /// and 1.5 — or, for a parameter, at ½, 1 and 2 times its value.
    static func slicePlot(_ d: MultiInputReportData) -> Plot {
        let f = d.function, n = 240
        let r = ranges(f)[0], scales = f.inputScales.map { $0?.double }
        let series = [(-1.0, 0.5), (0.5, 1.0), (1.5, 2.0)].enumerated().map { k, level in
            let others = (1..<f.arity).map { j in scales[j].map { $0 * level.1 } ?? level.0 }
            let name = zip(f.inputNames.dropFirst(), others).map { "\($0) = \(PlotText.shortest($1))" }.joined(separator: ", ")
            return PlotSeries(name: name, points: (0...n).map { i in
                let a = r.lower + (r.upper - r.lower) * Double(i) / Double(n)
                return (a, f.valueAndGradient(at: [a] + others).value)
            }, style: .automatic(k))
        }
        let lines = f.nonSmoothSets.compactMap { s -> PlotVLine? in
            if case .coordinate(0, let c) = s { return PlotVLine(x: c.double, label: s.description(names: f.inputNames)) }
            return nil
        }
        return Plot(title: "\(d.verification.spec): slices along \(f.inputNames[0]) (float64)", xLabel: f.inputNames[0], yLabel: "f",
                    series: series, vlines: lines)
    }

    static func json(_ d: MultiInputReportData) -> JSON {
        let f = d.function
        return .object([
            ("activation", .string(d.verification.spec)), ("inputs", .array(f.inputNames.map { .string($0) })),
            ("non_smooth_sets", .array(f.nonSmoothSets.map { .string($0.description(names: f.inputNames)) })),
            ("holds", .bool(d.verification.holds)),
            ("properties", .array(d.verification.properties.map(\.json))),
            ("points", .array(d.points.map { a in
                .object([("x", .array(a.point.map { .string($0.text) })), ("classification", .string(a.classification.rawValue)),
                         ("clarke", .array(a.clarke.map { v in .array(v.map { .string($0.shortDecimal(30)) }) })),
                         ("ad_in_clarke", .object(a.autodiff.map { ($0.scalar, $0.inClarke.map { .bool($0) } ?? .null) }))])
            })),
        ])
    }
}

extension String {
    /// Two lowercase hex digits of 0…255.
    fileprivate init(format0 n: Int) {
        let digits = Array("0123456789abcdef")
        let v = Swift.max(0, Swift.min(255, n))
        self = String([digits[v / 16], digits[v % 16]])
    }
}
