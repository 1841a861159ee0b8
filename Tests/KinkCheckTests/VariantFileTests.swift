import BigFloat
import Testing
@testable import KinkCheck

/// Variant files: every variant is a formula activation; every mistake is one line naming the
/// file, the variant and the key.
struct VariantFileTests {
    static let twoSlope = """
        [[variant]]
        name = "two_slope"
        formula = "where(x < 0, a*x, b*x)"
        parameters = { a = "0.1", b = "1.5" }
        derivative = "where(x < 0, a, b)"
        kinks = [ { at = "0", autodiff = "1.5" } ]
        claims = { continuous = true, convex = true, monotone = true, lipschitz = "1.5" }

        [[variant]]
        name = "squared_relu"
        formula = "relu(x)^2"
        """

    @Test func variantsAreReadInFileOrder() throws {
        let file = try VariantFile(text: Self.twoSlope, path: "v.toml")
        #expect(file.variants.map(\.name) == ["two_slope", "squared_relu"])
        let f = file.variants[0]
        #expect(f.hasHandWrittenDerivative)
        #expect(!file.variants[1].hasHandWrittenDerivative)
        #expect(f.claims.convex == true && f.claims.lipschitz == "1.5")
        #expect(f.kinks.contains { $0.autodiffDerivative == "1.5" && $0.location.value(precision: 64).isZero })
        // The parameters are exact decimals, rounded once at the working precision.
        let y = f.correctlyRounded(at: BigFloat(-1, precision: 200), precision: 200).value
        #expect(y == -DecimalConstant("0.1").bigFloat(precision: 200))
        #expect(f.derivative(Double(2)) == 1.5)
    }

    @Test func aSpecOverridesParameters() throws {
        let file = try VariantFile(text: Self.twoSlope, path: "v.toml")
        let f = try #require(try file.activation("two_slope:a=0.2"))
        #expect(f.spec == "two_slope:a=0.2")
        #expect(f(Double(-1)) == -0.2)
        #expect(f.derivative(Double(-1)) == 0.2)   // the derivative sees the override too
        #expect(try file.activation("relu") == nil)
        #expect(throws: SpecError.self) { try file.activation("two_slope:c=1") }
        #expect(throws: SpecError.self) { try file.activation("two_slope:a") }
        #expect(throws: SpecError.self) { try file.activation("two_slope:a=zz") }
    }

    /// Each broken file is refused with one line naming the file, the variant and the key.
    @Test(arguments: [
        ("[[variant]]\nname = \"v\"\nformula = \"x\"\nformulae = \"x\"\n", "variant 'v': formulae: unknown key"),
        ("[[variant]]\nname = \"v\"\nformula = \"x\"\n[[variant]]\nname = \"v\"\nformula = \"2*x\"\n", "variant 'v': name: defined twice"),
        ("[[variant]]\nname = \"relu\"\nformula = \"x\"\n", "variant 'relu': name: 'relu' shadows a built-in"),
        ("[[variant]]\nname = \"v\"\nformula = \"x*\"\n", "variant 'v': formula: "),
        ("[[variant]]\nname = \"v\"\nformula = \"a*x\"\n", "variant 'v': formula: "),
        ("[[variant]]\nname = \"v\"\nformula = \"x\"\nderivative = \"where(x, 1, 2)\"\n", "variant 'v': derivative: "),
        ("[[variant]]\nname = \"v\"\nformula = \"a*x\"\nparameters = { a = 0.1 }\n", "variant 'v': parameters.a: write the number as a string"),
        ("[[variant]]\nname = \"v\"\nformula = \"x\"\nclaims = { convx = true }\n", "variant 'v': claims.convx: unknown claim"),
        ("[[variant]]\nname = \"v\"\nformula = \"x\"\nkinks = [ { at = \"0\", slope = \"1\" } ]\n", "variant 'v': kinks[1].slope: unknown key"),
        ("[[variant]]\nname = \"2v\"\nformula = \"x\"\n", "name: '2v' is not a spec name"),
        ("[[variant]]\nformula = \"x\"\n", "variant 1: name: missing"),
        ("[[variant]]\nname = \"v\"\n", "variant 'v': formula: missing"),
        ("[variant]\nname = \"v\"\n", "write [[variant]]"),
        ("[[variant]\nname = \"v\"\n", "v.toml: line 1"),
        ("title = \"x\"\n", "unknown top-level key 'title'"),
    ])
    func brokenFilesAreOneLineErrors(text: String, expected: String) {
        do {
            _ = try VariantFile(text: text, path: "v.toml")
            Issue.record("accepted: \(text)")
        } catch {
            #expect(error.description.hasPrefix("v.toml: "))
            #expect(error.description.contains(expected), "\(error.description)")
            #expect(!error.description.contains("\n"))
        }
    }

    @Test func aMissingFileIsAnError() {
        #expect(throws: VariantFileError.self) { try VariantFile.load(path: "/nonexistent/variants.toml") }
    }
}
