import BigFloat
import Foundation
import Testing
@testable import KinkCheck

// MARK: - Reference values

/// Tests/KinkCheckTests/Fixtures/complex_functions.json (made by scripts/gen_complex_fixtures.py):
/// f(z) from mpmath to 50 digits at points z that are pairs of binary64 numbers.
enum ComplexFixtureFile {
    struct Case: Decodable, Sendable, CustomTestStringConvertible {
        let function: String
        let re: String, im: String
        let value_re: String, value_im: String
        var testDescription: String { "\(function)(\(re) + i·\(im))" }
    }
    struct Document: Decodable, Sendable { let cases: [Case] }

    static let cases: [Case] = {
        guard let url = Bundle.module.url(forResource: "complex_functions", withExtension: "json", subdirectory: "Fixtures"),
              let data = try? Data(contentsOf: url),
              let doc = try? JSONDecoder().decode(Document.self, from: data) else { return [] }
        return doc.cases
    }()
}

/// The functions under test, by the fixtures' names.
enum ComplexBoxFunctions {
    static let byName: [String: @Sendable (ComplexBox) -> ComplexBox] = [
        "exp": ComplexBox.exp, "expm1": ComplexBox.expm1, "log": ComplexBox.log, "log1p": ComplexBox.log1p,
        "sqrt": ComplexBox.sqrt, "sin": ComplexBox.sin, "cos": ComplexBox.cos, "tanh": ComplexBox.tanh,
        "atan": ComplexBox.atan, "erf": ComplexBox.erf, "erfc": ComplexBox.erfc, "erfcx": ComplexBox.erfcx,
    ]
}

// MARK: - Helpers

extension ComplexBox {
    /// The box [a, b] × [c, d] from decimal texts, each end rounded outward at `p` bits.
    static func parsing(_ a: String, _ b: String, _ c: String, _ d: String, precision p: Int) throws -> ComplexBox {
        func end(_ t: String, _ r: Rounding) throws -> BigFloat { try BigFloat(parsing: t, precision: p, rounding: r) }
        return ComplexBox(re: MPFRInterval(lower: try end(a, .down), upper: try end(b, .up)),
                          im: MPFRInterval(lower: try end(c, .down), upper: try end(d, .up)))
    }
}

/// v lies in [lower, upper] widened by 2^−slack·|v| on both sides (for a reference rounded to 50 digits).
private func complexTestEncloses(_ x: MPFRInterval, _ v: BigFloat, slack: Int) -> Bool {
    let tol = BigFloat.abs(v).timesPowerOfTwo(-slack)
    return x.lower <= v + tol && v - tol <= x.upper
}

@Suite struct ComplexBoxTests {
    // MARK: Point boxes against mpmath

    /// Each fixture point as a point box: the result contains mpmath's value (to its 50 digits),
    /// and is narrow where the method is accurate — both parts within 2^−(p−16)·|f(z)| for the
    /// elementary functions and for the error functions where |z| ≤ 6 or |Re z| ≥ 10, and within
    /// 2⁻⁴⁰·|f(z)| where the asymptotic expansion serves 6.5 ≤ |Re z| < 10. (With small |Re z|
    /// and large |Im z| the error functions are magnitude bounds, checked by containment alone.)
    @Test("Point boxes contain mpmath's values and are narrow (Fixtures/complex_functions.json)", arguments: [64, 128])
    func pointBoxesContainMpmathValues(precision p: Int) throws {
        #expect(ComplexFixtureFile.cases.count >= 150, "Fixtures/complex_functions.json missing or short")
        for c in ComplexFixtureFile.cases {
            let f = try #require(ComplexBoxFunctions.byName[c.function], "unknown function \(c.function)")
            let (x, y) = (try BigFloat(parsing: c.re, precision: p), try BigFloat(parsing: c.im, precision: p))
            let v = f(ComplexBox(re: x, im: y))
            let (wantRe, wantIm) = (try BigFloat(parsing: c.value_re, precision: 256), try BigFloat(parsing: c.value_im, precision: 256))
            // 50 digits: each part of the reference is within 5·10⁻⁵⁰ of it, relatively: below 2⁻¹⁶⁰.
            #expect(v.isFinite && complexTestEncloses(v.re, wantRe, slack: 160) && complexTestEncloses(v.im, wantIm, slack: 160),
                    "\(c.testDescription) at \(p) bits = \(v); mpmath: \(c.value_re) + i·\(c.value_im)")

            var bits = p - 16
            let (ax, r) = (BigFloat.abs(x), BigFloat.sqrt(x * x + y * y))
            if c.function.hasPrefix("erf") && r > 6 && ax < 10 {
                guard ax >= 6.5 else { continue }
                bits = Swift.min(bits, 40)
            }
            let scale = BigFloat.sqrt(wantRe * wantRe + wantIm * wantIm).timesPowerOfTwo(-bits)
            #expect(v.re.width <= scale && v.im.width <= scale,
                    "\(c.testDescription) at \(p) bits: \(v), wider than 2^-\(bits)·|f| = \(scale)")
        }
    }

    // MARK: Wide boxes

    /// A function and a box [a, b] × [c, d] (decimal ends) on which it is bounded.
    struct WideCase: CustomTestStringConvertible, Sendable {
        let function: String
        let ends: [String]
        var testDescription: String { "\(function) on [\(ends[0]), \(ends[1])] × [\(ends[2]), \(ends[3])]" }
        init(_ function: String, _ ends: String...) { self.function = function; self.ends = ends }
    }

    static let wideCases: [WideCase] = [
        WideCase("exp", "-1", "2", "-3", "3"), WideCase("exp", "28", "31", "0.5", "1.5"), WideCase("exp", "-0.001", "0.001", "99", "101"),
        WideCase("expm1", "-0.1", "0.1", "-0.2", "0.3"), WideCase("expm1", "1e-300", "2e-300", "-1e-300", "1e-300"),
        WideCase("log", "0.5", "2", "-1", "1"), WideCase("log", "-3", "-1", "0.1", "2"), WideCase("log", "-3", "3", "-2", "-0.5"),
        WideCase("log1p", "-0.5", "0.5", "-0.5", "0.5"), WideCase("log1p", "-3", "-2", "-2", "-0.5"),
        WideCase("sqrt", "-2", "-1", "0.5", "1"), WideCase("sqrt", "0.25", "4", "-1", "1"),
        WideCase("sin", "-1", "1", "-2", "2"), WideCase("cos", "2", "5", "10", "11"),
        WideCase("tanh", "-1", "1", "-1", "1"), WideCase("tanh", "0.5", "5", "1", "2"), WideCase("tanh", "-40", "-20", "-3", "3"),
        WideCase("atan", "-1", "1", "-0.5", "0.5"), WideCase("atan", "0.5", "2", "1", "3"), WideCase("atan", "-0.5", "0.5", "-0.9", "0.9"),
        WideCase("erf", "-1", "1", "-1", "1"), WideCase("erfc", "-10", "10", "-2", "2"), WideCase("erfcx", "3", "8", "2", "4"),
        WideCase("erf", "-8", "-3", "-1", "1"), WideCase("erfcx", "0.2", "0.6", "6", "7"), WideCase("erfc", "1.5", "2.5", "-0.5", "0.5"),
        WideCase("erfcx", "-10", "10", "-2", "2"), WideCase("erfc", "-4", "-3", "2", "3"),
    ]

    /// The result for a wide box (64 bits) is finite and contains the value at every point of a
    /// 4 × 4 grid over the box (corners included), each evaluated as a point box at 128 bits.
    @Test("Wide boxes contain the values at a grid of their points", arguments: wideCases)
    func wideBoxesContainTheirPoints(_ w: WideCase) throws {
        let f = try #require(ComplexBoxFunctions.byName[w.function])
        let box = try ComplexBox.parsing(w.ends[0], w.ends[1], w.ends[2], w.ends[3], precision: 64)
        let v = f(box)
        #expect(v.isFinite, "\(w.testDescription) = \(v)")
        func grid(_ x: MPFRInterval) -> [BigFloat] {
            (0 ... 3).map { i in
                let t = BigFloat(x.lower, precision: 128) + (x.upper - x.lower) * BigFloat(i, precision: 128) / 3
                return BigFloat.minimum(BigFloat.maximum(t, x.lower), x.upper)
            }
        }
        for x in grid(box.re) {
            for y in grid(box.im) {
                let point = f(ComplexBox(re: x, im: y))
                #expect(point.isFinite && v.contains(re: point.re.centre, im: point.im.centre),
                        "\(w.testDescription): \(v) misses f(\(x) + i·\(y)) = \(point)")
            }
        }
    }

    // MARK: Singularities, cuts and tiny arguments

    @Test("Boxes that meet a cut, a pole or 0 in a divisor are unbounded")
    func boxesMeetingSingularitiesAreUnbounded() throws {
        let unbounded: [(String, [String])] = [
            ("log", ["-1.5", "-0.5", "-0.1", "0.1"]), ("log", ["-2", "-1", "-0.5", "0"]), ("log", ["-2", "-1", "0", "0.5"]),
            ("log", ["-0.1", "0.1", "-0.1", "0.1"]), ("sqrt", ["-5", "-3", "-0.1", "0.1"]), ("sqrt", ["0", "1", "0", "0"]),
            ("log1p", ["-2.5", "-1.5", "-0.1", "0.1"]), ("log1p", ["-1.1", "-0.9", "-0.1", "0.1"]),
            ("atan", ["-0.1", "0.1", "1.5", "2.5"]), ("atan", ["-0.1", "0.1", "-2.5", "-1.5"]), ("atan", ["-0.1", "0.1", "0.9", "1.1"]),
            ("atan", ["0", "0.1", "1.5", "2.5"]),
            ("tanh", ["-0.1", "0.1", "1.5", "1.6"]), ("tanh", ["-0.1", "0.1", "4.7", "4.8"]), ("tanh", ["0", "0.1", "-1.6", "-1.5"]),
        ]
        for (name, e) in unbounded {
            let f = try #require(ComplexBoxFunctions.byName[name])
            let v = f(try ComplexBox.parsing(e[0], e[1], e[2], e[3], precision: 64))
            #expect(!v.isFinite, "\(name) on \(e) = \(v) is finite")
        }
        // Beside the same cuts and poles, finite.
        let bounded: [(String, [String])] = [
            ("log", ["-2", "-1", "0.001", "0.5"]), ("atan", ["0.001", "0.1", "1.5", "2.5"]), ("atan", ["-0.1", "0.1", "-0.9", "0.9"]),
            ("tanh", ["0.01", "0.1", "1.5", "1.6"]), ("log1p", ["-1.1", "-0.9", "0.01", "0.1"]),
        ]
        for (name, e) in bounded {
            let f = try #require(ComplexBoxFunctions.byName[name])
            let v = f(try ComplexBox.parsing(e[0], e[1], e[2], e[3], precision: 64))
            #expect(v.isFinite, "\(name) on \(e) = \(v) is not finite")
        }
        let one = ComplexBox.integer(1, precision: 64)
        for e in [["-0.1", "0.1", "-0.1", "0.1"], ["-1", "1", "0", "0"], ["0", "0", "0", "0"]] {
            let v = one / (try ComplexBox.parsing(e[0], e[1], e[2], e[3], precision: 64))
            #expect(!v.isFinite, "1/\(e) = \(v) is finite")
        }
        #expect((one / (try ComplexBox.parsing("1", "2", "-1", "1", precision: 64))).isFinite)
    }

    @Test("An unbounded operand makes every result unbounded, even times 0")
    func unboundedOperandsStayUnbounded() {
        let whole = ComplexBox.whole(precision: 64), zero = ComplexBox.integer(0, precision: 64)
        #expect(!whole.isFinite && whole.magnitudeUpperBound.isInfinite)
        for (name, f) in ComplexBoxFunctions.byName { #expect(!f(whole).isFinite, "\(name)") }
        #expect(!(zero * whole).isFinite && !(whole + 1).isFinite && !(zero / whole).isFinite)
    }

    /// A box around 10⁻³⁰⁰ (where an absolute error of 2⁻⁶⁴ would swamp the value) keeps its
    /// magnitude through the functions that are about z there.
    @Test("Tiny arguments keep their magnitude")
    func tinyArgumentsKeepTheirMagnitude() throws {
        let z = try ComplexBox.parsing("0.9e-300", "1.1e-300", "-1e-300", "1e-300", precision: 64)
        let limit = try BigFloat(parsing: "1e-299", precision: 64)
        for name in ["expm1", "log1p", "sin", "tanh", "atan", "erf"] {
            let f = try #require(ComplexBoxFunctions.byName[name])
            let v = f(z)
            #expect(v.isFinite && v.magnitudeUpperBound < limit, "\(name) of a box around 1e-300 = \(v)")
        }
    }

    /// An imaginary part spanning many periods: cos and sin are then [−1, 1] (counting the periods
    /// once overflowed machine integers), so e^z stays bounded by e^(Re z).
    @Test("Huge imaginary spans give the whole period's range, not a trap")
    func hugeImaginarySpansAreBounded() throws {
        let z = try ComplexBox.parsing("-1", "1", "-1e30", "1e30", precision: 64)
        let e = ComplexBox.exp(z), limit = try BigFloat(parsing: "3.9", precision: 64)
        #expect(e.isFinite && e.magnitudeUpperBound <= limit, "\(e)")
        let wide = try ComplexBox.parsing("-1e300", "1e300", "0", "0", precision: 64)
        #expect(ComplexBox.cos(wide).isFinite && ComplexBox.sin(wide).isFinite)
    }

    // MARK: Arithmetic and construction

    @Test("Box arithmetic on points is exact where the result is representable")
    func pointArithmetic() throws {
        let a = ComplexBox(re: BigFloat(1, precision: 64), im: BigFloat(2, precision: 64))
        let b = ComplexBox(re: BigFloat(3, precision: 64), im: BigFloat(4, precision: 64))
        let product = a * b   // −5 + 10i
        #expect(product.isPoint && product.re.lower == -5 && product.im.lower == 10)
        let quotient = product / b   // 1 + 2i, through 1/25
        #expect(quotient.contains(a) && quotient.re.width < 1e-18 && quotient.im.width < 1e-18)
        let i = ComplexBox(re: BigFloat(0, precision: 64), im: BigFloat(1, precision: 64))
        #expect((i * i).contains(re: -1, im: 0) && (i * i).isPoint && i.timesI.contains(re: -1, im: 0))
        #expect((2 - a).contains(re: 1, im: -2) && (a * 3).contains(re: 3, im: 6) && (a / 2).contains(re: 0.5, im: 1))
        #expect((a + MPFRInterval(BigFloat(1, precision: 64))).contains(re: 2, im: 2))
        let r = ComplexBox.rectangle(center: 1, halfWidth: 0.5, halfHeight: 0.25, precision: 64)
        #expect(r.contains(re: 0.5, im: -0.25) && r.contains(re: 1.5, im: 0.25) && !r.contains(re: 1.5, im: 0.3))
        // sup |z| over the rectangle is |1.5 + 0.25i| = 1.52069...; inf is 0.5.
        #expect(r.magnitudeUpperBound >= 1.5206906325745548 && r.magnitudeUpperBound < 1.5206906325745550)
        #expect(r.magnitudeLowerBound == 0.5)
        #expect(ComplexBox.pi(precision: 64).re.lower < BigFloat.pi(precision: 200) && BigFloat.pi(precision: 200) < ComplexBox.pi(precision: 64).re.upper)
        let tenth = ComplexBox.constant("0.1", precision: 64), exact = try BigFloat(parsing: "0.1", precision: 200)
        #expect(tenth.re.lower < exact && exact < tenth.re.upper && tenth.im.isPoint && tenth.im.lower.isZero)
    }

    @Test("Real points stay real: the imaginary part is exactly 0")
    func realPointsStayReal() throws {
        for (name, text) in [("exp", "0.7"), ("expm1", "-0.3"), ("log", "2.5"), ("log1p", "-0.4"), ("sqrt", "3"), ("sin", "1.2"),
                             ("cos", "1.2"), ("tanh", "-0.8"), ("erf", "0.6"), ("erfc", "-1.5"), ("erfcx", "2.5"), ("erf", "7"), ("erfcx", "-7")] {
            let x = try BigFloat(parsing: text, precision: 64)
            let f = try #require(ComplexBoxFunctions.byName[name])
            let v = f(ComplexBox(real: MPFRInterval(x)))
            #expect(v.isFinite && v.im.lower.isZero && v.im.upper.isZero, "\(name)(\(text)) = \(v)")
        }
    }
}

