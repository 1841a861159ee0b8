import BigFloat
import Foundation
import Testing
@testable import KinkCheck
@testable import KinkCheckAnalysis
@testable import KinkCheckGeneration
@testable import KinkCheckReports
@testable import KinkCheckVerification

/// The report's two kinds of data plot (issue 27): the accuracy plot samples x where the errors
/// are — near 0, in the tails, at the kinks, at the verdict's worst x — and the V-curves show
/// exact differences as markers on a range clipped to what is informative.
@Suite struct ReportPlotTests {

    /// An activation's report data with only the accuracy verdicts (no kinks, no convergence):
    /// the verdicts sampled as `check` samples float32/float64, here in every format.
    func accuracyOnly(_ spec: String) throws -> ActivationReportData {
        let a = try Catalogue.activation(spec)
        let verdicts = AccuracyCheck.verify(a, seed: RunSeed(5), randomCases: 40, exhaustive: false)
        return ActivationReportData(activation: a, verification: ActivationVerification(spec: spec, properties: verdicts, kinks: [],
                                                                                     distributionCases: []), convergence: [])
    }

    /// The rows of a CSV as dictionaries by column name.
    func rows(_ csv: String) -> [[String: String]] {
        let lines = csv.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        guard let header = lines.first else { return [] }
        return lines.dropFirst().map { Dictionary(uniqueKeysWithValues: zip(header, $0)) }
    }

    @Test func theAccuracyPlotSamplesLogSpacedXNearZeroAndInTheTails() {
        for format in IEEEFormat.allCases {
            let inputs = accuracyInputsOf(format, kinks: [0, 6], worst: nil)
            let xs = inputs.map(\.x)
            #expect(zip(xs, xs.dropFirst()).allSatisfy { $0 < $1 }, "\(format.name): ascending, each once")
            #expect(xs.allSatisfy { format.rounded($0) == $0 }, "\(format.name): every x exact in the format")
            // Near 0: 0 itself, the least subnormal either side; the tails: the largest finite.
            let tiny = format.leastSubnormalValue, huge = format.largestFiniteValue
            for x in [0, tiny, -tiny, huge, -huge, 1, -1] { #expect(xs.contains(x), "\(format.name): \(x)") }
            #expect(xs.contains { $0 != 0 && abs($0) <= 1e-6 } && xs.contains { abs($0) >= min(1e6, huge) }, "\(format.name)")
            // Log-spaced: at least 40 binades a side, powers of two reaching both ends.
            let binades = Set(xs.filter { $0 > 0 && $0.significand == 1 }.map(\.exponent))
            let span = format.maxExponent - (format.minExponent - format.precision + 1) + 1
            #expect(binades.count >= min(40, span) && binades.contains(format.maxExponent)
                    && binades.contains(format.minExponent - format.precision + 1), "\(format.name): \(binades.sorted())")
            // Symmetric about 0 away from the kinks' grid: every positive power has its negative.
            #expect(binades.allSatisfy { xs.contains(-Double(sign: .plus, exponent: $0, significand: 1)) }, "\(format.name)")
            // The kink at 6 with its neighbours, 1 and 2 ulps away in the format.
            let codec = format.codec, six = codec.ordinal(codec.bits(rounding: 6))
            for step in [-2, -1, 1, 2] {
                let neighbour = codec.double(codec.bits(ordinal: six + Int64(step)))
                #expect(inputs.contains { $0.x == neighbour && $0.point == .kinkNeighbour }, "\(format.name): 6 \(step) ulps")
            }
            #expect(inputs.contains { $0.x == 6 && $0.point == .kink } && inputs.contains { $0.x == 0 && $0.point == .kink })
        }
        // The worst x is added (rounded to the format) and keeps that reason over any other.
        let w = accuracyInputsOf(.binary64, kinks: [], worst: 0x1.8p-1000)
        #expect(w.filter { $0.point == .worst }.map(\.x) == [0x1.8p-1000])
        #expect(accuracyInputsOf(.binary64, kinks: [], worst: 1).first { $0.x == 1 }?.point == .worst)
    }

    func accuracyInputsOf(_ format: IEEEFormat, kinks: [Double], worst: Double?) -> [(x: Double, point: AccuracyPoint)] {
        ReportBuilder.accuracyInputs(format, kinks: kinks, worst: worst)
    }

    /// exp(x) − 1 computed as written loses everything near 0 (exp rounds to 1): the verdict
    /// finds ~10¹⁵ ulps there, and the plot must show that point, not a linear grid that
    /// misses it.
    @Test func theVerdictsWorstPointIsOnThePlotAndMarked() throws {
        let d = try accuracyOnly("expr:exp(x) - 1")
        let verdict = try #require(d.verification.properties.first { $0.property == .accuracy })
        let f64 = try #require(verdict.formats.first { $0.format == .binary64 })
        #expect(!verdict.holds && f64.maxULPs > 1e10 && abs(f64.at) < 1e-3, "max \(f64.maxULPs) at \(f64.at)")
        let samples = ReportBuilder.accuracySamples(d)
        let csv = rows(ReportBuilder.accuracyCSV(samples))
        let worstRow = try #require(csv.first { $0["format"] == "float64" && $0["point"] == "worst" })
        #expect(Double(worstRow["x"] ?? "") == f64.at)
        #expect((Double(worstRow["ulps"] ?? "") ?? 0) > 1e10, "the plotted error there is the verdict's: \(worstRow)")
        // The float64 panel: the worst point as a marker at its x, labelled with its ulps, the
        // verdict in the title.
        let panels = ReportBuilder.accuracyPlot(d, samples)
        #expect(panels.panels.map { $0.title.prefix { $0 != "," } } == ["float16", "bfloat16", "float32", "float64"])
        let panel = try #require(panels.panels.last)
        #expect(panel.title.contains("float64") && panel.title.contains("max \(Accuracy.ulpText(f64.maxULPs)) ulps"), "\(panel.title)")
        let marker = try #require(panel.markers.first)
        #expect(marker.x == f64.at && marker.y == f64.maxULPs && marker.label == "worst: \(Accuracy.ulpText(f64.maxULPs))")
        #expect(panels.panels.allSatisfy { !$0.showsLegend }, "the panels share the legend above them")
        let renderer = SVGPlotRenderer(panel)
        let px = try #require(renderer.pixelX(f64.at))
        #expect(px > renderer.left && px < renderer.right)
        let svg = panels.svg()
        #expect(svg.contains("<circle class=\"marker\" cx=\"\(PlotText.fixed2(px))\""), "the marker is drawn at the worst x")
        // Every failure the panel shows is above the tolerance drawn beside it.
        let failing = samples.filter { $0.measurement.format == .binary64 && !$0.measurement.withinTolerance && $0.measurement.isFinite }
        #expect(!failing.isEmpty && failing.contains { abs($0.measurement.x) <= 1e-6 }, "failures near 0 are sampled")
    }

    /// relu is exact everywhere: every error is on the bottom row, none on the log scale, and
    /// the row says what it holds.
    @Test func exactResultsAreOnTheBottomRowNotOnTheLogScale() throws {
        let d = try accuracyOnly("relu")
        let samples = ReportBuilder.accuracySamples(d)
        #expect(samples.allSatisfy { $0.measurement.ulps == 0 })
        let panels = ReportBuilder.accuracyPlot(d, samples)
        let svg = panels.svg()
        #expect(svg.components(separatedBy: "<g class=\"zeros\"").count == 5, "one row of zeros per panel")
        for (panel, format) in zip(panels.panels, IEEEFormat.allCases) {
            let r = SVGPlotRenderer(panel)
            #expect(r.zeroRows.keys.sorted() == [0] && r.infinityRows.isEmpty, "\(format.name)")
            // Only the tolerance (≥ k/2 ulps) is on the log scale.
            #expect(r.yAxis.lower > -1, "\(format.name): \(r.yAxis.lower)")
            #expect(panel.zeroRowLabel == "<0.001")
        }
        let csv = rows(ReportBuilder.accuracyCSV(samples))
        #expect(csv.allSatisfy { $0["ulps"] == "0" && $0.count == 7 })
        let xs = csv.compactMap { Double($0["x"] ?? "") }
        #expect(xs.contains { $0 != 0 && abs($0) <= 1e-6 } && xs.contains { $0 >= 1e6 } && xs.contains { $0 <= -1e6 })
    }

    @Test func aPanelStopsTwoPointsIntoTheFinalRegime() {
        func sweep(_ regimes: [SweepRegime]) -> [SweepPoint] {
            regimes.enumerated().map { SweepPoint(precision: .mpfr(24), side: .right, k: $0.offset + 1, error: BigFloat(1, precision: 24), regime: $0.element) }
        }
        #expect(ReportBuilder.informativeK(sweep([.truncation, .roundoff, .roundoff, .saturated, .saturated, .saturated, .saturated])) == 5)
        #expect(ReportBuilder.informativeK(sweep([.truncation, .truncation, .exact, .exact, .exact])) == 4)
        #expect(ReportBuilder.informativeK(sweep([.exact, .exact, .exact])) == 2)
        #expect(ReportBuilder.informativeK(sweep([.truncation, .roundoff])) == 2)
        #expect(ReportBuilder.informativeK(sweep([.saturated])) == 1)
        #expect(ReportBuilder.informativeK([]) == nil)
    }

    /// hardsigmoid at −3: the backward side is exact at every h, the forward side saturates
    /// once −3 + h rounds to −3. Exact errors are circles on the 0 row; each panel's h stops
    /// two points into the saturation (the CSV keeps every point); float32 gets its own panel
    /// and axis, not a corner of 4096 bits'.
    @Test func vCurveZerosAreMarkersAndEachPanelIsClipped() throws {
        let a = try Catalogue.activation("hardsigmoid")
        let x0 = BigFloat(-3, precision: 128)
        let map = ConvergenceMap.compute(a, at: x0, precisions: [.mpfr(24), .float32, .mpfr(113)], kmax: nil, otherKinks: [BigFloat(3, precision: 128)])
        let panels = ReportBuilder.vCurvePlot(map, at: x0, spec: "hardsigmoid")
        #expect(panels.panels.map(\.title) == ["MPFR 24 bits", "float32 (real Float)", "MPFR 113 bits"])
        let csv = rows(ReportBuilder.convergenceCSV(map, spec: "hardsigmoid"))
        for (panel, p) in zip(panels.panels, ["24", "f32", "113"]) {
            let r = SVGPlotRenderer(panel)
            let backward = try #require(panel.series.first { $0.name == "backward" })
            #expect(!backward.points.isEmpty && backward.points.allSatisfy { $0.y == -.infinity }, "\(p): exact differences")
            #expect(r.zeroRows[1] != nil && r.zeroRows[1]! > r.bottom, "\(p): on a row under the log scale")
            // The log scale fits the nonzero errors: its floor is within 2 decades of the least
            // (the 4% margin), not at 10^-2000.
            let least = panel.series.flatMap(\.points).map(\.y).filter(\.isFinite).min() ?? 0
            #expect(r.yAxis.lower >= least * PlotAxis.log10Of2 - 2, "\(p): floor \(r.yAxis.lower) vs least log₂ error \(least)")
            // Clipped: the shown h stop at the second plotted point of the forward saturation;
            // the CSV goes on to kmax.
            let forward = csv.filter { $0["precision"] == p && $0["side"] == "fwd" }
            let saturated = forward.filter { $0["regime"] == "saturated" }.compactMap { Int($0["k"] ?? "") }
            try #require(saturated.count >= 3, "\(p): \(saturated)")
            let shown = panel.series.flatMap(\.points).map { -$0.x }.max() ?? 0
            #expect(shown == Double(saturated[1]) && forward.contains { Int($0["k"] ?? "") == saturated[2] },
                    "\(p): shown to 2^-\(shown), saturated at \(saturated)")
            #expect(r.xAxis.lower > -Double(saturated[2]) * 1.05, "\(p): axis from 2^\(r.xAxis.lower)")
        }
        let svg = panels.svg()
        #expect(svg.components(separatedBy: "<g class=\"zeros\"").count == 4, "a row of exact differences in every panel")
        #expect(!svg.contains("1e\u{2212}2000") && !svg.contains("2<tspan dy=\"-5\" font-size=\"8.25\">\u{2212}4000"))
    }
}
