import BigFloat
import Foundation
import KinkCheck
import Testing

/// Values of every built-in (and some parameterised specs) against mpmath, at kinks, one ulp
/// either side of them, switch points, tails and random points.
@Suite("Catalogue values against mpmath")
struct CatalogueFixtureTests {
    @Test("the fixture covers every spec with ≥ 30 points and the Swift kinks")
    func fixtureCoversEveryBuiltIn() throws {
        let table = ActivationFixture.table
        #expect(table.loadError == nil, "\(table.loadError ?? "")")
        #expect(Set(table.specs) == Set(fixtureSpecs), "regenerate with scripts/gen_activation_fixtures.py")
        for spec in fixtureSpecs {
            guard let fixture = table.bySpec[spec] else { continue }
            #expect(fixture.points.count >= 30, "\(spec): only \(fixture.points.count) points")
            // The fixture's kinks (hand-written in the script) are the ones the definition declares.
            let a = try activation(spec)
            let declared = a.kinks.map { $0.location.value(precision: 256).hexString }
            #expect(declared == fixture.kinks, "\(spec): declared kinks \(declared), fixture \(fixture.kinks)")
        }
    }

    /// `correctlyRounded(at:precision:)` is bit-identical to mpmath's round-half-even value at
    /// 24, 53 and 256 bits, certified; converting the 24/53-bit results to Float/Double gives
    /// IEEE's binary32/binary64 rounding.
    @Test("correctlyRounded is bit-identical to mpmath at 24, 53 and 256 bits", arguments: fixtureSpecs)
    func correctlyRoundedMatchesMpmath(spec: String) throws {
        let fixture = try #require(ActivationFixture.table.bySpec[spec], "no fixture for \(spec)")
        let a = try activation(spec)
        for point in fixture.points {
            let x = exact(point.x, precision: point.xPrecision)
            try #require(!x.isNaN, "fixture input \(point.x) is not exact at \(point.xPrecision) bits")
            for p in [24, 53, 256] {
                let r = a.correctlyRounded(at: x, precision: p)
                let expected = point.rounded[p]!
                #expect(r.certified, "not certified: \(describe(spec, x, precision: p))")
                #expect(r.value.precision == p)
                #expect(r.value.hexString == expected,
                        "\(p) bits: got \(r.value.hexString), mpmath \(expected) [\(point.tag)] — \(describe(spec, x, precision: p))")
                if p == 24 {
                    checkConversion(Float(r.value), reference: point.binary32, rounded: r.value, format: .binary32, spec, x, point.tag)
                } else if p == 53 {
                    checkConversion(Double(r.value), reference: point.binary64, rounded: r.value, format: .binary64, spec, x, point.tag)
                }
            }
        }
    }

    /// Float(cr₂₄) and Double(cr₅₃) equal IEEE's rounding of f(x). The one allowed exception is
    /// a result below the normal range: rounding first to p bits and then to a subnormal is a
    /// double rounding (gelu(2⁻¹⁰⁷⁴) = 2⁻¹⁰⁷⁵ + tiny rounds to 2⁻¹⁰⁷⁵ at 53 bits, then to 0 as a
    /// tie; IEEE gives 2⁻¹⁰⁷⁴), so there one subnormal step of difference is accepted.
    func checkConversion<F: BinaryFloatingPoint>(_ converted: F, reference text: String, rounded: BigFloat,
                                                 format: IEEEFormat, _ spec: String, _ x: BigFloat, _ tag: String) {
        let ieee = exact(text, precision: format.precision)
        let asBig = BigFloat(Double(converted), precision: format.precision)
        let inNormalRange = rounded.isZero || rounded.isInfinite
            || BigFloat.abs(rounded) >= BigFloat.leastNormal(format) && BigFloat.abs(rounded) <= BigFloat.largestFinite(format)
        if inNormalRange {
            #expect(asBig.isIdentical(to: rounded), "\(format): \(converted) ≠ the \(format.precision)-bit value \(rounded.hexString) — \(describe(spec, x))")
            #expect(asBig.isIdentical(to: ieee), "\(format): \(asBig.hexString) ≠ IEEE \(text) [\(tag)] — \(describe(spec, x))")
        } else {
            let steps = ulpError(asBig, reference: ieee, format: format)
            #expect(steps <= 1, "\(format): \(asBig.hexString) vs IEEE \(text), \(steps) subnormal steps — \(describe(spec, x))")
        }
    }

    /// Maximum ULP error of the real Float and Double code (`activation(Float(x))`,
    /// `activation(Double(x))`) against the 256-bit reference, at every fixture point exactly
    /// representable in the type; the worst per activation is printed.
    ///
    /// Bounds:
    /// - selections (relu, relu6, hardtanh, abs, heaviside, sign) are exact: 0 ulp, bit for bit;
    /// - linear pieces with a rounded constant or intermediate (leaky_relu, prelu: rounded slope
    ///   times x; hardsigmoid: (x + 3) rounded, then ÷ 6) ≤ 1.5 ulp (two relative errors of
    ///   2⁻ᵖ each); hardswish's quadratic, three roundings, ≤ 2 ulp;
    /// - the transcendental ones ≤ 4 + κ(x) ulp, κ(x) = |x·f′(x)/f(x)| the condition number.
    ///   Where κ is small (most of the line) that is the "few ulp" of a benign formula; in the
    ///   far tails it is not benign, and measured errors are large: gelu(−30) in Double is
    ///   ~700 ulp off because erfc(−x/√2) amplifies the rounding of its argument by ~x² (κ ≈ 901).
    @Test("Float and Double evaluation stays within its ULP bound", arguments: fixtureSpecs)
    func machineEvaluationUlpError(spec: String) throws {
        let fixture = try #require(ActivationFixture.table.bySpec[spec])
        let a = try activation(spec)
        var worstFloat = WorstError(), worstDouble = WorstError()
        for point in fixture.points {
            let x = exact(point.x, precision: point.xPrecision)
            let reference = exact(point.rounded[256]!, precision: 256)
            let bound = ulpBound(a, at: x, value: exact(point.rounded[53]!, precision: 53))
            expectMachineUlpError(Float.self, a, spec, at: x, point, ieee: \.binary32, reference: reference, bound: bound, worst: &worstFloat)
            expectMachineUlpError(Double.self, a, spec, at: x, point, ieee: \.binary64, reference: reference, bound: bound, worst: &worstDouble)
        }
        #expect(worstFloat.count >= 30 && worstDouble.count >= 30, "\(spec): too few machine-representable points")
        print("worst ulp error \(spec.padding(toLength: 30, withPad: " ", startingAt: 0)) Float \(worstFloat)   Double \(worstDouble)")
    }

    /// T's ulp error at one fixture point, when x is a T: recorded in `worst` and within `bound`;
    /// an exact selection (bound 0) also gives IEEE's answer (the fixture's `ieee` column) bit for
    /// bit, sign of zero included.
    func expectMachineUlpError<T: MachineFloat>(_: T.Type, _ a: any Activation, _ spec: String, at x: BigFloat,
                                                _ point: ActivationFixture.Point, ieee column: KeyPath<ActivationFixture.Point, String>,
                                                reference: BigFloat, bound: Double, worst: inout WorstError) {
        guard let xt = T(exactly: x) else { return }
        let y = a(xt)
        let e = ulpError(y.bigFloat, reference: reference, format: T.format)
        worst.record(e, at: x)
        let place = describe(spec, x, precision: T.format.precision)
        #expect(e <= bound, "\(T.typeName): \(y) is \(e) ulp from \(reference.decimalString(significantDigits: 20)) (bound \(bound)) [\(point.tag)] — \(place)")
        if bound == 0 {
            let ieee = point[keyPath: column]
            #expect(identical(y, T(exact(ieee, precision: T.format.precision), rounding: .nearestEven)), "\(T.typeName): \(y) vs \(ieee) — \(place)")
        }
    }

    func ulpBound(_ a: any Activation, at x: BigFloat, value: BigFloat) -> Double {
        switch a.name {
        case "relu", "relu6", "hardtanh", "abs", "heaviside", "sign": return 0
        case "leaky_relu", "prelu", "hardsigmoid": return 1.5
        case "hardswish": return 2
        default:
            guard !value.isZero, value.isFinite else { return 4 }
            let slope = a.correctlyRoundedDerivative(at: x, precision: 53).value
            let kappa = Double(BigFloat.abs(x * slope / value))
            return 4 + kappa
        }
    }
}
