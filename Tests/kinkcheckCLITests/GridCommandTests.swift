import Foundation
import Testing

/// `kinkcheck grid`: one point per line, each exact in the dtype, specials first then ascending,
/// deterministic by default and per seed.
@Suite struct GridCommandTests {
    func points(_ arguments: [String], environment: [String: String?] = ["KINKCHECK_SEED": nil, "CI": nil]) throws -> [String] {
        let run = try CommandLineTool.run(["grid"] + arguments, environment: environment)
        #expect(run.status == 0, "grid \(arguments): status \(run.status), stderr \(run.stderr.prefix(400))")
        #expect(run.stderr.isEmpty, "grid \(arguments): \(run.stderr.prefix(400))")
        return run.stdout.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)
    }

    /// The value of a line (hex float or special), as Swift reads it.
    func value(_ line: String) -> Double? {
        switch line {
        case "nan": .nan
        case "inf": .infinity
        case "-inf": -.infinity
        default: line.hasPrefix("0x") || line.hasPrefix("-0x") ? Double(line) : nil
        }
    }

    /// Specials first (nan, -inf, inf), then strictly ascending with -0 before +0; no repeats.
    func expectOrdered(_ lines: [String], _ label: String) {
        #expect(Array(lines.prefix(3)) == ["nan", "-inf", "inf"], "\(label): \(lines.prefix(5))")
        let finite = lines.dropFirst(3).map { value($0) }
        #expect(finite.allSatisfy { $0 != nil && $0!.isFinite }, "\(label): a line is not a finite hex float")
        let values = finite.compactMap { $0 }
        for (a, b) in zip(values, values.dropFirst()) where !(a < b || (a == 0 && b == 0 && a.sign == .minus && b.sign == .plus)) {
            Issue.record("\(label): \(a) then \(b) is not ascending")
            break
        }
        #expect(Set(lines).count == lines.count, "\(label): repeated points")
    }

    /// A scan interval out to 10^8888888 answers at once (bisection toward the kink at 0 steps
    /// down in exponent), with the points of the default interval: the kinks are the same.
    @Test func aHugeScanIntervalAnswersAtOnceWithTheSameKinks() throws {
        let start = Date()
        let huge = try points(["relu", "--dtype", "bfloat16", "--cases", "50", "--in", "1e888888,1e8888888"])
        #expect(Date().timeIntervalSince(start) < 30, "took \(Date().timeIntervalSince(start)) s")
        #expect(huge == (try points(["relu", "--dtype", "bfloat16", "--cases", "50"])))
    }

    @Test func leakyReLUFloat32GridHasAThousandExactPointsAndBothZeros() throws {
        let lines = try points(["leaky_relu", "--dtype", "float32"])
        #expect(lines.count >= 1000, "\(lines.count) points")
        #expect(lines.contains("0x0p+0") && lines.contains("-0x0p+0"))
        expectOrdered(lines, "leaky_relu float32")
        for line in lines.dropFirst(3) {
            guard let d = value(line), Double(Float(d)) == d else { Issue.record("\(line) is not exact in float32"); break }
        }
        // Largest finite, least subnormal, least normal, and 16 ulps beside the kink.
        for p in ["0x1.fffffep+127", "-0x1.fffffep+127", "0x1p-149", "0x1p-126", "0x1p-145", "-0x1p-145"] {
            #expect(lines.contains(p), "\(p) missing")
        }
    }

    @Test func theDefaultSeedIsFixedAndASeedChangesOnlyTheRandomCases() throws {
        let a = try points(["relu", "--dtype", "float64", "--cases", "50"])
        let b = try points(["relu", "--dtype", "float64", "--cases", "50"], environment: ["KINKCHECK_SEED": nil, "CI": "1"])
        let c = try points(["relu", "--dtype", "float64", "--cases", "50", "--seed", "7"])
        let sweep = try points(["relu", "--dtype", "float64", "--cases", "0"])
        #expect(a == b)
        #expect(a != c)
        #expect(Set(sweep).isSubset(of: Set(a)) && Set(sweep).isSubset(of: Set(c)))
    }

    @Test func softplusThresholdKinkAndItsNeighboursAreOnTheFloat64Grid() throws {
        let lines = try points(["softplus:threshold=20", "--dtype", "float64", "--cases", "0"])
        // 20, one and sixteen ulps either side.
        for p in ["0x1.4p+4", "0x1.4000000000001p+4", "0x1.3ffffffffffffp+4", "0x1.400000000001p+4", "0x1.3fffffffffffp+4"] {
            #expect(lines.contains(p), "\(p) missing")
        }
        // exp's overflow threshold in binary64 lies between these neighbours: ln(max) ≈ 709.78.
        #expect(lines.contains("0x1.62e42fefa39efp+9") || lines.contains("0x1.62e42fefa39fp+9"))
        expectOrdered(lines, "softplus:threshold=20 float64")
    }

    @Test(arguments: ["float16", "bfloat16"])
    func sixteenBitGridsHoldOnlyValuesOfTheFormat(_ dtype: String) throws {
        let lines = try points(["hardswish", "--dtype", dtype, "--cases", "300"])
        expectOrdered(lines, "hardswish \(dtype)")
        for line in lines.dropFirst(3) {
            guard let d = value(line) else { Issue.record("\(line) unreadable"); break }
            let exact: Bool
            if dtype == "bfloat16" {
                exact = Double(Float(d)) == d && Float(d).bitPattern & 0xFFFF == 0
            } else {
                exact = Double(Float16(d)) == d
            }
            if !exact { Issue.record("\(line) is not exact in \(dtype)"); break }
        }
        #expect(lines.contains("-0x1.8p+1") && lines.contains("0x1.8p+1"), "the kinks at ±3")
        #expect(lines.contains(dtype == "float16" ? "0x1.ffcp+15" : "0x1.fep+127"), "largest finite")
        #expect(lines.contains(dtype == "float16" ? "0x1p-24" : "0x1p-133"), "least subnormal")
    }
}

/// `grid --format npy` and `--shard I/N` (issue 29's first piece): the .npy array holds the text
/// grid's points bit for bit, and the shards split them, contiguous and disjoint.
@Suite struct GridNPYTests {
    /// (descr, shape, the data's 32-bit words) of a version 1.0 .npy file.
    func npy(_ bytes: Data) throws -> (descr: String, shape: String, words: [UInt32]) {
        let b = [UInt8](bytes)
        #expect(Array(b[0..<8]) == [0x93] + Array("NUMPY".utf8) + [1, 0])
        let length = Int(b[8]) | Int(b[9]) << 8
        #expect((10 + length) % 64 == 0)
        let header = String(decoding: b[10..<(10 + length)], as: UTF8.self)
        func field(_ key: String) -> String {
            let after = header.components(separatedBy: "'\(key)': ")[1]
            return key == "shape" ? String(after.prefix { $0 != ")" }) + ")" : String(after.split(separator: "'")[0])
        }
        let data = b[(10 + length)...]
        let words = stride(from: data.startIndex, to: data.endIndex, by: 4).map { i in
            (0..<4).reduce(UInt32(0)) { $0 | UInt32(data[i + $1]) << (8 * UInt32($1)) }
        }
        return (field("descr"), field("shape"), words)
    }

    @Test func theArrayHoldsTheTextGridAndShardsSplitIt() throws {
        let args = ["grid", "relu", "--dtype", "float32", "--cases", "30", "--seed", "3"]
        let text = try CommandLineTool.run(args).stdout.split(separator: "\n").map(String.init)
        let bits = text.map { t -> UInt32 in
            let v = t.contains("0x") ? Double(t)! : (t == "nan" ? Double.nan : Double(t)!)
            return v.isNaN ? 0x7FC0_0000 : Float(v).bitPattern
        }
        let whole = try npy(try CommandLineTool.runBytes(args + ["--format", "npy"]))
        #expect(whole.descr == "<f4" && whole.shape == "(\(text.count),)")
        #expect(whole.words.map { ($0 & 0x7F80_0000) == 0x7F80_0000 && $0 & 0x7F_FFFF != 0 ? 0x7FC0_0000 : $0 } == bits)
        var parts: [UInt32] = []
        for i in 1...3 { parts += try npy(try CommandLineTool.runBytes(args + ["--format", "npy", "--shard", "\(i)/3"])).words }
        #expect(parts == whole.words)
    }

    @Test func npyAndJSONAreOneOrTheOther() throws {
        let run = try CommandLineTool.run(["grid", "relu", "--dtype", "float32", "--format", "npy", "--json"])
        #expect(run.status == 2 && run.errorLines.count == 1)
    }
}
