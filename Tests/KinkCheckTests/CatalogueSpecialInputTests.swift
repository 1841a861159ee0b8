import BigFloat
import KinkCheck
import Testing

/// Limits at ±∞, written out independently of the definitions' declared tails:
/// f(−∞), f(+∞), and the slopes f′(−∞), f′(+∞) that autodiff reports there.
struct TailCase: Sendable, CustomTestStringConvertible {
    var spec: String
    var atNegative: String
    var atPositive: String
    var slopeNegative: String
    var slopePositive: String
    var testDescription: String { "\(spec): f(−∞) = \(atNegative), f(+∞) = \(atPositive)" }
}

let tailCases: [TailCase] = [
    .init(spec: "relu", atNegative: "0", atPositive: "inf", slopeNegative: "0", slopePositive: "1"),
    .init(spec: "leaky_relu", atNegative: "-inf", atPositive: "inf", slopeNegative: "0.01", slopePositive: "1"),
    .init(spec: "leaky_relu:slope=0.2", atNegative: "-inf", atPositive: "inf", slopeNegative: "0.2", slopePositive: "1"),
    .init(spec: "prelu", atNegative: "-inf", atPositive: "inf", slopeNegative: "0.25", slopePositive: "1"),
    .init(spec: "elu", atNegative: "-1", atPositive: "inf", slopeNegative: "0", slopePositive: "1"),
    .init(spec: "elu:alpha=0.5", atNegative: "-0.5", atPositive: "inf", slopeNegative: "0", slopePositive: "1"),
    .init(spec: "selu", atNegative: "-" + seluLambdaAlpha, atPositive: "inf", slopeNegative: "0", slopePositive: "1.0507009873554804934193349852946"),
    .init(spec: "celu", atNegative: "-1", atPositive: "inf", slopeNegative: "0", slopePositive: "1"),
    .init(spec: "celu:alpha=2", atNegative: "-2", atPositive: "inf", slopeNegative: "0", slopePositive: "1"),
    .init(spec: "softplus", atNegative: "0", atPositive: "inf", slopeNegative: "0", slopePositive: "1"),
    .init(spec: "softplus:threshold=20", atNegative: "0", atPositive: "inf", slopeNegative: "0", slopePositive: "1"),
    .init(spec: "sigmoid", atNegative: "0", atPositive: "1", slopeNegative: "0", slopePositive: "0"),
    .init(spec: "tanh", atNegative: "-1", atPositive: "1", slopeNegative: "0", slopePositive: "0"),
    .init(spec: "gelu", atNegative: "0", atPositive: "inf", slopeNegative: "0", slopePositive: "1"),
    .init(spec: "gelu_tanh", atNegative: "0", atPositive: "inf", slopeNegative: "0", slopePositive: "1"),
    .init(spec: "silu", atNegative: "0", atPositive: "inf", slopeNegative: "0", slopePositive: "1"),
    .init(spec: "silu:beta=1.5", atNegative: "0", atPositive: "inf", slopeNegative: "0", slopePositive: "1"),
    .init(spec: "mish", atNegative: "0", atPositive: "inf", slopeNegative: "0", slopePositive: "1"),
    .init(spec: "relu6", atNegative: "0", atPositive: "6", slopeNegative: "0", slopePositive: "0"),
    .init(spec: "hardtanh", atNegative: "-1", atPositive: "1", slopeNegative: "0", slopePositive: "0"),
    .init(spec: "hardtanh:min=-2,max=2", atNegative: "-2", atPositive: "2", slopeNegative: "0", slopePositive: "0"),
    .init(spec: "hardsigmoid", atNegative: "0", atPositive: "1", slopeNegative: "0", slopePositive: "0"),
    .init(spec: "hardswish", atNegative: "0", atPositive: "inf", slopeNegative: "0", slopePositive: "1"),
    .init(spec: "softsign", atNegative: "-1", atPositive: "1", slopeNegative: "0", slopePositive: "0"),
    .init(spec: "abs", atNegative: "inf", atPositive: "inf", slopeNegative: "-1", slopePositive: "1"),
    .init(spec: "heaviside", atNegative: "0", atPositive: "1", slopeNegative: "0", slopePositive: "0"),
    .init(spec: "sign", atNegative: "-1", atPositive: "1", slopeNegative: "0", slopePositive: "0"),
]

/// What each built-in gives at −0 (in Float, Double, BigFloat and correctly rounded alike):
/// the IEEE sign rules applied to its definition. "+0"/"-0" are signed zeros.
///
/// relu, relu6 and sign return the constant 0 on their "x ≤ 0" or "x = 0" branch: +0. abs gives
/// |−0| = +0. Definitions that multiply or divide x (leaky_relu, prelu, elu, selu, celu via
/// expm1(−0) = −0, gelu, gelu_tanh, silu, mish, hardswish, softsign) keep −0, as does tanh and
/// hardtanh (which returns x). The rest are nonzero at 0.
let negativeZeroValues: [(spec: String, value: String)] = [
    ("relu", "+0"), ("leaky_relu", "-0"), ("prelu", "-0"), ("elu", "-0"), ("selu", "-0"), ("celu", "-0"),
    ("softplus", "0.693147180559945309417232121458176568075500134360255254120680009493393621969694715605863326996418687542"),
    ("sigmoid", "0.5"), ("tanh", "-0"), ("gelu", "-0"), ("gelu_tanh", "-0"), ("silu", "-0"), ("mish", "-0"),
    ("relu6", "+0"), ("hardtanh", "-0"), ("hardsigmoid", "0.5"), ("hardswish", "-0"), ("softsign", "-0"),
    ("abs", "+0"), ("heaviside", "0.5"), ("sign", "+0"),
]

@Suite("Catalogue special inputs: NaN, ±∞, −0, subnormals")
struct CatalogueSpecialInputTests {
    @Test("NaN gives NaN value and NaN derivative in every scalar type", arguments: fixtureSpecs)
    func nanPropagates(spec: String) throws {
        let a = try activation(spec)
        #expect(a(Float.nan).isNaN)
        #expect(a(Double.nan).isNaN)
        #expect(a(BigFloat.nan(precision: 256)).isNaN)
        let f = a.valueAndDerivative(at: Float.nan), d = a.valueAndDerivative(at: Double.nan)
        let b = a.valueAndDerivative(at: BigFloat.nan(precision: 128))
        #expect(f.value.isNaN && f.derivative.isNaN)
        #expect(d.value.isNaN && d.derivative.isNaN)
        #expect(b.value.isNaN && b.derivative.isNaN)
        for p in [24, 53, 256] {
            let r = a.correctlyRounded(at: .nan(precision: 53), precision: p)
            #expect(r.value.isNaN && r.certified)
            #expect(a.correctlyRoundedDerivative(at: .nan(precision: 53), precision: p).value.isNaN)
        }
    }

    @Test("±∞ give the limits, and autodiff the tail slopes", arguments: tailCases)
    func infinitiesGiveTheLimits(_ c: TailCase) throws {
        let a = try activation(c.spec)
        for (negative, value, slope) in [(true, c.atNegative, c.slopeNegative), (false, c.atPositive, c.slopePositive)] {
            let label = "\(c.spec) at \(negative ? "−∞" : "+∞")"
            expectMachineLimit(Float.self, a, negative: negative, value: value, slope: slope, label)
            expectMachineLimit(Double.self, a, negative: negative, value: value, slope: slope, label)
            for p in [53, 256] {
                let x = BigFloat.infinity(precision: p, negative: negative)
                #expect(a(x) == rounded(value, precision: p), "BigFloat at \(p) bits: \(label): \(a(x))")
                let b = a.valueAndDerivative(at: x)
                #expect(b.value == rounded(value, precision: p) && b.derivative == rounded(slope, precision: p),
                        "Dual<BigFloat> at \(p) bits: \(label): \(b.value), \(b.derivative)")
                let r = a.correctlyRounded(at: x, precision: p)
                #expect(r.certified && r.value == rounded(value, precision: p), "correctlyRounded at \(p) bits: \(label): \(r.value)")
                let s = a.correctlyRoundedDerivative(at: x, precision: p)
                #expect(s.value == rounded(slope, precision: p), "correctlyRoundedDerivative at \(p) bits: \(label): \(s.value)")
            }
        }
    }

    /// At ∓∞ in T (`negative`): the value `value` rounded into T, and in Dual<T> that value and
    /// the slope `slope`.
    func expectMachineLimit<T: MachineFloat>(_: T.Type, _ a: any Activation, negative: Bool, value: String, slope: String,
                                             _ label: String) {
        let p = T.format.precision
        let x: T = negative ? -.infinity : .infinity
        let limit = T(rounded(value, precision: p), rounding: .nearestEven), tail = T(rounded(slope, precision: p), rounding: .nearestEven)
        #expect(a(x) == limit, "\(T.typeName): \(label)")
        let d = a.valueAndDerivative(at: x)
        #expect(d.value == limit && d.derivative == tail, "Dual<\(T.typeName)>: \(label): \(d)")
    }

    /// The declared tails are the real limits: at ±10³⁰⁰ the Double code is already at the
    /// constant, or at slope·x.
    @Test("the Double code at ±1e300 agrees with the ±∞ limits", arguments: tailCases)
    func hugeFiniteInputsApproachTheLimits(_ c: TailCase) throws {
        let a = try activation(c.spec)
        for (x, value, slope) in [(-1e300, c.atNegative, c.slopeNegative), (1e300, c.atPositive, c.slopePositive)] {
            let y = a(x)
            let limit = Double(rounded(value, precision: 53))
            if limit.isFinite {
                #expect(abs(y - limit) <= 1e-12 * max(1, abs(limit)), "\(c.spec)(\(x)) = \(y), limit \(limit)")
            } else {
                let s = Double(rounded(slope, precision: 53))
                #expect(abs(y / x - s) <= 1e-12 * abs(s), "\(c.spec)(\(x)) / x = \(y / x), slope \(s)")
            }
        }
    }

    /// Every built-in at −0, in Float, Double, BigFloat and correctly rounded (24 and 53 bits):
    /// the value and the sign of zero in ``negativeZeroValues``.
    @Test("−0 gives the documented value and sign of zero")
    func negativeZeroGivesTheDocumentedSign() throws {
        #expect(Set(negativeZeroValues.map(\.spec)) == Set(Catalogue.entries.map(\.name)))
        for (spec, text) in negativeZeroValues {
            let a = try activation(spec)
            let isZero = text == "+0" || text == "-0"
            func expected(_ p: Int) -> BigFloat {
                isZero ? .zero(precision: p, negative: text == "-0") : rounded(text, precision: p)
            }
            #expect(identical(a(-0.0 as Float), Float(expected(24))), "Float: \(spec)(−0) = \(a(-0.0 as Float)), documented \(text)")
            #expect(identical(a(-0.0 as Double), Double(expected(53))), "Double: \(spec)(−0) = \(a(-0.0 as Double)), documented \(text)")
            let b = a(BigFloat.zero(precision: 53, negative: true))
            if isZero {
                #expect(b.isIdentical(to: expected(53)), "BigFloat: \(spec)(−0) = \(b), documented \(text)")
            } else {
                #expect(BigFloat.abs(b - expected(53)) <= expected(53).ulp, "BigFloat: \(spec)(−0) = \(b), documented \(text)")
            }
            for p in [24, 53] {
                let r = a.correctlyRounded(at: .zero(precision: 53, negative: true), precision: p)
                #expect(r.certified && r.value.isIdentical(to: expected(p)),
                        "correctlyRounded at \(p) bits: \(spec)(−0) = \(r.value.hexString), documented \(text)")
            }
        }
    }

    /// Subnormal inputs (the least and the largest subnormal of each format, both signs): no
    /// trap, no NaN, certified correct rounding in MPFR, and the machine result within 1 ulp of
    /// it (every built-in is linear or constant to first order there) — 2 ulp for SELU, whose
    /// λ·(α·x) carries four relative errors (λ, α, two products; 1.31 ulp measured at
    /// −(2⁻¹⁰²² − 2⁻¹⁰⁷⁴)). The fixture checks the least subnormals against mpmath too.
    @Test("subnormal inputs: certified in MPFR, within 1 ulp (SELU 2) in Float/Double", arguments: fixtureSpecs)
    func subnormalInputsAreHandled(spec: String) throws {
        let a = try activation(spec)
        let bound = a.name == "selu" ? 2.0 : 1.0
        expectSubnormalInputsHandled(a, spec, bound: bound, in: Double.self)
        expectSubnormalInputsHandled(a, spec, bound: bound, in: Float.self)
    }

    /// The least and the largest subnormal of `T`, both signs: no NaN in the value or the
    /// autodiff derivative, certified in MPFR (256 bits and T's precision), and within `bound` ulp.
    func expectSubnormalInputsHandled<T: MachineFloat>(_ a: any Activation, _ spec: String, bound: Double, in _: T.Type) {
        let p = T.format.precision
        for x in [T.leastNonzeroMagnitude, T.leastNormalMagnitude.nextDown].flatMap({ [$0, -$0] }) {
            let bx = x.bigFloat
            let y = a(x), dy = a.valueAndDerivative(at: x)
            #expect(!y.isNaN && !dy.derivative.isNaN, "\(spec)(\(x)) = \(y), derivative \(dy.derivative)")
            let r = a.correctlyRounded(at: bx, precision: 256)
            #expect(r.certified && r.value.isFinite, "\(describe(spec, bx, precision: p))")
            #expect(a.correctlyRounded(at: bx, precision: p).certified)
            let e = ulpError(y.bigFloat, reference: r.value, format: T.format)
            #expect(e <= bound, "\(T.typeName) \(spec)(\(x)) = \(y) is \(e) ulp from \(r.value) — \(describe(spec, bx, precision: p))")
        }
    }
}
