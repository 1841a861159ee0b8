import BigFloat
import Foundation
import Testing
@testable import KinkCheck
@testable import KinkCheckAnalysis
@testable import KinkCheckReports

/// The honesty law: every bound KinkCheck prints covers the error of the number printed beside
/// it. Truth: Fixtures/limits.json, from mpmath at 2500 bits (scripts/gen_limit_fixtures.py).
struct LimitTruth: Sendable {
    var spec: String
    var x: String
    var kink: Bool
    /// left value, right value, left derivative, right derivative.
    var truths: [String]

    static let all: (cases: [LimitTruth], distribution: [(spec: String, center: String, width: String, lhs: String)], error: String?) = load()

    static func load() -> ([LimitTruth], [(spec: String, center: String, width: String, lhs: String)], String?) {
        guard let url = Bundle.module.url(forResource: "limits", withExtension: "json", subdirectory: "Fixtures"),
              let data = try? Data(contentsOf: url),
              let root = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any],
              let cases = root["cases"] as? [[String: Any]], let dist = root["distribution"] as? [[String: Any]] else {
            return ([], [], "Fixtures/limits.json missing or malformed")
        }
        let keys = ["left_value", "right_value", "left_derivative", "right_derivative"]
        let limits = cases.compactMap { c -> LimitTruth? in
            guard let spec = c["spec"] as? String, let x = c["x"] as? String, let kink = c["kink"] as? Bool else { return nil }
            let truths = keys.compactMap { c[$0] as? String }
            return truths.count == 4 ? LimitTruth(spec: spec, x: x, kink: kink, truths: truths) : nil
        }
        let distribution = dist.compactMap { d -> (spec: String, center: String, width: String, lhs: String)? in
            guard let s = d["spec"] as? String, let c = d["center"] as? String, let w = d["width"] as? String,
                  let l = d["lhs"] as? String else { return nil }
            return (s, c, w, l)
        }
        return (limits, distribution, nil)
    }
}

/// |printed − truth| ≤ printed bound, in exact-enough arithmetic (2500 bits).
func printedBoundCovers(_ printed: PrintedBound, truth: String) -> (Bool, String) {
    let w = 2600
    guard let t = BigFloat(truth, precision: w), let v = BigFloat(printed.value, precision: w) else { return (false, "unparsable") }
    var error = BigFloat(nanWithPrecision: 64)
    error.setDifference(v, t, rounding: .up)
    error = BigFloat.abs(error)
    return (error <= printed.bound, "printed \(printed.value) bound \(printed.boundText) actual \(error.scientificString(fractionDigits: 2))")
}

@Suite struct BoundHonestyTests {
    @Test func fixtureLoads() {
        #expect(LimitTruth.all.error == nil)
        #expect(LimitTruth.all.cases.count >= 60)
    }

    /// Every built-in at each kink and at two generic points, at 24 … 1024 bits: the four one-sided
    /// limits are certified, and their printed bounds (at the digits `limits --json` prints and
    /// at the 40 the text shows) cover the true error.
    @Test(arguments: [24, 53, 64, 128, 256, 1024])
    func oneSidedLimitBoundsCoverTheirErrors(precision p: Int) throws {
        for truth in LimitTruth.all.cases {
            let activation = try Catalogue.activation(truth.spec)
            let x = try BigFloat(parsing: truth.x, precision: 64)
            let kinks = activation.kinks.map { $0.location.value(precision: p + 64) }.filter { !($0 == x) }
            let a = PointAnalysis.analyze(activation, at: x, precision: p, otherKinks: kinks)
            let estimates = [a.leftValue, a.rightValue, a.leftDerivative, a.rightDerivative]
            for (name, (estimate, t)) in zip(["f(x-)", "f(x+)", "D-", "D+"], zip(estimates, truth.truths)) {
                #expect(estimate.isCertified, "\(truth.spec) at \(truth.x), \(name), \(p) bits: \(estimate.method.rawValue)")
                for digits in [1 + Int((Double(p) * 0.30103).rounded(.up)), 40, 6] {
                    let (ok, why) = printedBoundCovers(estimate.printed(significantDigits: digits), truth: t)
                    #expect(ok, "\(truth.spec) at \(truth.x), \(name), \(p) bits, \(digits) digits: \(why)")
                }
            }
        }
    }

    /// Once reported with a bound far below their error (limits at 64, 128 and 1024 bits).
    @Test func theReportedRegressionsNowCoverTheirErrors() throws {
        let rows: [(String, String, Int, String)] = [
            ("selu", "0", 64, "1.75809934084737685994021752081231934206024580891220830977098282"),
            ("sigmoid", "4", 128, "0.0176627062132911164215619139652636980780318149594139902812159524567155"),
            ("softplus:threshold=20", "20", 1024, "0.999999997938846381809796418569137870525407309247509981130700347718400940449383413053256663"),
        ]
        for (spec, at, p, truth) in rows {
            let a = PointAnalysis.analyze(try Catalogue.activation(spec), at: try BigFloat(parsing: at, precision: p), precision: p,
                                          otherKinks: [])
            let digits = 1 + Int((Double(p) * 0.30103).rounded(.up))
            let (ok, why) = printedBoundCovers(a.leftDerivative.printed(significantDigits: min(digits, 85)), truth: truth)
            #expect(ok, "\(spec) at \(at), \(p) bits: \(why)")
        }
    }

    /// Distribution: the printed lhs of relu against mpmath, within the printed bound.
    @Test func distributionBoundsCoverTheLHS() throws {
        for d in LimitTruth.all.distribution {
            let activation = try Catalogue.activation(d.spec)
            let digits = 40, p = QuadratureTarget.bits(forDigits: digits) + 64
            let phi = SmoothBump(center: try BigFloat(parsing: d.center, precision: p), halfWidth: try BigFloat(parsing: d.width, precision: p))
            let s = phi.support(precision: p)
            let check = DistributionalCheck(activation: activation, digits: digits, identity: .first, span: (s.lower, s.upper))
            let r = check.check(phi)
            #expect(r.holds, "relu bump(\(d.center), \(d.width)) fails: residual \(r.residual) tolerance \(r.tolerance)")
            let (ok, why) = printedBoundCovers(PrintedBound(r.lhs.value, bound: r.errorBound, significantDigits: digits + 2), truth: d.lhs)
            #expect(ok, "relu bump(\(d.center), \(d.width)): \(why)")
        }
    }
}
