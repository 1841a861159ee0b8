import BigFloat
import KinkCheck
import KinkCheckAnalysis
import KinkCheckGeneration
import KinkCheckProperties
import KinkCheckSamples
import KinkCheckSupport
import KinkCheckVerification

/// The pages of `kinkcheck samples --report DIR`: README.md (one line per group) and per group
/// a Markdown page with the ulp error of the value and the derivative against x (SVG, log scale)
/// and the table of flagged rows; for activations of several inputs also the rows over the plane
/// of the first two inputs (SamplesReport+MultiInput.swift).
package enum SamplesReport {
    /// The plot shows x in [min kink − 4, max kink + 4] ∪ [−4, 4]; the table lists every row.
    package static let window = 4.0

    /// (file name, content) pairs; `sources` are the dump paths (for the index and the row column).
    /// `multi`: the rows of activations of several inputs (``multiInputFiles(_:sources:first:)``).
    package static func files(_ result: SampleCheckResult, multi: MultiInputSampleResult? = nil, sources: [String]) -> [(String, String)] {
        var files: [(String, String)] = []
        let defects = result.defectRows + (multi?.defectRows ?? 0)
        var index = "# kinkcheck samples\n\nDumps: " + sources.map { "`\($0)`" }.joined(separator: ", ")
            + ". k = \(Accuracy.ulpText(result.k))" + (result.allowFTZ ? ", flush_to_zero allowed" : "") + ". "
            + (defects == 0 ? "No defect." : "\(defects) defect row(s).") + "\n\n"
        if !result.groups.isEmpty || multi == nil {
            index += "| framework | mode | dtype | activation | rows | max value ulps | max derivative ulps | classes |\n|---|---|---|---|---|---|---|---|\n"
        }
        for (i, g) in result.groups.enumerated() {
            let stem = String(format: i + 1) + "-" + slug([g.framework, g.mode, g.dtype.name, g.activation].filter { !$0.isEmpty }.joined(separator: "-"))
            let plot = errorPlot(g)
            files.append(("\(stem).svg", plot.svg()))
            files.append(("\(stem).md", page(g, result: result, stem: stem, sources: sources)))
            index += "| \(g.framework) | \(g.mode) | \(g.dtype.name) | [\(g.activation)](\(stem).md) | \(g.rows) | "
                + "\(ulps(g.maxValueULPs?.ulps)) | \(ulps(g.maxDerivativeULPs?.ulps)) | \(SampleClass.summary(g.counts)) |\n"
        }
        let several = multiInputFiles(multi, sources: sources, first: result.groups.count + 1)
        if !several.index.isEmpty { index += (result.groups.isEmpty ? "" : "\n") + several.index }
        files += several.files
        files.insert(("README.md", index), at: 0)
        return files
    }

    package static func page(_ g: SampleGroup, result: SampleCheckResult, stem: String, sources: [String]) -> String {
        var text = "# \(g.activation) in \(g.dtype.name) (\(g.provenance))\n\n"
        text += "\(g.rows) rows; max value error \(ulps(g.maxValueULPs?.ulps)) ulps"
            + (g.maxValueULPs.map { " at x = `\(SampleVerdict.hex($0.x))`" } ?? "")
            + "; max derivative error \(ulps(g.maxDerivativeULPs?.ulps)) ulps"
            + (g.maxDerivativeULPs.map { " at x = `\(SampleVerdict.hex($0.x))`" } ?? "") + "; classes: \(SampleClass.summary(g.counts)).\n\n"
        text += "![ulp error against x](\(stem).svg)\n\n"
        text += "|y − f(x)| in ulps of \(g.dtype.name) at the truth, for the value and (off kinks) the derivative, x in the "
            + "window around the kinks (dashed lines); errors below \(ReportBuilder.ulpFloor) are drawn at it, above "
            + "\(Accuracy.ulpText(ReportBuilder.ulpCeiling)) (∞ included) at that.\n\n"
        guard !g.flagged.isEmpty else { return text + "No row flagged.\n" }
        text += "| row | x | quantity | got | want | ulps | tolerance | class |\n|---|---|---|---|---|---|---|---|\n"
        for i in g.flagged {
            let v = result.flagged[i]
            let row = sources.count > 1 ? "\(v.row.file + 1):\(v.row.row)" : "\(v.row.row)"
            text += "| \(row) | `\(SampleVerdict.hex(v.row.x))` | \(v.quantity.rawValue) | `\(SampleVerdict.hex(v.got))` | `\(v.want)` | "
                + "\(ulps(v.ulps)) | \(v.tolerance?.text ?? "·") | \(v.kind!.rawValue)\(v.isDefect ? "" : " (not a defect)") |\n"
        }
        if g.flagged.contains(where: { result.flagged[$0].tolerance?.ulps != nil }) {
            text += "\nTolerance: in ulps of \(g.dtype.name) at the truth, \(SampleTolerance.rule).\n"
        }
        for (q, t) in g.narrowedQuantities {
            let first = t.first.map { sources.count > 1 ? "\($0.file + 1):\($0.row)" : "\($0.row)" } ?? "·"
            text += "\nNarrowed: \(t.sentence(q, first: first)).\n"
        }
        return text
    }

    package static func errorPlot(_ g: SampleGroup) -> Plot {
        let lo = Swift.min(g.kinks.min() ?? 0, 0) - window, hi = Swift.max(g.kinks.max() ?? 0, 0) + window
        func clamp(_ points: [(x: Double, ulps: Double)]) -> [(x: Double, y: Double)] {
            points.filter { $0.x >= lo && $0.x <= hi }.sorted { $0.x < $1.x }
                .map { ($0.x, Swift.min(Swift.max($0.ulps, ReportBuilder.ulpFloor), ReportBuilder.ulpCeiling)) }
        }
        return Plot(title: "\(g.activation), \(g.dtype.name), \(g.framework) \(g.mode): ulp error", xLabel: "x", yLabel: "ulps",
                     yScale: .log10,
                     series: [PlotSeries(name: "value", points: clamp(g.valueErrors), style: SeriesStyle(.markers, colorIndex: 0)),
                              PlotSeries(name: "derivative", points: clamp(g.derivativeErrors), style: SeriesStyle(.markers, colorIndex: 1))],
                     vlines: g.kinks.filter { $0 >= lo && $0 <= hi }.map { PlotVLine(x: $0, label: nil) },
                     xRange: lo...hi)
    }

    package static func ulps(_ u: Double?) -> String { u.map(Accuracy.ulpText) ?? "·" }

    /// A file-name-safe form: letters, digits, `.`, `_` and `-` kept, anything else `_`.
    package static func slug(_ s: String) -> String {
        String(s.map { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "." || $0 == "_" || $0 == "-") ? $0 : "_" })
    }
}

extension String {
    /// A zero-padded 3-digit number (`007`).
    init(format n: Int) {
        let s = String(n)
        self = String(repeating: "0", count: Swift.max(0, 3 - s.count)) + s
    }
}
