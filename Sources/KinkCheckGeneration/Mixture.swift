import BigFloat
import KinkCheck
import KinkCheckSupport

/// Relative weights of the random phase's sources. A source with nothing to draw from (no
/// kinks, no regions, no regression inputs) is left out and the others share its weight.
///
/// Edge cases: all weights zero (or nothing to draw from) falls back to log-uniform draws.
@usableFromInline package struct Mixture: Sendable, Hashable {
    @usableFromInline package var special: Int
    @usableFromInline package var kink: Int
    @usableFromInline package var logUniform: Int
    @usableFromInline package var rawBits: Int
    @usableFromInline package var region: Int
    @usableFromInline package var regression: Int

    @usableFromInline package init(special: Int = 8, kink: Int = 40, logUniform: Int = 20, rawBits: Int = 8,
                region: Int = 20, regression: Int = 4) {
        self.special = special; self.kink = kink; self.logUniform = logUniform
        self.rawBits = rawBits; self.region = region; self.regression = regression
    }

    /// 8 special : 40 kink : 20 log-uniform : 8 raw bits : 20 region : 4 regression.
    @usableFromInline package static let `default` = Mixture()
}

/// The five coverage cells of one kink.
@usableFromInline package enum KinkCell: Int, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    case at, belowUlps, belowDyadic, aboveUlps, aboveDyadic

    /// The cell an input near a kink falls in.
    @usableFromInline package init(side: KinkSide, offset: KinkOffsetClass) {
        switch (side, offset) {
        case (.at, _), (_, .exact): self = .at
        case (.left, .ulps): self = .belowUlps
        case (.left, .dyadic): self = .belowDyadic
        case (.right, .ulps): self = .aboveUlps
        case (.right, .dyadic): self = .aboveDyadic
        }
    }

    @usableFromInline package var description: String {
        switch self {
        case .at: "at x0"
        case .belowUlps: "below, n ulp"
        case .belowDyadic: "below, m·2^-k"
        case .aboveUlps: "above, n ulp"
        case .aboveDyadic: "above, m·2^-k"
        }
    }
}
