import Foundation
import Testing

/// Each command's `--json` has exactly the keys README documents, each with its type, and
/// the values that the same command prints as text.
@Suite struct JSONContractTests {
    func json(_ arguments: [String], status: Int32 = 0) throws -> JSONValue {
        let run = try CommandLineTool.run(arguments + ["--json"], environment: ["KINKCHECK_SEED": "7", "CI": nil])
        #expect(run.status == status, "\(arguments): status \(run.status), stderr \(run.stderr.prefix(400))")
        #expect(run.stderr.isEmpty, "\(arguments): \(run.stderr.prefix(400))")
        return try run.json()
    }

    func expect(_ value: JSONValue, conformsTo shape: JSONShape, _ arguments: [String]) {
        let violations = shape.violations(of: value)
        #expect(violations.isEmpty, "\(arguments): \(violations.joined(separator: "; "))")
    }

    /// The checker itself: a document that breaks the contract in each way is caught.
    @Test func shapeCheckerCatchesEveryKindOfBreach() throws {
        let shape = JSONShape.object(["n": .integer, "b": .bool, "s": .oneOf(["a"]), "o": .nullable(.string), "l": .array(.number)])
        #expect(shape.violations(of: try JSONValue.parse(#"{"n": 1, "b": true, "s": "a", "o": null, "l": [1.5]}"#)).isEmpty)
        let bad = try JSONValue.parse(#"{"n": 1.5, "b": 1, "s": "z", "o": false, "l": ["x"], "extra": 0}"#)
        #expect(shape.violations(of: bad).count == 6, "\(shape.violations(of: bad))")
        #expect(shape.violations(of: try JSONValue.parse(#"{"n": 1}"#)).count == 4)
        #expect(try JSONValue.parse("true") == .bool(true) && JSONValue.parse("1") == .number(1))
    }

    @Test func list() throws {
        let args = ["list"]
        let doc = try json(args)
        expect(doc, conformsTo: Contract.list, args)
        let relu = doc.array?.first { $0["name"] == .string("relu") }
        #expect(relu?["kinks"] == .array([.string("0")]) && relu?["parameters"]?["grad0"] == .string("0"), "\(String(describing: relu))")
        #expect(doc.array?.contains { $0["name"] == .string("x2_sin_inv_x") } == true)
    }

    /// Points of several inputs, and parameters as variables (`--wrt`).
    @Test func severalInputs() throws {
        for args in [["eval", "reglu", "--at", "0.5,1.5", "--precision", "64"], ["eval", "elu", "--at", "-1", "--wrt", "alpha"]] {
            expect(try json(args), conformsTo: Contract.evalMulti, args)
        }
        let wrt = try json(["eval", "elu", "--at", "-1", "--wrt", "alpha"])
        #expect(wrt["fixed"]?["x"] == .string("-1") && wrt["inputs"] == .array([.string("alpha")]))
        for args in [["subgradient", "reglu", "--at", "0,1.5", "--value", "0.5,0"], ["subgradient", "maxout:k=3", "--at", "1,1,1"]] {
            expect(try json(args), conformsTo: Contract.subgradientMulti, args)
        }
        let args = ["limits", "reglu", "--at", "0,1.5", "--direction", "1,0"]
        let doc = try json(args)
        expect(doc, conformsTo: Contract.limitsMulti, args)
        #expect(doc["directional_derivatives"]?.array?.first?["derivative"] == .string("1.5"))
    }

    @Test func eval() throws {
        let args = ["eval", "softplus", "--at", "0", "--precision", "64"]
        let doc = try json(args)
        expect(doc, conformsTo: Contract.eval, args)
        #expect(doc["precision"] == .number(64) && doc["certified"] == .bool(true))
        #expect(doc["double"]?["value"] == .string("0.6931471805599453") && doc["mpfr"]?["derivative"] == .string("0.5"))
    }

    @Test(arguments: [["limits", "relu", "--at", "0"], ["limits", "heaviside", "--at", "0", "--precision", "64"],
                      ["limits", "x2_sin_inv_x", "--at", "0", "--precision", "64"]])
    func limits(_ args: [String]) throws {
        let doc = try json(args)
        expect(doc, conformsTo: Contract.limits, args)
        switch args[1] {
        case "relu":
            #expect(doc["right_derivative"]?["value"] == .string("1") && doc["right_derivative"]?["bound"] == .string("certified"))
            #expect(doc["continuous"] == .bool(true) && doc["differentiable"] == .bool(false))
        case "heaviside":
            #expect(doc["jump"] == .string("1") && doc["continuous"] == .bool(false))
        default:
            #expect(doc["right_derivative"]?["bound"] == .string("estimate"), "x²·sin(1/x) at 0 has no certificate")
        }
    }

    @Test func converge() throws {
        let args = ["converge", "softplus", "--at", "0.3", "--precisions", "53,f64", "--kmax", "30"]
        let doc = try json(args)
        expect(doc, conformsTo: Contract.converge, args)
        #expect(doc["summary"]?.array?.count == 4 && doc["points"]?.array?.count == 120)
        #expect(doc["points"]?.array?.contains { $0["regime"] == .string("truncation") } == true)
    }

    @Test func kinks() throws {
        let args = ["kinks", "relu6", "--in", "-1,7", "--precision", "64"]
        let doc = try json(args)
        expect(doc, conformsTo: Contract.kinks, args)
        #expect(doc["kinks"]?.array?.map { $0["x"] } == [.string("0"), .string("6")])
        #expect(doc["kinks"]?.array?.allSatisfy { $0["declared"] == .bool(true) && $0["location"] == .string("exact") && $0["status"] == .string("certified") } == true)
    }

    @Test(arguments: [["subgradient", "relu", "--at", "0", "--value", "0.5", "--value", "1.5"],
                      ["subgradient", "heaviside", "--at", "0", "--precision", "64"]])
    func subgradient(_ args: [String]) throws {
        let doc = try json(args)
        expect(doc, conformsTo: Contract.subgradient, args)
        if args[1] == "relu" {
            #expect(doc["clarke"]?["lower"] == .string("0") && doc["clarke"]?["upper"] == .string("1"))
            #expect(doc["values"]?.array?.map { $0["in_clarke"] } == [.bool(true), .bool(false)])
            #expect(doc["values"]?.array?.last?["witness"] == .string("1"))
        } else {
            #expect(doc["classification"] == .string("jump") && doc["clarke"] == .null)
        }
    }

    @Test func distribution() throws {
        let args = ["distribution", "relu", "--digits", "12", "--cases", "2", "--identity", "second"]
        let doc = try json(args)
        expect(doc, conformsTo: Contract.distribution, args)
        #expect(doc["seed"] == .string("0x0000000000000007") && doc["holds"] == .bool(true))
        #expect(doc["cases"]?.array?.count == 2 && doc["singular_points"]?.array?.first?["slope_jump"] == .string("1"))
    }

    @Test func check() throws {
        let args = ["check", "relu", "elu", "--cases", "1", "--precision", "32"]
        let doc = try json(args)
        expect(doc, conformsTo: Contract.check, args)
        #expect(doc["seed"] == .string("0x0000000000000007") && doc["holds"] == .bool(true))
        #expect(doc["activations"]?.array?.map { $0["activation"] } == [.string("relu"), .string("elu")])
        let names = doc["activations"]?.array?.first?["properties"]?.array?.compactMap { $0["name"]?.string } ?? []
        #expect(names.contains("kinks_declared") && names.contains("autodiff_in_clarke") && names.contains("distribution_second"), "\(names)")
        // `formats`: on the two accuracy properties only, one entry per format each; every input
        // of the 16-bit formats.
        let properties = doc["activations"]?.array?.first?["properties"]?.array ?? []
        for property in properties {
            let name = property["name"]?.string ?? ""
            let formats = property["formats"]?.array
            if name == "accuracy" || name == "derivative_accuracy" {
                #expect(formats?.map { $0["format"] } == ["float16", "bfloat16", "float32", "float64"].map { .string($0) }, "\(name)")
                #expect(formats?.map { $0["exhaustive"] } == [.bool(true), .bool(true), .bool(false), .bool(false)], "\(name)")
                #expect(formats?.prefix(2).map { $0["cases"] } == [.number(63488), .number(65280)], "\(name)")
            } else {
                #expect(formats == nil, "\(name)")
            }
        }
    }

    /// The report pages hold the same verdicts and identity cases as `check --json` and
    /// `distribution --json`, encoded once (docs/json.md).
    @Test func reportPageSharesTheResultObjects() throws {
        let folder = try CommandLineTool.temporaryFolder("json-report")
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("out").path
        let run = try CommandLineTool.run(["report", "relu", "--seed", "7", "--cases", "1", "--out", out])
        #expect(run.status == 0, "status \(run.status), stderr \(run.stderr.prefix(400))")
        let page = try JSONValue.parse(String(contentsOfFile: out + "/relu.json", encoding: .utf8))
        let args = ["report relu.json"]
        expect(page["properties"] ?? .null, conformsTo: .array(Contract.verdict), args)
        expect(page["distribution"] ?? .null, conformsTo: .array(Contract.identityCase), args)
        #expect(page["properties"]?.array?.count == 13 && page["distribution"]?.array?.isEmpty == false)
    }

    @Test func grid() throws {
        let args = ["grid", "relu6", "--dtype", "bfloat16", "--cases", "20"]
        let doc = try json(args)
        expect(doc, conformsTo: Contract.grid, args)
        #expect(doc["dtype"] == .string("bfloat16") && doc["seed"] == .string("0x0000000000000007"))
        #expect(doc["points"]?.array?.prefix(3) == [.string("nan"), .string("-inf"), .string("inf")])
        #expect(doc["points"]?.array?.contains(.string("0x1.8p+2")) == true)
    }

    @Test func benchOps() throws {
        let args = ["bench", "ops", "--iterations", "20", "--rounds", "2"]
        let doc = try json(args)
        expect(doc, conformsTo: Contract.benchOps, args)
        #expect(doc["rows"]?.array?.count == 9 && doc["rounds"] == .number(2))
        #expect(doc["rows"]?.array?.allSatisfy { $0["c_rounds_ns_per_op"]?.array?.count == 2 } == true)
    }
}
