import Foundation
import Testing

/// `kinkcheck samples`: exit status (0 clean, 1 a defect, 2 bad input with one line naming file,
/// row and column) and the JSON contract.
@Suite struct SamplesCommandTests {
    static let header = "framework,mode,dtype,activation,x,value,derivative\n"
    static let toy = header
        + "toy,eager,float64,softplus,20.000000000000004,20.000000000000004,1.0\n"
        + "toy,eager,float32,celu:alpha=1,0.0,0.0,2.0\n"
        + "toy,eager,float32,relu,1.5,1.5,1.0\n"
        + "toy,eager,float32,relu,0.0,0.0,0.0\n"

    /// Runs `samples` on files with these contents (named dump1.csv …, or as given).
    func run(_ contents: [(String, String)], _ extra: [String] = []) throws -> CommandRun {
        let folder = try CommandLineTool.temporaryFolder("samples")
        defer { try? FileManager.default.removeItem(at: folder) }
        for (name, text) in contents { try Data(text.utf8).write(to: folder.appendingPathComponent(name)) }
        return try CommandLineTool.run(["samples"] + contents.map(\.0) + extra, in: folder)
    }

    @Test func theAcceptanceRowsAreFlaggedAndTheCleanOnesSilent() throws {
        let r = try run([("dump.csv", Self.toy)], ["--json"])
        #expect(r.status == 1, "\(r.stderr)")
        let doc = try r.json()
        let violations = Contract.samples().violations(of: doc)
        #expect(violations.isEmpty, "\(violations)")
        var classes: [Double: String] = [:]
        for d in doc["defects"]?.array ?? [] { if case .number(let n)? = d["row"] { classes[n] = d["class"]?.string } }
        #expect(classes[1] == "value_inaccurate" && classes[2] == "outside_clarke" && classes.count == 2, "\(classes)")
        #expect(doc["holds"] == .bool(false) && doc["rows"] == .number(4))
    }

    /// `--report DIR` writes a page per group (with its plot) into a new folder, and refuses a
    /// folder it did not write, naming `--report`.
    @Test func reportWritesAPagePerGroupAndKeepsForeignFolders() throws {
        let folder = try CommandLineTool.temporaryFolder("samples-report")
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data(Self.toy.utf8).write(to: folder.appendingPathComponent("dump.csv"))
        let r = try CommandLineTool.run(["samples", "dump.csv", "--report", "r"], in: folder)
        #expect(r.status == 1, "\(r.stderr)")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("r").path)
        #expect(files.contains { $0.hasSuffix(".md") } && files.contains { $0.hasSuffix(".svg") }, "\(files.sorted())")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("mine"), withIntermediateDirectories: false)
        try Data("keep".utf8).write(to: folder.appendingPathComponent("mine/notes.txt"))
        let refused = try CommandLineTool.run(["samples", "dump.csv", "--report", "mine"], in: folder)
        #expect(refused.status == 2 && refused.errorLines.count == 1 && refused.errorLines[0].contains("--report:"), "\(refused.stderr)")
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("mine/notes.txt").path))
    }

    @Test func cleanRowsExit0AndSeveralFilesNumberTheirDefects() throws {
        let clean = Self.header + "t,m,float32,relu,1.5,1.5,1.0\n"
        #expect(try run([("a.csv", clean)]).status == 0)
        let r = try run([("a.csv", clean), ("b.csv", Self.toy)], ["--json"])
        #expect(r.status == 1)
        let doc = try r.json()
        #expect(Contract.samples(severalFiles: true).violations(of: doc).isEmpty, "\(Contract.samples(severalFiles: true).violations(of: doc))")
        #expect(doc["defects"]?.array?.first?["file"] == .number(2))
    }

    @Test(arguments: [
        ("missing column", "activation,dtype,x,value\nrelu,float32,1,1\n", "header, column derivative"),
        ("inexact hex", header + "t,m,float32,relu,0x1.0000001p+0,1,1\n", "row 1, column x"),
        ("malformed number", header + "t,m,float32,relu,1,1,1\nt,m,float32,relu,1,abc,1\n", "row 2, column value"),
        ("unknown dtype", header + "t,m,float8,relu,1,1,1\n", "row 1, column dtype"),
        ("unknown spec", header + "t,m,float32,relu,1,1,1\nt,m,float32,nosuch,1,1,1\n", "row 2, column activation"),
    ])
    func badDumpIsOneLineNamingFileRowAndColumn(_ what: String, _ text: String, _ place: String) throws {
        let r = try run([("bad.csv", text)])
        #expect(r.status == 2, "\(what): status \(r.status)")
        #expect(r.errorLines.count == 1 && r.errorLines[0].contains("bad.csv: \(place)"), "\(what): \(r.stderr)")
        #expect(r.stdout.isEmpty)
    }

    @Test func aMissingFileIsStatus2() throws {
        let r = try CommandLineTool.run(["samples", "/nonexistent-kinkcheck/dump.csv"])
        #expect(r.status == 2 && r.errorLines.count == 1, "\(r.stderr)")
    }
}
