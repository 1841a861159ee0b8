import Foundation
import Testing

/// Formulas and variant files from the command line: a variant file's names are specs for every
/// command, `check --variants FILE` checks the file's variants, and a broken file is one line and
/// exit 2.
@Suite struct VariantCommandTests {
    /// The variant file Tests/KinkCheckTests/Fixtures/two_slope.toml (shared with
    /// VariantFileTests): two_slope, and two_slope_bad with a wrong hand-written derivative.
    static func file() throws -> String {
        let url = CommandLineTool.packageRoot.appendingPathComponent("Tests/KinkCheckTests/Fixtures/two_slope.toml")
        return try String(contentsOf: url, encoding: .utf8)
    }

    /// A folder holding `v.toml` (`text`, or the shared file); removed by the caller.
    func folder(_ label: String, text: String? = nil) throws -> URL {
        let folder = try CommandLineTool.temporaryFolder(label)
        try (text ?? Self.file()).write(to: folder.appendingPathComponent("v.toml"), atomically: true, encoding: .utf8)
        return folder
    }

    @Test func aVariantNameIsASpecWithItsParametersOverridable() throws {
        let dir = try folder("variant-eval")
        defer { try? FileManager.default.removeItem(at: dir) }
        let run = try CommandLineTool.run(["eval", "two_slope:a=0.2", "--variants", "v.toml", "--at", "-2", "--json"], in: dir)
        #expect(run.status == 0, "\(run.stderr)")
        let json = try run.json()
        #expect(json["activation"]?.string == "two_slope:a=0.2")
        #expect(json["double"]?["value"]?.string == "-0.4" && json["double"]?["derivative"]?.string == "0.2", "\(run.stdout)")
    }

    @Test func checkOfTheFileHoldsForTheRightDerivativeAndFailsForTheWrongOne() throws {
        let dir = try folder("variant-check")
        defer { try? FileManager.default.removeItem(at: dir) }
        let run = try CommandLineTool.run(["check", "--variants", "v.toml", "--cases", "40", "--json"], in: dir,
                                          environment: ["KINKCHECK_SEED": "7"])
        #expect(run.status == 1, "status \(run.status): \(run.stderr.prefix(300))")
        let json = try run.json()
        let activations = json["activations"]?.array ?? []
        #expect(activations.map { $0["activation"]?.string } == ["two_slope", "two_slope_bad"])
        #expect(activations.first?["holds"]?.bool == true)
        let failing = Set((activations.last?["properties"]?.array ?? []).filter { $0["holds"]?.bool == false }.compactMap { $0["name"]?.string })
        #expect(failing == ["derivative", "autodiff_in_clarke", "distribution_first", "distribution_second"], "\(failing)")
    }

    @Test func reportWritesAPagePerVariant() throws {
        let dir = try folder("variant-report")
        defer { try? FileManager.default.removeItem(at: dir) }
        let run = try CommandLineTool.run(["report", "two_slope", "expr:x*sigmoid(x)", "--variants", "v.toml", "--cases", "1", "--out", "r"],
                                          in: dir, environment: ["KINKCHECK_SEED": "7", "CI": nil])
        #expect(run.status == 0, "\(run.stderr.prefix(300))")
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.appendingPathComponent("r").path)
        #expect(files.contains("two_slope.md"), "\(files.sorted())")
        #expect(files.contains { $0.hasPrefix("expr_x_sigmoid_x__") && $0.hasSuffix(".md") }, "\(files.sorted())")
    }

    @Test(arguments: [
        ("[[variant]]\nname = \"v\"\nformula = \"x\"\nformulae = \"x\"\n", "variant 'v': formulae: unknown key"),
        ("[[variant]]\nname = \"relu\"\nformula = \"x\"\n", "variant 'relu': name: 'relu' shadows a built-in"),
        ("[[variant]]\nname = \"v\"\nformula = \"a*x\"\n", "variant 'v': formula: column 1: 'a' is used but not given"),
        ("[[variant]]\nname = \"v\"\nformula = \"c*x\"\nparameters = { c = \"4\\u00005\" }\n", "line 4, column 22: a NUL character"),
        ("[[variant]]\nname = \"v\"\nformula = \"x/2\\u0000+7\"\n", "line 3, column 15: a NUL character"),
        ("[[variant]]\nname = \"log\"\nformula = \"3*x\"\n", "variant 'log': name: 'log' is a word of the formula language"),
    ])
    func aBrokenFileIsOneLineAndStatus2(text: String, expected: String) throws {
        let dir = try folder("variant-bad", text: text)
        defer { try? FileManager.default.removeItem(at: dir) }
        let run = try CommandLineTool.run(["check", "--variants", "v.toml"], in: dir)
        #expect(run.status == 2)
        #expect(run.errorLines.count == 1 && run.errorLines[0].hasPrefix("error: v.toml: "), "\(run.stderr)")
        #expect(run.errorLines.first?.contains(expected) == true, "\(run.stderr)")
    }
}
