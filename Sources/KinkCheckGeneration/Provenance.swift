import BigFloat
import KinkCheck
import KinkCheckSupport

/// Where a generated input came from. It drives the per-provenance statistics, the coverage
/// contract and the choice of shrinker (inputs near a kink shrink toward it in ulp space).
///
/// No case carries a string or a `BigFloat`, so making one costs nothing.
@usableFromInline package enum Provenance: Sendable, Hashable, CustomStringConvertible {
    /// A special value of the format (the flag gives its sign).
    case special(SpecialValue, negative: Bool)
    /// Near the kink at `index` in the run's kink list: at it, or `offset` below or above.
    case kink(index: Int, side: KinkSide, offset: KinkOffset)
    /// Random sign, exponent and significand over the format's whole range.
    case logUniform
    /// A random bit pattern of the format's width (NaN payloads and infinities included).
    case rawBits
    /// A uniform draw in the named region at `index` in the run's region list.
    case region(index: Int)
    /// Beside where |f| (or |f′|, `derivative`) crosses a level of the format
    /// (``ThresholdCrossing``): the neighbour on `side` of the crossing.
    case threshold(ThresholdLevel, derivative: Bool, side: Side)
    /// From line `line` of the property's regression file (or a neighbour of it in the random
    /// phase, `ulps` steps away).
    case regression(line: Int, ulps: Int)

    /// A short category name for statistics: `special`, `kink`, `log-uniform`, `raw-bits`,
    /// `region`, `threshold`, `regression`.
    package var category: String {
        switch self {
        case .special: "special"
        case .kink: "kink"
        case .logUniform: "log-uniform"
        case .rawBits: "raw-bits"
        case .region: "region"
        case .threshold: "threshold"
        case .regression: "regression"
        }
    }

    @usableFromInline package var description: String {
        switch self {
        case .special(let s, let negative): "special \(negative ? "-" : "+")\(s.rawValue)"
        case .kink(let i, let side, let offset): "kink #\(i) \(side.rawValue) \(offset)"
        case .logUniform: "log-uniform"
        case .rawBits: "raw bits"
        case .region(let i): "region #\(i)"
        case .threshold(let level, let derivative, let side): "|\(derivative ? "f′" : "f")| crosses \(level), \(side == .left ? "left" : "right") neighbour"
        case .regression(let line, let ulps): ulps == 0 ? "regression line \(line)" : "regression line \(line) \(ulps > 0 ? "+" : "")\(ulps) ulp"
        }
    }
}

/// The special values every format's sweep contains (with both signs where that makes sense).
@usableFromInline package enum SpecialValue: String, Sendable, Hashable, CaseIterable {
    case zero, leastSubnormal, largestSubnormal, leastNormal, largestFinite, infinity, nan
    case one, onePlusUlp, oneMinusUlp
    /// The format's neighbours of the point where exp(x) overflows (round to nearest).
    case expOverflowBelow, expOverflowAbove
    /// The neighbours of the point where exp(x) drops below the least normal number.
    case expSubnormalBelow, expSubnormalAbove
    /// The neighbours of the point where exp(x) rounds to zero.
    case expZeroBelow, expZeroAbove
}

/// Which side of a kink an input lies on.
/// Where an input sits relative to its kink: a ``Side`` of it, or on it. (The raw values, which
/// reports print, say below/above.)
@usableFromInline package enum KinkSide: String, Sendable, Hashable, CaseIterable {
    case left = "below", at, right = "above"

    package init(_ side: Side) { self = side == .left ? .left : .right }
    /// The side, or nil at the kink.
    package var side: Side? { self == .at ? nil : (self == .left ? .left : .right) }
}

/// How far from its kink x0 an input was placed.
///
/// Edge cases: the offset is the one *intended*; after rounding to the format the input may sit
/// elsewhere (reports recompute the true offset from the value).
@usableFromInline package enum KinkOffset: Sendable, Hashable, CustomStringConvertible {
    /// x0 itself.
    case exact
    /// n steps of the format (nextUp/nextDown applied n times).
    case ulps(Int)
    /// m·2⁻ᵏ away (m odd, k may be negative).
    case dyadic(m: UInt64, k: Int)

    package var offsetClass: KinkOffsetClass {
        switch self {
        case .exact: .exact
        case .ulps: .ulps
        case .dyadic: .dyadic
        }
    }

    @usableFromInline package var description: String {
        switch self {
        case .exact: "x0"
        case .ulps(let n): "\(n) ulp"
        case .dyadic(let m, let k): m == 1 ? "2^\(-k)" : "\(m)·2^\(-k)"
        }
    }
}

/// The classes of ``KinkOffset`` the coverage contract counts.
package enum KinkOffsetClass: String, Sendable, Hashable, CaseIterable {
    case exact, ulps, dyadic
}
