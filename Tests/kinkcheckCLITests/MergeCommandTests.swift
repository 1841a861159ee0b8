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
}
