import Foundation
import Testing

/// `kinkcheck report` replaces its output folder as a whole, so it may replace only a folder it
/// wrote (its `.kinkcheck-report` lists every file in it), an empty one or a new one — unless
/// `--force`. (What a marker must prove: ReportFolderProofTests.)
@Suite(.serialized) struct ReportFolderTests {
    let fm = FileManager.default
    let report = ["report", "relu", "--cases", "1", "--seed", "7"]

    func contents(_ url: URL) -> [String] { ((try? fm.contentsOfDirectory(atPath: url.path)) ?? []).sorted() }

    @Test func reportNeverDeletesAFolderItDidNotWrite() throws {
        let root = try CommandLineTool.temporaryFolder("report-foreign")
        defer { try? fm.removeItem(at: root) }
        let folder = root.appendingPathComponent("mine")
        try fm.createDirectory(at: folder, withIntermediateDirectories: false)
        try Data("precious\n".utf8).write(to: folder.appendingPathComponent("notes.txt"))
        // `cd DIR && kinkcheck report --out .`, then the same folder as `DIR/` and through `..`.
        for (arguments, directory) in [(["--out", "."], folder), (["--out", "mine/"], root), (["--out", "mine/../mine"], root)] {
            let run = try CommandLineTool.run(report + arguments, in: directory)
            #expect(run.status == 2, "\(arguments): status \(run.status), stderr \(run.stderr)")
            #expect(run.errorLines.count == 1 && run.errorLines.first?.contains(folder.resolvingSymlinksInPath().path) == true,
                    "\(arguments): the one-line error names the folder: \(run.stderr)")
            #expect(run.stdout.isEmpty)
            #expect(contents(folder) == ["notes.txt"], "\(arguments): \(contents(folder))")
        }
        #expect(contents(root) == ["mine"], "no staging folder is left: \(contents(root))")
    }

    @Test func reportReplacesItsOwnFolderAnEmptyOneAndWithForceAnyFolder() throws {
        let root = try CommandLineTool.temporaryFolder("report-own")
        defer { try? fm.removeItem(at: root) }
        // New, then a report of another activation over its own output (through `.`): the
        // earlier pages go with the folder.
        let fresh = root.appendingPathComponent("fresh")
        var run = try CommandLineTool.run(report + ["--out", "fresh/"], in: root)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(contents(fresh).contains(".kinkcheck-report") && contents(fresh).contains("relu.md"))
        run = try CommandLineTool.run(["report", "abs", "--cases", "1", "--seed", "7", "--out", "."], in: fresh)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(!contents(fresh).contains("relu.md") && contents(fresh).contains("abs.md"))
        // An empty folder.
        let empty = root.appendingPathComponent("empty")
        try fm.createDirectory(at: empty, withIntermediateDirectories: false)
        run = try CommandLineTool.run(report + ["--out", empty.path])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(contents(empty).contains(".kinkcheck-report"))
        // A foreign folder with --force.
        let foreign = root.appendingPathComponent("foreign")
        try fm.createDirectory(at: foreign, withIntermediateDirectories: false)
        try Data("x\n".utf8).write(to: foreign.appendingPathComponent("data.csv"))
        run = try CommandLineTool.run(report + ["--out", "foreign", "--force"], in: root)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(!contents(foreign).contains("data.csv") && contents(foreign).contains(".kinkcheck-report"))
        #expect(contents(root) == ["empty", "foreign", "fresh"], "no staging folder is left: \(contents(root))")
    }

    /// A run killed while writing leaves `.NAME.tmp-PID`; the next run removes it when the
    /// process is gone and the folder is ours (empty or marked), says so in one line, and leaves
    /// everything else alone.
    @Test func staleStagingFoldersOfKilledRunsAreRemovedAndNothingElse() throws {
        let root = try CommandLineTool.temporaryFolder("report-stale")
        defer { try? fm.removeItem(at: root) }
        // Ids of processes that have exited (other tests start processes too, so consecutive
        // numbers may be taken: each is a child of its own).
        let (dead, deadEmpty, deadForeign) = (try deadProcessID(), try deadProcessID(), try deadProcessID())
        let ours = root.appendingPathComponent(".out.tmp-\(dead)")
        let oursEmpty = root.appendingPathComponent(".out.tmp-\(deadEmpty)")
        let foreignContent = root.appendingPathComponent(".out.tmp-\(deadForeign)")
        let otherName = root.appendingPathComponent(".other.tmp-\(dead)")
        let alive = root.appendingPathComponent(".out.tmp-\(getpid())")   // this test process is alive
        for url in [ours, oursEmpty, foreignContent, otherName, alive] { try fm.createDirectory(at: url, withIntermediateDirectories: false) }
        for url in [ours, otherName, alive] { try Data(Self.marker(["page.md"]).utf8).write(to: url.appendingPathComponent(".kinkcheck-report")) }
        // Killed while writing: a listed file cut short.
        try Data("# rel".utf8).write(to: ours.appendingPathComponent("page.md"))
        try Data("keep\n".utf8).write(to: foreignContent.appendingPathComponent("keep.txt"))
        let deadPIDs = [dead, deadEmpty, deadForeign].map { ProcessID(rawValue: $0) }
        try #require(deadPIDs.allSatisfy { !$0.isAlive }, "pick process ids that are not running")

        let run = try CommandLineTool.run(report + ["--out", "out"], in: root)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.errorLines.count == 1, "one line about the cleanup: \(run.stderr)")
        let line = run.errorLines.first ?? ""
        #expect(line.contains(".out.tmp-\(dead)") && line.contains(".out.tmp-\(deadEmpty)") && !line.contains(".out.tmp-\(deadForeign)"), "\(line)")
        #expect(!fm.fileExists(atPath: ours.path) && !fm.fileExists(atPath: oursEmpty.path))
        #expect(contents(foreignContent) == ["keep.txt"])
        #expect(fm.fileExists(atPath: otherName.path) && fm.fileExists(atPath: alive.path))
        #expect(contents(root.appendingPathComponent("out")).contains("relu.md"))
    }

    /// A marker as kinkcheck writes it (format 1), listing `names` with made-up sizes and digests
    /// (a staging folder's files are checked by name only).
    static func marker(_ names: [String]) -> String {
        (["kinkcheck report folder, format 1",
          "Written by kinkcheck, which replaces this folder as a whole only while every file in it is one listed here, unchanged."]
            + names.sorted().map { "1 fnv1a64:0123456789abcdef \($0)" }).joined(separator: "\n") + "\n"
    }

    /// The id of a process that has exited (a short-lived child, reaped).
    func deadProcessID() throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "exit 0"]
        try process.run()
        process.waitUntilExit()
        return process.processIdentifier
    }
}

struct ProcessID {
    var rawValue: Int32
    var isAlive: Bool { kill(rawValue, 0) == 0 || errno == EPERM }
}
