import ArgumentParser
import BigFloat
import Foundation
import KinkCheck

struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write Markdown reports with SVG plots and CSV/JSON data for every built-in.",
        discussion: """
        DIR/README.md is an index (activation × property) linking one page per activation. The \
        same seed gives byte-identical files. Files are written to a temporary folder beside DIR \
        and moved in at the end, so an interrupted run leaves the previous reports intact. \
        The default seed is fixed (\(RunSeed.ci)) so that the committed Reports/ is reproducible; \
        KINKCHECK_SEED or --seed override it.
        """)

    @Option(help: "Output folder.")
    var out: String = "Reports"
    @Option(help: "Seed (decimal or 0x hex).")
    var seed: String?
    @Option(help: "Random cases per shape property.")
    var cases: Int = 200
    @Argument(help: "Activation specs (default: every built-in).")
    var specs: [String] = []

    func validate() throws {
        guard (1...1_000_000).contains(cases) else { throw ValidationError("--cases must be between 1 and 1000000 (got \(cases))") }
        guard !out.isEmpty else { throw ValidationError("--out must name a folder") }
    }

    func run() throws {
        let list: [any Activation] = specs.isEmpty ? Catalogue.all : try specs.map(parseActivation)
        let runSeed: RunSeed
        if let seed { runSeed = try resolveSeed(seed) }
        else if let text = RunEnvironment.current.seedText { runSeed = try resolveSeed(text) }
        else { runSeed = RunSeed.ci }
        // Check the destination before computing anything: its parent must be a writable folder.
        let fm = FileManager.default
        let target = URL(fileURLWithPath: out).standardizedFileURL
        let parent = target.deletingLastPathComponent()
        var isDirectory: ObjCBool = false
        guard fm.fileExists(atPath: parent.path, isDirectory: &isDirectory), isDirectory.boolValue, fm.isWritableFile(atPath: parent.path) else {
            throw InputError("--out: cannot write into '\(parent.path)' (not a writable folder)")
        }
        if fm.fileExists(atPath: target.path, isDirectory: &isDirectory), !isDirectory.boolValue {
            throw InputError("--out: '\(target.path)' exists and is not a folder")
        }
        let progress = Progress(total: list.count, enabled: isatty(1) != 0 && ProcessInfo.processInfo.environment["CI"] == nil)
        let data = parallelMap(list.count) { i in
            let d = ReportBuilder.compute(list[i], seed: runSeed, cases: cases)
            progress.step(list[i].spec)
            return d
        }
        progress.finish()
        let files = ReportBuilder.files(data, seed: runSeed)
        // Write into a temporary sibling, then swap it in.
        let staging = parent.appendingPathComponent(".\(target.lastPathComponent).tmp-\(getpid())")
        let old = parent.appendingPathComponent(".\(target.lastPathComponent).old-\(getpid())")
        do {
            try? fm.removeItem(at: staging)
            try fm.createDirectory(at: staging, withIntermediateDirectories: false)
            for (name, content) in files {
                try Data(content.utf8).write(to: staging.appendingPathComponent(name))
            }
            if fm.fileExists(atPath: target.path) { try fm.moveItem(at: target, to: old) }
            try fm.moveItem(at: staging, to: target)
            try? fm.removeItem(at: old)
        } catch {
            try? fm.removeItem(at: staging)
            if !fm.fileExists(atPath: target.path) && fm.fileExists(atPath: old.path) { try? fm.moveItem(at: old, to: target) }
            throw InputError("--out: could not write the report into '\(target.path)': \(error.localizedDescription)")
        }
        let failing = data.filter { !$0.verification.holds }.map(\.verification.spec)
        print("wrote \(files.count) files to \(out) (seed \(runSeed))" + (failing.isEmpty ? "; every claim holds" : "; claims fail for \(failing.joined(separator: ", "))"))
    }
}
