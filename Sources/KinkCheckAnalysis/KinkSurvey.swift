import BigFloat
import KinkCheck
import KinkCheckSupport

/// An activation's kinks as `check`, `grid` and `samples` all need them: the declared ones
/// (exact points) and what ``KinkDiscovery`` finds over a scan interval widened to reach 2
/// beyond every declared kink (and, when asked, on out to a further reach).
package struct KinkSurvey: Sendable {
    /// One kink to analyse: declared, discovered, or both.
    package struct Kink: Sendable {
        /// Where its one-sided limits are taken: the declared or proven exact point, or the
        /// enclosure discovery located.
        package var location: LimitPoint
        /// The location rounded to the survey's precision (the enclosure's midpoint), for
        /// ordering, printing and step caps.
        package var x: BigFloat
        package var declared: Bool
        package var discovered: Bool
        /// One-sided limits discovery already certified there.
        package var known: [Side: CertifiedLimit]
    }

    /// The declared kinks' exact locations, in declaration order (finite ones).
    package var declaredPoints: [ExactPoint]
    /// The declared kinks' locations at the survey's precision.
    package var declared: [BigFloat]
    /// Everything discovery found, declared or not.
    package var found: [DiscoveredKink]
    /// The scan interval after widening.
    package var scan: (BigFloat, BigFloat)

    /// Discovery over `scan` widened to cover the declared kinks, and beyond it out to `reach`
    /// where that is wider (samples: the dump's x values).
    package init(_ activation: any Activation, scan: (BigFloat, BigFloat), reach: (BigFloat, BigFloat)? = nil, precision p: Int) {
        declaredPoints = activation.kinks.map { ExactPoint($0.location) }.filter { $0.isFinite && !$0.isNaN }
        declared = declaredPoints.map { $0.rounded(toPrecision: p) }
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

    /// Whether a discovered kink is a declared one: proven at a declared point, or holding one
    /// in its bracket.
    package func isDeclared(_ k: DiscoveredKink) -> Bool {
        k.matchesDeclared || declaredPoints.contains { d in (d.compare(to: k.bracket.0) ?? 0) >= 0 && (d.compare(to: k.bracket.1) ?? 0) <= 0 }
    }

    /// The discovered kinks no declaration accounts for.
    package var undeclared: [BigFloat] { found.filter { !isDeclared($0) }.map(\.x) }

    /// Every kink once, left to right: each declared one at its exact point (with discovery's
    /// certified limits when it proved them there), then each undeclared discovery.
    package var kinks: [Kink] {
        var out: [Kink] = zip(declaredPoints, declared).map { d, x in
            let match = found.first { k in
                (d.compare(to: k.bracket.0) ?? 0) >= 0 && (d.compare(to: k.bracket.1) ?? 0) <= 0
            }
            // Discovery's limits serve only when it proved them at this very point.
            let known = match.flatMap { k in k.location.map { $0.isSame(as: d) } == true ? k.sides : nil } ?? [:]
            return Kink(location: .exact(d), x: x, declared: true, discovered: match != nil, known: known)
        }
        for k in found where !isDeclared(k) {
            out.append(Kink(location: k.limitPoint, x: k.x, declared: false, discovered: true, known: k.sides))
        }
        return out.sorted { $0.x < $1.x }
    }

    /// The locations of every kink and the ends of every discovered bracket: what caps steps.
    package var allPoints: [BigFloat] {
        declared + found.flatMap { [$0.bracket.0, $0.bracket.1] }
    }
}
