import BigFloat
import KinkCheck
import KinkCheckSupport

/// A shape law to prove on an interval, as a condition on one derivative of f.
///
/// Mathematical properties: on an interval where f is one C² branch g, each law is a pointwise
/// condition on g⁽ᵏ⁾ — convex: g″ ≥ 0 (k = 2); monotone: g′ ≥ 0 (k = 1); Lipschitz with
/// constant L: |g′| ≤ L (k = 1). Across a point where the branch changes (a kink, or a switch of
/// the definition's branches) the condition is on the one-sided limits: ``ShapeJunction``.
package enum ShapeProofLaw: Sendable {
    case convex
    case monotone
    case lipschitz(DecimalConstant)

    /// k: the derivative the law constrains.
    package var order: Int {
        switch self {
        case .convex: 2
        case .monotone, .lipschitz: 1
        }
    }

    /// The condition, in words ("f″ ≥ 0").
    package var condition: String {
        switch self {
        case .convex: "f″ ≥ 0"
        case .monotone: "f′ ≥ 0"
        case .lipschitz(let L): "|f′| ≤ \(L)"
        }
    }

    /// The derivative's symbol.
    package var derivativeSymbol: String { order == 2 ? "f″" : "f′" }

    /// Whether every value of `v` satisfies the condition (`.holds`), none does (`.fails`), or
    /// the enclosure cannot tell (nil). `L` is the constant's enclosure [L↓, L↑]: holding needs
    /// |v| ≤ L↓, failing |v| > L↑, so the rounding of L never decides.
    package func judge(_ v: MPFRInterval, _ L: MPFRInterval?) -> Bool? {
        guard v.lower.isFinite, v.upper.isFinite else { return nil }
        switch self {
        case .convex, .monotone:
            if v.lower.signum >= 0 { return true }
            if v.upper.signum < 0 { return false }
            return nil
        case .lipschitz:
            let L = L!
            if v.upper <= L.lower && -L.lower <= v.lower { return true }
            if v.lower > L.upper || v.upper < -L.upper { return false }
            return nil
        }
    }

    /// True when `v` holds the law by its enclosure, or by its exact rational value (a derivative
    /// equal to a decimal constant, compared with L exactly).
    func holds(exactly v: MPFRInterval, _ L: MPFRInterval?) -> Bool {
        if judge(v, L) == true { return true }
        guard let q = v.exactValue?.rational else { return false }
        switch self {
        case .convex, .monotone: return q.signum >= 0
        case .lipschitz(let c):
            guard let l = c.rational else { return false }
            return Rational.compare(q, l) <= 0 && Rational.compare(-q, l) <= 0
        }
    }

    /// How far a failing enclosure is from the condition (larger is a clearer counterexample).
    func violation(_ v: MPFRInterval, _ L: MPFRInterval?) -> BigFloat {
        switch self {
        case .convex, .monotone: return -v.upper
        case .lipschitz: return BigFloat.maximum(v.lower - L!.upper, -L!.upper - v.upper)
        }
    }
}

/// A point the proof splits the domain at, with what is known about f there: a kink with its
/// point analysis (certified one-sided limits where the sides' branches are analytic), or a
/// branch switch the proof itself met.
package struct ShapeJunction: Sendable {
    package var location: LimitPoint
    /// The location at the analysis precision, for ordering and printing.
    package var x: BigFloat
    package var analysis: PointAnalysis

    package init(location: LimitPoint, x: BigFloat, analysis: PointAnalysis) {
        self.location = location
        self.x = x
        self.analysis = analysis
    }
}

/// A certified counterexample to a law.
package struct ShapeCounterexample: Sendable, CustomStringConvertible {
    /// The point: exactly this binary number (a cell's midpoint), or the kink's location.
    package var x: BigFloat
    /// One line: the point, the enclosure and why it excludes the law.
    package var text: String
    /// True for a kink condition (one-sided limits), false for a derivative at a point.
    package var atKink: Bool
    package var description: String { text }
}

/// What the proof established on [−R, R].
package enum ShapeProofOutcome: Sendable {
    /// The law holds at every point of [−R, R]: `cells` sub-intervals decided, `junctions` kinks
    /// and switches whose conditions hold.
    case proven(cells: Int, junctions: Int)
    /// A certified counterexample.
    case refuted(ShapeCounterexample)
    /// Neither: the sub-intervals (and junctions) left, each with the reason, and the cells decided.
    case undecided(remaining: [String], decided: Int)

    package var isProven: Bool { if case .proven = self { return true }; return false }
    package var counterexample: ShapeCounterexample? { if case .refuted(let c) = self { return c }; return nil }
}
