import ArgumentParser
import BigFloat
import KinkCheck
import KinkCheckAnalysis
import KinkCheckReports
import KinkCheckSupport

/// `--wrt` for eval, limits and subgradient: a parameterized activation as a function of x and
/// its parameters.
struct WrtOption: ParsableArguments {
    @Option(help: "Differentiate with respect to these variables: x, a parameter (elu's alpha, prelu's a, …), a comma list, or all. Other parameters stay at the spec's values; x at --at.")
    var wrt: String?
}

/// A point of a multi-input activation: the function of the variables and its coordinates.
struct MultiInputTarget {
    var function: any MultiInputActivation
    var point: [DecimalConstant]
    /// The coordinates as typed (or the parameters' values).
    var texts: [String]
    /// x as typed when it is not a variable (`--wrt alpha`).
    var fixedX: String? = nil
}

extension PointCommand {
    /// The multi-input function and point `spec`, `--at` and `--wrt` name; nil when they name
    /// a 1-D activation at one point (`--wrt x` is that too). Exit 2 for a wrong number of
    /// coordinates, an unknown variable or a non-finite coordinate.
    func multiInputTarget(wrt: String?, allowNaN: Bool = false) throws -> MultiInputTarget? {
        if let wrt {
            let base = try activation()
            let variables = wrt.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            if variables == ["x"] { return nil }
            guard let p = base as? any ParameterDifferentiable else {
                throw InputError("--wrt: \(base.name) has no parameters to differentiate; parameterized built-ins: prelu, leaky_relu, elu, celu, selu, softplus, hardtanh, silu")
            }
            let x = try coordinates(expected: 1, allowNaN: allowNaN)[0]
            let view: ParameterView
            do { view = try ParameterView(p, variables: variables, fixedX: x) } catch let e as SpecError { throw InputError(e.message) }
            let values = view.inputNames.map { $0 == "x" ? x : p.parameterValue($0) }
            return MultiInputTarget(function: view, point: values, texts: values.map(\.text),
                                    fixedX: view.inputNames.contains("x") ? nil : x.text)
        }
        let multi: (any MultiInputActivation)?
        do { multi = try point.variants.multiInputActivation(spec) } catch let e as SpecError { throw InputError(e.message) }
        guard let multi else {
            if at.contains(",") { throw InputError("--at \(at): \(spec) takes one input; give one number") }
            return nil
        }
        let point = try coordinates(expected: multi.arity, names: multi.inputNames, allowNaN: allowNaN)
        return MultiInputTarget(function: multi, point: point, texts: point.map(\.text))
    }

    /// `--at` as `expected` exact, finite numbers separated by commas (NaN too when allowed:
    /// `eval` answers NaN there).
    private func coordinates(expected n: Int, names: [String] = ["x"], allowNaN: Bool = false) throws -> [DecimalConstant] {
        let parts = at.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        guard parts.count == n else {
            throw InputError("--at \(at): \(spec) takes \(n) input\(n == 1 ? "" : "s") (\(names.joined(separator: ", "))); got \(parts.count)")
        }
        return try parts.map { text in
            let c: DecimalConstant
            do { c = try DecimalConstant(text) } catch let e as NumberParseError { throw InputError("--at: \(e.description)") }
            let e = ExactPoint(c)
            guard e.isNaN ? allowNaN : e.isFinite else {
                throw InputError("--at \(at): every coordinate must be finite\(allowNaN ? " or nan" : "") (got \(text)); functions of several inputs take finite points")
            }
            return c
        }
    }
}

/// `--direction d1,…,dn` (repeatable) for limits at a multi-input point.
func parseDirections(_ texts: [String], arity n: Int) throws -> [[DecimalConstant]]? {
    guard !texts.isEmpty else { return nil }
    return try texts.map { text in
        let parts = text.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        guard parts.count == n else { throw InputError("--direction \(text): give \(n) numbers, one per input") }
        let d = try parts.map { t -> DecimalConstant in
            do {
                let c = try DecimalConstant(t)
                guard ExactPoint(c).isFinite, !ExactPoint(c).isNaN else { throw InputError("--direction \(text): every component must be finite") }
                return c
            } catch let e as NumberParseError { throw InputError("--direction: \(e.description)") }
        }
        guard d.contains(where: { !$0.isZero }) else { throw InputError("--direction \(text): the direction must not be 0") }
        return d
    }
}

/// The printing of multi-input results: numbers at P bits, objects keyed by input name.
struct MultiInputPrinter {
    var target: MultiInputTarget
    var spec: String
    var precision: Int
    var digits: Int { decimalDigits(forBits: precision) }
    var names: [String] { target.function.inputNames }

    func decimal(_ v: BigFloat) -> String {
        v.isNaN ? "nan" : v.rounded(toPrecision: precision).decimalString(significantDigits: digits).trimmingFractionZeros
    }
    func short(_ v: BigFloat) -> String {
        v.isNaN ? "nan" : v.rounded(toPrecision: precision).decimalString(significantDigits: Swift.min(digits, 20)).trimmingFractionZeros
    }
    func vector(_ v: [String]) -> JSON { .object(zip(names, v).map { ($0, .string($1)) }) }
    var header: [(String, JSON)] {
        [("activation", .string(spec)), ("inputs", .array(names.map { .string($0) })),
         ("x", .array(target.texts.map { .string($0) })), ("fixed", target.fixedX.map { .object([("x", .string($0))]) } ?? .null),
         ("precision", .int(precision))]
    }
    var pointText: String {
        "(" + ((target.fixedX.map { ["x = \($0) (fixed)"] } ?? []) + zip(names, target.texts).map { "\($0) = \($1)" }).joined(separator: ", ") + ")"
    }
}

extension Eval {
    /// eval at a point of ℝⁿ: value and autodiff gradient in every format, MPFR correctly rounded.
    func runMultiInput(_ target: MultiInputTarget) throws {
        let f = target.function, p = options.precision
        let exact = target.point.map { ExactPoint($0) }
        let value = f.correctlyRounded(at: exact, precision: p)
        let partials = (0..<f.arity).map { f.correctlyRoundedBackward($0, at: exact, precision: p) }
        for (what, r) in [("f(x)", value)] + partials.enumerated().map({ ("∂f/∂\(f.inputNames[$0])", $1) }) where !r.certified {
            throw InputError("--at \(at): \(what) could not be certified: \(CostLimit.lastRefusal ?? "its enclosures still straddle a rounding boundary at the working precision's cap")")
        }
        let out = MultiInputPrinter(target: target, spec: spec, precision: p)
        // Each format: the inputs rounded to it, the definition in Float (16-bit formats round
        // the result once, as frameworks do) or in the format itself.
        var rows: [(String, String, [String])] = []
        for format in [IEEEFormat.binary16, .bfloat16, .binary32, .binary64] {
            let xs = exact.map { Double($0.rounded(to: format)) }
            if format == .binary64 {
                let r = f.valueAndGradient(at: xs)
                rows.append(("double", r.value.description, r.gradient.map(\.description)))
            } else {
                let r = f.valueAndGradient(at: xs.map { Float($0) })
                let show: (Float) -> String = { v in
                    switch format {
                    case .binary16: Float16(v).description
                    case .bfloat16: BFloat16(v).float.description
                    default: v.description
                    }
                }
                rows.append((format == .binary32 ? "float" : format.name, show(r.value), r.gradient.map(show)))
            }
        }
        rows.append(("mpfr", out.decimal(value.value), partials.map { out.decimal($0.value) }))
        if json {
            var pairs = out.header
            for (k, v, g) in rows { pairs.append((k, .object([("value", .string(v)), ("gradient", out.vector(g))]))) }
            pairs.append(("certified", .bool(true)))
            print(JSON.object(pairs).rendered())
            return
        }
        print("\(spec) at \(out.pointText)  (mpfr: \(p) bits, correctly rounded; gradient \(f.hasHandWrittenGradient ? "hand-written" : "by autodiff"))")
        for (k, v, g) in rows {
            let shown = k == "mpfr" ? [out.short(value.value)] + partials.map { out.short($0.value) } : [v] + g
            print("  " + k.padded(to: 9) + "f = \(shown[0])    ∇f = (" + shown.dropFirst().joined(separator: ", ") + ")")
        }
    }
}

extension Subgradient {
    /// subgradient at a point of ℝⁿ: the Clarke set as the hull of the limiting gradients, and
    /// autodiff's gradient (and each --value) tested for membership.
    func runMultiInput(_ target: MultiInputTarget) throws {
        let f = target.function, p = options.precision
        let a = MultiInputAnalysis.analyze(f, at: target.point, precision: p)
        let out = MultiInputPrinter(target: target, spec: spec, precision: p)
        let gs = try values.map { text -> [BigFloat] in
            let parts = text.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            guard parts.count == f.arity else { throw InputError("--value \(text): give \(f.arity) numbers, one per input") }
            return try parts.map { try parseNumber($0, precision: p, option: "--value") }
        }
        for (text, g) in zip(values, gs) where !g.allSatisfy(\.isFinite) { throw InputError("--value: must be finite (got \(text))") }
        let memberships = gs.map { g in a.clarke.isEmpty ? nil : ConvexHull.distance(from: g, to: a.clarke, precision: p + 64) <= a.tolerance }
        let certified = a.directions.allSatisfy(\.certified)
        // One bound for every vertex component as printed: the limits' bound plus each component's
        // printing to the digits shown (all of P's in JSON, 20 in the text).
        func printedBound(digits: Int) -> PrintedBound {
            var worst = PrintedBound(.zero(precision: 64), bound: a.clarkeBound, significantDigits: 1)
            for v in a.clarke { for c in v {
                let b = PrintedBound(c, bound: a.clarkeBound, significantDigits: digits)
                if b.bound > worst.bound { worst = b }
            } }
            return worst
        }
        let bound = printedBound(digits: out.digits).boundText
        if json {
            var pairs = out.header
            let vertexJSON: [JSON] = a.clarke.map { v in .array(v.map { .string(out.decimal($0)) }) }
            let clarke: JSON = .object([("vertices", .array(vertexJSON)), ("error_bound", .string(bound)),
                                        ("bound", .string(certified ? "certified" : "estimate")),
                                        ("tolerance", .string(a.tolerance.scientificString(fractionDigits: 2, rounding: .up)))])
            let adGradient: [(String, JSON)] = a.autodiff.map { ad in
                (ad.scalar, out.vector(ad.gradient.map { g in ad.scalar == "mpfr" ? out.decimal(g) : g.description }))
            }
            let adIn: [(String, JSON)] = a.autodiff.map { ad in (ad.scalar, ad.inClarke.map { .bool($0) } ?? .null) }
            let directionJSON: [JSON] = a.directions.map { d in
                let gradient: JSON = d.gradient.map { g in out.vector(g.map { out.decimal($0.value) }) } ?? .null
                return .object([("direction", .array(d.direction.map { .string($0.text) })),
                                ("derivative", d.derivative.json(significantDigits: out.digits)),
                                ("limiting_gradient", gradient)])
            }
            let valueJSON: [JSON] = zip(values, memberships).map { text, m in
                .object([("g", .string(text)), ("in_clarke", m.map { .bool($0) } ?? .null)])
            }
            pairs.append(("classification", .string(a.classification.rawValue)))
            pairs.append(("value", .string(out.decimal(a.value.value))))
            pairs.append(("clarke", clarke))
            pairs.append(("ad_gradient", .object(adGradient)))
            pairs.append(("ad_in_clarke", .object(adIn)))
            pairs.append(("directions", .array(directionJSON)))
            pairs.append(("values", .array(valueJSON)))
            print(JSON.object(pairs).rendered())
            return
        }
        print("\(spec) at \(out.pointText)  (\(p) bits): \(a.classification.rawValue)")
        let vertices = a.clarke.map { "(" + $0.map(out.short).joined(separator: ", ") + ")" }
        print("  Clarke set: " + (vertices.count == 1 ? "{\(vertices[0])}" : "hull of \(vertices.joined(separator: ", "))")
              + { let b = printedBound(digits: Swift.min(out.digits, 20))
                  return b.bound.isZero ? "  exact (\(certified ? "certified" : "estimate"))" : "  ± \(b.boundText) (\(certified ? "certified" : "estimate"))" }())
        let cells = a.directions.filter { $0.gradient != nil }.count
        print("  from the limiting gradients along \(cells) of \(a.directions.count) directions (the others run along a switch)")
        for ad in a.autodiff {
            let verdict = ad.inClarke.map { $0 ? "in the Clarke set" : "NOT in the Clarke set" } ?? "not checked: x is not a point of this type"
            print("  \(f.hasHandWrittenGradient ? "backward" : "autodiff") (\(ad.scalar)):".padded(to: 22) + "(" + ad.gradient.map { ad.scalar == "mpfr" ? out.short($0) : $0.description }.joined(separator: ", ") + ")  \(verdict)")
        }
        for (text, m) in zip(values, memberships) {
            print("  g = (\(text)): " + (m.map { $0 ? "in the Clarke set" : "not in the Clarke set" } ?? "no Clarke set"))
        }
    }
}

extension Limits {
    /// limits at a point of ℝⁿ: f(x), the limit along each direction, f′(x; d), continuity.
    func runMultiInput(_ target: MultiInputTarget) throws {
        let f = target.function, p = options.precision
        let given = try parseDirections(directions, arity: f.arity)
        let a = MultiInputAnalysis.analyze(f, at: target.point, precision: p, directions: given)
        let out = MultiInputPrinter(target: target, spec: spec, precision: p)
        let continuous = a.classification == .differentiable || a.classification == .nonsmooth
        if json {
            var pairs = out.header
            pairs += [
                ("value", .string(out.decimal(a.value.value))),
                ("continuous", .bool(continuous)), ("continuity_established", .bool(a.classification != .notEstablished)),
                ("directional_derivatives", .array(a.directions.map { d in
                    .object([("direction", .array(d.direction.map { .string($0.text) })),
                             ("derivative", .string(d.derivative.printed(significantDigits: out.digits).value)),
                             ("error_bound", .string(d.derivative.printed(significantDigits: out.digits).boundText)),
                             ("bound", .string(d.derivative.isCertified ? "certified" : "not established")),
                             ("limit", d.value.json(significantDigits: out.digits))])
                })),
            ]
            print(JSON.object(pairs).rendered())
            return
        }
        print("\(spec) at \(out.pointText)  (\(p) bits)")
        print("  f(x) = \(out.short(a.value.value))   " + (continuous ? "continuous along every direction below" : "continuity: \(a.classification.rawValue)"))
        for d in a.directions {
            print("  d = (" + d.direction.map(\.text).joined(separator: ", ") + "):".padded(to: 1) + "  f'(x; d) = \(d.derivative.text(significantDigits: 20))")
        }
    }
}
