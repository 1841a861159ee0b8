import BigFloat
import Foundation
@testable import KinkCheck
import KinkCheckSamples
import Testing

/// A real PyTorch dump of activations of several inputs (Fixtures/dumps/torch-multi.csv, see its
/// README): every defect class as confirmed by mpmath, and no false alarm at the kinks.
@Suite struct MultiInputSamplesTests {
    func rows(_ name: String) throws -> [DumpRow] {
        let url = try #require(Bundle.module.url(forResource: name, withExtension: "csv", subdirectory: "Fixtures/dumps"))
        var out: [DumpRow] = []
        try DumpReader.forEachRow(path: url.path, fileIndex: 0) { out.append($0) }
        return out
    }

    func check(_ name: String) throws -> MultiInputSampleResult {
        let rows = try rows(name)
        #expect(rows.count == 3207 && rows.allSatisfy { $0.inputs?.count == 2 && $0.gradient?.count == 2 })
        var functions: [String: any MultiInputActivation] = [:]
        for r in rows where functions[r.activation] == nil { functions[r.activation] = try Catalogue.multiInputActivation(r.activation) }
        return MultiInputSampleCheck.check(rows, activations: functions, k: 8)
    }

    /// With `keepPoints` (the report), a dump larger than ``MultiInputSampleCheck/plottedRows`` is
    /// thinned evenly for the plots — every flagged row kept — and a small one is kept whole.
    @Test func theReportKeepsEveryFlaggedRowAndAnEvenReading() throws {
        let base = try rows("torch-multi")
        var functions: [String: any MultiInputActivation] = [:]
        for r in base where functions[r.activation] == nil { functions[r.activation] = try Catalogue.multiInputActivation(r.activation) }
        let whole = MultiInputSampleCheck.check(base, activations: functions, k: 8, keepPoints: true)
        #expect(whole.groups.allSatisfy { $0.points.count == $0.rows })
        let twice = base + base                                    // 6414 rows: one in 2 kept
        #expect(MultiInputSampleCheck.pointStride(rows: twice.count) == 2)
        let thinned = MultiInputSampleCheck.check(twice, activations: functions, k: 8, keepPoints: true)
        for g in thinned.groups {
            #expect(g.points.filter { $0.kind != nil }.count == g.flagged.count)
            #expect(g.points.count < g.rows && g.points.filter { $0.kind == nil }.count >= (g.rows - g.flagged.count) / 2 - 1, "\(g.activation)")
        }
        #expect(MultiInputSampleCheck.check(base, activations: functions, k: 8).groups.allSatisfy { $0.points.isEmpty })
    }

    @Test func theTorchDumpIsClassifiedAsMpmathConfirms() throws {
        let result = try check("torch-multi")
        func defects(_ activation: String, _ dtype: IEEEFormat) -> [SampleClass: Int] {
            result.groups.first { $0.activation == activation && $0.dtype == dtype }?.counts ?? [:]
        }
        // No false alarm at the kinks: relu′(0) = 0, torch.max's routing, PReLU's slope and ∂/∂a.
        for a in ["reglu", "maxout", "prelu[x,a]"] {
            for d in [IEEEFormat.binary32, .binary64, .bfloat16] {
                #expect(defects(a, d).isEmpty, "\(a) \(d.name): \(defects(a, d))")
                #expect((result.groups.first { $0.activation == a && $0.dtype == d }?.onNonSmoothSet ?? 0) > 0)
            }
        }
        // The defects the README lists, each confirmed with mpmath.
        #expect(defects("glu", .binary32) == [.derivativeInaccurate: 12])
        #expect(defects("glu", .binary64) == [.valueInaccurate: 1, .derivativeInaccurate: 24])
        #expect(defects("glu", .bfloat16) == [.derivativeInaccurate: 13])
        #expect(defects("swiglu", .binary32) == [.valueInaccurate: 1])
        #expect(defects("swiglu", .binary64) == [.valueInaccurate: 1, .derivativeInaccurate: 2])
        #expect(result.flagged.count == 54)
        // glu ∂/∂b at a = 10⁶, b = 59.3: torch 0, truth a·σ(b)·σ(−b) = 1.71·10⁻²⁰.
        let first = try #require(result.flagged.first { $0.row.inputs == [1_000_000, Double("0x1.daa3p+5")!] && $0.row.dtype == .binary32 })
        #expect(first.quantity == "∂/∂b" && first.got == 0 && first.want.hasPrefix("1.7119320"))
    }

    /// JAX reads subnormal inputs as 0 (flush_to_zero, nothing else at the kinks); TensorFlow too,
    /// and Keras's PReLU formula relu(x) − a·relu(−x) has gradient (0, 0) at x = 0, outside the
    /// Clarke set. Every defect confirmed with mpmath (the fixtures' README).
    @Test func theJAXAndTensorFlowDumps() throws {
        let jax = try check("jax-multi"), tf = try check("tf-multi")
        #expect(jax.flagged.count == 76 && tf.flagged.count == 125)
        for (result, prelu) in [(jax, "prelu[x,a]:convention=jax"), (tf, "prelu[x,a]")] {
            for a in ["reglu", "maxout"] {
                #expect(result.groups.filter { $0.activation == a }.allSatisfy { Set($0.counts.keys).isSubset(of: [.flushToZero]) })
            }
            let outside = result.flagged.filter { $0.kind == .outsideClarke }
            #expect(outside.allSatisfy { $0.row.activation == prelu && $0.row.inputs![0] == 0 })
            #expect(outside.count == (result.flagged.first?.row.framework == "jax" ? 0 : 43))
        }
        #expect(jax.groups.filter { $0.activation.hasPrefix("prelu") }.allSatisfy { Set($0.counts.keys) == [.flushToZero] })
        #expect(MultiInputSampleCheck.check(try rows("jax-multi"), activations: try Dictionary(uniqueKeysWithValues: Set(try rows("jax-multi").map(\.activation)).map { ($0, try Catalogue.multiInputActivation($0)!) }), k: 8, allowFTZ: true).defectRows == 76 - 21)
    }

    @Test func aPlantedWrongGradientAtAKinkIsOutsideClarke() throws {
        // ReGLU at a = 0 with ∂/∂a = 2b: outside hull{(0, 0), (b, 0)}.
        var r = DumpRow(row: 1, dtype: .binary32, activation: "reglu", x: 0, value: 0, derivative: nil)
        r.inputs = [0, 1.5]
        r.gradient = [3, 0]
        let result = MultiInputSampleCheck.check([r], activations: ["reglu": Activations.GatedUnit(.reglu)], k: 8)
        #expect(result.flagged.first?.kind == .outsideClarke)
        r.gradient = [0.75, 0]
        #expect(MultiInputSampleCheck.check([r], activations: ["reglu": Activations.GatedUnit(.reglu)], k: 8).flagged.isEmpty)
    }
}
