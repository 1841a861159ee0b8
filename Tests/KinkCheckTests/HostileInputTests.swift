import BigFloat
import Foundation
import Testing
@testable import KinkCheck
@testable import KinkCheckAnalysis
@testable import KinkCheckGeneration
@testable import KinkCheckVerification

/// KinkCheck against KinkCheck over its whole documented domain: every built-in × points from
/// the whole binary64 range and far beyond (subnormals, 1e±300, 1e±999999, huge hex exponents,
/// kinks ± tiny offsets) × precisions 2 … 2²⁴. The law: a correct answer, checked against cheap
/// independent facts — relu's D± are 0/1 away from 0 (and f(x±) = x for x > 0), every built-in
/// that claims continuity is continuous, the one-sided derivatives of a smooth built-in equal its
/// correctly rounded autodiff derivative within their bound — or a clean refusal (an unresolved
/// point, which the commands turn into a one-line error).
///
/// `swift test` runs a small slice; `KINKCHECK_HOSTILE=large` (scripts/hostile.sh) runs more
/// points and adds 4096 and 65536 bits. The command-line half (exit codes, one-line errors, time
/// budgets) is scripts/hostile.sh.
enum HostileDomain {
    static var large: Bool { ProcessInfo.processInfo.environment["KINKCHECK_HOSTILE"] == "large" }

    static let fixedPoints = ["0", "-0", "1e-200", "-1e-250", "1e-300", "4.9e-324", "0x1p-1074", "-0x1p-1074",
                              "1e200", "-1e300", "1e308", "-1.7976931348623157e308", "1e999999", "-1e999999",
                              "1e-999999", "0x1p-99999999", "-0x1p+99999999", "0x1p-16000", "6", "5.999999999999999999999999",
                              "-3.0000000000000000000000000001", "20", "0.3", "-1.7"]

    static var precisions: [Int] { large ? [2, 3, 8, 24, 53, 64, 113, 256, 1024, 4096] : [2, 8, 53, 256] }

    /// Points from the generator: binary64 cases of every provenance (specials, kink
    /// neighbourhoods, log-uniform magnitudes, raw bit patterns), deterministic per index.
    static func generatedPoints(for activation: any Activation, count: Int) -> [String] {
        let generator = InputGenerator(format: .binary64, kinks: KinkTarget.targets(for: activation))
        return (0..<count).map { generator.randomInput(seed: 0x686f7374696c65 &+ UInt64($0)) }
            .filter(\.isFinite).map(\.bigFloat.hexString)
    }
}

/// The cheap independent facts, or nil when they hold.
func hostileViolation(_ spec: String, _ a: PointAnalysis, _ activation: any Activation, x: BigFloat, precision p: Int) -> String? {
    guard a.isResolved else { return nil }   // a clean refusal
    let limits = [a.leftValue, a.rightValue, a.leftDerivative, a.rightDerivative]
    if limits.contains(where: { $0.errorBound.isNaN || $0.errorBound.signum < 0 }) { return "a bound is not a number ≥ 0" }
    if activation.claims.continuous == true && !a.continuous && a.continuityEstablished { return "continuous activation reported discontinuous (jump \(a.jump))" }
    func within(_ l: LimitEstimate, _ want: BigFloat) -> Bool {
        let slack = BigFloat.maximum(BigFloat.abs(want), BigFloat(1, precision: 64)).timesPowerOfTwo(-(Swift.max(p, 64) - 4))
        return BigFloat.abs(l.value - want) <= l.errorBound + slack
    }
    if spec == "relu" {
        let one = BigFloat(1, precision: 2), zero = BigFloat.zero(precision: 2)
        if x.signum > 0 {
            if !within(a.leftDerivative, one) || !within(a.rightDerivative, one) { return "relu D± at x > 0 not 1: \(a.leftDerivative.value), \(a.rightDerivative.value)" }
            if !within(a.rightValue, x.rounded(toPrecision: p)) && !within(a.rightValue, x) { return "relu f(x+) ≠ x" }
        } else if x.signum < 0 {
            if !within(a.leftDerivative, zero) || !within(a.rightDerivative, zero) { return "relu D± at x < 0 not 0" }
        } else {
            if !within(a.leftDerivative, zero) || !within(a.rightDerivative, one) || a.differentiable { return "relu at 0: D- = 0, D+ = 1, not differentiable" }
        }
        return nil
    }
    if activation.kinks.isEmpty && activation.claims.continuous == true {
        // Smooth: D⁻ = D⁺ = f′(x), the correctly rounded autodiff derivative (both certified or bounded).
        let ad = activation.correctlyRoundedDerivative(at: x, precision: Swift.max(p, 64))
        guard ad.certified, ad.value.isFinite else { return nil }
        if !within(a.leftDerivative, ad.value) || !within(a.rightDerivative, ad.value) {
            return "D± = \(a.leftDerivative.value), \(a.rightDerivative.value) but f′ = \(ad.value)"
        }
    }
    return nil
}

@Test("HostileInputsGetRightAnswersOrCleanRefusals", arguments: Catalogue.entries.map(\.name))
func hostileInputsGetRightAnswersOrCleanRefusals(_ spec: String) throws {
    let activation = try Catalogue.activation(spec)
    let points = HostileDomain.fixedPoints + HostileDomain.generatedPoints(for: activation, count: HostileDomain.large ? 200 : 12)
    var failures: [String] = []
    for (i, text) in points.enumerated() {
        // Few large precisions: each point meets one or two of them.
        let ps = HostileDomain.precisions
        for p in [ps[i % ps.count], ps[(i * 7 + 3) % ps.count]] {
            let x = try BigFloat(parsing: text, precision: Swift.max(p, 64))
            let kinks = activation.kinks.map { $0.location.value(precision: p + 64) }.filter { $0.isFinite && !($0 == x) }
            let a = PointAnalysis.analyze(activation, at: x, precision: p, otherKinks: kinks)
            if let why = hostileViolation(spec, a, activation, x: x, precision: p) { failures.append("\(spec) at \(text), \(p) bits: \(why)") }
        }
    }
    #expect(failures.isEmpty, "\(failures.prefix(5).joined(separator: "\n"))")
}

@Test("LimitsAtTheDocumentedExtremesOfPrecisionAreRight")
func limitsAtTheDocumentedExtremesOfPrecisionAreRight() throws {
    // Precision 2 and 2²⁴: relu at 0 is continuous and not differentiable; heaviside jumps.
    for p in [2, 3, BigFloat.maximumPrecision] {
        let relu = PointAnalysis.analyze(try Catalogue.activation("relu"), at: .zero(precision: 64), precision: p, otherKinks: [])
        #expect(relu.continuous && !relu.differentiable && relu.rightDerivative.value == 1, "\(p) bits")
        let h = PointAnalysis.analyze(try Catalogue.activation("heaviside"), at: .zero(precision: 64), precision: p, otherKinks: [])
        #expect(!h.continuous && h.jump == 1, "\(p) bits")
    }
    let s = SubgradientAnalysis.analyze(try Catalogue.activation("relu"), at: .zero(precision: 64), precision: 8, otherKinks: [])
    #expect(s.classification == .convexKink)
    #expect(!KinkDiscovery.discover(try Catalogue.activation("relu"), in: BigFloat(-10, precision: 64), BigFloat(10, precision: 64), precision: 12).isEmpty)
}

// The seeds that once made `check` fail its own built-ins (hardsigmoid, celu, elu at 200 cases)
// are rerun by CI in release: .ci/run → scripts/seed-sweep.sh --seeds ….
