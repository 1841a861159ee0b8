import BigFloat
import KinkCheckSupport

/// Why an activation spec was rejected; `description` is the one-line message the CLI prints.
public struct SpecError: Error, CustomStringConvertible, Sendable {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// The built-in activations by name, and the spec syntax `name` or `name:key=value,key=value`.
package enum Catalogue {
    /// One entry per built-in: its name, parameter keys with defaults, and a factory.
    package struct Entry: Sendable {
        package let name: String
        package let summary: String
        /// Makes the activation from `key=value` pairs (already checked against `keys`).
        package let make: @Sendable ([String: String]) throws -> any Activation
        package var defaultActivation: any Activation { try! make([:]) }
        package var keys: [String] { defaultActivation.parameters.map(\.name) }
    }

    package static let entries: [Entry] = [
        Entry(name: "relu", summary: "rectified linear unit", make: { p in
            guard let g = Activations.ReLU.GradientAtZero(rawValue: p["grad0"] ?? "0") else {
                throw SpecError("relu: grad0 must be 0, 0.5 or 1 (got '\(p["grad0"]!)')")
            }
            return Activations.ReLU(gradientAtZero: g)
        }),
        Entry(name: "leaky_relu", summary: "leaky ReLU", make: { p in
            Activations.LeakyReLU(slope: try number(p, "slope", Activations.LeakyReLU.defaultSlope), convention: try convention(p))
        }),
        Entry(name: "prelu", summary: "parametric ReLU (a fixed)", make: { p in
            Activations.LeakyReLU(slope: try number(p, "a", Activations.LeakyReLU.defaultPReLU), convention: try convention(p), prelu: true)
        }),
        Entry(name: "elu", summary: "exponential linear unit", make: { p in Activations.ELU(alpha: try number(p, "alpha", 1)) }),
        Entry(name: "selu", summary: "scaled ELU", make: { _ in Activations.SELU() }),
        Entry(name: "celu", summary: "continuously differentiable ELU", make: { p in
            let a = try number(p, "alpha", 1)
            guard a.double > 0 else { throw SpecError("celu: alpha must be > 0 (got \(a))") }
            return Activations.CELU(alpha: a)
        }),
        Entry(name: "softplus", summary: "smooth ReLU", make: { p in
            let beta = try number(p, "beta", 1)
            guard beta.double > 0 else { throw SpecError("softplus: beta must be > 0 (got \(beta))") }
            let t: DecimalConstant? = (p["threshold"] == nil || p["threshold"] == "none") ? nil : try number(p, "threshold", 20)
            return Activations.Softplus(beta: beta, threshold: t)
        }),
        Entry(name: "sigmoid", summary: "logistic sigmoid", make: { _ in Activations.Sigmoid() }),
        Entry(name: "tanh", summary: "hyperbolic tangent", make: { _ in Activations.Tanh() }),
        Entry(name: "gelu", summary: "Gaussian error linear unit (erf form)", make: { _ in Activations.GELU() }),
        Entry(name: "gelu_tanh", summary: "GELU, tanh approximation", make: { _ in Activations.GELUTanh() }),
        Entry(name: "silu", summary: "sigmoid linear unit (swish)", make: { p in
            let beta = try number(p, "beta", 1)
            guard beta.double > 0 else { throw SpecError("silu: beta must be > 0 (got \(beta))") }
            return Activations.SiLU(beta: beta)
        }),
        Entry(name: "mish", summary: "x·tanh(softplus(x))", make: { _ in Activations.Mish() }),
        Entry(name: "relu6", summary: "ReLU clipped at 6", make: { _ in Activations.ReLU6() }),
        Entry(name: "hardtanh", summary: "clamp to [min, max]", make: { p in
            let lo = try number(p, "min", -1), hi = try number(p, "max", 1)
            guard lo.bigFloat(precision: 256) < hi.bigFloat(precision: 256) else {
                throw SpecError("hardtanh: min must be < max (got min=\(lo), max=\(hi))")
            }
            return Activations.Hardtanh(min: lo, max: hi, convention: try convention(p))
        }),
        Entry(name: "hardsigmoid", summary: "relu6(x + 3)/6", make: { _ in Activations.Hardsigmoid() }),
        Entry(name: "hardswish", summary: "x·relu6(x + 3)/6", make: { _ in Activations.Hardswish() }),
        Entry(name: "softsign", summary: "x/(1 + |x|)", make: { _ in Activations.Softsign() }),
        Entry(name: "abs", summary: "absolute value", make: { p in Activations.AbsoluteValue(convention: try convention(p)) }),
        Entry(name: "heaviside", summary: "step function (discontinuous control)", make: { p in
            Activations.Heaviside(h0: try number(p, "h0", Activations.Heaviside.defaultH0))
        }),
        Entry(name: "sign", summary: "sign function (discontinuous control)", make: { _ in Activations.Sign() }),
    ]

    /// Named composites — the autodiff classics (see Composite.swift) — and the oscillating
    /// control x²·sin(1/x). Specs and `kinkcheck list` include them; `all` does not.
    package static let composites: [Entry] = [
        Entry(name: "relu_minus_relu_neg", summary: "composite relu(x) − relu(−x) = x", make: { p in Composite.reluMinusReluOfNegative(try grad0(p)) }),
        Entry(name: "relu_plus_relu_neg", summary: "composite relu(x) + relu(−x) = |x|", make: { p in Composite.reluPlusReluOfNegative(try grad0(p)) }),
        Entry(name: "relu_neg_plus_x", summary: "composite relu(−x) + x = relu(x)", make: { p in Composite.reluOfNegativePlusX(try grad0(p)) }),
        Entry(name: "relu_half_sym", summary: "composite ½(relu(x) + relu(−x) + x) = relu(x)", make: { p in Composite.halfSymmetricReLU(try grad0(p)) }),
        Entry(name: "x_relu", summary: "composite x·relu(x)", make: { p in Composite.xTimesReLU(try grad0(p)) }),
        Entry(name: "x2_sin_inv_x", summary: "x²·sin(1/x), the oscillating control", make: { _ in OscillatingControl() }),
    ]

    /// Every built-in with default parameters, in catalogue order.
    package static var all: [any Activation] { entries.map(\.defaultActivation) }

    /// Parses `name`, `name:key=value,key=value`, or `expr:FORMULA` (a ``Formula``; everything
    /// after `expr:` is the formula). Unknown names name the closest built-ins; unknown keys name
    /// the valid ones; numbers are decimal or hex-float, kept exactly.
    package static func activation(_ spec: String) throws -> any Activation {
        if spec.hasPrefix(Formula.specPrefix) {
            do { return try Formula(formula: String(spec.dropFirst(Formula.specPrefix.count))) }
            catch { throw SpecError("\(spec.count > 60 ? spec.prefix(57) + "..." : spec): \(error)") }
        }
        let parts = spec.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
        let name = String(parts[0])
        guard let entry = entry(named: name) else {
            if name == "expr" { throw SpecError("expr: write expr:FORMULA, e.g. expr:x*sigmoid(x)") }
            let close = (entries + composites).map(\.name).sorted { editDistance($0, name) < editDistance($1, name) }.prefix(3)
            throw SpecError("unknown activation '\(name)'; closest built-ins: \(close.joined(separator: ", ")) (see `kinkcheck list`)")
        }
        return try make(entry, pairs: parameterPairs(parts.count == 2 ? parts[1] : nil, of: name))
    }

    /// The `key=value,…` list after a spec's `:` (nil: none given), in order; an empty list or
    /// an item without `=` is an error naming `name`. Keys are checked by the caller.
    package static func parameterPairs(_ list: Substring?, of name: String) throws(SpecError) -> [(key: String, value: String)] {
        guard let list else { return [] }
        guard !list.isEmpty else { throw SpecError("\(name): empty parameter list after ':'") }
        return try list.split(separator: ",", omittingEmptySubsequences: false).map { item throws(SpecError) in
            let kv = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard kv.count == 2, !kv[0].isEmpty, !kv[1].isEmpty else {
                throw SpecError("\(name): malformed parameter '\(item)'; write key=value")
            }
            return (String(kv[0]), String(kv[1]))
        }
    }

    /// The built-in or composite called `name`.
    package static func entry(named name: String) -> Entry? {
        entries.first { $0.name == name } ?? composites.first { $0.name == name }
    }

    /// `entry`'s activation with parameters `key=value` (values as written): an unknown or
    /// repeated key is an error naming the valid keys; the entry's factory checks the values.
    /// Specs (`name:key=value`) and formulas (`name(x; key=value)`) both come through here.
    package static func make(_ entry: Entry, pairs: [(key: String, value: String)]) throws -> any Activation {
        try entry.make(parameterValues(pairs, keys: entry.keys, of: entry.name))
    }

    /// `pairs` as a dictionary for the activation `name`, whose parameters are `keys`: an unknown
    /// key (the error names the valid ones) or a key given twice is a ``SpecError``.
    package static func parameterValues(_ pairs: [(key: String, value: String)], keys: [String], of name: String) throws(SpecError) -> [String: String] {
        var values: [String: String] = [:]
        for (key, value) in pairs {
            guard keys.contains(key) else {
                let valid = keys.isEmpty ? "it takes no parameters" : "valid: \(keys.joined(separator: ", "))"
                throw SpecError("\(name): unknown parameter '\(key)'; \(valid)")
            }
            guard values[key] == nil else { throw SpecError("\(name): parameter '\(key)' given twice") }
            values[key] = value
        }
        return values
    }

    /// The magnitudes a numeric parameter may have: 0, or 1e-300 ≤ |v| ≤ 1e300 (finite), for
    /// every parameter of every built-in. Then the value and its reciprocal are normal Doubles,
    /// so no parameter overflows or underflows on its own in Double and MPFR, and one that
    /// divides (β, α) stays nonzero in every type. Each built-in's own conditions (β > 0, α > 0,
    /// min < max) apply on top.
    package static let parameterRange = "0, or a magnitude from 1e-300 to 1e300"

    package static func number(_ p: [String: String], _ key: String, _ fallback: DecimalConstant) throws -> DecimalConstant {
        guard let text = p[key] else { return fallback }
        let c: DecimalConstant
        do { c = try DecimalConstant(text) }
        catch let e as NumberParseError { throw SpecError("parameter \(key): \(e)") }
        guard hasParameterMagnitude(c) else {
            throw SpecError("parameter \(key)=\(text) is out of range: a parameter is \(parameterRange)")
        }
        return c
    }

    /// Whether `c` is 0 or 1e-300 ≤ |c| ≤ 1e300, decided exactly: a decimal by its digits and
    /// exponent; a hex-float (exact at 4 bits per character) against 1e300 rounded down and
    /// 1e-300 rounded up at that precision. NaN and ±∞ are out.
    package static func hasParameterMagnitude(_ c: DecimalConstant) -> Bool {
        if let (digits, exponent, _) = c.decimalParts {
            let significant = digits.drop { $0 == "0" }
            guard let first = significant.first else { return true }   // zero
            let order = significant.count - 1 + exponent   // 10^order ≤ |c| < 10^(order + 1)
            if order == 300 { return first == "1" && significant.dropFirst().allSatisfy { $0 == "0" } }
            return order >= -300 && order < 300
        }
        let p = 4 * c.text.count + 8
        guard let v = BigFloat(c.text, precision: p), v.isFinite else { return false }
        if v.isZero { return true }
        let magnitude = BigFloat.abs(v)
        return magnitude <= BigFloat("1e300", precision: p, rounding: .down)!
            && magnitude >= BigFloat("1e-300", precision: p, rounding: .up)!
    }

    package static func grad0(_ p: [String: String]) throws -> Activations.ReLU.GradientAtZero {
        guard let text = p["grad0"] else { return .zero }
        guard let g = Activations.ReLU.GradientAtZero(rawValue: text) else { throw SpecError("grad0 must be 0, 0.5 or 1 (got '\(text)')") }
        return g
    }

    package static func convention(_ p: [String: String]) throws -> KinkConvention {
        guard let text = p["convention"] else { return .pytorch }
        guard let c = KinkConvention(rawValue: text) else {
            throw SpecError("convention must be one of \(KinkConvention.allCases.map(\.rawValue).joined(separator: ", ")) (got '\(text)')")
        }
        return c
    }

    package static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        var row = Array(0...b.count)
        for i in 1...Swift.max(a.count, 1) where !a.isEmpty {
            var prev = row[0]
            row[0] = i
            for j in stride(from: 1, through: b.count, by: 1) {
                let cur = row[j]
                row[j] = Swift.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] == b[j - 1] ? 0 : 1))
                prev = cur
            }
        }
        return a.isEmpty ? b.count : row[b.count]
    }
}
