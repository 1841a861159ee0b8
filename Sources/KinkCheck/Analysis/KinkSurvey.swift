import BigFloat

/// An activation's kinks as `check`, `grid` and `samples` all need them: the declared ones
/// (finite, at the working precision) and what ``KinkDiscovery`` finds over a scan interval
/// widened to reach 2 beyond every declared kink (and, when asked, on out to a further reach).
package struct KinkSurvey: Sendable {
    /// The declared kinks' locations, in declaration order.
    package var declared: [BigFloat]
    /// Everything discovery found, declared or not.
    package var found: [DiscoveredKink]
    /// The scan interval after widening.
    package var scan: (BigFloat, BigFloat)

    /// Discovery over `scan` widened to cover the declared kinks, and beyond it out to `reach`
    /// where that is wider (samples: the dump's x values).
    package init(_ activation: any Activation, scan: (BigFloat, BigFloat), reach: (BigFloat, BigFloat)? = nil, precision p: Int) {
        declared = activation.kinks.map { $0.location.value(precision: p) }.filter(\.isFinite)
        var lo = scan.0, hi = scan.1
        for d in declared {
            lo = BigFloat.minimum(lo, d - 2)
            hi = BigFloat.maximum(hi, d + 2)
        }
        self.scan = (lo, hi)
        var intervals = [(lo, hi)]
        if let (a, b) = reach {
            if a < lo { intervals.append((a, lo)) }
            if b > hi { intervals.append((hi, b)) }
        }
        found = intervals.flatMap { KinkDiscovery.discover(activation, in: $0.0, $0.1, precision: p) }
    }

    /// Whether a discovered kink's bracket holds a declared one.
    package func isDeclared(_ k: DiscoveredKink) -> Bool {
        declared.contains { k.bracket.0 <= $0 && $0 <= k.bracket.1 }
    }

    /// The discovered kinks no declaration accounts for.
    package var undeclared: [BigFloat] { found.filter { !isDeclared($0) }.map(\.x) }
}
