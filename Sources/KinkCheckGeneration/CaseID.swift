import BigFloat
import KinkCheck
import KinkCheckSupport

/// The phases of a run, in the order they execute.
package enum Phase: String, Sendable, Hashable, CaseIterable {
    case regression, sweep, random
}

/// Names one case: `<format>/<phase>/<index>`, e.g. `binary64/random/17`. Regression and sweep
/// cases are the same in every run; random case i is drawn from
/// ``RunSeed/caseSeed(property:format:index:)``.
package struct CaseID: Sendable, Hashable, CustomStringConvertible, LosslessStringConvertible {
    package var format: NumberFormat
    package var phase: Phase
    package var index: Int

    package init(format: NumberFormat, phase: Phase, index: Int) {
        self.format = format; self.phase = phase; self.index = index
    }

    package init?(_ description: String) {
        let parts = description.trimmingBlanks.split(separator: "/").map(String.init)
        guard parts.count == 3, let f = NumberFormat(parts[0]), let p = Phase(rawValue: parts[1]),
              let i = Int(parts[2]), i >= 0 else { return nil }
        self.init(format: f, phase: p, index: i)
    }

    package var description: String { "\(format.name)/\(phase.rawValue)/\(index)" }
}
