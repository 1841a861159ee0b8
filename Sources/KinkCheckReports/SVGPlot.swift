import BigFloat
import KinkCheck
import KinkCheckAnalysis
import KinkCheckGeneration
import KinkCheckProperties
import KinkCheckSamples
import KinkCheckSupport
import KinkCheckVerification

/// Dependency-free, deterministic SVG plots for the Markdown reports, and the CSV behind each one.
///
/// A `Plot` is plain data: series of points, shaded subgradient bands, point markers and vertical
/// reference lines, two axes. `svg()` renders a self-contained SVG 1.1 document (no scripts, no
/// CSS, no external fonts; explicit `width`, `height` and `viewBox`; white background; system font
/// stack), readable when GitHub shows it through `<img>`. `csv()` writes the points.
///
/// Determinism: the same plot renders to the same bytes. Pixel coordinates are rounded to two
/// decimals by integer arithmetic, tick values are built from integers (never from printing a
/// computed `Double`), nothing is ordered by hashing, and no locale or Foundation formatting is
/// involved. The one platform dependence: values on a log axis in `.value` form go through the C
/// library's log₂/log₁₀, whose last bit may differ between C libraries (a difference that survives
/// rounding to 0.01 px only by rare accident); `.log2` coordinates on a `.log2` axis avoid it.
///
/// ## Axes and coordinates
///
/// Each axis has a *scale* — how it is drawn — and a *coordinate form* — how the numbers given for
/// it are read. The two are independent:
///
/// | form \ scale | `.linear` | `.log2` / `.log10` |
/// |---|---|---|
/// | `.value` (default) | drawn as given | drawn at log₂ v (log₁₀ v); v ≤ 0 is not plottable |
/// | `.log2` | drawn at 2^c | c is already log₂ of the value: drawn as given |
///
/// The form applies to every number on that axis: series points, band ends, markers, vertical
/// lines and `xRange` / `yRange`. Use `.log2` when the values do not fit in a `Double` — a
/// finite-difference error of 1e-1240 at h = 2^-4104 is plotted from (−4104, log₂ error) with
/// `xCoordinates = .log2, yCoordinates = .log2` and either log scale; `.log10` then labels the axis
/// in decades (1e−1240) and `.log2` in powers of two (2⁻⁴¹⁰⁴).
///
/// Edge cases: points that are not plottable — NaN, ±∞, v ≤ 0 on a log axis in value form, or a
/// pixel position that overflows — break a line into separate pieces; they never reach the output.
/// Lines are clipped to the plot area; markers and bands outside it are left out (bands are cut to
/// it). An empty plot still renders its frame, title and axes.
package struct Plot: Sendable {
    package var title: String
    package var xLabel: String
    package var yLabel: String
    package var xScale: AxisScale
    package var yScale: AxisScale
    /// How every x number in this plot is given (see the type's documentation).
    package var xCoordinates: CoordinateForm
    /// How every y number in this plot is given (see the type's documentation).
    package var yCoordinates: CoordinateForm
    package var series: [PlotSeries]
    package var bands: [PlotBand]
    package var markers: [PlotMarker]
    package var vlines: [PlotVLine]
    /// Shown x interval, in this plot's x coordinate form; `nil` fits the data (with a 4% margin).
    /// A non-finite or non-plottable bound is ignored (that end fits the data).
    package var xRange: ClosedRange<Double>?
    /// Shown y interval, in this plot's y coordinate form; `nil` fits the data (with a 4% margin).
    package var yRange: ClosedRange<Double>?
    /// Size in pixels (at least 240 × 160 is used).
    package var width: Int
    package var height: Int
    /// On a logarithmic y axis, draw y = 0 (−∞ in `.log2` form) as hollow markers on a row
    /// labelled `0` below the axis, and y = +∞ on a row labelled `∞` above it — each series
    /// with such points on a row of its own — instead of leaving them out. Markers at such y go
    /// to the middle of the row. Exact zeros (an error of 0) are data, not missing points.
    package var edgeRows: Bool
    /// The y-axis label of the zero row (`0`; `<0.001` for a plot that puts every y below
    /// 0.001 there).
    package var zeroRowLabel = "0"
    /// Font size of the title (smaller for the panels of `PlotPanels`).
    package var titleSize = 15.0
    /// Whether the legend is drawn (off when several panels share one, see `PlotPanels`).
    package var showsLegend: Bool = true

    package init(
        title: String = "", xLabel: String = "", yLabel: String = "",
        xScale: AxisScale = .linear, yScale: AxisScale = .linear,
        xCoordinates: CoordinateForm = .value, yCoordinates: CoordinateForm = .value,
        series: [PlotSeries] = [], bands: [PlotBand] = [], markers: [PlotMarker] = [],
        vlines: [PlotVLine] = [],
        xRange: ClosedRange<Double>? = nil, yRange: ClosedRange<Double>? = nil,
        width: Int = 720, height: Int = 420, edgeRows: Bool = false
    ) {
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.xScale = xScale
        self.yScale = yScale
        self.xCoordinates = xCoordinates
        self.yCoordinates = yCoordinates
        self.series = series
        self.bands = bands
        self.markers = markers
        self.vlines = vlines
        self.xRange = xRange
        self.yRange = yRange
        self.width = width
        self.height = height
        self.edgeRows = edgeRows
    }
}

/// How an axis is drawn.
///
/// - `linear`: ticks at 1, 2 or 5 × 10^k steps, labelled compactly (`0.25`, `−3`, `1.5e6`).
/// - `log2`: ticks at integer powers of two, labelled 2 with a raised exponent (2⁻¹⁰).
/// - `log10`: ticks at integer decades, labelled `0.01` … `1000` and `1e−10` beyond.
/// - `symlog2(least: t)`: a symmetric log₂ axis for values of both signs and 0, such as the
///   inputs of a floating-point format from its least subnormal 2^t to its largest finite value.
///   v with |v| ≥ 2^t is drawn at sign(v)·(log₂|v| − t + 1), so each binade has the same width on
///   either side; |v| < 2^t linearly between −1 and 1 (0 in the middle). Ticks at 0 and ±2ⁿ,
///   labelled −2ⁿ on the left.
///
/// Log ticks are whole powers at a step of 1, 2 or 5 × 10^k powers, so a span of thousands of
/// binades gets a handful of ticks.
package enum AxisScale: Sendable, Hashable, CaseIterable {
    case linear, log2, log10
    /// t ≥ −1074 (smaller is taken as −1074, the least `Double` subnormal).
    case symlog2(least: Int)

    /// One of each kind (`symlog2` with Double's least subnormal, 2⁻¹⁰⁷⁴).
    package static var allCases: [AxisScale] { [.linear, .log2, .log10, .symlog2(least: -1074)] }

    /// Whether the axis is drawn in powers (log₂ or log₁₀): a value ≤ 0 has no place on it.
    package var isLogarithmic: Bool { self == .log2 || self == .log10 }
}

/// How the numbers given for one axis are read (see `Plot`).
package enum CoordinateForm: String, Sendable, CaseIterable {
    /// The number is the value itself.
    case value
    /// The number c stands for the value 2^c — for values beyond `Double`'s range.
    case log2
}

/// One named line or point set. An empty name keeps the series out of the legend.
package struct PlotSeries: Sendable {
    package var name: String
    /// In the plot's coordinate forms; non-plottable points break the line.
    package var points: [(x: Double, y: Double)]
    /// `nil`: `SeriesStyle.automatic(i)` for the series' position i in `Plot.series`.
    package var style: SeriesStyle?

    package init(name: String, points: [(x: Double, y: Double)], style: SeriesStyle? = nil) {
        self.name = name
        self.points = points
        self.style = style
    }

    /// Pairs `xs[i]` with `ys[i]` (the shorter array decides the count).
    package init(name: String, xs: [Double], ys: [Double], style: SeriesStyle? = nil) {
        self.init(name: name, points: zip(xs, ys).map { (x: $0, y: $1) }, style: style)
    }
}

/// How a series is drawn.
package struct SeriesStyle: Sendable, Equatable {
    package enum Drawing: String, Sendable, CaseIterable {
        case line, markers, lineAndMarkers
    }
    package var drawing: Drawing
    /// Index into `PlotPalette.colors` (wrapping; negative indices wrap too).
    package var colorIndex: Int
    package var dashed: Bool

    package init(_ drawing: Drawing = .line, colorIndex: Int = 0, dashed: Bool = false) {
        self.drawing = drawing
        self.colorIndex = colorIndex
        self.dashed = dashed
    }

    /// The i-th default style: palette colour i, solid for the first round of colours, dashed
    /// for the second, and so on alternately.
    package static func automatic(_ index: Int, drawing: Drawing = .line) -> SeriesStyle {
        let n = PlotPalette.colors.count
        let round = index >= 0 ? index / n : (index + 1) / n - 1
        return SeriesStyle(drawing, colorIndex: index, dashed: round % 2 != 0)
    }

    package var color: String { PlotPalette.color(colorIndex) }
}

/// The Okabe–Ito colour-blind-safe palette, ordered for a white background: the low-contrast
/// yellow comes last.
package enum PlotPalette {
    package static let colors: [String] = [
        "#0072B2",  // blue
        "#D55E00",  // vermillion
        "#009E73",  // bluish green
        "#CC79A7",  // reddish purple
        "#E69F00",  // orange
        "#56B4E9",  // sky blue
        "#000000",  // black
        "#F0E442",  // yellow
    ]

    /// `colors[index mod count]`, for any integer index.
    package static func color(_ index: Int) -> String {
        let n = colors.count
        return colors[((index % n) + n) % n]
    }
}

/// A vertical shaded interval at `x` spanning y ∈ [lower, upper] — typically the subgradient set
/// [D⁻, D⁺] at a kink on a derivative plot. Drawn as a narrow translucent bar with an outline,
/// with `label` beside it. Ends may come in either order; a NaN end leaves the band out, an
/// infinite (or, on a log axis, non-positive) end extends it to the edge of the plot.
package struct PlotBand: Sendable, Equatable {
    package var x: Double
    package var lower: Double
    package var upper: Double
    package var label: String?

    package init(x: Double, lower: Double, upper: Double, label: String? = nil) {
        self.x = x
        self.lower = lower
        self.upper = upper
        self.label = label
    }
}

/// A highlighted point (a filled dot) with an optional label.
package struct PlotMarker: Sendable, Equatable {
    package var x: Double
    package var y: Double
    package var label: String?

    package init(x: Double, y: Double, label: String? = nil) {
        self.x = x
        self.y = y
        self.label = label
    }
}

/// A dashed vertical reference line across the plot (a kink), labelled at the top.
package struct PlotVLine: Sendable, Equatable {
    package var x: Double
    package var label: String?

    package init(x: Double, label: String? = nil) {
        self.x = x
        self.label = label
    }
}

extension Plot {
    /// Whether y is the zero of an axis in this plot's y coordinate form: 0 (either sign) for
    /// `.value`, −∞ for `.log2` (the log₂ of 0).
    package func isZeroY(_ y: Double) -> Bool { yCoordinates == .log2 ? y == -.infinity : y == 0 }
}
