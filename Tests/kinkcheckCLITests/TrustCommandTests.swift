import Foundation
import Testing

/// The hostile audit's command lines, with other numbers: the right answer, or one line on stderr
/// and exit 2 — never a crash, a hang or a confidently wrong number.
@Suite struct TrustCommandTests {
    /// Huge finite points: kinks there are analysed (a recursion in kink discovery used to crash).
    @Test(arguments: [
        (["limits", "hardtanh:min=-1e250,max=1e250", "--at", "1e250"], "\"right_derivative\": {\n    \"value\": \"0\""),
        (["limits", "expr:where(x<1e70,2*x,5*x)", "--at", "1e70"], "\"right_derivative\": {\n    \"value\": \"5\""),
        (["limits", "expr:max(x,x)", "--at", "-3e280"], "\"differentiable\": true"),
        (["subgradient", "hardtanh:min=-1e250,max=1e250", "--at", "-1e250"], "\"classification\": \"convex_kink\""),
    ])
    func hugeFinitePointsAreAnswered(_ arguments: [String], _ expected: String) throws {
        let run = try CommandLineTool.run(arguments + ["--json"])
        #expect(run.status == 0, "\(arguments): status \(run.status), \(run.stderr.prefix(300))")
        #expect(run.stdout.contains(expected), "\(arguments): \(run.stdout.prefix(900))")
    }

    /// Exponent overflow used to trap (a nil unwrap): values beyond the default exponent range are
    /// finite numbers in MPFR's widest one.
    @Test(arguments: [(["limits", "expr:exp(x)", "--at", "2e9", "--json"], "\"value\": \"6.4047717221531835165"),
                      (["limits", "expr:exp(2e9)", "--at", "1", "--json"], "\"value\": \"6.4047717221531835165"),
                      (["converge", "expr:1e888888888", "--at", "0.5", "--precisions", "53", "--kmax", "4"], "L(bwd) = 0   L(fwd) = 0"),
                      (["eval", "sigmoid", "--at", "-8e8", "--json"], "e-347435586")])
    func exponentOverflowIsNoCrash(_ arguments: [String], _ expected: String) throws {
        // e^(2e9) = 6.4047717221531835165…e868588963 and σ(−8e8) = 3.0019160158007233843…e−347435586 (mpmath).
        let run = try CommandLineTool.run(arguments)
        #expect(run.status == 0, "\(arguments): status \(run.status), \(run.stderr.prefix(300))")
        #expect(run.stdout.contains(expected) && !run.stdout.contains("\"value\": \"inf\""), "\(arguments): \(run.stdout.prefix(600))")
    }

    /// Trigonometry of a huge argument is refused in one line with the reason, at once.
    @Test(arguments: [["eval", "x2_sin_inv_x", "--at", "0x1p-88888888"], ["eval", "expr:cos(1e5000000)", "--at", "1"],
                      ["limits", "x2_sin_inv_x", "--at", "-0x1.4p-30000000"]])
    func hugeTrigonometryIsRefused(_ arguments: [String]) throws {
        let start = Date()
        let run = try CommandLineTool.run(arguments)
        #expect(Date().timeIntervalSince(start) < 20, "\(arguments) took \(Date().timeIntervalSince(start)) s")
        #expect(run.status == 2 && run.errorLines.count == 1 && run.stderr.contains("bits of π"), "\(arguments): \(run.status) \(run.stderr)")
    }

    /// eval never prints an MPFR number it could not certify.
    @Test func anUncertifiedValueIsRefused() throws {
        let run = try CommandLineTool.run(["eval", "expr:sin(1e2000000)", "--at", "0.5", "--precision", "24"])
        #expect(run.status == 2 && run.errorLines.count == 1 && run.stderr.contains("could not be certified"), "\(run.stderr)")
    }

    /// A jump no precision can resolve is "not established", never "continuous" or "exact".
    @Test func aJumpBelowAnyPrecisionIsNotEstablished() throws {
        let run = try CommandLineTool.run(["limits", "softplus:threshold=3e8", "--at", "3e8"])
        #expect(run.status == 0 && run.stdout.contains("continuous: not established"), "\(run.stdout)")
        #expect(!run.stdout.contains("jump f(x+) - f(x-) = 0  exact"))
    }

    /// A typed decimal is the decimal: a kink declared at 0.45 is the point itself.
    @Test func aTypedDecimalIsTheDecimal() throws {
        let run = try CommandLineTool.run(["limits", "hardtanh:min=-0.45,max=0.65", "--at", "-0.45", "--json"])
        let json = try run.json()
        #expect(json["differentiable"] == .bool(false) && json["left_derivative"]?["value"] == .string("0")
                && json["right_derivative"]?["value"] == .string("1"), "\(run.stdout.prefix(900))")
    }
}
