import BigFloat
import Foundation
import Testing
@testable import KinkCheck
@testable import KinkCheckAnalysis
@testable import KinkCheckSupport

// The fast paths behind `kinkcheck converge`: Taylor-mode interval series, the sweep's Taylor
// models and the one-call point enclosures. Every check is about values (enclosures contain the
// truth; fast and slow give the same bits) — never about time.

/// Small programs over every series operation, each with the interval of x where it is smooth.
struct SeriesProgram: Sendable, CustomStringConvertible {
    let name: String
    let domain: ClosedRange<Double>
    let body: @Sendable (TaylorSeries) -> TaylorSeries
    let reference: @Sendable (MPFRInterval) -> MPFRInterval
    var description: String { name }

    /// One definition, run as a series and as a plain interval program.
    static func make(_ name: String, _ domain: ClosedRange<Double>,
                     _ f: @escaping @Sendable (TaylorSeries) -> TaylorSeries,
                     _ g: @escaping @Sendable (MPFRInterval) -> MPFRInterval) -> SeriesProgram {
        SeriesProgram(name: name, domain: domain, body: f, reference: g)
    }
}

let seriesPrograms: [SeriesProgram] = [
    .make("exp", -3...3, { .exp($0) }, { .exp($0) }),
    .make("expm1", -3...3, { .expm1($0) }, { .expm1($0) }),
    .make("log", 0.2...5, { .log($0) }, { .log($0) }),
    .make("log1p", -0.8...5, { .log1p($0) }, { .log1p($0) }),
    .make("sqrt", 0.2...5, { .sqrt($0) }, { .sqrt($0) }),
    .make("tanh", -3...3, { .tanh($0) }, { .tanh($0) }),
    .make("erf", -3...3, { .erf($0) }, { .erf($0) }),
    .make("erfc(−x/√2)", -3...3, { x in .erfc(-x / .sqrt(.constant(2, like: x))) }, { x in .erfc(-x / .sqrt(.constant(2, like: x))) }),
    .make("sin", -3...3, { .sin($0) }, { .sin($0) }),
    .make("cos", -3...3, { .cos($0) }, { .cos($0) }),
    .make("1/(1+x²)", -3...3, { x in 1 / (1 + x * x) }, { x in 1 / (1 + x * x) }),
    .make("x³−2x", -3...3, { x in x * x * x - 2 * x }, { x in x * x * x - 2 * x }),
    .make("(x+3)/(x−4)", -3...3, { x in (x + 3) / (x - 4) }, { x in (x + 3) / (x - 4) }),
    .make("softplus", 0.2...3, { x in x > 0 ? x + .log1p(.exp(-x)) : .log1p(.exp(x)) },
          { x in x > 0 ? x + .log1p(.exp(-x)) : .log1p(.exp(x)) }),
    .make("sigmoid", -3...(-0.2), { .sigmoid($0) }, { .sigmoid($0) }),
    .make("x·tanh(log1p(eˣ))", -3...3, { x in x * .tanh(.log1p(.exp(x))) }, { x in x * .tanh(.log1p(.exp(x))) }),
    .make("|x−4|·sin(x)", -3...3, { x in .abs(x - 4) * .sin(x) }, { x in .abs(x - 4) * .sin(x) }),
    .make("max(x, −5)·min(x, 4)", -3...3, { x in .max(x, -5) * .min(x, 4) }, { x in .max(x, -5) * .min(x, 4) }),
]

/// Deterministic points: SplitMix64 from a fixed seed, mapped to `domain` on a 2⁻²⁰ grid.
func testPoints(_ count: Int, in domain: ClosedRange<Double>, seed: UInt64) -> [BigFloat] {
    var g = SplitMix64(seed: seed)
    return (0..<count).map { _ in
        let u = Double(g.next() >> 11) / Double(1 << 53)
        let v = (domain.lowerBound + u * (domain.upperBound - domain.lowerBound)) * 1048576
        return BigFloat(v.rounded(), precision: 64).timesPowerOfTwo(-20)
    }
}

@Test("Taylor models from interval series enclose f(x0 + h): Σ Cᵢhⁱ + R·h^(N+1) contains the value",
      arguments: seriesPrograms)
func taylorModelOfSeriesEnclosesTheFunction(_ program: SeriesProgram) throws {
    let w = 200, order = 8
    for (n, x0) in testPoints(6, in: program.domain, seed: 0x5EED_0001).enumerated() {
        for j in [3, 10, 30] {
            let sign = n % 2 == 0 ? 1 : -1
            let h = BigFloat(sign, precision: 2).timesPowerOfTwo(-j)
            let x1 = BigFloat(x0, precision: w) + h    // exact: x0 has 64 bits on a 2⁻²⁰ grid
            let (point, a) = IntervalAmbiguity.withTracking {
                program.body(TaylorSeries(variable: MPFRInterval(x0), order: order, precision: w))
            }
            let hullInterval = sign > 0 ? MPFRInterval(lower: x0, upper: x1) : MPFRInterval(lower: x1, upper: x0)
            let (hull, b) = IntervalAmbiguity.withTracking {
                program.body(TaylorSeries(variable: hullInterval, order: order + 1, precision: w))
            }
            try #require(a == 0 && b == 0 && point.isFinite && hull.isFinite, "\(program) at \(x0) ± 2^-\(j): not one smooth branch")
            // E = Σ Cᵢhⁱ + R·h^(N+1) in interval arithmetic (h is an exact point).
            let t = MPFRInterval(h)
            var e = hull.coefficient(order + 1)
            for i in stride(from: order, through: 0, by: -1) { e = e * t + point.coefficient(i) }
            let reference = program.reference(MPFRInterval(BigFloat(x1, precision: 600)))
            #expect(e.lower <= reference.upper && reference.lower <= e.upper,
                    "\(program) at x0 = \(x0.hexString), h = \(h.hexString): model \(e) misses f = \(reference)")
            // And it is a useful enclosure, not [−∞, ∞]: width ≤ 2^−(9j − 40) + 2^−150 relative.
            var width = e.width
            width.formProduct(with: BigFloat(1, precision: 64).timesPowerOfTwo(9 * j - 40))
            let scale = BigFloat.maximum(BigFloat.abs(reference.upper), BigFloat(1, precision: 64))
            #expect(width <= scale || e.width <= scale.timesPowerOfTwo(-150),
                    "\(program) at \(x0) ± 2^-\(j): enclosure too wide \(e.width)")
        }
    }
}

@Test("Taylor series: abs at a possible 0 and a branch straddled by X count as ambiguous")
func seriesBranchAmbiguityIsCounted() {
    let x = TaylorSeries(variable: MPFRInterval(lower: BigFloat(-1, precision: 64).timesPowerOfTwo(-10),
                                                upper: BigFloat(1, precision: 64).timesPowerOfTwo(-10)),
                         order: 4, precision: 128)
    #expect(IntervalAmbiguity.withTracking { TaylorSeries.abs(x) }.1 > 0)
    #expect(IntervalAmbiguity.withTracking { x > 0 ? x : 2 * x }.1 > 0)
    let zero = TaylorSeries(variable: MPFRInterval(BigFloat(0, precision: 64)), order: 4, precision: 128)
    #expect(IntervalAmbiguity.withTracking { TaylorSeries.abs(zero) }.1 > 0)
    // A constant is smooth everywhere: |−3| is fine.
    #expect(IntervalAmbiguity.withTracking { TaylorSeries.abs(TaylorSeries(integerLiteral: -3)) }.1 == 0)
}

@Test("One-call point enclosures equal the two directed MPFR calls, bit for bit")
func pointEnclosureMatchesDirectedRounding() {
    var inputs = testPoints(40, in: -6...6, seed: 0x5EED_0002)
    inputs += [BigFloat(0, precision: 64), .zero(precision: 64, negative: true), BigFloat(1, precision: 64),
               BigFloat(-1, precision: 64), BigFloat(1, precision: 64).timesPowerOfTwo(-3000),
               BigFloat(-1, precision: 64).timesPowerOfTwo(-3000), BigFloat(1, precision: 64).timesPowerOfTwo(40),
               BigFloat(-1, precision: 64).timesPowerOfTwo(40), .infinity(precision: 64), .infinity(precision: 64, negative: true),
               .nan(precision: 64)]
    BigFloat.withWidestExponentRange {
        for f in ElementaryFunction.allCases {
            for p in [2, 24, 53, 113, 300] {
                for x in inputs {
                    let fast = MPFRInterval.pointEnclosure(f, x, precision: p)
                    let lo = BigFloat.apply(f, x, precision: p, rounding: .down)
                    let hi = BigFloat.apply(f, x, precision: p, rounding: .up)
                    #expect(fast.lower.isIdentical(to: lo) && fast.upper.isIdentical(to: hi),
                            "\(f)(\(x.hexString)) at \(p) bits: \(fast) vs [\(lo), \(hi)]")
                }
            }
        }
    }
    // Overflow and underflow in MPFR's default exponent range too.
    for f in [ElementaryFunction.exp, .expm1] {
        for x in [BigFloat(1, precision: 64).timesPowerOfTwo(40), BigFloat(-1, precision: 64).timesPowerOfTwo(40)] {
            let fast = MPFRInterval.pointEnclosure(f, x, precision: 53)
            #expect(fast.lower.isIdentical(to: BigFloat.apply(f, x, precision: 53, rounding: .down))
                    && fast.upper.isIdentical(to: BigFloat.apply(f, x, precision: 53, rounding: .up)), "\(f)(\(x.hexString))")
        }
    }
}

/// Specs and points for the sweep comparisons: kinks, smooth points, jumps, an oscillating control.
let sweepCases: [(spec: String, at: String)] = [
    ("softplus", "0"), ("elu:alpha=0.5", "0"), ("gelu", "0"), ("softplus", "0.3"), ("selu", "0"), ("celu:alpha=2", "0"),
    ("silu", "-1.25"), ("mish", "0"), ("tanh", "0"), ("sigmoid", "3"), ("gelu_tanh", "-3"), ("softsign", "0"),
    ("relu", "0"), ("leaky_relu", "0"), ("hardswish", "3"), ("hardswish", "-3"), ("hardtanh", "1"), ("relu6", "6"),
    ("abs", "0"), ("heaviside", "0"), ("sign", "0"), ("softplus:threshold=20", "20"), ("softplus:beta=3", "1e-3"),
    ("x2_sin_inv_x", "0"), ("x_relu", "0"), ("relu_half_sym", "0"), ("elu", "0x1.8p-7"),
]

@Test("Every value a sweep's Taylor model certifies equals the Ziv loop's, bit for bit",
      arguments: sweepCases.map { "\($0.spec) at \($0.at)" })
func taylorSweepModelAgreesWithZivLoop(_ label: String) throws {
    let parts = label.components(separatedBy: " at ")
    let activation = try Catalogue.activation(parts[0])
    let x0 = try BigFloat(parsing: parts[1], precision: 320)
    for p in [24, 53, 113, 256] {
        let c = x0.rounded(toPrecision: p)
        for side in [Side.right, Side.left] {
            let ks = TaylorSweepModel.smallestK(precision: p)...(p + 8)
            let xs = ks.map { ConvergenceMap.sweepPoint(x0, p, side, $0) }.filter { $0 != c }
            guard !xs.isEmpty, let model = TaylorSweepModel.build(activation, centre: c, precision: p, side: side, points: xs) else { continue }
            for x in xs {
                guard let fast = model.correctlyRounded(at: x) else { continue }
                let slow = activation.correctlyRounded(at: x, precision: p)
                #expect(slow.certified && fast.isIdentical(to: slow.value),
                        "\(label), p = \(p), x = \(x.hexString): model \(fast.hexString), Ziv \(slow.value.hexString)")
            }
        }
    }
}

@Test("Smooth branches are served by the model: at least 95% of the points with k ≥ smallestK",
      arguments: ["softplus", "elu:alpha=0.5", "gelu", "selu", "mish", "gelu_tanh"])
func taylorSweepModelCertifiesAlmostEveryPoint(_ spec: String) throws {
    let activation = try Catalogue.activation(spec)
    for p in [53, 256, 1024] {
        for side in [Side.right, Side.left] {
            let ks = TaylorSweepModel.smallestK(precision: p)...(p + 8)
            let xs = ks.map { ConvergenceMap.sweepPoint(BigFloat(0, precision: 64), p, side, $0) }
            let model = try #require(TaylorSweepModel.build(activation, centre: BigFloat(0, precision: p), precision: p, side: side, points: xs),
                                     "\(spec) p = \(p) \(side): no model")
            let served = xs.filter { model.correctlyRounded(at: $0) != nil }.count
            #expect(served * 100 >= xs.count * 95, "\(spec) p = \(p) \(side): \(served) of \(xs.count) certified")
        }
    }
}

@Test("The full sweep at 4096 bits: the model's values equal the Ziv loop's at sampled k")
func taylorSweepModelAgreesAt4096Bits() throws {
    let p = 4096
    for spec in ["softplus", "elu:alpha=0.5", "gelu"] {
        let activation = try Catalogue.activation(spec)
        for side in [Side.right, Side.left] {
            let ks = TaylorSweepModel.smallestK(precision: p)...(p + 8)
            let xs = ks.map { ConvergenceMap.sweepPoint(BigFloat(0, precision: 64), p, side, $0) }
            let model = try #require(TaylorSweepModel.build(activation, centre: BigFloat(0, precision: p), precision: p, side: side, points: xs))
            for k in [ks.lowerBound, ks.lowerBound + 1, 100, 1000, 2047, 2048, 4000, p + 8] {
                let x = ConvergenceMap.sweepPoint(BigFloat(0, precision: 64), p, side, k)
                let fast = try #require(model.correctlyRounded(at: x), "\(spec) \(side) k = \(k) not certified")
                let slow = activation.correctlyRounded(at: x, precision: p)
                #expect(slow.certified && fast.isIdentical(to: slow.value), "\(spec) \(side) k = \(k)")
            }
        }
    }
}

@Test("No model across a kink: points reaching past hardtanh's corner at 1 get none")
func taylorSweepModelRefusesAKinkInsideItsHull() throws {
    let c = try BigFloat(parsing: "0x1.fp-1", precision: 53)    // 1 − 2⁻⁵
    let xs = (4...40).map { ConvergenceMap.sweepPoint(c, 53, .right, $0) }   // k = 4 reaches 1 + 2⁻⁵
    #expect(TaylorSweepModel.build(Activations.Hardtanh(), centre: c, precision: 53, side: .right, points: xs) == nil)
    let near = (6...40).map { ConvergenceMap.sweepPoint(c, 53, .right, $0) }    // stays below 1
    #expect(TaylorSweepModel.build(Activations.Hardtanh(), centre: c, precision: 53, side: .right, points: near) != nil)
}

@Test("The convergence map with Taylor models equals the one with a Ziv loop per point, bit for bit",
      arguments: [("softplus", "0"), ("elu:alpha=0.5", "0"), ("gelu", "0"), ("softplus", "0.3"), ("hardswish", "3"),
                  ("heaviside", "0"), ("x2_sin_inv_x", "0"), ("abs", "0")])
func convergenceMapIsTheSameWithTaylorModels(_ spec: String, _ at: String) throws {
    let activation = try Catalogue.activation(spec)
    let x0 = try BigFloat(parsing: at, precision: 1200)
    for (precisions, kmax) in [([SweepPrecision.mpfr(24), .mpfr(53), .mpfr(113), .mpfr(256), .float64], nil as Int?),
                               ([SweepPrecision.mpfr(1024)], 160)] {
        let top = precisions.map(\.bits).max()! + 64
        let kinks = KinkDiscovery.neighbourhoodKinks(of: activation, around: x0.rounded(toPrecision: top), precision: top)
        let fast = ConvergenceMap.compute(activation, at: x0.rounded(toPrecision: top), precisions: precisions, kmax: kmax,
                                          otherKinks: kinks, taylorModels: true)
        let slow = ConvergenceMap.compute(activation, at: x0.rounded(toPrecision: top), precisions: precisions, kmax: kmax,
                                          otherKinks: kinks, taylorModels: false)
        #expect(fast.points.count == slow.points.count)
        for (a, b) in zip(fast.points, slow.points) {
            #expect(a.error.isIdentical(to: b.error) && a.regime == b.regime && a.k == b.k && a.side == b.side,
                    "\(spec) at \(at), \(a.precision) \(a.side) k = \(a.k): \(a.error) vs \(b.error)")
        }
        for (a, b) in zip(fast.summaries, slow.summaries) {
            #expect(a.bestK == b.bestK && a.floor.isIdentical(to: b.floor))
        }
    }
}

/// f(x) = x: its series about any anchor is a + t exactly.
struct IdentityActivation: Activation {
    var name: String { "identity" }
    func evaluate<T: ActivationScalar>(_ x: T) -> T { x }
}

@Test("The anchor shift is part of the bound: a model anchored 2⁻²⁵ from c certifies nothing it cannot")
func taylorSweepModelAccountsForTheAnchorShift() throws {
    // A hand-made model for f(x) = x about a = 2⁻²⁵ (not c = 0): Σ Cᵢtⁱ = 2⁻²⁵ + t is off by the
    // shift, and only the ε₀ term of the bound keeps it from being returned as f(t) rounded.
    let a = BigFloat(1, precision: 2).timesPowerOfTwo(-25)
    let series = IdentityActivation()(TaylorSeries(variable: MPFRInterval(a), order: 2, precision: 117))
    let coefficients = (0...2).map { series.coefficient($0) }
    let model = TaylorSweepModel(centre: BigFloat(0, precision: 53), side: .right, precision: 117, targetPrecision: 53,
                                 coefficients: coefficients, exponents: coefficients.map(TaylorSweepModel.magnitudeExponent),
                                 remainderExponent: nil, anchorExponent: -24, anchor: a,
                                 far: BigFloat(1, precision: 2).timesPowerOfTwo(-10))
    for k in 10...24 {
        let x = BigFloat(1, precision: 53).timesPowerOfTwo(-k)
        if let v = model.correctlyRounded(at: x) { #expect(v == x, "k = \(k): \(v.hexString)") }
    }
}

@Test("e^x over a narrow interval from one call holds both directed ends and is as tight as the interval")
func narrowExpHoldsBothEnds() {
    BigFloat.withWidestExponentRange {
        for p in [64, 400, 1100] {
            for x in testPoints(20, in: -700...700, seed: 0x5EED_0003) {
                for widthBits in [p - 4, p / 2, 60, 21] {
                    let a = BigFloat(x, precision: p)
                    var b = BigFloat(nanWithPrecision: p)
                    b.setSum(a, BigFloat(1, precision: 64).timesPowerOfTwo(-widthBits), rounding: .up)
                    let e = MPFRInterval.exp(MPFRInterval(lower: a, upper: b))
                    let lo = BigFloat.apply(.exp, a, precision: p, rounding: .down), hi = BigFloat.apply(.exp, b, precision: p, rounding: .up)
                    #expect(e.lower <= lo && e.upper >= hi, "exp[\(a), \(b)] at \(p) bits: \(e)")
                    // No looser than the interval makes it: e.upper − hi ≤ (4(b − a) + 2^(4−p))·e^b.
                    var slack = BigFloat(nanWithPrecision: p), d = BigFloat(nanWithPrecision: 64)
                    slack.setDifference(e.upper, hi, rounding: .up)
                    d.setDifference(b, a, rounding: .up)
                    let allowed = hi * (d * 4 + BigFloat(1, precision: 64).timesPowerOfTwo(4 - p))
                    #expect(slack <= allowed, "exp[\(a), \(b)] at \(p) bits is loose by \(slack)")
                }
            }
        }
    }
}

/// The one-call enclosures of the monotone functions over a narrow interval, with the slope bound
/// each uses (``MPFRInterval/narrow(_:_:increasing:slope:)``), recomputed here as the allowance.
let narrowFunctions: [(name: String, f: ElementaryFunction, domain: ClosedRange<Double>, increasing: Bool,
                       apply: @Sendable (MPFRInterval) -> MPFRInterval, slope: @Sendable (BigFloat, BigFloat) -> BigFloat)] = [
    ("erf", .erf, -8...8, true, MPFRInterval.erf, { a, b in erfSlope(a, b) }),
    ("erfc", .erfc, -8...40, false, MPFRInterval.erfc, { a, b in erfSlope(a, b) }),
    ("tanh", .tanh, -30...30, true, MPFRInterval.tanh, { _, _ in BigFloat(1, precision: 64) }),
    ("atan", .atan, -1000...1000, true, MPFRInterval.atan, { _, _ in BigFloat(1, precision: 64) }),
    ("log", .log, 0x1p-20...1e6, true, MPFRInterval.log, { a, _ in BigFloat(1, precision: 64) / a }),
    ("log1p", .log1p, -0.99...1000, true, MPFRInterval.log1p, { a, _ in BigFloat(1, precision: 64) / (a + 1) }),
    ("expm1", .expm1, -50...50, true, MPFRInterval.expm1, { _, b in BigFloat.apply(.exp, b, precision: 64, rounding: .up) }),
]

/// 2/√π·e^(−m²), m the least |x| on [a, b].
@Sendable func erfSlope(_ a: BigFloat, _ b: BigFloat) -> BigFloat {
    let m = a.signum > 0 ? a : b.signum < 0 ? -b : BigFloat.zero(precision: 64)
    return BigFloat.apply(.exp, -(m * m), precision: 64, rounding: .up) * BigFloat(1.1284, precision: 64)
}

@Test("erf, erfc, tanh, atan, log, log1p and expm1 over a narrow interval from one call hold both directed ends, as tight as the interval",
      arguments: narrowFunctions.indices)
func narrowMonotoneHoldsBothEnds(_ i: Int) {
    let c = narrowFunctions[i]
    BigFloat.withWidestExponentRange {
        for p in [64, 400] {
            for x in testPoints(16, in: c.domain, seed: 0x5EED_0004 &+ UInt64(i)) {
                for widthBits in [p - 4, p / 2, 60, 21] {
                    let a = BigFloat(x, precision: p)
                    var b = BigFloat(nanWithPrecision: p)
                    b.setSum(a, BigFloat(1, precision: 64).timesPowerOfTwo(-widthBits), rounding: .up)
                    let e = c.apply(MPFRInterval(lower: a, upper: b))
                    let (from, to) = c.increasing ? (a, b) : (b, a)
                    let lo = BigFloat.apply(c.f, from, precision: p, rounding: .down), hi = BigFloat.apply(c.f, to, precision: p, rounding: .up)
                    #expect(e.lower <= lo && e.upper >= hi, "\(c.name)[\(a), \(b)] at \(p) bits: \(e)")
                    // No looser than the interval makes it: the excess over the two directed ends
                    // is at most 2(b − a)·sup|f′| and a few ulps.
                    var excess = BigFloat(nanWithPrecision: p), d = BigFloat(nanWithPrecision: 64)
                    excess.setSum(e.upper - hi, lo - e.lower, rounding: .up)
                    d.setDifference(b, a, rounding: .up)
                    let ulps = BigFloat.maximum(BigFloat.abs(lo), BigFloat.abs(hi)) * BigFloat(1, precision: 64).timesPowerOfTwo(4 - p)
                    #expect(excess <= d * c.slope(a, b) * 2 + ulps, "\(c.name)[\(a), \(b)] at \(p) bits is loose by \(excess)")
                }
            }
        }
    }
}
