import Foundation
import Testing

/// `check --shard I/N --json` and `merge` (issue 29's screening path): the shards are disjoint and
/// cover the run, the merged document is the unsharded one, and strangers are refused by name.
@Suite struct MergeCommandTests {
    /// Activations of several inputs: quick to check, so the test stays short.
    static let specs = ["reglu", "maxout", "glu", "expr:relu(a)*b", "maxout:k=3"]

    func shards(_ n: Int, seed: String = "3", only: [Int]? = nil) throws -> [URL] {
        let folder = try CommandLineTool.temporaryFolder("merge")
        return try (only ?? Array(1...n)).map { i in
            let run = try CommandLineTool.run(["check"] + Self.specs + ["--seed", seed, "--shard", "\(i)/\(n)", "--json"])
            #expect(run.status == 0 || run.status == 1, "\(run.stderr)")
            let url = folder.appendingPathComponent("s\(i)-of-\(n)-\(seed).json")
            try run.stdout.write(to: url, atomically: true, encoding: .utf8)
            return url
        }
    }

    @Test func mergedIsUnsharded() throws {
        let whole = try CommandLineTool.run(["check"] + Self.specs + ["--seed", "3", "--json"])
        let parts = try shards(3)
        let merged = try CommandLineTool.run(["merge"] + parts.map(\.path) + ["--json"])
        #expect(merged.status == whole.status && whole.status == 0, "\(merged.stderr)")
        let a = try whole.json(), m = try merged.json()
        #expect(a["activations"] == m["activations"] && a["holds"] == m["holds"] && a["run"] == m["run"])
        // Each shard holds its own activations: disjoint, covering.
        let held = try parts.map { url in
            try JSONValue.parse(String(contentsOf: url, encoding: .utf8))["activations"]?.array?.compactMap { a -> String? in
                if case .string(let s)? = a["activation"] { s } else { nil }
            } ?? []
        }
        #expect(held.flatMap { $0 }.count == Self.specs.count && Set(held.flatMap { $0 }) == Set(Self.specs))
        let text = try CommandLineTool.run(["merge"] + parts.map(\.path))
        #expect(text.status == 0 && text.stdout.contains("5 activations from 3 shards: every claim holds"))
        // A shard whose activation failed (its verdict edited to fail): the merged run fails too.
        let edited = try String(contentsOf: parts[1], encoding: .utf8).replacingOccurrences(of: "\"holds\": true", with: "\"holds\": false")
        try edited.write(to: parts[1], atomically: true, encoding: .utf8)
        let failing = try CommandLineTool.run(["merge"] + parts.map(\.path))
        #expect(failing.status == 1 && failing.stdout.contains("FAILS") && failing.stdout.contains("claims fail"), "\(failing.stdout)")
    }

    /// A spec named twice in the run: each copy goes back to its own place.
    @Test func aSpecTwiceInTheRun() throws {
        let folder = try CommandLineTool.temporaryFolder("merge-twice")
        let args = ["check", "reglu", "reglu", "glu", "--seed", "2", "--json"]
        let paths = try (1...2).map { i -> String in
            let url = folder.appendingPathComponent("t\(i).json")
            try CommandLineTool.run(args + ["--shard", "\(i)/2"]).stdout.write(to: url, atomically: true, encoding: .utf8)
            return url.path
        }
        let merged = try CommandLineTool.run(["merge"] + paths + ["--json"])
        #expect(merged.status == 0, "\(merged.stderr)")
        #expect(try merged.json()["activations"] == CommandLineTool.run(args).json()["activations"])
    }

    @Test func strangersAreRefusedByName() throws {
        let p = try shards(3), other = try shards(3, seed: "4", only: [3])
        for (files, says) in [([p[0], p[2]], "missing shard 2/3"), ([p[0], p[1], p[1], p[2]], "shard 2/3 given twice"),
                              ([p[0], p[1], other[0]], "a shard of another run (its seed differs")] {
            let run = try CommandLineTool.run(["merge"] + files.map(\.path))
            #expect(run.status == 2 && run.errorLines.count == 1 && run.errorLines[0].contains(says), "\(run.stderr)")
        }
    }

    /// `check --exhaustive f16 --shard I/4 --json` ×4 merged is the unsharded document byte for
    /// byte, for a kernel that fails at one input; the shard files describe themselves; strangers
    /// (a missing shard, a twice-given one, another spec's, a range that is not its shard's) are
    /// refused by name.
    @Test func exhaustiveShardsMergeToTheUnshardedRun() throws {
        let planted = "expr:where(x < 0.7001953125000001, x, 2*x)"
        let folder = try CommandLineTool.temporaryFolder("merge-exhaustive")
        func shard(_ spec: String, _ i: Int) throws -> String {
            let run = try CommandLineTool.run(["check", spec, "--exhaustive", "f16", "--shard", "\(i)/4", "--seed", "1", "--json"])
            #expect(run.status == (spec == planted && i == 3 ? 1 : 0), "\(spec) \(i): \(run.stderr)")
            let url = folder.appendingPathComponent("\(spec == planted ? "p" : spec)-\(i).json")
            try run.stdout.write(to: url, atomically: true, encoding: .utf8)
            return url.path
        }
        let parts = try (1...4).map { try shard(planted, $0) }
        let whole = try CommandLineTool.run(["check", planted, "--exhaustive", "f16", "--seed", "1", "--json"])
        let merged = try CommandLineTool.run(["merge"] + parts + ["--json"])
        #expect(whole.status == 1 && merged.status == 1 && merged.stdout == whole.stdout, "\(merged.stderr)")
        let doc = try whole.json()
        #expect(doc["exhaustive"]?["summaries"]?.array?.first?["value"]?["cases"] == .number(63_488))
        let third = try JSONValue.parse(String(contentsOfFile: parts[2], encoding: .utf8))
        #expect(third["shard"] == .string("3/4") && third["version"] != nil && third["seed"] == .string("0x0000000000000001"))
        #expect(third["exhaustive"]?["range"]?["specials"] == .bool(false))
        let text = try CommandLineTool.run(["merge"] + parts)
        #expect(text.status == 1 && text.stdout.contains("float16: every finite input (63,488), ±∞ and NaN"), "\(text.stdout)")
        let foreign = try shard("relu", 4)
        let tampered = folder.appendingPathComponent("tampered.json").path
        try String(contentsOfFile: parts[1], encoding: .utf8).replacingOccurrences(of: "\"first\": 15360", with: "\"first\": 14336")
            .write(toFile: tampered, atomically: true, encoding: .utf8)
        for (files, says) in [([parts[0], parts[1], parts[3]], "missing shard 3/4"), ([parts[0], parts[1], parts[1], parts[2], parts[3]], "shard 2/4 given twice"),
                              ([parts[0], parts[1], parts[2], foreign], "specs [relu] vs [expr:where(x < 0.7001953125000001, x, 2*x)]"),
                              ([parts[0], tampered, parts[2], parts[3]], "shard 2/4 does not hold inputs 15360..<31744")] {
            let run = try CommandLineTool.run(["merge"] + files)
            #expect(run.status == 2 && run.errorLines.count == 1 && run.errorLines[0].contains(says), "\(run.stderr)")
        }
    }

    @Test func exhaustiveRefusesWhatItCannotRun() throws {
        for (args, says) in [(["relu", "--exhaustive", "f64"], "float64 has 2^64 inputs"), (["relu", "--exhaustive", "f8"], "unknown format 'f8'"),
                             (["reglu", "--exhaustive", "f16"], "reglu has several inputs"),
                             (["elu", "--exhaustive", "f16", "--wrt", "alpha"], "--wrt: an exhaustive run takes activations of one input")] {
            let run = try CommandLineTool.run(["check"] + args)
            #expect(run.status == 2 && run.errorLines.count == 1 && run.errorLines[0].contains(says), "\(args): \(run.stderr)")
        }
    }

    /// A framework's kernel over every input: `grid --exhaustive --format npy` writes the inputs,
    /// a dump of (x, f, f′) rows is judged with `check --exhaustive --kernel`. Here the dump is
    /// relu computed in this test (exact, so it holds), then with one value planted 1% off (it
    /// fails at that x), then a dump of another grid (refused, naming the row).
    @Test func aDumpOverEveryInputIsJudged() throws {
        let grid = try CommandLineTool.runBytes(["grid", "relu", "--dtype", "f16", "--exhaustive", "--format", "npy"])
        let headerLength = Int(grid[8]) | Int(grid[9]) << 8, start = 10 + headerLength
        let xs: [UInt16] = stride(from: start, to: grid.count, by: 2).map { UInt16(grid[$0]) | UInt16(grid[$0 + 1]) << 8 }
        #expect(xs.count == 63_488 + 3)
        func dump(_ rows: [[Float16]]) throws -> String {
            var header = "{'descr': '<f2', 'fortran_order': False, 'shape': (\(rows.count), 3), }"
            header += String(repeating: " ", count: (64 - (11 + header.utf8.count) % 64) % 64) + "\n"
            var data = Data([0x93] + Array("NUMPY".utf8) + [1, 0, UInt8(header.utf8.count & 0xFF), UInt8(header.utf8.count >> 8)])
            data.append(contentsOf: Array(header.utf8))
            for row in rows { for v in row { data.append(contentsOf: [UInt8(v.bitPattern & 0xFF), UInt8(v.bitPattern >> 8)]) } }
            let url = try CommandLineTool.temporaryFolder("kernel").appendingPathComponent("dump-\(rows.count)-\(rows.hashValue).npy")
            try data.write(to: url)
            return url.path
        }
        var rows = xs.map { bits -> [Float16] in
            let x = Float16(bitPattern: bits)
            return [x, x.isNaN ? x : Swift.max(x, 0), x.isNaN ? x : (x > 0 ? 1 : 0)]
        }
        let good = try CommandLineTool.run(["check", "relu", "--exhaustive", "f16", "--kernel", try dump(rows), "--seed", "1"])
        #expect(good.status == 0 && good.stdout.contains("relu        proof      proof"), "\(good.stdout)")
        let planted = 40_000   // x = 0x1.1p-7
        rows[planted][1] = rows[planted][1] * 1.01
        let bad = try CommandLineTool.run(["check", "relu", "--exhaustive", "f16", "--kernel", try dump(rows), "--seed", "1"])
        #expect(bad.status == 1 && bad.stdout.contains("x = 0x1.1p-7 (0.00830078125): f computed 0.00838470458984375"), "\(bad.stdout)")
        rows.swapAt(10, 11)
        let shuffled = try CommandLineTool.run(["check", "relu", "--exhaustive", "f16", "--kernel", try dump(rows), "--seed", "1"])
        #expect(shuffled.status == 2 && shuffled.errorLines.count == 1 && shuffled.errorLines[0].contains("row 11 has x = "), "\(shuffled.stderr)")
        let short = try CommandLineTool.run(["check", "relu", "--exhaustive", "f16", "--shard", "1/2", "--kernel", try dump(rows), "--seed", "1"])
        #expect(short.status == 2 && short.errorLines.count == 1 && short.errorLines[0].contains("expected shape (31744, 3)"), "\(short.stderr)")
    }
}
