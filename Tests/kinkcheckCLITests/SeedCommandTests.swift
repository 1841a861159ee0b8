import Foundation
import Testing

/// The CLI's side of the one seed resolution: a random seed is announced on stderr (stdout stays
/// a clean document) and replays the run; a fallback or the CI seed needs no announcement.
@Suite struct SeedCommandTests {
    @Test func aRandomSeedIsAnnouncedOnStderrAndReplays() throws {
        let arguments = ["distribution", "relu", "--digits", "8", "--cases", "1", "--json"]
        let run = try CommandLineTool.run(arguments, environment: ["KINKCHECK_SEED": nil, "CI": nil])
        #expect(run.status == 0, "status \(run.status), stderr \(run.stderr.prefix(400))")
        let line = try #require(run.errorLines.first, "no announcement")
        #expect(run.errorLines.count == 1 && line.hasPrefix("kinkcheck: run seed 0x"), "\(run.stderr)")
        let seed = String(line.dropFirst("kinkcheck: run seed ".count).prefix(18))
        #expect(line == "kinkcheck: run seed \(seed) (replay with --seed \(seed))")
        #expect(try run.json()["seed"] == .string(seed))
        let replay = try CommandLineTool.run(arguments + ["--seed", seed], environment: ["KINKCHECK_SEED": nil, "CI": nil])
        #expect(replay.stdout == run.stdout && replay.stderr.isEmpty)
    }

    @Test(arguments: [(["distribution", "relu", "--digits", "8", "--cases", "1"], ["CI": "1"]),
                      (["grid", "relu", "--dtype", "f32", "--cases", "1"], [:])])
    func aFixedSeedIsNotAnnounced(_ arguments: [String], _ environment: [String: String?]) throws {
        let run = try CommandLineTool.run(arguments, environment: environment.merging(["KINKCHECK_SEED": nil]) { a, _ in a })
        #expect(run.status == 0 && run.stderr.isEmpty, "\(arguments): \(run.stderr)")
    }
}
