import BigFloat
import KinkCheck
import KinkCheckAnalysis
import KinkCheckGeneration
import KinkCheckSupport

/// One kink of an activation as `samples` uses it: where it is, what kind, its Clarke set and
/// the one-sided limits of f′ (from ``SubgradientAnalysis``).
package struct SampleKink: Sendable {
    package var location: BigFloat
    /// The location as a `Double` when it is exactly one (only then can a dump's x be at it).
    package var exact: Double?
    /// The nearest `Double` (for distances and plots).
    package var approximate: Double
    package var declared: Bool
    package var classification: PointClassification
    package var clarke: DerivativeSet?
    /// The limits of f′ from the left and the right, when f′ converges on that side.
    package var leftLimit: BigFloat?
    package var rightLimit: BigFloat?
}

/// The kinks of an activation over the x values of a dump: the declared ones and those
/// ``KinkDiscovery`` finds, each analysed once.
///
/// The discovery scan covers [−10, 10] (as `kinkcheck grid` does, so the grid's kinks are found
/// again) and, when the dump's finite x values reach further, [lo, −10] and [10, hi] with lo and
/// hi capped at ∓10⁴ — a wider single scan would be too coarse near 0. Declared kinks widen the
/// scan to 2 beyond themselves. Analyses run at ``precision`` bits.
package enum SampleKinks {
    package static let precision = 128
    /// The dump's x range is capped to this magnitude for the scan.
    package static let scanCap = 1e4

    package static func find(_ activation: any Activation, xRange: ClosedRange<Double>?) -> [SampleKink] {
        let p = precision
        let reach = xRange.map { r in
            (BigFloat(Swift.max(r.lowerBound, -scanCap), precision: 64), BigFloat(Swift.min(r.upperBound, scanCap), precision: 64))
        }
        let survey = KinkSurvey(activation, scan: (BigFloat(-10, precision: 64), BigFloat(10, precision: 64)), reach: reach, precision: p)
        let declared = survey.declared, undeclared = survey.undeclared
        var locations: [(BigFloat, Bool)] = declared.map { ($0, true) }
        for u in undeclared where !locations.contains(where: { $0.0 == u }) { locations.append((u, false)) }
        locations.sort { $0.0 < $1.0 }
        let all = locations.map(\.0)
        return locations.map { x, isDeclared in
            let others = all.filter { !($0 == x) }
            let s = SubgradientAnalysis.analyze(activation, at: x, precision: p, otherKinks: others)
            let d = Double(x)
            return SampleKink(location: x, exact: BigFloat(d, precision: 53) == x ? d : nil, approximate: d,
                              declared: isDeclared, classification: s.classification, clarke: s.clarke,
                              leftLimit: s.leftConverges ? s.leftLimits.lower : nil,
                              rightLimit: s.rightConverges ? s.rightLimits.lower : nil)
        }
    }
}
