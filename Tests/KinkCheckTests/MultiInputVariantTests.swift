import BigFloat
import Foundation
@testable import KinkCheck
import KinkCheckAnalysis
import KinkCheckGeneration
import KinkCheckVerification
import Testing

/// Variant files with `inputs`: the declared order, declared surfaces, hand-written gradients
/// checked against the formula, and every mistake one line naming its key.
@Suite struct MultiInputVariantTests {
    func file() throws -> VariantFile {
        let url = try #require(Bundle.module.url(forResource: "multi_variants", withExtension: "toml", subdirectory: "Fixtures"))
        return try VariantFile.load(path: url.path)
    }

    @Test func theFileReads() throws {
        let f = try file()
        #expect(f.variants.isEmpty && f.multiInputVariants.map(\.name) == ["leaky_gate", "leaky_gate_wrong", "max3"])
        let gate = try #require(try f.multiInputActivation("leaky_gate"))
        #expect(gate.inputNames == ["a", "b"] && gate.nonSmoothSets == [.coordinate(0, 0)] && gate.hasHandWrittenGradient)
        // At a = −2, b = 3: f = −0.6, ∇ = (0.3, −0.2) by the hand-written gradient.
        let r = gate.valueAndGradient(at: [-2.0, 3.0])
        #expect(Swift.abs(r.value + 0.6) < 1e-15 && Swift.abs(r.gradient[0] - 0.3) < 1e-15 && Swift.abs(r.gradient[1] + 0.2) < 1e-15)
        let max3 = try #require(try f.multiInputActivation("max3"))
        #expect(max3.nonSmoothSets.contains(.tie([0, 1, 2])) && max3.claimsConvex == true)
    }

    /// `name:key=value` overrides a variant's parameters, in the formula and in the hand-written
    /// gradient alike; the spec says what changed; a wrong key, a repeated one or a malformed
    /// value is one line naming it.
    @Test func parametersAreOverridden() throws {
        let f = try file()
        let gate = try #require(try f.multiInputActivation("leaky_gate:s=0.25"))
        #expect(gate.spec == "leaky_gate:s=0.25" && gate.nonSmoothSets == [.coordinate(0, 0)] && gate.claimsContinuous == true)
        // At a = −2, b = 3: f = −1.5, ∇ = (0.75, −0.5) by the hand-written gradient.
        let r = gate.valueAndGradient(at: [-2.0, 3.0])
        #expect(r.value == -1.5 && r.gradient == [0.75, -0.5], "\(r)")
        #expect(try #require(try f.multiInputActivation("leaky_gate")).spec == "leaky_gate")
        #expect(try #require(try f.multiInputActivation("leaky_gate:s=0.1")).spec == "leaky_gate")
        for (spec, message) in [("leaky_gate:t=1", "unknown parameter 't'; valid: s"), ("leaky_gate:s=1,s=2", "parameter 's' given twice"),
                                ("leaky_gate:s=abc", "parameter s"), ("max3:s=1", "unknown parameter 's'; it takes no parameters")] {
            #expect { try f.multiInputActivation(spec) } throws: { ($0 as? SpecError)?.message.contains(message) == true }
        }
        // check verifies the overridden variant as itself.
        #expect(Verifier(seed: RunSeed(4), cases: 30, precision: 128).verify(gate).holds)
    }

    @Test func checkVerifiesTheHandWrittenGradient() throws {
        let f = try file()
        let verifier = Verifier(seed: RunSeed(4), cases: 30, precision: 128)
        #expect(verifier.verify(try #require(try f.multiInputActivation("leaky_gate"))).holds)
        #expect(verifier.verify(try #require(try f.multiInputActivation("max3"))).holds)
        let wrong = verifier.verify(try #require(try f.multiInputActivation("leaky_gate_wrong")))
        let deriv = try #require(wrong.properties.first { $0.property == .derivative })
        #expect(!deriv.holds && deriv.counterexample?.contains("∂f/∂b") == true, "\(deriv.counterexample ?? "")")
    }

    @Test(arguments: [
        ("inputs = [\"a\", \"b\"]\nformula = \"relu(a)*c\"", "formula: 'c' is used but is not an input"),
        ("inputs = [\"a\", \"a\"]\nformula = \"a\"", "inputs: an input is named twice"),
        ("inputs = [\"a\", \"exp\"]\nformula = \"a\"", "inputs: 'exp' is not an input name"),
        ("inputs = [\"a\", \"b\"]\nformula = \"a*b\"\nnon_smooth = [\"a < 0\"]", "non_smooth[1]"),
        ("inputs = [\"a\", \"b\"]\nformula = \"a*b\"\ngradient = [\"b\"]", "gradient: give one gradient formula per input"),
        ("inputs = [\"a\", \"b\"]\nformula = \"a*b\"\nderivative = \"b\"", "derivative: a variant of several inputs takes gradient"),
        ("inputs = [\"a\", \"b\"]\nformula = \"a*b\"\nclaims = { monotone = true }", "claims: a variant of several inputs claims continuous and convex only"),
    ])
    func mistakesAreOneLine(_ body: String, _ words: String) {
        let text = "[[variant]]\nname = \"v\"\n" + body + "\n"
        do {
            _ = try VariantFile(text: text, path: "v.toml")
            Issue.record("accepted: \(body)")
        } catch {
            #expect(error.description.contains(words) && !error.description.contains("\n"), "\(error.description)")
        }
    }
}
