import Foundation
import Testing

/// eval, limits, subgradient and check at points of several inputs, and `--wrt`, from outside.
@Suite struct MultiInputCommandTests {
    @Test func aNaNCoordinateGivesNaN() throws {
        let run = try CommandLineTool.run(["eval", "reglu", "--at", "nan,1", "--json"])
        #expect(run.status == 0 && run.stdout.contains("\"value\": \"nan\""), "\(run.stdout)\(run.stderr)")
    }

    @Test func theTourCommands() throws {
        let sub = try CommandLineTool.run(["subgradient", "reglu", "--at", "0,1.5"])
        #expect(sub.status == 0 && sub.stdout.contains("nonsmooth") && sub.stdout.contains("hull of (1.5, 0), (0, 0)"), "\(sub.stdout)")
        let wrt = try CommandLineTool.run(["eval", "prelu", "--at", "-2", "--wrt", "a", "--json"])
        let json = try JSONSerialization.jsonObject(with: Data(wrt.stdout.utf8)) as! [String: Any]
        let mpfr = json["mpfr"] as! [String: Any]
        #expect((mpfr["gradient"] as! [String: String])["a"] == "-2")
        let limits = try CommandLineTool.run(["limits", "maxout:k=3", "--at", "1,1,1", "--direction", "1,2,3", "--json"])
        let dirs = (try JSONSerialization.jsonObject(with: Data(limits.stdout.utf8)) as! [String: Any])["directional_derivatives"] as! [[String: Any]]
        #expect(dirs.count == 1 && dirs[0]["derivative"] as? String == "3")
    }

    @Test func parameterGradientsInCheck() throws {
        let run = try CommandLineTool.run(["check", "prelu", "elu", "hardtanh", "softplus", "--wrt", "all", "--seed", "5"])
        #expect(run.status == 0, "\(run.stdout.suffix(800))")
        #expect(run.stdout.contains("prelu[x,a]") && run.stdout.contains("hardtanh[x,min,max]"))
    }

    @Test func checkOfSeveralInputsHolds() throws {
        let run = try CommandLineTool.run(["check", "reglu", "maxout:k=3", "--seed", "5"])
        #expect(run.status == 0, "\(run.stdout.suffix(800))")
        #expect(run.stdout.contains("reglu") && run.stdout.contains("maxout:k=3"))
    }
}

/// `report` writes a page per activation of several inputs: the heat map with the non-smooth set,
/// the slices, the verdicts and the Clarke sets at representative points.
@Suite struct MultiInputReportTests {
    @Test func aPagePerActivationOfSeveralInputs() throws {
        let folder = try CommandLineTool.temporaryFolder("multi-report").appendingPathComponent("out")
        let run = try CommandLineTool.run(["report", "reglu", "maxout", "--out", folder.path, "--seed", "3"])
        #expect(run.status == 0, "\(run.stderr)")
        let page = try String(contentsOf: folder.appendingPathComponent("reglu.md"), encoding: .utf8)
        #expect(page.contains("Non-smooth set: a = 0") && page.contains("hull of (1.5, 0), (0, 0)"), "\(page.prefix(600))")
        let heat = try String(contentsOf: folder.appendingPathComponent("reglu-heatmap.svg"), encoding: .utf8)
        #expect(heat.hasPrefix("<svg") && heat.contains("<line"))   // a = 0 drawn
        let index = try String(contentsOf: folder.appendingPathComponent("README.md"), encoding: .utf8)
        #expect(index.contains("### Several inputs") && index.contains("[maxout](maxout.md)"))
    }
}

/// `samples` on dumps of activations of several inputs (x written a;b), and `grid` for them.
@Suite struct MultiInputSamplesCommandTests {
    func dump(_ rows: [String]) throws -> URL {
        let folder = try CommandLineTool.temporaryFolder("multi-samples")
        let url = folder.appendingPathComponent("d.csv")
        try (["framework,mode,dtype,activation,x,value,derivative"] + rows).joined(separator: "\n").appending("\n")
            .write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    @Test func aDumpIsChecked() throws {
        let good = try dump(["t,scalar,float32,reglu,0x0p+0;0x1.8p+0,0x0p+0,0x0p+0;0x0p+0",
                             "t,scalar,float32,maxout,0x1p+0;0x1p+0,0x1p+0,0x1p+0;0x0p+0"])
        let run = try CommandLineTool.run(["samples", good.path])
        #expect(run.status == 0 && run.stdout.contains("no defect"), "\(run.stdout)\(run.stderr)")
        // ∂/∂a = 3 at a = 0: outside hull{(0, 0), (1.5, 0)}.
        let bad = try dump(["t,scalar,float32,reglu,0x0p+0;0x1.8p+0,0x0p+0,0x1.8p+1;0x0p+0"])
        let failing = try CommandLineTool.run(["samples", bad.path, "--json"])
        #expect(failing.status == 1 && failing.stdout.contains("outside_clarke"), "\(failing.stdout)")
    }

    /// `--report`: a page per group with the rows over the plane of the inputs (the set drawn),
    /// the ulp error against the first input, and the flagged rows in a table; the index lists
    /// them under "Several inputs".
    @Test func aReportDrawsTheRowsOverThePlane() throws {
        let d = try dump(["t,scalar,float32,reglu,0x0p+0;0x1.8p+0,0x0p+0,0x1.8p+1;0x0p+0",    // outside the Clarke set
                          "t,scalar,float32,reglu,0x1p+0;0x1.8p+0,0x1.8p+0,0x1.8p+0;0x1p+0",
                          "t,scalar,float32,maxout,0x1p+0;0x1p+0,0x1p+0,0x1p+0;0x0p+0",
                          "t,scalar,float32,maxout,-0x1p-3;0x1p+2,0x1p+2,0x0p+0;0x1p+0"])
        let out = d.deletingLastPathComponent().appendingPathComponent("r")
        let run = try CommandLineTool.run(["samples", d.path, "--report", out.path])
        #expect(run.status == 1, "\(run.stderr)")
        let files = try FileManager.default.contentsOfDirectory(atPath: out.path).filter { !$0.hasPrefix(".") }.sorted()
        #expect(files == ["001-t-scalar-float32-reglu-errors.svg", "001-t-scalar-float32-reglu-plane.svg", "001-t-scalar-float32-reglu.md",
                          "002-t-scalar-float32-maxout-errors.svg", "002-t-scalar-float32-maxout-plane.svg", "002-t-scalar-float32-maxout.md",
                          "README.md"], "\(files)")
        func read(_ name: String) throws -> String { try String(contentsOf: out.appendingPathComponent(name), encoding: .utf8) }
        let index = try read("README.md")
        #expect(index.contains("## Several inputs") && index.contains("[reglu](001-t-scalar-float32-reglu.md) | 2 | 1 |")
                && index.contains("outside_clarke 1") && index.contains("1 defect row(s)"), "\(index)")
        let page = try read("001-t-scalar-float32-reglu.md")
        #expect(page.contains("| 1 | `0x0p+0;0x1.8p+0` | gradient |") && page.contains("outside_clarke |"), "\(page)")
        #expect(page.contains("Drawn: every row"), "\(page)")
        // The plane: one marker per row by class, the set a = 0 drawn; the maxout page draws its tie.
        let plane = try read("001-t-scalar-float32-reglu-plane.svg")
        #expect(plane.contains("within tolerance") && plane.contains("outside_clarke") && plane.contains("a = 0"), "\(plane)")
        #expect(try read("002-t-scalar-float32-maxout-plane.svg").contains("x1 = x2"))
        #expect(try read("001-t-scalar-float32-reglu-errors.svg").contains("gradient (worst component)"))
    }

    @Test(arguments: [
        "t,scalar,float32,reglu,0x0p+0;0x1p+0;0x1p+0,0x0p+0,",   // three inputs for two
        "t,scalar,float32,relu,0x0p+0;0x1p+0,0x0p+0,",            // one-input spec, two inputs
        "t,scalar,float32,reglu,0x0p+0;0x1p+0,0x0p+0,0x0p+0",     // one gradient component for two
        "t,scalar,float32,reglu,0x0p+0;zz,0x0p+0,",
    ])
    func badRowsAreOneLine(_ row: String) throws {
        let run = try CommandLineTool.run(["samples", try dump([row]).path])
        #expect(run.status == 2 && run.errorLines.count == 1 && run.errorLines[0].contains("row 1"), "\(run.stderr)")
    }

    @Test func gridPrintsPointsOfSeveralInputs() throws {
        let run = try CommandLineTool.run(["grid", "reglu", "--dtype", "bfloat16", "--cases", "5", "--seed", "2"])
        let lines = run.stdout.split(separator: "\n")
        #expect(run.status == 0 && lines.allSatisfy { $0.split(separator: ";").count == 2 })
        #expect(lines.contains { $0.hasPrefix("0x0p+0;") })   // on a = 0
    }
}
