import Foundation
import Testing

/// Bad command-line input is one line naming what is wrong, and exit status 2.
@Suite struct CommandLineMessageTests {
    /// A negative number after an option is that option's value, not a flag: the message names
    /// it (it used to be "Missing value").
    @Test(arguments: [
        (["eval", "relu", "--at", "0", "--precision", "-5"], "--precision"),
        (["converge", "relu", "--at", "0", "--kmax", "-5"], "--kmax"),
        (["check", "relu", "--cases", "-5"], "--cases"),
        (["check", "relu", "--precision", "-5"], "--precision"),
        (["check", "relu", "--seed", "-5"], "--seed"),
        (["check", "relu", "--shard", "-1/2"], "--shard"),
        (["check", "relu", "--accuracy-domain", "-5"], "--accuracy-domain"),
        (["check", "relu", "--accuracy-domain", "1,-5"], "--accuracy-domain"),
        (["report", "relu", "--accuracy-domain", "5,-1e400"], "--accuracy-domain"),
        (["distribution", "relu", "--digits", "-5"], "--digits"),
        (["distribution", "relu", "--cases", "-5"], "--cases"),
        (["report", "relu", "--cases", "-5"], "--cases"),
        (["report", "relu", "--seed", "-5"], "--seed"),
        (["bench", "generate", "--count", "-5"], "--count"),
    ])
    func negativeNumbersAreNamedInTheMessage(_ arguments: [String], _ option: String) throws {
        let folder = try CommandLineTool.temporaryFolder("messages")
        defer { try? FileManager.default.removeItem(at: folder) }
        let run = try CommandLineTool.run(arguments, in: folder, environment: ["KINKCHECK_SEED": nil])
        let bad = arguments.last!
        #expect(run.status == 2, "\(arguments): status \(run.status)")
        #expect(run.errorLines.count == 1, "\(arguments): \(run.stderr)")
        let line = run.errorLines.first ?? ""
        #expect(line.contains(option) && line.contains(bad) && !line.contains("Missing"), "\(arguments): \(line)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
    }

    /// A malformed KINKCHECK_SEED is blamed on the variable, not on --seed, by every command
    /// that reads it (report used to say "--seed").
    @Test(arguments: [["check", "relu", "--cases", "1"], ["report", "relu", "--cases", "1", "--out", "r"],
                      ["distribution", "relu", "--cases", "1"], ["distribution", "relu", "--case", "0,1"]])
    func malformedSeedVariableIsBlamedOnTheVariable(_ arguments: [String]) throws {
        let folder = try CommandLineTool.temporaryFolder("seed-variable")
        defer { try? FileManager.default.removeItem(at: folder) }
        let run = try CommandLineTool.run(arguments, in: folder, environment: ["KINKCHECK_SEED": "junk"])
        #expect(run.status == 2, "\(arguments): status \(run.status)")
        #expect(run.errorLines == ["error: KINKCHECK_SEED='junk' is not a 64-bit unsigned integer (decimal or 0x hex)"], "\(arguments): \(run.stderr)")
    }

    /// Parameters outside the documented range are refused alike, huge or tiny.
    @Test(arguments: ["elu:alpha=1e999999", "softplus:beta=1e-999999"])
    func outOfRangeParametersAreOneLine(_ spec: String) throws {
        let run = try CommandLineTool.run(["eval", spec, "--at", "1"])
        #expect(run.status == 2 && run.errorLines.count == 1 && run.stderr.contains("out of range"), "\(spec): \(run.stderr)")
    }
}
