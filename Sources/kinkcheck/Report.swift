import ArgumentParser
import BigFloat
import Foundation
import KinkCheck
import KinkCheckAnalysis
import KinkCheckGeneration
import KinkCheckProperties
import KinkCheckReports
import KinkCheckSamples
import KinkCheckSupport
import KinkCheckVerification

struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write Markdown reports with SVG plots and CSV/JSON data for every built-in.",
        discussion: """
        DIR/README.md is an index (activation × property) linking one page per activation. The \
        same seed gives byte-identical files. Files are written to a temporary folder beside DIR \
        and moved in at the end, so an interrupted run leaves the previous reports intact (its \
        leftovers are removed on the next run). DIR is replaced as a whole, so it must be empty, \
        new, or a folder a report wrote (it holds \(ReportFolder.markerName)); --force overrides. \
        The default seed is fixed (\(RunSeed.ci)) so that the committed Reports/ is reproducible; \
        KINKCHECK_SEED or --seed override it.
        """)

    @Option(help: "Output folder (replaced only if a report wrote it, or it is empty; see --force).")
    var out: String = "Reports"
    @Flag(help: "Replace the output folder even if a report did not write it (everything in it is deleted).")
    var force = false
    @OptionGroup var seed: SeedOption
    @OptionGroup var cases: PropertyCasesOption
    @OptionGroup var accuracy: AccuracyULPsOption
    @OptionGroup var shapeRadius: ShapeRadiusOption
    @OptionGroup var accuracyDomain: AccuracyDomainOption
    @Argument(help: "Activation specs (default: every built-in; with --variants, every variant in the file).")
    var specs: [String] = []
    @OptionGroup var variants: VariantsOption

    /// The command that writes this report's content (`--out` and `--force` left out: they change
    /// where it goes, not what it says), and whether it is the README's main command.
    func invocation(_ runSeed: RunSeed) -> (command: String, isMain: Bool) {
        var words = ["kinkcheck", "report"] + specs.map(shellQuoted)
        if let file = variants.variants { words += ["--variants", shellQuoted(file)] }
        words += ["--seed", runSeed.description]
        if cases.cases != PropertyCasesOption.defaultCases { words += ["--cases", String(cases.cases)] }
        if accuracy.ulps != Accuracy.defaultK { words += ["--ulps", "\(accuracy.ulps)"] }
        if shapeRadius.radius != Verifier.defaultRadius { words += ["--radius", "\(shapeRadius.radius)"] }
        if accuracyDomain.text != "all" { words += ["--accuracy-domain", shellQuoted(accuracyDomain.text)] }
        let isMain = words == ["kinkcheck", "report", "--seed", RunSeed.ci.description]
        return (words.joined(separator: " "), isMain)
    }

    func validate() throws {
        guard !out.isEmpty else { throw ValidationError("--out must name a folder") }
    }

    func run() throws {
        let file = try variants.load()
        var multiList: [any MultiInputActivation] = []
        var singleSpecs: [String] = []
        for spec in specs {
            let multi: (any MultiInputActivation)?
            multi = try parseMultiInputActivation(spec, variants: file)
            if let multi { multiList.append(multi) } else { singleSpecs.append(spec) }
        }
        let named = try variants.activations(singleSpecs)
        let list = specs.isEmpty ? file?.variants ?? Catalogue.all : named
        // Without names: the variant file's variants of several inputs, or the built-ins'.
        if specs.isEmpty { multiList = file?.multiInputVariants ?? Catalogue.allMultiInput }
        let runSeed = try seed.resolve(fallback: RunSeed.ci)
        let domain = try accuracyDomain.domain
        // Check the destination before computing anything: its parent must be a writable folder,
        // and an existing folder must be one a report wrote (or empty, or --force).
        let folder = try ReportFolder(out, force: force)
        if let note = folder.cleanStaleTemporaries() { FileHandleOutput.standardError(note) }
        let progress = Progress(total: list.count)
        let data = parallelMap(list.count) { i in
            let d = ReportBuilder.compute(list[i], seed: runSeed, cases: cases.cases, ulps: accuracy.ulps,
                                          radius: shapeRadius.radius, domain: domain,
                                          // One activation: its independent parts side by side.
                                          threads: list.count == 1 ? 4 : 1)
            progress.step(list[i].spec)
            return d
        }
        let multiInputs = multiList
        let multiData = parallelMap(multiInputs.count) { i in
            MultiInputReport.compute(multiInputs[i], seed: runSeed, cases: cases.cases, ulps: accuracy.ulps)
        }
        progress.finish()
        let files = ReportBuilder.files(data, multi: multiData, seed: runSeed, madeBy: invocation(runSeed))
        try folder.write(files)
        let failing = (data.map(\.verification) + multiData.map(\.verification)).filter { !$0.holds }.map(\.spec)
        print("wrote \(files.count) files to \(out) (seed \(runSeed))" + (failing.isEmpty ? "; every claim holds" : "; claims fail for \(failing.joined(separator: ", "))"))
    }
}
