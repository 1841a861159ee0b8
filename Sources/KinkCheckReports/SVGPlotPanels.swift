/// Several plots in one SVG document: a title, one legend for every panel, then the panels in
/// rows of `columns`, each a `Plot` drawn at its own size with its own axes — for data whose
/// scales differ too much to share one (the inputs of float16 and of float64; the steps h of a
/// 24-bit and of a 4096-bit difference quotient).
///
/// Each panel is the body of its `Plot`'s SVG (`SVGPlotRenderer.body()`) in a
/// `<g class="panel" transform="translate(x y)">`, so it keeps every guarantee of `Plot` (fixed
/// two-decimal coordinates, no scripts, nothing non-finite); panel legends are not drawn, the
/// shared one is. A column is as wide as its widest panel, a row as high as its highest.
package struct PlotPanels: Sendable {
    package var title: String
    package var columns: Int
    package var panels: [Plot]
    package var legend: [PlotLegendEntry]

    package init(title: String, columns: Int = 1, panels: [Plot], legend: [PlotLegendEntry] = []) {
        self.title = title
        self.columns = columns
        self.panels = panels
        self.legend = legend
    }

    package func svg() -> String {
        let size = SVGPlotRenderer.legendSize
        let columns = Swift.max(1, self.columns)
        let cells = panels.map { (w: Double(Swift.max($0.width, 240)), h: Double(Swift.max($0.height, 160))) }
        let widths = (0..<columns).map { c in stride(from: c, to: cells.count, by: columns).map { cells[$0].w }.max() ?? 0 }
        let rows = (cells.count + columns - 1) / columns
        let heights = (0..<rows).map { r in cells[(r * columns)..<Swift.min((r + 1) * columns, cells.count)].map(\.h).max() ?? 0 }
        let width = Swift.max(widths.reduce(0, +), 240)

        // The legend: entries left to right from the left edge, wrapping at the width.
        var placed: [(x: Double, y: Double, entry: PlotLegendEntry)] = []
        var x = 16.0, y = title.isEmpty ? 14.0 : 46.0
        for entry in legend {
            let w = 30 + PlotText.width(entry.name, size: size) + 18
            if x > 16 && x + w > width - 8 { (x, y) = (16, y + 18) }
            placed.append((x, y, entry))
            x += w
        }
        let top = legend.isEmpty ? (title.isEmpty ? 0 : 34) : y + 12
        let height = top + heights.reduce(0, +)

        var out = SVGPlotRenderer.header(width: width, height: height, title: title)
        let n = PlotText.fixed2
        if !title.isEmpty {
            out += "<text class=\"title\" x=\"\(n(width / 2))\" y=\"24\" text-anchor=\"middle\" font-size=\"\(n(SVGPlotRenderer.titleSize))\""
            out += " font-weight=\"bold\" fill=\"#000000\">\(PlotText.xml(title))</text>\n"
        }
        if !placed.isEmpty {
            out += "<g class=\"legend\" font-size=\"\(n(size))\" fill=\"#000000\">\n"
            for p in placed { out += p.entry.svg(x: p.x, y: p.y) }
            out += "</g>\n"
        }
        for (i, panel) in panels.enumerated() {
            let (r, c) = (i / columns, i % columns)
            let px = widths[..<c].reduce(0, +), py = top + heights[..<r].reduce(0, +)
            var plot = panel
            plot.showsLegend = false
            out += "<g class=\"panel\" transform=\"translate(\(n(px)) \(n(py)))\">\n"
            out += SVGPlotRenderer(plot).body()
            out += "</g>\n"
        }
        return out + "</svg>\n"
    }
}

/// One entry of a shared legend: a name and the symbol it stands for.
package struct PlotLegendEntry: Sendable, Equatable {
    package enum Symbol: Sendable, Equatable {
        /// A series drawn in this style.
        case series(SeriesStyle)
        /// A hollow circle of this palette colour: a point on an edge row (y = 0 or ∞).
        case edgePoint(colorIndex: Int)
        /// The black dot of a `PlotMarker`.
        case marker
    }
    package var name: String
    package var symbol: Symbol

    package init(_ name: String, _ symbol: Symbol) {
        self.name = name
        self.symbol = symbol
    }

    /// The symbol (24 px wide, centred on baseline y − 4) and the name after it, from x.
    func svg(x: Double, y: Double) -> String {
        let n = PlotText.fixed2
        let (mx, my) = (n(x + 12), n(y - 4))
        var out = ""
        switch symbol {
        case .series(let style):
            if style.drawing != .markers {
                out += "<line x1=\"\(n(x))\" y1=\"\(my)\" x2=\"\(n(x + 24))\" y2=\"\(my)\" stroke=\"\(style.color)\""
                out += " stroke-width=\"\(SVGPlotRenderer.lineWidth)\"" + (style.dashed ? " stroke-dasharray=\"6 4\"" : "") + "/>\n"
            }
            if style.drawing != .line { out += "<circle cx=\"\(mx)\" cy=\"\(my)\" r=\"2.6\" fill=\"\(style.color)\"/>\n" }
        case .edgePoint(let colorIndex):
            out += "<circle cx=\"\(mx)\" cy=\"\(my)\" r=\"3\" fill=\"#ffffff\" stroke=\"\(PlotPalette.color(colorIndex))\" stroke-width=\"1.3\"/>\n"
        case .marker:
            out += "<circle cx=\"\(mx)\" cy=\"\(my)\" r=\"4\" fill=\"#000000\" stroke=\"#ffffff\" stroke-width=\"1\"/>\n"
        }
        return out + "<text x=\"\(n(x + 30))\" y=\"\(n(y))\">\(PlotText.xml(name))</text>\n"
    }
}
