import BigFloat
import BigFloatTestSupport
import CMPFR
import Testing

/// Elementary functions and constants against mpmath (Fixtures/functions.json and
/// constants.json): bit for bit, in every rounding direction, with the ternary value.
@Suite struct FunctionFixtureTests {
    /// The fixtures model MPFR's default exponent range; a different one would make the
    /// overflow and underflow rows meaningless rather than wrong.
    @Test func fixturesAssumeThisExponentRange() throws {
        let document = try Fixture.document("functions")
        #expect(document["emin"] as? Int == Int(mpfr_get_emin()))
        #expect(document["emax"] as? Int == Int(mpfr_get_emax()))
    }

    @Test func functionValuesAreCorrectlyRoundedInEveryDirection() throws {
        let records = try Fixture.records("functions", key: "functions")
        #expect(records.count > 600)
        var seen = Set<String>(), checked = 0
        for record in records {
            let name = try #require(record["f"] as? String)
            let p = try #require(record["p"] as? Int)
            let source = try #require(record["src"] as? String)
            let x = try exactValue(try #require(record["x"] as? String), precision: p)
            let y = try (record["y"] as? String).map { try exactValue($0, precision: p) }
            seen.insert(name)
            // N, D and U are stored; Z and A follow from the sign of the exact result, which the
            // nearest result shares (a zero keeps the sign of what underflowed).
            let nearest = try #require(record["N"] as? [Any])
            let negative = try exactValue(try #require(nearest[0] as? String), precision: p).signBit
            for (code, rounding) in roundingCodes {
                let stored = code == "Z" ? (negative ? "U" : "D") : code == "A" ? (negative ? "D" : "U") : code
                let pair = try #require(record[stored] as? [Any])
                let expected = try exactValue(try #require(pair[0] as? String), precision: p)
                let expectedTernary = try #require(pair[1] as? Int)
                let (got, ternary) = try evaluate(name, x, y, rounding)
                let law = "\(name)(\(source)) at \(p) bits, rounding \(rounding)"
                #expect(same(got, expected),
                        "\(law): got \(got.hexString), mpmath says \(expected.hexString); input \(x.hexString); replay: swift test --filter BigFloatTests.FunctionFixtureTests")
                if let ternary {
                    #expect(sign(ternary) == expectedTernary, "\(law): ternary \(ternary), expected \(expectedTernary)")
                }
                checked += 1
            }
        }
        #expect(seen == Set(ElementaryFunction.allCases.map(\.rawValue) + ["pow"]),
                "every function has fixture rows")
        #expect(checked == records.count * 5)
    }

    /// f(x) through every spelling BigFloat offers: the static function (value only), `set(_:of:)`
    /// (ternary) and, for nearest, the in-place `form…` methods, which must agree.
    func evaluate(_ name: String, _ x: BigFloat, _ y: BigFloat?, _ rounding: Rounding) throws -> (BigFloat, Ternary?) {
        if name == "pow" {
            let y = try #require(y)
            return (BigFloat.pow(x, y, rounding: rounding), nil)
        }
        let f = try #require(ElementaryFunction(rawValue: name))
        let viaStatic = BigFloat.apply(f, x, rounding: rounding)
        var viaSet = BigFloat.nan(precision: x.precision)
        let ternary = viaSet.set(f, of: x, rounding: rounding)
        var viaForm = x
        let formTernary = viaForm.form(f, rounding: rounding)
        #expect(same(viaStatic, viaSet) && same(viaSet, viaForm) && formTernary == ternary,
                "\(name)(\(x.hexString)): BigFloat.apply, set(_:of:) and form(_:) disagree")
        if rounding == .nearestEven {
            let named: BigFloat? = switch f {
            case .sqrt: BigFloat.sqrt(x)
            case .exp: BigFloat.exp(x)
            case .expm1: BigFloat.expm1(x)
            case .log: BigFloat.log(x)
            case .log1p: BigFloat.log1p(x)
            case .exp2: BigFloat.exp2(x)
            case .log2: BigFloat.log2(x)
            case .sinh: BigFloat.sinh(x)
            case .cosh: BigFloat.cosh(x)
            case .tanh: BigFloat.tanh(x)
            case .erf: BigFloat.erf(x)
            case .erfc: BigFloat.erfc(x)
            case .sin: BigFloat.sin(x)
            case .cos: BigFloat.cos(x)
            case .atan: BigFloat.atan(x)
            }
            if let named { #expect(same(named, viaStatic), "BigFloat.\(name) differs from apply(.\(name))") }
        }
        return (viaStatic, ternary)
    }

    @Test func inPlaceFunctionMethodsMatchTheirStaticForms() throws {
        var rng = LCG(seed: 7)
        for _ in 0..<50 {
            let x = rng.bigFloat(precision: 113, exponent: -3...3).magnitude
            var a = x, b = x, c = x, d = x, e = x, f = x, g = x
            a.formSquareRoot(); b.formExp(); c.formExpMinusOne(); d.formLog()
            e.formLogOnePlus(); f.formTanh(); g.formErf()
            #expect(same(a, .sqrt(x)) && same(b, .exp(x)) && same(c, .expm1(x)) && same(d, .log(x)))
            #expect(same(e, .log1p(x)) && same(f, .tanh(x)) && same(g, .erf(x)))
        }
    }

    @Test func precisionArgumentRoundsOnceAtTheRequestedPrecision() throws {
        // exp(1) at 53 bits from a 2-bit input: the result precision is the one asked for.
        let one = BigFloat(1, precision: 2)
        let e53 = BigFloat.exp(one, precision: 53)
        #expect(e53.precision == 53)
        #expect(Double(e53) == 2.718281828459045)
        #expect(same(e53, BigFloat.e(precision: 53)))
    }

    @Test func constantsAreCorrectlyRoundedInEveryDirection() throws {
        let records = try Fixture.records("constants", key: "constants")
        #expect(records.count == 18)
        for record in records {
            let name = try #require(record["c"] as? String)
            let p = try #require(record["p"] as? Int)
            for (code, rounding) in roundingCodes {
                let stored = code == "Z" ? "D" : code == "A" ? "U" : code       // all positive
                let pair = try #require(record[stored] as? [Any])
                let expected = try exactValue(try #require(pair[0] as? String), precision: p)
                let got: BigFloat = switch name {
                case "pi": .pi(precision: p, rounding: rounding)
                case "ln2": .ln2(precision: p, rounding: rounding)
                default: .e(precision: p, rounding: rounding)
                }
                #expect(same(got, expected), "\(name) at \(p) bits, \(rounding): got \(got.hexString), expected \(expected.hexString)")
            }
        }
    }
}

extension BigFloat {
    var magnitude: BigFloat { BigFloat.abs(self) }
}
