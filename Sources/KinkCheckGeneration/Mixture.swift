import BigFloat
import KinkCheck
import KinkCheckSupport

/// Relative weights of the random phase's sources. A source with nothing to draw from (no
/// kinks, no regions, no regression inputs) is left out and the others share its weight.
///
/// Edge cases: all weights zero (or nothing to draw from) falls back to log-uniform draws.
package struct Mixture: Sendable, Hashable {
    package var special: Int
    package var kink: Int
    package var logUniform: Int
    package var rawBits: Int
    package var region: Int
    package var regression: Int

    package init(special: Int = 8, kink: Int = 40, logUniform: Int = 20, rawBits: Int = 8,
                region: Int = 20, regression: Int = 4) {
        self.special = special; self.kink = kink; self.logUniform = logUniform
        self.rawBits = rawBits; self.region = region; self.regression = regression
    }

    /// 8 special : 40 kink : 20 log-uniform : 8 raw bits : 20 region : 4 regression.
    package static let `default` = Mixture()
}

/// The five coverage cells of one kink.
package enum KinkCell: Int, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    case at, belowUlps, belowDyadic, aboveUlps, aboveDyadic

    /// The cell an input near a kink falls in.
    package init(side: KinkSide, offset: KinkOffsetClass) {
        switch (side, offset) {
        case (.at, _), (_, .exact): self = .at
        case (.left, .ulps): self = .belowUlps
        case (.left, .dyadic): self = .belowDyadic
        case (.right, .ulps): self = .aboveUlps
        case (.right, .dyadic): self = .aboveDyadic
        }
    }

    package var description: String {
        switch self {
        case .at: "at x0"
        case .belowUlps: "below, n ulp"
        case .belowDyadic: "below, m·2^-k"
        case .aboveUlps: "above, n ulp"
        case .aboveDyadic: "above, m·2^-k"
        }
    }
}
