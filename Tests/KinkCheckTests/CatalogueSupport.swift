import BigFloat
import Foundation
import KinkCheck

// Shared by the Catalogue*Tests files: the mpmath fixture, ULP measurement, failure text.

/// One activation's reference values from `Fixtures/activations.json`
/// (made by `scripts/gen_activation_fixtures.py`; see its header for how each value is obtained).
struct ActivationFixture: Sendable {
    struct Point: Sendable {
        /// The exact input, as a hex-float.
        var x: String
        /// The fewest of 24, 53, 256 bits that hold `x`.
        var xPrecision: Int
        /// Why the point is there ("kink 0", "3 + 1 ulp binary64", "tail", "random binary32", …).
        var tag: String
        /// f(x) rounded to nearest-even at 24, 53 and 256 bits (unbounded exponent, as MPFR).
        var rounded: [Int: String]
        /// f(x) rounded as IEEE binary32 / binary64 (subnormals, overflow to ∞).
        var binary32: String
        var binary64: String
    }
    var spec: String
    var kinks: [String]
    var points: [Point]

    /// Every fixture by spec, loaded once; `loadError` says why, when the file could not be read.
    static let table: (bySpec: [String: ActivationFixture], specs: [String], loadError: String?) = load()

    static func load() -> ([String: ActivationFixture], [String], String?) {
        guard let url = Bundle.module.url(forResource: "activations", withExtension: "json", subdirectory: "Fixtures") else {
            return ([:], [], "Fixtures/activations.json is not in the test bundle")
        }
        do {
            let data = try Data(contentsOf: url)
            guard let root = try JSONSerialization.jsonObject(with: data) as? [String: Any],
                  let list = root["activations"] as? [[String: Any]] else {
                return ([:], [], "activations.json: no \"activations\" array")
            }
            var bySpec: [String: ActivationFixture] = [:], specs: [String] = []
            for item in list {
                guard let spec = item["spec"] as? String, let kinks = item["kinks"] as? [String],
                      let rows = item["points"] as? [[String: Any]] else {
                    return ([:], [], "activations.json: malformed entry \(item["spec"] ?? "?")")
                }
                var points: [Point] = []
                for row in rows {
                    guard let x = row["x"] as? String, let xp = row["xprec"] as? Int, let tag = row["tag"] as? String,
                          let p24 = row["p24"] as? String, let p53 = row["p53"] as? String, let p256 = row["p256"] as? String,
                          let b32 = row["binary32"] as? String, let b64 = row["binary64"] as? String else {
                        return ([:], [], "activations.json: malformed point in \(spec): \(row)")
                    }
                    points.append(Point(x: x, xPrecision: xp, tag: tag, rounded: [24: p24, 53: p53, 256: p256],
                                        binary32: b32, binary64: b64))
                }
                bySpec[spec] = ActivationFixture(spec: spec, kinks: kinks, points: points)
                specs.append(spec)
            }
            return (bySpec, specs, nil)
        } catch {
            return ([:], [], "activations.json: \(error)")
        }
    }
}

/// The specs the fixture must cover: every built-in with default parameters, plus variants.
let fixtureSpecs: [String] = Catalogue.entries.map(\.name) + [
    "elu:alpha=0.5", "leaky_relu:slope=0.2", "softplus:beta=2", "softplus:threshold=20",
    "softplus:beta=2,threshold=20", "hardtanh:min=-2,max=2", "celu:alpha=2", "silu:beta=1.5",
]

/// A hex-float or decimal text as an exact BigFloat (the fixture's strings are exact at `precision`).
func exact(_ text: String, precision: Int) -> BigFloat {
    var t = Ternary(0)
    guard let v = try? BigFloat(parsing: text, precision: precision, ternary: &t), t.isExact else {
        return .nan(precision: precision)
    }
    return v
}

/// `x` correctly rounded to `precision` (decimal or hex text).
func rounded(_ text: String, precision: Int) -> BigFloat {
    (try? BigFloat(parsing: text, precision: precision)) ?? .nan(precision: precision)
}

/// How a failure names its input: decimal and hex-float, and a one-line replay command.
func describe(_ spec: String, _ x: BigFloat, precision: Int = 53) -> String {
    "\(spec) at x = \(x.decimalString(significantDigits: 17)) (\(x.hexString)); replay: "
        + "swift run kinkcheck eval '\(spec)' --at \(x.hexString) --precision \(precision)"
}

// MARK: - ULP error (swift-numerics' test-support style: measure against a wider reference)

/// |computed − reference| in units in the last place of `format` at the reference
/// (subnormal spacing below the normal range; the least subnormal for a zero reference).
/// Infinite when one side is infinite or NaN and the other is not the same special.
func ulpError(_ computed: BigFloat, reference: BigFloat, format: IEEEFormat) -> Double {
    if computed.isNaN || reference.isNaN { return computed.isNaN && reference.isNaN ? 0 : .infinity }
    if computed.isInfinite || reference.isInfinite { return computed == reference ? 0 : .infinity }
    let minimumUlpExponent = format.minExponent - format.precision + 1
    var ulpExponent = minimumUlpExponent
    if let e = reference.exponent {                     // |reference| = m·2^e, ½ ≤ m < 1
        ulpExponent = Swift.max(e - 1 - (format.precision - 1), minimumUlpExponent)
    }
    // The difference of a machine number and a 256-bit number, exact enough at 2048 bits.
    let wide = Swift.max(2048, reference.precision)
    let difference = BigFloat.abs(BigFloat(computed, precision: wide) - BigFloat(reference, precision: wide))
    return Double(difference.timesPowerOfTwo(-ulpExponent))
}

/// The largest error seen, with where it was seen.
struct WorstError: CustomStringConvertible {
    var ulps = 0.0
    var at = "-"
    var count = 0
    mutating func record(_ e: Double, at x: BigFloat) {
        count += 1
        if e > ulps || (e.isNaN && !ulps.isNaN) { ulps = e; at = x.decimalString(significantDigits: 9) }
    }
    var description: String {
        if count == 0 { return "n/a" }
        if ulps == 0 { return "0 ulp (exact at all \(count) points)" }
        return String(format: "%.3f ulp", ulps) + " at x = \(at) (\(count) points)"
    }
}

// MARK: - Float and Double, one check for both

/// Float and Double, so that a check of machine evaluation is written once for both formats.
protocol MachineFloat: ActivationScalar, BinaryFloatingPoint {
    /// binary32 or binary64.
    static var format: IEEEFormat { get }
    /// "Float" or "Double", for failure messages.
    static var typeName: String { get }
    /// `x` correctly rounded into the type (subnormals and overflow as hardware does).
    init(_ x: BigFloat, rounding: Rounding)
    /// The value as a BigFloat at the format's precision (exact).
    var bigFloat: BigFloat { get }
}

extension Float: MachineFloat {
    static var format: IEEEFormat { .binary32 }
    static var typeName: String { "Float" }
    var bigFloat: BigFloat { BigFloat(exactly: self) }
}

extension Double: MachineFloat {
    static var format: IEEEFormat { .binary64 }
    static var typeName: String { "Double" }
    var bigFloat: BigFloat { BigFloat(exactly: self) }
}

extension MachineFloat {
    /// The exact input in this type, when `x` is one (subnormals included).
    init?(exactly x: BigFloat) {
        let v = Self(x, rounding: .nearestEven)
        guard v.isFinite, BigFloat(v.bigFloat, precision: 256) == x else { return nil }
        self = v
    }
}

/// The same number with the same sign of zero (NaN matches NaN).
func identical<T: BinaryFloatingPoint>(_ a: T, _ b: T) -> Bool {
    a.isNaN ? b.isNaN
        : a.sign == b.sign && a.exponentBitPattern == b.exponentBitPattern && a.significandBitPattern == b.significandBitPattern
}

/// The activation a spec names (throws the spec error, which fails the calling test).
func activation(_ spec: String) throws -> any Activation { try Catalogue.activation(spec) }
