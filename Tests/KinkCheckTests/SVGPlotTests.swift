import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
@testable import KinkCheckReports

// MARK: - Support

/// An element of a parsed SVG: name, attributes, children, and all text inside it in order.
private final class SVGNode {
    let name: String
    let attributes: [String: String]
    var children: [SVGNode] = []
    var text = ""
    init(name: String, attributes: [String: String]) {
        self.name = name
        self.attributes = attributes
    }

    /// This element and every element below it, in document order.
    var all: [SVGNode] { [self] + children.flatMap(\.all) }
    func elements(_ name: String, class cls: String? = nil) -> [SVGNode] {
        all.filter { $0.name == name && (cls == nil || $0.attributes["class"] == cls) }
    }
    func number(_ attribute: String) -> Double? { attributes[attribute].flatMap(Double.init) }
}

private final class SVGTreeBuilder: NSObject, XMLParserDelegate {
    var root: SVGNode?
    var stack: [SVGNode] = []

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?,
                qualifiedName: String?, attributes: [String: String] = [:]) {
        let node = SVGNode(name: name, attributes: attributes)
        if let parent = stack.last { parent.children.append(node) } else { root = node }
        stack.append(node)
    }
    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        stack.removeLast()
    }
    func parser(_ parser: XMLParser, foundCharacters string: String) {
        for node in stack { node.text += string }
    }
}

/// Parses `svg` with XMLParser, recording an issue when it is not well-formed XML.
private func parseSVG(_ svg: String, sourceLocation: SourceLocation = #_sourceLocation) -> SVGNode? {
    let parser = XMLParser(data: Data(svg.utf8))
    let builder = SVGTreeBuilder()
    parser.delegate = builder
    let ok = parser.parse()
    #expect(ok, "not well-formed XML: \(String(describing: parser.parserError))", sourceLocation: sourceLocation)
    #expect(parser.parserError == nil, sourceLocation: sourceLocation)
    return ok ? builder.root : nil
}

/// Every number in a geometric attribute has at most two decimals and no exponent.
private func geometryIsFixedPoint(_ root: SVGNode) -> [String] {
    var bad: [String] = []
    let attributes = ["x", "y", "x1", "x2", "y1", "y2", "cx", "cy", "r", "width", "height", "points", "d"]
    for node in root.all {
        for a in attributes {
            guard let value = node.attributes[a] else { continue }
            let numbers = value.split(whereSeparator: { " ,MLHV".contains($0) })
            for t in numbers where t.wholeMatch(of: /-?[0-9]+(\.[0-9]{1,2})?/) == nil {
                bad.append("\(node.name) \(a)=\(value)")
            }
        }
    }
    return bad
}

/// Deterministic test data (no Double.random): x on [-4, 4] and piecewise functions.
private func svgGrid(_ from: Double, _ to: Double, count: Int) -> [Double] {
    (0..<count).map { from + (to - from) * Double($0) / Double(count - 1) }
}

private func reluPlot() -> Plot {
    let xs = svgGrid(-4, 4, count: 161)
    return Plot(
        title: "relu and its derivative", xLabel: "x", yLabel: "value",
        series: [
            PlotSeries(name: "relu(x)", xs: xs, ys: xs.map { max(0, $0) }),
            PlotSeries(name: "relu′(x)", xs: xs, ys: xs.map { $0 < 0 ? 0 : ($0 > 0 ? 1 : .nan) },
                       style: SeriesStyle(.line, colorIndex: 1, dashed: true)),
        ],
        bands: [PlotBand(x: 0, lower: 0, upper: 1, label: "∂relu(0) = [0, 1]")],
        markers: [PlotMarker(x: 0, y: 0, label: "PyTorch: 0")],
        vlines: [PlotVLine(x: 0, label: "kink 0")])
}

/// Forward-difference error model: log₂ error ≈ max(k − p, −k) capped at 0, for h = 2^-k.
private func vCurvePlot(yScale: AxisScale = .log10) -> Plot {
    let formats: [(String, Int)] = [("24 bits", 24), ("53 bits", 53), ("113 bits", 113), ("256 bits", 256),
                                    ("1024 bits", 1024), ("4096 bits", 4096), ("f32", 24), ("f64", 53)]
    let ks = Array(stride(from: 1, through: 4104, by: 8))
    let series = formats.enumerated().map { i, f in
        PlotSeries(name: f.0,
                   points: ks.map { k in (x: Double(-k), y: min(0, max(Double(k - f.1), Double(-k)))) },
                   style: SeriesStyle(.line, colorIndex: i, dashed: i >= 6))
    }
    return Plot(
        title: "Forward difference of relu at 1: error vs h", xLabel: "h", yLabel: "|error|",
        xScale: .log2, yScale: yScale, xCoordinates: .log2, yCoordinates: .log2,
        series: series, markers: [PlotMarker(x: -2048, y: -2048, label: "optimum at 4096 bits")],
        vlines: [PlotVLine(x: -26.5, label: "√ε (f64)")])
}

/// The plots `samplePlotsAreWrittenAndReadBack` writes for looking at: relu, hardswish with its
/// subgradient bands, the V curve on decade and log2 axes, values on decade axes, an empty plot.
private func samplePlots() -> [(name: String, plot: Plot)] {
    let xs = svgGrid(-4, 4, count: 161)
    func hardswish(_ x: Double) -> Double { x * min(max(x + 3, 0), 6) / 6 }
    func dHardswish(_ x: Double) -> Double { x < -3 ? 0 : (x > 3 ? 1 : (2 * x + 3) / 6) }
    let hs = Plot(title: "hardswish and its derivative", xLabel: "x", yLabel: "value",
                  series: [PlotSeries(name: "hardswish(x)", xs: xs, ys: xs.map(hardswish)),
                           PlotSeries(name: "hardswish′(x)", xs: xs, ys: xs.map { abs(abs($0) - 3) < 1e-12 ? .nan : dHardswish($0) })],
                  bands: [PlotBand(x: -3, lower: -0.5, upper: 0, label: "[−½, 0]"), PlotBand(x: 3, lower: 1, upper: 1.5, label: "[1, 3/2]")],
                  vlines: [PlotVLine(x: -3, label: "kink −3"), PlotVLine(x: 3, label: "kink 3")])
    let f64 = stride(from: 1, through: 60, by: 1).map { k -> (x: Double, y: Double) in
        let h = Double(sign: .plus, exponent: -k, significand: 1)
        return (h, max(h * 0.5, 1.1102230246251565e-16 / h))
    }
    let values = Plot(title: "Values on decade axes", xLabel: "h", yLabel: "error", xScale: .log10, yScale: .log10,
                      series: [PlotSeries(name: "f64 model", points: f64, style: SeriesStyle(.lineAndMarkers))])
    return [("relu", reluPlot()), ("hardswish", hs), ("vcurve-log10", vCurvePlot()),
            ("vcurve-log2", vCurvePlot(yScale: .log2)), ("values-log10", values), ("empty", Plot(title: "Empty"))]
}

// MARK: - Laws

@Suite struct SVGPlotTests {

    @Test func svgIsDeterministic() {
        for plot in [reluPlot(), vCurvePlot(), vCurvePlot(yScale: .log2), Plot()] {
            let a = plot.svg(), b = plot.svg()
            #expect(a == b)
            #expect(a.utf8.count == b.utf8.count)
        }
        // Rebuilding the same data gives the same bytes too.
        #expect(reluPlot().svg() == reluPlot().svg())
        #expect(reluPlot().csv() == reluPlot().csv())
    }

    @Test func svgIsWellFormedSelfContainedSVG11() throws {
        for plot in [reluPlot(), vCurvePlot(), Plot()] {
            let svg = plot.svg()
            let root = try #require(parseSVG(svg))
            #expect(root.name == "svg")
            #expect(root.attributes["xmlns"] == "http://www.w3.org/2000/svg")
            #expect(root.attributes["version"] == "1.1")
            #expect(root.attributes["width"] == "720" && root.attributes["height"] == "420")
            #expect(root.attributes["viewBox"] == "0 0 720 420")
            #expect(root.attributes["font-family"] == "Helvetica, Arial, sans-serif")
            let background = try #require(root.children.first { $0.name == "rect" })
            #expect(background.attributes["fill"] == "#ffffff" && background.attributes["width"] == "720")
            for forbidden in ["<script", "<style", "href", "@import", "<foreignObject"] {
                #expect(!svg.contains(forbidden), "\(forbidden)")
            }
            #expect(geometryIsFixedPoint(root) == [])
        }
    }

    @Test func svgNeverContainsNaNOrInfinity() throws {
        let weird: [Double] = [.nan, .infinity, -.infinity, 0, -0.0, 1e308, -1e308, .leastNonzeroMagnitude, 1, 2]
        var points: [(x: Double, y: Double)] = []
        for x in weird { for y in weird { points.append((x, y)) } }
        for xs in AxisScale.allCases {
            for ys in AxisScale.allCases {
                for form in CoordinateForm.allCases {
                    let plot = Plot(title: "t", xScale: xs, yScale: ys, xCoordinates: form, yCoordinates: form,
                                    series: [PlotSeries(name: "s", points: points, style: SeriesStyle(.lineAndMarkers))],
                                    bands: [PlotBand(x: 1, lower: .nan, upper: 1), PlotBand(x: 1, lower: -.infinity, upper: .infinity),
                                            PlotBand(x: .nan, lower: 0, upper: 1)],
                                    markers: [PlotMarker(x: .infinity, y: 1), PlotMarker(x: 1, y: .nan)],
                                    vlines: [PlotVLine(x: .nan), PlotVLine(x: -.infinity)],
                                    xRange: -Double.infinity...Double.infinity)
                    let svg = plot.svg()
                    #expect(!svg.lowercased().contains("nan") && !svg.lowercased().contains("inf"), "\(xs) \(ys) \(form)")
                    let root = try #require(parseSVG(svg))
                    #expect(geometryIsFixedPoint(root) == [], "\(xs) \(ys) \(form)")
                }
            }
        }
    }

    @Test func nonFiniteAndNonPositivePointsBreakTheLine() throws {
        let plot = Plot(series: [PlotSeries(name: "s", points: [(0, 1), (1, 2), (2, .nan), (3, 1), (4, 2),
                                                                (5, .infinity), (6, 1), (7, 2)])])
        let root = try #require(parseSVG(plot.svg()))
        #expect(root.elements("polyline").count == 3)
        // On a log y axis, y ≤ 0 is not plottable and breaks the line as well.
        let log = Plot(yScale: .log10, series: [PlotSeries(name: "s", points: [(0, 1), (1, 10), (2, 0), (3, 1), (4, 10),
                                                                             (5, -1), (6, 100), (7, 10)])])
        let logRoot = try #require(parseSVG(log.svg()))
        #expect(logRoot.elements("polyline").count == 3)
    }

    @Test func emptyPlotsAndEmptySeriesRenderAFrame() throws {
        for plot in [Plot(), Plot(title: "empty", series: [PlotSeries(name: "nothing", points: [])]),
                     Plot(xScale: .log2, yScale: .log10, series: [PlotSeries(name: "", points: [])])] {
            let root = try #require(parseSVG(plot.svg()))
            #expect(root.elements("rect", class: "frame").count == 1)
            #expect(root.elements("polyline").isEmpty)
            #expect(root.elements("circle").isEmpty)
            #expect(!root.elements("text").isEmpty)  // tick labels
        }
    }

    @Test func aSinglePointIsDrawnAsADot() throws {
        for scale in AxisScale.allCases {
            let plot = Plot(xScale: scale, yScale: scale, series: [PlotSeries(name: "one", points: [(4, 8)])])
            let root = try #require(parseSVG(plot.svg()))
            let frame = try #require(root.elements("rect", class: "frame").first)
            let dots = root.elements("g", class: "series").flatMap { $0.elements("circle") }
            #expect(dots.count == 1, "\(scale)")
            // A single point is centred: the axis is padded symmetrically around it.
            let dot = try #require(dots.first)
            let cx = try #require(dot.number("cx")), cy = try #require(dot.number("cy"))
            let fx = try #require(frame.number("x")), fw = try #require(frame.number("width"))
            let fy = try #require(frame.number("y")), fh = try #require(frame.number("height"))
            #expect(abs(cx - (fx + fw / 2)) <= 0.02 && abs(cy - (fy + fh / 2)) <= 0.02, "\(scale)")
        }
    }

    @Test func linesAreClippedToThePlotArea() throws {
        let plot = Plot(series: [PlotSeries(name: "steep", points: [(0, 0), (1, 100), (2, 0)])], yRange: 0...10)
        let root = try #require(parseSVG(plot.svg()))
        let frame = try #require(root.elements("rect", class: "frame").first)
        let top = try #require(frame.number("y")), bottom = top + (try #require(frame.number("height")))
        let lines = root.elements("polyline")
        #expect(lines.count == 2)
        for line in lines {
            for pair in (line.attributes["points"] ?? "").split(separator: " ") {
                let y = try #require(Double(pair.split(separator: ",")[1]))
                #expect(y >= top - 0.01 && y <= bottom + 0.01)
            }
        }
    }

    /// Expects the text of the tick labels on one axis (`xticks` or `yticks`), in order.
    private func expectTicks(_ plot: Plot, _ axis: String, _ expected: [String],
                     sourceLocation: SourceLocation = #_sourceLocation) throws {
        let root = try #require(parseSVG(plot.svg()), sourceLocation: sourceLocation)
        let group = try #require(root.elements("g", class: axis).first, sourceLocation: sourceLocation)
        let labels = group.elements("text").map(\.text)
        #expect(labels == expected, sourceLocation: sourceLocation)
    }

    @Test func log2AxesAreLabelledAsPowersOfTwo() throws {
        // Values 2^-10 … 1 given as values: ticks at even powers.
        let xs = (0...10).map { Double(sign: .plus, exponent: -$0, significand: 1) }
        let plot = Plot(xScale: .log2, yScale: .log2, series: [PlotSeries(name: "", xs: xs, ys: xs)])
        try expectTicks(plot, "yticks", ["2−10", "2−8", "2−6", "2−4", "2−2", "20"])
        let svg = plot.svg()
        #expect(svg.contains(">2<tspan dy=\"-5\" font-size=\"8.25\">\u{2212}10</tspan></text>"))
        // Coordinates already in log2 form, far below Double's range.
        let v = vCurvePlot(yScale: .log2)
        try expectTicks(v, "xticks", ["2−4000", "2−3000", "2−2000", "2−1000", "20"])
        try expectTicks(v, "yticks", ["2−2000", "2−1500", "2−1000", "2−500", "20"])
    }

    @Test func log10AxesAreLabelledInDecades() throws {
        let xs = (0...10).map { Double("1e-\($0)")! }
        let plot = Plot(yScale: .log10, series: [PlotSeries(name: "", xs: svgGrid(0, 1, count: 11), ys: xs)])
        try expectTicks(plot, "yticks", ["1e−10", "1e−8", "1e−6", "1e−4", "1e−2", "1"])
        // log2 coordinates on a decade axis: 2^-4104 ≈ 1e-1235.
        try expectTicks(vCurvePlot(), "yticks", ["1e−600", "1e−400", "1e−200", "1"])
    }

    @Test func linearTicksAreNiceAndCompact() throws {
        try expectTicks(reluPlot(), "xticks", ["−4", "−2", "0", "2", "4"])
        try expectTicks(reluPlot(), "yticks", ["0", "1", "2", "3", "4"])
        let unit = Plot(series: [PlotSeries(name: "", points: [(0, 0), (1, 1)])])
        try expectTicks(unit, "yticks", ["0", "0.2", "0.4", "0.6", "0.8", "1"])
        let decades = Plot(yScale: .log10, series: [PlotSeries(name: "", points: [(0, 0.01), (1, 1000)])])
        try expectTicks(decades, "yticks", ["0.01", "0.1", "1", "10", "100", "1000"])
        let big = Plot(series: [PlotSeries(name: "", points: [(0, 0), (1, 1.5e6)])])
        try expectTicks(big, "yticks", ["0", "5e5", "1e6", "1.5e6"])
        let small = Plot(series: [PlotSeries(name: "", points: [(0, 0), (1, 1.5e-6)])])
        try expectTicks(small, "yticks", ["0", "5e−7", "1e−6", "1.5e−6"])
        #expect(PlotAxis.decimalLabel(25, -2, scientific: false) == "0.25")
        #expect(PlotAxis.decimalLabel(-3, 0, scientific: false) == "\u{2212}3")
        #expect(PlotAxis.decimalLabel(5, -3, scientific: false) == "0.005")
        #expect(PlotAxis.decimalLabel(150, -1, scientific: false) == "15")
        #expect(PlotAxis.decimalLabel(15, 5, scientific: true) == "1.5e6")
        #expect(PlotAxis.decimalLabel(-20, -8, scientific: true) == "\u{2212}2e\u{2212}7")
    }

    @Test func aBandSpansItsIntervalOnTheYAxis() throws {
        for (lower, upper) in [(0.5, 1.5), (1.5, 0.5)] {
            let plot = Plot(bands: [PlotBand(x: 0, lower: lower, upper: upper, label: "[D⁻, D⁺]")],
                            xRange: -1...1, yRange: 0...2)
            let root = try #require(parseSVG(plot.svg()))
            let frame = try #require(root.elements("rect", class: "frame").first)
            let band = try #require(root.elements("rect", class: "band").first)
            let fx = try #require(frame.number("x")), fw = try #require(frame.number("width"))
            let fy = try #require(frame.number("y")), fh = try #require(frame.number("height"))
            let y = try #require(band.number("y")), h = try #require(band.number("height"))
            let x = try #require(band.number("x")), w = try #require(band.number("width"))
            #expect(abs(y - (fy + fh / 4)) <= 0.02)  // upper = 1.5 is a quarter down from the top (2)
            #expect(abs(h - fh / 2) <= 0.02)         // [0.5, 1.5] is half of [0, 2]
            #expect(abs((x + w / 2) - (fx + fw / 2)) <= 0.02)
            #expect(root.elements("text").contains { $0.text == "[D⁻, D⁺]" })
        }
    }

    @Test func vlinesAndMarkersSitAtTheirCoordinates() throws {
        let plot = Plot(markers: [PlotMarker(x: 1, y: 3, label: "m")], vlines: [PlotVLine(x: -1, label: "kink")],
                        xRange: -2...2, yRange: 0...4)
        let root = try #require(parseSVG(plot.svg()))
        let frame = try #require(root.elements("rect", class: "frame").first)
        let fx = try #require(frame.number("x")), fw = try #require(frame.number("width"))
        let fy = try #require(frame.number("y")), fh = try #require(frame.number("height"))
        let line = try #require(root.elements("line", class: "vline").first)
        #expect(abs((try #require(line.number("x1"))) - (fx + fw / 4)) <= 0.02)
        let marker = try #require(root.elements("circle", class: "marker").first)
        #expect(abs((try #require(marker.number("cx"))) - (fx + 3 * fw / 4)) <= 0.02)
        #expect(abs((try #require(marker.number("cy"))) - (fy + fh / 4)) <= 0.02)
    }

    @Test func legendListsNamedSeriesInOrderAndEscapesText() throws {
        let plot = Plot(title: "a < b & \"c\"", series: [
            PlotSeries(name: "first", points: [(0, 0), (1, 1)]),
            PlotSeries(name: "", points: [(0, 1), (1, 0)]),
            PlotSeries(name: "<third & 'last'>", points: [(0, 0.5), (1, 0.5)], style: SeriesStyle(.markers)),
        ])
        let root = try #require(parseSVG(plot.svg()))
        let legend = try #require(root.elements("g", class: "legend").first)
        #expect(legend.elements("text").map(\.text) == ["first", "<third & 'last'>"])
        #expect(root.elements("text", class: "title").first?.text == "a < b & \"c\"")
        // Automatic styles take palette colours by position.
        let strokes = root.elements("g", class: "series").compactMap { $0.children.first }
        #expect(strokes[0].attributes["stroke"] == PlotPalette.colors[0])
        #expect(strokes[1].attributes["stroke"] == PlotPalette.colors[1])
        #expect(strokes[2].attributes["fill"] == PlotPalette.colors[0])
        #expect(SeriesStyle.automatic(9) == SeriesStyle(.line, colorIndex: 9, dashed: true))
        #expect(PlotPalette.color(9) == PlotPalette.colors[1] && PlotPalette.color(-1) == PlotPalette.colors[7])
    }

    @Test func csvRowsAreThePointsExactly() throws {
        let ys: [Double] = [0.1, -2.5e-300, .nan, .infinity, -.infinity, -0.0, 1e22, .leastNonzeroMagnitude, 123456.789, .pi]
        let plot = Plot(series: [
            PlotSeries(name: "a,\"b\"", xs: svgGrid(-1, 1, count: ys.count), ys: ys),
            PlotSeries(name: "c", points: [(1, 2)]),
            PlotSeries(name: "empty", points: []),
        ])
        let lines = plot.csv().split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.first == "series,x,y")
        #expect(lines.last == "")
        let rows = lines.dropFirst().dropLast()
        #expect(rows.count == ys.count + 1)
        for (row, (x, y)) in zip(rows, plot.series[0].points) {
            #expect(row.hasPrefix("\"a,\"\"b\"\"\","))
            let fields = row.split(separator: ",").suffix(2).map(String.init)
            let rx = try #require(Double(fields[0])), ry = try #require(Double(fields[1]))
            #expect(rx == x || (rx.isNaN && x.isNaN))
            #expect(ry.bitPattern == y.bitPattern || (ry.isNaN && y.isNaN), "\(row)")
        }
        #expect(rows.last == "c,1,2")
        #expect(rows.contains("\"a,\"\"b\"\"\",-1,0.1"))
        #expect(vCurvePlot().csv().hasPrefix("series,log2_x,log2_y\n24 bits,-1,-1\n"))
    }

    @Test func shortestDecimalsRoundTrip() {
        #expect(PlotText.shortest(0.1) == "0.1")
        #expect(PlotText.shortest(1) == "1")
        #expect(PlotText.shortest(-1e-5) == "-0.00001")
        #expect(PlotText.shortest(1e-7) == "1e-7")
        #expect(PlotText.shortest(1e21) == "1e21")
        #expect(PlotText.shortest(123456789012345680) == "123456789012345680")
        #expect(PlotText.shortest(.leastNonzeroMagnitude) == "5e-324")
        #expect(PlotText.shortest(-0.0) == "-0")
        // A fixed SplitMix64 stream of bit patterns (seed 0x5EED): every finite one reads back.
        var state: UInt64 = 0x5EED
        for _ in 0..<20_000 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            z ^= z >> 31
            let v = Double(bitPattern: z)
            guard v.isFinite else { continue }
            let text = PlotText.shortest(v)
            #expect(Double(text)?.bitPattern == v.bitPattern, "\(text) from \(v.bitPattern)")
            #expect(text.count <= v.description.count + 1, "\(text) vs \(v.description)")
        }
    }

    @Test func pixelCoordinatesHaveTwoDecimals() {
        #expect(PlotText.fixed2(12.5) == "12.5")
        #expect(PlotText.fixed2(-3.05) == "-3.05")
        #expect(PlotText.fixed2(0.004) == "0")
        #expect(PlotText.fixed2(-0.004) == "0")
        #expect(PlotText.fixed2(7.006) == "7.01")
        #expect(PlotText.fixed2(100) == "100")
        #expect(PlotText.fixed2(0.1) == "0.1")
    }

    /// Pixel x of every dot of the first series, in point order.
    private func dotXs(_ root: SVGNode) -> [Double] {
        (root.elements("g", class: "series").first?.elements("circle") ?? []).compactMap { $0.number("cx") }
    }

    @Test func aSymmetricLogAxisGivesEveryBinadeTheSameWidthOnBothSides() throws {
        // float16's inputs: 0, ±2^-24 (least subnormal), ±1, ±2^15.
        let xs: [Double] = [-32768, -1, -0x1p-24, 0, 0x1p-24, 1, 32768]
        let plot = Plot(xScale: .symlog2(least: -24), series: [PlotSeries(name: "", xs: xs, ys: xs.map { _ in 1 }, style: SeriesStyle(.markers))])
        let root = try #require(parseSVG(plot.svg()))
        let px = dotXs(root)
        try #require(px.count == 7)
        let zero = px[3]
        for i in 0..<3 { #expect(abs((px[6 - i] - zero) - (zero - px[i])) <= 0.02, "±x mirror each other: \(px)") }
        // 2^-24 is one unit from 0, 1 = 2^0 is 25 units, 2^15 is 40 units.
        let unit = px[4] - zero
        #expect(unit > 0 && abs((px[5] - zero) / unit - 25) < 0.1 && abs((px[6] - zero) / unit - 40) < 0.1, "\(px)")
        // Ticks: 0 in the middle, ±2ⁿ mirrored, nothing between 0 and ±2^-24's neighbourhood.
        let group = try #require(root.elements("g", class: "xticks").first)
        let labels = group.elements("text").map(\.text)
        let zeroAt = try #require(labels.firstIndex(of: "0"))
        let negative = labels[..<zeroAt].reversed().map { $0 }, positive = Array(labels[(zeroAt + 1)...])
        #expect(!positive.isEmpty && negative == positive.map { "\u{2212}" + $0 }, "\(labels)")
        #expect(positive.allSatisfy { $0.hasPrefix("2") }, "\(labels)")
        // A value and its axis coordinate.
        #expect(PlotAxis.coordinate(0, form: .value, scale: .symlog2(least: -24)) == 0)
        #expect(PlotAxis.coordinate(-0x1p-20, form: .value, scale: .symlog2(least: -24)) == -5)
        #expect(PlotAxis.coordinate(0x1p-25, form: .value, scale: .symlog2(least: -24)) == 0.5)
        #expect(PlotAxis.coordinate(-20, form: .log2, scale: .symlog2(least: -24)) == 5)
    }

    @Test func symmetricLogTicksSpanADoublesWholeRange() throws {
        let xs: [Double] = [-.greatestFiniteMagnitude, -1, 0, .leastNonzeroMagnitude, 1, .greatestFiniteMagnitude]
        let plot = Plot(xScale: .symlog2(least: -1074), series: [PlotSeries(name: "", xs: xs, ys: xs.map { _ in 1 })])
        let root = try #require(parseSVG(plot.svg()))
        let labels = try #require(root.elements("g", class: "xticks").first).elements("text").map(\.text)
        // At 500 binades a step; 2^-1000 is left out, 75 binades from 0 (less than half a step).
        #expect(labels == ["\u{2212}21000", "\u{2212}2500", "\u{2212}20", "\u{2212}2\u{2212}500", "0",
                           "2\u{2212}500", "20", "2500", "21000"], "\(labels)")
        #expect(geometryIsFixedPoint(root) == [])
    }

    /// On a log axis with `edgeRows`, y = 0 is data: a hollow circle on a row under the log
    /// scale, labelled 0 — not a point at some tiny power, not left out.
    @Test func edgeRowsDrawExactZerosAsMarkersBelowTheLogScale() throws {
        let points: [(x: Double, y: Double)] = [(1, 1e-3), (2, 0), (3, 1e-5), (4, 0), (5, 0), (6, .infinity), (7, 1)]
        var plot = Plot(yScale: .log10, series: [PlotSeries(name: "error", points: points)], edgeRows: true)
        let root = try #require(parseSVG(plot.svg()))
        let frame = try #require(root.elements("rect", class: "frame").first)
        let frameBottom = try #require(frame.number("y")) + (try #require(frame.number("height")))
        let zeroGroup = try #require(root.elements("g", class: "zeros").first)
        #expect(zeroGroup.attributes["fill"] == "#ffffff" && zeroGroup.attributes["stroke"] == PlotPalette.colors[0], "hollow, the series' colour")
        let zeros = zeroGroup.elements("circle")
        #expect(zeros.count == 3)
        let renderer = SVGPlotRenderer(plot)
        for c in zeros {
            let cy = try #require(c.number("cy"))
            #expect(cy > renderer.bottom && cy < frameBottom, "below the log scale, inside the frame: \(cy)")
        }
        #expect(zeros.compactMap { $0.number("cx") } == [2.0, 4, 5].map { renderer.px(PlotAxis.coordinate($0, form: .value, scale: .linear)!) }.map { (($0 * 100).rounded()) / 100 })
        let infinities = try #require(root.elements("g", class: "infinities").first).elements("circle")
        #expect(infinities.count == 1 && (infinities.first?.number("cy") ?? .infinity) < renderer.top)
        let ticks = try #require(root.elements("g", class: "yticks").first).elements("text").map(\.text)
        #expect(ticks.first == "0" && ticks.last == "∞", "\(ticks)")
        // The log scale fits the nonzero values only: its floor is 1e-5's decade, not 1e-2000.
        #expect(renderer.yAxis.lower > -6 && renderer.yAxis.lower < -5, "\(renderer.yAxis.lower)")
        // log₂ coordinates: −∞ is the zero; a marker at 0 sits on the row too.
        plot = Plot(yScale: .log10, yCoordinates: .log2, series: [PlotSeries(name: "e", points: [(1, -10), (2, -.infinity), (3, -20)])],
                    markers: [PlotMarker(x: 2, y: -.infinity, label: "exact")], edgeRows: true)
        let log2Root = try #require(parseSVG(plot.svg()))
        #expect(log2Root.elements("g", class: "zeros").first?.elements("circle").count == 1)
        let marker = try #require(log2Root.elements("circle", class: "marker").first)
        #expect((marker.number("cy") ?? 0) > SVGPlotRenderer(plot).bottom)
        // Without edge rows the zeros are left out, as before.
        plot.edgeRows = false
        #expect(try #require(parseSVG(plot.svg())).elements("g", class: "zeros").isEmpty)
    }

    @Test func panelsShareOneDocumentAndOneLegend() throws {
        func panel(_ title: String, _ scale: Int) -> Plot {
            Plot(title: title, xScale: .log2, yScale: .log10, xCoordinates: .log2, yCoordinates: .log2,
                 series: [PlotSeries(name: "forward", points: (1...scale).map { (x: Double(-$0), y: Double(-$0)) })],
                 width: 360, height: 240)
        }
        let panels = PlotPanels(title: "three panels", columns: 2, panels: [panel("a", 30), panel("b", 60), panel("c", 4000)],
                                legend: [PlotLegendEntry("forward", .series(.automatic(0))), PlotLegendEntry("exact", .edgePoint(colorIndex: 0)),
                                         PlotLegendEntry("best", .marker)])
        let svg = panels.svg()
        let root = try #require(parseSVG(svg))
        #expect(root.attributes["width"] == "720")
        let groups = root.elements("g", class: "panel")
        #expect(groups.map { $0.attributes["transform"] ?? "" } == ["translate(0 58)", "translate(360 58)", "translate(0 298)"])
        #expect(root.attributes["height"] == "538")   // 58 of title and legend, two rows of 240
        // One legend, the shared one; each panel its own title and axes.
        #expect(root.elements("g", class: "legend").count == 1)
        #expect(root.elements("g", class: "legend").first?.elements("text").map(\.text) == ["forward", "exact", "best"])
        #expect(groups.map { $0.elements("text", class: "title").first?.text } == ["a", "b", "c"])
        #expect(groups.allSatisfy { $0.elements("rect", class: "frame").count == 1 })
        // Each panel's x axis is its own: the first stops near 2^-30, the last reaches 2^-4000.
        let firstTicks = groups[0].elements("g", class: "xticks").first?.elements("text").map(\.text) ?? []
        let lastTicks = groups[2].elements("g", class: "xticks").first?.elements("text").map(\.text) ?? []
        #expect(firstTicks.first == "2\u{2212}30" && lastTicks.first == "2\u{2212}4000", "\(firstTicks) \(lastTicks)")
        #expect(geometryIsFixedPoint(root) == [])
        #expect(svg.hasSuffix("</svg>\n") && svg.components(separatedBy: "<svg").count == 2)
        #expect(panels.svg() == svg)
    }

    /// Each sample plot is well-formed and draws what it holds: a series group per series, the
    /// named series in the legend, every band, kink line and marker with its label, and a CSV row
    /// per point.
    @Test(arguments: samplePlots().map(\.name))
    func samplePlotsDrawTheirData(_ name: String) throws {
        let plot = try #require(samplePlots().first { $0.name == name }).plot
        let svg = plot.svg()
        let root = try #require(parseSVG(svg))
        #expect(root.name == "svg")
        #expect(geometryIsFixedPoint(root) == [])
        #expect(!svg.lowercased().contains("nan") && !svg.lowercased().contains("inf"))
        #expect(root.elements("g", class: "series").count == plot.series.count)
        let named = plot.series.map(\.name).filter { !$0.isEmpty }
        #expect((root.elements("g", class: "legend").first?.elements("text").map(\.text) ?? []) == named)
        #expect(root.elements("rect", class: "band").count == plot.bands.count)
        #expect(root.elements("line", class: "vline").count == plot.vlines.count)
        #expect(root.elements("circle", class: "marker").count == plot.markers.count)
        let texts = Set(root.elements("text").map(\.text))
        let labels = plot.bands.compactMap(\.label) + plot.vlines.compactMap(\.label) + plot.markers.compactMap(\.label)
        #expect(labels.filter { !texts.contains($0) } == [], "labels not drawn")
        let rows = plot.csv().split(separator: "\n")
        #expect(rows.first?.hasPrefix("series,") == true)
        #expect(rows.count == 1 + plot.series.map(\.points.count).reduce(0, +))
    }

    /// Writes the sample plots (SVG + CSV) and reads them back byte for byte: into
    /// `KINKCHECK_SVG_SAMPLES` for looking at them (`KINKCHECK_SVG_SAMPLES=dir swift test --filter
    /// SVGPlot`), else into a temporary folder that is removed afterwards.
    @Test func samplePlotsAreWrittenAndReadBack() throws {
        let asked = ProcessInfo.processInfo.environment["KINKCHECK_SVG_SAMPLES"]
        let dir = asked ?? FileManager.default.temporaryDirectory.appendingPathComponent("svg-samples-\(UUID().uuidString)").path
        defer { if asked == nil { try? FileManager.default.removeItem(atPath: dir) } }
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        for (name, plot) in samplePlots() {
            for (ext, text) in [("svg", plot.svg()), ("csv", plot.csv())] {
                let path = dir + "/" + name + "." + ext
                try text.write(toFile: path, atomically: true, encoding: .utf8)
                #expect(try String(contentsOfFile: path, encoding: .utf8) == text, "\(path)")
            }
        }
    }
}
