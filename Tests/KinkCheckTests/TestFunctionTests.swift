import BigFloat
import Foundation
import Testing
@testable import KinkCheckAnalysis
@testable import KinkCheckSupport

/// Central differences in MPFR at 400 bits with step 2^−50: truncation error ≈ h²|φ‴|/6 ≈ 2^−100,
/// rounding ≈ 2^−400/h² = 2^−300 — far apart, so 25 digits are a safe comparison.
private enum TestFunctionFiniteDifference {
    static let precision = 400
    static let step = BigFloat(1, precision: precision).timesPowerOfTwo(-50)

    static func first(_ f: (BigFloat) -> BigFloat, at x: BigFloat) -> BigFloat {
        (f(x + step) - f(x - step)) / step.timesPowerOfTwo(1)
    }

    static func second(_ f: (BigFloat) -> BigFloat, at x: BigFloat) -> BigFloat {
        (f(x + step) - f(x).timesPowerOfTwo(1) + f(x - step)) / (step * step)
    }
}

private func tfParse(_ s: String, _ p: Int = TestFunctionFiniteDifference.precision) -> BigFloat {
    try! BigFloat(parsing: s, precision: p)
}

/// |a − b| ≤ 10^−digits · max(1, |b|).
private func expectTestFunctionClose(_ a: BigFloat, _ b: BigFloat, digits: Int, _ what: @autoclosure () -> String,
                         sourceLocation: SourceLocation = #_sourceLocation) {
    let tolerance = BigFloat.maximum(BigFloat.abs(b), BigFloat(1, precision: 64)) * BigFloat.pow(BigFloat(10, precision: 64), -digits)
    #expect(BigFloat.abs(a - b) <= tolerance,
            "\(what()): \(a.scientificString(fractionDigits: 30)) vs \(b.scientificString(fractionDigits: 30))",
            sourceLocation: sourceLocation)
}

@Suite struct TestFunctionTests {
    static let samples: [any TestFunction] = [
        SmoothBump(center: tfParse("0.3"), halfWidth: tfParse("0.7")),
        SmoothBump(center: tfParse("-2"), halfWidth: tfParse("0.125")),
        PolynomialBump(center: tfParse("-0.5"), halfWidth: tfParse("2"), degree: 3),
        PolynomialBump(center: tfParse("1"), halfWidth: tfParse("0.5"), degree: 5),
        BumpTimesPolynomial(center: tfParse("0.3"), halfWidth: tfParse("0.7"), coefficients: ["1", "-2", "3"].map { tfParse($0) }),
        BumpTimesPolynomial(bump: PolynomialBump(center: tfParse("0"), halfWidth: tfParse("1"), degree: 4),
                            coefficients: ["0.5", "0", "0", "-1"].map { tfParse($0) }),
    ]

    @Test("φ′ and φ″ match MPFR central differences inside the support", arguments: 0..<samples.count)
    func derivativesMatchFiniteDifferences(_ i: Int) {
        let phi = Self.samples[i]
        let p = TestFunctionFiniteDifference.precision
        // Points at t = −0.9, −0.6, …, 0.9 (t = (x − c)/w).
        for k in -3...3 {
            let t = BigFloat(3 * k, precision: p) / 10
            let x = phi.center + t * phi.halfWidth
            let f: (BigFloat) -> BigFloat = { phi.value(at: $0) }
            let jet = phi.jet(at: x, order: 2)
            expectTestFunctionClose(jet.first!, TestFunctionFiniteDifference.first(f, at: x), digits: 25, "\(phi) φ′ at t = \(t)")
            expectTestFunctionClose(jet.second!, TestFunctionFiniteDifference.second(f, at: x), digits: 25, "\(phi) φ″ at t = \(t)")
            // The order-specific accessors agree with the jet.
            #expect(phi.value(at: x) == jet.value)
            #expect(phi.firstDerivative(at: x) == jet.first!)
            #expect(phi.secondDerivative(at: x) == jet.second!)
            #expect(phi.derivative(2, at: x) == jet.second!)
        }
    }

    @Test("Values and derivatives match mpmath.diff of the definitions (Fixtures/quadrature.json)")
    func derivativesMatchMpmath() throws {
        let records = QuadratureFixtureFile.derivatives
        #expect(records.count >= 10, "quadrature.json has no derivative records")
        let p = 420
        for r in records {
            let spec = r.function
            let c = tfParse(spec.center, p), w = tfParse(spec.half_width, p)
            let phi: any TestFunction
            switch spec.kind {
            case "bump": phi = SmoothBump(center: c, halfWidth: w)
            case "polynomial_bump": phi = PolynomialBump(center: c, halfWidth: w, degree: try #require(spec.degree))
            case "bump_times_polynomial":
                phi = BumpTimesPolynomial(center: c, halfWidth: w, coefficients: try #require(spec.coefficients).map { tfParse($0, p) })
            default: Issue.record("unknown kind \(spec.kind)"); continue
            }
            let x = tfParse(r.x, p)
            let jet = phi.jet(at: x)
            for (name, got, want) in [("value", jet.value, r.value), ("first", jet.first!, r.first), ("second", jet.second!, r.second)] {
                expectTestFunctionClose(got, tfParse(want, p), digits: 100, "\(phi) \(name) at x = \(x)")
            }
        }
    }

    @Test("Outside the open support, at its ends and for NaN: zeros (NaN for NaN)")
    func outsideSupport() {
        for phi in Self.samples {
            let (lo, hi) = phi.support(precision: 200)
            for x in [lo, hi, lo - 1, hi + 1, BigFloat.infinity(precision: 64), -BigFloat.infinity(precision: 64)] {
                let j = phi.jet(at: x)
                #expect(j.value.isZero && j.first!.isZero && j.second!.isZero, "\(phi) at \(x)")
                #expect(!j.value.signBit)
            }
            let n = phi.jet(at: .nan(precision: 100))
            #expect(n.value.isNaN && n.first!.isNaN && n.second!.isNaN)
            // Precision follows the point's.
            #expect(phi.value(at: phi.center.rounded(toPrecision: 77)).precision == 77)
        }
    }

    @Test("SmoothBumpIsEvenWithValue1OverEAtItsCentre")
    func smoothBumpProperties() {
        let p = 300
        let phi = SmoothBump(center: tfParse("0.3", p), halfWidth: tfParse("0.7", p))
        let atCentre = phi.jet(at: tfParse("0.3", p))
        #expect(atCentre.value == BigFloat.exp(BigFloat(-1, precision: p)))
        #expect(atCentre.first!.isZero)
        // φ″(c) = φ(c)·(−2)/w²
        expectTestFunctionClose(atCentre.second!, atCentre.value * -2 / (phi.halfWidth * phi.halfWidth), digits: 85, "φ″(c)")
        for s in ["0.1", "0.35", "0.69"] {
            let d = tfParse(s, p)
            let left = phi.jet(at: phi.center - d), right = phi.jet(at: phi.center + d)
            expectTestFunctionClose(left.value, right.value, digits: 80, "even")
            expectTestFunctionClose(left.first!, -right.first!, digits: 80, "φ′ odd")
            expectTestFunctionClose(left.second!, right.second!, digits: 80, "φ″ even")
        }
    }

    @Test("Near the support ends the smooth bump and its derivatives vanish smoothly (no NaN, no ∞)")
    func smoothBumpNearSupportEnds() {
        let p = 200
        let phi = SmoothBump(center: tfParse("0", p), halfWidth: tfParse("1", p))
        for e in [10, 40, 100, 190, 400] {
            let x = 1 - BigFloat(1, precision: p).timesPowerOfTwo(-e)
            let j = phi.jet(at: x)
            for v in [j.value, j.first!, j.second!] {
                #expect(v.isFinite, "at 1 − 2^-\(e): \(v)")
            }
            #expect(j.value.signum >= 0 && j.first!.signum <= 0)
        }
    }

    @Test("Kinds, parameters and JSON")
    func kindsAndJSON() {
        let b = SmoothBump(center: tfParse("0.25", 64), halfWidth: tfParse("0.5", 64))
        #expect(b.kind == "bump")
        #expect(b.json.rendered(indent: nil) == #"{"kind":"bump","formula":"exp(−1/(1 − t²)) on |t| < 1, t = (x − center)/width","center":"0.25","width":"0.5"}"#)
        let pb = PolynomialBump(center: tfParse("0", 64), halfWidth: tfParse("2", 64), degree: 3)
        #expect(pb.json.rendered(indent: nil) == #"{"kind":"polynomial_bump","formula":"(1 − t²)^3 on |t| < 1, t = (x − center)/width","center":"0","width":"2","degree":3}"#)
        let q = BumpTimesPolynomial(center: tfParse("0", 64), halfWidth: tfParse("1", 64), coefficients: [tfParse("1", 64), tfParse("-0.5", 64)])
        #expect(q.kind == "bump_times_polynomial")
        #expect(q.json.rendered(indent: nil) == #"{"kind":"bump_times_polynomial","formula":"q(x)·exp(−1/(1 − t²)) on |t| < 1, t = (x − center)/width","bump":"bump","center":"0","width":"1","coefficients":["1","-0.5"]}"#)
        #expect(b.description == "bump exp(−1/(1 − t²)) (center=0.25, width=0.5)")
        #expect(pb.description == "polynomial_bump (1 − t²)^3 (center=0, width=2, degree=3)")
        let (lo, hi) = b.support(precision: 64)
        #expect(lo == tfParse("-0.25", 64) && hi == tfParse("0.75", 64))
        // JSON is valid JSON.
        for phi in Self.samples {
            #expect((try? JSONSerialization.jsonObject(with: Data(phi.json.rendered().utf8))) != nil, "\(phi.json.rendered())")
        }
    }

    @Test("Scaling: ∫φ_{c,w} = w · ∫φ_{0,1}, and φ′ integrates to 0 over the support")
    func integralsScaleWithWidth() throws {
        let bits = QuadratureTarget.bits(forDigits: 40)
        let p = bits + 32
        let unit = try QuadratureFixtureFile.integral("bump_unit", precision: p + 64)
        let phi = SmoothBump(center: tfParse("-2", p), halfWidth: tfParse("0.125", p))
        let (lo, hi) = phi.support(precision: p)
        let r = TanhSinhQuadrature().integrate({ phi.value(at: $0) }, from: lo, to: hi, targetBits: bits)
        expectQuadratureAccurate(r, exact: unit * phi.halfWidth, targetBits: bits, "∫φ_{-2, 1/8}")
        let d = PiecewiseQuadrature(rule: TanhSinhQuadrature()).integrate({ phi.firstDerivative(at: $0) }, from: lo, to: hi,
                                                                          breakpoints: [phi.center], targetBits: bits)
        #expect(BigFloat.abs(d.value) <= d.errorBound)
    }
}
