import BigFloat
import Synchronization
import Testing
@testable import KinkCheck
@testable import KinkCheckAnalysis
@testable import KinkCheckSupport

/// The work the performance budget removed must not change what is found: kink discovery's
/// interval proof, the quadrature's absolute floor, and the values shared between integrands.
@Suite struct ShortcutTests {
    func cell(_ a: Double, _ b: Double) -> (BigFloat, BigFloat) { (BigFloat(a, precision: 64), BigFloat(b, precision: 64)) }

    @Test func theIntervalProofSettlesSmoothCellsAndNeverOneWithAKink() throws {
        func proved(_ spec: String, _ a: Double, _ b: Double) throws -> Bool {
            let (l, r) = cell(a, b)
            return KinkDiscovery.provedSmooth(try Catalogue.activation(spec), l, r)
        }
        // (Cells clear of 0, where several switch between two smooth forms.)
        for spec in ["silu", "gelu", "tanh", "softplus", "mish", "sigmoid"] {
            #expect(try proved(spec, -3, -0.5) && proved(spec, 0.5, 3), "\(spec)")
        }
        #expect(try proved("relu", 0.5, 1))
        // A branch decided differently inside the cell, or only at an end of it.
        #expect(try !proved("relu", -1, 1))
        #expect(try !proved("relu", 0, 1))
        #expect(try !proved("expr:abs(x)", -1, 1))
        #expect(try !proved("expr:max(x, 0.25)", 0, 1))
        // A singularity met: an infinite derivative, an infinite value, a division by 0.
        #expect(try !proved("expr:sqrt(x)", 0, 1))
        #expect(try proved("expr:sqrt(x)", 0.25, 1))
        #expect(try !proved("expr:log(x)", 0, 1))
        #expect(try !proved("expr:1/x", -1, 1))
        // Every declared kink of every built-in: a cell around it is never settled, and of the two
        // cells it ends, at least one is not (the branch taken at the kink itself is the other
        // side's, so that cell's probe finds it).
        for entry in Catalogue.entries {
            let f = try Catalogue.activation(entry.name)
            for k in f.kinks {
                let x = k.location.value(precision: 64)
                #expect(!KinkDiscovery.provedSmooth(f, x - 0.125, x + 0.125), "\(entry.name) around \(x)")
                #expect(!(KinkDiscovery.provedSmooth(f, x - 0.125, x) && KinkDiscovery.provedSmooth(f, x, x + 0.125)),
                        "\(entry.name) beside \(x)")
            }
        }
    }

    @Test(arguments: Catalogue.entries.map(\.name))
    func discoveryProvesEachBuiltInKinkAtItsDeclaredPoint(_ spec: String) throws {
        let f = try Catalogue.activation(spec)
        let (a, b) = cell(-10, 10)
        let result = KinkDiscovery.survey(f, in: a, b, precision: 128)
        #expect(result.complete, "\(spec): unresolved \(result.unresolved)")
        for k in result.kinks {
            #expect(k.certified && k.matchesDeclared, "\(spec): kink at \(k.x) certified \(k.certified), declared \(k.matchesDeclared)")
        }
    }

    @Test(arguments: [("expr:where(x < 0.3, x, 2*x)", ["0.3"]), ("expr:abs(x - 1/3) + max(x, 2)^2", ["1/3", "2"]),
                      ("expr:where(x < -1, 0, 1)", ["-1"]), ("expr:max(x, x^3)", ["-1", "0", "1"])])
    func discoveryLocatesFormulaKinksExactly(_ spec: String, _ expected: [String]) throws {
        let f = try Catalogue.activation(spec)
        let (a, b) = cell(-10, 10)
        let found = KinkDiscovery.discover(f, in: a, b, precision: 128)
        #expect(found.map { $0.location?.text ?? "?" } == expected, "\(spec)")
        #expect(found.allSatisfy { $0.certified })
    }

    @Test func anAbsoluteToleranceStopsASliverBesideASupportEndEarly() throws {
        // φ on the last 2^−24 of its support: about e^(−2^23), resolved relative to itself only
        // by many levels; below an absolute 2^−200 at once.
        let p = 160
        let phi = SmoothBump(center: BigFloat(0, precision: p), halfWidth: BigFloat(1, precision: p))
        let one = BigFloat(1, precision: p)
        let a = one - one.timesPowerOfTwo(-24)
        let f: QuadratureIntegrand = { phi.value(at: $0) }
        var ts = TanhSinhQuadrature(), gl = GaussLegendreQuadrature()
        let relative = ts.integrate(f, from: a, to: one, targetBits: 100)
        ts.absoluteTolerance = one.timesPowerOfTwo(-200)
        gl.absoluteTolerance = one.timesPowerOfTwo(-200)
        // The value, 4.1248338005568847864e−3643141 (mpmath, the sliver split geometrically).
        let exact = try BigFloat(parsing: "4.1248338005568847864e-3643141", precision: 64)
        for r in [ts.integrate(f, from: a, to: one, targetBits: 100), gl.integrate(f, from: a, to: one, targetBits: 100)] {
            // Stopped early, it reports the absolute tolerance as its bound — which covers its
            // error, though its own estimate from a few nodes would not have.
            #expect(r.converged && r.errorBound == one.timesPowerOfTwo(-200), "\(r)")
            #expect(r.evaluations < relative.evaluations, "\(r) against \(relative)")
            #expect(BigFloat.abs(r.value - exact) <= r.errorBound, "\(r)")
        }
        // A piece that is not small is unaffected: the relative target is the larger.
        let whole = ts.integrate(f, from: -one, to: one, targetBits: 100)
        ts.absoluteTolerance = nil
        #expect(whole.value.isIdentical(to: ts.integrate(f, from: -one, to: one, targetBits: 100).value))
    }

    /// A piece where f is proven 0 is integrated as zeros: each rule gives the same result for
    /// zeros of either sign (so skipping φ there changes no bit).
    @Test func rulesIntegrateZerosOfEitherSignAlike() throws {
        let (a, b) = cell(-1.375, 0)
        for targetBits in [17, 100, 333] {
            let ts = TanhSinhQuadrature(), gl = GaussLegendreQuadrature()
            for (plus, minus) in [(ts.integrate({ .zero(precision: $0.precision) }, from: a, to: b, targetBits: targetBits),
                                   ts.integrate({ .zero(precision: $0.precision, negative: true) }, from: a, to: b, targetBits: targetBits)),
                                  (gl.integrate({ .zero(precision: $0.precision) }, from: a, to: b, targetBits: targetBits),
                                   gl.integrate({ .zero(precision: $0.precision, negative: true) }, from: a, to: b, targetBits: targetBits))] {
                #expect(plus.value.isIdentical(to: minus.value) && plus.value.isZero && !plus.value.signBit, "\(plus) \(minus)")
                #expect(plus.errorBound == minus.errorBound && plus.errorBound.isZero)
                #expect(plus.workingPrecision == minus.workingPrecision)
            }
        }
    }

    @Test func piecesWhereFAndItsDerivativesVanishAreProven() throws {
        func vanishes(_ spec: String, _ a: Double, _ b: Double) throws -> Bool {
            let (l, r) = cell(a, b)
            return DistributionalCheck.vanishes(try Catalogue.activation(spec), l, r, nodeBits: 132)
        }
        #expect(try vanishes("relu", -1.4, 0))
        #expect(try vanishes("heaviside", -3, -0.5))
        #expect(try vanishes("hardswish", -10, -3))
        #expect(try !vanishes("relu", -1, 0.5))
        #expect(try !vanishes("hardtanh", -3, -1))      // −1, not 0
        #expect(try !vanishes("elu", -3, -1))
        #expect(try !vanishes("expr:where(x < 0, 0*x, x^2)", -1, 1e-300))
        #expect(try vanishes("expr:where(x < 0, 0*x, x^2)", -1, 0))
        // The identities' cases are unchanged by the skip: relu at 100 digits over a bump across 0.
        let relu = try Catalogue.activation("relu")
        let p = 400
        let phi = SmoothBump(center: BigFloat(-0.25, precision: p), halfWidth: BigFloat(0.75, precision: p))
        var check = DistributionalCheck(activation: relu, digits: 100, identity: .first,
                                        span: (BigFloat(-1, precision: p), BigFloat(0.5, precision: p)))
        check.certifying = false   // the skip belongs to the rules
        let r = check.check(phi)
        let lhs = try #require(r.lhs.rules), rhs = try #require(r.rhsIntegral.rules)
        #expect(r.holds && lhs.first.pieces.count == 2 && lhs.first.pieces[0].result.evaluations > 0)
        #expect(lhs.first.pieces[0].result.value.isZero && rhs.second.pieces[0].result.value.isZero)
    }

    @Test func aMemoComputesOncePerExactArgument() throws {
        let calls = Mutex(0)
        let memo = NodeMemo { (x: BigFloat) -> BigFloat in
            calls.withLock { $0 += 1 }
            return x * x
        }
        let x = BigFloat(1, precision: 100) / BigFloat(3, precision: 100)
        #expect(memo(x) == x * x && memo(BigFloat(x, precision: 100)) == x * x)
        #expect(calls.withLock { $0 } == 1)
        _ = memo(x.nextUp)
        _ = memo(BigFloat(x, precision: 120))
        #expect(calls.withLock { $0 } == 3)
    }

    /// Interval products and quotients of intervals clear of 0 take the two extreme end results
    /// only: the same ends, bit for bit, as the hull of all four.
    @Test func intervalProductsClearOfZeroMatchTheHullOfAllFour() throws {
        var rng = SplitMix64(seed: 17)
        func end() -> BigFloat {
            let r = rng.next()
            if r % 29 == 0 { return .infinity(precision: 100, negative: r & 2 == 0) }
            if r % 31 == 0 { return .zero(precision: 100, negative: r & 2 == 0) }
            let m = BigFloat((r & 4 == 0 ? 1 : -1) * (Int(r >> 20) | 1), precision: 100)
            return m.timesPowerOfTwo(Int(r % 200) - 100 - 44)
        }
        func interval() -> MPFRInterval {
            var (x, y) = (end(), end())
            if y < x { swap(&x, &y) }
            return MPFRInterval(lower: x, upper: y)
        }
        var fast = 0
        for _ in 0..<4000 {
            let (a, b) = (interval(), interval())
            let product = a * b, hull = MPFRInterval.hullOfAllEnds(a, b.lower, b.upper, 100, MPFRInterval.product)
            #expect(product.lower.isIdentical(to: hull.lower) && product.upper.isIdentical(to: hull.upper)
                    && product.precision == hull.precision, "\(a) × \(b): \(product) vs \(hull)")
            if b.strictSign != 0 {
                let quotient = a / b, quotients = MPFRInterval.hullOfAllEnds(a, b.lower, b.upper, 100, MPFRInterval.quotient)
                #expect(quotient.lower.isIdentical(to: quotients.lower) && quotient.upper.isIdentical(to: quotients.upper)
                        && quotient.precision == quotients.precision, "\(a) / \(b): \(quotient) vs \(quotients)")
            }
            if a.strictSign != 0 && b.strictSign != 0 { fast += 1 }
        }
        #expect(fast > 500, "\(fast)")
    }
}
