import Foundation
import Testing

/// The documented exit statuses: 0 when the command did its job (and, for check and
/// distribution, every claim holds), 1 when a checked claim fails, 2 for bad input — with exactly
/// one line on stderr and nothing on stdout.
@Suite struct ExitStatusTests {
    /// Bad input of every kind, for every subcommand: unknown names, malformed numbers, values
    /// out of range, missing arguments, unknown options and subcommands.
    @Test(arguments: [
        ["list", "--bogus"],
        ["eval", "nosuch", "--at", "0"],
        ["eval", "relu"],
        ["eval", "elu:alpha=x", "--at", "0"],
        ["limits", "relu", "--at", "abc"],
        ["limits", "relu", "--at", "inf"],
        ["limits", "relu", "--at", "0", "--precision", "1"],
        ["converge", "relu", "--at", "0", "--precisions", "24,xx"],
        ["converge", "relu", "--at", "0", "--csv", "--json"],
        ["kinks", "relu", "--in", "1,0"],
        ["kinks", "relu", "--in", "0"],
        ["subgradient", "relu", "--at", "0", "--value", "nan"],
        ["distribution", "relu", "--case", "0"],
        ["distribution", "relu", "--case", "0,-1"],
        ["distribution", "relu", "--identity", "third"],
        ["distribution", "relu", "--seed", "0xzz"],
        ["check", "nosuch"],
        ["eval", "expr:x*", "--at", "1"],
        ["eval", "expr:foo(x)", "--at", "1"],
        ["eval", "expr:where(x, 1, 2)", "--at", "1"],
        ["eval", "expr:((x)", "--at", "1"],
        ["eval", "expr:x^0.5", "--at", "1"],
        ["limits", "expr:", "--at", "0"],
        ["limits", "expr:log(x)", "--at", "-1"],
        ["subgradient", "expr:log(x)", "--at", "0"],
        ["check", "two_slope", "--variants", "missing.toml"],
        ["list", "--variants", "missing.toml"],
        ["check", "relu", "--shard", "3/2"],
        ["check", "relu", "--precision", "8"],
        ["check", "relu", "--precision", "5000"],
        ["check", "relu", "--cases", "0"],
        ["check", "relu", "--seed", "junk"],
        ["report", "relu", "--out", "/nonexistent-kinkcheck-folder/r"],
        ["report", "nosuch", "--out", "r"],
        ["bench", "ops", "--rounds", "0"],
        ["bench", "generate", "--formats", "nope"],
        ["bench", "generate", "--seed", "-1"],
        ["bench", "nosuch"],
        ["bench", "fastpath", "--inputs", "10"],
        ["bench", "fastpath", "nosuch"],
        ["bench", "fastpath", "reglu"],
        ["grid", "relu"],
        ["grid", "relu", "--dtype", "float8"],
        // Points of several inputs and --wrt (docs/multi-input.md).
        ["eval", "reglu", "--at", "1"],
        ["eval", "reglu", "--at", "1,2,3"],
        ["eval", "relu", "--at", "1,2"],
        ["eval", "reglu", "--at", "inf,1"],
        ["limits", "reglu", "--at", "nan,1"],
        ["eval", "reglu", "--at", "1,x"],
        ["eval", "maxout:k=9", "--at", "1,2"],
        ["eval", "elu", "--at", "-1", "--wrt", "beta"],
        ["eval", "sigmoid", "--at", "0", "--wrt", "alpha"],
        ["limits", "reglu", "--at", "0,1", "--direction", "0,0"],
        ["limits", "reglu", "--at", "0,1", "--direction", "1"],
        ["subgradient", "reglu", "--at", "0,1", "--value", "1"],
        ["check", "--wrt", "all"],
        ["check", "reglu", "--wrt", "all"],
        ["check", "sigmoid", "--wrt", "all"],
        ["check", "elu", "--wrt", "beta"],
        ["grid", "relu", "--dtype", "mpfr256"],
        ["grid", "nosuch", "--dtype", "float32"],
        ["grid", "relu", "--dtype", "float32", "--in", "1,0"],
        ["grid", "relu", "--dtype", "float32", "--in", "abc"],
        ["grid", "relu", "--dtype", "float32", "--cases", "-1"],
        ["grid", "relu", "--dtype", "float32", "--seed", "junk"],
        ["nosuch"],
    ])
    func badInputIsOneLineAndStatus2(_ arguments: [String]) throws {
        let folder = try CommandLineTool.temporaryFolder("bad-input")
        defer { try? FileManager.default.removeItem(at: folder) }
        let run = try CommandLineTool.run(arguments, in: folder, environment: ["KINKCHECK_SEED": "7"])
        #expect(run.status == 2, "\(arguments): status \(run.status), stderr \(run.stderr.prefix(400))")
        #expect(run.errorLines.count == 1 && run.errorLines[0].hasPrefix("error: "), "\(arguments): \(run.stderr.prefix(400))")
        #expect(run.stdout.isEmpty, "\(arguments): \(run.stdout.prefix(400))")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty, "\(arguments) wrote into the current folder")
    }

    /// Both precision ranges are accepted at their ends (the analyses' 2 … 2²⁴ is tested at the
    /// top in PrecisionLimitCommandTests).
    @Test(arguments: [
        ["check", "relu", "--cases", "1", "--precision", "16"],
        ["limits", "relu", "--at", "0", "--precision", "2"],
        ["eval", "relu", "--at", "0", "--precision", "2"],
    ])
    func precisionRangesAreAcceptedAtTheirEnds(_ arguments: [String]) throws {
        let run = try CommandLineTool.run(arguments, environment: ["KINKCHECK_SEED": "7"])
        #expect(run.status == 0, "\(arguments): status \(run.status), stderr \(run.stderr.prefix(400))")
    }

    /// x²·sin(1/x)'s float kernel gives NaN derivatives beside its kink (1/x overflows): `check`
    /// names the failures and exits 1.
    @Test func checkExits1WhenAClaimFails() throws {
        let run = try CommandLineTool.run(["check", "x2_sin_inv_x", "--cases", "1", "--precision", "32"], environment: ["KINKCHECK_SEED": "7"])
        #expect(run.status == 1, "status \(run.status), stderr \(run.stderr.prefix(400))")
        #expect(run.stdout.contains("x2_sin_inv_x autodiff_in_clarke FAILS"), "\(run.stdout.prefix(800))")
        #expect(run.stdout.hasSuffix("claim(s) fail (seed 0x0000000000000007; replay with --seed 0x0000000000000007)\n"), "\(run.stdout.suffix(300))")
        #expect(run.stderr.isEmpty)
    }

    /// A NaN at ±∞ is no counterexample in ulps: `check` prints it on its own line with what was
    /// due there, never "tolerance 0 ulps"; `--json` carries it per format as `non_finite`.
    @Test func nonFiniteFailureHasItsOwnLine() throws {
        let args = ["check", "expr:x + 0*x", "--cases", "5", "--precision", "32"]
        let run = try CommandLineTool.run(args, environment: ["KINKCHECK_SEED": "9"])
        #expect(run.status == 1, "status \(run.status), stderr \(run.stderr.prefix(400))")
        #expect(run.stdout.contains("\n    non-finite: float16, bfloat16, float32, float64: at x = inf: f computed nan, the limit is inf"),
                "\(run.stdout.suffix(600))")
        #expect(!run.stdout.contains("tolerance 0 ulps") && !run.stdout.contains("counterexample"), "\(run.stdout.suffix(600))")
        let json = try CommandLineTool.run(args + ["--json"], environment: ["KINKCHECK_SEED": "9"]).json()
        let activation = json["activations"]?.array?.first
        let accuracy = activation?["properties"]?.array?.first { $0["name"] == .string("accuracy") }
        #expect(accuracy?["counterexample"] == .null)
        #expect(accuracy?["formats"]?.array?.allSatisfy { $0["non_finite"]?.string?.hasPrefix("at x = inf: f computed nan") == true } == true,
                "\(String(describing: accuracy?["formats"]))")
    }

    /// The same through `--json`: status 1 and `"holds": false`.
    @Test func checkJSONExits1WhenAClaimFails() throws {
        let run = try CommandLineTool.run(["check", "x2_sin_inv_x", "--cases", "1", "--precision", "32", "--json"], environment: ["KINKCHECK_SEED": "7"])
        #expect(run.status == 1, "status \(run.status), stderr \(run.stderr.prefix(400))")
        let json = try run.json()
        #expect(json["holds"] == .bool(false))
        let failing = json["activations"]?.array?.first?["properties"]?.array?.filter { $0["holds"] == .bool(false) } ?? []
        #expect(failing.contains { $0["name"] == .string("autodiff_in_clarke") && $0["counterexample"]?.string != nil }, "\(failing)")
    }

    /// A case that fails makes `distribution` exit 1: two_slope_bad's hand-written derivative is
    /// 1.4 where f′ is 1.5, so −∫ f φ′ and ∫ g φ differ by 0.1·∫₀ φ.
    @Test func distributionExits1WhenACaseFails() throws {
        let dir = try CommandLineTool.temporaryFolder("distribution-fails")
        defer { try? FileManager.default.removeItem(at: dir) }
        try VariantCommandTests.file().write(to: dir.appendingPathComponent("v.toml"), atomically: true, encoding: .utf8)
        let run = try CommandLineTool.run(["distribution", "two_slope_bad", "--variants", "v.toml", "--digits", "10", "--case", "0.5,1"],
                                          in: dir)
        #expect(run.status == 1, "status \(run.status), stderr \(run.stderr.prefix(400))")
        #expect(run.stdout.hasSuffix("the identity FAILS\n"), "\(run.stdout.suffix(300))")
    }

    /// Membership answers are data: a value outside the Clarke set is still exit status 0.
    @Test func subgradientNonMembershipIsStatus0() throws {
        let run = try CommandLineTool.run(["subgradient", "relu", "--at", "0", "--value", "7"])
        #expect(run.status == 0 && run.stdout.contains("g = 7: not in Clarke"), "status \(run.status): \(run.stdout)")
    }
}
