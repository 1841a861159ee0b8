import BigFloat
import KinkCheck
import Testing

/// The formula at `x` in Double (the formula must parse).
private func value(_ formula: String, at x: Double, parameters: [(name: String, value: DecimalConstant)] = []) throws -> Double {
    try Formula(formula: formula, parameters: parameters)(x)
}

/// The error a formula raises, or nil when it parses.
private func formulaError(_ formula: String) -> FormulaError? {
    do { _ = try Formula(formula: formula); return nil } catch { return error }
}

/// The elementary function `name` applied directly (the oracle for the function table).
private func direct<T: ActivationScalar>(_ name: String, _ v: T) -> T {
    switch name {
    case "exp": T.exp(v)
    case "expm1": T.expm1(v)
    case "log": T.log(v)
    case "log1p": T.log1p(v)
    case "sqrt": T.sqrt(v)
    case "erf": T.erf(v)
    case "erfc": T.erfc(v)
    case "tanh": T.tanh(v)
    case "sin": T.sin(v)
    case "cos": T.cos(v)
    case "atan": T.atan(v)
    case "abs": T.abs(v)
    default: fatalError(name)
    }
}

@Suite("Formula language")
struct FormulaParserTests {
    @Test("precedence: * before +, ^ before unary minus, left-associative - and /")
    func precedenceFollowsTheUsualRules() throws {
        let cases: [(String, Double, Double)] = [
            ("1+2*3", 0, 7), ("-x^2", 3, -9), ("2^-1", 0, 0.5), ("x^(-2)", 2, 0.25), ("-2^2", 0, -4),
            ("(-2)^2", 0, 4), ("10-2-3", 0, 5), ("8/2/2", 0, 2), ("2*-x", 3, -6), ("x - -1", 1, 2),
            ("+x", 4, 4), ("--x", 4, 4), ("(1+2)*(3+4)", 0, 21), ("x^0", 5, 1), ("2*x^3/4", 2, 4),
            ("-x*2", 3, -6), ("1 - x^2", 3, -8),
        ]
        for (formula, x, expected) in cases {
            #expect(try value(formula, at: x) == expected, "\(formula) at \(x)")
        }
    }

    @Test("number literals are exact: 0.1 at 200 bits is the decimal, not the Double")
    func literalsAreExactDecimals() throws {
        let f = try Formula(formula: "0.1")
        let x = BigFloat(1, precision: 200)
        let v = f(x)
        #expect(v.precision == 200)
        #expect(v.isIdentical(to: DecimalConstant("0.1").bigFloat(precision: 200)))
        #expect(!v.isIdentical(to: BigFloat(0.1 as Double, precision: 200)))
        #expect(f.correctlyRounded(at: x, precision: 200).value.isIdentical(to: DecimalConstant("0.1").bigFloat(precision: 200)))
        // -0.1 is the literal -0.1 (exact), and 1e-1 the same number.
        #expect(try Formula(formula: "-0.1")(x).isIdentical(to: DecimalConstant("-0.1").bigFloat(precision: 200)))
        #expect(try Formula(formula: "1e-1")(x).isIdentical(to: v))
    }

    @Test func hexFloatsAreExact() throws {
        #expect(try value("0x1.8p-3", at: 0) == 0.1875)
        #expect(try value("0x10", at: 0) == 16)
        #expect(try value("-0x1p-3 * x", at: 2) == -0.25)
        #expect(try value("0X1P+2", at: 0) == 4)
    }

    @Test("pi and e are rounded at the working precision (256 bits)")
    func piAndEAtWorkingPrecision() throws {
        let x = BigFloat(0, precision: 256)
        #expect(try Formula(formula: "pi")(x).isIdentical(to: BigFloat.pi(precision: 256)))
        let e = BigFloat.exp(BigFloat(1, precision: 256))
        #expect(try Formula(formula: "e")(x).isIdentical(to: e))
        #expect(try Formula(formula: "pi").correctlyRounded(at: x, precision: 256).value.isIdentical(to: BigFloat.pi(precision: 256)))
        #expect(try Formula(formula: "e").correctlyRounded(at: x, precision: 256).value.isIdentical(to: e))
    }

    @Test("every elementary function is the scalar's own", arguments: ["exp", "expm1", "log", "log1p", "sqrt", "erf", "erfc", "tanh", "sin", "cos", "atan", "abs"])
    func everyFunctionIsTheScalarsOwn(name: String) throws {
        let f = try Formula(formula: "\(name)(x)")
        for x in [0.3, 1.7, 12.5] {
            #expect(f(x).bitPattern == direct(name, x).bitPattern, "\(name)(\(x))")
            #expect(f(Float(x)).bitPattern == direct(name, Float(x)).bitPattern, "\(name)(\(x)) in Float")
            let b = BigFloat(x, precision: 256)
            #expect(f(b).isIdentical(to: direct(name, b)), "\(name)(\(x)) at 256 bits")
        }
        #expect(try value("max(x, 2)", at: 3) == 3)
        #expect(try value("min(x, 2)", at: 3) == 2)
        #expect(try value("max(2, x)", at: 1) == 2)
    }

    @Test("where evaluates only the branch taken, so < and <= give different autodiff derivatives at 0")
    func whereBranchDecidesTheDerivative() throws {
        let strict = try Formula(formula: "where(x < 0, 0.1*x, 1.5*x)")
        let loose = try Formula(formula: "where(x <= 0, 0.1*x, 1.5*x)")
        #expect(strict.valueAndDerivative(at: Float(0)).derivative == 1.5)
        #expect(strict.valueAndDerivative(at: 0.0).derivative == 1.5)
        #expect(loose.valueAndDerivative(at: Float(0)).derivative == Float(0.1))
        #expect(loose.valueAndDerivative(at: 0.0).derivative == 0.1)
        let zero = BigFloat(0, precision: 256)
        #expect(strict.valueAndDerivative(at: zero).derivative == BigFloat(3, precision: 256) / BigFloat(2, precision: 256))
        #expect(loose.valueAndDerivative(at: zero).derivative.isIdentical(to: DecimalConstant("0.1").bigFloat(precision: 256)))
        #expect(strict.correctlyRoundedDerivative(at: zero, precision: 53).value == BigFloat(1.5, precision: 53))
        #expect(loose.correctlyRoundedDerivative(at: zero, precision: 53).value == BigFloat(0.1 as Double, precision: 53))
        // The other comparisons, and the constant on the left.
        #expect(try Formula(formula: "where(x > 0, 1.5*x, 0.1*x)").valueAndDerivative(at: 0.0).derivative == 0.1)
        #expect(try Formula(formula: "where(x >= 0, 1.5*x, 0.1*x)").valueAndDerivative(at: 0.0).derivative == 1.5)
        #expect(try Formula(formula: "where(0 < x, 1.5*x, 0.1*x)").valueAndDerivative(at: 0.0).derivative == 0.1)
        // Lazy: the branch not taken would be NaN (log of a negative number).
        #expect(try value("where(x > 0, log(x), 0)", at: -1) == 0)
    }

    @Test("max and min split the derivative equally at a tie (½ each, as torch.maximum)")
    func maxTieSplitsTheDerivative() throws {
        let m = try Formula(formula: "max(x, 0)")
        #expect(m.valueAndDerivative(at: 0.0).derivative == 0.5)
        #expect(m.valueAndDerivative(at: Float(0)).derivative == 0.5)
        #expect(m.correctlyRoundedDerivative(at: BigFloat(0, precision: 256), precision: 256).value == BigFloat(0.5, precision: 256))
        #expect(m.valueAndDerivative(at: 1.0).derivative == 1)
        #expect(m.valueAndDerivative(at: -1.0).derivative == 0)
        #expect(try Formula(formula: "min(x, 0)").valueAndDerivative(at: 0.0).derivative == 0.5)
        #expect(try Formula(formula: "max(2*x, x)").valueAndDerivative(at: 0.0).derivative == 1.5)
        // NaN on either side gives NaN.
        #expect(try value("max(log(x - 2), 0)", at: 1).isNaN)
        #expect(try value("min(0, log(x - 2))", at: 1).isNaN)
    }

    @Test("NaN input gives NaN, whatever branch NaN's false comparisons pick")
    func nanInputGivesNaN() throws {
        for formula in ["where(x < 0, 0, 1)", "max(x, 0)", "relu(x)", "1", "where(x < 0, 0, 1)"] {
            let f = try Formula(formula: formula, derivative: "where(x < 0, 0, 1)")
            #expect(f(Double.nan).isNaN, "\(formula)")
            #expect(f.valueAndDerivative(at: Float.nan).derivative.isNaN, "\(formula)")
            #expect(f.derivative(Double.nan).isNaN, "\(formula)")
        }
    }

    @Test("built-ins apply with their catalogue parameters")
    func builtInsTakeCatalogueParameters() throws {
        let cases: [(String, any Activation)] = [
            ("elu(x; alpha=0.5)", try Catalogue.activation("elu:alpha=0.5")),
            ("leaky_relu(x; slope=0.2, convention=jax)", try Catalogue.activation("leaky_relu:slope=0.2,convention=jax")),
            ("hardtanh(x; min=-2, max=+3)", try Catalogue.activation("hardtanh:min=-2,max=3")),
            ("abs(x; convention=jax)", try Catalogue.activation("abs:convention=jax")),
            ("relu_plus_relu_neg(x; grad0=1)", try Catalogue.activation("relu_plus_relu_neg:grad0=1")),
            ("relu(x; grad0=0.5)", try Catalogue.activation("relu:grad0=0.5")),
        ]
        for (formula, builtIn) in cases {
            let f = try Formula(formula: formula)
            for x in [-2.5, -0.0, 0, 0.75, 2.5] {
                let (a, b) = (f.valueAndDerivative(at: x), builtIn.valueAndDerivative(at: x))
                #expect(a.value.bitPattern == b.value.bitPattern && a.derivative.bitPattern == b.derivative.bitPattern, "\(formula) at \(x)")
            }
        }
        // softplus(2*x; beta=3) is softplus with β = 3 applied to 2x.
        let sp = try Formula(formula: "softplus(2*x; beta=3)"), softplus = try Catalogue.activation("softplus:beta=3")
        let expected = softplus(1.4)
        #expect(sp(0.7) == expected)
        // A parameter name as a value is replaced by its decimal text (and may be negated).
        let named = try Formula(formula: "elu(x; alpha=a) + hardtanh(x; min=-a, max=a)", parameters: [("a", "0.5")])
        let elu = try Catalogue.activation("elu:alpha=0.5"), hardtanh = try Catalogue.activation("hardtanh:min=-0.5,max=0.5")
        #expect(named(-1.0) == elu(-1.0) + hardtanh(-1.0))
    }

    @Test("formula parameters are named constants; withParameters re-creates the formula")
    func parametersAreNamedConstants() throws {
        let f = try Formula(name: "two_slope", formula: "where(x < 0, a*x, b*x)", parameters: [("a", "0.1"), ("b", "1.5")])
        #expect(f.name == "two_slope" && f.spec == "two_slope" && f.formula == "where(x < 0, a*x, b*x)")
        #expect(f.parameters.map(\.name) == ["a", "b"])
        #expect(f(-2.0) == -0.2 && f(2.0) == 3)
        let g = try f.withParameters(["a": "0.2"])
        #expect(g(-2.0) == -0.4 && g.spec == "two_slope:a=0.2")
        #expect(g.parameters.first?.defaultValue == .number("0.1"))
        #expect(throws: SpecError.self) { try f.withParameters(["c": "1"]) }
        do { _ = try f.withParameters(["c": "1"]) } catch { #expect("\(error)".contains("valid: a, b")) }
        #expect(throws: SpecError.self) { try f.withParameters(["a": "1.2.3"]) }
        #expect(throws: SpecError.self) { try f.withParameters(["a": "1e999"]) }
        // Unnamed: no parameters exposed, named expr:FORMULA.
        let unnamed = try Formula(formula: "a*x", parameters: [("a", "2")])
        #expect(unnamed.parameters.isEmpty && unnamed.name == "expr:a*x" && unnamed.spec == "expr:a*x")
        // Bad parameter names and values.
        for (key, value) in [("x", "1"), ("exp", "1"), ("relu", "1"), ("2a", "1"), ("a", "1e400")] as [(String, DecimalConstant)] {
            #expect(throws: FormulaError.self, "\(key)") { try Formula(formula: "x", parameters: [(key, value)]) }
        }
        #expect(throws: FormulaError.self) { try Formula(formula: "x", parameters: [("a", "1"), ("a", "2")]) }
    }

    @Test("kinks are read off the structure, deduplicated, and given kinks win")
    func kinksComeFromTheStructure() throws {
        func locations(_ formula: String, kinks: [DeclaredKink]? = nil) throws -> [String] {
            try Formula(formula: formula, parameters: [("c", "-2.5")], kinks: kinks).kinks.map(\.location.description)
        }
        #expect(try locations("where(x < 0.5, x, 0)") == ["0.5"])
        #expect(try locations("where(-3 >= x, x, 0)") == ["-3"])
        #expect(try locations("max(x, -3) + min(6, x)") == ["-3", "6"])
        #expect(try locations("where(x < c, 1, 2) + max(x, -c)") == ["-2.5", "2.5"])
        #expect(try locations("abs(x)") == ["0"])
        #expect(try locations("relu6(x)") == ["0", "6"])
        #expect(try locations("hardtanh(-x; min=-2, max=1)") == ["2", "-1"])
        #expect(try locations("relu(x) + abs(x) + max(x, 0.0)") == ["0"])
        #expect(try locations("sin(x) + max(x, x^2) + relu(2*x)") == [])
        let f = try Formula(formula: "relu(x)")
        #expect(f.kinks.first?.note == "from the formula" && f.kinks.first?.autodiffDerivative == nil)
        #expect(!f.declaresEveryKink && !f.hasHandWrittenDerivative)
        let given = try Formula(formula: "where(x < 0, 0.1*x, 1.5*x)", kinks: [DeclaredKink(at: 0, autodiffDerivative: "1.5", note: "given"),
                                                                             DeclaredKink(at: 7)])
        #expect(given.kinks.map(\.location.description) == ["0", "7"])
        #expect(given.kinks.first?.autodiffDerivative == "1.5" && given.kinks.first?.note == "given")
    }

    @Test("a derivative formula is the hand-written backward")
    func derivativeFormulaIsHandWritten() throws {
        let f = try Formula(formula: "where(x < 0, a*x, 1.5*x)", parameters: [("a", "0.1")], derivative: "where(x <= 0, a, 1.5)")
        #expect(f.hasHandWrittenDerivative)
        #expect(f.derivative(0.0) == 0.1 && f.derivative(1.0) == 1.5)
        #expect(f.valueAndDerivative(at: 0.0).derivative == 0.1)   // the backward pass is the hand-written one
        #expect(f.trueDerivative(0.0) == 1.5)                        // autodiff of the formula is still the truth
        do { _ = try Formula(formula: "x", derivative: "1 +"); Issue.record("accepted") } catch {
            #expect(error.field == .derivative && error.column == 4 && "\(error)".hasPrefix("derivative, column 4:"))
        }
    }

    @Test("malformed formulas: one message with the column", arguments: [
        ("x*", 3, "expected an operand after '*'"),
        ("foo(x)", 1, "unknown function 'foo'"),
        ("y + 1", 1, "unknown name 'y'; closest: "),
        ("where(x, 1, 2)", 7, "condition of where must be a comparison"),
        ("where((x < 0), 1, 2)", 10, "can only be the condition of where"),
        ("where(x < 0 < 1, 1, 2)", 13, "one comparison"),
        ("x < 0", 3, "can only be the condition of where"),
        ("((x)", 1, "unclosed '('"),
        ("exp(x", 1, "unclosed '(' of 'exp'"),
        ("x)", 2, "unbalanced ')'"),
        ("x^0.5", 3, "sqrt"),
        ("x^2^3", 4, "parentheses"),
        ("x^y", 3, "integer"),
        ("x^99999999999999999999", 3, "too large"),
        ("x^-2000000", 4, "too large (at most 1048576 in magnitude)"),
        ("", 1, "empty formula"),
        ("   ", 1, "empty formula"),
        ("max(x)", 1, "'max' takes 2 arguments, got 1"),
        ("exp(x, 1)", 1, "'exp' takes 1 argument"),
        ("where(x < 0, 1)", 1, "'where' takes 3 arguments, got 2"),
        ("relu(x, 1)", 1, "parameters go after ';'"),
        ("exp()", 1, "'exp' takes 1 argument, got 0"),
        ("()", 1, "empty parentheses"),
        ("1.2.3", 1, "malformed number '1.2.3'"),
        ("2x", 1, "write a product with '*'"),
        ("1e", 1, "malformed number"),
        ("x ** 2", 4, "'**' is not an operator"),
        ("x·2", 2, "unexpected character '·' (write '*')"),
        ("x y", 3, "expected an operator"),
        ("(x, 1)", 3, "inside parentheses"),
        ("x, 1", 2, "outside a function call"),
        ("relu", 1, "'relu' is a function"),
        ("x(2)", 1, "'x' is not a function"),
        ("elu(x; alpah=1)", 1, "unknown parameter 'alpah'; valid: alpha"),
        ("elu(x; alpha=1e999)", 1, "out of range"),
        ("elu(x; alpha)", 13, "expected '='"),
        ("elu(x; alpha=)", 14, "expected a value"),
        ("elu(x; alpha=1", 15, "expected ',' or ')'"),
        ("exp(x; alpha=1)", 6, "takes none"),
        ("relu(x; convention=-jax)", 21, "only numbers and parameters take a sign"),
        ("sigmoid(x; beta=1)", 1, "no parameters"),
        ("*x", 1, "at the start"),
    ] as [(String, Int, String)])
    func malformedFormulasNameTheColumn(formula: String, column: Int, message: String) {
        guard let e = formulaError(formula) else { Issue.record("'\(formula)' parsed"); return }
        #expect(e.column == column && e.message.contains(message), "'\(formula)': \(e)")
        #expect(!e.description.contains("\n"))
    }

    @Test("huge formulas are refused with a message, deep allowed ones evaluate without recursion")
    func hugeAndDeepFormulas() throws {
        let nested = String(repeating: "(", count: 20_000) + "x" + String(repeating: ")", count: 20_000)
        #expect(formulaError(nested)?.message.contains("too long") == true)
        let long = Array(repeating: "x", count: 50_000).joined(separator: "+")
        #expect(formulaError(long)?.message.contains("too long") == true)
        let tooDeep = String(repeating: "(", count: 201) + "x" + String(repeating: ")", count: 201)
        #expect(formulaError(tooDeep)?.message.contains("nesting deeper than 200") == true)
        let deepCalls = String(repeating: "abs(", count: 300) + "x" + String(repeating: ")", count: 300)
        #expect(formulaError(deepCalls)?.message.contains("nesting deeper than 200") == true)
        // Allowed: 200 levels, a 4,999-term chain, 9,999 unary minuses.
        let deep = try Formula(formula: String(repeating: "(", count: 200) + "x" + String(repeating: ")", count: 200))
        #expect(deep(3.0) == 3)
        let chain = try Formula(formula: Array(repeating: "x", count: 4_999).joined(separator: "+"))
        #expect(chain(1.0) == 4_999)
        #expect(chain.valueAndDerivative(at: BigFloat(1, precision: 128)).derivative == BigFloat(4_999, precision: 128))
        #expect(chain.correctlyRounded(at: BigFloat(1, precision: 53), precision: 53).value == BigFloat(4_999, precision: 53))
        let minuses = try Formula(formula: String(repeating: "-", count: 9_999) + "x")
        #expect(minuses(1.0) == -1 && minuses.valueAndDerivative(at: 1.0).derivative == -1)
        let nestedWhere = try Formula(formula: String(repeating: "where(x < 0, 1, ", count: 199) + "x" + String(repeating: ")", count: 199))
        #expect(nestedWhere(2.0) == 2 && nestedWhere(-1.0) == 1)
    }

    @Test("expr: specs go through the catalogue and round-trip")
    func exprSpecsRoundTrip() throws {
        let f = try Catalogue.activation("expr:x*sigmoid(x)")
        #expect(f.name == "expr:x*sigmoid(x)" && f.spec == "expr:x*sigmoid(x)" && f.formula == "x*sigmoid(x)")
        #expect(f.parameters.isEmpty && f.claims == ActivationClaims())
        let again = try Catalogue.activation(f.spec)
        #expect(again.spec == f.spec)
        // Commas inside are the formula's.
        let m = try Catalogue.activation("expr:max(x, 0)")
        #expect(m(2.0) == 2)
        let message: String
        do { _ = try Catalogue.activation("expr:x*"); message = "accepted" } catch { message = "\(error)" }
        #expect(message == "expr:x*: column 3: expected an operand after '*'")
        #expect(throws: SpecError.self) { try Catalogue.activation("expr:") }
        #expect(throws: SpecError.self) { try Catalogue.activation("expr") }
        #expect(throws: SpecError.self) { try Catalogue.activation("expr:x:1") }
    }
}
