import BigFloat
import Foundation
import KinkCheck
import KinkCheckSamples
import Testing

/// The dump reader and the row classes of `kinkcheck samples`, on hand-made rows and on the
/// committed framework dumps (Fixtures/dumps, see its README for the defects and their rows).
@Suite struct SamplesTests {
    static let header = "framework,mode,dtype,activation,x,value,derivative\n"

    func rows(_ text: String, jsonLines: Bool = false) throws -> [DumpRow] {
        try DumpReader.parse(text, name: "t.csv", jsonLines: jsonLines)
    }

    func classes(_ text: String, allowFTZ: Bool = false) throws -> [SampleClass?] {
        let r = try rows(Self.header + text)
        var activations: [String: any Activation] = [:]
        for row in r { activations[row.activation] = try Catalogue.activation(row.activation) }
        return SampleChecker(allowFTZ: allowFTZ).verdicts(r, activations: activations).map(\.kind)
    }

    // MARK: reader

    @Test func hexFloatsMustBeExactInTheDtype() throws {
        #expect(try DumpNumber.read("0x1.8p+1", in: .binary32) == 3)
        #expect(throws: DumpNumber.Failure.self) { try DumpNumber.read("0x1.0000001p+0", in: .binary32) }
        #expect(throws: DumpNumber.Failure.self) { try DumpNumber.read("0x1p-150", in: .binary32) }
        #expect(throws: DumpNumber.Failure.self) { try DumpNumber.read("0x1p+128", in: .binary32) }
        #expect(throws: DumpNumber.Failure.self) { try DumpNumber.read("1.5x", in: .binary64) }
        let error = #expect(throws: DumpError.self) { try rows(Self.header + "t,m,float32,relu,0x1.0000001p+0,1,1\n") }
        #expect(error?.description.hasPrefix("t.csv: row 1, column x: ") == true, "\(String(describing: error))")
    }

    @Test func decimalsAreReadAsTheNearestDtypeNumber() throws {
        #expect(try DumpNumber.read("0.1", in: .binary32) == Double(Float(0.1)))
        #expect(try DumpNumber.read("20.000000000000004", in: .binary64) == 20.000000000000004)
        // 1 + 2^-11 + 2^-40 in float16: through Double it would be 1 + 2^-11 exactly (a tie, to
        // even: 1); read directly it is above the midpoint: 1 + 2^-10.
        #expect(try DumpNumber.read("1.00048828125090949470177292823791503906250", in: .binary16) == 1 + 0x1p-10)
        #expect(try DumpNumber.read("1.00048828125", in: .binary16) == 1)   // the tie itself: to even
        #expect(try DumpNumber.read("1e-46", in: .binary32) == 0)
        #expect(try DumpNumber.read("1e-45", in: .binary32) == 0x1p-149)
        #expect(try DumpNumber.read("1e39", in: .binary32) == .infinity)
        #expect(try DumpNumber.read("3.0e38", in: .bfloat16) == Double(BigFloat(parsing: "3e38", precision: 256).rounded(to: .bfloat16).value))
    }

    @Test func specialsAreRead() throws {
        for (text, want) in [("nan", Double.nan), ("NaN", .nan), ("inf", .infinity), ("+inf", .infinity), ("-inf", -.infinity),
                             ("Infinity", .infinity), ("-INF", -.infinity)] {
            let v = try DumpNumber.read(text, in: .binary16)
            #expect(v.isNaN ? want.isNaN : v == want, "\(text)")
        }
        let z = try DumpNumber.read("-0.0", in: .binary32)
        #expect(z == 0 && z.sign == .minus)
    }

    @Test func columnsComeInAnyOrderAndExtrasAreIgnored() throws {
        let r = try rows("derivative,note,x,activation,value,dtype\n,hello,1.5,\"hardtanh:min=-2,max=2\",1.5,bf16\n")
        #expect(r.count == 1 && r[0].activation == "hardtanh:min=-2,max=2" && r[0].dtype == .bfloat16)
        #expect(r[0].x == 1.5 && r[0].derivative == nil && r[0].framework == "" && r[0].row == 1)
    }

    @Test func jsonLinesHaveTheSameKeys() throws {
        let text = "{\"activation\": \"relu\", \"dtype\": \"float32\", \"x\": 0.1, \"value\": \"0x1.99999ap-4\", \"derivative\": null, \"mode\": \"eager\"}\n\n"
            + "{\"activation\": \"relu\", \"dtype\": \"float16\", \"x\": \"-inf\", \"value\": 0, \"derivative\": 0}\n"
        let r = try rows(text, jsonLines: true)
        #expect(r.count == 2 && r[0].x == Double(Float(0.1)) && r[0].value == r[0].x && r[0].derivative == nil && r[0].mode == "eager")
        #expect(r[1].row == 2 && r[1].x == -.infinity)
        let error = #expect(throws: DumpError.self) { try rows("{\"activation\": \"relu\", \"dtype\": \"float32\", \"x\": 1}\n", jsonLines: true) }
        #expect(error?.row == 1 && error?.column == "value", "\(String(describing: error))")
    }

    @Test func aMissingColumnIsNamed() throws {
        let error = #expect(throws: DumpError.self) { try rows("activation,dtype,x,derivative\nrelu,float32,1,1\n") }
        #expect(error?.description == "t.csv: header, column value: missing required column 'value' (the header needs activation, dtype, x, value, derivative)")
        let unknown = #expect(throws: DumpError.self) { try rows(Self.header + "t,m,float32,relu,1,1,1\nt,m,float8,relu,1,1,1\n") }
        #expect(unknown?.row == 2 && unknown?.column == "dtype")
    }

    // MARK: classes on hand-made rows

    @Test func eachClassOnAHandMadeRow() throws {
        let c = try classes("""
            t,m,float32,relu,1.5,1.5,1.0
            t,m,float32,relu,0.0,0.0,0.5
            t,m,float32,relu,0.0,0.0,2.0
            t,m,float64,softplus,20.000000000000004,20.000000000000004,1.0
            t,m,float64,sigmoid,1.0,0.7310585786300049,0.25
            t,m,float32,relu,0x1p-149,0.0,0.0
            t,m,float32,relu,-0x1p-140,0.0,1.0
            t,m,float32,relu,-1,nan,0
            t,m,float32,heaviside,0.0,0.5,0.0
            t,m,float64,selu,0x1.fffffffffffffp+1023,inf,1.0507009873554805
            t,m,float32,relu,nan,nan,1.0

            """)
        #expect(c == [nil, nil, .outsideClarke, .valueInaccurate, .derivativeInaccurate, .flushToZero, .wrongSide, .notFinite,
                      .atJump, nil, nil], "\(c)")
    }

    @Test func allowedFlushToZeroIsReportedButNotADefect() throws {
        let r = try rows(Self.header + "t,m,float32,relu,0x1p-149,0.0,0.0\n")
        let result = SampleChecker(allowFTZ: true).check(r, activations: ["relu": try Catalogue.activation("relu")])
        #expect(result.flagged.count == 1 && result.flagged[0].kind == .flushToZero && !result.flagged[0].isDefect && result.holds)
    }

    // MARK: tolerances

    func verdicts(_ text: String, allowFTZ: Bool = false) throws -> [SampleVerdict] {
        let r = try rows(Self.header + text)
        var activations: [String: any Activation] = [:]
        for row in r { activations[row.activation] = try Catalogue.activation(row.activation) }
        return SampleChecker(allowFTZ: allowFTZ).verdicts(r, activations: activations)
    }

    /// softplus at x = 20 + 2⁻⁴⁸ in float64: the tolerance is 8u(|f| + |x·f′|)/ulp(f) =
    /// (f + x·f′)/4 ≈ 9.99999999021 ulps, its parts f/4 and x·f′/4, and 8 half least subnormals.
    @Test func aFlaggedRowCarriesTheToleranceItWasHeldToWithItsParts() throws {
        let v = try verdicts("t,m,float64,softplus,20.000000000000004,20.000000000000004,1.0\n")[0]
        let t = try #require(v.tolerance)
        let x = 20.000000000000004, f = 20.000000002061153, slope = 0.99999999793884638
        #expect(v.kind == .valueInaccurate && v.ulps! > t.ulps!)
        #expect(abs(t.rounding! - f / 4) < 1e-12 && abs(t.conditioning! - x * slope / 4) < 1e-12, "\(t)")
        #expect(abs(t.ulps! - 9.99999999020952) < 1e-9 && t.underflow! == 4 * 0x1p-1074 / 0x1p-48, "\(t)")
        #expect(t.text == "10 = 5 + 5 + 5.56e-309", "\(t.text)")
    }

    /// flush_to_zero is held to one underflow (λ/2 = half an ulp of the least subnormal), the other
    /// classes to k of them; a NaN or ∞ has no tolerance in ulps but says what was due.
    @Test func flushesAreHeldToOneUnderflowAndSpecialsSayWhatWasDue() throws {
        let v = try verdicts("""
            t,m,float32,relu,0x1p-149,0.0,0.0
            t,m,float32,gelu,1.0,nan,0.5
            t,m,float32,relu,nan,1.0,0.0
            t,m,float32,relu,0.0,0.0,2.0
            t,m,float32,relu,-1.0,-0.5,0.0

            """)
        #expect(v[0].kind == .flushToZero && v[0].tolerance?.underflow == 0.5 && v[0].ulps == 1, "\(String(describing: v[0].tolerance))")
        #expect(v[1].kind == .notFinite && v[1].tolerance?.ulps == nil && v[1].tolerance?.expected == "a finite number")
        #expect(v[2].kind == .notFinite && v[2].tolerance?.expected == "nan")
        #expect(v[3].kind == .outsideClarke && v[3].tolerance?.expected == "in the Clarke set widened by 8 ulps at each end")
        #expect(v[4].kind == .valueInaccurate && v[4].tolerance?.underflow == 4 && v[4].tolerance?.rounding == 0, "\(String(describing: v[4].tolerance))")
    }

    // MARK: narrowing

    /// sigmoid and its derivative at 20 float64 points, as a float32 kernel computes them (`narrow`)
    /// or a float64 one does.
    static func sigmoidDump(narrow: Bool) -> String {
        (0 ..< 20).map { i in
            let x = -3.7 + 0.37 * Double(i)
            let (s, d): (Double, Double)
            if narrow {
                let s32 = 1 / (1 + Foundation.exp(-Float(x)))
                (s, d) = (Double(s32), Double(s32 * (1 - s32)))
            } else {
                let s64 = 1 / (1 + Foundation.exp(-x))
                (s, d) = (s64, s64 * (1 - s64))
            }
            return "t,m,float64,sigmoid,\(x),\(s),\(d)\n"
        }.joined()
    }

    func result(_ text: String, allowFTZ: Bool = false) throws -> SampleCheckResult {
        let r = try rows(Self.header + text)
        var activations: [String: any Activation] = [:]
        for row in r { activations[row.activation] = try Catalogue.activation(row.activation) }
        return SampleChecker(allowFTZ: allowFTZ).check(r, activations: activations)
    }

    @Test func aFloat32KernelInAFloat64DumpIsNarrowed() throws {
        let g = try #require(try result(Self.sigmoidDump(narrow: true)).groups.first)
        #expect(g.narrowed(.value) && g.narrowed(.derivative), "\(g.valueNarrowing) \(g.derivativeNarrowing)")
        #expect(g.valueNarrowing.evidence >= 15 && g.valueNarrowing.first != nil && g.valueNarrowing.wide == 0)
    }

    /// A float64 kernel returns numbers that are not float32 numbers; a saturated or exact 1.0 is
    /// a float32 number whatever the kernel, and a one-row group of it is no narrowing.
    @Test func aFloat64KernelIsNotNarrowed() throws {
        let g = try #require(try result(Self.sigmoidDump(narrow: false)).groups.first)
        #expect(!g.narrowed(.value) && !g.narrowed(.derivative) && g.valueNarrowing.wide >= 19, "\(g.valueNarrowing)")
        let one = try #require(try result("t,m,float64,softplus,20.000000000000004,20.000000000000004,1.0\n").groups.first)
        #expect(one.narrowedQuantities.isEmpty && one.derivativeNarrowing.float32 == 1 && one.derivativeNarrowing.evidence == 0)
    }

    /// relu computed in float32 on float64 points: a float64 subnormal becomes 0, which a
    /// flush-to-zero mode would give too; in a narrowed group `--allow ftz` does not excuse it.
    @Test func allowFTZDoesNotExcuseTheFlushesOfANarrowedGroup() throws {
        let xs = [0x1p-1070, 1.1, 2.2, 3.3000000000000003, 0.1]
        let text = xs.map { "t,m,float64,relu,\($0),\(Double(Float($0))),1.0\n" }.joined()
        let allowed = try result(text, allowFTZ: true)
        #expect(allowed.groups[0].narrowed(.value))
        #expect(allowed.flagged.first?.kind == .flushToZero && allowed.flagged.first?.isDefect == true && allowed.unexcusedFlushes == 1)
        #expect(allowed.defectRows == 5)
        // The same flush in a float64 group that is not narrowed is excused.
        let alone = try result("t,m,float64,relu,0x1p-1070,0.0,1.0\nt,m,float64,relu,1.1,1.1,1.0\n", allowFTZ: true)
        #expect(alone.flagged.count == 1 && alone.flagged[0].kind == .flushToZero && !alone.flagged[0].isDefect && alone.holds)
    }

    // MARK: version and device

    @Test func versionAndDeviceAreReadAndSplitTheGroups() throws {
        let csv = "framework,framework_version,device,mode,dtype,activation,x,value,derivative\n"
            + "torch,2.13.0+cpu,cpu,scalar,float32,relu,1.5,1.5,1.0\n"
            + "torch,\"2.12.0 (old, cpu)\", cpu ,scalar,float32,relu,1.5,1.5,1.0\n"
        let r = try rows(csv)
        #expect(r.map(\.version) == ["2.13.0+cpu", "2.12.0 (old, cpu)"] && r.map(\.device) == ["cpu", "cpu"], "\(r.map(\.version)) \(r.map(\.device))")
        let json = try rows("{\"activation\": \"relu\", \"dtype\": \"float32\", \"x\": 1, \"value\": 1, \"derivative\": 1, "
                            + "\"framework_version\": \"0.10.2 (jaxlib 0.10.2)\", \"device\": \"cpu\"}\n", jsonLines: true)
        #expect(json[0].version == "0.10.2 (jaxlib 0.10.2)" && json[0].device == "cpu")
        let result = SampleChecker().check(r, activations: ["relu": try Catalogue.activation("relu")])
        #expect(result.groups.map(\.version) == ["2.13.0+cpu", "2.12.0 (old, cpu)"])
    }

    // MARK: the committed framework dumps

    /// The rows of a committed dump whose activation's base name is in `names` (a subset keeps
    /// the debug-build runtime modest), checked.
    func dump(_ name: String, activations names: Set<String>) throws -> [Int: SampleVerdict] {
        let url = try #require(Bundle.module.url(forResource: name, withExtension: "csv", subdirectory: "Fixtures/dumps"))
        let all = try DumpReader.read(path: url.path)
        let rows = all.filter { names.contains(String($0.activation.split(separator: ":")[0])) }
        var activations: [String: any Activation] = [:]
        for r in rows where activations[r.activation] == nil { activations[r.activation] = try Catalogue.activation(r.activation) }
        let verdicts = SampleChecker().verdicts(rows, activations: activations)
        return Dictionary(uniqueKeysWithValues: verdicts.map { ($0.row.row, $0) })
    }

    /// A file arrives in chunks: cut anywhere — inside a quoted field, between CR and LF, inside
    /// a byte-order mark or a multi-byte character — it gives the same rows.
    @Test(arguments: [false, true])
    func chunkBoundariesDoNotChangeTheRows(jsonLines: Bool) throws {
        let text = jsonLines
            ? "\u{FEFF}{\"activation\": \"hardtanh:min=-2,max=2\", \"dtype\": \"float32\", \"x\": \"0x1.8p+0\", \"value\": 1.5, \"derivative\": null, \"framework\": \"jäx\"}\r\n"
                + "\n  \r\n{\"activation\":\"relu\",\"dtype\":\"bfloat16\",\"x\":\"-inf\",\"value\":\"0\",\"derivative\":\"0\"}"
            : "\u{FEFF}framework,dtype,activation,x,value,derivative\r\n"
                + "\"jäx, \"\"batched\"\"\",float32,\"hardtanh:min=-2,max=2\",0x1.8p+0, 1.5 ,\r\n\n"
                + "t,bfloat16,relu,-inf,0,0"
        func rendered(_ rows: [DumpRow]) -> [String] {
            rows.map { "\($0.row) \($0.framework) \($0.dtype) \($0.activation) \($0.x) \($0.value) \(String(describing: $0.derivative))" }
        }
        let whole = rendered(try DumpReader.parse(text, name: "t", jsonLines: jsonLines))
        #expect(whole.count == 2 && whole[0].contains("jäx") && whole[0].contains("hardtanh:min=-2,max=2 1.5 1.5 nil"), "\(whole)")
        for size in [1, 2, 3, 4, 5, 7, 13] {
            #expect(rendered(try DumpReader.parse(text, name: "t", jsonLines: jsonLines, chunkSize: size)) == whole, "chunks of \(size)")
        }
    }

    /// Rows fed a few at a time, with a truth table too small to keep them, give the result of
    /// all rows at once: flagged rows, groups, maxima and plot points alike.
    @Test func chunksAndAForgetfulTruthTableDoNotChangeTheResult() throws {
        let url = try #require(Bundle.module.url(forResource: "tf", withExtension: "csv", subdirectory: "Fixtures/dumps"))
        let rows = try DumpReader.read(path: url.path).filter { ["leaky_relu", "celu:alpha=1"].contains($0.activation) }
        var activations: [String: any Activation] = [:]
        for r in rows where activations[r.activation] == nil { activations[r.activation] = try Catalogue.activation(r.activation) }
        let whole = SampleChecker().check(rows, activations: activations)
        var run = SampleRun(SampleChecker(), survey: SampleSurvey(rows), activations: activations, truthCacheSize: 5)
        for start in stride(from: 0, to: rows.count, by: 7) { run.add(Array(rows[start ..< min(start + 7, rows.count)])) }
        let pieces = run.result()
        #expect(rows.count > 500 && whole.rows == rows.count && pieces.rows == whole.rows && pieces.defectRows == whole.defectRows)
        #expect(!whole.flagged.isEmpty && pieces.flagged.map(\.row.row) == whole.flagged.map(\.row.row))
        #expect(pieces.flagged.map { "\($0.kind!) \($0.got.bitPattern) \($0.want) \(String(describing: $0.ulps))" }
                == whole.flagged.map { "\($0.kind!) \($0.got.bitPattern) \($0.want) \(String(describing: $0.ulps))" })
        func summary(_ g: SampleGroup) -> String {
            "\(g.framework) \(g.mode) \(g.dtype) \(g.activation) \(g.rows) \(String(describing: g.maxValueULPs)) "
                + "\(String(describing: g.maxDerivativeULPs)) \(g.classCounts.map { "\($0.0) \($0.1)" }) \(g.flagged) "
                + "\(g.valueErrors.map { "\($0.x) \($0.ulps)" }) \(g.derivativeErrors.map { "\($0.x) \($0.ulps)" }) \(g.kinks)"
        }
        #expect(pieces.groups.count == whole.groups.count && pieces.groups.map(summary) == whole.groups.map(summary))
    }

    func expect(_ v: [Int: SampleVerdict], row: Int, _ c: SampleClass?, _ label: String) {
        #expect(v[row] != nil, "\(label): row \(row) not checked")
        #expect(v[row]?.kind == c, "\(label): row \(row) is \(String(describing: v[row]?.kind)), want \(String(describing: c))")
    }

    @Test func pyTorchDefectsAreFlaggedAndItsReLUIsSilent() throws {
        let v = try dump("torch", activations: ["relu", "softplus", "hardsigmoid", "hardswish", "gelu_tanh", "relu_minus_relu_neg"])
        expect(v, row: 5802, .atJump, "softplus:threshold=20 float64 at 20 (its own jump)")
        expect(v, row: 5803, nil, "softplus:threshold=20 float64 above 20 (agrees with the spec)")
        expect(v, row: 10504, .derivativeInaccurate, "hardsigmoid float64 slope 1/6 in float32")
        expect(v, row: 11875, .notFinite, "hardswish float64 intermediate overflow")
        expect(v, row: 7158, .notFinite, "gelu_tanh float64 NaN derivative at -max")
        expect(v, row: 13882, .outsideClarke, "relu(x) - relu(-x) derivative 0 at 0")
        let relu = v.values.filter { $0.row.activation == "relu" }
        #expect(relu.count > 500 && relu.allSatisfy { $0.kind == nil }, "torch relu: \(relu.filter { $0.kind != nil }.map(\.row.row))")
    }

    /// In the committed dumps only PyTorch's float64 hardsigmoid′ (a float32 1/6) and
    /// TensorFlow's float64 leaky_relu′ (a float32 slope) are narrowed — both modes, derivative
    /// only; every other float64 group, correct or not, returns numbers that are not float32.
    @Test(arguments: [("torch", ["hardsigmoid"]), ("jax", []), ("tf", ["leaky_relu"])])
    func onlyTheFloat32ConstantsOfTheFixturesAreNarrowed(_ name: String, _ narrowed: [String]) throws {
        let url = try #require(Bundle.module.url(forResource: name, withExtension: "csv", subdirectory: "Fixtures/dumps"))
        let rows = try DumpReader.read(path: url.path).filter { $0.dtype == .binary64 }
        var activations: [String: any Activation] = [:]
        for r in rows where activations[r.activation] == nil { activations[r.activation] = try Catalogue.activation(r.activation) }
        let groups = SampleChecker().check(rows, activations: activations).groups
        let found = groups.filter { !$0.narrowedQuantities.isEmpty }
        #expect(groups.count == 38 && found.map(\.activation) == narrowed.flatMap { [$0, $0] }, "\(found.map { "\($0.mode) \($0.activation)" })")
        #expect(found.allSatisfy { $0.narrowedQuantities.map(\.0) == [.derivative] })
    }

    @Test func jaxFlushesSubnormalsAndTakesTheWrongSide() throws {
        let v = try dump("jax", activations: ["relu", "leaky_relu", "relu_minus_relu_neg"])
        expect(v, row: 495, .flushToZero, "relu float32 of a subnormal")
        expect(v, row: 1356, .wrongSide, "leaky_relu:convention=jax just below 0")
        expect(v, row: 13882, .outsideClarke, "relu(x) - relu(-x) derivative 0 at 0")
    }

    @Test func tensorFlowCELUAndLeakyReLUDefects() throws {
        let v = try dump("tf", activations: ["celu", "leaky_relu", "relu_minus_relu_neg"])
        expect(v, row: 4870, .outsideClarke, "celu float32 derivative 2 at -0")
        expect(v, row: 4871, .outsideClarke, "celu float32 derivative 2 at +0")
        expect(v, row: 1582, .valueInaccurate, "leaky_relu float64 with a float32 slope")
        expect(v, row: 1731, .outsideClarke, "leaky_relu float64 derivative below [0.01, 1] at 0")
        expect(v, row: 1379, .flushToZero, "leaky_relu float32 of the least subnormal")
        expect(v, row: 13882, .outsideClarke, "relu(x) - relu(-x) derivative 0 at 0")
    }
}
