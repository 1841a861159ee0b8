import Foundation
import Testing

/// A report folder is replaced only when its `.kinkcheck-report` proves it is ours: a marker
/// kinkcheck wrote, listing every file in the folder, unchanged. Everything else — an empty or
/// hand-written marker, an added or edited file, a dangling link, a read-only folder — is one
/// line on stderr and exit 2, before anything is computed, and nothing is deleted or left behind.
@Suite struct ReportFolderProofTests {
    let fm = FileManager.default
    static let dump = "dtype,activation,x,value,derivative\nfloat64,relu,2.5,2.5,1\nfloat64,relu,-0.75,0,0\n"

    /// Every entry of `folder` (recursively, hidden ones too) with its bytes; links as their target.
    func snapshot(_ folder: URL) -> [String: Data] {
        var out: [String: Data] = [:]
        for name in (try? fm.contentsOfDirectory(atPath: folder.path)) ?? [] {
            let url = folder.appendingPathComponent(name)
            if let link = try? fm.destinationOfSymbolicLink(atPath: url.path) { out[name] = Data(("→" + link).utf8); continue }
            var isDirectory: ObjCBool = false
            if fm.fileExists(atPath: url.path, isDirectory: &isDirectory), isDirectory.boolValue {
                out[name + "/"] = Data()
                for (k, v) in snapshot(url) { out[name + "/" + k] = v }
            } else {
                out[name] = fm.contents(atPath: url.path) ?? Data("unreadable".utf8)
            }
        }
        return out
    }

    /// A folder `root/out` holding `files`, and a dump beside it.
    func setUp(_ label: String, _ files: [String: String]) throws -> URL {
        let root = try CommandLineTool.temporaryFolder(label)
        try Data(Self.dump.utf8).write(to: root.appendingPathComponent("d.csv"))
        let out = root.appendingPathComponent("out")
        try fm.createDirectory(at: out, withIntermediateDirectories: false)
        for (name, text) in files { try Data(text.utf8).write(to: out.appendingPathComponent(name)) }
        return root
    }

    func expectRefused(_ run: CommandRun, naming fragment: String, _ root: URL, unchanged before: [String: Data],
                       sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(run.status == 2, "\(run.arguments): status \(run.status), stderr \(run.stderr)", sourceLocation: sourceLocation)
        #expect(run.errorLines.count == 1 && run.stderr.contains(fragment), "\(run.arguments): \(run.stderr)", sourceLocation: sourceLocation)
        #expect(run.stdout.isEmpty, "refused before computing: \(run.stdout)", sourceLocation: sourceLocation)
        #expect(snapshot(root) == before, "\(run.arguments): the folders changed: \(snapshot(root).keys.sorted())",
                sourceLocation: sourceLocation)
    }

    static let header = "kinkcheck report folder, format 1\n"
        + "Written by kinkcheck, which replaces this folder as a whole only while every file in it is one listed here, unchanged.\n"

    /// Markers that prove nothing: empty, only whitespace, hand-written, of the earlier format
    /// (which listed no files), and a well-formed one that does not list the other file.
    @Test(arguments: [
        ("", "empty"), ("\n", "proves nothing"), ("mine, not kinkcheck's\n", "proves nothing"),
        ("This folder was written by `kinkcheck report`, which may replace it as a whole.\n", "earlier kinkcheck"),
        (header, "'table.tsv' is not a file kinkcheck wrote"),
        (header + "9 fnv1a64:00000000000000zz table.tsv\n", "proves nothing"),
    ])
    func aMarkerThatDoesNotListEverythingIsRefusedAndNothingDeleted(marker: String, says: String) throws {
        let root = try setUp("marker", [".kinkcheck-report": marker, "table.tsv": "3\t4\n"])
        defer { try? fm.removeItem(at: root) }
        let before = snapshot(root)
        for arguments in [["samples", "d.csv", "--report", "out"], ["report", "relu", "--cases", "2", "--out", "out"]] {
            expectRefused(try CommandLineTool.run(arguments, in: root), naming: says, root, unchanged: before)
        }
    }

    /// An empty marker alone in a folder is refused too: it is not ours.
    @Test func anEmptyMarkerAloneIsRefused() throws {
        let root = try setUp("marker-alone", [".kinkcheck-report": ""])
        defer { try? fm.removeItem(at: root) }
        let before = snapshot(root)
        expectRefused(try CommandLineTool.run(["samples", "d.csv", "--report", "out/"], in: root), naming: "empty", root, unchanged: before)
    }

    /// Our own folder is replaced; once a file is added to it or one of its files is edited, it is
    /// the user's; a listed file that was deleted is no obstacle.
    @Test func ourFolderIsReplacedUntilSomeoneAddsOrEditsAFile() throws {
        let root = try setUp("marker-own", [:])
        defer { try? fm.removeItem(at: root) }
        let out = root.appendingPathComponent("out")
        let samples = ["samples", "d.csv", "--report", "out"]
        var run = try CommandLineTool.run(samples, in: root)
        #expect(run.status == 0, "\(run.stderr)")
        let marker = try String(contentsOf: out.appendingPathComponent(".kinkcheck-report"), encoding: .utf8)
        let written = try fm.contentsOfDirectory(atPath: out.path).filter { $0 != ".kinkcheck-report" }.sorted()
        #expect(marker.hasPrefix(Self.header) && written.allSatisfy { marker.contains(" \($0)\n") } && !written.isEmpty, "\(marker)")
        run = try CommandLineTool.run(samples, in: root)
        #expect(run.status == 0, "its own folder is replaced: \(run.stderr)")

        try Data("my notes\n".utf8).write(to: out.appendingPathComponent("notes.md"))
        var before = snapshot(root)
        expectRefused(try CommandLineTool.run(samples, in: root), naming: "'notes.md' is not a file kinkcheck wrote", root, unchanged: before)
        try fm.removeItem(at: out.appendingPathComponent("notes.md"))

        let page = out.appendingPathComponent("README.md")
        let original = try Data(contentsOf: page)
        try Data((String(decoding: original, as: UTF8.self) + "my note\n").utf8).write(to: page)
        before = snapshot(root)
        expectRefused(try CommandLineTool.run(samples, in: root), naming: "'README.md' has changed", root, unchanged: before)
        try fm.removeItem(at: page)
        run = try CommandLineTool.run(samples, in: root)
        #expect(run.status == 0, "a listed file that is gone is no obstacle: \(run.stderr)")
        #expect(try Data(contentsOf: page) == original)
    }

    /// A link that leads nowhere is refused before anything is computed (samples prints no
    /// table; report of every built-in answers at once), and the link stays.
    @Test func aDanglingLinkIsRefusedBeforeComputing() throws {
        let root = try setUp("dangling", [:])
        defer { try? fm.removeItem(at: root) }
        try fm.createSymbolicLink(atPath: root.appendingPathComponent("gone").path, withDestinationPath: "no/such/folder")
        let before = snapshot(root)
        for arguments in [["samples", "d.csv", "--report", "gone"], ["report", "--out", "gone"]] {
            let run = try CommandLineTool.run(arguments, in: root, timeout: 60)
            expectRefused(run, naming: "leads to nothing", root, unchanged: before)
        }
    }

    /// A read-only report folder (or parent) is refused before computing, and no `.out.old-PID`
    /// or staging folder is left. Root may write anywhere, so as root the runs are made as
    /// `nobody` (setpriv).
    @Test func aReadOnlyFolderIsRefusedAndNothingIsLeftBeside() throws {
        let root = try setUp("read-only", [:])
        defer { _ = chmod(root.path, 0o755); _ = chmod(root.appendingPathComponent("out").path, 0o755); try? fm.removeItem(at: root) }
        let asRoot = getuid() == 0
        if asRoot {
            try #require(fm.isExecutableFile(atPath: "/usr/bin/setpriv"), "running as root needs setpriv to drop privileges")
            for path in [root.path, root.appendingPathComponent("out").path, root.appendingPathComponent("d.csv").path] {
                #expect(chown(path, 65534, 65534) == 0)
            }
        }
        func run(_ arguments: [String]) throws -> CommandRun {
            guard asRoot else { return try CommandLineTool.run(arguments, in: root) }
            return try CommandLineTool.execute(URL(fileURLWithPath: "/usr/bin/setpriv"),
                                               ["--reuid=65534", "--regid=65534", "--clear-groups", try CommandLineTool.binary().path]
                                                + arguments, in: root, timeout: 120)
        }
        let samples = ["samples", "d.csv", "--report", "out"]
        let first = try run(samples)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(chmod(root.appendingPathComponent("out").path, 0o555) == 0)
        var before = snapshot(root)
        expectRefused(try run(samples), naming: "read-only", root, unchanged: before)
        expectRefused(try run(["report", "relu", "--cases", "3", "--out", "out"]), naming: "read-only", root, unchanged: before)
        #expect(chmod(root.appendingPathComponent("out").path, 0o755) == 0 && chmod(root.path, 0o555) == 0)
        before = snapshot(root)
        for out in ["out", "new"] {
            expectRefused(try run(["samples", "d.csv", "--report", out]), naming: "not a writable folder", root, unchanged: before)
        }
    }
}
