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

    /// Every ulp error comes with the tolerance it was held to: softplus at 20 + 2⁻⁴⁸ in float64 is
    /// held to 8u(|f| + |x·f′|)/ulp(f) ≈ 10 ulps, 5 of rounding and 5 of conditioning; a NaN says
    /// what was due instead of a tolerance of 0 ulps.
    @Test func eachUlpErrorCarriesItsTolerance() throws {
        let dump = Self.toy + "toy,eager,float32,gelu,1.0,nan,0.5\n"
        let r = try run([("dump.csv", dump)], ["--json"])
        let doc = try r.json()
        #expect(Contract.samples().violations(of: doc).isEmpty, "\(Contract.samples().violations(of: doc))")
        let defects = doc["defects"]?.array ?? []
        let sp = try #require(defects.first { $0["row"] == .number(1) })
        #expect(sp["tolerance"]?["ulps"] == .string("10") && sp["tolerance"]?["rounding_ulps"] == .string("5")
                && sp["tolerance"]?["conditioning_ulps"] == .string("5"), "\(String(describing: sp["tolerance"]))")
        let nan = try #require(defects.first { $0["row"] == .number(5) })
        #expect(nan["ulps"] == .string("inf") && nan["tolerance"]?["ulps"] == .null && nan["tolerance"]?["expected"] == .string("a finite number"))
        let text = try run([("dump.csv", dump)])
        let heads = text.stdout.split(separator: "\n").filter { $0.trimmingCharacters(in: .whitespaces).hasPrefix("row ") }
        #expect(text.status == 1 && heads.count == 3 && heads.allSatisfy { $0.contains("tolerance") }, "\(text.stdout)")
        #expect(text.stdout.contains("10 = 5 + 5 + ") && text.stdout.contains("a finite number"), "\(text.stdout)")
    }

    /// The framework's version and device, columns of the dump, are shown per group in the text
    /// and the JSON (null when the dump has none).
    @Test func versionAndDeviceAreShown() throws {
        let dump = "framework,framework_version,device,mode,dtype,activation,x,value,derivative\n"
            + "torch,2.13.0+cpu,cpu,scalar,float32,relu,1.5,1.5,1.0\n" + "torch,2.13.0+cpu,cpu,scalar,float32,relu,0.0,0.0,2.0\n"
        let r = try run([("dump.csv", dump)], ["--json"])
        let doc = try r.json()
        #expect(Contract.samples().violations(of: doc).isEmpty, "\(Contract.samples().violations(of: doc))")
        let g = doc["groups"]?.array?.first
        #expect(g?["framework_version"] == .string("2.13.0+cpu") && g?["device"] == .string("cpu"))
        #expect(doc["defects"]?.array?.first?["framework_version"] == .string("2.13.0+cpu"))
        let text = try run([("dump.csv", dump)]).stdout
        let lines = text.split(separator: "\n")
        #expect(lines.first?.contains("version") == true && lines.first?.contains("device") == true, "\(text)")
        #expect(lines.contains { $0.hasPrefix("torch") && $0.contains("2.13.0+cpu") && $0.contains(" cpu ") }, "\(text)")
        #expect(text.contains("torch 2.13.0+cpu on cpu scalar float32 relu:"), "\(text)")
        let old = try run([("dump.csv", Self.toy)], ["--json"]).json()
        #expect(old["groups"]?.array?.first?["framework_version"] == .null)
    }

    /// relu computed in float32 on float64 points: the group is reported narrowed, in the JSON and
    /// the text, and `--allow ftz` does not excuse its flushed subnormal.
    @Test func aFloat32KernelInAFloat64DumpIsReportedNarrowed() throws {
        let rows = [0x1p-1070, 1.1, 2.2, 3.3000000000000003, 0.1].map { "t,m,float64,relu,\($0),\(Double(Float($0))),1.0\n" }.joined()
        let r = try run([("dump.csv", Self.header + rows)], ["--json", "--allow", "ftz"])
        let doc = try r.json()
        #expect(Contract.samples().violations(of: doc).isEmpty, "\(Contract.samples().violations(of: doc))")
        let narrowed = doc["groups"]?.array?.first?["narrowed"]?.array ?? []
        #expect(narrowed.count == 1 && narrowed[0]["quantity"] == .string("value") && narrowed[0]["rows"] == .number(4), "\(narrowed)")
        let flush = doc["defects"]?.array?.first
        #expect(flush?["class"] == .string("flush_to_zero") && flush?["defect"] == .bool(true) && r.status == 1)
        let text = try run([("dump.csv", Self.header + rows)], ["--allow", "ftz"]).stdout
        #expect(text.contains("narrowed: every nonzero finite value is a float32 number") && text.contains("--allow ftz does not excuse"), "\(text)")
        #expect(text.contains("1 float64 group(s) computed in float32"), "\(text)")
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
        // Which of two columns of one name holds the data cannot be told.
        ("a column named twice", "dtype,activation,x,value,derivative,X\nfloat64,relu,0.25,0.25,1,-3\n",
         "header, column x: the column is named twice (fields 3 and 6)"),
        ("an ignored column named twice", "note,dtype,activation,x,value,derivative,note\n,float64,relu,2,2,1,\n",
         "header, column note: the column is named twice"),
        // An unquoted spec with a comma makes one field too many.
        ("a row longer than the header", header + "t,m,float32,relu,1,1,1\nt,m,float32,hardtanh:min=-3,max=3,0.5,0.5,1\n",
         "row 2: the row has 8 field(s), the header 7"),
        ("a row shorter than the header", "x,value,derivative,dtype,activation,comment\n0.5,0.5,1,float32,relu\n",
         "row 1: the row has 5 field(s), the header 6"),
    ])
    func badDumpIsOneLineNamingFileRowAndColumn(_ what: String, _ text: String, _ place: String) throws {
        let r = try run([("bad.csv", text)])
        #expect(r.status == 2, "\(what): status \(r.status)")
        #expect(r.errorLines.count == 1 && r.errorLines[0].contains("bad.csv: \(place)"), "\(what): \(r.stderr)")
        #expect(r.stdout.isEmpty)
    }

    @Test func aMissingFileIsStatus2() throws {
        let r = try CommandLineTool.run(["samples", "/nonexistent-kinkcheck/dump.csv"])
        #expect(r.status == 2 && r.errorLines.count == 1 && r.stderr.contains("no such file"), "\(r.stderr)")
    }

    /// An empty input says it is empty (`/dev/null` is one), a folder says it is a folder; a key
    /// given twice on a JSON line is refused like a column named twice.
    @Test(arguments: [
        ("/dev/null", nil, "/dev/null: empty file: expected a header line"),
        ("blank.csv", "\n\r\n\n", "blank.csv: empty file: expected a header line"),
        ("none.jsonl", "", "none.jsonl: empty file: expected JSON objects"),
        ("folder.csv", nil, "folder.csv: is a folder, not a dump file"),
        ("twice.jsonl", "{\"activation\":\"relu\",\"dtype\":\"float32\",\"x\":\"2\",\"value\":\"2\",\"derivative\":\"1\",\"x\":\"-5\"}\n",
         "twice.jsonl: row 1: malformed JSON: the key 'x' appears twice"),
    ] as [(String, String?, String)])
    func emptyFoldersAndRepeatedKeysAreOneLine(_ name: String, _ text: String?, _ message: String) throws {
        let folder = try CommandLineTool.temporaryFolder("samples-empty")
        defer { try? FileManager.default.removeItem(at: folder) }
        if let text { try Data(text.utf8).write(to: folder.appendingPathComponent(name)) }
        if name == "folder.csv" { try FileManager.default.createDirectory(at: folder.appendingPathComponent(name), withIntermediateDirectories: false) }
        let r = try CommandLineTool.run(["samples", name], in: folder)
        #expect(r.errorLines.first?.hasPrefix("error: " + message) == true, "\(name): \(r.stderr)")
        #expect(r.status == 2 && r.errorLines.count == 1 && r.stdout.isEmpty, "\(name): status \(r.status), \(r.stderr)")
    }

    /// A dump larger than the first pass keeps is read twice, a chunk at a time: the result is
    /// that of the rows, whatever the size (here 17,001 rows, a third of them a float32 slope in
    /// a float64 leaky_relu).
    @Test func aDumpTooLargeToHoldIsReadTwiceWithTheSameResult() throws {
        let block = Self.header + "f,m,float64,leaky_relu,-2,-0.02,0.01\n"
            + "f,m,float64,leaky_relu,-1,-0x1.47ae14p-7,0.01\n" + "f,m,float64,leaky_relu,3,3,1\n"
        let small = try run([("small.csv", block)], ["--json"])
        let rows = String(block.dropFirst(Self.header.count))
        let large = try run([("large.csv", Self.header + String(repeating: rows, count: 5_667))], ["--json"])
        #expect(small.status == 1 && large.status == 1, "\(small.stderr) \(large.stderr)")
        let (s, l) = (try small.json(), try large.json())
        #expect(s["rows"] == .number(3) && l["rows"] == .number(17_001))
        #expect(l["groups"]?.array?.first?["defects"]?["value_inaccurate"] == .number(5_667), "\(String(describing: l["groups"]))")
        #expect(l["groups"]?.array?.first?["max_value_ulps"] == s["groups"]?.array?.first?["max_value_ulps"])
        let defects = l["defects"]?.array ?? []
        #expect(defects.count == 5_667 && defects.last?["row"] == .number(17_000) && defects.first == s["defects"]?.array?.first)
    }

    /// A binary dump at scale: `grid --exhaustive --format npy` writes a shard of every bfloat16
    /// input (21,504 of them, more than the first pass holds, so the file is streamed twice); the
    /// (x, f, f′) rows of relu are written here as a dump script writes them, with a sidecar
    /// naming the framework. One planted value is flagged at its row; without its sidecar the
    /// dump is refused in one line.
    @Test func aNPYDumpWithItsSidecarIsStreamed() throws {
        let grid = try CommandLineTool.runBytes(["grid", "relu", "--dtype", "bf16", "--exhaustive", "--shard", "1/3", "--format", "npy"])
        let headerLength = Int(grid[8]) | Int(grid[9]) << 8, start = 10 + headerLength
        let xs: [UInt16] = stride(from: start, to: grid.count, by: 2).map { UInt16(grid[$0]) | UInt16(grid[$0 + 1]) << 8 }
        #expect(xs.count == 21_504)
        func bf16(_ bits: UInt16) -> Float { Float(bitPattern: UInt32(bits) << 16) }
        func bits(_ v: Float) -> UInt16 { UInt16(v.bitPattern >> 16) }
        var rows = xs.map { b -> [UInt16] in
            let x = bf16(b)
            return [b, bits(Swift.max(x, 0) + 0), bits(x > 0 ? 1 : 0)]
        }
        let planted = 21_000
        rows[planted][1] = bits(bf16(rows[planted][1]) * 1.25 + 1)
        var header = "{'descr': '<u2', 'fortran_order': False, 'shape': (\(rows.count), 3), }"
        header += String(repeating: " ", count: (64 - (11 + header.utf8.count) % 64) % 64) + "\n"
        var data = Data([0x93] + Array("NUMPY".utf8) + [1, 0, UInt8(header.utf8.count & 0xFF), UInt8(header.utf8.count >> 8)])
        data.append(contentsOf: Array(header.utf8))
        for row in rows { for v in row { data.append(contentsOf: [UInt8(v & 0xFF), UInt8(v >> 8)]) } }
        let folder = try CommandLineTool.temporaryFolder("samples-npy")
        defer { try? FileManager.default.removeItem(at: folder) }
        try data.write(to: folder.appendingPathComponent("d.npy"))
        try Data(#"{"framework": "torch", "framework_version": "2.13.0+cpu", "device": "cpu", "mode": "batch", "dtype": "bfloat16", "activation": "relu"}"#.utf8)
            .write(to: folder.appendingPathComponent("d.npy.json"))
        let r = try CommandLineTool.run(["samples", "d.npy", "--json"], in: folder)
        #expect(r.status == 1, "\(r.stderr)")
        let doc = try r.json()
        #expect(Contract.samples().violations(of: doc).isEmpty, "\(Contract.samples().violations(of: doc))")
        #expect(doc["rows"] == .number(21_504))
        let group = doc["groups"]?.array?.first
        #expect(doc["groups"]?.array?.count == 1 && group?["framework"] == .string("torch") && group?["dtype"] == .string("bfloat16")
                && group?["framework_version"] == .string("2.13.0+cpu") && group?["mode"] == .string("batch"), "\(String(describing: group))")
        let defects = doc["defects"]?.array ?? []
        #expect(defects.count == 1 && defects.first?["row"] == .number(Double(planted + 1)) && defects.first?["class"] == .string("value_inaccurate"),
                "\(defects)")
        try FileManager.default.removeItem(at: folder.appendingPathComponent("d.npy.json"))
        let bare = try CommandLineTool.run(["samples", "d.npy"], in: folder)
        #expect(bare.status == 2 && bare.errorLines.count == 1 && bare.errorLines[0].contains("d.npy: no sidecar d.npy.json"), "\(bare.stderr)")
    }
}
