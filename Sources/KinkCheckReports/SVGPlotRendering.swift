import BigFloat
import KinkCheck
import KinkCheckAnalysis
import KinkCheckGeneration
import KinkCheckProperties
import KinkCheckSamples
import KinkCheckSupport
import KinkCheckVerification

extension Plot {
    /// The plot as a self-contained SVG 1.1 document (see `Plot` for the guarantees).
    ///
    /// Layout: title on top, y-axis title rotated on the left, x-axis title below, light grid
    /// lines at the ticks (a darker one at 0 on linear and symmetric-log axes), the legend —
    /// every series with a non-empty name, unless `showsLegend` is off — outside the plot area on
    /// the right; with `edgeRows`, the rows for 0 and ∞ below and above the log region, set off
    /// by a dashed line. Drawing order: grid, reference lines, bands, series, edge-row markers,
    /// markers, annotations, legend.
    package func svg() -> String {
        SVGPlotRenderer(self).render()
    }
}

/// A pixel position.
package struct PlotPoint: Equatable {
    package var x: Double
    package var y: Double
}

/// Lays a `Plot` out once, then writes it.
package struct SVGPlotRenderer {
    package let plot: Plot
    package let width: Double, height: Double
    /// Plot area edges in pixels (y grows downwards): where the y axis maps its interval.
    package let left: Double, right: Double, top: Double, bottom: Double
    /// The frame's top and bottom: the plot area plus the edge rows (equal to `top`, `bottom`
    /// without them).
    package let frameTop: Double, frameBottom: Double
    /// Pixel y of each series' row for y = 0 and for y = +∞ (`Plot.edgeRows`), by series index.
    package let zeroRows: [Int: Double], infinityRows: [Int: Double]
    /// Pixel y of the middle of the 0 and ∞ strips, when there are any.
    package let zeroStrip: Double?, infinityStrip: Double?
    package let xAxis: PlotAxis, yAxis: PlotAxis
    package let styles: [SeriesStyle]
    package let legend: [(name: String, style: SeriesStyle)]

    /// Height of one edge row in pixels.
    package static let rowHeight = 9.0

    package static let titleSize = 15.0, labelSize = 12.0, tickSize = 11.0, legendSize = 11.0, noteSize = 10.0
    package static let lineWidth = "1.8"
    /// Pixel positions beyond this magnitude are treated as not plottable.
    package static let pixelLimit = 1e12

    package init(_ plot: Plot) {
        self.plot = plot
        width = Double(Swift.max(plot.width, 240))
        height = Double(Swift.max(plot.height, 160))
        styles = plot.series.indices.map { plot.series[$0].style ?? .automatic($0) }

        // Data extents in axis coordinates.
        func ax(_ v: Double) -> Double? { PlotAxis.coordinate(v, form: plot.xCoordinates, scale: plot.xScale) }
        func ay(_ v: Double) -> Double? { PlotAxis.coordinate(v, form: plot.yCoordinates, scale: plot.yScale) }
        // A point on an edge row (y = 0 or +∞, `Plot.edgeRows`) counts for the x extent only.
        let rows = plot.edgeRows && plot.yScale.isLogarithmic
        func onRow(_ y: Double) -> Bool { rows && (plot.isZeroY(y) || y == .infinity) }
        var xs: [Double] = [], ys: [Double] = []
        for s in plot.series {
            for p in s.points {
                guard let x = ax(p.x) else { continue }
                if let y = ay(p.y) { xs.append(x); ys.append(y) } else if onRow(p.y) { xs.append(x) }
            }
        }
        for b in plot.bands {
            if let x = ax(b.x) { xs.append(x) }
            if let l = ay(b.lower) { ys.append(l) }
            if let u = ay(b.upper) { ys.append(u) }
        }
        for m in plot.markers {
            guard let x = ax(m.x) else { continue }
            if let y = ay(m.y) { xs.append(x); ys.append(y) } else if onRow(m.y) { xs.append(x) }
        }
        for v in plot.vlines { if let x = ax(v.x) { xs.append(x) } }

        // Edge rows: the series (in order) with a point at y = 0 or +∞ whose x can be drawn.
        func rowsOf(_ edge: (Double) -> Bool) -> [Int] {
            guard rows else { return [] }
            return plot.series.indices.filter { i in plot.series[i].points.contains { edge($0.y) && ax($0.x) != nil } }
        }
        let zeroSeries = rowsOf(plot.isZeroY), infinitySeries = rowsOf { $0 == .infinity }
        let zeroCount = Swift.max(zeroSeries.count, rows && plot.markers.contains { plot.isZeroY($0.y) } ? 1 : 0)
        let infinityCount = Swift.max(infinitySeries.count, rows && plot.markers.contains { $0.y == .infinity } ? 1 : 0)
        func extent(_ v: [Double]) -> (lower: Double, upper: Double)? {
            guard let lo = v.min(), let hi = v.max() else { return nil }
            return (lo, hi)
        }
        let xOverride = (plot.xRange.flatMap { ax($0.lowerBound) }, plot.xRange.flatMap { ax($0.upperBound) })
        let yOverride = (plot.yRange.flatMap { ay($0.lowerBound) }, plot.yRange.flatMap { ay($0.upperBound) })

        // Vertical layout first: it fixes the y ticks, whose widths fix the left margin. Edge
        // rows take strips off the plot area: rows of `rowHeight`, half a row of gap each side.
        let frameTop = plot.title.isEmpty ? 14.0 : 40.0, frameBottom = height - (plot.xLabel.isEmpty ? 28 : 50)
        let row = Self.rowHeight
        let top = frameTop + (infinityCount > 0 ? row * Double(infinityCount + 1) : 0)
        let bottom = frameBottom - (zeroCount > 0 ? row * Double(zeroCount + 1) : 0)
        (self.frameTop, self.frameBottom, self.top, self.bottom) = (frameTop, frameBottom, top, bottom)
        zeroRows = Dictionary(uniqueKeysWithValues: zeroSeries.enumerated().map { ($1, bottom + row * Double($0 + 1)) })
        infinityRows = Dictionary(uniqueKeysWithValues: infinitySeries.enumerated().map { ($1, top - row * Double($0 + 1)) })
        zeroStrip = zeroCount > 0 ? (bottom + frameBottom) / 2 : nil
        infinityStrip = infinityCount > 0 ? (frameTop + top) / 2 : nil
        let yAxis = PlotAxis.fitted(scale: plot.yScale, extent: extent(ys), override: yOverride,
                                    targetTicks: Swift.max(4, Int((bottom - top) / 55)))
        self.yAxis = yAxis
        let edgeLabels = (zeroCount > 0 ? [plot.zeroRowLabel] : []) + (infinityCount > 0 ? ["∞"] : [])
        let yTickWidth = (yAxis.ticks.map { $0.label.width(size: Self.tickSize) } + edgeLabels.map { PlotText.width($0, size: Self.tickSize) }).max() ?? 0
        left = (10 + (plot.yLabel.isEmpty ? 0 : Self.labelSize + 10) + yTickWidth + 8).rounded(.up)

        // Legend on the right, at most 40% of the width; longer names are cut with an ellipsis.
        let maxLegend = width * 0.4
        let room = Int((maxLegend - 54) / (Self.legendSize * 0.58))
        var legend: [(name: String, style: SeriesStyle)] = []
        for (s, style) in zip(plot.series, styles) where !s.name.isEmpty && plot.showsLegend {
            let name = s.name.count > room ? String(s.name.prefix(Swift.max(room - 1, 1))) + "…" : s.name
            legend.append((name, style))
        }
        self.legend = legend
        let nameWidth = legend.map { PlotText.width($0.name, size: Self.legendSize) }.max() ?? 0
        right = width - (legend.isEmpty ? 18 : (54 + nameWidth).rounded(.up))

        // x ticks: as many as fit without their labels touching.
        var target = Swift.max(4, Int((right - left) / 90))
        var xAxis: PlotAxis
        repeat {
            xAxis = PlotAxis.fitted(scale: plot.xScale, extent: extent(xs), override: xOverride, targetTicks: target)
            let widest = xAxis.ticks.map { $0.label.width(size: Self.tickSize) }.max() ?? 0
            let gaps = zip(xAxis.ticks.dropFirst(), xAxis.ticks).map { $0.position - $1.position }
            let spacing = (gaps.min() ?? .infinity) * (right - left) / (xAxis.upper - xAxis.lower)
            if widest + 10 <= spacing { break }
            target -= 1
        } while target >= 2
        self.xAxis = xAxis
    }

    // MARK: - Coordinates

    /// Pixel x of an axis coordinate.
    package func px(_ c: Double) -> Double { left + (c - xAxis.lower) / (xAxis.upper - xAxis.lower) * (right - left) }
    /// Pixel y of an axis coordinate.
    package func py(_ c: Double) -> Double { bottom - (c - yAxis.lower) / (yAxis.upper - yAxis.lower) * (bottom - top) }

    /// The pixel position of a point given in the plot's coordinate forms, if plottable.
    package func pixel(_ x: Double, _ y: Double) -> PlotPoint? {
        guard let cx = PlotAxis.coordinate(x, form: plot.xCoordinates, scale: plot.xScale),
              let cy = PlotAxis.coordinate(y, form: plot.yCoordinates, scale: plot.yScale) else { return nil }
        let p = PlotPoint(x: px(cx), y: py(cy))
        guard p.x.magnitude < Self.pixelLimit, p.y.magnitude < Self.pixelLimit else { return nil }
        return p
    }

    package func pixelX(_ x: Double) -> Double? {
        guard let c = PlotAxis.coordinate(x, form: plot.xCoordinates, scale: plot.xScale) else { return nil }
        let p = px(c)
        return p.magnitude < Self.pixelLimit ? p : nil
    }

    package func inside(_ p: PlotPoint) -> Bool { p.x >= left && p.x <= right && p.y >= top && p.y <= bottom }

    /// Pixel y of the edge row for a y that has one (0 or +∞, `Plot.edgeRows`) in series `index`,
    /// or of the middle of its strip for `index` nil (a marker); nil for any other y.
    package func edgeRow(_ y: Double, series index: Int?) -> Double? {
        if plot.isZeroY(y) { return index.map { zeroRows[$0] } ?? zeroStrip }
        if y == .infinity { return index.map { infinityRows[$0] } ?? infinityStrip }
        return nil
    }

    /// A number for an attribute: two decimals.
    package func n(_ v: Double) -> String { PlotText.fixed2(Swift.min(Swift.max(v, -Self.pixelLimit), Self.pixelLimit)) }

    /// The part of segment ab inside the plot area (Liang–Barsky); the ends are returned
    /// unchanged when they are inside, so consecutive segments join exactly.
    package func clip(_ a: PlotPoint, _ b: PlotPoint) -> (PlotPoint, PlotPoint)? {
        var t0 = 0.0, t1 = 1.0
        let dx = b.x - a.x, dy = b.y - a.y
        for (p, q) in [(-dx, a.x - left), (dx, right - a.x), (-dy, a.y - top), (dy, bottom - a.y)] {
            if p == 0 {
                if q < 0 { return nil }
            } else {
                let t = q / p
                if p < 0 {
                    if t > t1 { return nil }
                    if t > t0 { t0 = t }
                } else {
                    if t < t0 { return nil }
                    if t < t1 { t1 = t }
                }
            }
        }
        let c0 = t0 == 0 ? a : PlotPoint(x: a.x + t0 * dx, y: a.y + t0 * dy)
        let c1 = t1 == 1 ? b : PlotPoint(x: a.x + t1 * dx, y: a.y + t1 * dy)
        return (c0, c1)
    }

    /// Visible polylines of a series line and its isolated visible points (single plottable
    /// points between unplottable ones, drawn as dots so they do not vanish).
    package func pieces(_ points: [PlotPoint?]) -> (lines: [[PlotPoint]], dots: [PlotPoint]) {
        var lines: [[PlotPoint]] = [], dots: [PlotPoint] = []
        var current: [PlotPoint] = []
        func flush() {
            if current.count >= 2 { lines.append(current) }
            current = []
        }
        var previous: PlotPoint? = nil
        for (i, point) in points.enumerated() {
            guard let p = point else { flush(); previous = nil; continue }
            defer { previous = p }
            guard let q = previous else {
                let nextPlottable = i + 1 < points.count && points[i + 1] != nil
                if !nextPlottable && inside(p) { dots.append(p) }
                continue
            }
            guard let (a, b) = clip(q, p) else { flush(); continue }
            if current.last != a { flush(); current = [a] }
            current.append(b)
            if b != p { flush() }
        }
        flush()
        return (lines, dots)
    }

    // MARK: - Writing

    package func render() -> String {
        var out = Self.header(width: width, height: height, title: plot.title)
        out += body()
        out += "</svg>\n"
        return out
    }

    /// The opening `<svg>` tag, the document title and the white background.
    package static func header(width: Double, height: Double, title: String) -> String {
        let w = PlotText.fixed2(width), h = PlotText.fixed2(height)
        var out = "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"\(w)\" height=\"\(h)\""
        out += " viewBox=\"0 0 \(w) \(h)\" font-family=\"Helvetica, Arial, sans-serif\" font-size=\"\(PlotText.fixed2(tickSize))\">\n"
        if !title.isEmpty { out += "<title>\(PlotText.xml(title))</title>\n" }
        out += "<rect width=\"\(w)\" height=\"\(h)\" fill=\"#ffffff\"/>\n"
        return out
    }

    /// Everything inside the document but its header: what a panel of `PlotPanels` draws.
    package func body() -> String {
        var out = ""
        writeGrid(into: &out)
        writeText(into: &out)
        // Labels of lines, bands and markers go on top of every series.
        var notes = ""
        writeVLines(into: &out, notes: &notes)
        writeBands(into: &out, notes: &notes)
        writeSeries(into: &out)
        writeMarkers(into: &out, notes: &notes)
        out += notes
        writeLegend(into: &out)
        return out
    }

    package func writeGrid(into out: inout String) {
        var grid = "", zero = ""
        for t in xAxis.ticks {
            let x = n(px(t.position))
            let d = "M\(x) \(n(frameTop))V\(n(frameBottom))"
            if !xAxis.scale.isLogarithmic && t.position == 0 { zero += d } else { grid += d }
        }
        for t in yAxis.ticks {
            let y = n(py(t.position))
            let d = "M\(n(left)) \(y)H\(n(right))"
            if !yAxis.scale.isLogarithmic && t.position == 0 { zero += d } else { grid += d }
        }
        if !grid.isEmpty { out += "<path class=\"grid\" d=\"\(grid)\" stroke=\"#e5e5e5\" stroke-width=\"1\" fill=\"none\"/>\n" }
        if !zero.isEmpty { out += "<path class=\"zero\" d=\"\(zero)\" stroke=\"#b3b3b3\" stroke-width=\"1\" fill=\"none\"/>\n" }
        // The edge strips are set off from the log region by a dashed line: no value lies between.
        var edges = ""
        if zeroStrip != nil { edges += "M\(n(left)) \(n(bottom + Self.rowHeight / 2))H\(n(right))" }
        if infinityStrip != nil { edges += "M\(n(left)) \(n(top - Self.rowHeight / 2))H\(n(right))" }
        if !edges.isEmpty {
            out += "<path class=\"edge\" d=\"\(edges)\" stroke=\"#999999\" stroke-width=\"1\" stroke-dasharray=\"2 3\" fill=\"none\"/>\n"
        }
        out += "<rect class=\"frame\" x=\"\(n(left))\" y=\"\(n(frameTop))\" width=\"\(n(right - left))\""
        out += " height=\"\(n(frameBottom - frameTop))\" fill=\"none\" stroke=\"#4d4d4d\" stroke-width=\"1\"/>\n"
    }

    /// A tick label as SVG text content (a raised, smaller exponent for powers).
    package func content(_ label: PlotTickLabel) -> String {
        switch label {
        case .text(let s): return PlotText.xml(s)
        case .power(let base, let exponent):
            let size = Self.tickSize * 0.75
            return PlotText.xml(base) + "<tspan dy=\"-5\" font-size=\"\(n(size))\">\(PlotText.xml(exponent))</tspan>"
        }
    }

    package func writeText(into out: inout String) {
        out += "<g class=\"xticks\" fill=\"#333333\" text-anchor=\"middle\">\n"
        for t in xAxis.ticks {
            out += "<text x=\"\(n(px(t.position)))\" y=\"\(n(frameBottom + 17))\">\(content(t.label))</text>\n"
        }
        out += "</g>\n<g class=\"yticks\" fill=\"#333333\" text-anchor=\"end\">\n"
        // Bottom to top: the 0 row, the axis' ticks, the ∞ row.
        let edgeTicks = (zeroStrip.map { [($0, PlotText.xml(plot.zeroRowLabel))] } ?? []) + yAxis.ticks.map { (py($0.position), content($0.label)) }
            + (infinityStrip.map { [($0, "∞")] } ?? [])
        for (y, label) in edgeTicks {
            out += "<text x=\"\(n(left - 6))\" y=\"\(n(y + 4))\">\(label)</text>\n"
        }
        out += "</g>\n"
        if !plot.title.isEmpty {
            out += "<text class=\"title\" x=\"\(n(width / 2))\" y=\"24\" text-anchor=\"middle\" font-size=\"\(n(plot.titleSize))\""
            out += " font-weight=\"bold\" fill=\"#000000\">\(PlotText.xml(plot.title))</text>\n"
        }
        if !plot.xLabel.isEmpty {
            out += "<text class=\"xlabel\" x=\"\(n((left + right) / 2))\" y=\"\(n(frameBottom + 40))\" text-anchor=\"middle\""
            out += " font-size=\"\(n(Self.labelSize))\" fill=\"#000000\">\(PlotText.xml(plot.xLabel))</text>\n"
        }
        if !plot.yLabel.isEmpty {
            let x = n(10 + Self.labelSize - 2), y = n((frameTop + frameBottom) / 2)
            out += "<text class=\"ylabel\" x=\"\(x)\" y=\"\(y)\" transform=\"rotate(-90 \(x) \(y))\" text-anchor=\"middle\""
            out += " font-size=\"\(n(Self.labelSize))\" fill=\"#000000\">\(PlotText.xml(plot.yLabel))</text>\n"
        }
    }

    /// A small annotation with baseline y, to the right of `x`, or to its left when it would
    /// cross the right edge of the plot area; on a translucent white box so lines under it do
    /// not hide it.
    package func note(_ text: String, x: Double, y: Double, gap: Double, fill: String) -> String {
        let w = PlotText.width(text, size: Self.noteSize)
        let fits = x + gap + w <= right
        let start = fits ? x + gap : x - gap - w
        return "<rect x=\"\(n(start - 2))\" y=\"\(n(y - 9))\" width=\"\(n(w + 4))\" height=\"12\" fill=\"#ffffff\" fill-opacity=\"0.8\"/>\n"
            + "<text x=\"\(n(fits ? x + gap : x - gap))\" y=\"\(n(y))\"" + (fits ? "" : " text-anchor=\"end\"")
            + " font-size=\"\(n(Self.noteSize))\" fill=\"\(fill)\">\(PlotText.xml(text))</text>\n"
    }

    package func writeVLines(into out: inout String, notes: inout String) {
        for v in plot.vlines {
            guard let x = pixelX(v.x), x >= left, x <= right else { continue }
            out += "<line class=\"vline\" x1=\"\(n(x))\" y1=\"\(n(frameTop))\" x2=\"\(n(x))\" y2=\"\(n(frameBottom))\""
            out += " stroke=\"#737373\" stroke-width=\"1\" stroke-dasharray=\"5 4\"/>\n"
            if let label = v.label, !label.isEmpty { notes += note(label, x: x, y: frameTop + 13, gap: 4, fill: "#4d4d4d") }
        }
    }

    /// Pixel y of a band end: non-plottable ends go to the edge they point at (NaN: none).
    package func bandEnd(_ v: Double) -> Double? {
        if v.isNaN { return nil }
        if let c = PlotAxis.coordinate(v, form: plot.yCoordinates, scale: plot.yScale) {
            let y = py(c)
            return Swift.min(Swift.max(y.isFinite ? y : (c > 0 ? top : bottom), top), bottom)
        }
        return v > 0 ? top : bottom
    }

    package func writeBands(into out: inout String, notes: inout String) {
        for b in plot.bands {
            guard let x = pixelX(b.x), x >= left, x <= right,
                  let e1 = bandEnd(b.lower), let e2 = bandEnd(b.upper) else { continue }
            var y0 = Swift.min(e1, e2), y1 = Swift.max(e1, e2)
            if y1 - y0 < 1.5 { (y0, y1) = ((y0 + y1) / 2 - 0.75, (y0 + y1) / 2 + 0.75) }
            out += "<rect class=\"band\" x=\"\(n(x - 5))\" y=\"\(n(y0))\" width=\"10\" height=\"\(n(y1 - y0))\""
            out += " fill=\"#000000\" fill-opacity=\"0.2\" stroke=\"#000000\" stroke-width=\"1.2\"/>\n"
            if let label = b.label, !label.isEmpty {
                notes += note(label, x: x, y: (y0 + y1) / 2 + 4, gap: 9, fill: "#000000")
            }
        }
    }

    package func polyline(_ points: [PlotPoint]) -> String {
        var text: [String] = []
        for p in points {
            let t = n(p.x) + "," + n(p.y)
            if text.last != t { text.append(t) }
        }
        if text.count == 1 { text.append(text[0]) }  // a zero-length line shows as a round dot
        return "<polyline points=\"" + text.joined(separator: " ") + "\"/>\n"
    }

    package func writeSeries(into out: inout String) {
        for (i, (s, style)) in zip(plot.series, styles).enumerated() {
            let points = s.points.map { pixel($0.x, $0.y) }
            let color = style.color
            out += "<g class=\"series\">\n"
            if style.drawing != .markers {
                let (lines, dots) = pieces(points)
                if !lines.isEmpty {
                    out += "<g fill=\"none\" stroke=\"\(color)\" stroke-width=\"\(Self.lineWidth)\""
                    out += " stroke-linejoin=\"round\" stroke-linecap=\"round\""
                    out += (style.dashed ? " stroke-dasharray=\"6 4\"" : "") + ">\n"
                    for line in lines { out += polyline(line) }
                    out += "</g>\n"
                }
                if !dots.isEmpty && style.drawing == .line {
                    out += "<g fill=\"\(color)\">\n"
                    for p in dots { out += "<circle cx=\"\(n(p.x))\" cy=\"\(n(p.y))\" r=\"1.8\"/>\n" }
                    out += "</g>\n"
                }
            }
            if style.drawing != .line {
                let visible = points.compactMap { $0 }.filter(inside)
                if !visible.isEmpty {
                    out += "<g fill=\"\(color)\">\n"
                    for p in visible { out += "<circle cx=\"\(n(p.x))\" cy=\"\(n(p.y))\" r=\"2.6\"/>\n" }
                    out += "</g>\n"
                }
            }
            writeEdgePoints(s, index: i, color: color, into: &out)
            out += "</g>\n"
        }
    }

    /// A series' points at y = 0 and y = +∞ as hollow circles on its edge rows (`Plot.edgeRows`).
    package func writeEdgePoints(_ s: PlotSeries, index: Int, color: String, into out: inout String) {
        for (cls, row) in [("zeros", zeroRows[index]), ("infinities", infinityRows[index])] {
            guard let y = row else { continue }
            let xs = s.points.filter { edgeRow($0.y, series: index) == y }.compactMap { pixelX($0.x) }.filter { $0 >= left && $0 <= right }
            guard !xs.isEmpty else { continue }
            out += "<g class=\"\(cls)\" fill=\"#ffffff\" stroke=\"\(color)\" stroke-width=\"1.3\">\n"
            for x in xs { out += "<circle cx=\"\(n(x))\" cy=\"\(n(y))\" r=\"3\"/>\n" }
            out += "</g>\n"
        }
    }

    package func writeMarkers(into out: inout String, notes: inout String) {
        for m in plot.markers {
            let onRow = edgeRow(m.y, series: nil).flatMap { y in pixelX(m.x).map { PlotPoint(x: $0, y: y) } }
            guard let p = onRow ?? pixel(m.x, m.y), p.x >= left, p.x <= right, onRow != nil || inside(p) else { continue }
            out += "<circle class=\"marker\" cx=\"\(n(p.x))\" cy=\"\(n(p.y))\" r=\"4\" fill=\"#000000\""
            out += " stroke=\"#ffffff\" stroke-width=\"1\"/>\n"
            if let label = m.label, !label.isEmpty { notes += note(label, x: p.x, y: p.y - 7, gap: 9, fill: "#000000") }
        }
    }

    package func writeLegend(into out: inout String) {
        guard !legend.isEmpty else { return }
        let x0 = right + 14
        out += "<g class=\"legend\" font-size=\"\(n(Self.legendSize))\" fill=\"#000000\">\n"
        for (i, entry) in legend.enumerated() {
            let y = top + 8 + 18 * Double(i)
            guard y + 6 <= height else { break }
            let color = entry.style.color
            if entry.style.drawing != .markers {
                out += "<line x1=\"\(n(x0))\" y1=\"\(n(y))\" x2=\"\(n(x0 + 24))\" y2=\"\(n(y))\" stroke=\"\(color)\""
                out += " stroke-width=\"\(Self.lineWidth)\"" + (entry.style.dashed ? " stroke-dasharray=\"6 4\"" : "") + "/>\n"
            }
            if entry.style.drawing != .line {
                out += "<circle cx=\"\(n(x0 + 12))\" cy=\"\(n(y))\" r=\"2.6\" fill=\"\(color)\"/>\n"
            }
            out += "<text x=\"\(n(x0 + 30))\" y=\"\(n(y + 4))\">\(PlotText.xml(entry.name))</text>\n"
        }
        out += "</g>\n"
    }
}
