import Foundation
import Testing

/// Every option that names a format reads the same spellings (one parser), and equivalent
/// spellings give the same output byte for byte; an unknown one is one line and exit 2.
@Suite struct FormatSpellingCommandTests {
    func stdout(_ arguments: [String]) throws -> String {
        let run = try CommandLineTool.run(arguments, environment: ["KINKCHECK_SEED": nil, "CI": nil])
        #expect(run.status == 0 && run.stderr.isEmpty, "\(arguments): status \(run.status), stderr \(run.stderr.prefix(400))")
        return run.stdout
    }

    @Test(arguments: [("float32", ["f32", "binary32", "float", "FLOAT32"]), ("float16", ["f16", "binary16", "half"]),
                      ("bfloat16", ["bf16"]), ("float64", ["f64", "binary64", "double"])])
    func gridDtypeSpellingsAgree(_ name: String, _ others: [String]) throws {
        let reference = try stdout(["grid", "relu", "--dtype", name, "--cases", "5"])
        for other in others {
            #expect(try stdout(["grid", "relu", "--dtype", other, "--cases", "5"]) == reference, "\(other)")
        }
    }

    @Test func convergePrecisionSpellingsAgree() throws {
        let arguments = ["converge", "relu", "--at", "0.5", "--kmax", "4", "--csv", "--precisions"]
        let reference = try stdout(arguments + ["f32,bf16,53"])
        #expect(try stdout(arguments + ["float32,bfloat16,mpfr:53"]) == reference)
        #expect(try stdout(arguments + ["binary32,BF16,mpfr53"]) == reference)
    }

    @Test(arguments: [(["grid", "relu", "--dtype", "f8"], "--dtype"), (["grid", "relu", "--dtype", "mpfr:64"], "--dtype"),
                      (["converge", "relu", "--at", "0", "--precisions", "f32,f8"], "--precisions"),
                      (["bench", "generate", "--formats", "f64,f8"], "--formats")])
    func anUnknownSpellingListsTheAcceptedOnes(_ arguments: [String], _ option: String) throws {
        let run = try CommandLineTool.run(arguments)
        #expect(run.status == 2 && run.stdout.isEmpty && run.errorLines.count == 1, "\(arguments): \(run.stderr)")
        #expect(run.stderr.hasPrefix("error: \(option)") && run.stderr.contains("f32 (float32, binary32, float)"), "\(run.stderr)")
    }
}
