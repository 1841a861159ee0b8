import BigFloat
import KinkCheck
import KinkCheckSupport

/// A test function for distributional derivatives: smooth (or at least C²), supported on
/// [c − w, c + w], with exact first and second derivatives.
///
/// Conforming types describe a *profile* g on the unit support |t| < 1 — the one override point,
/// ``profile(t:x:order:)`` — and the protocol extension does the rest: φ(x) = g(t) with
/// t = (x − c)/w, φ′(x) = g′(t)/w, φ″(x) = g″(t)/w², and 0 outside the open support.
///
/// Centre and half-width are BigFloats chosen by the caller (parse decimal strings at working
/// precision); evaluation happens at the precision of the point x.
///
/// Edge cases (for every conforming type):
/// - For |t| ≥ 1 — including exactly at c ± w — value and derivatives are +0. For profiles that
///   are only C^k at |t| = 1 (``PolynomialBump`` with small m) this is the limit from outside.
/// - t is computed as (x − c)/w at x's precision, so within a few ulps of c ± w the profile sees
///   a rounded t: values there are accurate in absolute terms (they are tiny), not relative ones.
/// - A NaN x gives NaN value and derivatives.
package protocol TestFunction: Sendable, CustomStringConvertible {
    /// The family name in reports and JSON: "bump", "polynomial_bump", "bump_times_polynomial".
    var kind: String { get }
    /// The function itself in t = (x − c)/w, as integrated: `exp(−1/(1 − t²))`, `(1 − t²)³`,
    /// `(x − 0.5)·exp(−1/(1 − t²))` (the profile on |t| < 1; 0 elsewhere).
    var formula: String { get }
    /// c: the centre of the support.
    var center: BigFloat { get }
    /// w > 0: half the length of the support [c − w, c + w].
    var halfWidth: BigFloat { get }
    /// Every parameter, centre and half-width included, in a fixed order (for JSON and replay).
    var parameters: [TestFunctionParameter] { get }

    /// g(t) and, for `order` ≥ 1 and ≥ 2, g′(t) and g″(t) (derivatives with respect to t), for
    /// |t| < 1, at t's precision. `x` = c + w·t is passed as well (unrounded by the
    /// conversion), for profiles that depend on x itself. One generic program: BigFloat at the
    /// rules' nodes, ``MPFRInterval`` for enclosures, ``ComplexBox`` for the analytic
    /// continuation (``TestFunctionScalar``).
    func profile<T: TestFunctionScalar>(t: T, x: T, order: Int) -> (value: T, first: T?, second: T?)
}

/// A value and up to two derivatives at one point (`first`/`second` are nil when not asked for).
package struct TestFunctionJet: Sendable {
    package var value: BigFloat
    package var first: BigFloat?
    package var second: BigFloat?

    package init(value: BigFloat, first: BigFloat? = nil, second: BigFloat? = nil) {
        self.value = value
        self.first = first
        self.second = second
    }

    /// +0 for every requested order, at `precision`.
    package static func zero(order: Int, precision: Int) -> TestFunctionJet {
        let z = BigFloat.zero(precision: precision)
        return TestFunctionJet(value: z, first: order >= 1 ? z : nil, second: order >= 2 ? z : nil)
    }

    /// NaN for every requested order, at `precision`.
    package static func nan(order: Int, precision: Int) -> TestFunctionJet {
        let z = BigFloat.nan(precision: precision)
        return TestFunctionJet(value: z, first: order >= 1 ? z : nil, second: order >= 2 ? z : nil)
    }
}

/// One named parameter of a test function.
package struct TestFunctionParameter: Sendable, CustomStringConvertible {
    package let name: String
    package let value: TestFunctionParameterValue

    package init(_ name: String, _ value: TestFunctionParameterValue) {
        self.name = name
        self.value = value
    }

    package var description: String { "\(name)=\(value)" }
}

/// A parameter's value: reals are written as decimal strings that read back exactly at their
/// precision (BigFloat's `description`), so JSON carries them losslessly.
package enum TestFunctionParameterValue: Sendable, CustomStringConvertible {
    case integer(Int)
    case real(BigFloat)
    case reals([BigFloat])
    case text(String)

    /// The value as JSON: a number for integers, a string for reals and text, an array of
    /// strings for lists of reals.
    package var json: JSON {
        switch self {
        case .integer(let n): return .int(n)
        case .real(let x): return .string(x.description)
        case .reals(let xs): return .array(xs.map { .string($0.description) })
        case .text(let s): return .string(s)
        }
    }

    package var description: String {
        switch self {
        case .integer(let n): return String(n)
        case .real(let x): return x.description
        case .reals(let xs): return "[" + xs.map(\.description).joined(separator: ", ") + "]"
        case .text(let s): return s
        }
    }
}

extension TestFunction {
    /// The support [c − w, c + w], ends rounded outward at `precision` bits (so the rounded
    /// interval still contains the support; exact when the precision suffices).
    package func support(precision: Int) -> (lower: BigFloat, upper: BigFloat) {
        var lower = BigFloat(nanWithPrecision: precision), upper = BigFloat(nanWithPrecision: precision)
        lower.setDifference(center, halfWidth, rounding: .down)
        upper.setSum(center, halfWidth, rounding: .up)
        return (lower, upper)
    }

    /// φ and its derivatives up to `order` (0, 1 or 2) at x, at x's precision.
    package func jet(at x: BigFloat, order: Int = 2) -> TestFunctionJet {
        precondition((0...2).contains(order), "test functions provide derivatives of order 0, 1 and 2")
        let p = x.precision
        if x.isNaN { return .nan(order: order, precision: p) }
        var t = BigFloat(nanWithPrecision: p)
        t.setDifference(x, center)
        t.formQuotient(with: halfWidth)
        guard t.compare(-1) == 1 && t.compare(1) == -1 else { return .zero(order: order, precision: p) }
        let g = profile(t: t, x: x, order: order)
        var jet = TestFunctionJet(value: g.value, first: g.first, second: g.second)
        // In place through the optionals (no copy of a uniquely held value).
        if order >= 1 { jet.first?.formQuotient(with: halfWidth) }
        if order >= 2 {
            jet.second?.formQuotient(with: halfWidth)
            jet.second?.formQuotient(with: halfWidth)
        }
        return jet
    }

    /// φ, φ′, … φ⁽ᵏ⁾ (k = `order` ≤ 2) at x in any ``TestFunctionScalar`` that lies inside the
    /// support (an interval or box reaching beyond it gets the analytic continuation of the
    /// profile's program, with the bump's factors 0 where s ≤ 0): g⁽ʲ⁾(t)/wʲ, t = (x − c)/w, from
    /// one evaluation of the profile.
    package func derivatives<T: TestFunctionScalar>(upTo order: Int, over x: T) -> [T] {
        precondition((0...2).contains(order), "test functions provide derivatives of order 0, 1 and 2")
        let w = T.real(halfWidth, like: x)
        let t = (x - T.real(center, like: x)) / w
        let g = profile(t: t, x: x, order: order)
        var out = [g.value]
        if order >= 1 { out.append(g.first! / w) }
        if order >= 2 { out.append(g.second! / (w * w)) }
        return out
    }

    /// φ⁽ᵏ⁾(x) alone (``derivatives(upTo:over:)``).
    package func derivative<T: TestFunctionScalar>(_ order: Int, over x: T) -> T {
        derivatives(upTo: order, over: x)[order]
    }

    /// φ(x) at x's precision.
    package func value(at x: BigFloat) -> BigFloat { jet(at: x, order: 0).value }
    /// φ′(x) at x's precision.
    package func firstDerivative(at x: BigFloat) -> BigFloat { jet(at: x, order: 1).first! }
    /// φ″(x) at x's precision.
    package func secondDerivative(at x: BigFloat) -> BigFloat { jet(at: x, order: 2).second! }
    /// φ^(order)(x) for order 0, 1, 2.
    package func derivative(_ order: Int, at x: BigFloat) -> BigFloat {
        let j = jet(at: x, order: order)
        switch order {
        case 0: return j.value
        case 1: return j.first!
        default: return j.second!
        }
    }

    /// `{"kind":"bump","formula":"exp(−1/(1 − t²)) on |t| < 1, t = (x − center)/width",
    /// "center":"0","width":"1"}` — kind and formula first, then ``parameters`` in order; reals as
    /// round-trip decimal strings.
    package var json: JSON {
        .object([("kind", .string(kind)), ("formula", .string(formulaInX))] + parameters.map { ($0.name, $0.value.json) })
    }

    /// ``formula`` with the support and t spelled out.
    package var formulaInX: String { formula + " on |t| < 1, t = (x − center)/width" }

    /// `polynomial_bump (1 − t²)³ (center=0.5, width=1, degree=3)`: the family, the function
    /// integrated, and every parameter.
    package var description: String {
        kind + " " + formula + " (" + parameters.map(\.description).joined(separator: ", ") + ")"
    }
}

/// Checks shared by the concrete test functions' initialisers.
package enum TestFunctionValidation {
    package static func check(center: BigFloat, halfWidth: BigFloat) {
        precondition(center.isFinite, "test function centre must be finite, got \(center)")
        precondition(halfWidth.isFinite && halfWidth.signum > 0, "test function half-width must be finite and > 0, got \(halfWidth)")
    }
}
