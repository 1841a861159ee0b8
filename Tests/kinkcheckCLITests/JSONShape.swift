import Foundation

// A JSON document as the tests see it, and the shape README promises for it: which keys, and
// what type each value has. JSON types are kept apart (a `true` is never a number, `1` never a
// bool), so a key that changes type breaks its contract.

indirect enum JSONValue: Decodable, Equatable, Sendable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() { self = .null }
        else if let b = try? c.decode(Bool.self) { self = .bool(b) }
        else if let n = try? c.decode(Double.self) { self = .number(n) }
        else if let s = try? c.decode(String.self) { self = .string(s) }
        else if let a = try? c.decode([JSONValue].self) { self = .array(a) }
        else { self = .object(try c.decode([String: JSONValue].self)) }
    }

    static func parse(_ text: String) throws -> JSONValue {
        try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
    }

    /// `self["a"]["b"]`: the member of an object (nil for anything else or a missing key).
    subscript(key: String) -> JSONValue? {
        if case .object(let members) = self { return members[key] }
        return nil
    }

    var string: String? { if case .string(let s) = self { s } else { nil } }
    var bool: Bool? { if case .bool(let b) = self { b } else { nil } }
    var array: [JSONValue]? { if case .array(let a) = self { a } else { nil } }
}

/// The type a JSON value must have.
indirect enum JSONShape: Sendable {
    case string
    /// A string from a closed set.
    case oneOf([String])
    case number
    /// A number with no fractional part.
    case integer
    case bool
    /// `null` or the wrapped shape.
    case nullable(JSONShape)
    /// An array whose every element has the shape.
    case array(JSONShape)
    /// An object with exactly these keys (no more, none missing).
    case object([String: JSONShape])
    /// An object with at least these keys; every other key's value has shape `others`.
    case openObject([String: JSONShape], others: JSONShape)
    /// A value of at least one of the shapes.
    case anyOf([JSONShape])

    /// Every way `value` breaks the shape, each as "path: what"; empty when it conforms.
    func violations(of value: JSONValue, at path: String = "$") -> [String] {
        switch (self, value) {
        case (.string, .string), (.number, .number), (.bool, .bool): return []
        case (.oneOf(let allowed), .string(let s)):
            return allowed.contains(s) ? [] : ["\(path): \"\(s)\" is not one of \(allowed)"]
        case (.integer, .number(let n)):
            return n == n.rounded() ? [] : ["\(path): \(n) is not an integer"]
        case (.nullable, .null): return []
        case (.nullable(let inner), _): return inner.violations(of: value, at: path)
        case (.array(let element), .array(let items)):
            return items.enumerated().flatMap { element.violations(of: $0.element, at: "\(path)[\($0.offset)]") }
        case (.object(let keys), .object(let members)):
            let extra = Set(members.keys).subtracting(keys.keys).sorted().map { "\(path): undocumented key \"\($0)\"" }
            return extra + JSONShape.members(keys, of: members, at: path)
        case (.openObject(let keys, let others), .object(let members)):
            return JSONShape.members(keys, of: members, at: path)
                + members.filter { keys[$0.key] == nil }.sorted { $0.key < $1.key }
                    .flatMap { others.violations(of: $0.value, at: "\(path).\($0.key)") }
        case (.anyOf(let shapes), _):
            return shapes.contains { $0.violations(of: value, at: path).isEmpty } ? [] : ["\(path): expected \(self.name), got \(value)"]
        default:
            return ["\(path): expected \(self.name), got \(value)"]
        }
    }

    private static func members(_ keys: [String: JSONShape], of members: [String: JSONValue], at path: String) -> [String] {
        keys.sorted { $0.key < $1.key }.flatMap { key, shape in
            members[key].map { shape.violations(of: $0, at: "\(path).\(key)") } ?? ["\(path): missing key \"\(key)\""]
        }
    }

    private var name: String {
        switch self {
        case .string, .oneOf: "a string"
        case .number: "a number"
        case .integer: "an integer"
        case .bool: "a bool"
        case .nullable(let inner): "null or \(inner.name)"
        case .array: "an array"
        case .object, .openObject: "an object"
        case .anyOf(let shapes): shapes.map(\.name).joined(separator: " or ")
        }
    }
}

/// The shapes README's command reference documents for each command's `--json`.
enum Contract {
    /// A one-sided limit (or jump) with its bound: limits, kinks, converge.
    /// An oscillation adds `range` (its only optional key).
    static let limit = JSONShape.openObject([
        "value": .string, "error_bound": .string, "bound": .oneOf(["certified", "estimate"]), "order": .string,
        "method": .oneOf(["certified", "richardson", "constant samples", "sequence tail (Richardson did not converge)",
                          "richardson (unconverged)", "power-law extrapolation", "diverges", "oscillates: no limit",
                          "undefined: f has no one-sided limit here"]),
    ], others: .array(.string))

    static let grid = JSONShape.object(["activation": .string, "dtype": .oneOf(["float16", "bfloat16", "float32", "float64"]),
                                        "seed": .string, "points": .array(.string)])

    /// `samples --json`; each defect has `file` (1-based) only when several files are checked.
    static func samples(severalFiles: Bool = false) -> JSONShape {
        let dtype = JSONShape.oneOf(["float16", "bfloat16", "float32", "float64"])
        let classes = ["not_finite", "flush_to_zero", "outside_clarke", "wrong_side", "value_inaccurate", "derivative_inaccurate", "at_jump"]
        let quantity = JSONShape.oneOf(["value", "derivative"])
        // first_file (1-based) only when several files are checked
        let narrowed = JSONShape.openObject(["quantity": quantity, "rows": .integer, "first_row": .integer], others: .integer)
        let group = JSONShape.object(["framework": .string, "framework_version": .nullable(.string), "device": .nullable(.string),
                                      "mode": .string, "dtype": dtype, "activation": .string, "rows": .integer,
                                      "max_value_ulps": .nullable(.string), "max_derivative_ulps": .nullable(.string),
                                      "defects": .openObject([:], others: .integer), "narrowed": .array(narrowed)])
        let tolerance = JSONShape.object(["ulps": .nullable(.string), "rounding_ulps": .nullable(.string),
                                          "conditioning_ulps": .nullable(.string), "underflow_ulps": .nullable(.string),
                                          "expected": .string])
        var defect: [String: JSONShape] = ["row": .integer, "framework": .string, "framework_version": .nullable(.string),
                                           "device": .nullable(.string), "mode": .string, "dtype": dtype, "activation": .string,
                                           "x": .string, "class": .oneOf(classes), "quantity": quantity,
                                           "defect": .bool, "got": .string, "want": .string, "ulps": .nullable(.string),
                                           "tolerance": tolerance]
        if severalFiles { defect["file"] = .integer }
        return .object(["rows": .integer, "holds": .bool, "k": .string, "groups": .array(group), "defects": .array(.object(defect))])
    }

    static let list = JSONShape.array(.anyOf([
        .object(["name": .string, "parameters": .openObject([:], others: .string), "kinks": .array(.string), "formula": .string]),
        // An activation of several inputs: its inputs, and its non-smooth sets (also as "kinks").
        .object(["name": .string, "parameters": .openObject([:], others: .string), "inputs": .array(.string),
                 "kinks": .array(.string), "non_smooth_sets": .array(.string), "formula": .string]),
    ]))

    static let eval: JSONShape = {
        let row = JSONShape.object(["value": .string, "derivative": .string])
        return .object(["activation": .string, "x": .string, "precision": .integer,
                        "float16": row, "bfloat16": row, "float": row, "double": row, "mpfr": row, "certified": .bool])
    }()

    /// The documents of a point of several inputs (docs/multi-input.md, the command pages).
    static let multiHeader: [String: JSONShape] = [
        "activation": .string, "inputs": .array(.string), "x": .array(.string),
        "fixed": .nullable(.object(["x": .string])), "precision": .integer,
    ]
    static let vector = JSONShape.openObject([:], others: .string)
    static let evalMulti: JSONShape = {
        let row = JSONShape.object(["value": .string, "gradient": vector])
        return .object(multiHeader.merging(["float16": row, "bfloat16": row, "float": row, "double": row, "mpfr": row,
                                            "certified": .bool], uniquingKeysWith: { a, _ in a }))
    }()
    static let subgradientMulti: JSONShape = .object(multiHeader.merging([
        "classification": .oneOf(["differentiable", "nonsmooth", "jump", "not_established"]), "value": .string,
        "clarke": .object(["vertices": .array(.array(.string)), "error_bound": .string,
                           "bound": .oneOf(["certified", "estimate"]), "tolerance": .string]),
        "ad_gradient": .object(["float": vector, "double": vector, "mpfr": vector]),
        "ad_in_clarke": .object(["float": .nullable(.bool), "double": .nullable(.bool), "mpfr": .nullable(.bool)]),
        "directions": .array(.object(["direction": .array(.string), "derivative": limit, "limiting_gradient": .nullable(vector)])),
        "values": .array(.object(["g": .string, "in_clarke": .nullable(.bool)])),
    ], uniquingKeysWith: { a, _ in a }))
    static let limitsMulti: JSONShape = .object(multiHeader.merging([
        "value": .string, "continuous": .bool, "continuity_established": .bool,
        "directional_derivatives": .array(.object(["direction": .array(.string), "derivative": .string, "error_bound": .string,
                                                   "bound": .oneOf(["certified", "not established"]), "limit": limit])),
    ], uniquingKeysWith: { a, _ in a }))

    static let limits = JSONShape.object([
        "activation": .string, "x": .string, "precision": .integer, "value": .string, "continuous": .bool,
        "continuity_established": .bool, "differentiability_established": .bool,
        "jump": .string, "jump_error_bound": .string, "jump_bound": .oneOf(["certified", "estimate"]),
        "left_value": limit, "right_value": limit, "left_derivative": limit, "right_derivative": limit,
        "differentiable": .bool, "holder_exponent": .object(["left": .nullable(.string), "right": .nullable(.string)]),
    ])

    static let converge: JSONShape = {
        let precision = JSONShape.string, side = JSONShape.oneOf(["fwd", "bwd"])
        return .object([
            "activation": .string, "x": .string, "x_used": .string, "x_rounded": .bool,
            "limits": .object(["bwd": limit, "fwd": limit]),
            "summary": .array(.object(["precision": precision, "side": side, "best_k": .integer, "floor": .string,
                                       "predicted_h": .nullable(.string), "predicted_floor": .nullable(.string)])),
            "points": .array(.object(["precision": precision, "side": side, "k": .integer, "error": .string, "log2_error": .string,
                                      "regime": .oneOf(["truncation", "round-off", "exact", "saturated"])])),
        ])
    }()

    static let kinks = JSONShape.object([
        "activation": .string, "interval": .array(.string), "precision": .integer,
        "kinks": .array(.object(["x": .string, "x_error_bound": .string, "location": .oneOf(["exact", "enclosure"]),
                                 "status": .oneOf(["certified", "possible kink (estimate)", "declared: smooth here", "declared: not established"]),
                                 "left_derivative": limit, "right_derivative": limit, "jump": limit, "declared": .bool])),
        "complete": .bool, "unresolved": .array(.array(.string)),
    ])

    static let subgradient: JSONShape = {
        let set = JSONShape.nullable(.object(["lower": .string, "upper": .string, "error_bound": .string,
                                              "bound": .oneOf(["certified", "estimate"])]))
        func perType(_ shape: JSONShape) -> JSONShape { .object(["float": shape, "double": shape, "mpfr": shape]) }
        return .object([
            "activation": .string, "x": .string, "precision": .integer,
            "classification": .oneOf(["differentiable", "convex_kink", "concave_kink", "nonsmooth", "jump"]),
            "clarke": set, "convex_subdifferential": set, "min_norm": .nullable(.string),
            "ad_derivative": perType(.string), "ad_in_clarke": perType(.nullable(.bool)), "ad_neighbours_agree": perType(.bool),
            "values": .array(.object(["g": .string, "in_clarke": .bool, "in_subdifferential": .bool,
                                      "witness": .nullable(.string), "witness_hex": .nullable(.string)])),
        ])
    }()

    // The result objects docs/json.md defines once, in every document that holds them.

    /// A property verdict: `check --json`'s `properties` and the report pages'.
    /// `accuracy` and `derivative_accuracy` add `formats` (their only optional key).
    static let verdict = JSONShape.openObject(["name": .string, "holds": .bool, "cases": .integer,
                                               "counterexample": .nullable(.string), "detail": .string,
                                               "evidence": .oneOf(["proof", "certified", "sample"])],
                                              others: .array(formatAccuracy))

    /// One format of an accuracy property: a verdict's `formats`.
    static let formatAccuracy = JSONShape.object([
        "format": .oneOf(["float16", "bfloat16", "float32", "float64"]), "max_ulps": .string, "at": .string, "tolerance_ulps": .nullable(.string),
        "cases": .integer, "k": .string, "non_finite": .nullable(.string), "parameters": .nullable(.string),
        "failures": .integer, "correctly_rounded": .integer, "exhaustive": .bool, "domain": .string, "evidence": .oneOf(["proof", "sample"]),
        "specials": .integer, "uncertified": .integer,
        "classes": .object(["normal": .integer, "subnormal": .integer, "zero": .integer, "overflow": .integer,
                            "infinite": .integer, "nan": .integer]),
    ])

    /// A distributional identity case: `distribution --json`'s `cases` and the report pages' `distribution`.
    /// An estimate adds `estimate_reason` (its only optional key, a string).
    static let identityCase = JSONShape.openObject([
        "test_function": .openObject(["kind": .oneOf(["bump", "polynomial_bump", "bump_times_polynomial"]), "formula": .string,
                                      "center": .string, "width": .string], others: .anyOf([.integer, .string, .array(.string)])), "lhs": .string, "rhs": .string, "residual": .string, "residual_error_bound": .string,
        "error_bound": .string, "bound": .oneOf(["certified", "estimate"]), "holds": .bool,
    ], others: .string)

    static let distribution = JSONShape.object([
        "activation": .string, "digits": .integer, "seed": .string, "identity": .oneOf(["first", "second"]),
        "singular_points": .array(.object(["x": .string, "jump": .string, "jump_error_bound": .string,
                                           "slope_jump": .string, "slope_jump_error_bound": .string])),
        "cases": .array(identityCase),
        "max_residual": .string, "holds": .bool,
    ])

    static let check = JSONShape.object([
        "seed": .string, "holds": .bool,
        "activations": .array(.object([
            "activation": .string, "holds": .bool, "properties": .array(verdict),
        ])),
        "version": .string, "shard": .nullable(.string),
        "run": .object(["count": .integer, "specs": .array(.string), "cases": .integer, "precision": .integer, "ulps": .string]),
    ])

    static let benchOps = JSONShape.object([
        "benchmark": .oneOf(["ops"]), "mpfr": .string, "build": .oneOf(["debug", "release"]), "rounds": .integer,
        "statistic": .string, "target_ratio": .number, "target_met": .bool,
        "rows": .array(.object(["op": .oneOf(["multiply", "add", "exp"]), "precision": .integer, "iterations": .integer,
                                "c_ns_per_op": .number, "swift_ns_per_op": .number, "ratio": .number, "median_ratio": .number,
                                "c_rounds_ns_per_op": .array(.number), "swift_rounds_ns_per_op": .array(.number),
                                "cow_ns_per_op": .number, "cow_ratio": .number, "cow_rounds_ns_per_op": .array(.number)])),
    ])
}
