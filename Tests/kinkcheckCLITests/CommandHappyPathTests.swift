import Foundation
import Testing

/// Every subcommand's ordinary use: exit status 0, stdout with the answer its page
/// (docs/commands/<name>.md) shows, and nothing on stderr when the seed is given (a random seed
/// is announced there).
@Suite struct CommandHappyPathTests {
    /// Runs with a fixed `KINKCHECK_SEED` and without `CI`, so that output is deterministic.
    func run(_ arguments: [String]) throws -> CommandRun {
        let run = try CommandLineTool.run(arguments, environment: ["KINKCHECK_SEED": "7", "CI": nil])
        #expect(run.status == 0, "kinkcheck \(arguments.joined(separator: " ")): status \(run.status), stderr \(run.stderr.prefix(400))")
        #expect(run.stderr.isEmpty, "kinkcheck \(arguments.joined(separator: " ")): \(run.stderr.prefix(400))")
        return run
    }

    func lines(_ run: CommandRun) -> [String] { run.stdout.split(separator: "\n").map(String.init) }

    @Test func listNamesEveryBuiltInWithItsKinks() throws {
        let out = lines(try run(["list"]))
        #expect(out.contains { $0.hasPrefix("relu ") && $0.contains("kinks: 0") && $0.contains("f(x) = max(0, x)") }, "\(out)")
        #expect(out.contains { $0.hasPrefix("relu6 ") && $0.contains("kinks: 0,6") }, "\(out)")
        #expect(out.contains("composites and controls (autodiff classics):"))
        #expect(out.contains { $0.hasPrefix("x2_sin_inv_x ") })
    }

    @Test func evalGivesValueAndAutodiffDerivativeInEveryType() throws {
        let out = lines(try run(["eval", "softplus", "--at", "0", "--precision", "200"]))
        #expect(out == [
            "softplus at x = 0  (mpfr: 200 bits, correctly rounded)",
            "  float16  f = 0.6934    f' (autodiff) = 0.5",
            "  bfloat16 f = 0.69140625    f' (autodiff) = 0.5",
            "  float    f = 0.6931472    f' (autodiff) = 0.5",
            "  double   f = 0.6931471805599453    f' (autodiff) = 0.5",
            "  mpfr     f = 0.69314718055994530941723212145817656807550013436025525412067998    f' (autodiff) = 0.5",
        ])
    }

    @Test func convergeTakesHalfPrecisions() throws {
        let out = lines(try run(["converge", "relu", "--at", "0", "--precisions", "f16,bf16", "--csv"]))
        #expect(out.first == "activation,precision,side,k,error,log2_error")
        #expect(out.contains { $0.hasPrefix("relu,f16,fwd,") } && out.contains { $0.hasPrefix("relu,bf16,bwd,") })
        #expect(out.count == 1 + 2 * (19 + 16))   // k = 1 … p + 8 per side: p = 11 and 8
    }

    @Test func limitsOfReLUAtZeroAreCertifiedAndNotDifferentiable() throws {
        let out = lines(try run(["limits", "relu", "--at", "0"]))
        #expect(out == [
            "relu at x = 0  (256 bits)",
            "  f(x)      = 0",
            "  f(x-)     = 0  exact  (certified)",
            "  f(x+)     = 0  exact  (certified)",
            "  continuous: yes",
            "  D-        = 0  exact  (certified)",
            "  D+        = 1  exact  (certified)",
            "  differentiable: no",
        ])
    }

    /// The CSV contract: the header, then rows in loop order (precisions as listed, fwd then
    /// bwd, k = 1 … kmax).
    @Test func convergeCSVFollowsItsContract() throws {
        let out = lines(try run(["converge", "softplus", "--at", "0.3", "--precisions", "53,f32", "--kmax", "3", "--csv"]))
        #expect(out.first == "activation,precision,side,k,error,log2_error")
        let keys = out.dropFirst().map { $0.split(separator: ",").prefix(4).joined(separator: ",") }
        #expect(keys == ["softplus,53,fwd,1", "softplus,53,fwd,2", "softplus,53,fwd,3", "softplus,53,bwd,1", "softplus,53,bwd,2", "softplus,53,bwd,3",
                         "softplus,f32,fwd,1", "softplus,f32,fwd,2", "softplus,f32,fwd,3", "softplus,f32,bwd,1", "softplus,f32,bwd,2", "softplus,f32,bwd,3"])
        for row in out.dropFirst() {
            let cells = row.split(separator: ",")
            #expect(cells.count == 6 && cells[4].contains("e") && (cells[5] == "-inf" || cells[5].split(separator: ".").last?.count == 4), "\(row)")
        }
    }

    @Test func convergeTableHasOneSummaryRowPerPrecisionAndSide() throws {
        let out = lines(try run(["converge", "softplus", "--at", "0.3", "--precisions", "24,f64", "--kmax", "40"]))
        #expect(out.first == "softplus at x = 0.3: one-sided difference error |D(2^-k) - L|")
        #expect(out.filter { $0.hasPrefix("  24        fwd") || $0.hasPrefix("  24        bwd") || $0.hasPrefix("  f64       ") }.count == 4, "\(out)")
    }

    @Test func kinksFindsTheThresholdOfSoftplus() throws {
        let out = lines(try run(["kinks", "softplus:threshold=20", "--in", "15,25", "--precision", "64"]))
        #expect(out.first == "softplus:threshold=20 on [15, 25]: 1 kink (64 bits)", "\(out)")
        #expect(out.count > 1 && out[1].hasPrefix("  x = 20  ") && out[1].hasSuffix("(declared)"), "\(out)")
    }

    @Test func subgradientSaysWhichValuesAreLegitimate() throws {
        let out = lines(try run(["subgradient", "relu", "--at", "0", "--value", "0", "--value", "0.5", "--value", "1", "--value", "1.5"]))
        #expect(out.first == "relu at x = 0  (256 bits): convex_kink")
        #expect(out.contains { $0.hasPrefix("  Clarke set:              [0, 1]") })
        #expect(out.suffix(4) == [
            "  g = 0: in Clarke, a subgradient",
            "  g = 0.5: in Clarke, a subgradient",
            "  g = 1: in Clarke, a subgradient",
            "  g = 1.5: not in Clarke, not a subgradient; witness y = 1: f(y) < f(x) + g·(y − x)",
        ])
    }

    @Test func distributionOfReLUHoldsOnAnExplicitBump() throws {
        let out = lines(try run(["distribution", "relu", "--digits", "20", "--case", "0,1"]))
        #expect(out.first?.hasPrefix("relu: -∫ f φ' = ∫ g φ + Σ J φ(x_j)  (20 digits, seed ") == true, "\(out)")
        #expect(out.contains("  singular point x = 0: jump 0, slope jump 1"), "\(out)")
        #expect(out.contains { $0.contains("bump exp(−1/(1 − t²)) (c=0, w=1)") && $0.contains("lhs 0.22199690808403971891") && $0.hasSuffix("holds") }, "\(out)")
        #expect(out.last?.hasSuffix("the identity holds in every case") == true)
    }

    @Test func checkOfReLUHoldsEverywhere() throws {
        let out = lines(try run(["check", "relu", "--cases", "1", "--precision", "32"]))
        #expect(out.first?.hasPrefix("activation  kinks") == true)
        #expect(out.count == 9 && out[1].hasPrefix("relu ") && !out[1].contains("FAILS"), "\(out)")
        // One line per format under the table: every input of the 16-bit formats.
        #expect(out[2].hasPrefix("accuracy per format"), "\(out)")
        #expect(out[3].hasPrefix("  float16   all 63,488 inputs: f 0 ulps") && out[4].hasPrefix("  bfloat16  all 65,280 inputs: f 0 ulps"), "\(out)")
        #expect(out[5].hasPrefix("  float32   ") && out[6].hasPrefix("  float64   ") && out[3...6].allSatisfy { $0.hasSuffix("0 outside the tolerance") }, "\(out)")
        #expect(out[7].hasPrefix("holds by proof: "), "\(out)")
        #expect(out.last == "every claim holds (seed 0x0000000000000007)")
    }

    @Test func reportWritesTheIndexAndOnePagePerActivation() throws {
        let folder = try CommandLineTool.temporaryFolder("report-happy")
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = try run(["report", "relu", "--cases", "1", "--out", "r"], in: folder)
        #expect(out.stdout.hasPrefix("wrote ") && out.stdout.hasSuffix(" files to r (seed 0x0000000000000007); every claim holds\n"), "\(out.stdout)")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("r").path)
        #expect(files.contains("README.md") && files.contains("relu.md") && files.contains("relu-function.svg"), "\(files.sorted())")
        let index = try String(contentsOf: folder.appendingPathComponent("r/README.md"), encoding: .utf8)
        #expect(index.contains("Generated by `kinkcheck report relu --seed 0x0000000000000007 --cases 1`.\n"), "\(index.prefix(300))")
        // The accuracy plot's data: x log-spaced from near 0 to the tails, both signs, per format.
        let csv = try String(contentsOf: folder.appendingPathComponent("r/relu-accuracy.csv"), encoding: .utf8)
        let lines = csv.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false) }
        #expect(lines.first == ["format", "x", "point", "ulps", "tolerance_ulps", "computed", "correctly_rounded"], "\(lines.first ?? [])")
        let xs = lines.dropFirst().compactMap { $0.count > 1 ? Double($0[1]) : nil }
        #expect(xs.count == lines.count - 1 && xs.contains { $0 != 0 && abs($0) <= 1e-6 } && xs.contains { $0 >= 1e6 } && xs.contains { $0 <= -1e6 })
        #expect(Set(lines.dropFirst().map { String($0[0]) }) == ["float16", "bfloat16", "float32", "float64"])
        #expect(lines.dropFirst().filter { $0.count > 2 && $0[2] == "worst" }.count == 4, "the verdict's worst x, once per format")
    }

    @Test func aVariantsReportSaysWhatMadeIt() throws {
        let folder = try CommandLineTool.temporaryFolder("report-variants")
        defer { try? FileManager.default.removeItem(at: folder) }
        try "[[variant]]\nname = \"two_slope\"\nformula = \"where(x < 0, 0.1*x, 1.5*x)\"\n"
            .write(to: folder.appendingPathComponent("my variants.toml"), atomically: true, encoding: .utf8)
        _ = try run(["report", "--variants", "my variants.toml", "--cases", "1", "--out", "r", "--seed", "0x4b494e4b43484543"], in: folder)
        let index = try String(contentsOf: folder.appendingPathComponent("r/README.md"), encoding: .utf8)
        #expect(index.contains("Generated by `kinkcheck report --variants 'my variants.toml' --seed 0x4b494e4b43484543 --cases 1`.\n"),
                "\(index.prefix(300))")
        #expect(!index.contains("scripts/main.sh"))
    }

    func run(_ arguments: [String], in folder: URL) throws -> CommandRun {
        let run = try CommandLineTool.run(arguments, in: folder, environment: ["KINKCHECK_SEED": "7", "CI": nil])
        #expect(run.status == 0 && run.stderr.isEmpty, "status \(run.status), stderr \(run.stderr.prefix(400))")
        return run
    }

    @Test func benchOpsTimesEveryRowAgainstC() throws {
        let out = lines(try run(["bench", "ops", "--iterations", "20", "--rounds", "1"]))
        let rows = out.filter { $0.hasPrefix("multiply ") || $0.hasPrefix("add ") || $0.hasPrefix("exp ") }
        #expect(rows.count == 9, "\(out)")
        #expect(out.last?.hasPrefix("target Swift/C ≤ 1.15 at every row: ") == true)
    }

    @Test func benchGenerateReportsItsRate() throws {
        let out = lines(try run(["bench", "generate", "--count", "1000", "--formats", "binary64"]))
        #expect(out.first == "seed 0x4b494e4b43484543, kinks of relu6: 0, 6")
        #expect(out.count == 3 && out.dropFirst().allSatisfy { $0.hasPrefix("binary64 mixture") && $0.contains("1000 inputs") }, "\(out)")
    }

    /// The fast-path audit on two random blocks each of relu (exact) and gelu (rounding): every
    /// block agrees with the input-by-input path.
    @Test func benchFastPathAuditsRandomBlocks() throws {
        let out = lines(try run(["bench", "fastpath", "relu", "gelu", "--inputs", "2048"]))
        #expect(out.first == "fast path vs input by input: 2048 float32 inputs per activation in 2 random blocks of 1024 (seed 0x4b494e4b43484543)", "\(out)")
        #expect(out.count == 3 && out[1].hasPrefix("relu: agree in every block (") && out[2].hasPrefix("gelu: agree in every block ("), "\(out)")
    }

    @Test func helpExitsCleanly() throws {
        let out = try run(["--help"])
        for command in ["list", "eval", "limits", "converge", "kinks", "subgradient", "distribution", "check", "report", "bench"] {
            #expect(out.stdout.contains("  \(command) "), "\(command) is listed")
        }
    }

    /// `--seed` reads the same text the same way in every command: decimal 16 and hex 0x10 are
    /// the seed 0x0000000000000010, and the command says so.
    @Test(arguments: [
        (["check", "relu", "--cases", "1", "--precision", "32"], "(seed 0x0000000000000010)"),
        (["distribution", "relu", "--digits", "10", "--cases", "1"], "seed 0x0000000000000010)"),
        (["bench", "generate", "--count", "10", "--formats", "binary64"], "seed 0x0000000000000010,"),
    ])
    func seedIsReadTheSameWayEverywhere(_ arguments: [String], _ announced: String) throws {
        let decimal = try run(arguments + ["--seed", "16"]), hex = try run(arguments + ["--seed", "0x10"])
        #expect(decimal.stdout.contains(announced), "\(decimal.stdout.prefix(400))")
        // bench generate prints timings; everything else is the same bytes.
        if arguments[0] != "bench" { #expect(decimal.stdout == hex.stdout) }
        else { #expect(hex.stdout.contains(announced)) }
    }

    @Test func reportAnnouncesTheSeedItWasGiven() throws {
        let folder = try CommandLineTool.temporaryFolder("report-seed")
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = try run(["report", "relu", "--cases", "1", "--out", "r", "--seed", "16"], in: folder)
        #expect(out.stdout.contains("(seed 0x0000000000000010)"), "\(out.stdout)")
    }
}
