import BigFloat
import KinkCheckSupport

/// An activation function, written once and evaluated in every ``ActivationScalar``.
///
/// To add a variant, conform one type:
/// ```swift
/// struct SquaredReLU: Activation {
///     var name: String { "squared_relu" }
///     func evaluate<T: ActivationScalar>(_ x: T) -> T { x > 0 ? x * x : 0 }
///     var kinks: [DeclaredKink] { [DeclaredKink(at: 0)] }
///     var claims: ActivationClaims { ActivationClaims(continuous: true, convex: true, monotone: true) }
/// }
/// ```
/// `evaluate` sees finite inputs only when used through `callAsFunction`: NaN returns NaN and
/// ±∞ return the declared ``tails`` (or `evaluate(±∞)` when none are declared).
public protocol Activation: Sendable {
    /// The name used in specs and reports.
    var name: String { get }
    /// Parameters with their current values, in spec order.
    var parameters: [ActivationParameter] { get }
    /// A one-line formula for listings and reports.
    var formula: String { get }
    /// The definition. Branch on comparisons; see ``ActivationScalar`` for the rules.
    func evaluate<T: ActivationScalar>(_ x: T) -> T
    /// Points where the definition switches branch (kinks, jumps, or smooth switches).
    var kinks: [DeclaredKink] { get }
    /// What the definition claims about itself; later checks verify every claim.
    var claims: ActivationClaims { get }
    /// Limits at −∞ and +∞ (value and slope), if declared.
    var tails: ActivationTails? { get }
    /// The backward pass: f′(x) as the code that trains with this activation computes it.
    /// The default is autodiff of `evaluate` through ``Dual``. Write it by hand (generically,
    /// like `evaluate`) when the framework's backward is hand-written, and set
    /// ``hasHandWrittenDerivative``: `check` then verifies it against the function.
    func derivative<T: ActivationScalar>(_ x: T) -> T
    /// True when ``derivative(_:)`` is written by hand rather than autodiff of `evaluate`.
    var hasHandWrittenDerivative: Bool { get }
    /// True (the default) when ``kinks`` declares every kink, so a kink found by discovery and
    /// not declared is a defect; false for formulas, whose kinks are left to discovery.
    var declaresEveryKink: Bool { get }
}

extension Activation {
    public var parameters: [ActivationParameter] { [] }
    public var formula: String { name }
    public var kinks: [DeclaredKink] { [] }
    public var claims: ActivationClaims { ActivationClaims() }
    public var tails: ActivationTails? { nil }
    public func derivative<T: ActivationScalar>(_ x: T) -> T { self(Dual(x, derivative: 1)).derivative }
    public var hasHandWrittenDerivative: Bool { false }
    public var declaresEveryKink: Bool { true }

    /// The spec that recreates this activation: `name` or `name:key=value,…`.
    public var spec: String {
        let changed = parameters.filter { $0.value != $0.defaultValue }
        return changed.isEmpty ? name : name + ":" + changed.map { "\($0.name)=\($0.value)" }.joined(separator: ",")
    }
}

/// A named parameter: a decimal constant, or a word (such as `convention=jax`).
public struct ActivationParameter: Sendable, Hashable {
    public enum Value: Sendable, Hashable, CustomStringConvertible {
        case number(DecimalConstant)
        case word(String)
        case none
        public var description: String {
            switch self { case .number(let c): c.description; case .word(let w): w; case .none: "none" }
        }
    }
    public var name: String
    public var value: Value
    public var defaultValue: Value
    public var summary: String
    public init(_ name: String, _ value: Value, default defaultValue: Value, _ summary: String) {
        self.name = name; self.value = value; self.defaultValue = defaultValue; self.summary = summary
    }
}

/// Where a declared kink sits: a constant, or a quotient of two constants (softplus's
/// threshold/β), computed at the working precision.
public enum KinkLocation: Sendable, Hashable, CustomStringConvertible {
    case at(DecimalConstant)
    case quotient(DecimalConstant, DecimalConstant)

    /// The location correctly rounded at `precision` bits.
    package func value(precision: Int, rounding: Rounding = .nearestEven) -> BigFloat {
        switch self {
        case .at(let c): return c.bigFloat(precision: precision, rounding: rounding)
        case .quotient(let a, let b):
            let wide = precision + 64
            var q = BigFloat(nanWithPrecision: precision)
            q.setQuotient(a.bigFloat(precision: wide), b.bigFloat(precision: wide), rounding: rounding)
            return q
        }
    }
    /// True when the location is exactly representable at `precision` bits.
    public func isExact(precision: Int) -> Bool {
        value(precision: precision, rounding: .down) == value(precision: precision, rounding: .up)
    }
    public var description: String {
        switch self { case .at(let c): c.description; case .quotient(let a, let b): "\(a)/\(b)" }
    }
}

/// A point where the definition switches branch, with the autodiff derivative the active
/// convention chooses there (when it is a known constant).
public struct DeclaredKink: Sendable, Hashable {
    public var location: KinkLocation
    /// The derivative the definition's branches give in autodiff at this point, if a constant.
    public var autodiffDerivative: DecimalConstant?
    public var note: String
    public init(_ location: KinkLocation, autodiffDerivative: DecimalConstant? = nil, note: String = "") {
        self.location = location; self.autodiffDerivative = autodiffDerivative; self.note = note
    }
    public init(at x: DecimalConstant, autodiffDerivative: DecimalConstant? = nil, note: String = "") {
        self.init(.at(x), autodiffDerivative: autodiffDerivative, note: note)
    }
}

/// Claims a definition makes about itself (nil: no claim).
public struct ActivationClaims: Sendable, Hashable {
    /// Continuous everywhere.
    public var continuous: Bool?
    /// Convex on the whole line.
    public var convex: Bool?
    /// Non-decreasing on the whole line.
    public var monotone: Bool?
    /// |f(x) − f(y)| ≤ L·|x − y| for all x, y.
    public var lipschitz: DecimalConstant?
    /// The accuracy bound per format (nil: the default rule, k = 8 or `--ulps K`).
    public var accuracy: AccuracyClaims?
    public init(continuous: Bool? = nil, convex: Bool? = nil, monotone: Bool? = nil, lipschitz: DecimalConstant? = nil,
                accuracy: AccuracyClaims? = nil) {
        self.continuous = continuous; self.convex = convex; self.monotone = monotone; self.lipschitz = lipschitz
        self.accuracy = accuracy
    }
}

/// Behaviour as x → ±∞.
public struct ActivationTails: Sendable, Hashable {
    public enum Tail: Sendable, Hashable {
        /// f → c, f′ → 0.
        case constant(DecimalConstant)
        /// f ~ s·x, f′ → s (so f → ±∞, or 0 when s = 0).
        case linear(slope: DecimalConstant)
    }
    public var negative: Tail
    public var positive: Tail
    public init(negative: Tail, positive: Tail) { self.negative = negative; self.positive = positive }
}
