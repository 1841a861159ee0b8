import BigFloat
import KinkCheck
import Testing

/// One documented autodiff convention: the derivative a framework's kernel gives at a kink.
struct KinkConventionCase: Sendable, CustomTestStringConvertible {
    var spec: String
    var kink: String
    var derivative: String
    var testDescription: String { "\(spec)′(\(kink)) = \(derivative)" }
}

/// λα for SELU, the exact product of the published 32-digit constants (Python's Decimal).
let seluLambdaAlpha = "1.75809934084737685994021752081231934206024580891220830977098282"

/// The conventions, written out independently of the definitions' `DeclaredKink`s (PyTorch by
/// default; `convention=jax`; `grad0` for ReLU).
let kinkConventions: [KinkConventionCase] = [
    .init(spec: "relu", kink: "0", derivative: "0"),
    .init(spec: "relu:grad0=0.5", kink: "0", derivative: "0.5"),
    .init(spec: "relu:grad0=1", kink: "0", derivative: "1"),
    .init(spec: "leaky_relu", kink: "0", derivative: "0.01"),
    .init(spec: "leaky_relu:slope=0.2", kink: "0", derivative: "0.2"),
    .init(spec: "leaky_relu:convention=jax", kink: "0", derivative: "1"),
    .init(spec: "prelu", kink: "0", derivative: "0.25"),
    .init(spec: "prelu:convention=jax", kink: "0", derivative: "1"),
    .init(spec: "elu", kink: "0", derivative: "1"),
    .init(spec: "elu:alpha=0.5", kink: "0", derivative: "0.5"),
    .init(spec: "selu", kink: "0", derivative: seluLambdaAlpha),
    .init(spec: "celu", kink: "0", derivative: "1"),
    .init(spec: "celu:alpha=2", kink: "0", derivative: "1"),
    .init(spec: "relu6", kink: "0", derivative: "0"),
    .init(spec: "relu6", kink: "6", derivative: "0"),
    .init(spec: "hardtanh", kink: "-1", derivative: "0"),
    .init(spec: "hardtanh", kink: "1", derivative: "0"),
    .init(spec: "hardtanh:convention=jax", kink: "-1", derivative: "1"),
    .init(spec: "hardtanh:convention=jax", kink: "1", derivative: "1"),
    .init(spec: "hardtanh:min=-2,max=2", kink: "-2", derivative: "0"),
    .init(spec: "hardtanh:min=-2,max=2", kink: "2", derivative: "0"),
    .init(spec: "hardsigmoid", kink: "-3", derivative: "0"),
    .init(spec: "hardsigmoid", kink: "3", derivative: "0"),
    .init(spec: "hardswish", kink: "-3", derivative: "0"),
    .init(spec: "hardswish", kink: "3", derivative: "1"),
    .init(spec: "abs", kink: "0", derivative: "0"),
    .init(spec: "abs:convention=jax", kink: "0", derivative: "1"),
    .init(spec: "heaviside", kink: "0", derivative: "0"),
    .init(spec: "sign", kink: "0", derivative: "0"),
]

@Suite("Catalogue kinks: autodiff conventions and the seeds' facts")
struct CatalogueKinkTests {
    /// Every declared kink of every spec in the table is in the table, with the same derivative,
    /// and the table names no kink the definition does not declare.
    @Test("declared kinks carry the documented autodiff derivative")
    func declaredKinksMatchTheConventionTable() throws {
        let specs = Set(kinkConventions.map(\.spec))
        for spec in specs.sorted() {
            let a = try activation(spec)
            let declared = a.kinks.map { ($0.location.value(precision: 256), $0.autodiffDerivative?.bigFloat(precision: 256)) }
            let table = kinkConventions.filter { $0.spec == spec }
                .map { (rounded($0.kink, precision: 256), rounded($0.derivative, precision: 256)) }
            #expect(declared.count == table.count, "\(spec): declares \(declared.count) kinks, table has \(table.count)")
            for (k, d) in declared {
                let row = table.first { $0.0 == k }
                #expect(row != nil, "\(spec): kink at \(k) is not in the convention table")
                if let row, let d { #expect(d == row.1, "\(spec)′(\(k)): declared \(d), documented \(row.1)") }
                #expect(d != nil, "\(spec): kink at \(k) declares no autodiff derivative")
            }
        }
        // Every built-in with a kink is in the table (softplus's threshold switch excepted: a jump
        // whose autodiff derivative is σ(t), not a constant).
        for entry in Catalogue.entries where !entry.defaultActivation.kinks.isEmpty {
            #expect(specs.contains(entry.name), "\(entry.name) has kinks but no convention row")
        }
    }

    /// The derivative at the kink, in Dual<Float>, Dual<Double>, Dual<BigFloat> at 128 and 256
    /// bits, and correctlyRoundedDerivative at 24, 53, 128, 256 bits; at 0 for +0 and −0 alike.
    ///
    /// Dual evaluations are exact except SELU's, whose derivative λ·(α·eˣ) is the product of two
    /// separately rounded constants (≤ 1 ulp from λα rounded once); correctlyRoundedDerivative
    /// is the exact λα rounded once.
    @Test("autodiff derivative at each kink is the documented convention", arguments: kinkConventions)
    func autodiffDerivativeAtKinkIsTheConvention(_ c: KinkConventionCase) throws {
        let a = try activation(c.spec)
        let tolerance = c.spec == "selu" ? 1.0 : 0.0
        for negativeZero in c.kink == "0" ? [false, true] : [false] {
            func input(_ p: Int) -> BigFloat {
                negativeZero ? .zero(precision: p, negative: true) : exact(c.kink, precision: p)
            }
            let label = "\(c.testDescription) at \(negativeZero ? "−0" : c.kink)"

            expectDualDerivative(Float.self, a, at: input, c.derivative, tolerance: tolerance, label)
            expectDualDerivative(Double.self, a, at: input, c.derivative, tolerance: tolerance, label)

            for p in [128, 256] {
                let b = a.valueAndDerivative(at: input(p)).derivative
                let eb = rounded(c.derivative, precision: p)
                if tolerance == 0 {
                    #expect(b == eb, "Dual<BigFloat> at \(p) bits: \(label), got \(b)")
                } else {
                    #expect(BigFloat.abs(b - eb) <= eb.ulp, "Dual<BigFloat> at \(p) bits: \(label), got \(b), expected \(eb)")
                }
            }
            for p in [24, 53, 128, 256] {
                let r = a.correctlyRoundedDerivative(at: input(p), precision: p)
                #expect(r.certified, "correctlyRoundedDerivative not certified: \(label)")
                #expect(r.value == rounded(c.derivative, precision: p),
                        "correctlyRoundedDerivative at \(p) bits: \(label), got \(r.value), expected \(rounded(c.derivative, precision: p))")
            }
        }
    }

    /// The derivative in Dual<T> at `input` (made at T's precision): within `tolerance` + ½ ulp
    /// of `derivative`, and equal to it rounded into T when `tolerance` is 0.
    func expectDualDerivative<T: MachineFloat>(_: T.Type, _ a: any Activation, at input: (Int) -> BigFloat, _ derivative: String,
                                               tolerance: Double, _ label: String) {
        let p = T.format.precision
        let got = a.valueAndDerivative(at: T(input(p), rounding: .nearestEven)).derivative
        let expected = T(rounded(derivative, precision: p), rounding: .nearestEven)
        #expect(ulpError(got.bigFloat, reference: rounded(derivative, precision: 256), format: T.format) <= tolerance + 0.5,
                "Dual<\(T.typeName)>: \(label), got \(got), expected \(expected)")
        if tolerance == 0 { #expect(got == expected, "Dual<\(T.typeName)>: \(label), got \(got)") }
    }

    /// Away from the kink the autodiff derivative is the one-sided slope (so the conventions
    /// above really are choices at the kink, not constants everywhere).
    @Test("one-sided slopes next to the kinks")
    func derivativeNextToKinksIsTheOneSidedSlope() throws {
        let cases: [(String, String, String, String)] = [   // spec, kink, left slope, right slope
            ("relu", "0", "0", "1"), ("leaky_relu", "0", "0.01", "1"), ("leaky_relu:convention=jax", "0", "0.01", "1"),
            ("prelu", "0", "0.25", "1"), ("elu:alpha=0.5", "0", "0.5", "1"), ("selu", "0", seluLambdaAlpha, "1.0507009873554804934193349852946"),
            ("relu6", "6", "1", "0"), ("hardtanh", "-1", "0", "1"), ("hardtanh:convention=jax", "1", "1", "0"),
            ("hardsigmoid", "3", "0.16666666666666666666666666666666666666666666666666666666666666666666666666666666666667", "0"),
            ("hardswish", "-3", "0", "-0.5"), ("hardswish", "3", "1.5", "1"), ("abs", "0", "-1", "1"),
        ]
        for (spec, kink, left, right) in cases {
            let a = try activation(spec)
            let k = exact(kink, precision: 256)
            // One 256-bit ulp away: the slope there differs from the one-sided limit by ~2⁻²⁵⁰ at most.
            let below = k.isZero ? -exact("0x1p-600", precision: 256) : k.nextDown
            let above = k.isZero ? exact("0x1p-600", precision: 256) : k.nextUp
            for (x, slope) in [(below, left), (above, right)] {
                let r = a.correctlyRoundedDerivative(at: x, precision: 53)
                #expect(r.value == rounded(slope, precision: 53), "\(spec)′ at \(x.hexString): \(r.value), expected \(slope)")
            }
        }
    }

    /// softplus with PyTorch's threshold: at the switch itself (βx = t, not > t) the log1p branch
    /// is taken, so the derivative is σ(20); one ulp above, it is the identity's 1.
    @Test("softplus threshold switch: σ(t) at the switch, 1 above")
    func softplusThresholdDerivativeIsSigmoidAtSwitchAndOneAbove() throws {
        let a = try activation("softplus:threshold=20")
        let s = try activation("sigmoid")
        let t = exact("20", precision: 256)
        #expect(a.correctlyRoundedDerivative(at: t, precision: 256).value.isIdentical(to: s.correctlyRounded(at: t, precision: 256).value))
        #expect(a.correctlyRoundedDerivative(at: t.nextUp, precision: 256).value == exact("1", precision: 256))
        #expect(a.valueAndDerivative(at: 20.0 as Double).derivative == Double(s.correctlyRounded(at: t, precision: 53).value))
        #expect(a.valueAndDerivative(at: (20.0 as Double).nextUp).derivative == 1)
    }

    // MARK: The seeds' facts

    @Test func reluOfThreeIsThree() throws {
        let relu = try activation("relu")
        #expect(relu(3 as Float) == 3)
        #expect(relu(3 as Double) == 3)
        #expect(relu(BigFloat(3, precision: 53)) == BigFloat(3, precision: 53))
        for p in [24, 53, 256] {
            let r = relu.correctlyRounded(at: BigFloat(3, precision: p), precision: p)
            #expect(r.certified && r.value == BigFloat(3, precision: p))
        }
    }

    @Test func reluIsZeroForNegativeInputs() throws {
        let relu = try activation("relu")
        for x in [-2, -0.5, -1e-300, -Double.leastNonzeroMagnitude, -1e300, -Double.greatestFiniteMagnitude] {
            #expect(identical(relu(x), 0), "relu(\(x)) = \(relu(x))")
            #expect(identical(relu(Float(x)), 0) || Float(x) == 0)
            let r = relu.correctlyRounded(at: BigFloat(x, precision: 53), precision: 256)
            #expect(r.certified && r.value.isIdentical(to: .zero(precision: 256)), "relu(\(x)) = \(r.value) in MPFR")
        }
        #expect(identical(relu(-2 as Double), 0))
        #expect(relu.correctlyRounded(at: BigFloat(-2, precision: 53), precision: 53).value.isIdentical(to: .zero(precision: 53)))
    }

    @Test func reluIsTheIdentityForPositiveInputs() throws {
        let relu = try activation("relu")
        for x in [3, 0.5, 1e-300, Double.leastNonzeroMagnitude, 1e300, Double.greatestFiniteMagnitude] {
            #expect(identical(relu(x), x))
            let r = relu.correctlyRounded(at: BigFloat(x, precision: 53), precision: 53)
            #expect(r.value == BigFloat(x, precision: 53))
        }
    }

    /// leaky_relu(−2) = −2 × 0.01 = −0.02 exactly (a decimal product), correctly rounded once.
    @Test func leakyReluOfMinusTwoIsMinusTwoHundredths() throws {
        let leaky = try activation("leaky_relu")
        for p in [24, 53, 113, 256, 1000] {
            let r = leaky.correctlyRounded(at: BigFloat(-2, precision: 53), precision: p)
            #expect(r.certified)
            #expect(r.value.isIdentical(to: rounded("-0.02", precision: p)), "at \(p) bits: \(r.value.hexString)")
        }
        // Not the double product −2 × Double(0.01) carried to 256 bits.
        #expect(leaky.correctlyRounded(at: BigFloat(-2, precision: 53), precision: 256).value != BigFloat(-2 * 0.01, precision: 256))
        #expect(leaky(-2 as Double) == -0.02)
        #expect(leaky(-2 as Float) == -0.02)
    }

    @Test func softplusOfZeroIsLnTwo() throws {
        let softplus = try activation("softplus")
        for p in [24, 53, 113, 256, 1000] {
            let r = softplus.correctlyRounded(at: .zero(precision: 53), precision: p)
            #expect(r.certified && r.value.isIdentical(to: BigFloat.ln2(precision: p)), "at \(p) bits: \(r.value)")
        }
        #expect(ulpError(BigFloat(softplus(0 as Double), precision: 53), reference: .ln2(precision: 256), format: .binary64) <= 1)
        #expect(ulpError(BigFloat(softplus(0 as Float), precision: 24), reference: .ln2(precision: 256), format: .binary32) <= 1)
    }

    @Test func sigmoidOfZeroIsOneHalf() throws {
        let sigmoid = try activation("sigmoid")
        #expect(sigmoid(0 as Float) == 0.5)
        #expect(sigmoid(0 as Double) == 0.5)
        #expect(sigmoid(-0.0 as Double) == 0.5)
        #expect(sigmoid(BigFloat.zero(precision: 256)) == exact("0.5", precision: 256))
        for p in [24, 53, 256] {
            #expect(sigmoid.correctlyRounded(at: .zero(precision: 53), precision: p).value.isIdentical(to: exact("0.5", precision: p)))
        }
        #expect(sigmoid.valueAndDerivative(at: 0 as Double).derivative == 0.25)
    }

    /// Points for the derivative laws: a grid over [−30, 30], tiny values, 256-bit random-looking ones.
    static let lawPoints: [BigFloat] = {
        var xs = stride(from: -30.0, through: 30.0, by: 1.37).map { BigFloat($0, precision: 53) }
        xs += ["0", "1e-30", "-1e-30", "0x1p-600", "-0x1p-600", "0.693147180559945309417232121458176568075500134360255254120680009",
               "-2.718281828459045235360287471352662497757247093699959574966967627724", "3.14159265358979323846264338327950288419716939937510582097494459"]
            .map { rounded($0, precision: 256) }
        return xs
    }()

    /// softplus′ = σ: the autodiff derivative of softplus's definition, correctly rounded at
    /// 256 bits, is σ(x) correctly rounded — bit for bit (both are the same real number, each
    /// rounded once); with β = 2, softplus_β′(x) = σ(2x).
    @Test func softplusDerivativeIsSigmoid() throws {
        let softplus = try activation("softplus"), softplus2 = try activation("softplus:beta=2")
        let sigmoid = try activation("sigmoid")
        for x in Self.lawPoints {
            let d = softplus.correctlyRoundedDerivative(at: x, precision: 256)
            let s = sigmoid.correctlyRounded(at: x, precision: 256)
            #expect(d.certified && s.certified)
            #expect(d.value.isIdentical(to: s.value), "softplus′ ≠ σ: \(d.value.hexString) vs \(s.value.hexString) — \(describe("softplus", x, precision: 256))")
            let d2 = softplus2.correctlyRoundedDerivative(at: x, precision: 256)
            let s2 = sigmoid.correctlyRounded(at: x.timesPowerOfTwo(1), precision: 256)
            #expect(d2.value.isIdentical(to: s2.value), "softplus_2′ ≠ σ(2x) — \(describe("softplus:beta=2", x, precision: 256))")
        }
    }

    /// tanh′ = 1 − tanh², the same way: the autodiff derivative correctly rounded vs the
    /// function 1 − tanh(x)² correctly rounded, at 256 bits.
    @Test func tanhDerivativeIsOneMinusTanhSquared() throws {
        let tanh = try activation("tanh")
        for x in Self.lawPoints {
            let d = tanh.correctlyRoundedDerivative(at: x, precision: 256)
            let s = OneMinusTanhSquared().correctlyRounded(at: x, precision: 256)
            #expect(d.certified && s.certified)
            #expect(d.value.isIdentical(to: s.value), "tanh′ ≠ 1 − tanh²: \(d.value.hexString) vs \(s.value.hexString) — \(describe("tanh", x, precision: 256))")
        }
    }

    // MARK: The famous autodiff failure

    /// relu(x) − relu(−x) is x everywhere, yet autodiff gives derivative 0 at 0: both ReLUs
    /// take their x > 0-is-false branch (derivative 0) there. One step away it is 1.
    @Test func reluMinusReluOfNegativeHasAutodiffDerivativeZeroAtZero() throws {
        let g = ReLUMinusReLUOfNegative()
        for zero in [0.0, -0.0] {
            let d = g.valueAndDerivative(at: zero)
            #expect(d.value == 0 && d.derivative == 0, "Dual<Double> at \(zero): \(d)")
            let f = g.valueAndDerivative(at: Float(zero))
            #expect(f.value == 0 && f.derivative == 0)
            let b = g.valueAndDerivative(at: BigFloat(zero, precision: 256))
            #expect(b.value.isZero && b.derivative.isZero)
            let r = g.correctlyRoundedDerivative(at: BigFloat(zero, precision: 53), precision: 256)
            #expect(r.certified && r.value.isZero)
        }
        for x in [1e-300, -1e-300, 1, -1, 30, -30] {
            #expect(g.valueAndDerivative(at: x).derivative == 1, "AD derivative at \(x)")
            #expect(g.valueAndDerivative(at: x).value == x)
            #expect(g.correctlyRoundedDerivative(at: BigFloat(x, precision: 53), precision: 256).value == BigFloat(1, precision: 256))
            #expect(g.correctlyRounded(at: BigFloat(x, precision: 53), precision: 256).value == BigFloat(x, precision: 256))
        }
        #expect(g.valueAndDerivative(at: Float(1e-30)).derivative == 1)
        #expect(g.valueAndDerivative(at: Float(-1e-30)).derivative == 1)
    }
}

/// relu(x) − relu(−x) = x, written the way that breaks autodiff at 0.
struct ReLUMinusReLUOfNegative: Activation {
    var name: String { "relu_minus_relu_of_negative" }
    func evaluate<T: ActivationScalar>(_ x: T) -> T {
        let relu = Activations.ReLU()
        return relu(x) - relu(-x)
    }
}

/// 1 − tanh(x)², the closed form of tanh′.
struct OneMinusTanhSquared: Activation {
    var name: String { "one_minus_tanh_squared" }
    func evaluate<T: ActivationScalar>(_ x: T) -> T {
        let t = T.tanh(x)
        return 1 - t * t
    }
}
