import BigFloat
import Foundation
import Testing
@testable import KinkCheck

/// Variant files: every variant is a formula activation; every mistake is one line naming the
/// file, the variant and the key.
struct VariantFileTests {
    /// Fixtures/two_slope.toml (two_slope, two_slope_bad; shared with the command-line tests)
    /// and a variant without a hand-written derivative.
    static func twoSlope() throws -> String {
        let url = try #require(Bundle.module.url(forResource: "two_slope", withExtension: "toml", subdirectory: "Fixtures"),
                               "Fixtures/two_slope.toml is not in the test bundle")
        return try String(contentsOf: url, encoding: .utf8) + """

            [[variant]]
            name = "squared_relu"
            formula = "relu(x)^2"
            """
    }

    @Test func variantsAreReadInFileOrder() throws {
        let file = try VariantFile(text: Self.twoSlope(), path: "v.toml")
        #expect(file.variants.map(\.name) == ["two_slope", "two_slope_bad", "squared_relu"])
        let f = file.variants[0]
        #expect(f.hasHandWrittenDerivative && file.variants[1].hasHandWrittenDerivative)
        #expect(!file.variants[2].hasHandWrittenDerivative)
        #expect(f.claims.convex == true && f.claims.lipschitz == "1.5")
        #expect(f.kinks.contains { $0.autodiffDerivative == "1.5" && $0.location.value(precision: 64).isZero })
        // The parameters are exact decimals, rounded once at the working precision.
        let y = f.correctlyRounded(at: BigFloat(-1, precision: 200), precision: 200).value
        #expect(y == -DecimalConstant("0.1").bigFloat(precision: 200))
        #expect(f.derivative(Double(2)) == 1.5)
    }

    @Test func aSpecOverridesParameters() throws {
        let file = try VariantFile(text: Self.twoSlope(), path: "v.toml")
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
        guard let message = refusal(text) else { return }
        #expect(message.hasPrefix("v.toml: "))
        #expect(message.contains(expected), "\(message)")
        #expect(!message.contains("\n"))
    }

    /// The error a variant file's text is refused with (nil, and an issue recorded, when it is read).
    func refusal(_ text: String) -> String? {
        do {
            _ = try VariantFile(text: text, path: "v.toml")
            Issue.record("accepted: \(text.debugDescription)")
            return nil
        } catch {
            return error.description
        }
    }

    /// TOMLKit hands strings over as C strings, so a NUL would cut one short without a word
    /// (`b = "3\u00007"` read as 3): a NUL anywhere is refused, naming its line and column, while
    /// text that only looks like one (in a comment, a literal string, an escaped backslash) is not.
    @Test(arguments: [
        ("[[variant]]\nname = \"v\"\nformula = \"b*x\"\nparameters = { b = \"3\\u00007\" }\n", "line 4, column 22"),
        ("[[variant]]\nname = \"v\"\nformula = \"x^3\\u0000-1\"\n", "line 3, column 15"),
        ("[[variant]]\nname = \"v\"\nformula = \"x\"\nderivative = \"\"\"\n1\\U00000000\"\"\"\n", "line 5, column 2"),
        ("[[variant]]\nname = \"v\\u0000w\"\nformula = \"x\"\n", "line 2, column 10"),
        ("[[variant]]\nname = \"v\"\nformula = \"x\"\n\0[[variant]]\nname = \"w\"\nformula = \"x\"\n", "line 4, column 1"),
    ])
    func aNULAnywhereIsRefused(text: String, place: String) {
        guard let message = refusal(text) else { return }
        #expect(message.hasPrefix("v.toml: \(place): a NUL character"), "\(message)")
        #expect(!message.contains("\n"))
    }

    @Test func textThatOnlyLooksLikeANULIsRead() throws {
        let text = "[[variant]]\nname = \"v\"  # not \\u0000 a NUL\nformula = 'x'\nparameters = { b = \"3\" }\n"
            + "kinks = [ { at = \"0\", note = \"a \\\\u0000 is refused\" } ]\n"
        let file = try VariantFile(text: text, path: "v.toml")
        #expect(file.variants.first?.kinks.first?.note == "a \\u0000 is refused")
    }

    /// `exp` as a spec and exp(x) in a formula would be two things under one name.
    @Test(arguments: ["exp", "log1p", "sqrt", "erfc", "where", "max", "min", "x", "pi", "e"])
    func aVariantMayNotTakeAWordOfTheFormulaLanguage(_ name: String) {
        guard let message = refusal("[[variant]]\nname = \"\(name)\"\nformula = \"3*x\"\n") else { return }
        #expect(message.hasPrefix("v.toml: variant '\(name)': name: '\(name)' is a word of the formula language"), "\(message)")
    }

    @Test func aMissingFileIsAnError() {
        #expect(throws: VariantFileError.self) { try VariantFile.load(path: "/nonexistent/variants.toml") }
    }
}
